//! Event listeners that are removed when the view that added them goes, typed by the event
//! they expect.

use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast};

/// Calls `f` with each `event` of `target` that is an `E` (`web_sys::KeyboardEvent`, …) until
/// the view that asked goes.
pub fn listen<E: JsCast + 'static>(
    target: impl Into<web_sys::EventTarget>,
    event: &'static str,
    f: impl Fn(E) + 'static,
) {
    let target = target.into();
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Ok(ev) = ev.dyn_into::<E>() {
            f(ev);
        }
    });
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    let held = SendWrapper::new((target, closure));
    leptos::prelude::on_cleanup(move || {
        let (target, closure) = held.take();
        let _ = target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    });
}

/// [`listen`] on the window.
pub fn on_window<E: JsCast + 'static>(event: &'static str, f: impl Fn(E) + 'static) {
    if let Some(w) = web_sys::window() {
        listen(w, event, f);
    }
}

/// Whether a key event is meant for a text field or a menu, not for the page's shortcuts.
pub fn typing_into(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}
