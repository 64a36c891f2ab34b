//! The explore worker, seen from the page: started from its loader beside `index.html`
//! (a relative URL, so a sub-path deployment finds its own, and no `blob:` URL that a strict
//! Content-Security-Policy would refuse), spoken to in JSON text, answering in JSON bytes
//! (copied into wasm memory as they are, where a string would be re-encoded), and terminated
//! when the link is dropped, which frees every hit it held.

use joblens_core::explore::protocol::Timed;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The worker's loader (`explore-worker/joblens-explore_loader.js`, which `index.html` copies
/// beside trunk's build of the worker binary).
const LOADER: &str = "joblens-explore_loader.js";

pub struct Link {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Link {
    /// Starts the worker; `on_reply` gets each reply, `on_error` what went wrong in it.
    pub fn spawn(
        mut on_reply: impl FnMut(Timed) + 'static,
        on_error: impl Fn(String) + Clone + 'static,
    ) -> Result<Self, String> {
        let worker = Worker::new(LOADER).map_err(|e| describe(&e))?;
        let on_bad_reply = on_error.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let read = match ev.data().dyn_ref::<js_sys::Uint8Array>() {
                Some(bytes) => {
                    serde_json::from_slice::<Timed>(&bytes.to_vec()).map_err(|e| e.to_string())
                }
                None => Err("not JSON bytes".to_owned()),
            };
            match read {
                Ok(reply) => on_reply(reply),
                Err(e) => on_bad_reply(format!("the explorer sent a reply it could not read: {e}")),
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
            ev.prevent_default();
            let message = ev.message();
            on_error(if message.is_empty() {
                "the explorer could not be started".to_owned()
            } else {
                format!("the explorer failed: {message}")
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// A message as JSON text (see `joblens_core::explore::protocol`).
    pub fn post(&self, text: &str) {
        let _ = self.worker.post_message(&JsValue::from_str(text));
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused to start it".to_owned())
}
