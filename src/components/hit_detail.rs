//! One hit, whole, in a dialog.

use crate::components::{confirm::modal_while, hits_grid::TimeZone, toasts::Toaster};
use joblens_core::{
    columns::is_time_column,
    format::date_time,
    value::{self, visible},
    Hit,
};
use leptos::{html::Dialog, prelude::*};
use serde_json::Value;

/// Longer values are shown cut, with their length; Copy always takes the whole value.
const SHOWN_CHARS: usize = 20_000;

/// `text` as shown: whole, or cut with a note saying how long it is; anything that could
/// deceive the reader made visible.
fn shown(text: &str) -> (String, Option<String>) {
    let n = text.chars().count();
    if n <= SHOWN_CHARS {
        return (visible(text).into_owned(), None);
    }
    let cut: String = text.chars().take(SHOWN_CHARS).collect();
    (
        visible(&cut).into_owned(),
        Some(format!(
            "… {} characters in all: Copy takes the whole value.",
            joblens_core::format::count(n as u64)
        )),
    )
}

/// The readable date-time of a time field's epoch milliseconds, shown beside the raw value.
fn readable_time(key: &str, v: &Value, tz: TimeZone) -> Option<String> {
    if !is_time_column(key) {
        return None;
    }
    let ms = value::int(v)?;
    Some(format!("{} ({})", date_time(ms, tz.offset()), tz.label()))
}

/// One hit, whole: every field as a table and the hit as JSON, with copy buttons. A time
/// field shows its date-time beside the epoch milliseconds the server sent.
#[component]
pub fn HitDetail(
    hit: RwSignal<Option<Hit>>,
    #[prop(into)] tz: Signal<TimeZone>,
    /// (field, value, negate): when given, each field offers to filter by its value.
    #[prop(optional)]
    on_filter: Option<Callback<(String, String, bool)>>,
) -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    let dialog = NodeRef::<Dialog>::new();
    modal_while(dialog, move || hit.with(Option::is_some));
    let json = move || {
        hit.with(|h| {
            h.as_ref()
                .map(|h| serde_json::to_string_pretty(h).unwrap_or_default())
        })
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog dialog--wide"
            aria-labelledby="hit-title"
            on:close=move |_| hit.set(None)
        >
            <div class="dialog__head">
                <h2 id="hit-title">"Hit"</h2>
                <button class="button" on:click=move |_| {
                    if let Some(text) = json() {
                        toaster.copy(text, "the hit as JSON".into());
                    }
                }>"Copy JSON"</button>
                <button class="button" on:click=move |_| hit.set(None)>"Close"</button>
            </div>
            <div class="detail">
                <table class="detail__fields">
                    <caption class="visually-hidden">"Every field of the hit"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Field"</th>
                            <th scope="col">"Value"</th>
                            <th scope="col"><span class="visually-hidden">"Copy"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            hit.get()
                                .map(|h| {
                                    h.into_iter()
                                        .map(|(k, v)| {
                                            let when = readable_time(&k, &v, tz.get());
                                            let text = value::text(&v).into_owned();
                                            let (shown_text, note) = shown(&text);
                                            let value = text;
                                            let name = visible(&k).into_owned();
                                            let label = format!("Copy the value of {name}");
                                            let field = name.clone();
                                            let filters = on_filter.map(|f| {
                                                let (keep, drop) = (
                                                    format!("Only hits where {name} is this value"),
                                                    format!("Leave out hits where {name} is this value"),
                                                );
                                                let (k1, v1, k2, v2) = (k.clone(), value.clone(), k.clone(), value.clone());
                                                view! {
                                                    <button class="button button--small" aria-label=keep on:click=move |_| f.run((k1.clone(), v1.clone(), false))>"="</button>
                                                    <button class="button button--small" aria-label=drop on:click=move |_| f.run((k2.clone(), v2.clone(), true))>"≠"</button>
                                                }
                                            });
                                            view! {
                                                <tr>
                                                    <th scope="row" class="mono">{name}</th>
                                                    <td class="detail__value">
                                                        {shown_text}
                                                        {when.map(|w| view! { <span class="muted detail__time">{w}</span> })}
                                                        {note.map(|n| view! { <span class="muted detail__cut">{n}</span> })}
                                                    </td>
                                                    <td>
                                                        <button class="button button--small" aria-label=label on:click=move |_| {
                                                            toaster.copy(value.clone(), field.clone());
                                                        }>"Copy"</button>
                                                        {filters}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
                <h3>"JSON"</h3>
                <pre class="detail__json">
                    {move || {
                        json()
                            .map(|j| {
                                let (text, note) = shown(&j);
                                view! {
                                    {text}
                                    {note.map(|n| view! { <span class="muted detail__cut">{n}</span> })}
                                }
                            })
                    }}
                </pre>
            </div>
        </dialog>
    }
}
