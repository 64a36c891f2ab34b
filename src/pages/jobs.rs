//! `/`: the job table page: the list kept live, lookups, deletes.

use crate::{
    api::{now_ms, sleep_ms, Client},
    components::{
        confirm::{ConfirmDialog, Question},
        error_banner::{ErrorBanner, ErrorText},
        job_table::{JobTable, Row, TableActions},
        raw_dialog::{RawDialog, RawEntry},
        stage_badge::StageBadge,
        toasts::{ToastKind, Toaster},
    },
    listen, routes,
    session::Session,
    ViewScope,
};
use futures::{channel::mpsc, future::select, pin_mut, StreamExt};
use joblens_core::{
    budget::Backoff,
    config::AppConfig,
    format,
    table::{finished_between, range, Refresh, SortKey, StageFilter, TableQuery, INTERVALS_MS},
    value::visible,
    ApiError, Job, JobsPage as Page, RequestId, Stage,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};
use std::collections::{HashMap, HashSet};

/// A bulk delete in progress.
#[derive(Clone, Debug, PartialEq)]
struct Bulk {
    done: usize,
    failed: usize,
    total: usize,
    stop: bool,
}

/// The answer to looking up one request id on the server.
#[derive(Clone, Debug, PartialEq)]
enum Lookup {
    Searching(String),
    Found(Job),
    Missing(String, ApiError),
}

/// Everything the jobs page knows, as signals.
#[derive(Clone, Copy)]
struct JobsState {
    /// The jobs as the server last listed them, one row each.
    rows: RwSignal<Vec<Row>>,
    total_items: RwSignal<Option<u64>>,
    loaded: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    updated_at: RwSignal<Option<i64>>,
    /// When refreshes started failing, while the last good data stays on screen.
    stale_since: RwSignal<Option<i64>>,
    /// Jobs whose delete is under way: hidden at once, back if the delete fails.
    deleting: RwSignal<HashSet<String>>,
    selected: RwSignal<HashSet<String>>,
    anchor: RwSignal<Option<String>>,
    refresh: RwSignal<Refresh>,
    tab_hidden: RwSignal<bool>,
    bulk: RwSignal<Option<Bulk>>,
    question: RwSignal<Option<Question>>,
    pending: RwSignal<Vec<String>>,
    lookup: RwSignal<Option<Lookup>>,
    /// When the refresh loop, after a failure, asks again (epoch ms).
    next_try_at: RwSignal<Option<i64>>,
    /// The entry whose raw JSON is shown.
    raw: RwSignal<Option<RawEntry>>,
}

impl JobsState {
    fn new(interval_ms: u64) -> Self {
        Self {
            rows: RwSignal::new(Vec::new()),
            total_items: RwSignal::new(None),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            updated_at: RwSignal::new(None),
            stale_since: RwSignal::new(None),
            deleting: RwSignal::new(HashSet::new()),
            selected: RwSignal::new(HashSet::new()),
            anchor: RwSignal::new(None),
            refresh: RwSignal::new(Refresh {
                interval_ms,
                ..Refresh::default()
            }),
            tab_hidden: RwSignal::new(document_hidden()),
            bulk: RwSignal::new(None),
            question: RwSignal::new(None),
            pending: RwSignal::new(Vec::new()),
            lookup: RwSignal::new(None),
            next_try_at: RwSignal::new(None),
            raw: RwSignal::new(None),
        }
    }

    /// The job a row shows, by the row's key.
    fn job_of(&self, key: &str) -> Option<Job> {
        self.rows.with_untracked(|rows| {
            rows.iter()
                .find(|r| r.id == key)
                .map(|r| r.job.get_untracked())
        })
    }

    /// The request id a delete may name for a row: none for an entry without one.
    fn deletable(&self, key: &str) -> Option<RequestId> {
        self.job_of(key)
            .filter(Job::is_addressable)
            .map(|j| j.request_id)
    }

    fn any_running(&self) -> bool {
        self.rows.with_untracked(|rows| {
            rows.iter()
                .any(|r| r.job.with_untracked(|j| !j.stage.is_final()))
        })
    }

    /// Takes a fresh list: unchanged rows are left alone, changed ones update in place, and
    /// jobs that finished since the last refresh are announced.
    fn apply(&self, page: Page, toaster: Toaster) {
        self.total_items.set(page.total_items);
        let fresh = page.into_jobs();
        if self.loaded.get_untracked() {
            // Only a job that was running can have finished: copy those, not every row.
            let before: Vec<Job> = self.rows.with_untracked(|rows| {
                rows.iter()
                    .filter(|r| r.job.with_untracked(|j| !j.stage.is_final()))
                    .map(|r| r.job.get_untracked())
                    .collect()
            });
            for done in finished_between(&before, &fresh) {
                let id = done.request_id;
                let hits = done.hits.map(|n| format::count_of(n, "hit", "hits"));
                let text = match (&done.stage, hits) {
                    (Stage::Failed, Some(hits)) => format!("Job {id} failed after {hits}."),
                    (Stage::Failed, None) => format!("Job {id} failed."),
                    (_, Some(hits)) => format!("Job {id} finished with {hits}."),
                    (_, None) => format!("Job {id} finished."),
                };
                let kind = if done.stage == Stage::Failed {
                    ToastKind::Error
                } else {
                    ToastKind::Success
                };
                let href = routes::job(&id);
                toaster.push(kind, text, Some(("View hits".into(), href)));
            }
        }
        let ids: HashSet<String> = fresh.iter().map(Job::key).collect();
        self.rows.update(|rows| {
            let mut by_id: HashMap<String, Row> =
                rows.drain(..).map(|r| (r.id.clone(), r)).collect();
            *rows = fresh
                .into_iter()
                .map(|job| match by_id.remove(&job.key()) {
                    Some(row) => {
                        if row.job.with_untracked(|j| *j != job) {
                            row.job.set(job);
                        }
                        row
                    }
                    None => Row::new(job),
                })
                .collect();
        });
        if self
            .selected
            .with_untracked(|s| s.iter().any(|id| !ids.contains(id)))
        {
            self.selected.update(|s| s.retain(|id| ids.contains(id)));
        }
        if !self.loaded.get_untracked() {
            crate::mark_after_paint("joblens:jobs-painted");
        }
        self.loaded.set(true);
    }

    /// Drops a deleted job. The page may have gone while the delete ran: then nothing to do.
    fn forget(&self, id: &str) {
        self.rows.try_update(|rows| rows.retain(|r| r.id != id));
        self.selected.try_update(|s| {
            s.remove(id);
        });
        self.unhide(id);
    }

    fn unhide(&self, id: &str) {
        self.deleting.try_update(|d| {
            d.remove(id);
        });
    }
}

fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

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
    // The configured interval is one of the choices, whatever it is.
    let mut intervals = INTERVALS_MS.to_vec();
    if !intervals.contains(&interval) {
        intervals.push(interval);
        intervals.sort_unstable();
    }
    let tz_offset = crate::tz_offset_minutes();

    // The URL holds the filter and the sort.
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| TableQuery::from_params(|k| p.get(k))));
    let navigate = use_navigate();
    let set_query = Callback::new(move |q: TableQuery| {
        let path = routes::jobs(&q);
        navigate(
            &path,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });

    // The refresh loop sleeps until its next turn or until something wakes it.
    let (wake_tx, mut wake_rx) = mpsc::unbounded::<()>();
    let wake = Callback::new(move |()| {
        let _ = wake_tx.unbounded_send(());
    });
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        listen(doc.into(), "visibilitychange", move |_| {
            let hidden = document_hidden();
            state.tab_hidden.set(hidden);
            if !hidden {
                wake.run(());
            }
        });
    }
    if let Some(w) = web_sys::window() {
        listen(w.into(), "online", move |_| wake.run(()));
    }
    Effect::new(move |first: Option<()>| {
        state.refresh.track();
        if first.is_some() {
            wake.run(());
        }
    });

    let signal = scope.signal();
    {
        // The loop reports every failure and backs off itself, so the client must not also
        // retry behind its back (it still shares the app's budget).
        let client = client.clone().with_retry(Backoff::ONCE);
        spawn_local(async move {
            let mut failures = 0u32;
            while let Some(token) = session.token.get_untracked() {
                crate::mark("joblens:poll-start");
                let result = client.jobs(&token, signal.as_ref()).await;
                if matches!(result, Err(ApiError::Aborted)) || state.rows.is_disposed() {
                    break;
                }
                let backoff = match result {
                    Ok(page) => {
                        failures = 0;
                        state.apply(page, toaster);
                        state.error.set(None);
                        state.stale_since.set(None);
                        state.next_try_at.set(None);
                        state.updated_at.set(Some(now_ms() as i64));
                        crate::mark_after_paint("joblens:poll-painted");
                        None
                    }
                    Err(e) => {
                        let stop = matches!(e, ApiError::Unauthorized(_) | ApiError::Forbidden(_));
                        let wait = match &e {
                            ApiError::RateLimited {
                                retry_after_ms: Some(ms),
                            } => *ms,
                            _ => Backoff::default().delay_ms(failures, js_sys::Math::random()),
                        };
                        if state.stale_since.get_untracked().is_none() {
                            state.stale_since.set(Some(now_ms() as i64));
                        }
                        state.error.set(Some(e));
                        if stop {
                            state.next_try_at.set(None);
                            break;
                        }
                        failures += 1;
                        // The budget may hold the next request longer (a 429's pause).
                        let wait = wait.max(client.budget_wait_ms());
                        state.next_try_at.set(Some(now_ms() as i64 + wait as i64));
                        Some(wait)
                    }
                };
                let next = state.refresh.get_untracked().next_in(
                    state.any_running(),
                    state.tab_hidden.get_untracked(),
                    backoff,
                );
                match next {
                    Some(ms) => {
                        let timer = sleep_ms(ms);
                        let woken = wake_rx.next();
                        pin_mut!(timer);
                        select(timer, woken).await;
                    }
                    None => {
                        if wake_rx.next().await.is_none() {
                            break;
                        }
                    }
                }
                while wake_rx.try_recv().is_ok() {}
                // The page may have gone while the loop slept (its wake sender with it).
                if state.rows.is_disposed() {
                    break;
                }
                // A hidden tab asks nothing until it is shown again.
                while state.tab_hidden.try_get_untracked() == Some(true) {
                    if wake_rx.next().await.is_none() {
                        return;
                    }
                }
            }
        });
    }

    // What the table shows: filtered, sorted, without jobs being deleted.
    let shown = Memo::new(move |_| {
        let q = query.get();
        let gone = state.deleting.get();
        state.rows.with(|rows| {
            let by_id: HashMap<&str, &Row> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
            // Borrowed, not copied: this runs on every refresh.
            let jobs: Vec<_> = rows
                .iter()
                .filter(|r| !gone.contains(&r.id))
                .map(|r| r.job.read())
                .collect();
            q.apply(jobs.iter().map(|j| &**j))
                .into_iter()
                .filter_map(|j| by_id.get(j.key().as_str()).map(|r| (*r).clone()))
                .collect::<Vec<Row>>()
        })
    });
    let shown_ids =
        move || shown.with(|rows| rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>());

    // Deleting: ask first, hide at once, bring back with the server's reason on failure.
    let delete_one = {
        let client = client.clone();
        move |id: String| {
            let Some(token) = session.token.get_untracked() else {
                return;
            };
            let Some(request_id) = state.deletable(&id) else {
                return;
            };
            state.deleting.update(|d| {
                d.insert(id.clone());
            });
            let client = client.clone();
            spawn_local(async move {
                let result = client.delete(&request_id, &token, None).await;
                match result {
                    Ok(_) | Err(ApiError::NotFound(_)) => {
                        state.forget(&id);
                        toaster.push(
                            ToastKind::Success,
                            format!("Deleted job {id} and its hits."),
                            None,
                        );
                    }
                    Err(e) => {
                        state.unhide(&id);
                        toaster.push(
                            ToastKind::Error,
                            format!("Job {id} was not deleted. {e}"),
                            None,
                        );
                    }
                }
            });
        }
    };
    let delete_many = {
        let client = client.clone();
        move |ids: Vec<String>| {
            let Some(token) = session.token.get_untracked() else {
                return;
            };
            // Resolved now: the list may change (or the page go) while the deletes run.
            let targets: Vec<(String, RequestId)> = ids
                .into_iter()
                .filter_map(|id| state.deletable(&id).map(|rid| (id, rid)))
                .collect();
            let total = targets.len();
            state.bulk.set(Some(Bulk {
                done: 0,
                failed: 0,
                total,
                stop: false,
            }));
            let client = client.clone();
            spawn_local(async move {
                let mut last_error = None;
                for (id, request_id) in targets {
                    let go_on = state
                        .bulk
                        .try_with_untracked(|b| b.as_ref().is_some_and(|b| !b.stop));
                    if go_on != Some(true) {
                        break;
                    }
                    state.deleting.try_update(|d| {
                        d.insert(id.clone());
                    });
                    let result = client.delete(&request_id, &token, None).await;
                    let ok = match result {
                        Ok(_) | Err(ApiError::NotFound(_)) => {
                            state.forget(&id);
                            true
                        }
                        Err(e) => {
                            state.unhide(&id);
                            last_error = Some(e);
                            false
                        }
                    };
                    state.bulk.try_update(|b| {
                        if let Some(b) = b {
                            b.done += 1;
                            b.failed += usize::from(!ok);
                        }
                    });
                }
                // The page may have gone: the toast (the app's) still says how it went.
                let Some(b) = state.bulk.try_get_untracked().flatten() else {
                    return;
                };
                let deleted = b.done - b.failed;
                let mut text = format!(
                    "Deleted {deleted} of {}.",
                    format::count_of(b.total as u64, "job", "jobs")
                );
                if b.stop && b.done < b.total {
                    text.push_str(&format!(" Stopped; {} not attempted.", b.total - b.done));
                }
                if let Some(e) = last_error {
                    text.push_str(&format!(" {} failed: {e}", b.failed));
                }
                let kind = if b.failed > 0 {
                    ToastKind::Error
                } else {
                    ToastKind::Success
                };
                toaster.push(kind, text, None);
                state.bulk.try_set(None);
            });
        }
    };
    let ask_delete = move |ids: Vec<String>| {
        let q = match ids.as_slice() {
            [one] => Question {
                title: format!("Delete job {one}?"),
                body: "The job and all its hits are deleted from the server. This cannot be undone.".into(),
                confirm: "Delete job".into(),
            },
            many => Question {
                title: format!("Delete {} jobs?", many.len()),
                body: format!(
                    "The {} selected jobs and all their hits are deleted from the server, one at a time. This cannot be undone.",
                    many.len()
                ),
                confirm: format!("Delete {} jobs", many.len()),
            },
        };
        state.pending.set(ids);
        state.question.set(Some(q));
    };
    let on_answer = Callback::new(move |yes: bool| {
        let ids = state.pending.get_untracked();
        state.pending.set(Vec::new());
        if !yes || ids.is_empty() {
            return;
        }
        if ids.len() == 1 {
            delete_one(ids[0].clone());
        } else {
            state.selected.set(HashSet::new());
            delete_many(ids);
        }
    });

    let actions = TableActions {
        sort: Callback::new(move |key: SortKey| {
            set_query.run(query.get_untracked().sorted_by(key))
        }),
        select: Callback::new(move |(id, shift): (String, bool)| {
            let anchor = state.anchor.get_untracked();
            let ids = shown_ids();
            state.selected.update(|s| {
                if shift && anchor.is_some() {
                    for r in range(&ids, anchor.as_deref(), &id) {
                        if state.deletable(r).is_some() {
                            s.insert(r.to_owned());
                        }
                    }
                } else if !s.remove(&id) {
                    s.insert(id.clone());
                }
            });
            state.anchor.set(Some(id));
        }),
        select_all: Callback::new(move |on: bool| {
            let ids: Vec<String> = shown_ids()
                .into_iter()
                .filter(|id| state.deletable(id).is_some())
                .collect();
            state.selected.update(|s| {
                for id in ids {
                    if on {
                        s.insert(id);
                    } else {
                        s.remove(&id);
                    }
                }
            });
        }),
        delete: Callback::new(move |id: String| ask_delete(vec![id])),
        inspect: Callback::new(move |id: String| {
            state.raw.set(state.job_of(&id).and_then(|j| {
                j.odd.map(|odd| RawEntry {
                    request_id: j.request_id.0,
                    odd,
                })
            }))
        }),
    };

    let lookup = {
        let client = client.clone();
        move |id: String| {
            let Some(token) = session.token.get_untracked() else {
                return;
            };
            state.lookup.set(Some(Lookup::Searching(id.clone())));
            let client = client.clone();
            spawn_local(async move {
                let result = client.job(&RequestId(id.clone()), &token, None).await;
                let answer = match result {
                    Ok(job) => Lookup::Found(job),
                    Err(e) => Lookup::Missing(id, e),
                };
                state.lookup.try_set(Some(answer));
            });
        }
    };

    let selected_count = move || {
        let ids = shown_ids();
        state
            .selected
            .with(|s| ids.iter().filter(|id| s.contains(*id)).count())
    };
    let show_selection_bar = move || selected_count() != 0 && state.bulk.with(Option::is_none);
    let summary = move || {
        if !state.loaded.get() {
            return None;
        }
        let rows = state.rows.with(Vec::len) as u64;
        let shown = shown.with(Vec::len) as u64;
        let mut text = if shown == rows {
            format::count_of(rows, "job", "jobs")
        } else {
            format!(
                "{} of {} shown",
                format::count(shown),
                format::count_of(rows, "job", "jobs")
            )
        };
        if let Some(total) = state.total_items.get().filter(|&t| t != rows) {
            text.push_str(&format!(
                " · the server reports {} in all",
                format::count(total)
            ));
        }
        Some(text)
    };
    let freshness = move || {
        let now = now.get();
        let next = state
            .next_try_at
            .get()
            .filter(|_| state.refresh.with(|r| r.enabled))
            .map(|at| format!("next try {}", format::until(at, now)));
        match (state.stale_since.get(), state.updated_at.get(), next) {
            (Some(since), Some(at), next) => Some(format!(
                "Stale: refreshes failing since {}; showing data from {}{}",
                format::relative(since, now),
                format::relative(at, now),
                next.map(|n| format!("; {n}")).unwrap_or_default()
            )),
            (None, Some(at), _) => Some(format!("Updated {}", format::relative(at, now))),
            (_, None, Some(next)) => Some(format!("Not loaded yet; {next}")),
            _ => None,
        }
    };
    let refresh_state = move || match (state.refresh.get().enabled, state.tab_hidden.get()) {
        (false, _) => "Auto-refresh is off",
        (true, true) => "Paused while the tab is hidden",
        (true, false) => "",
    };
    let refused = move || matches!(state.error.get(), Some(ApiError::Unauthorized(_)));
    let filter_text = move || query.with(|q| q.text.clone());
    let no_match_for = move || {
        let text = query.with(|q| q.text.trim().to_owned());
        (state.loaded.get() && !text.is_empty())
            .then(|| {
                let any = state.rows.with(|rows| {
                    rows.iter().any(|r| {
                        r.id.to_ascii_lowercase()
                            .contains(&text.to_ascii_lowercase())
                    })
                });
                (!any).then_some(text)
            })
            .flatten()
    };

    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Jobs"</h1>
                <p class="muted page__meta">{summary}</p>
            </div>
            <div class="toolbar" role="search">
                <label class="field">
                    <span>"Filter by request id"</span>
                    <input
                        type="search"
                        placeholder="AZbne…"
                        prop:value=filter_text
                        on:input=move |ev| {
                            set_query.run(TableQuery { text: event_target_value(&ev), ..query.get_untracked() })
                        }
                    />
                </label>
                <label class="field">
                    <span>"Stage"</span>
                    <select
                        prop:value=move || query.with(|q| q.stage.as_str())
                        on:change=move |ev| {
                            set_query.run(TableQuery {
                                stage: StageFilter::parse(&event_target_value(&ev)),
                                ..query.get_untracked()
                            })
                        }
                    >
                        {StageFilter::ALL
                            .into_iter()
                            .map(|f| view! { <option value=f.as_str()>{f.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <div class="toolbar__refresh">
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || state.refresh.get().enabled
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                state.refresh.update(|r| r.enabled = on);
                            }
                        />
                        "Auto-refresh"
                    </label>
                    <label class="field field--inline">
                        <span class="visually-hidden">"Refresh interval"</span>
                        <select
                            aria-label="Refresh interval"
                            prop:value=move || state.refresh.get().interval_ms.to_string()
                            on:change=move |ev| {
                                if let Ok(ms) = event_target_value(&ev).parse::<u64>() {
                                    state.refresh.update(|r| r.interval_ms = ms);
                                }
                            }
                        >
                            {intervals
                                .iter()
                                .map(|&ms| {
                                    let label = match ms {
                                        60_000 => "every minute".to_owned(),
                                        ms if ms % 1000 == 0 => format!("every {} s", ms / 1000),
                                        ms => format!("every {}.{} s", ms / 1000, (ms % 1000) / 100),
                                    };
                                    view! { <option value=ms.to_string()>{label}</option> }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <button class="button" on:click=move |_| wake.run(())>"Refresh now"</button>
                    <span class="muted updated" class:stale=move || state.stale_since.get().is_some()>
                        {freshness}
                    </span>
                    <span class="muted">{refresh_state}</span>
                </div>
            </div>
            <ErrorBanner error=state.error />
            <Show when=refused>
                <p>
                    <button class="button button--primary" on:click=move |_| session.sign_out()>
                        "Enter another token"
                    </button>
                </p>
            </Show>
            {move || {
                state
                    .bulk
                    .get()
                    .map(|b| {
                        view! {
                            <div class="bulk" role="status">
                                <progress max=b.total value=b.done aria-label="Deleting jobs"></progress>
                                <span>
                                    {format!("Deleting {} of {} jobs", (b.done + 1).min(b.total), b.total)}
                                    {(b.failed > 0).then(|| format!(" · {} failed", b.failed))}
                                    {b.stop.then_some(" · stopping…")}
                                </span>
                                <button
                                    class="button"
                                    disabled=b.stop
                                    on:click=move |_| state.bulk.update(|b| if let Some(b) = b { b.stop = true })
                                >
                                    "Stop"
                                </button>
                            </div>
                        }
                    })
            }}
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
            {move || {
                no_match_for()
                    .map(|text| {
                        let lookup = lookup.clone();
                        let id = text.clone();
                        view! {
                            <div class="card lookup">
                                <p>{format!("No job in the list matches “{text}”.")}</p>
                                <button class="button" on:click=move |_| lookup(id.clone())>
                                    {format!("Look up {text} on the server")}
                                </button>
                                {move || state.lookup.get().map(|l| lookup_result(l, tz_offset))}
                            </div>
                        }
                    })
            }}
            {move || {
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
                if shown.with(Vec::is_empty) {
                    return Some(
                        view! {
                            <div class="card empty">
                                <h2>"No jobs match the filter"</h2>
                                <button class="button" on:click=move |_| set_query.run(TableQuery::default())>
                                    "Clear the filter"
                                </button>
                            </div>
                        }
                            .into_any(),
                    );
                }
                None
            }}
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

fn lookup_result(l: Lookup, tz_offset: i32) -> AnyView {
    match l {
        Lookup::Searching(id) => view! { <p class="muted" role="status">{format!("Looking up {}…", visible(&id))}</p> }.into_any(),
        Lookup::Found(job) => {
            let href = routes::href(&routes::job(job.request_id.as_str()));
            let hits = job
                .total_hits
                .map(|n| format!(" · {}", format::count_of(n, "hit", "hits")))
                .unwrap_or_default();
            let submitted = job
                .submitted_at
                .map(|t| format!(" · submitted {}", format::date_time(t, tz_offset)))
                .unwrap_or_default();
            view! {
                <p class="lookup__found">
                    <StageBadge stage=job.stage.clone() />
                    " "
                    <A href=href attr:class="mono">{visible(job.request_id.as_str()).into_owned()}</A>
                    {format!("{hits}{submitted}")}
                </p>
            }
                .into_any()
        }
        Lookup::Missing(id, ApiError::NotFound(_)) => view! {
            <p class="field-error" role="alert">
                {format!("The server has no job {}: it was deleted, its results expired after 24 hours, or it never existed.", visible(&id))}
            </p>
        }
            .into_any(),
        Lookup::Missing(_, e) => view! { <ErrorText error=e class="field-error" /> }.into_any(),
    }
}
