//! The explore worker: a second wasm binary, loaded only when a user explores a job, that
//! keeps the job's hits (`joblens_core::explore`) and answers questions about them off the
//! page's thread. It takes each message as JSON text, hands it to
//! [`joblens_core::explore::worker::Explorer`] and posts the reply back with the milliseconds
//! it took; it never sees the token or the network.

#[cfg(target_arch = "wasm32")]
fn main() {
    use joblens_core::explore::{protocol::FromWorker, worker::Explorer};
    use std::cell::RefCell;
    use wasm_bindgen::{prelude::*, JsCast};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn now() -> f64 {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        scope.performance().map_or(0.0, |p| p.now())
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let poster = scope.clone();
    let post = move |reply: &FromWorker, started: f64| {
        let reply = serde_json::to_string(reply).unwrap_or_else(|e| {
            format!(r#"{{"kind":"unreadable","why":"the reply could not be written: {e}"}}"#)
        });
        let took = now() - started;
        let memory = core::arch::wasm32::memory_size(0) as u64 * 65_536;
        let text = format!(r#"{{"took_ms":{took},"memory_bytes":{memory},"reply":{reply}}}"#);
        let _ = poster.post_message(&JsValue::from_str(&text));
    };
    let explorer = RefCell::new(Explorer::new(now));
    let post_reply = post.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let started = now();
        let reply = match ev.data().as_string() {
            Some(text) => explorer.borrow_mut().handle_text(&text),
            None => FromWorker::Unreadable {
                why: "a message that is not text".into(),
            },
        };
        post_reply(&reply, started);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker: the app terminates the worker to free it all.
    on_message.forget();
    post(&FromWorker::Ready, now());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("joblens-explore runs in a browser's Web Worker: trunk builds it with the app.");
}
