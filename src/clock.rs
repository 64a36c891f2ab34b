//! The browser's clock: the time now, and waiting without blocking the page.

use futures::{future::Either, pin_mut};
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Runs `f` in a task of its own after the next frame is drawn: what was changed before it is
/// laid out and painted first, and the work is split between two tasks.
pub fn after_next_frame(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(f, std::time::Duration::ZERO);
    });
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep_ms(ms: u64) {
    gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
}

/// Waits `ms` milliseconds, or less if `cancel` aborts first; says whether it waited it all.
pub async fn sleep_unless_aborted(ms: u64, cancel: &AbortSignal) -> bool {
    if cancel.aborted() {
        return false;
    }
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    let tx = std::cell::Cell::new(Some(tx));
    let on_abort = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = tx.take() {
            let _ = tx.send(());
        }
    });
    let _ = cancel.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    let timer = sleep_ms(ms);
    pin_mut!(timer);
    let slept = matches!(futures::future::select(timer, rx).await, Either::Left(_));
    let _ = cancel.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    slept
}
