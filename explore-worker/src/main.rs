//! The explore worker: a second wasm binary, loaded only when a user explores a job, that
//! keeps the job's hits (`joblens_core::explore`) and answers questions about them off the
//! page's thread. It takes each message as JSON text, hands it to
//! [`joblens_core::explore::worker::Explorer`] and posts the reply back as JSON bytes with the
//! milliseconds it took; it never sees the token or the network.

#[cfg(target_arch = "wasm32")]
fn main() {
    use joblens_core::explore::{
        protocol::FromWorker,
        worker::{write_timed, Explorer},
    };
    use std::cell::RefCell;
    use wasm_bindgen::{prelude::*, JsCast};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn now() -> f64 {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        scope.performance().map_or(0.0, |p| p.now())
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Every reply is written into one buffer, kept between replies unless an export made it
    // large.
    fn post<R: serde::Serialize>(
        to: &DedicatedWorkerGlobalScope,
        out: &mut Vec<u8>,
        reply: &FromWorker<R>,
        started: f64,
    ) {
        write_timed(out, reply, || {
            let memory = core::arch::wasm32::memory_size(0) as u64 * 65_536;
            (now() - started, memory)
        });
        // As UTF-8 bytes in a buffer handed over, not copied: no decoding into a JS string
        // here, and none back on the page's thread.
        let bytes = js_sys::Uint8Array::new_with_length(out.len() as u32);
        bytes.copy_from(out);
        let _ = to.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()));
        if out.capacity() > 4 << 20 {
            *out = Vec::new();
        }
    }
    let explorer = RefCell::new(Explorer::new(now));
    let poster = scope.clone();
    let mut out = Vec::new();
    post::<Vec<joblens_core::Hit>>(&scope, &mut out, &FromWorker::Ready, now());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let started = now();
        let text = ev.data().as_string();
        let mut explorer = explorer.borrow_mut();
        let reply = match &text {
            Some(text) => explorer.handle_text(text),
            None => FromWorker::Unreadable {
                why: "a message that is not text".into(),
            },
        };
        post(&poster, &mut out, &reply, started);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker: the app terminates the worker to free it all.
    on_message.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("joblens-explore runs in a browser's Web Worker: trunk builds it with the app.");
}
