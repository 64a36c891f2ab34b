//! The one error type of every API call, with texts written for a person.
//!
//! No variant ever holds a request header, so no error text can contain the token.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The vendor's error body: `{"code":"070011101","title":"Unauthorized","detail":"…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub detail: String,
}

impl ErrorBody {
    /// Parses an error body if the bytes are one; anything else gives `None`.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let body: Self = serde_json::from_slice(bytes).ok()?;
        (!body.code.is_empty() || !body.title.is_empty() || !body.detail.is_empty()).then_some(body)
    }
}

/// Everything that can go wrong when talking to the Jobs API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the token is missing, wrong, revoked or expired.
    Unauthorized(Option<ErrorBody>),
    /// 403: the token lacks the scope the operation needs.
    Forbidden(Option<ErrorBody>),
    /// 404: the job (or page) is not there: deleted, expired after 24 h, or never existed.
    NotFound(Option<ErrorBody>),
    /// 429: too many requests; `retry_after_ms` is what the server asked for, if it said.
    RateLimited { retry_after_ms: Option<u64> },
    /// Any other 4xx: the request itself was wrong.
    BadRequest {
        status: u16,
        body: Option<ErrorBody>,
    },
    /// 5xx: the server failed.
    Server {
        status: u16,
        body: Option<ErrorBody>,
    },
    /// The request never got an answer (offline, connection refused or dropped).
    Network(String),
    /// No answer within the time allowed.
    Timeout { after_ms: u64 },
    /// An answer came but was not what the API promises.
    Malformed {
        expected: &'static str,
        detail: String,
    },
    /// The view that asked has gone, so the request was cancelled.
    Aborted,
}

impl ApiError {
    /// Maps a non-2xx answer to its error. `retry_after` is the raw `Retry-After` header.
    pub fn from_status(status: u16, body: &[u8], retry_after: Option<&str>) -> Self {
        let parsed = ErrorBody::parse(body);
        match status {
            401 => Self::Unauthorized(parsed),
            403 => Self::Forbidden(parsed),
            404 | 410 => Self::NotFound(parsed),
            429 => Self::RateLimited {
                retry_after_ms: retry_after.and_then(parse_retry_after_ms),
            },
            400..=499 => Self::BadRequest {
                status,
                body: parsed,
            },
            _ => Self::Server {
                status,
                body: parsed,
            },
        }
    }

    /// Transient failures are worth retrying after a pause; the others are not.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network(_)
                | Self::Timeout { .. }
                | Self::Server { .. }
                | Self::RateLimited { .. }
        )
    }

    /// The server's error body, where it sent one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Self::Unauthorized(b) | Self::Forbidden(b) | Self::NotFound(b) => b.as_ref(),
            Self::BadRequest { body, .. } | Self::Server { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// A short name of the kind, for CSS classes and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not-found",
            Self::RateLimited { .. } => "rate-limited",
            Self::BadRequest { .. } => "bad-request",
            Self::Server { .. } => "server",
            Self::Network(_) => "network",
            Self::Timeout { .. } => "timeout",
            Self::Malformed { .. } => "malformed",
            Self::Aborted => "aborted",
        }
    }
}

/// `Retry-After` as delay-seconds (the HTTP-date form is not used by the API).
fn parse_retry_after_ms(v: &str) -> Option<u64> {
    let secs: f64 = v.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| (secs * 1000.0).round() as u64)
}

fn server_says(f: &mut fmt::Formatter<'_>, body: &Option<ErrorBody>) -> fmt::Result {
    match body {
        Some(b) if !b.detail.is_empty() => write!(f, " The server says: {}", b.detail)?,
        Some(b) if !b.title.is_empty() => write!(f, " The server says: {}", b.title)?,
        _ => {}
    }
    match body {
        Some(b) if !b.code.is_empty() => write!(f, " (code {})", b.code),
        _ => Ok(()),
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthorized(b) => {
                f.write_str("The token was refused: it is invalid, revoked or expired. Enter a valid token.")?;
                server_says(f, b)
            }
            Self::Forbidden(b) => {
                f.write_str("This token is not allowed to do that: it lacks the needed scope.")?;
                server_says(f, b)
            }
            Self::NotFound(b) => {
                f.write_str("Not found: the job was deleted, its results expired (they are kept 24 hours), or it never existed.")?;
                server_says(f, b)
            }
            Self::RateLimited { retry_after_ms } => {
                f.write_str("The server is limiting requests (60 a minute).")?;
                match retry_after_ms {
                    Some(ms) => write!(f, " Retrying in {} s.", ms.div_ceil(1000)),
                    None => f.write_str(" Retrying shortly."),
                }
            }
            Self::BadRequest { status, body } => {
                write!(f, "The server rejected the request (HTTP {status}).")?;
                server_says(f, body)
            }
            Self::Server { status, body } => {
                write!(
                    f,
                    "The server failed (HTTP {status}). Retrying with back-off."
                )?;
                server_says(f, body)
            }
            Self::Network(why) => write!(
                f,
                "Cannot reach the server: check the network or the server's address. ({why})"
            ),
            Self::Timeout { after_ms } => write!(
                f,
                "The server did not answer within {} s.",
                after_ms.div_ceil(1000)
            ),
            Self::Malformed { expected, detail } => write!(
                f,
                "The server's answer was not understood: expected {expected} ({detail})."
            ),
            Self::Aborted => f.write_str("The request was cancelled."),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    const UNAUTHORIZED: &[u8] = include_bytes!("../../contract/error-401.json");

    #[test]
    fn statuses_map_to_their_kind() {
        let cases = [
            (401, "unauthorized"),
            (403, "forbidden"),
            (404, "not-found"),
            (429, "rate-limited"),
            (400, "bad-request"),
            (500, "server"),
            (503, "server"),
        ];
        for (status, kind) in cases {
            assert_eq!(
                ApiError::from_status(status, b"", None).kind(),
                kind,
                "{status}"
            );
        }
    }

    #[test]
    fn unauthorized_keeps_the_servers_code_and_says_what_to_do() {
        let e = ApiError::from_status(401, UNAUTHORIZED, None);
        assert_eq!(e.body().unwrap().code, "070011101");
        let text = e.to_string();
        assert!(text.contains("invalid, revoked or expired"), "{text}");
        assert!(text.contains("070011101"), "{text}");
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        let e = ApiError::from_status(429, b"{}", Some("7"));
        assert_eq!(
            e,
            ApiError::RateLimited {
                retry_after_ms: Some(7000)
            }
        );
        assert!(e.to_string().contains("Retrying in 7 s"));
        assert_eq!(
            ApiError::from_status(429, b"", Some("soon")),
            ApiError::RateLimited {
                retry_after_ms: None
            }
        );
    }

    #[test]
    fn a_body_that_is_not_an_error_body_is_ignored() {
        assert_eq!(ErrorBody::parse(b"<html>oops</html>"), None);
        assert_eq!(ErrorBody::parse(b"{}"), None);
    }

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(ApiError::Network("x".into()).is_transient());
        assert!(ApiError::Timeout { after_ms: 1 }.is_transient());
        assert!(ApiError::from_status(502, b"", None).is_transient());
        assert!(!ApiError::from_status(401, b"", None).is_transient());
        assert!(!ApiError::from_status(403, b"", None).is_transient());
        assert!(!ApiError::from_status(404, b"", None).is_transient());
        assert!(!ApiError::Aborted.is_transient());
    }
}
