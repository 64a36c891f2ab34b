//! What the explore worker answers, taken in: a page added (and what is shown asked again, at
//! most every `REFRESH_MS`), an answer (the newest only; its rows drawn in a task of their
//! own after the next frame), an export's file, or a failure.

use super::{Explorer, REFRESH_MS};
use joblens_core::{
    explore::{
        plan::Status,
        protocol::{FromWorker, Timed},
    },
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
                    self.answer.set(Some(Arc::new(answer)));
                    self.rows_soon(generation, rows);
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

    /// Hands the grid an answer's rows in a task of their own after the next frame: the
    /// answer's counts, histogram and field summary are laid out and painted first, and neither
    /// task keeps the page busy long. Only the newest rows wait (frames stop while the tab is
    /// hidden), and most answers while loading bring the rows the grid has, which it keeps.
    fn rows_soon(&self, generation: u64, rows: Vec<Hit>) {
        let waiting = self
            .run
            .try_update_value(|r| r.rows_due.replace(rows).is_some())
            .unwrap_or(true);
        if waiting {
            return;
        }
        let this = *self;
        crate::clock::after_next_frame(move || {
            // (An older exploration's task leaves the newer one's rows alone.)
            if !this.current(generation) {
                return;
            }
            let Some(rows) = this.run.try_update_value(|r| r.rows_due.take()).flatten() else {
                return;
            };
            if this.rows.with_untracked(|r| **r != rows) {
                this.rows.set(Arc::new(rows));
                this.rows_version.update(|v| *v += 1);
            }
        });
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
