use crate::components::{
    confirm::modal_while,
    toasts::{ToastKind, Toaster},
};
use joblens_core::Hit;
use leptos::{html::Dialog, prelude::*};
use serde_json::Value;

fn copy(text: &str) -> bool {
    web_sys::window()
        .map(|w| {
            let _ = w.navigator().clipboard().write_text(text);
        })
        .is_some()
}

/// Longer values are shown cut, with their length; Copy always takes the whole value.
const SHOWN_CHARS: usize = 20_000;

/// `text` as shown: whole, or cut with a note saying how long it is.
fn shown(text: &str) -> (String, Option<String>) {
    let n = text.chars().count();
    if n <= SHOWN_CHARS {
        return (text.to_owned(), None);
    }
    (
        text.chars().take(SHOWN_CHARS).collect(),
        Some(format!(
            "… {} characters in all: Copy takes the whole value.",
            joblens_core::format::count(n as u64)
        )),
    )
}

/// One hit, whole: every field as a table and the hit as JSON, with copy buttons.
#[component]
pub fn HitDetail(hit: RwSignal<Option<Hit>>) -> impl IntoView {
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
                        if copy(&text) {
                            toaster.push(ToastKind::Info, "Copied the hit as JSON", None);
                        }
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
                                            let text = match &v {
                                                Value::String(s) => s.clone(),
                                                other => other.to_string(),
                                            };
                                            let (visible, note) = shown(&text);
                                            let value = text;
                                            let label = format!("Copy the value of {k}");
                                            let field = k.clone();
                                            view! {
                                                <tr>
                                                    <th scope="row" class="mono">{k}</th>
                                                    <td class="detail__value">
                                                        {visible}
                                                        {note.map(|n| view! { <span class="muted detail__cut">{n}</span> })}
                                                    </td>
                                                    <td>
                                                        <button class="button button--small" aria-label=label on:click=move |_| {
                                                            if copy(&value) {
                                                                toaster.push(ToastKind::Info, format!("Copied {field}"), None);
                                                            }
                                                        }>"Copy"</button>
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
                                let (visible, note) = shown(&j);
                                view! {
                                    {visible}
                                    {note.map(|n| view! { <span class="muted detail__cut">{n}</span> })}
                                }
                            })
                    }}
                </pre>
            </div>
        </dialog>
    }
}
