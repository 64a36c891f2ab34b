//! Short notices that go by themselves.

use joblens_core::value::visible;
use leptos::prelude::*;
use leptos_router::components::A;
use std::time::Duration;

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Success,
    Error,
}

impl ToastKind {
    fn css(self) -> &'static str {
        match self {
            Self::Info => "toast toast--info",
            Self::Success => "toast toast--success",
            Self::Error => "toast toast--error",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
    /// A link shown after the text: (label, href).
    link: Option<(String, String)>,
}

/// The app's toasts, provided as context: short notices that go by themselves.
#[derive(Clone, Copy)]
pub struct Toaster {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

const SHOWN_FOR: Duration = Duration::from_secs(10);

impl Toaster {
    pub fn new() -> Self {
        Self {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    /// Shows `text` (with anything in it that could deceive the reader made visible).
    pub fn push(&self, kind: ToastKind, text: impl Into<String>, link: Option<(String, String)>) {
        let text = text.into();
        let text = visible(&text).into_owned();
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast {
                id,
                kind,
                text,
                link,
            });
            // A wall screen left alone must not pile them up.
            let excess = l.len().saturating_sub(5);
            l.drain(..excess);
        });
        let list = self.list;
        set_timeout(
            move || {
                list.try_update(|l| l.retain(|t| t.id != id));
            },
            SHOWN_FOR,
        );
    }

    /// Copies `text` to the clipboard and says whether it worked (`what` names it: "the hit
    /// as JSON").
    pub fn copy(&self, text: String, what: String) {
        let toaster = *self;
        leptos::task::spawn_local(async move {
            match crate::hooks::clipboard::copy(&text).await {
                Ok(()) => toaster.push(ToastKind::Info, format!("Copied {what}"), None),
                Err(why) => toaster.push(
                    ToastKind::Error,
                    format!("Could not copy {what} ({why}): select it and copy it instead."),
                    None,
                ),
            }
        });
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

impl Default for Toaster {
    fn default() -> Self {
        Self::new()
    }
}

/// Where toasts appear: a polite live region, so screen readers announce them.
#[component]
pub fn Toasts() -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toaster.list.get() key=|t| t.id let:toast>
                <div class=toast.kind.css()>
                    <span class="toast__text">{toast.text.clone()}</span>
                    {toast
                        .link
                        .clone()
                        .map(|(label, href)| view! { <A href=crate::routes::href(&href) attr:class="toast__link">{label}</A> })}
                    <button
                        class="toast__close"
                        aria-label="Dismiss notice"
                        on:click=move |_| toaster.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
