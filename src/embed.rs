//! Embedding in an admin portal: the handshake with the parent window.
//!
//! 1. The app, framed, posts `{"type":"joblens:ready"}` to each allowed parent origin.
//! 2. The portal answers `{"type":"joblens:token","token":"…"}`; it is accepted only from
//!    `window.parent` and only from an origin listed in `allowed_parent_origins`.
//! 3. On a 401 the app drops the token and posts `{"type":"joblens:token-refused"}`; the portal
//!    sends a fresh one.
//!
//! The app also posts `{"type":"joblens:height","height":N}` whenever its height changes, and
//! takes `{"type":"joblens:theme","theme":"light|dark|auto","tokens":{"--accent":"#…"}}`.

use crate::session::Session;
use joblens_core::{
    config::{AppConfig, Theme},
    portal::{self, PortalMessage},
    Credential,
};
use leptos::prelude::Callback;
use serde_json::{json, Value};
use std::cell::RefCell;
use wasm_bindgen::{closure::Closure, JsCast};

thread_local! {
    /// The configuration's say on which parent origins are trusted.
    static CONFIG: RefCell<AppConfig> = RefCell::new(AppConfig::default());
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Whether the app runs inside a frame.
pub fn framed() -> bool {
    window()
        .and_then(|w| {
            w.parent()
                .ok()
                .flatten()
                .map(|p| !js_sys::Object::is(&p, &w))
        })
        .unwrap_or(false)
}

/// Whether the app hides its own chrome: `?embed=1` or the configuration says so.
pub fn wants_embed(config: &AppConfig) -> bool {
    config.embed
        || window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|q| q.trim_start_matches('?').split('&').any(|p| p == "embed=1"))
}

/// Posts `message` to the parent, once per allowed origin (the browser drops it unless the
/// parent really has that origin, so nothing reaches anyone else).
fn post(message: &Value) {
    let Some(parent) = window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let Ok(data) = js_sys::JSON::parse(&message.to_string()) else {
        return;
    };
    CONFIG.with(|c| {
        for origin in &c.borrow().allowed_parent_origins {
            let _ = parent.post_message(&data, origin);
        }
    });
}

/// Asks the portal for a (new) token.
fn ask_for_token() {
    post(&json!({ "type": "joblens:token-refused" }));
}

/// Sets the theme: `auto` follows the OS.
pub fn apply_theme(theme: Theme) {
    let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::Auto => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.as_str()),
    };
}

/// Design tokens from the portal (custom properties, `--name`), set as style values.
fn apply_tokens(tokens: &[(String, String)]) {
    let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    for (name, value) in tokens {
        let _ = root.style().set_property(name, value);
    }
}

/// Starts the handshake when framed: listens for the portal's messages for the app's lifetime,
/// reports the app's height, and says it is ready.
pub fn start(config: &AppConfig, session: Session) {
    if !framed() {
        return;
    }
    CONFIG.with(|c| *c.borrow_mut() = config.clone());
    session.when_refused(Callback::new(|()| ask_for_token()));
    let Some(w) = window() else { return };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let from_parent = match (
                ev.source(),
                window().and_then(|w| w.parent().ok().flatten()),
            ) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
                _ => false,
            };
            let allowed = CONFIG.with(|c| c.borrow().allows_parent(&ev.origin()));
            if !(from_parent && allowed) {
                return;
            }
            let Some(data) = js_sys::JSON::stringify(&ev.data())
                .ok()
                .and_then(|s| s.as_string())
                .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            else {
                return;
            };
            match portal::read(&data) {
                Some(PortalMessage::Token(token)) => {
                    session.sign_in(Credential::Bearer(token), false)
                }
                Some(PortalMessage::Theme { theme, tokens }) => {
                    if let Some(theme) = theme {
                        apply_theme(theme);
                    }
                    apply_tokens(&tokens);
                }
                None => {}
            }
        });
    let _ = w.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    // The app's lifetime: the listener stays.
    on_message.forget();

    let on_resize = Closure::<dyn Fn()>::new(|| {
        let height = window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .map_or(0, |e| e.scroll_height());
        post(&json!({ "type": "joblens:height", "height": height }));
    });
    if let (Ok(observer), Some(root)) = (
        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()),
        w.document().and_then(|d| d.body()),
    ) {
        observer.observe(&root);
        std::mem::forget(observer);
    }
    on_resize.forget();
    post(&json!({ "type": "joblens:ready" }));
}
