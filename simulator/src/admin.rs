//! The simulator's own endpoints, nested under `/__sim` when `admin` is on: faults, dialect,
//! extra list entries, scripted failures, new jobs, the clock, reset and stats. Never the
//! vendor's.

use crate::{dialect::Dialect, faults::Faults, jobs::NewJob, state::Sim, stats::Stats};
use axum::{
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post, put},
    Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/faults", get(get_faults).put(put_faults))
        .route("/dialect", get(get_dialect).put(put_dialect))
        .route("/extra-jobs", put(put_extra_jobs))
        .route("/fail-next", post(post_fail_next))
        .route("/jobs", post(post_job))
        .route("/clock", post(post_clock))
        .route("/reset", post(post_reset))
        .route("/stats", get(get_stats))
}

/// A request the admin endpoints cannot take: always a 400 in the flat shape, whatever the
/// dialect.
struct AdminError(String);

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let body = json!({ "code": "070011100", "title": "Bad Request", "detail": self.0 });
        (StatusCode::BAD_REQUEST, Json(body)).into_response()
    }
}

/// The body as JSON of type `T`, or a 400 naming what was expected.
fn parse<T: serde::de::DeserializeOwned>(body: &[u8], what: &str) -> Result<T, AdminError> {
    serde_json::from_slice(body).map_err(|e| AdminError(format!("Invalid {what}: {e}")))
}

async fn get_faults(State(sim): State<Arc<Sim>>) -> Json<Faults> {
    Json(sim.faults())
}

async fn put_faults(State(sim): State<Arc<Sim>>, body: Bytes) -> Result<Json<Faults>, AdminError> {
    let faults: Faults = parse(&body, "faults")?;
    faults
        .validate()
        .map_err(|e| AdminError(format!("Invalid faults: {e}")))?;
    sim.set_faults(faults.clone());
    Ok(Json(faults))
}

async fn get_dialect(State(sim): State<Arc<Sim>>) -> Json<Dialect> {
    Json(sim.dialect())
}

async fn put_dialect(
    State(sim): State<Arc<Sim>>,
    body: Bytes,
) -> Result<Json<Dialect>, AdminError> {
    let dialect: Dialect = parse(&body, "dialect")?;
    sim.set_dialect(dialect.clone());
    Ok(Json(dialect))
}

async fn put_extra_jobs(
    State(sim): State<Arc<Sim>>,
    body: Bytes,
) -> Result<StatusCode, AdminError> {
    sim.set_extra_jobs(parse(&body, "entries (a JSON array)")?);
    Ok(StatusCode::NO_CONTENT)
}

async fn post_fail_next(
    State(sim): State<Arc<Sim>>,
    body: Bytes,
) -> Result<StatusCode, AdminError> {
    match serde_json::from_slice::<Vec<u16>>(&body) {
        Ok(statuses)
            if statuses
                .iter()
                .all(|&s| s == 0 || s == 429 || (500..600).contains(&s)) =>
        {
            sim.fail_next(statuses);
            Ok(StatusCode::NO_CONTENT)
        }
        _ => Err(AdminError(
            "A JSON array of statuses: 429, 500-599, or 0 for a dropped connection.".into(),
        )),
    }
}

async fn post_job(State(sim): State<Arc<Sim>>, body: Bytes) -> Result<Response, AdminError> {
    let body: &[u8] = if body.is_empty() { b"{}" } else { &body };
    let spec = sim.submit(parse::<NewJob>(body, "job")?);
    Ok((
        StatusCode::CREATED,
        Json(json!({ "request_id": spec.request_id })),
    )
        .into_response())
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
