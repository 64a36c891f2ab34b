//! The export panel: which hits (this page or all), which format, what it costs in requests,
//! then progress with Cancel, and why it stopped if it did.

use super::place::Place;
use crate::{
    api::Client,
    components::{
        error_banner::ErrorText,
        toasts::{ToastKind, Toaster},
    },
    export,
    session::Session,
};
use joblens_core::{
    budget::DEFAULT_LIMIT_PER_MINUTE,
    export::{Export, ExportError, Format},
    format, texts,
};
use leptos::{prelude::*, task::spawn_local};
use send_wrapper::SendWrapper;

/// The panel's choices and the export under way: the page keeps them, so closing and opening
/// the panel (or an export that runs on while it is closed) loses nothing.
#[derive(Clone, Copy)]
pub struct ExportState {
    all: RwSignal<bool>,
    format: RwSignal<Format>,
    done: RwSignal<u64>,
    total: RwSignal<Option<u64>>,
    error: RwSignal<Option<ExportError>>,
    cancel: StoredValue<Option<SendWrapper<web_sys::AbortController>>>,
}

impl ExportState {
    pub fn new() -> Self {
        Self {
            all: RwSignal::new(false),
            format: RwSignal::new(Format::Csv),
            done: RwSignal::new(0),
            total: RwSignal::new(None),
            error: RwSignal::new(None),
            cancel: StoredValue::new(None),
        }
    }
}

#[component]
pub fn ExportPanel(
    state: ExportState,
    place: Place,
    /// The job's last page, as far as it is known.
    #[prop(into)]
    last_page: Signal<u64>,
    /// The columns shown: a CSV has these.
    columns: Memo<Vec<String>>,
    /// Closes the panel (after a saved export).
    open: RwSignal<bool>,
) -> impl IntoView {
    let client = expect_context::<Client>();
    let session = expect_context::<Session>();
    let toaster = expect_context::<Toaster>();
    let ExportState {
        all,
        format,
        done,
        total,
        error,
        cancel,
    } = state;
    let start = move |_| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let page = place.page.get_untracked();
        let (first, last) = if all.get_untracked() {
            (1, last_page.get_untracked())
        } else {
            (page, page)
        };
        let plan = Export {
            id: place.id.get_untracked(),
            first,
            last,
            format: format.get_untracked(),
            columns: columns.get_untracked(),
            response_type: place.names.get_untracked(),
        };
        let Ok(controller) = web_sys::AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        cancel.set_value(Some(SendWrapper::new(controller)));
        done.set(0);
        total.set(Some(plan.pages()));
        error.set(None);
        let client = client.clone();
        spawn_local(async move {
            let result = export::run(&plan, &client, &token, &signal, done).await;
            if total.is_disposed() {
                return;
            }
            total.set(None);
            match result {
                Ok(name) => {
                    toaster.push(ToastKind::Success, format!("Saved {name}"), None);
                    open.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let stop = move |_| {
        cancel.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        })
    };
    let estimate = move || {
        let pages = if all.get() { last_page.get() } else { 1 };
        texts::export_estimate(pages, DEFAULT_LIMIT_PER_MINUTE)
    };
    view! {
        <div class="card export" role="region" aria-label="Export">
            <fieldset>
                <legend>"Which hits"</legend>
                <label class="check">
                    <input type="radio" name="export-scope" prop:checked=move || !all.get() on:change=move |_| all.set(false) />
                    {move || format!("This page ({})", place.page.get())}
                </label>
                <label class="check">
                    <input type="radio" name="export-scope" prop:checked=move || all.get() on:change=move |_| all.set(true) />
                    {move || format!("All {}", format::count_of(last_page.get(), "page", "pages"))}
                </label>
            </fieldset>
            <fieldset>
                <legend>"Format"</legend>
                <label class="check">
                    <input type="radio" name="export-format" prop:checked=move || format.get() == Format::Csv on:change=move |_| format.set(Format::Csv) />
                    "CSV (the columns shown)"
                </label>
                <label class="check">
                    <input type="radio" name="export-format" prop:checked=move || format.get() == Format::Ndjson on:change=move |_| format.set(Format::Ndjson) />
                    "NDJSON (every field)"
                </label>
            </fieldset>
            <p class="muted">{estimate}</p>
            {move || match total.get() {
                None => view! {
                    <button class="button button--primary" on:click=start.clone()>"Start export"</button>
                }.into_any(),
                Some(total) => view! {
                    <div class="export__progress" role="status">
                        <progress max=total value=move || done.get() aria-label="Export progress"></progress>
                        <span>{move || format!("{} of {}", done.get(), format::count_of(total, "page", "pages"))}</span>
                        <button class="button" on:click=stop>"Cancel export"</button>
                    </div>
                }.into_any(),
            }}
            {move || error.get().map(|e| match e {
                ExportError::Failed { page, error } => view! {
                    <ErrorText error=error class="field-error" lead=ExportError::stopped_at(page) />
                }.into_any(),
                other => view! { <p class="field-error" role="alert">{other.to_string()}</p> }.into_any(),
            })}
        </div>
    }
}
