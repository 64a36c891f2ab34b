//! The loader: the job's missing pages fetched one by one (the client's budget paces them)
//! and handed to the worker, until every page is held, the limit is reached or the user stops
//! it; while the job runs, it waits for the job to find more.

use super::{Explorer, JOB_POLL_MS, PAGE_ROUNDS, PAGE_ROUND_MS};
use crate::{
    api::Client,
    clock::{sleep_ms, sleep_unless_aborted},
    session::Session,
};
use joblens_core::{
    explore::{
        plan::{Next, Plan, Status},
        protocol::{self, ToWorker},
    },
    models::StorePage,
    ApiError, Credential, RequestId, ResponseType,
};
use leptos::prelude::*;
use web_sys::{AbortController, AbortSignal};

/// Why loading stops when the job is not there any more.
const GONE: &str = "the job is gone (deleted, or its results expired)";

impl Explorer {
    /// Fetches the job's missing pages until none is left (or it is stopped), then, while
    /// the job runs, waits for it to find more.
    pub(super) async fn load(
        self,
        generation: u64,
        client: Client,
        session: Session,
        controller: AbortController,
    ) {
        let cancel = controller.signal();
        let Some((id, names)) = self.job.get_untracked() else {
            return;
        };
        let mut summary_due = true;
        let mut expected = 0;
        loop {
            if !self.current(generation) || cancel.aborted() {
                return;
            }
            if self.status.get_untracked() == Status::Paused {
                sleep_ms(250).await;
                continue;
            }
            let Some(token) = session.token.get_untracked() else {
                self.status
                    .set(Status::Broken("the token is no longer there".into()));
                return;
            };
            if summary_due {
                summary_due = false;
                match client.job(&id, &token, Some(&cancel)).await {
                    Ok(job) => self
                        .plan
                        .update(|p| p.job(job.hits_done.or(job.total_hits), !job.stage.is_final())),
                    Err(ApiError::Aborted) => return,
                    Err(ApiError::NotFound(_)) => {
                        self.status.set(Status::Broken(GONE.into()));
                        return;
                    }
                    // The pages themselves say how many there are.
                    Err(_) => self.plan.update(|p| p.job(None, false)),
                }
            }
            if !self.current(generation) {
                return;
            }
            // The worker makes room for the whole job at once.
            let total = self
                .plan
                .with_untracked(|p| p.total().map(|t| t.min(p.max_hits())));
            if let Some(hits) = total.filter(|&t| t > expected) {
                expected = hits;
                self.post(ToWorker::Expect { hits });
            }
            match self.plan.with_untracked(Plan::next) {
                Next::Fetch(page) => {
                    self.status.set(Status::Loading);
                    match self.fetch(&client, &id, page, names, &token, &cancel).await {
                        Ok(answer) => {
                            if !self.current(generation) {
                                return;
                            }
                            let (meta, hits) = match &answer {
                                StorePage::Text { meta, hits, .. } => (meta, *hits),
                                StorePage::Whole(p) => (&p.meta, p.hits.len()),
                            };
                            let held = self.plan.with_untracked(|p| p.held_of(page));
                            self.plan.update(|p| {
                                p.page_answer(page, meta, hits);
                                p.held(page, held.max(hits));
                            });
                            match answer {
                                StorePage::Text { json, .. } => {
                                    self.post_text(protocol::add_text(page, &json));
                                }
                                StorePage::Whole(p) => {
                                    self.post(ToWorker::Add { page, hits: p.hits });
                                }
                            }
                        }
                        Err(ApiError::Aborted) => return,
                        Err(ApiError::NotFound(_)) if page == 1 => {
                            self.status.set(Status::Broken(GONE.into()));
                            return;
                        }
                        Err(e @ (ApiError::Unauthorized(_) | ApiError::Forbidden(_))) => {
                            self.status.set(Status::Broken(e.to_string()));
                            return;
                        }
                        Err(e) => self.plan.update(|p| p.failed(page, e.to_string())),
                    }
                }
                Next::WaitForJob => {
                    self.status.set(Status::Waiting);
                    if !sleep_unless_aborted(JOB_POLL_MS, &cancel).await {
                        return;
                    }
                    summary_due = true;
                }
                Next::Done => {
                    self.status.set(Status::Done);
                    return;
                }
                Next::Limit => {
                    self.status.set(Status::Limit);
                    return;
                }
            }
        }
    }

    /// One page, tried again a few times (the client already retries each request) before
    /// it is given up on.
    async fn fetch(
        &self,
        client: &Client,
        id: &RequestId,
        page: u64,
        names: ResponseType,
        token: &Credential,
        cancel: &AbortSignal,
    ) -> Result<StorePage, ApiError> {
        let mut round = 0;
        loop {
            let result = client.results(id, page, names, token, Some(cancel)).await;
            match result {
                Err(e) if round < PAGE_ROUNDS && e.is_transient() => {
                    round += 1;
                    if !sleep_unless_aborted(PAGE_ROUND_MS << round, cancel).await {
                        return Err(ApiError::Aborted);
                    }
                }
                other => return other,
            }
        }
    }
}
