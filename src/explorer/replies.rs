//! What the explore worker answers, taken in: a page added (and what is shown asked again, at
//! most every `REFRESH_MS`), an answer (the newest only; its field summary, then its rows,
//! each handed over in a task of its own after a frame), an export's file, or a failure.

use super::{Explorer, REFRESH_MS};
use joblens_core::{
    explore::{
        plan::Status,
        protocol::{FromWorker, Timed},
    },
    hits::FieldSummary,
    Hit,
};
use leptos::prelude::*;
use std::sync::Arc;

impl Explorer {
    pub(super) fn on_worker_error(&self, generation: u64, why: String) {
        if self.current(generation) {
            self.stop();
            self.status.set(Status::Broken(why));
        }
    }

    pub(super) fn on_reply(&self, generation: u64, timed: Timed) {
        if !self.current(generation) {
            return;
        }
        self.memory.update(|(start, now)| {
            if *start == 0 {
                *start = timed.memory_bytes;
            }
            *now = timed.memory_bytes;
        });
        match timed.reply {
            FromWorker::Ready => {
                let waiting = self.run.try_update_value(|r| {
                    r.ready = true;
                    std::mem::take(&mut r.outbox)
                });
                for text in waiting.unwrap_or_default() {
                    self.post_text(text);
                }
            }
            FromWorker::Added {
                page, held, stats, ..
            } => {
                self.plan.update(|p| p.held(page, held));
                self.stats.set(stats);
                self.add_ms.set(Some(timed.took_ms));
                // What is shown counts the new hits too, soon.
                self.refresh_soon(generation);
            }
            FromWorker::Answer(mut answer) => {
                let asked = self
                    .run
                    .try_update_value(|r| {
                        r.in_flight = false;
                        r.asked
                            .as_ref()
                            .filter(|a| a.id == answer.id)
                            .map(|a| a.view.clone())
                    })
                    .flatten();
                if let Some(view) = asked {
                    answer.view = view;
                    self.query_ms.set(Some(timed.took_ms));
                    let rows = std::mem::take(&mut answer.rows);
                    let facets = std::mem::take(&mut answer.facets);
                    self.answer.set(Some(Arc::new(answer)));
                    self.hand_over_soon(generation, facets, rows);
                }
                self.ask_again();
            }
            FromWorker::Exported { id, hits, text } => {
                let ours = self
                    .run
                    .with_value(|r| r.export.clone())
                    .filter(|e| e.0 == id);
                if let Some((_, format, name)) = ours {
                    let saved = crate::export::save_text(&text, &name, format.mime());
                    self.exported.set(Some(saved.map(|()| (hits, name))));
                    self.exporting.set(false);
                }
            }
            FromWorker::Noted => {}
            FromWorker::Unreadable { why } => {
                self.status.set(Status::Broken(format!(
                    "the explorer could not read a message: {why}"
                )));
            }
        }
    }

    /// Hands over an answer's field summary, then its rows, each in a task of its own after
    /// a frame: the answer's counts and histogram are laid out and painted first, and no task
    /// keeps the page busy long (building the field list, then the rows, each took 20–40 ms
    /// of the task that took the answer). Only the newest answer's wait (frames stop while
    /// the tab is hidden), and most answers while loading bring the summary and rows shown,
    /// which stay.
    fn hand_over_soon(&self, generation: u64, facets: Vec<FieldSummary>, rows: Vec<Hit>) {
        let start = self
            .run
            .try_update_value(|r| {
                r.facets_due = Some(facets);
                r.rows_due = Some(rows);
                !std::mem::replace(&mut r.handing_over, true)
            })
            .unwrap_or(false);
        if start {
            let this = *self;
            crate::clock::after_next_frame(move || this.hand_over_next(generation));
        }
    }

    /// Hands over one waiting part of the newest answer, and comes back after the next frame
    /// while one waits; a part equal to what is shown changes nothing and waits no frame.
    /// (An older exploration's task leaves the newer one's alone.)
    fn hand_over_next(self, generation: u64) {
        if !self.current(generation) {
            return;
        }
        loop {
            let part = self.run.try_update_value(|r| {
                let part = (r.facets_due.take().map(Part::Facets))
                    .or_else(|| r.rows_due.take().map(Part::Rows));
                r.handing_over = part.is_some();
                part
            });
            match part.flatten() {
                Some(Part::Facets(facets)) => {
                    if self.facets.with_untracked(|f| **f != facets) {
                        self.facets.set(Arc::new(facets));
                        break;
                    }
                }
                Some(Part::Rows(rows)) => {
                    if self.rows.with_untracked(|r| **r != rows) {
                        self.rows.set(Arc::new(rows));
                        self.rows_version.update(|v| *v += 1);
                        break;
                    }
                }
                None => return,
            }
        }
        crate::clock::after_next_frame(move || self.hand_over_next(generation));
    }

    /// Asks what is shown again, now or when `REFRESH_MS` has passed since the last time.
    fn refresh_soon(&self, generation: u64) {
        let now = crate::clock::now_ms();
        let wait = self.run.try_update_value(|r| {
            if r.asked.is_none() || r.refresh_set {
                return None;
            }
            let since = now.saturating_sub(r.refreshed_at);
            if since >= REFRESH_MS {
                r.again = true;
                r.refreshed_at = now;
                Some(0)
            } else {
                r.refresh_set = true;
                Some(REFRESH_MS - since)
            }
        });
        match wait.flatten() {
            Some(0) => self.ask_again(),
            Some(ms) => {
                let this = *self;
                set_timeout(
                    move || {
                        if this.current(generation) {
                            this.run.update_value(|r| {
                                r.refresh_set = false;
                                r.again = true;
                                r.refreshed_at = crate::clock::now_ms();
                            });
                            this.ask_again();
                        }
                    },
                    std::time::Duration::from_millis(ms),
                );
            }
            None => {}
        }
    }

    /// Sends the question again when something changed while it was worked on.
    fn ask_again(&self) {
        let again = self
            .run
            .try_update_value(|r| {
                if r.again && !r.in_flight {
                    if let Some(a) = r.asked.as_mut() {
                        a.id += 1;
                    }
                    true
                } else {
                    false
                }
            })
            .unwrap_or(false);
        if again {
            self.send_question();
        }
    }
}

/// A part of an answer handed over in a task of its own.
enum Part {
    Facets(Vec<FieldSummary>),
    Rows(Vec<Hit>),
}
