//! What the jobs page knows, as signals, and how a fresh list, a delete or a selection changes
//! it.

use crate::{
    components::{
        confirm::Question,
        job_table::Row,
        raw_dialog::RawEntry,
        toasts::{ToastKind, Toaster},
    },
    routes,
};
use joblens_core::{
    jobs::{finished_between, range, Refresh, TableQuery},
    texts, ApiError, Job, JobsPage as Page, RequestId,
};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// A bulk delete in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Bulk {
    pub done: usize,
    pub failed: usize,
    pub total: usize,
    pub stop: bool,
}

#[derive(Clone, Copy)]
pub struct JobsState {
    /// The jobs as the server last listed them, one row each.
    pub rows: RwSignal<Vec<Row>>,
    pub total_items: RwSignal<Option<u64>>,
    pub loaded: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    pub updated_at: RwSignal<Option<i64>>,
    /// When refreshes started failing, while the last good data stays on screen.
    pub stale_since: RwSignal<Option<i64>>,
    /// When the refresh loop, after a failure, asks again (epoch ms).
    pub next_try_at: RwSignal<Option<i64>>,
    /// Jobs whose delete is under way: hidden at once, back if the delete fails.
    pub deleting: RwSignal<HashSet<String>>,
    pub selected: RwSignal<HashSet<String>>,
    anchor: RwSignal<Option<String>>,
    pub refresh: RwSignal<Refresh>,
    pub tab_hidden: RwSignal<bool>,
    pub bulk: RwSignal<Option<Bulk>>,
    /// The delete question on screen, and the rows it is about.
    pub question: RwSignal<Option<Question>>,
    pub pending: RwSignal<Vec<String>>,
    /// The entry whose raw JSON is shown.
    pub raw: RwSignal<Option<RawEntry>>,
}

impl JobsState {
    pub fn new(interval_ms: u64) -> Self {
        Self {
            rows: RwSignal::new(Vec::new()),
            total_items: RwSignal::new(None),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            updated_at: RwSignal::new(None),
            stale_since: RwSignal::new(None),
            next_try_at: RwSignal::new(None),
            deleting: RwSignal::new(HashSet::new()),
            selected: RwSignal::new(HashSet::new()),
            anchor: RwSignal::new(None),
            refresh: RwSignal::new(Refresh {
                interval_ms,
                ..Refresh::default()
            }),
            tab_hidden: RwSignal::new(false),
            bulk: RwSignal::new(None),
            question: RwSignal::new(None),
            pending: RwSignal::new(Vec::new()),
            raw: RwSignal::new(None),
        }
    }

    /// The job a row shows, by the row's key.
    pub fn job_of(&self, key: &str) -> Option<Job> {
        self.rows.with_untracked(|rows| {
            rows.iter()
                .find(|r| r.id == key)
                .map(|r| r.job.get_untracked())
        })
    }

    /// The request id a delete may name for a row: none for an entry without one.
    pub fn deletable(&self, key: &str) -> Option<RequestId> {
        self.job_of(key)
            .filter(Job::is_addressable)
            .map(|j| j.request_id)
    }

    pub fn any_running(&self) -> bool {
        self.rows.with_untracked(|rows| {
            rows.iter()
                .any(|r| r.job.with_untracked(|j| !j.stage.is_final()))
        })
    }

    /// Takes a fresh list: unchanged rows are left alone, changed ones update in place, and
    /// jobs that finished since the last refresh are announced.
    pub fn apply(&self, page: Page, toaster: Toaster) {
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
                let (text, failed) = texts::finished(&done);
                let kind = if failed {
                    ToastKind::Error
                } else {
                    ToastKind::Success
                };
                let href = routes::job(&done.request_id);
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
    pub fn forget(&self, id: &str) {
        self.rows.try_update(|rows| rows.retain(|r| r.id != id));
        self.selected.try_update(|s| {
            s.remove(id);
        });
        self.unhide(id);
    }

    pub fn unhide(&self, id: &str) {
        self.deleting.try_update(|d| {
            d.remove(id);
        });
    }

    /// What the table shows: filtered and sorted by `query`, without jobs being deleted.
    pub fn shown(self, query: Memo<TableQuery>) -> Memo<Vec<Row>> {
        Memo::new(move |_| {
            let q = query.get();
            let gone = self.deleting.get();
            self.rows.with(|rows| {
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
        })
    }

    /// Ticks or unticks a row; with shift, ticks every deletable row from the last one ticked.
    pub fn select(&self, id: String, shift: bool, shown: &[String]) {
        let anchor = self.anchor.get_untracked();
        self.selected.update(|s| {
            if shift && anchor.is_some() {
                for r in range(shown, anchor.as_deref(), &id) {
                    if self.deletable(r).is_some() {
                        s.insert(r.to_owned());
                    }
                }
            } else if !s.remove(&id) {
                s.insert(id.clone());
            }
        });
        self.anchor.set(Some(id));
    }

    /// Ticks or unticks every deletable row shown.
    pub fn select_all(&self, on: bool, shown: Vec<String>) {
        let ids: Vec<String> = shown
            .into_iter()
            .filter(|id| self.deletable(id).is_some())
            .collect();
        self.selected.update(|s| {
            for id in ids {
                if on {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
    }

    /// Shows the raw JSON of a row's entry, when it has parts Joblens could not read.
    pub fn inspect(&self, id: &str) {
        self.raw.set(self.job_of(id).and_then(|j| {
            j.odd.map(|odd| RawEntry {
                request_id: j.request_id.0,
                odd,
            })
        }))
    }
}
