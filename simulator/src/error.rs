//! The vendor's errors: each knows its status, code, title and words, and answers in the
//! reference page's shape by itself; `reshape` re-renders it in the running dialect's shape.
//!
//! Only `070011101` (401) is the vendor's own code; the others are the simulator's, from the
//! shared v2 framework's numbering where it has one (simulator/README.md).

use crate::{dialect::Dialect, faults, state::Sim, RATE_LIMIT_PER_MINUTE};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VendorError {
    BadRequest(String),
    Unauthorized,
    Forbidden {
        scope: &'static str,
    },
    NotFound(String),
    TooMany {
        wait_ms: i64,
    },
    /// A simulated 5xx.
    Server(StatusCode),
}

impl VendorError {
    pub fn no_job(id: &str) -> Self {
        Self::NotFound(format!(
            "No job found for requestId [{id}]. It may have been deleted, or its results expired 24 hours after the search."
        ))
    }

    pub fn no_operation() -> Self {
        Self::NotFound("No such API operation. The Jobs API has GET and DELETE /api/v2/jobs and GET /api/v2/jobs/results.".into())
    }

    /// The status the error means (a dialect may send it as 200), its code and its title.
    fn meaning(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "070011100", "Bad Request"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "070011101", "Unauthorized"),
            Self::Forbidden { .. } => (StatusCode::FORBIDDEN, "070011106", "Forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "070011104", "Not Found"),
            Self::TooMany { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "070011129",
                "Too Many Requests",
            ),
            Self::Server(status) => (*status, "070011500", "Internal Server Error"),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.meaning().0
    }

    pub fn code(&self) -> &'static str {
        self.meaning().1
    }

    pub fn title(&self) -> &'static str {
        self.meaning().2
    }

    pub fn detail(&self) -> String {
        match self {
            Self::BadRequest(d) | Self::NotFound(d) => d.clone(),
            Self::Unauthorized => "Invalid or missing AuthToken. Check whether the AuthToken is not revoked or expired.".into(),
            Self::Forbidden { scope } => format!("The AuthToken does not have the {scope} scope needed for this operation."),
            Self::TooMany { .. } => format!(
                "The limit of {RATE_LIMIT_PER_MINUTE} requests per minute was reached. Retry after {} seconds.",
                self.retry_after_s().unwrap_or(1)
            ),
            Self::Server(_) => "The server failed to process the request (simulated fault).".into(),
        }
    }

    fn retry_after_s(&self) -> Option<u64> {
        match self {
            Self::TooMany { wait_ms } => Some((*wait_ms).max(1).unsigned_abs().div_ceil(1000)),
            _ => None,
        }
    }

    /// The answer in `dialect`'s shape and status; the error itself rides along in the
    /// response's extensions, so the stats count what it meant.
    pub fn render(&self, dialect: &Dialect) -> Response {
        let body = dialect.error_body(self.code(), self.title(), &self.detail());
        let status = self.status();
        let sent = StatusCode::from_u16(dialect.error_status(status.as_u16())).unwrap_or(status);
        let mut res = (sent, Json(body)).into_response();
        if let Some(secs) = self.retry_after_s().filter(|_| !dialect.no_retry_after) {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res.extensions_mut().insert(self.clone());
        res
    }
}

impl IntoResponse for VendorError {
    fn into_response(self) -> Response {
        self.render(&Dialect::default())
    }
}

/// Why a vendor operation was not answered: an error, or (a scripted fault) a connection that
/// drops midway.
#[derive(Debug)]
pub enum Refusal {
    Error(VendorError),
    Dropped,
}

impl From<VendorError> for Refusal {
    fn from(e: VendorError) -> Self {
        Self::Error(e)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Self::Error(e) => e.into_response(),
            Self::Dropped => faults::dropped(),
        }
    }
}

/// Re-renders a vendor error in the running dialect's shape.
pub async fn reshape(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let dialect = sim.dialect();
    match res.extensions().get::<VendorError>() {
        Some(e) if dialect != Dialect::default() => e.render(&dialect),
        _ => res,
    }
}
