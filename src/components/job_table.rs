use crate::components::{
    stage_badge::StageBadge,
    toasts::{ToastKind, Toaster},
};
use joblens_core::{
    format::{compact_date_time, count, date_time, duration, relative},
    table::{expires_at, SortKey, TableQuery},
    Job,
};
use leptos::{ev::MouseEvent, prelude::*};
use leptos_router::components::A;
use std::collections::HashSet;

/// One row of the table: the job lives in its own signal, so a refresh that changes one job
/// updates that row's changed cells and nothing else.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: String,
    pub job: ArcRwSignal<Job>,
    /// Where the row stands in the table as shown (after filter and sort), for
    /// `aria-rowindex`: the table renders only the rows in view.
    pub position: ArcRwSignal<usize>,
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
            id: job.request_id.0.clone(),
            job: ArcRwSignal::new(job),
            position: ArcRwSignal::new(0),
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
}

/// Every job row is this tall (`table.jobs tbody tr` in the stylesheet), so the rows in view
/// follow from the scroll position alone.
pub const JOB_ROW_HEIGHT: f64 = JOB_ROW_PX as f64;
const JOB_ROW_PX: usize = 36;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;

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
        let aria_sort = move || {
            query.with(|q| match (q.sort == key, q.descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            })
        };
        let arrow = move || {
            query.with(|q| match (q.sort == key, q.descending) {
                (false, _) => "",
                (true, true) => " ▼",
                (true, false) => " ▲",
            })
        };
        let class = if key.is_numeric() { "num" } else { "" };
        view! {
            <th scope="col" class=class aria-sort=aria_sort>
                <button class="th-sort" on:click=move |_| actions.sort.run(key)>
                    {key.label()}
                    <span aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };
    let today = Memo::new(move |_| {
        let offset = i64::from(tz_offset) * 60_000;
        (now.get() + offset).div_euclid(86_400_000) * 86_400_000 - offset
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    // The box is never taller than the window: its height bounds the rows in view.
    let viewport = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(1200.0);
    let count = move || rows.with(Vec::len);
    let span = Memo::new(move |_| {
        let first = (scroll_top.get() / JOB_ROW_HEIGHT).floor() as usize;
        let visible = (viewport / JOB_ROW_HEIGHT).ceil() as usize;
        let n = count();
        let end = (first + visible + OVERSCAN).min(n);
        (first.saturating_sub(OVERSCAN).min(end), end)
    });
    let in_view = move || {
        let (start, end) = span.get();
        rows.with(|r| {
            r[start..end]
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    row.position.maybe_update(|p| {
                        let moved = *p != start + i;
                        *p = start + i;
                        moved
                    });
                    row.clone()
                })
                .collect::<Vec<_>>()
        })
    };
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
                    <tr aria-rowindex="1">
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
                    <For each=in_view key=|row| row.id.clone() let:row>
                        <JobRow row=row selected=selected actions=actions now=now today=today tz_offset=tz_offset />
                    </For>
                    <tr class="spacer" aria-hidden="true" style:height=bottom_pad></tr>
                </tbody>
            </table>
        </div>
    }
}

/// A moment in local time, compact (the time alone today, the date too before), with the full
/// date-time on hover. `today` is the start of the local day: it changes once a day, not with
/// every tick of the clock.
fn moment(at: Option<i64>, today: Memo<i64>, tz_offset: i32) -> impl IntoView {
    at.map(|t| {
        view! {
            <time title=date_time(t, tz_offset)>{move || compact_date_time(t, today.get(), tz_offset)}</time>
        }
    })
}

#[component]
fn JobRow(
    row: Row,
    selected: RwSignal<HashSet<String>>,
    actions: TableActions,
    now: Signal<i64>,
    today: Memo<i64>,
    tz_offset: i32,
) -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    let Row { id, job, position } = row;
    let j = Signal::derive(move || job.get());
    let href = crate::href(&format!("/jobs/{}", js_sys::encode_uri_component(&id)));
    let is_selected = {
        let id = id.clone();
        Signal::derive(move || selected.with(|s| s.contains(&id)))
    };
    let row_key = id.clone();
    let (select_label, copy_label, delete_label) = (
        format!("Select job {id}"),
        format!("Copy request id {id}"),
        format!("Delete job {id}"),
    );
    let on_check = {
        let id = id.clone();
        move |ev: MouseEvent| actions.select.run((id.clone(), ev.shift_key()))
    };
    let copy = {
        let id = id.clone();
        move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&id);
                toaster.push(ToastKind::Info, format!("Copied {id}"), None);
            }
        }
    };
    let delete = {
        let id = id.clone();
        move |_| actions.delete.run(id.clone())
    };
    let running = move || j.with(|j| !j.stage.is_final());
    let percent = move || j.with(|j| (j.progress() * 100.0).round() as u32);
    let progress_text =
        move || j.with(|j| format!("{} / {}", count(j.hits_done), count(j.total_hits)));
    view! {
        <tr
            data-request-id=row_key
            aria-rowindex=move || position.get() + 2
            class:row--selected=is_selected
        >
            <td class="select">
                <input
                    type="checkbox"
                    aria-label=select_label
                    prop:checked=is_selected
                    on:click=on_check
                />
            </td>
            <td>
                <span class="id-cell">
                    <A href=href attr:class="mono">
                        {id}
                    </A>
                    <button class="icon-button" aria-label=copy_label title="Copy" on:click=copy>
                        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"></rect>
                            <path d="M3 11V3.5C3 2.7 3.7 2 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"></path>
                        </svg>
                    </button>
                </span>
            </td>
            <td>{move || view! { <StageBadge stage=j.with(|j| j.stage.clone()) /> }}</td>
            <td>
                <div class="progress" class:progress--running=running>
                    <Show when=running>
                        <progress
                            max="100"
                            value=percent
                            aria-label=move || format!("{}% of hits found", percent())
                        ></progress>
                    </Show>
                    <span class="progress__text">{progress_text}</span>
                </div>
            </td>
            <td class="num">{move || j.with(|j| count(j.total_hits))}</td>
            <td class="num">{move || j.with(|j| count(j.total_pages))}</td>
            <td>{move || moment(Some(j.with(|j| j.submitted_at)), today, tz_offset)}</td>
            <td>{move || moment(j.with(|j| j.started_at), today, tz_offset)}</td>
            <td>
                {move || {
                    let stopped = j.with(|j| j.stage.is_final().then_some(j.stopped_at).flatten());
                    moment(stopped, today, tz_offset)
                }}
            </td>
            <td class="num">{move || j.with(|j| j.running_time_millis.map(duration))}</td>
            <td>{move || j.with(|j| j.last_synced_time).map(|t| relative(t, now.get()))}</td>
            <td>
                {move || {
                    let at = j.with(expires_at);
                    view! {
                        <time title=date_time(at, tz_offset)>{move || relative(at, now.get())}</time>
                    }
                }}
            </td>
            <td>
                <button class="icon-button icon-button--danger" aria-label=delete_label title="Delete" on:click=delete>
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
