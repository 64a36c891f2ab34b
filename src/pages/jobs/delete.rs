//! Deleting jobs: ask first, hide at once, bring back with the server's reason on failure; a
//! bulk delete goes one job at a time, shows its progress and can be stopped.

use super::state::{Bulk, JobsState};
use crate::{
    api::Client,
    components::{
        confirm::Question,
        toasts::{ToastKind, Toaster},
    },
    session::Session,
};
use joblens_core::{texts, ApiError, RequestId};
use leptos::{prelude::*, task::spawn_local};
use std::collections::HashSet;

/// What the page needs to delete: handed to the table's and the selection bar's buttons.
#[derive(Clone)]
pub struct Deletes {
    pub state: JobsState,
    pub client: Client,
    pub session: Session,
    pub toaster: Toaster,
}

impl Deletes {
    /// Puts the question for `ids` on screen.
    pub fn ask(&self, ids: Vec<String>) {
        let (title, body, confirm) = texts::delete_question(&ids);
        self.state.pending.set(ids);
        self.state.question.set(Some(Question {
            title,
            body,
            confirm,
        }));
    }

    /// The user's answer to the question on screen.
    pub fn answer(&self, yes: bool) {
        let ids = self.state.pending.get_untracked();
        self.state.pending.set(Vec::new());
        match ids.as_slice() {
            _ if !yes => {}
            [] => {}
            [one] => self.one(one.clone()),
            _ => {
                self.state.selected.set(HashSet::new());
                self.many(ids);
            }
        }
    }

    fn one(&self, id: String) {
        let Some(token) = self.session.token.get_untracked() else {
            return;
        };
        let Some(request_id) = self.state.deletable(&id) else {
            return;
        };
        let (state, toaster, client) = (self.state, self.toaster, self.client.clone());
        state.deleting.update(|d| {
            d.insert(id.clone());
        });
        spawn_local(async move {
            match client.delete(&request_id, &token, None).await {
                Ok(_) | Err(ApiError::NotFound(_)) => {
                    state.forget(&id);
                    let text = format!("Deleted job {id} and its hits.");
                    toaster.push(ToastKind::Success, text, None);
                }
                Err(e) => {
                    state.unhide(&id);
                    let text = format!("Job {id} was not deleted. {e}");
                    toaster.push(ToastKind::Error, text, None);
                }
            }
        });
    }

    fn many(&self, ids: Vec<String>) {
        let Some(token) = self.session.token.get_untracked() else {
            return;
        };
        let (state, toaster, client) = (self.state, self.toaster, self.client.clone());
        // Resolved now: the list may change (or the page go) while the deletes run.
        let targets: Vec<(String, RequestId)> = ids
            .into_iter()
            .filter_map(|id| state.deletable(&id).map(|rid| (id, rid)))
            .collect();
        state.bulk.set(Some(Bulk {
            done: 0,
            failed: 0,
            total: targets.len(),
            stop: false,
        }));
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
                let ok = match client.delete(&request_id, &token, None).await {
                    Ok(_) | Err(ApiError::NotFound(_)) => {
                        state.forget(&id);
                        true
                    }
                    Err(e) => {
                        state.unhide(&id);
                        last_error = Some(e.to_string());
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
            let text =
                texts::bulk_deleted(b.done, b.failed, b.total, b.stop, last_error.as_deref());
            let kind = if b.failed > 0 {
                ToastKind::Error
            } else {
                ToastKind::Success
            };
            toaster.push(kind, text, None);
            state.bulk.try_set(None);
        });
    }
}

/// A bulk delete's progress, with Stop.
#[component]
pub fn BulkProgress(bulk: RwSignal<Option<Bulk>>) -> impl IntoView {
    move || {
        bulk.get().map(|b| {
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
                        on:click=move |_| bulk.update(|b| if let Some(b) = b { b.stop = true })
                    >
                        "Stop"
                    </button>
                </div>
            }
        })
    }
}
