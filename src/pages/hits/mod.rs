//! `/jobs/:request_id`: one page of a job's hits. `place` reads the URL, `load` fetches the
//! page and keeps the job's summary live, `grid_state` holds what the grid shows, `shortcuts` the
//! page's keys, `export_panel` the export, `summary` the job's line; this module puts them
//! together.

mod export_panel;
mod grid_state;
mod load;
mod place;
mod shortcuts;
mod summary;

use crate::{
    api::Client,
    components::{
        error_banner::ErrorBanner,
        field_list::FieldList,
        hit_detail::HitDetail,
        hits_grid::{self, HitsGrid},
        pager::Pager,
        toolbar::Toolbar,
    },
    explorer::Explorer,
    routes,
    session::Session,
    ViewScope,
};
use export_panel::{ExportPanel, ExportState};
use grid_state::GridState;
use joblens_core::{
    format, hits::PageSpan, jobs::TableQuery, texts, value::visible, ApiError, ResponseType,
};
use leptos::{html::Input, prelude::*};
use leptos_router::components::A;
use load::{keep_job_live, Pages};
use place::Place;
use summary::JobSummary;

/// The way to every hit of the job: a link to the explorer, saying how much is loaded when the
/// job is held; the page shown is handed to it, so it is not fetched again.
#[component]
fn ExploreLink(
    place: Place,
    job: RwSignal<Option<joblens_core::Job>>,
    shown: RwSignal<Option<load::Loaded>>,
) -> impl IntoView {
    let explorer = expect_context::<Explorer>();
    Effect::new(move |_| {
        shown.with(|s| {
            if let Some(l) = s {
                explorer.offer(
                    &place.id.get_untracked(),
                    place.names.get_untracked(),
                    l.page,
                    &l.hits,
                );
            }
        })
    });
    let href = move || {
        routes::href(&routes::explore(
            place.id.get().as_str(),
            place.names.get(),
            &Default::default(),
            1,
        ))
    };
    let label = move || {
        if explorer.holds(&place.id.get(), place.names.get()) {
            format!(
                "Explore ({} loaded)",
                format::count(explorer.stats.get().hits as u64)
            )
        } else {
            job.with(|j| j.as_ref().and_then(|j| j.hits_done.or(j.total_hits)))
                .map_or_else(
                    || "Explore all hits".to_owned(),
                    |n| format!("Explore all {}", format::count_of(n, "hit", "hits")),
                )
        }
    };
    view! { <A href=href attr:class="button button--primary">{label}</A> }
}

/// `/jobs/:request_id?page=N&view=client|server`: one page of a job's hits.
#[component]
pub fn HitsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<Client>();
    let scope = ViewScope::new();
    let now = scope.clock();
    let tz_offset = crate::tz_offset_minutes();
    let place = Place::from_url();
    hits_grid::prepare();
    let pages = Pages::follow(place, client.clone(), session, scope.signal());
    let (job, job_error) = keep_job_live(place.id, pages, client, session, scope.signal());
    let grid = GridState::new(pages);
    let Pages {
        shown,
        error,
        loading,
        ..
    } = pages;

    let job_pages = Memo::new(move |_| job.with(|j| j.as_ref().and_then(|j| j.total_pages)));
    let span = Memo::new(move |_| {
        let pages = job_pages.get();
        shown.with(|s| {
            s.as_ref().map(|l| PageSpan {
                page: l.page,
                len: l.hits.len() as u64,
                total: l.meta.total_items,
                pages,
                next: l.meta.next_page,
            })
        })
    });
    let last_page = Signal::derive(move || span.get().map_or(1, |s| s.last_page()));
    let filter_box = NodeRef::<Input>::new();
    let detail_open = Signal::derive(move || grid.detail.with(Option::is_some));
    shortcuts::page_keys(place, last_page, detail_open, filter_box);
    let export_open = RwSignal::new(false);
    let export = ExportState::new();

    // What the page says above the grid.
    let gone = move || {
        matches!(job_error.get(), Some(ApiError::NotFound(_)))
            || (matches!(error.get(), Some(ApiError::NotFound(_)))
                && job.with(Option::is_none)
                && !loading.get())
    };
    // A page past the last: a 404 where the job has fewer pages, or an empty 200 past them.
    let past_end = move || {
        let missing = matches!(error.get(), Some(ApiError::NotFound(_)))
            && job_pages.get().is_some_and(|p| place.page.get() > p.max(1));
        let empty = error.with(Option::is_none)
            && span
                .get()
                .is_some_and(|s| s.page == place.page.get() && s.past_end());
        missing || empty
    };
    let last_known = move || {
        job_pages
            .get()
            .map_or_else(|| last_page.get(), |p| p.max(1))
    };
    let pager_status = Signal::derive(move || {
        let range = span.get().map(|s| s.range_text()).unwrap_or_default();
        let busy = if loading.get() { " · loading…" } else { "" };
        format!("{range}{busy}")
    });
    let grid_note = move || {
        let matching = grid.data.with(|d| d.order.len());
        let arrived = shown.with(|s| s.as_ref().map_or(0, |l| l.added));
        texts::grid_note(matching, grid.hits.with(|h| h.len()), arrived)
    };
    let jobs_href = routes::href(&routes::jobs(&TableQuery::default()));

    view! {
        <section class="page page--hits">
            <div class="page__head">
                <p class="crumbs">
                    <A href=jobs_href.clone()>"Jobs"</A>
                    " /"
                </p>
                <h1 class="mono">{move || visible(place.id.get().as_str()).into_owned()}</h1>
                <JobSummary job=job now=now tz_offset=tz_offset />
            </div>
            <Show
                when=move || !gone()
                fallback=move || {
                    view! {
                        <div class="card empty" role="alert">
                            <h2>"This job is gone"</h2>
                            <p class="muted">
                                "It was deleted, or its results expired: the server removes them 24 hours after the search."
                            </p>
                            <A href=jobs_href.clone() attr:class="button button--primary">"Back to the jobs"</A>
                        </div>
                    }
                }
            >
                <Toolbar>
                    <label class="field">
                        <span>"Filter this page"</span>
                        <input
                            type="search"
                            node_ref=filter_box
                            placeholder="any field…  ( / )"
                            prop:value=move || grid.filter.get()
                            on:input=move |ev| grid.filter.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="field">
                        <span>"Field names"</span>
                        <select
                            prop:value=move || place.names.get().as_str()
                            on:change=move |ev| {
                                let rt = ResponseType::parse(&event_target_value(&ev)).unwrap_or_default();
                                place.go.run((place.page.get_untracked(), rt));
                            }
                        >
                            <option value="client">"Display names (client)"</option>
                            <option value="server">"Internal names (server)"</option>
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || grid.utc.get() on:change=move |ev| grid.utc.set(event_target_checked(&ev)) />
                        "Times in UTC"
                    </label>
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || grid.show_fields.get()
                            on:change=move |ev| grid.show_fields.set(event_target_checked(&ev))
                        />
                        "Field list"
                    </label>
                    <button class="button" aria-expanded=move || export_open.get().to_string() on:click=move |_| export_open.update(|o| *o = !*o)>
                        "Export…"
                    </button>
                    <ExploreLink place=place job=job shown=shown />
                </Toolbar>
                <Show when=move || export_open.get()>
                    <ExportPanel state=export place=place last_page=last_page columns=grid.columns open=export_open />
                </Show>
                <Pager
                    page=place.page
                    last=last_page
                    path=Callback::new(move |n: u64| place.path(n, place.names.get()))
                    go=Callback::new(move |n: u64| place.go.run((n, place.names.get_untracked())))
                    status=pager_status
                />
                <ErrorBanner error=Signal::derive(move || error.get().filter(|e| !matches!(e, ApiError::NotFound(_)))) />
                <Show when=past_end>
                    <div class="card empty" role="alert">
                        <h2>{move || format!("Page {} does not exist", place.page.get())}</h2>
                        <p class="muted">{move || format!("This job has {}.", format::count_of(last_known(), "page", "pages"))}</p>
                        <A href=move || routes::href(&place.path(last_known(), place.names.get())) attr:class="button">
                            "Go to the last page"
                        </A>
                    </div>
                </Show>
                {move || (shown.with(Option::is_none) && error.with(Option::is_none)).then(|| view! { <p class="muted" role="status">"Loading hits…"</p> })}
                <Show when=move || shown.with(|s| s.as_ref().is_some_and(|l| l.hits.is_empty())) && !past_end()>
                    <div class="card empty">
                        <h2>"No hits on this page"</h2>
                        <p class="muted">"A running search shows its hits as it finds them."</p>
                    </div>
                </Show>
                <Show when=move || grid.hits.with(|h| !h.is_empty())>
                    <div class="hits-layout" class:hits-layout--fields=move || grid.show_fields.get()>
                        <Show when=move || grid.show_fields.get()>
                            <FieldList hits=grid.hits discovered=grid.found layout=grid.layout tz=grid.tz />
                        </Show>
                        <div class="hits-main">
                            <p class="muted grid-meta" role="status">{grid_note}</p>
                            <HitsGrid
                                data=grid.data
                                columns=grid.columns
                                tz=grid.tz
                                sort=grid.sort
                                on_sort=Callback::new(move |col: String| grid.sort_by(col))
                                on_open=Callback::new(move |i: usize| grid.open(i))
                                active=grid.active
                            />
                        </div>
                    </div>
                </Show>
            </Show>
            <HitDetail hit=grid.detail tz=grid.tz />
        </section>
    }
}
