//! Modal dialogs: a confirmation, and keeping a `<dialog>` open while a condition holds.

use joblens_core::value::visible;
use leptos::{html::Dialog, prelude::*};

/// Keeps `dialog` open as a modal (focus trapped, Escape cancels) while `open()` holds.
pub fn modal_while(dialog: NodeRef<Dialog>, open: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        match open() {
            true if !d.open() => {
                let _ = d.show_modal();
            }
            false if d.open() => d.close(),
            _ => {}
        }
    });
}

/// What a confirmation asks.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub title: String,
    pub body: String,
    pub confirm: String,
}

/// A modal confirmation (`<dialog>`: focus stays inside, Escape cancels). `question` opens it;
/// the answer goes to `on_answer` and closes it.
#[component]
pub fn ConfirmDialog(
    question: RwSignal<Option<Question>>,
    #[prop(into)] on_answer: Callback<bool>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    modal_while(dialog, move || question.with(Option::is_some));
    let answer = move |yes: bool| {
        question.set(None);
        on_answer.run(yes);
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="confirm-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                answer(false);
            }
        >
            {move || {
                question
                    .get()
                    .map(|q| {
                        view! {
                            <h2 id="confirm-title">{visible(&q.title).into_owned()}</h2>
                            <p>{visible(&q.body).into_owned()}</p>
                            <div class="dialog__actions">
                                <button class="button" on:click=move |_| answer(false)>
                                    "Cancel"
                                </button>
                                <button class="button button--danger" on:click=move |_| answer(true)>
                                    {q.confirm}
                                </button>
                            </div>
                        }
                    })
            }}
        </dialog>
    }
}
