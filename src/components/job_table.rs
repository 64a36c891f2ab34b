//! The job table: sortable, selectable, virtualised rows of jobs.

use crate::{
    components::{
        sort_header::{aria_sort, SortButton},
        stage_badge::StageBadge,
        toasts::Toaster,
    },
    routes,
};
use joblens_core::{
    format::{compact_date_time, date_time, duration, maybe_count, relative, start_of_day},
    jobs::{expires_at, SortKey, TableQuery},
    value::visible,
    window::RowWindow,
    Job,
};
use leptos::{ev::MouseEvent, prelude::*};
use std::collections::HashSet;

/// One row of the table: the job lives in its own signal, so a refresh that changes one job
/// updates that row's changed cells and nothing else.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: String,
    pub job: ArcRwSignal<Job>,
}

/// Rows are the same row when they are the same job: the table's keyed list moves rows, it
/// does not rebuild them.
impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Row {
    pub fn new(job: Job) -> Self {
        Self {
            id: job.key(),
            job: ArcRwSignal::new(job),
        }
    }
}

/// What the table reports back: the page decides what happens.
#[derive(Clone, Copy)]
pub struct TableActions {
    pub sort: Callback<SortKey>,
    /// (request id, shift held): toggle one row, or select a range.
    pub select: Callback<(String, bool)>,
    /// Select (true) or clear (false) every row shown.
    pub select_all: Callback<bool>,
    pub delete: Callback<String>,
    /// Show what the server sent for a row it could not read whole.
    pub inspect: Callback<String>,
}

/// Every job row is this tall (`table.jobs tbody tr` in the stylesheet), so the rows in view
/// follow from the scroll position alone.
pub const JOB_ROW_HEIGHT: f64 = JOB_ROW_PX as f64;
const JOB_ROW_PX: usize = 36;
/// The rows rendered: those in view and 6 above and below.
const ROWS: RowWindow = RowWindow {
    row_px: JOB_ROW_HEIGHT,
    overscan: 6,
};

/// The job table: a real `<table>`, sortable headers, selection, and one keyed row per job,
/// rendering only the rows in view of its scroll box (the cost of a refresh or of the clock's
/// tick does not grow with the number of jobs).
#[component]
pub fn JobTable(
    #[prop(into)] rows: Signal<Vec<Row>>,
    #[prop(into)] query: Signal<TableQuery>,
    selected: RwSignal<HashSet<String>>,
    actions: TableActions,
    /// The browser's "now", epoch ms, ticking for relative times.
    #[prop(into)]
    now: Signal<i64>,
    /// The local zone, minutes east of UTC.
    tz_offset: i32,
) -> impl IntoView {
    let all_selected = move || {
        let rows = rows.get();
        !rows.is_empty() && selected.with(|s| rows.iter().all(|r| s.contains(&r.id)))
    };
    let some_selected = move || {
        let rows = rows.get();
        selected.with(|s| rows.iter().any(|r| s.contains(&r.id)))
    };
    let header = move |key: SortKey| {
        let sorted =
            Signal::derive(move || query.with(|q| (q.sort == key).then_some(q.descending)));
        let class = if key.is_numeric() { "num" } else { "" };
        view! {
            <th scope="col" class=class aria-sort=move || aria_sort(sorted.get())>
                <SortButton sorted=sorted column=key.as_str()>
                    {key.label()}
                </SortButton>
            </th>
        }
    };
    // One handler for every sort button (`data-column`).
    let on_header_click = move |ev: MouseEvent| {
        let column = event_target::<web_sys::Element>(&ev)
            .closest("button[data-column]")
            .ok()
            .flatten()
            .and_then(|b| b.get_attribute("data-column"))
            .and_then(|c| SortKey::parse(&c));
        if let Some(key) = column {
            actions.sort.run(key);
        }
    };
    let today = Memo::new(move |_| start_of_day(now.get(), tz_offset));
    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    // The box is never taller than the window: its height bounds the rows in view.
    let viewport = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(1200.0);
    let count = move || rows.with(Vec::len);
    let span = Memo::new(move |_| ROWS.span(scroll_top.get(), viewport, count()));
    // A fixed set of row slots for the rows in view (see `joblens_core::window`): slot i shows
    // the row at start + i, and scrolling changes what the slots show, cell by cell.
    let slots = Memo::new(move |_| ROWS.slots(viewport, count()));
    let slot_ids = move || (0..slots.get()).collect::<Vec<_>>();
    // Set through the CSSOM (`style:`), which a strict CSP allows.
    let top_pad = move || format!("{}px", span.get().0 * JOB_ROW_PX);
    let bottom_pad = move || format!("{}px", (count() - span.get().1) * JOB_ROW_PX);
    view! {
        <div
            class="table-wrap table-wrap--jobs"
            node_ref=scroller
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            }
        >
            <table class="jobs" aria-rowcount=move || count() + 1>
                <caption class="visually-hidden">
                    "Search jobs on the server. Column headers sort the table."
                </caption>
                <thead>
                    <tr aria-rowindex="1" on:click=on_header_click>
                        <th scope="col" class="select">
                            <input
                                type="checkbox"
                                aria-label="Select all jobs shown"
                                prop:checked=all_selected
                                prop:indeterminate=move || some_selected() && !all_selected()
                                on:change=move |ev| actions.select_all.run(event_target_checked(&ev))
                            />
                        </th>
                        {SortKey::ALL.into_iter().map(header).collect_view()}
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=top_pad></tr>
                    <For each=slot_ids key=|slot| *slot let:slot>
                        {
                            let shows = Memo::new(move |_| {
                                let (start, end) = span.get();
                                let p = start + slot;
                                if p < end {
                                    rows.with(|r| r.get(p).map(|row| (p, row.clone())))
                                } else {
                                    None
                                }
                            });
                            view! {
                                <JobRow shows=shows selected=selected actions=actions now=now today=today tz_offset=tz_offset />
                            }
                        }
                    </For>
                    <tr class="spacer" aria-hidden="true" style:height=bottom_pad></tr>
                </tbody>
            </table>
        </div>
    }
}

/// A moment in local time, compact (the time alone today, the date too before), with the full
/// date-time on hover; "—" when there is none. `today` is the start of the local day: it changes once a day, not with
/// every tick of the clock.
fn moment(
    at: impl Fn() -> Option<i64> + Copy + Send + Sync + 'static,
    today: Memo<i64>,
    tz_offset: i32,
) -> impl IntoView {
    // A fixed element whose title and text follow the job the row's slot shows.
    view! {
        <time title=move || at().map(|t| date_time(t, tz_offset))>
            {move || at().map_or_else(|| "—".to_owned(), |t| compact_date_time(t, today.get(), tz_offset))}
        </time>
    }
}

/// One slot of the table: the row at a position, or nothing (hidden) past the last row.
#[component]
fn JobRow(
    shows: Memo<Option<(usize, Row)>>,
    selected: RwSignal<HashSet<String>>,
    actions: TableActions,
    now: Signal<i64>,
    today: Memo<i64>,
    tz_offset: i32,
) -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    let j = Memo::new(move |_| {
        shows
            .with(|s| s.as_ref().map(|(_, row)| row.job.get()))
            .unwrap_or_default()
    });
    let id = Memo::new(move |_| {
        shows
            .with(|s| s.as_ref().map(|(_, row)| row.id.clone()))
            .unwrap_or_default()
    });
    let position = move || shows.with(|s| s.as_ref().map(|(p, _)| *p));
    // An entry without a request id can be neither opened, selected nor deleted.
    let addressable = Memo::new(move |_| j.with(Job::is_addressable));
    let odd = Memo::new(move |_| j.with(|j| j.odd.is_some()));
    let unreadable = Signal::derive(move || j.with(Job::is_unreadable));
    // An entry that is no job shows the id found in it, but as text, not a link.
    let shown_id = move || {
        j.with(|j| {
            if j.request_id.0.trim().is_empty() {
                "(no request id)".to_owned()
            } else {
                visible(j.request_id.as_str()).into_owned()
            }
        })
    };
    let href = move || {
        j.with(|j| {
            j.is_addressable()
                .then(|| routes::href(&routes::job(j.request_id.as_str())))
        })
    };
    let is_selected = Signal::derive(move || id.with(|id| selected.with(|s| s.contains(id))));
    let on_check = move |ev: MouseEvent| actions.select.run((id.get_untracked(), ev.shift_key()));
    let copy = move |_| {
        let id = j.with_untracked(|j| j.request_id.0.clone());
        toaster.copy(id.clone(), id);
    };
    let delete = move |_| actions.delete.run(id.get_untracked());
    let inspect = move |_| actions.inspect.run(id.get_untracked());
    let running = move || j.with(|j| !j.stage.is_final() && !j.is_unreadable());
    let counted = move || running() && j.with(|j| j.total_hits.is_some());
    let percent = move || j.with(|j| (j.progress() * 100.0).round() as u32);
    let progress_text = move || {
        j.with(|j| {
            format!(
                "{} / {}",
                maybe_count(j.hits_done),
                maybe_count(j.total_hits)
            )
        })
    };
    let label = move || shown_id();
    view! {
        <tr
            data-request-id=move || position().map(|_| id.get())
            aria-rowindex=move || position().map(|p| p + 2)
            aria-hidden=move || position().is_none().then_some("true")
            class:row--unused=move || position().is_none()
            class:row--selected=is_selected
        >
            <td class="select">
                <input
                    type="checkbox"
                    aria-label=move || format!("Select job {}", label())
                    prop:checked=is_selected
                    disabled=move || !addressable.get()
                    on:click=on_check
                />
            </td>
            <td>
                <span class="id-cell">
                    // A plain link: the router handles same-origin clicks on any link.
                    <a href=href class="mono" class:muted=move || !addressable.get()>
                        {shown_id}
                    </a>
                    <button
                        class="icon-button"
                        aria-label=move || format!("Copy request id {}", label())
                        title="Copy"
                        hidden=move || !addressable.get()
                        on:click=copy
                    >
                        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"></rect>
                            <path d="M3 11V3.5C3 2.7 3.7 2 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"></path>
                        </svg>
                    </button>
                </span>
            </td>
            <td>
                <span class="stage-cell">
                    <StageBadge stage=Signal::derive(move || j.with(|j| j.stage.clone())) unreadable=unreadable />
                    <button
                        class="icon-button icon-button--odd"
                        aria-label=move || format!("What the server sent for job {}", label())
                        title="Not all of this job was understood: see what the server sent"
                        hidden=move || !odd.get()
                        on:click=inspect
                    >
                        "?"
                    </button>
                </span>
            </td>
            <td>
                <div class="progress" class:progress--running=counted>
                    <Show when=counted>
                        <progress
                            max="100"
                            value=percent
                            aria-label=move || format!("{}% of hits found", percent())
                        ></progress>
                    </Show>
                    <span class="progress__text">{progress_text}</span>
                </div>
            </td>
            <td class="num">{move || j.with(|j| maybe_count(j.total_hits))}</td>
            <td class="num">{move || j.with(|j| maybe_count(j.total_pages))}</td>
            <td>{moment(move || j.with(|j| j.submitted_at), today, tz_offset)}</td>
            <td>{moment(move || j.with(|j| j.started_at), today, tz_offset)}</td>
            <td>
                {moment(
                    move || j.with(|j| j.stage.is_final().then_some(j.stopped_at).flatten()),
                    today,
                    tz_offset,
                )}
            </td>
            <td class="num">{move || j.with(|j| j.running_time_millis.map(duration)).unwrap_or_else(|| "—".into())}</td>
            <td>{move || j.with(|j| j.last_synced_time).map_or_else(|| "—".into(), |t| relative(t, now.get()))}</td>
            <td>
                <time title=move || j.with(|j| expires_at(j).map(|t| date_time(t, tz_offset)))>
                    {move || j.with(expires_at).map_or_else(|| "—".into(), |t| relative(t, now.get()))}
                </time>
            </td>
            <td>
                <button
                    class="icon-button icon-button--danger"
                    aria-label=move || format!("Delete job {}", label())
                    title="Delete"
                    hidden=move || !addressable.get()
                    on:click=delete
                >
                    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
                        <path
                            d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.7 6.5v5M9.3 6.5v5"
                            fill="none"
                            stroke="currentColor"
                            stroke-width="1.4"
                            stroke-linecap="round"
                            stroke-linejoin="round"
                        ></path>
                    </svg>
                </button>
            </td>
        </tr>
    }
}
