//! `joblens-sim`: a faithful simulator of EventLog Analyzer's Jobs API.
//!
//! It answers the three vendor operations with the reference page's envelopes, checks tokens
//! and scopes, enforces the 60-requests-a-minute limit, expires results 24 h after the search,
//! injects faults on demand, and serves Joblens' built `dist/` on the same origin.
//! Endpoints under `/__sim/` are the simulator's own (off unless `admin` is set), never the
//! vendor's.

// Handlers return `Result<Response, Response>`: the error side is the HTTP answer itself.
#![allow(clippy::result_large_err)]

pub mod dialect;
pub mod faults;
pub mod hits;
pub mod jobs;
pub mod rng;

use axum::{
    body::Body,
    extract::{Query, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{any, get, post},
    Json, Router,
};
use dialect::Dialect;
use faults::{BodyFault, Faults};
use hits::Naming;
use jobs::{JobSpec, NewJob, PAGE_SIZE};
use serde::Deserialize;
use serde_json::{json, Value};
use std::{
    collections::{HashMap, HashSet, VecDeque},
    path::PathBuf,
    sync::{
        atomic::{AtomicI64, AtomicU64, Ordering},
        Arc, Mutex, RwLock,
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};
use tower_http::{
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    services::{ServeDir, ServeFile},
};

pub const DEMO_TOKEN: &str = "joblens-demo-token";
pub const SCOPE_READ: &str = "jobs.READ";
pub const SCOPE_DELETE: &str = "jobs.DELETE";
pub const RATE_LIMIT_PER_MINUTE: u32 = 60;
const MINUTE_MS: i64 = 60_000;

/// One accepted token and what it may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGrant {
    pub token: String,
    pub scopes: HashSet<String>,
}

impl TokenGrant {
    /// `TOKEN` (every scope) or `TOKEN=jobs.READ,jobs.DELETE`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (token, scopes) = match spec.split_once('=') {
            Some((t, s)) => (t, s.split(',').map(|s| s.trim().to_owned()).collect()),
            None => (spec, [SCOPE_READ, SCOPE_DELETE].map(String::from).into()),
        };
        if token.is_empty() {
            return Err("a token must not be empty".into());
        }
        let scopes: HashSet<String> = scopes;
        if let Some(bad) = scopes
            .iter()
            .find(|s| *s != SCOPE_READ && *s != SCOPE_DELETE)
        {
            return Err(format!(
                "unknown scope {bad:?}: use {SCOPE_READ} or {SCOPE_DELETE}"
            ));
        }
        Ok(Self {
            token: token.to_owned(),
            scopes,
        })
    }
}

/// Where the simulator's time comes from: the system clock plus an offset the admin endpoint
/// can advance, or a fixed clock for tests.
#[derive(Debug)]
pub enum Clock {
    System { offset_ms: AtomicI64 },
    Manual { now_ms: AtomicI64 },
}

impl Clock {
    pub fn system() -> Self {
        Self::System {
            offset_ms: AtomicI64::new(0),
        }
    }

    pub fn manual(now_ms: i64) -> Self {
        Self::Manual {
            now_ms: AtomicI64::new(now_ms),
        }
    }

    pub fn now_ms(&self) -> i64 {
        match self {
            Self::System { offset_ms } => {
                let sys = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or_default();
                sys + offset_ms.load(Ordering::Relaxed)
            }
            Self::Manual { now_ms } => now_ms.load(Ordering::Relaxed),
        }
    }

    pub fn advance(&self, ms: i64) {
        match self {
            Self::System { offset_ms } => offset_ms.fetch_add(ms, Ordering::Relaxed),
            Self::Manual { now_ms } => now_ms.fetch_add(ms, Ordering::Relaxed),
        };
    }
}

/// How a simulator is set up.
#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    pub tokens: Vec<TokenGrant>,
    /// Requests a minute per token; `None` turns the limit off (benchmarks).
    pub rate_limit: Option<u32>,
    pub faults: Faults,
    /// Serve `/__sim/…` (faults, new jobs, clock, stats, reset).
    pub admin: bool,
    /// Where the JSON line written per request goes.
    pub log: Log,
    /// How the answers are shaped (the reference page's, or a variant's).
    pub dialect: Dialect,
}

/// Where request logs go: one JSON line per request, naming the token by position only.
#[derive(Clone, Debug, Default)]
pub enum Log {
    #[default]
    Off,
    Stderr,
    /// Kept in memory, for tests.
    Memory(Arc<Mutex<Vec<String>>>),
}

impl Default for Config {
    fn default() -> Self {
        Self {
            seed: 42,
            tokens: vec![TokenGrant::parse(DEMO_TOKEN).expect("demo token is valid")],
            rate_limit: Some(RATE_LIMIT_PER_MINUTE),
            faults: Faults::default(),
            admin: false,
            log: Log::Off,
            dialect: Dialect::default(),
        }
    }
}

/// One job and whether it was deleted.
#[derive(Clone, Debug)]
struct Slot {
    spec: JobSpec,
    deleted: bool,
}

impl Slot {
    /// The seeded jobs, none deleted.
    fn seeded(seed: u64, now: i64) -> Vec<Self> {
        jobs::seeded(seed, now)
            .into_iter()
            .map(|spec| Self {
                spec,
                deleted: false,
            })
            .collect()
    }

    /// Not deleted and not yet expired at `now`.
    fn is_live(&self, now: i64) -> bool {
        !self.deleted && now < self.spec.expires_at()
    }
}

/// Drops the times of a sliding one-minute window that are a minute old or more.
fn forget_before_last_minute(window: &mut VecDeque<i64>, now: i64) {
    while window.front().is_some_and(|&t| t + MINUTE_MS <= now) {
        window.pop_front();
    }
}

/// Counters the tests read through `/__sim/stats`.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Stats {
    pub api_requests: u64,
    pub unauthorized: u64,
    pub rate_limited: u64,
    /// The most API requests one token made in any 60 s window.
    pub max_per_minute: u64,
    /// Requests per status code.
    pub by_status: std::collections::BTreeMap<u16, u64>,
    /// When the last API requests arrived (simulator clock, epoch ms), oldest first, at most
    /// 500: tests check a client's pacing from them.
    pub recent: VecDeque<i64>,
}

/// The simulator's whole state.
pub struct Sim {
    config: Config,
    pub clock: Clock,
    jobs: Mutex<Vec<Slot>>,
    faults: RwLock<Faults>,
    windows: Mutex<HashMap<usize, VecDeque<i64>>>,
    /// Every API request each token made in the last minute, accepted or not, for stats.
    seen: Mutex<HashMap<usize, VecDeque<i64>>>,
    stats: Mutex<Stats>,
    draws: AtomicU64,
    dialect: RwLock<Dialect>,
    /// Entries added verbatim to every job list (`PUT /__sim/extra-jobs`), for tests of what a
    /// client does with entries it cannot read.
    extra_jobs: Mutex<Vec<Value>>,
    /// Statuses the next API requests get, whatever they ask (`POST /__sim/fail-next`):
    /// 429, a 5xx, or 0 for a connection dropped midway.
    fail_next: Mutex<VecDeque<u16>>,
}

/// Which token a request used: its position on the command line, never the token itself.
#[derive(Clone, Copy, Debug)]
pub struct TokenLabel(pub usize);

type Answer = Result<Response, Response>;

/// The status an error meant, kept on its response: a dialect may send it as HTTP 200, and the
/// stats count what it meant.
#[derive(Clone, Copy, Debug)]
struct Meant(StatusCode);

/// An error of the simulator's own endpoints (`/__sim/`): always the flat shape.
fn admin_error(detail: impl Into<String>) -> Response {
    let body = json!({ "code": "070011100", "title": "Bad Request", "detail": detail.into() });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

impl Sim {
    pub fn new(config: Config, clock: Clock) -> Arc<Self> {
        let now = clock.now_ms();
        let jobs = Slot::seeded(config.seed, now);
        Arc::new(Self {
            faults: RwLock::new(config.faults.clone()),
            dialect: RwLock::new(config.dialect.clone()),
            config,
            clock,
            jobs: Mutex::new(jobs),
            windows: Mutex::default(),
            seen: Mutex::default(),
            stats: Mutex::default(),
            draws: AtomicU64::new(0),
            extra_jobs: Mutex::default(),
            fail_next: Mutex::default(),
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect.read().expect("dialect lock").clone()
    }

    pub fn set_dialect(&self, dialect: Dialect) {
        *self.dialect.write().expect("dialect lock") = dialect;
    }

    /// A vendor error in the dialect's shape and status. Only `070011101` (401) is the
    /// vendor's code; the others are the simulator's, from the shared v2 framework's
    /// numbering where it has one (simulator/README.md).
    fn error(
        &self,
        status: StatusCode,
        code: &str,
        title: &str,
        detail: impl Into<String>,
    ) -> Response {
        let d = self.dialect();
        let body = d.error_body(code, title, &detail.into());
        let sent = StatusCode::from_u16(d.error_status(status.as_u16())).unwrap_or(status);
        let mut res = (sent, Json(body)).into_response();
        res.extensions_mut().insert(Meant(status));
        res
    }

    fn unauthorized(&self) -> Response {
        self.error(
            StatusCode::UNAUTHORIZED,
            "070011101",
            "Unauthorized",
            "Invalid or missing AuthToken. Check whether the AuthToken is not revoked or expired.",
        )
    }

    fn bad_request(&self, detail: impl Into<String>) -> Response {
        self.error(StatusCode::BAD_REQUEST, "070011100", "Bad Request", detail)
    }

    fn not_found(&self, detail: impl Into<String>) -> Response {
        self.error(StatusCode::NOT_FOUND, "070011104", "Not Found", detail)
    }

    fn no_job(&self, id: &str) -> Response {
        self.not_found(format!(
            "No job found for requestId [{id}]. It may have been deleted, or its results expired 24 hours after the search."
        ))
    }

    fn server_error(&self, status: StatusCode) -> Response {
        self.error(
            status,
            "070011500",
            "Internal Server Error",
            "The server failed to process the request (simulated fault).",
        )
    }

    /// A 429, with `Retry-After` in seconds unless the dialect leaves it out.
    fn too_many(&self, wait_ms: i64) -> Response {
        let secs = (wait_ms.max(1) as u64).div_ceil(1000);
        let mut res = self.error(
            StatusCode::TOO_MANY_REQUESTS,
            "070011129",
            "Too Many Requests",
            format!("The limit of {RATE_LIMIT_PER_MINUTE} requests per minute was reached. Retry after {secs} seconds."),
        );
        if !self.dialect().no_retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }

    /// Sets the entries added verbatim to every job list.
    pub fn set_extra_jobs(&self, entries: Vec<Value>) {
        *self.extra_jobs.lock().expect("extra lock") = entries;
    }

    /// Queues statuses for the next API requests (0: the connection drops midway).
    pub fn fail_next(&self, statuses: impl IntoIterator<Item = u16>) {
        self.fail_next.lock().expect("script lock").extend(statuses);
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn faults(&self) -> Faults {
        self.faults.read().expect("faults lock").clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.write().expect("faults lock") = faults;
    }

    pub fn stats(&self) -> Stats {
        self.stats.lock().expect("stats lock").clone()
    }

    /// A draw in 0.0..1.0 from the run's seeded sequence.
    fn draw(&self) -> f64 {
        let n = self.draws.fetch_add(1, Ordering::Relaxed);
        rng::Rng::new(rng::hash(&[self.config.seed, 0xFA17, n])).unit()
    }

    fn chance(&self, rate: f64) -> bool {
        rate > 0.0 && self.draw() < rate
    }

    /// Adds a job as if a client had submitted an asynchronous search now.
    pub fn submit(&self, new: NewJob) -> JobSpec {
        let mut jobs = self.jobs.lock().expect("jobs lock");
        let spec = new.into_spec(self.config.seed, jobs.len() as u64, self.clock.now_ms());
        jobs.push(Slot {
            spec: spec.clone(),
            deleted: false,
        });
        spec
    }

    /// Back to the seeded jobs, no faults but the configured ones, fresh limits and stats.
    pub fn reset(&self) {
        let now = self.clock.now_ms();
        *self.jobs.lock().expect("jobs lock") = Slot::seeded(self.config.seed, now);
        self.set_faults(self.config.faults.clone());
        self.set_dialect(self.config.dialect.clone());
        self.set_extra_jobs(Vec::new());
        self.fail_next.lock().expect("script lock").clear();
        self.windows.lock().expect("limit lock").clear();
        self.seen.lock().expect("seen lock").clear();
        *self.stats.lock().expect("stats lock") = Stats::default();
    }

    /// Live jobs (not deleted, not expired) at `now`, newest first.
    fn live(&self, now: i64) -> Vec<JobSpec> {
        let jobs = self.jobs.lock().expect("jobs lock");
        let mut live: Vec<JobSpec> = jobs
            .iter()
            .filter(|s| s.is_live(now))
            .map(|s| s.spec.clone())
            .collect();
        live.sort_by_key(|j| std::cmp::Reverse(j.submitted_at));
        live
    }

    fn find(&self, id: &str, now: i64) -> Option<JobSpec> {
        self.live(now).into_iter().find(|j| j.request_id == id)
    }

    fn count(&self, res: &Response) {
        let status = res
            .extensions()
            .get::<Meant>()
            .map_or(res.status(), |m| m.0);
        let mut stats = self.stats.lock().expect("stats lock");
        *stats.by_status.entry(status.as_u16()).or_default() += 1;
        match status {
            StatusCode::UNAUTHORIZED => stats.unauthorized += 1,
            StatusCode::TOO_MANY_REQUESTS => stats.rate_limited += 1,
            _ => {}
        }
    }

    /// Authentication, scope, rate limit and request-level faults, in the server's order.
    async fn gate(&self, headers: &HeaderMap, scope: &str) -> Result<TokenLabel, Response> {
        {
            let mut stats = self.stats.lock().expect("stats lock");
            stats.api_requests += 1;
            if stats.recent.len() == 500 {
                stats.recent.pop_front();
            }
            stats.recent.push_back(self.clock.now_ms());
        }
        let latency = self.faults().latency_ms;
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        let Some((label, grant)) = self.grant_of(headers) else {
            return Err(self.unauthorized());
        };
        let now = self.clock.now_ms();
        self.note_seen(label, now);
        let scripted = self.fail_next.lock().expect("script lock").pop_front();
        if let Some(status) = scripted {
            return Err(match status {
                429 => self.too_many(self.faults().throttle_retry_after_s.max(1) as i64 * 1000),
                0 => streamed(
                    br#"{"data":{"jobs":{"requests":[]}}}"#.repeat(2048),
                    true,
                    0,
                ),
                s => self.server_error(
                    StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                ),
            });
        }
        if !grant.scopes.contains(scope) {
            return Err(self.error(
                StatusCode::FORBIDDEN,
                "070011106",
                "Forbidden",
                format!("The AuthToken does not have the {scope} scope needed for this operation."),
            ));
        }
        if let Some(limit) = self.config.rate_limit {
            let mut windows = self.windows.lock().expect("limit lock");
            let window = windows.entry(label.0).or_default();
            forget_before_last_minute(window, now);
            if window.len() >= limit as usize {
                let wait_ms = window[window.len() - limit as usize] + MINUTE_MS - now;
                return Err(self.too_many(wait_ms));
            }
            window.push_back(now);
        }
        let faults = self.faults();
        if self.chance(faults.throttle_rate) {
            return Err(self.too_many(faults.throttle_retry_after_s.max(1) as i64 * 1000));
        }
        if self.chance(faults.error_rate) {
            let status = if self.draw() < 0.5 {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            return Err(self.server_error(status));
        }
        Ok(label)
    }

    /// The grant a request's `Authorization: Bearer` header names, and its position.
    fn grant_of(&self, headers: &HeaderMap) -> Option<(TokenLabel, &TokenGrant)> {
        let presented = headers
            .get(header::AUTHORIZATION)?
            .to_str()
            .ok()?
            .strip_prefix("Bearer ")?
            .trim();
        self.config
            .tokens
            .iter()
            .enumerate()
            .find(|(_, g)| g.token == presented)
            .map(|(i, g)| (TokenLabel(i), g))
    }

    fn note_seen(&self, label: TokenLabel, now: i64) {
        let mut seen = self.seen.lock().expect("seen lock");
        let window = seen.entry(label.0).or_default();
        forget_before_last_minute(window, now);
        window.push_back(now);
        let n = window.len() as u64;
        drop(seen);
        let mut stats = self.stats.lock().expect("stats lock");
        stats.max_per_minute = stats.max_per_minute.max(n);
    }

    /// A success answer, with whatever body fault is switched on.
    fn reply(&self, value: &Value) -> Response {
        let bytes = serde_json::to_vec(value).expect("a Value always serialises");
        let faults = self.faults();
        let fault = if self.chance(faults.truncate_rate) {
            BodyFault::Truncate
        } else if self.chance(faults.malformed_rate) {
            BodyFault::Malformed
        } else if self.chance(faults.drop_rate) {
            BodyFault::Drop
        } else {
            BodyFault::None
        };
        body_with(bytes, fault, faults.slow_body_ms)
    }
}

/// Builds a JSON body, possibly broken or slow on purpose.
fn body_with(bytes: Vec<u8>, fault: BodyFault, slow_ms: u64) -> Response {
    match fault {
        BodyFault::Truncate => {
            let half = bytes.len() / 2;
            json_response(Body::from(bytes[..half].to_vec()))
        }
        BodyFault::Malformed => json_response(Body::from(
            "<html><body>502 Bad Gateway</body></html>{\"data\":",
        )),
        BodyFault::Drop => streamed(bytes, true, slow_ms),
        BodyFault::None if slow_ms > 0 => streamed(bytes, false, slow_ms),
        BodyFault::None => json_response(Body::from(bytes)),
    }
}

fn json_response(body: Body) -> Response {
    let mut res = Response::new(body);
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

/// Sends the body in 16 KiB chunks, `slow_ms` apart; with `drop`, the connection is reset
/// after half of them.
fn streamed(bytes: Vec<u8>, drop: bool, slow_ms: u64) -> Response {
    let chunks: Vec<bytes::Bytes> = bytes
        .chunks(16 * 1024)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    let keep = if drop { chunks.len() / 2 } else { chunks.len() };
    let stream = futures_util::stream::unfold(0usize, move |i| {
        let next = match chunks.get(i) {
            _ if drop && i == keep => Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "simulated connection drop",
            ))),
            Some(c) if i < keep => Some(Ok(c.clone())),
            _ => None,
        };
        async move {
            if i > 0 && slow_ms > 0 {
                tokio::time::sleep(Duration::from_millis(slow_ms)).await;
            }
            // What came before the drop goes out first: a connection that closes before any
            // of the answer arrives is one a browser silently retries.
            if drop && i == keep {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            next.map(|item| (item, i + 1))
        }
    });
    json_response(Body::from_stream(stream))
}

/// Query parameters the vendor's operations take; each is validated by hand so a malformed one
/// gets a clear 400 body, never axum's plain-text rejection.
#[derive(Debug, Default, Deserialize)]
struct Params {
    request_id: Option<String>,
    page: Option<String>,
    response_type: Option<String>,
}

fn required_id<'a>(sim: &Sim, p: &'a Params) -> Result<&'a str, Response> {
    match p.request_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => Ok(id),
        _ => Err(sim.bad_request("The request_id parameter is required.")),
    }
}

async fn list_jobs(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Answer {
    sim.gate(&headers, SCOPE_READ).await?;
    let now = sim.clock.now_ms();
    let faults = sim.faults();
    let dialect = sim.dialect();
    let asked = p
        .request_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let jobs = match asked {
        // Every live job, the one asked for (if it exists) last, so a client that takes the
        // first is caught.
        Some(id) if dialect.lookup_lists_all => {
            let mut all = sim.live(now);
            if let Some(at) = all.iter().position(|j| j.request_id == id) {
                let job = all.remove(at);
                all.push(job);
            }
            all
        }
        Some(id) => match sim.find(id, now) {
            Some(job) if !sim.chance(faults.vanish_rate) => vec![job],
            _ => return Err(sim.no_job(id)),
        },
        None => sim.live(now),
    };
    let stage = faults.unknown_stage.then_some("QUEUED");
    let mut requests: Vec<Value> = jobs
        .iter()
        .map(|j| match j.to_json(now, stage) {
            Value::Object(o) => Value::Object(dialect.job(o)),
            other => other,
        })
        .collect();
    if asked.is_none() || dialect.lookup_lists_all {
        requests.extend(sim.extra_jobs.lock().expect("extra lock").iter().cloned());
    }
    let total = if dialect.string_numbers {
        json!(requests.len().to_string())
    } else {
        json!(requests.len())
    };
    let body = json!({
        "data": { "jobs": { "requests": requests } },
        "meta": { "total_items": total },
    });
    Ok(sim.reply(&body))
}

async fn delete_job(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Answer {
    sim.gate(&headers, SCOPE_DELETE).await?;
    let id = required_id(&sim, &p)?;
    let now = sim.clock.now_ms();
    {
        let mut jobs = sim.jobs.lock().expect("jobs lock");
        match jobs
            .iter_mut()
            .find(|s| s.spec.request_id == id && s.is_live(now))
        {
            Some(slot) => slot.deleted = true,
            None => return Err(sim.no_job(id)),
        }
    }
    let dialect = sim.dialect();
    Ok(match dialect.delete_body(id) {
        Some(body) => sim.reply(&body),
        None if dialect.delete_reply == dialect::DeleteReply::NoContent => {
            StatusCode::NO_CONTENT.into_response()
        }
        None => json_response(Body::empty()),
    })
}

async fn results(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Answer {
    sim.gate(&headers, SCOPE_READ).await?;
    let id = required_id(&sim, &p)?;
    let page = match p.page.as_deref() {
        None | Some("") => 1,
        Some(s) => match s.parse::<u64>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(sim.bad_request(format!(
                    "The page parameter must be a whole number from 1, got {s:?}."
                )))
            }
        },
    };
    // The reference example asks without response_type and gets display names.
    let naming = match p.response_type.as_deref() {
        None | Some("") | Some("client") => Naming::Client,
        Some("server") => Naming::Server,
        Some(other) => {
            return Err(sim.bad_request(format!(
                "The response_type parameter accepts client or server, got {other:?}."
            )))
        }
    };
    let now = sim.clock.now_ms();
    let job = match sim.find(id, now) {
        Some(job) if !sim.chance(sim.faults().vanish_rate) => job,
        _ => return Err(sim.no_job(id)),
    };
    let dialect = sim.dialect();
    let state = job.at(now);
    let available = state.hits_done;
    let total_pages = state.total_pages();
    let past_end = page > total_pages.max(1);
    if past_end && !dialect.empty_past_end {
        return Err(sim.not_found(format!(
            "Page {page} is past the last page ({}) of requestId [{id}].",
            total_pages.max(1)
        )));
    }
    let (from, to) = if past_end {
        (0, 0)
    } else {
        ((page - 1) * PAGE_SIZE, (page * PAGE_SIZE).min(available))
    };
    let hits = job.hit_source(sim.config.seed).hits(from, to, naming);
    let mut body = json!({ "data": { "hits": hits } });
    if !dialect.no_results_meta {
        let mut meta = serde_json::Map::new();
        if page < total_pages {
            meta.insert("next_page".into(), json!(page + 1));
        }
        meta.insert("total_items".into(), json!(available));
        meta.insert("items_in_current_page".into(), json!(to - from));
        body["meta"] = Value::Object(meta);
    }
    Ok(sim.reply(&body))
}

async fn api_not_found(State(sim): State<Arc<Sim>>) -> Response {
    sim.not_found("No such API operation. The Jobs API has GET and DELETE /api/v2/jobs and GET /api/v2/jobs/results.")
}

// ----- the simulator's own endpoints (not part of the vendor API) -----

async fn get_faults(State(sim): State<Arc<Sim>>) -> Json<Faults> {
    Json(sim.faults())
}

async fn put_faults(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Faults>(&body)
        .map_err(|e| e.to_string())
        .and_then(|f| f.validate().map(|()| f))
    {
        Ok(f) => {
            sim.set_faults(f.clone());
            Json(f).into_response()
        }
        Err(e) => admin_error(format!("Invalid faults: {e}")),
    }
}

async fn get_dialect(State(sim): State<Arc<Sim>>) -> Json<Dialect> {
    Json(sim.dialect())
}

async fn put_dialect(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Dialect>(&body) {
        Ok(d) => {
            sim.set_dialect(d.clone());
            Json(d).into_response()
        }
        Err(e) => admin_error(format!("Invalid dialect: {e}")),
    }
}

async fn put_extra_jobs(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Vec<Value>>(&body) {
        Ok(entries) => {
            sim.set_extra_jobs(entries);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => admin_error(format!("Invalid entries (a JSON array): {e}")),
    }
}

async fn post_fail_next(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Vec<u16>>(&body) {
        Ok(statuses)
            if statuses
                .iter()
                .all(|&s| s == 0 || s == 429 || (500..600).contains(&s)) =>
        {
            sim.fail_next(statuses);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => admin_error("A JSON array of statuses: 429, 500-599, or 0 for a dropped connection."),
    }
}

async fn post_job(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    let body: &[u8] = if body.is_empty() { b"{}" } else { &body };
    match serde_json::from_slice::<NewJob>(body) {
        Ok(new) => {
            let spec = sim.submit(new);
            (
                StatusCode::CREATED,
                Json(json!({ "request_id": spec.request_id })),
            )
                .into_response()
        }
        Err(e) => admin_error(format!("Invalid job: {e}")),
    }
}

#[derive(Deserialize)]
struct Advance {
    advance_ms: i64,
}

async fn post_clock(State(sim): State<Arc<Sim>>, Json(a): Json<Advance>) -> Json<Value> {
    sim.clock.advance(a.advance_ms);
    Json(json!({ "now_ms": sim.clock.now_ms() }))
}

async fn post_reset(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.reset();
    StatusCode::NO_CONTENT
}

async fn get_stats(State(sim): State<Arc<Sim>>) -> Json<Stats> {
    Json(sim.stats())
}

/// Writes one JSON line per request: method, path, query, status, time, and which token by
/// position (never the token).
async fn log_requests(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let label = sim.grant_of(req.headers()).map(|(l, _)| l);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let is_api = path.starts_with("/api/");
    if is_api {
        sim.count(&res);
    }
    if !matches!(sim.config.log, Log::Off) {
        let line = json!({
            "ts": sim.clock.now_ms(),
            "method": method.as_str(),
            "path": path,
            "query": query,
            "status": res.status().as_u16(),
            "ms": started.elapsed().as_secs_f64() * 1000.0,
            "token": label.map(|l| format!("#{}", l.0 + 1)),
        });
        match &sim.config.log {
            Log::Memory(lines) => lines.lock().expect("log lock").push(line.to_string()),
            _ => eprintln!("{line}"),
        }
    }
    res
}

/// Where the app is served from and who else may call the API.
#[derive(Clone, Debug, Default)]
pub struct Serving {
    pub dist: Option<PathBuf>,
    pub cors_origins: Vec<String>,
}

/// The whole HTTP surface: the vendor API, the simulator's own endpoints when enabled, and the
/// app's static files with an SPA fallback.
pub fn router(sim: Arc<Sim>, serving: &Serving) -> Router {
    let mut app = Router::new()
        .route("/api/v2/jobs", get(list_jobs).delete(delete_job))
        .route("/api/v2/jobs/results", get(results))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found));
    if sim.config.admin {
        app = app
            .route("/__sim/faults", get(get_faults).put(put_faults))
            .route("/__sim/dialect", get(get_dialect).put(put_dialect))
            .route("/__sim/extra-jobs", axum::routing::put(put_extra_jobs))
            .route("/__sim/fail-next", post(post_fail_next))
            .route("/__sim/jobs", post(post_job))
            .route("/__sim/clock", post(post_clock))
            .route("/__sim/reset", post(post_reset))
            .route("/__sim/stats", get(get_stats));
    }
    if let Some(dist) = &serving.dist {
        let index = ServeFile::new(dist.join("index.html"));
        app = app.fallback_service(ServeDir::new(dist).fallback(index));
    }
    let mut app = app
        .layer(middleware::from_fn_with_state(sim.clone(), log_requests))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .with_state(sim);
    if !serving.cors_origins.is_empty() {
        let allow = if serving.cors_origins.iter().any(|o| o == "*") {
            AllowOrigin::any()
        } else {
            AllowOrigin::list(
                serving
                    .cors_origins
                    .iter()
                    .filter_map(|o| HeaderValue::from_str(o).ok()),
            )
        };
        app = app.layer(
            CorsLayer::new()
                .allow_origin(allow)
                // PUT, POST and Content-Type serve the `/__sim/` endpoints, when they are on.
                .allow_methods([Method::GET, Method::DELETE, Method::PUT, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .expose_headers([header::RETRY_AFTER]),
        );
    }
    app
}
