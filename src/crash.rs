//! When the wasm panics (release builds abort), the page must not freeze silently: the panic is
//! reported to the console once and the page is replaced by a clear "reload" screen, built with
//! DOM calls and fixed text only.

use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::{closure::Closure, JsCast};

static CRASHED: AtomicBool = AtomicBool::new(false);

/// A URL fragment that makes the app panic at start, so the crash screen can be tested.
const TEST_FRAGMENT: &str = "#joblens-crash-test";

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        if CRASHED.swap(true, Ordering::SeqCst) {
            return;
        }
        console_error_panic_hook::hook(info);
        show_crash_screen();
    }));
    let hash = web_sys::window().and_then(|w| w.location().hash().ok());
    if hash.as_deref() == Some(TEST_FRAGMENT) {
        panic!("a deliberate panic ({TEST_FRAGMENT}) to test the crash screen");
    }
}

/// Replaces the page with the crash screen.
pub fn show_crash_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    body.set_text_content(None);
    let make = |tag: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(section) = document.create_element("section").ok() else {
        return;
    };
    section.set_class_name("card crash");
    let _ = section.set_attribute("role", "alert");
    for (tag, text) in [
        ("h1", "Something went wrong"),
        (
            "p",
            "Joblens hit an error it cannot recover from. Reload the page to start again. \
             The details are in the browser's console.",
        ),
    ] {
        if let Some(el) = make(tag, text) {
            let _ = section.append_child(&el);
        }
    }
    if let Some(button) = make("button", "Reload") {
        button.set_class_name("button button--primary");
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        // The page is over: the listener lives as long as it does.
        reload.forget();
        let _ = section.append_child(&button);
    }
    let _ = body.append_child(&section);
}
