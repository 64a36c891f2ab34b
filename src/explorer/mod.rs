//! Exploring a whole job: its pages fetched one by one through the app's request budget and
//! handed to the explore worker (`link`), which keeps them and answers questions about them.
//! One job is explored at a time; its hits are released (the worker terminated) when the user
//! leaves the job or presses Forget.

mod link;
mod loader;
mod replies;

use crate::{api::Client, session::Session};
use joblens_core::{
    explore::{
        plan::{Plan, Status},
        protocol::{Answer, Ask, Stats, ToWorker, View},
    },
    export::Format,
    hits::FieldSummary,
    Hit, RequestId, ResponseType,
};
use leptos::{prelude::*, task::spawn_local};
use link::Link;
use send_wrapper::SendWrapper;
use std::sync::Arc;
use web_sys::AbortController;

/// Matching hits sent to the page at a time, a page of the grid (Kibana's Discover shows 500,
/// Splunk 20 to 100): each answer's rows are read and drawn on the page's thread, and 200 keep
/// that well under a frame budget's worth of work.
pub const ROWS: usize = 200;
/// Top values per field in the field summary.
const TOP_N: usize = 5;
/// Histogram buckets at most.
const BUCKETS: i64 = 60;
/// While pages arrive, what is shown is asked for again at most this often: each answer costs
/// the page a few milliseconds to read and draw.
const REFRESH_MS: u64 = 500;
/// How often a running job's summary is asked for once every page found so far is held.
const JOB_POLL_MS: u64 = 5_000;
/// A page that failed after the client's own retries is tried this many more times, this far
/// apart, before it is named as failed.
const PAGE_ROUNDS: u32 = 1;
const PAGE_ROUND_MS: u64 = 2_000;

/// The job being explored and everything known about it; signals live as long as the app.
#[derive(Clone, Copy)]
pub struct Explorer {
    /// The job explored and the field names its pages are loaded in.
    pub job: RwSignal<Option<(RequestId, ResponseType)>>,
    pub status: RwSignal<Status>,
    pub plan: RwSignal<Plan>,
    pub stats: RwSignal<Stats>,
    /// The newest question's answer (its field summary and rows apart, in `facets` and
    /// `rows`).
    pub answer: RwSignal<Option<Arc<Answer>>>,
    pub facets: RwSignal<Arc<Vec<FieldSummary>>>,
    pub rows: RwSignal<Arc<Vec<Hit>>>,
    /// Changes when `rows` does: the grid renders new rows only then.
    pub rows_version: RwSignal<u64>,
    /// The worker's memory when it started and now, in bytes.
    pub memory: RwSignal<(u64, u64)>,
    /// Milliseconds the worker took for the last answer and the last page added.
    pub query_ms: RwSignal<Option<f64>>,
    pub add_ms: RwSignal<Option<f64>>,
    /// An export from the store: the hits saved and the file's name, or why nothing was.
    pub exported: RwSignal<Option<Result<(usize, String), String>>>,
    pub exporting: RwSignal<bool>,
    run: StoredValue<Run, LocalStorage>,
    client: StoredValue<Client>,
    session: Session,
}

/// What one exploration owns; replaced whole when another starts or it is forgotten.
#[derive(Default)]
struct Run {
    /// Bumped for each exploration: replies and tasks of an older one are ignored.
    generation: u64,
    link: Option<Link>,
    ready: bool,
    /// Messages held until the worker is ready (it drops what comes before).
    outbox: Vec<String>,
    /// Aborts the loader's request and waits.
    cancel: Option<SendWrapper<AbortController>>,
    /// The question last asked, whether its answer is awaited, and whether to ask again.
    asked: Option<Ask>,
    in_flight: bool,
    again: bool,
    /// When what is shown was last asked again because pages arrived, and whether another
    /// time is already set.
    refreshed_at: u64,
    refresh_set: bool,
    export: Option<(u64, Format, String)>,
    /// The newest answer's field summary and rows, until they are handed over (see
    /// `replies`), and whether a hand-over is under way.
    facets_due: Option<Vec<FieldSummary>>,
    rows_due: Option<Vec<Hit>>,
    handing_over: bool,
}

impl Explorer {
    pub fn new(client: Client, session: Session) -> Self {
        Self {
            job: RwSignal::new(None),
            status: RwSignal::new(Status::Idle),
            plan: RwSignal::new(Plan::default()),
            stats: RwSignal::new(Stats::default()),
            answer: RwSignal::new(None),
            facets: RwSignal::new(Arc::default()),
            rows: RwSignal::new(Arc::default()),
            rows_version: RwSignal::new(0),
            memory: RwSignal::new((0, 0)),
            query_ms: RwSignal::new(None),
            add_ms: RwSignal::new(None),
            exported: RwSignal::new(None),
            exporting: RwSignal::new(false),
            run: StoredValue::new_local(Run::default()),
            client: StoredValue::new(client),
            session,
        }
    }

    /// Whether this job, in these names, is the one held.
    pub fn holds(&self, id: &RequestId, names: ResponseType) -> bool {
        self.job
            .with(|j| j.as_ref().is_some_and(|(i, n)| i == id && *n == names))
    }

    /// Starts exploring a job: a fresh worker, and its pages loaded from the first missing.
    pub fn start(&self, id: RequestId, names: ResponseType, max_hits: u64) {
        self.forget();
        let generation = self.run.with_value(|r| r.generation) + 1;
        let this = *self;
        let link = Link::spawn(
            move |reply| this.on_reply(generation, reply),
            move |why| this.on_worker_error(generation, why),
        );
        let link = match link {
            Ok(link) => link,
            Err(why) => {
                self.status.set(Status::Broken(format!(
                    "the explorer could not be started: {why}"
                )));
                return;
            }
        };
        self.run.set_value(Run {
            generation,
            link: Some(link),
            ..Run::default()
        });
        self.job.set(Some((id, names)));
        self.plan.set(Plan::new(max_hits));
        self.status.set(Status::Starting);
        self.resume();
    }

    /// Releases everything held: the worker (and its memory), the loader, the answers.
    pub fn forget(&self) {
        self.run.update_value(|r| {
            if let Some(c) = r.cancel.take() {
                c.abort();
            }
            // Dropping the link terminates the worker.
            *r = Run {
                generation: r.generation + 1,
                ..Run::default()
            };
        });
        self.job.set(None);
        self.status.set(Status::Idle);
        self.plan.set(Plan::default());
        self.stats.set(Stats::default());
        self.answer.set(None);
        self.facets.set(Arc::default());
        self.rows.set(Arc::default());
        self.memory.set((0, 0));
        self.query_ms.set(None);
        self.add_ms.set(None);
        self.exported.set(None);
        self.exporting.set(false);
    }

    pub fn pause(&self) {
        if self.status.get_untracked().is_active() {
            self.status.set(Status::Paused);
        }
    }

    /// Stops loading now (a request under way is abandoned); what is held stays.
    pub fn stop(&self) {
        self.run.update_value(|r| {
            if let Some(c) = r.cancel.take() {
                c.abort();
            }
        });
        if !matches!(self.status.get_untracked(), Status::Idle | Status::Done) {
            self.status.set(Status::Stopped);
        }
    }

    /// Goes on loading after a pause or a stop, failed pages included.
    pub fn resume(&self) {
        let client = self.client.get_value();
        let session = self.session;
        self.plan.update(Plan::retry_failed);
        if self.status.get_untracked() == Status::Paused {
            // The loader is still there, waiting.
            self.status.set(Status::Loading);
            return;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let generation = self.run.with_value(|r| r.generation);
        self.run.update_value(|r| {
            if let Some(old) = r.cancel.replace(SendWrapper::new(controller.clone())) {
                old.abort();
            }
        });
        self.status.set(Status::Loading);
        let this = *self;
        spawn_local(async move { this.load(generation, client, session, controller).await });
    }

    fn current(&self, generation: u64) -> bool {
        self.run
            .try_with_value(|r| r.generation == generation)
            .unwrap_or(false)
    }

    fn post(&self, message: ToWorker) {
        if let Ok(text) = serde_json::to_string(&message) {
            self.post_text(text);
        }
    }

    /// A message already written as JSON text.
    fn post_text(&self, text: String) {
        self.run.update_value(|r| match (&r.link, r.ready) {
            (Some(link), true) => link.post(&text),
            (Some(_), false) => r.outbox.push(text),
            (None, _) => {}
        });
    }

    /// A page the user already has (the hits page shows it): added without fetching it again.
    pub fn offer(&self, id: &RequestId, names: ResponseType, page: u64, hits: &[Hit]) {
        if !self.holds(id, names) || self.plan.with_untracked(|p| p.held_of(page)) >= hits.len() {
            return;
        }
        self.plan.update(|p| p.held(page, hits.len()));
        self.post(ToWorker::Add {
            page,
            hits: hits.to_vec(),
        });
    }

    /// Asks about every hit held: the matches of `view`, `ROWS` of them from `offset`, with
    /// field summaries and a histogram. Only the newest question is answered on screen; while
    /// one is worked on, the next waits.
    pub fn ask(&self, view: View, offset: usize) {
        self.run.update_value(|r| {
            let id = r.asked.as_ref().map_or(1, |a| a.id + 1);
            r.asked = Some(Ask {
                id,
                view,
                offset,
                limit: ROWS,
                top_n: TOP_N,
                buckets: BUCKETS,
            });
            r.again = r.in_flight;
        });
        self.send_question();
    }

    fn send_question(&self) {
        let ask = self.run.try_update_value(|r| {
            if r.in_flight || r.link.is_none() {
                return None;
            }
            let ask = r.asked.clone()?;
            r.in_flight = true;
            r.again = false;
            Some(ask)
        });
        if let Some(Some(ask)) = ask {
            self.post(ToWorker::Ask(ask));
        }
    }

    /// Saves every hit matching `view` as a file, written by the worker from the store.
    pub fn export(&self, view: View, format: Format, columns: Vec<String>) {
        let Some((id, _)) = self.job.get_untracked() else {
            return;
        };
        let name = joblens_core::export::matches_file_name(id.as_str(), format.extension());
        let export_id = self.run.try_update_value(|r| {
            let n = r.export.as_ref().map_or(1, |e| e.0 + 1);
            r.export = Some((n, format, name));
            n
        });
        let Some(export_id) = export_id else { return };
        self.exporting.set(true);
        self.exported.set(None);
        self.post(ToWorker::Export {
            id: export_id,
            view,
            format,
            columns,
        });
    }
}
