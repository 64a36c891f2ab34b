//! The vendor's three operations, answered as the reference page shows (reshaped by the
//! running dialect), behind the server's checks in the server's order.

use crate::{
    dialect::DeleteReply,
    error::{Refusal, VendorError},
    faults::{body_with, json_response, BodyFault},
    hits::Naming,
    jobs::PAGE_SIZE,
    limits::{grant_of, TokenLabel, SCOPE_DELETE, SCOPE_READ},
    state::Sim,
};
use axum::{
    body::Body,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{any, get},
    Router,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::{sync::Arc, time::Duration};

type Answer = Result<Response, Refusal>;

/// The vendor's routes; anything else under `/api` is a vendor 404.
pub fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/api/v2/jobs", get(list_jobs).delete(delete_job))
        .route("/api/v2/jobs/results", get(results))
        .route("/api", any(no_operation))
        .route("/api/{*rest}", any(no_operation))
}

impl Sim {
    /// What stands before every operation, in the server's order: latency, authentication,
    /// scripted failures, scope, the rate limit, then random faults.
    async fn gate(&self, headers: &HeaderMap, scope: &'static str) -> Result<TokenLabel, Refusal> {
        self.counters.arrived(self.clock.now_ms());
        let latency = self.faults().latency_ms;
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        let faults = self.faults();
        let Some((label, grant)) = grant_of(&self.config.tokens, headers) else {
            return Err(VendorError::Unauthorized.into());
        };
        let now = self.clock.now_ms();
        self.counters.seen(label, now);
        let throttled = VendorError::TooMany {
            wait_ms: faults.throttle_retry_after_s.max(1) as i64 * 1000,
        };
        match self.next_scripted() {
            None => {}
            Some(0) => return Err(Refusal::Dropped),
            Some(429) => return Err(throttled.into()),
            Some(s) => {
                let status = StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return Err(VendorError::Server(status).into());
            }
        }
        if !grant.scopes.contains(scope) {
            return Err(VendorError::Forbidden { scope }.into());
        }
        if let Some(limit) = self.config.rate_limit {
            self.windows
                .admit(label, now, limit)
                .map_err(|wait_ms| VendorError::TooMany { wait_ms })?;
        }
        if self.chance(faults.throttle_rate) {
            return Err(throttled.into());
        }
        if self.chance(faults.error_rate) {
            let status = if self.draw() < 0.5 {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            return Err(VendorError::Server(status).into());
        }
        Ok(label)
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

/// Query parameters the operations take; each is validated by hand so a malformed one gets
/// the vendor's 400 body, never axum's plain-text rejection.
#[derive(Debug, Default, Deserialize)]
struct Params {
    request_id: Option<String>,
    page: Option<String>,
    response_type: Option<String>,
}

impl Params {
    fn asked_id(&self) -> Option<&str> {
        self.request_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn required_id(&self) -> Result<&str, VendorError> {
        self.asked_id()
            .ok_or_else(|| VendorError::BadRequest("The request_id parameter is required.".into()))
    }

    fn page(&self) -> Result<u64, VendorError> {
        match self.page.as_deref() {
            None | Some("") => Ok(1),
            Some(s) => match s.parse::<u64>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(VendorError::BadRequest(format!(
                    "The page parameter must be a whole number from 1, got {s:?}."
                ))),
            },
        }
    }

    /// The reference example asks without `response_type` and gets display names.
    fn naming(&self) -> Result<Naming, VendorError> {
        match self.response_type.as_deref() {
            None | Some("") | Some("client") => Ok(Naming::Client),
            Some("server") => Ok(Naming::Server),
            Some(other) => Err(VendorError::BadRequest(format!(
                "The response_type parameter accepts client or server, got {other:?}."
            ))),
        }
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
    let asked = p.asked_id();
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
            _ => return Err(VendorError::no_job(id).into()),
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
        requests.extend(sim.extra_jobs());
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
    let id = p.required_id()?;
    if !sim.delete(id, sim.clock.now_ms()) {
        return Err(VendorError::no_job(id).into());
    }
    let dialect = sim.dialect();
    Ok(match dialect.delete_body(id) {
        Some(body) => sim.reply(&body),
        None if dialect.delete_reply == DeleteReply::NoContent => {
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
    let id = p.required_id()?;
    let page = p.page()?;
    let naming = p.naming()?;
    let now = sim.clock.now_ms();
    let job = match sim.find(id, now) {
        Some(job) if !sim.chance(sim.faults().vanish_rate) => job,
        _ => return Err(VendorError::no_job(id).into()),
    };
    let dialect = sim.dialect();
    let state = job.at(now);
    let available = state.hits_done;
    let total_pages = state.total_pages();
    let past_end = page > total_pages.max(1);
    if past_end && !dialect.empty_past_end {
        return Err(VendorError::NotFound(format!(
            "Page {page} is past the last page ({}) of requestId [{id}].",
            total_pages.max(1)
        ))
        .into());
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

async fn no_operation() -> VendorError {
    VendorError::no_operation()
}
