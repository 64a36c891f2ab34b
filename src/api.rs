//! The one module that talks HTTP: it builds the URLs, sets `Authorization`, draws every
//! request from the app's shared budget, enforces a timeout, reads each answer with
//! `joblens_core::decode` (bytes straight to serde_json, no detour through JS objects), and
//! turns every failure into an [`ApiError`]. Views never see a raw response.

use crate::{
    clock::{now_ms, sleep_ms},
    session::Session,
};
use futures::{future::Either, pin_mut};
use gloo_net::http::Request;
use joblens_core::{
    budget::{Backoff, Budget},
    config::AppConfig,
    decode::{Answer, Readable},
    models::{Deleted, JobsPage, ResponseType},
    ApiError, Credential, Job, RequestId,
};
use std::sync::{Arc, Mutex};
use web_sys::{AbortController, AbortSignal};

const DEFAULT_TIMEOUT_MS: u32 = 20_000;

/// The Jobs API client shared by the whole app (cheap to clone: the budget is shared).
#[derive(Clone, Debug)]
pub struct Client {
    /// Empty for the page's own origin, or a full URL such as `https://siem.example:8400`.
    base: Arc<Mutex<String>>,
    timeout_ms: u32,
    retry: Backoff,
    budget: Arc<Mutex<Budget>>,
    /// The session every outcome is reported to, so that a refused token brings the connect
    /// screen back whichever view asked.
    session: Option<Session>,
}

impl Default for Client {
    fn default() -> Self {
        Self::new("")
    }
}

/// Reads `config.json` beside `index.html` (relative, so a sub-path deployment finds its own):
/// the configuration, or every problem with it. No file means the defaults.
pub async fn load_config() -> Result<AppConfig, Vec<String>> {
    let unreadable = |why: String| vec![format!("config.json could not be read: {why}")];
    let response = Request::get("config.json")
        .send()
        .await
        .map_err(|e| unreadable(e.to_string()))?;
    let html = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.starts_with("text/html"));
    if response.status() == 404 || html {
        // No file: an SPA fallback answers with index.html.
        return Ok(AppConfig::default());
    }
    if !response.ok() {
        return Err(unreadable(format!("HTTP {}", response.status())));
    }
    let bytes = response
        .binary()
        .await
        .map_err(|e| unreadable(e.to_string()))?;
    AppConfig::parse(&bytes)
}

fn query_value(v: &str) -> String {
    js_sys::encode_uri_component(v).into()
}

impl Client {
    pub fn new(base: &str) -> Self {
        Self {
            base: Arc::new(Mutex::new(base.trim_end_matches('/').to_owned())),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry: Backoff {
                max_attempts: 3,
                ..Backoff::default()
            },
            budget: Arc::new(Mutex::new(crate::storage::budget().unwrap_or_default())),
            session: None,
        }
    }

    /// The same client, reporting how each request went to `session`.
    pub fn reporting_to(mut self, session: Session) -> Self {
        self.session = Some(session);
        self
    }

    /// The same client with its own budget (tests use a small one to see it work quickly).
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = Arc::new(Mutex::new(budget));
        self
    }

    pub fn with_timeout_ms(mut self, ms: u32) -> Self {
        self.timeout_ms = ms;
        self
    }

    pub fn with_retry(mut self, retry: Backoff) -> Self {
        self.retry = retry;
        self
    }

    /// How long the next request would wait for the budget, in ms (0: it would go now).
    pub fn budget_wait_ms(&self) -> u64 {
        self.budget.lock().expect("budget lock").wait_ms(now_ms())
    }

    fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base())
    }

    /// Where the API is: empty for the page's own origin.
    pub fn base(&self) -> String {
        self.base.lock().expect("base lock").clone()
    }

    /// Points this client, and every clone of it, at another API base URL.
    pub fn set_base(&self, base: &str) {
        *self.base.lock().expect("base lock") = base.trim_end_matches('/').to_owned();
    }

    /// Takes a request from the budget, waiting as long as it says.
    async fn draw(&self) {
        loop {
            let wait = {
                let mut budget = self.budget.lock().expect("budget lock");
                match budget.try_acquire(now_ms()) {
                    Ok(()) => {
                        crate::storage::set_budget(&budget);
                        return;
                    }
                    Err(wait) => wait,
                }
            };
            sleep_ms(wait).await;
        }
    }

    /// Sends one request and returns the server's answer, whatever its status.
    async fn exchange(
        &self,
        method: &'static str,
        target: &str,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<Received, ApiError> {
        if cancel.is_some_and(AbortSignal::aborted) {
            return Err(ApiError::Aborted);
        }
        self.draw().await;
        let controller = AbortController::new().map_err(|_| ApiError::Aborted)?;
        // A view's cancellation aborts this request too.
        let _forward = cancel.map(|outer| forward_abort(outer, &controller));
        let url = self.url(target);
        let builder = match method {
            "DELETE" => Request::delete(&url),
            _ => Request::get(&url),
        };
        let builder = match cred.authorization() {
            Some(value) => builder.header("Authorization", &value),
            None => builder,
        };
        let request = builder
            .header("Accept", "application/json")
            .abort_signal(Some(&controller.signal()));
        let exchange = async {
            let response = request.send().await.map_err(|e| transport_error(&e))?;
            let body = response.binary().await.map_err(|e| transport_error(&e))?;
            let headers = response.headers();
            Ok::<_, ApiError>(Received {
                status: response.status(),
                content_type: headers.get("content-type"),
                retry_after: headers.get("retry-after"),
                body,
            })
        };
        let timeout = sleep_ms(u64::from(self.timeout_ms));
        pin_mut!(exchange, timeout);
        match futures::future::select(exchange, timeout).await {
            Either::Left((result, _)) => result.map_err(|e| match e {
                ApiError::Network(_) if cancel.is_some_and(AbortSignal::aborted) => {
                    ApiError::Aborted
                }
                other => other,
            }),
            Either::Right(((), _)) => {
                controller.abort();
                Err(ApiError::Timeout {
                    after_ms: u64::from(self.timeout_ms),
                })
            }
        }
    }

    /// A final outcome, reported to the session (a cancelled request is no outcome).
    fn report<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Some(session) = &self.session {
            if !matches!(result, Err(ApiError::Aborted)) {
                session.observe(&result);
            }
        }
        result
    }

    /// One request, read by `read`, sent until its answer is final, which is reported to the
    /// session: a refusal for too many requests (also one inside a 200) pauses the shared
    /// budget; GETs are retried after transient failures, by the client's back-off; a DELETE
    /// is sent once.
    async fn call<T>(
        &self,
        method: &'static str,
        target: &str,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
        read: impl Fn(&Answer<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut attempt = 0;
        loop {
            let result = self
                .exchange(method, target, cred, cancel)
                .await
                .and_then(|r| read(&r.answer(method, target)));
            let error = match (result, cred) {
                (Ok(value), _) => return self.report(Ok(value)),
                (Err(e), Credential::Bearer(token)) => e.redacted(token.secret()),
                (Err(e), _) => e,
            };
            if let ApiError::RateLimited { retry_after_ms } = error {
                let mut budget = self.budget.lock().expect("budget lock");
                budget.on_rate_limited(now_ms(), retry_after_ms);
                crate::storage::set_budget(&budget);
            }
            let retry = match method {
                "GET" => self
                    .retry
                    .retry_after(attempt, &error, js_sys::Math::random()),
                _ => None,
            };
            match retry {
                Some(delay) => sleep_ms(delay).await,
                None => return self.report(Err(error)),
            }
            attempt += 1;
        }
    }

    /// `GET /api/v2/jobs`: every job the server knows, each read on its own.
    pub async fn jobs(
        &self,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<JobsPage, ApiError> {
        self.call("GET", "/api/v2/jobs", cred, cancel, |a| {
            a.read("the job list").map_err(ApiError::for_job_list)
        })
        .await
    }

    /// `GET /api/v2/jobs?request_id=`: the job asked for, found among however many jobs the
    /// server answers with; not found when it is not among them.
    pub async fn job(
        &self,
        id: &RequestId,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<Job, ApiError> {
        let target = format!("/api/v2/jobs?request_id={}", query_value(id.as_str()));
        self.call("GET", &target, cred, cancel, |a| {
            a.read::<JobsPage>("the job")?
                .take(id)
                .ok_or(ApiError::NotFound(None))
        })
        .await
    }

    /// `GET /api/v2/jobs/results`: one page (1-based) of a job's hits, read as a
    /// [`joblens_core::ResultsPage`] or as the explorer reads it
    /// ([`joblens_core::models::StorePage`]).
    pub async fn results<T: Readable>(
        &self,
        id: &RequestId,
        page: u64,
        response_type: ResponseType,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<T, ApiError> {
        let target = format!(
            "/api/v2/jobs/results?request_id={}&page={page}&response_type={}",
            query_value(id.as_str()),
            response_type.as_str()
        );
        self.call("GET", &target, cred, cancel, |a| a.read("a page of hits"))
            .await
    }

    /// `DELETE /api/v2/jobs?request_id=`: the job and its hits. Never sent without a request
    /// id: the v1 API read a missing one as "every job".
    pub async fn delete(
        &self,
        id: &RequestId,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<Deleted, ApiError> {
        if id.as_str().trim().is_empty() {
            return Err(ApiError::NotSent(
                "a delete needs a request id (without one, a server may delete every job).",
            ));
        }
        let target = format!("/api/v2/jobs?request_id={}", query_value(id.as_str()));
        self.call("DELETE", &target, cred, cancel, |a| a.read_delete())
            .await
    }
}

/// A server's answer as it came, before it is read.
struct Received {
    status: u16,
    content_type: Option<String>,
    retry_after: Option<String>,
    body: Vec<u8>,
}

impl Received {
    fn answer<'a>(&'a self, method: &'static str, target: &'a str) -> Answer<'a> {
        Answer {
            method,
            target,
            status: self.status,
            content_type: self.content_type.as_deref(),
            retry_after: self.retry_after.as_deref(),
            body: &self.body,
        }
    }
}

fn transport_error(e: &gloo_net::Error) -> ApiError {
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => ApiError::Aborted,
        gloo_net::Error::JsError(js) => ApiError::Network(js.message.clone()),
        other => ApiError::Network(other.to_string()),
    }
}

/// Aborts `inner` when `outer` aborts, for as long as the returned guard lives.
fn forward_abort(outer: &AbortSignal, inner: &AbortController) -> AbortForward {
    use wasm_bindgen::{closure::Closure, JsCast};
    let inner = inner.clone();
    let closure = Closure::<dyn FnMut()>::new(move || inner.abort());
    // Listeners, not `onabort`: several requests may share one view's signal.
    let _ = outer.add_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
    AbortForward {
        outer: outer.clone(),
        _closure: closure,
    }
}

struct AbortForward {
    outer: AbortSignal,
    _closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for AbortForward {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        let _ = self
            .outer
            .remove_event_listener_with_callback("abort", self._closure.as_ref().unchecked_ref());
    }
}
