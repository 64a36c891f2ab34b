//! A button that copies a text and says, beside it, whether the copy worked.

use crate::hooks::clipboard;
use leptos::prelude::*;

/// Copies `text` when pressed; a polite status beside it says "Copied" or why not.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    /// The button's text.
    label: &'static str,
) -> impl IntoView {
    let copy = Action::new_local(|text: &String| {
        let text = text.clone();
        async move { clipboard::copy(&text).await }
    });
    let outcome = copy.value();
    let press = move |_| {
        copy.dispatch_local(text.get_untracked());
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
