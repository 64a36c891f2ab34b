//! Whether the tab is hidden, as a signal that follows `visibilitychange`.

use super::events::listen;
use leptos::prelude::*;

/// Whether the document is hidden now.
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Keeps `hidden` true while the tab is hidden; `on_shown` runs each time it is shown again,
/// after `hidden` is false.
pub fn follow_visibility(hidden: RwSignal<bool>, on_shown: impl Fn() + 'static) {
    hidden.set(document_hidden());
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        listen(doc, "visibilitychange", move |_: web_sys::Event| {
            let now_hidden = document_hidden();
            hidden.set(now_hidden);
            if !now_hidden {
                on_shown();
            }
        });
    }
}
