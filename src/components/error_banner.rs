//! Error messages as a person reads them, with what the server sent when it was not understood.

use crate::components::copy_button::CopyButton;
use joblens_core::{error::Sent, value::visible, ApiError};
use leptos::prelude::*;

/// Says what went wrong and what to do, without hiding the data already on screen.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let class = format!("banner banner--error banner--{}", e.kind());
            view! { <ErrorText error=e class=class /> }
        })
    }
}

/// One error: its message (the server's words made safe to read) and, for an answer that
/// was not understood, the report of what was sent.
#[component]
pub fn ErrorText(
    error: ApiError,
    /// The element's classes.
    #[prop(into)]
    class: String,
    /// Text before the message (`Export stopped at page 3:`).
    #[prop(optional, into)]
    lead: Option<String>,
) -> impl IntoView {
    let message = match lead {
        Some(lead) => format!("{lead} {error}"),
        None => error.to_string(),
    };
    let sent = error.sent().cloned();
    view! {
        <div class=class role="alert">
            <span>{visible(&message).into_owned()}</span>
            {sent.map(|s| view! { <SentReport sent=s /> })}
        </div>
    }
}

/// What the server sent, folded away, copyable for a report.
#[component]
pub fn SentReport(sent: Sent) -> impl IntoView {
    let report = sent.report();
    view! {
        <details class="sent">
            <summary>"What the server sent"</summary>
            <p class="muted">
                "The request (never the token) and the start of the answer, for a report to whoever runs the server or to Joblens' developers."
            </p>
            <pre class="sent__text">{visible(&report).into_owned()}</pre>
            <CopyButton text=report label="Copy the report" />
        </details>
    }
}
