//! A dialog showing what the server sent for one entry that Joblens could not read whole.

use crate::components::{confirm::modal_while, copy_button::CopyButton};
use joblens_core::{models::OddJob, value::visible};
use leptos::{html::Dialog, prelude::*};
use std::sync::Arc;

/// The entry shown: which job (its request id, if it had one) and what was odd about it.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEntry {
    pub request_id: String,
    pub odd: Arc<OddJob>,
}

/// Shows the entry while `entry` holds one: what was not understood, and the JSON as sent
/// (copyable, so it can go into a report).
#[component]
pub fn RawDialog(entry: RwSignal<Option<RawEntry>>) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    modal_while(dialog, move || entry.with(Option::is_some));
    let pretty = move || {
        entry.with(|e| {
            e.as_ref().map(|e| {
                serde_json::from_str::<serde_json::Value>(&e.odd.raw)
                    .and_then(|v| serde_json::to_string_pretty(&v))
                    .unwrap_or_else(|_| e.odd.raw.clone())
            })
        })
    };
    view! {
        <dialog node_ref=dialog class="dialog dialog--wide" aria-labelledby="raw-title" on:close=move |_| entry.set(None)>
            {move || {
                entry
                    .get()
                    .map(|e| {
                        let title = match (e.odd.unreadable, e.request_id.is_empty()) {
                            (true, true) => format!("Entry {} of the job list was not understood", e.odd.position + 1),
                            (true, false) => format!("Job {} was not understood", visible(&e.request_id)),
                            (false, _) => format!("Parts of job {} were not understood", visible(&e.request_id)),
                        };
                        let text = pretty().unwrap_or_default();
                        view! {
                            <div class="dialog__head">
                                <h2 id="raw-title">{title}</h2>
                                <button class="button" on:click=move |_| entry.set(None)>"Close"</button>
                            </div>
                            <ul class="raw__problems">
                                {e.odd.problems.iter().map(|p| view! { <li>{visible(p).into_owned()}</li> }).collect_view()}
                            </ul>
                            <h3>"What the server sent"</h3>
                            <pre class="detail__json">{visible(&text).into_owned()}</pre>
                            <CopyButton text=text label="Copy the JSON" />
                        }
                    })
            }}
        </dialog>
    }
}
