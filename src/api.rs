//! The one module that talks HTTP: it builds the URLs, sets `Authorization`, draws every
//! request from the app's shared budget, enforces a timeout, decodes bytes with serde_json,
//! and turns every failure into an [`ApiError`]. Views never see a raw response.

use futures::{future::Either, pin_mut};
use gloo_net::http::{Request, RequestBuilder};
use joblens_core::{
    budget::{Backoff, Budget},
    models::{DeleteResponse, JobsPage, ResponseType, ResultsPage},
    ApiError, Credential, RequestId,
};
use serde::de::DeserializeOwned;
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
}

impl Default for Client {
    fn default() -> Self {
        Self::new("")
    }
}

const BUDGET_KEY: &str = "joblens.budget";

/// The budget this tab used before a reload: a reload must not buy a fresh minute of requests.
fn stored_budget() -> Option<Budget> {
    let storage = crate::session::session_storage()?;
    serde_json::from_str(&storage.get_item(BUDGET_KEY).ok()??).ok()
}

fn store_budget(budget: &Budget) {
    if let (Some(s), Ok(json)) = (
        crate::session::session_storage(),
        serde_json::to_string(budget),
    ) {
        let _ = s.set_item(BUDGET_KEY, &json);
    }
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep_ms(ms: u64) {
    gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
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
            budget: Arc::new(Mutex::new(stored_budget().unwrap_or_default())),
        }
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
                        store_budget(&budget);
                        return;
                    }
                    Err(wait) => wait,
                }
            };
            sleep_ms(wait).await;
        }
    }

    /// Sends one request and returns the body of a 2xx answer.
    async fn send(
        &self,
        builder: RequestBuilder,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<Vec<u8>, ApiError> {
        if cancel.is_some_and(AbortSignal::aborted) {
            return Err(ApiError::Aborted);
        }
        self.draw().await;
        let controller = AbortController::new().map_err(|_| ApiError::Aborted)?;
        // A view's cancellation aborts this request too.
        let _forward = cancel.map(|outer| forward_abort(outer, &controller));
        let builder = match cred.authorization() {
            Some(value) => builder.header("Authorization", &value),
            None => builder,
        };
        let request = builder
            .header("Accept", "application/json")
            .abort_signal(Some(&controller.signal()));
        let exchange = async {
            let response = request.send().await.map_err(|e| transport_error(&e))?;
            let status = response.status();
            let body = response.binary().await.map_err(|e| transport_error(&e))?;
            Ok::<_, ApiError>((status, response.headers().get("retry-after"), body))
        };
        let timeout = sleep_ms(u64::from(self.timeout_ms));
        pin_mut!(exchange, timeout);
        let (status, retry_after, body) = match futures::future::select(exchange, timeout).await {
            Either::Left((result, _)) => result.map_err(|e| match e {
                ApiError::Network(_) if cancel.is_some_and(AbortSignal::aborted) => {
                    ApiError::Aborted
                }
                other => other,
            })?,
            Either::Right(((), _)) => {
                controller.abort();
                return Err(ApiError::Timeout {
                    after_ms: u64::from(self.timeout_ms),
                });
            }
        };
        if (200..300).contains(&status) {
            return Ok(body);
        }
        let error = ApiError::from_status(status, &body, retry_after.as_deref());
        if let ApiError::RateLimited { retry_after_ms } = error {
            let mut budget = self.budget.lock().expect("budget lock");
            budget.on_rate_limited(now_ms(), retry_after_ms);
            store_budget(&budget);
        }
        Err(error)
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path_and_query: &str,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
        expected: &'static str,
    ) -> Result<T, ApiError> {
        let url = self.url(path_and_query);
        let mut attempt = 0;
        loop {
            let error = match self.send(Request::get(&url), cred, cancel).await {
                Ok(body) => return decode(&body, expected),
                Err(e) => e,
            };
            match self
                .retry
                .retry_after(attempt, &error, js_sys::Math::random())
            {
                Some(delay) => sleep_ms(delay).await,
                None => return Err(error),
            }
            attempt += 1;
        }
    }

    /// `GET /api/v2/jobs`: every job the server knows.
    pub async fn jobs(
        &self,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<JobsPage, ApiError> {
        self.get("/api/v2/jobs", cred, cancel, "the job list").await
    }

    /// `GET /api/v2/jobs?request_id=`: one job.
    pub async fn job(
        &self,
        id: &RequestId,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<JobsPage, ApiError> {
        let path = format!("/api/v2/jobs?request_id={}", query_value(id.as_str()));
        self.get(&path, cred, cancel, "the job").await
    }

    /// `GET /api/v2/jobs/results`: one page (1-based) of a job's hits.
    pub async fn results(
        &self,
        id: &RequestId,
        page: u64,
        response_type: ResponseType,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<ResultsPage, ApiError> {
        let path = format!(
            "/api/v2/jobs/results?request_id={}&page={page}&response_type={}",
            query_value(id.as_str()),
            response_type.as_str()
        );
        self.get(&path, cred, cancel, "a page of hits").await
    }

    /// `DELETE /api/v2/jobs?request_id=`: the job and its hits.
    pub async fn delete(
        &self,
        id: &RequestId,
        cred: &Credential,
        cancel: Option<&AbortSignal>,
    ) -> Result<DeleteResponse, ApiError> {
        let path = format!("/api/v2/jobs?request_id={}", query_value(id.as_str()));
        let body = self
            .send(Request::delete(&self.url(&path)), cred, cancel)
            .await?;
        decode(&body, "the delete confirmation")
    }
}

/// Decodes straight from bytes with serde_json (no detour through JS objects: measured faster).
pub use joblens_core::decode::decode;

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
