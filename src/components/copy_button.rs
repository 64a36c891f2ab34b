//! A button that copies a text and says, beside it, whether the copy worked.

use crate::hooks::clipboard;
use leptos::{prelude::*, task::spawn_local};

/// Copies `text` when pressed; a polite status beside it says "Copied" or why not.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    /// The button's text.
    label: &'static str,
) -> impl IntoView {
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let press = move |_| {
        let text = text.get_untracked();
        spawn_local(async move {
            let result = clipboard::copy(&text).await;
            outcome.try_set(Some(result));
        });
    };
    view! {
        <button type="button" class="button button--small" on:click=press>{label}</button>
        <span class="muted copy-status" role="status">
            {move || outcome.get().map(|r| match r {
                Ok(()) => "Copied".to_owned(),
                Err(why) => format!("Not copied ({why}): select the text and copy it"),
            })}
        </span>
    }
}
