//! `/`: the job table page. `state` holds what the page knows, `poll` keeps the list live,
//! `delete` asks and deletes, `lookup` asks the server for an id the list lacks, `toolbar`
//! holds the filter and refresh controls; this module puts them together.

mod delete;
mod lookup;
mod poll;
mod state;
mod toolbar;

use crate::{
    api::Client,
    components::{
        confirm::ConfirmDialog,
        error_banner::ErrorBanner,
        job_table::{JobTable, TableActions},
        raw_dialog::RawDialog,
        toasts::Toaster,
    },
    routes,
    session::Session,
    ViewScope,
};
use delete::{BulkProgress, Deletes};
use joblens_core::{
    config::AppConfig,
    jobs::{Refresh, SortKey, TableQuery},
    texts, ApiError,
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};
use lookup::LookupCard;
pub use poll::FirstList;
use state::JobsState;
use std::collections::HashSet;
use toolbar::JobsToolbar;

/// `/`: every job the server knows, kept live.
#[component]
pub fn JobsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<Client>();
    let toaster = expect_context::<Toaster>();
    let scope = ViewScope::new();
    let now = scope.clock();
    let interval =
        use_context::<AppConfig>().map_or(Refresh::default().interval_ms, |c| c.poll_interval_ms);
    let state = JobsState::new(interval);
    let tz_offset = crate::tz_offset_minutes();

    // The URL holds the filter and the sort.
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| TableQuery::from_params(|k| p.get(k))));
    let navigate = use_navigate();
    let set_query = Callback::new(move |q: TableQuery| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&routes::jobs(&q), options);
    });

    let refresh_now = poll::keep_polling(state, &client, session, toaster, scope.signal());
    let shown = state.shown(query);
    let shown_ids =
        move || shown.with(|rows| rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>());
    let deletes = StoredValue::new(Deletes {
        state,
        client,
        session,
        toaster,
    });
    let ask_delete = move |ids: Vec<String>| deletes.with_value(|d| d.ask(ids));
    let on_answer = Callback::new(move |yes: bool| deletes.with_value(|d| d.answer(yes)));
    let actions = TableActions {
        sort: Callback::new(move |key: SortKey| {
            set_query.run(query.get_untracked().sorted_by(key))
        }),
        select: Callback::new(move |(id, shift): (String, bool)| {
            state.select(id, shift, &shown_ids())
        }),
        select_all: Callback::new(move |on: bool| state.select_all(on, shown_ids())),
        delete: Callback::new(move |id: String| ask_delete(vec![id])),
        inspect: Callback::new(move |id: String| state.inspect(&id)),
    };

    let selected_count = move || {
        let ids = shown_ids();
        state
            .selected
            .with(|s| ids.iter().filter(|id| s.contains(*id)).count())
    };
    let show_selection_bar = move || selected_count() != 0 && state.bulk.with(Option::is_none);
    let summary = move || {
        state.loaded.get().then(|| {
            texts::jobs_summary(
                state.rows.with(Vec::len) as u64,
                shown.with(Vec::len) as u64,
                state.total_items.get(),
            )
        })
    };
    let refused = move || matches!(state.error.get(), Some(ApiError::Unauthorized(_)));
    // What stands in for the table: loading, no jobs at all, or none matching the filter.
    let instead_of_table = move || {
        if !state.loaded.get() {
            return state
                .error
                .with(Option::is_none)
                .then(|| view! { <p class="muted" role="status">"Loading jobs…"</p> }.into_any());
        }
        if state.rows.with(Vec::is_empty) {
            return Some(
                view! {
                    <div class="card empty">
                        <h2>"No jobs on the server"</h2>
                        <p class="muted">
                            "Jobs appear here when someone runs an asynchronous search or alert. Results are kept for 24 hours."
                        </p>
                    </div>
                }
                .into_any(),
            );
        }
        shown.with(Vec::is_empty).then(|| {
            view! {
                <div class="card empty">
                    <h2>"No jobs match the filter"</h2>
                    <button class="button" on:click=move |_| set_query.run(TableQuery::default())>
                        "Clear the filter"
                    </button>
                </div>
            }
            .into_any()
        })
    };

    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Jobs"</h1>
                <p class="muted page__meta">{summary}</p>
            </div>
            <JobsToolbar state=state query=query set_query=set_query refresh_now=refresh_now now=now />
            <ErrorBanner error=state.error />
            <Show when=refused>
                <p>
                    <button class="button button--primary" on:click=move |_| session.sign_out()>
                        "Enter another token"
                    </button>
                </p>
            </Show>
            <BulkProgress bulk=state.bulk />
            <Show when=show_selection_bar>
                <div class="selection-bar">
                    <span>{move || format!("{} selected", selected_count())}</span>
                    <button
                        class="button button--danger"
                        on:click=move |_| {
                            let ids: Vec<String> = shown_ids()
                                .into_iter()
                                .filter(|id| state.selected.with_untracked(|s| s.contains(id)))
                                .collect();
                            ask_delete(ids);
                        }
                    >
                        {move || format!("Delete selected ({})", selected_count())}
                    </button>
                    <button class="button button--ghost" on:click=move |_| state.selected.set(HashSet::new())>
                        "Clear selection"
                    </button>
                </div>
            </Show>
            <LookupCard state=state query=query tz_offset=tz_offset />
            {instead_of_table}
            <Show when=move || state.loaded.get() && shown.with(|s| !s.is_empty())>
                <JobTable
                    rows=shown
                    query=query
                    selected=state.selected
                    actions=actions
                    now=now
                    tz_offset=tz_offset
                />
            </Show>
            <ConfirmDialog question=state.question on_answer=on_answer />
            <RawDialog entry=state.raw />
        </section>
    }
}
