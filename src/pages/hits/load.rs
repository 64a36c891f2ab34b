//! Loading the page of hits the URL names, again when asked (a running job found more), and
//! keeping the job's summary live while it runs.

use super::place::Place;
use crate::{api::Client, clock::sleep_ms, session::Session};
use joblens_core::{models::ResultsMeta, ApiError, Hit, Job, RequestId, ResponseType, ResultsPage};
use leptos::{prelude::*, task::spawn_local};
use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc,
};
use web_sys::AbortSignal;

const JOB_POLL_MS: u64 = 5_000;

/// A loaded page of hits.
#[derive(Clone)]
pub struct Loaded {
    pub generation: u64,
    /// Which page of which job, in which field names.
    place: (RequestId, u64, ResponseType),
    /// Changes when another page is shown; not when the same page is loaded again because
    /// the running job found more hits (the grid then keeps its place).
    pub view: u64,
    /// Hits the page gained since it was last loaded, when it was loaded again.
    pub added: usize,
    pub page: u64,
    pub hits: Arc<Vec<Hit>>,
    pub meta: ResultsMeta,
}

/// The page on screen and how loading it went; the last page stays until the next arrives.
#[derive(Clone, Copy)]
pub struct Pages {
    pub shown: RwSignal<Option<Loaded>>,
    pub error: RwSignal<Option<ApiError>>,
    pub loading: RwSignal<bool>,
    /// Bumped to load the same page again.
    pub reload: RwSignal<u64>,
}

impl Pages {
    /// Loads the page `place` names whenever it (or the token, or `reload`) changes.
    pub fn follow(
        place: Place,
        client: Client,
        session: Session,
        signal: Option<AbortSignal>,
    ) -> Self {
        let pages = Self {
            shown: RwSignal::new(None),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
            reload: RwSignal::new(0),
        };
        let Self {
            shown,
            error,
            loading,
            reload,
        } = pages;
        // Only the newest request's answer is shown.
        let generation = Arc::new(AtomicU64::new(0));
        Effect::new(move |_| {
            let (id, page, rt) = (place.id.get(), place.page.get(), place.names.get());
            reload.track();
            let Some(token) = session.token.get() else {
                return;
            };
            let seq = generation.fetch_add(1, Ordering::Relaxed) + 1;
            let generation = generation.clone();
            let client = client.clone();
            let signal = signal.clone();
            loading.set(true);
            spawn_local(async move {
                let result = client
                    .results::<ResultsPage>(&id, page, rt, &token, signal.as_ref())
                    .await;
                if generation.load(Ordering::Relaxed) != seq || shown.is_disposed() {
                    return;
                }
                loading.set(false);
                match result {
                    Ok(p) => {
                        crate::mark("joblens:page-data");
                        crate::mark_after_paint("joblens:page-painted");
                        let place = (id, page, rt);
                        let (view, added) = shown.with_untracked(|s| match s {
                            Some(old) if old.place == place => {
                                (old.view, p.hits.len().saturating_sub(old.hits.len()))
                            }
                            Some(old) => (old.view + 1, 0),
                            None => (0, 0),
                        });
                        shown.set(Some(Loaded {
                            generation: seq,
                            place,
                            view,
                            added,
                            page,
                            hits: Arc::new(p.hits),
                            meta: p.meta,
                        }));
                        error.set(None);
                    }
                    Err(ApiError::Aborted) => {}
                    Err(e) => error.set(Some(e)),
                }
            });
        });
        pages
    }

    /// Whether the page shown may still grow: the job's last page, not yet full.
    fn may_grow(&self) -> bool {
        self.shown.with_untracked(|s| {
            s.as_ref()
                .is_none_or(|l| l.meta.next_page.is_none() && l.hits.len() < 1000)
        })
    }
}

/// The job's summary, asked for every few seconds while it runs; when it finds more hits and
/// the page shown may grow, the page is loaded again. Stops when the job is final or gone.
pub fn keep_job_live(
    id: Memo<RequestId>,
    pages: Pages,
    client: Client,
    session: Session,
    signal: Option<AbortSignal>,
) -> (RwSignal<Option<Job>>, RwSignal<Option<ApiError>>) {
    let job = RwSignal::new(None::<Job>);
    let job_error = RwSignal::new(None::<ApiError>);
    spawn_local(async move {
        while let Some(token) = session.token.get_untracked() {
            let Some(rid) = id.try_get_untracked() else {
                break;
            };
            let result = client.job(&rid, &token, signal.as_ref()).await;
            if matches!(result, Err(ApiError::Aborted)) || job.is_disposed() {
                break;
            }
            match result {
                Ok(fresh) => {
                    let grew = job
                        .with_untracked(|old| old.as_ref().map(|o| o.hits_done))
                        .is_some_and(|before| before != fresh.hits_done);
                    let running = !fresh.stage.is_final();
                    job.set(Some(fresh));
                    job_error.set(None);
                    if grew && pages.may_grow() {
                        pages.reload.update(|n| *n += 1);
                    }
                    if !running {
                        break;
                    }
                }
                Err(e) => {
                    let gone = matches!(e, ApiError::NotFound(_));
                    job_error.set(Some(e));
                    if gone {
                        break;
                    }
                }
            }
            sleep_ms(JOB_POLL_MS).await;
        }
    });
    (job, job_error)
}
