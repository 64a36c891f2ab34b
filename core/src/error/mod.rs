//! The one error type of every API call, with texts written for a person.
//!
//! No variant ever holds a request header, so no error text can contain the token. `body`
//! reads a server's error body in any shape; `sent` keeps what was sent when an answer was not
//! understood.

mod body;
mod sent;

pub use body::ErrorBody;
pub use sent::Sent;

use std::fmt;

/// Everything that can go wrong when talking to the Jobs API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the token is missing, wrong, revoked or expired.
    Unauthorized(Option<ErrorBody>),
    /// 403: the token lacks the scope the operation needs.
    Forbidden(Option<ErrorBody>),
    /// 404: the job (or page) is not there: deleted, expired after 24 h, or never existed.
    NotFound(Option<ErrorBody>),
    /// 404 from the job list itself: there is no Jobs API at the base URL (a wrong address, or
    /// a product version without the v2 Jobs API).
    NoApi(Option<ErrorBody>),
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
    /// An answer came but was not what the API promises; `sent` keeps what it was.
    Malformed {
        expected: &'static str,
        detail: String,
        sent: Option<Box<Sent>>,
    },
    /// The request was not sent, because it could do harm as asked.
    NotSent(&'static str),
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

    /// The error a 2xx answer carries in an error body (see [`ErrorBody::in_success`]).
    pub fn in_success(body: ErrorBody) -> Self {
        match body.meaning() {
            Some(401) => Self::Unauthorized(Some(body)),
            Some(403) => Self::Forbidden(Some(body)),
            Some(404) => Self::NotFound(Some(body)),
            Some(429) => Self::RateLimited {
                retry_after_ms: None,
            },
            Some(_) => Self::Server {
                status: 200,
                body: Some(body),
            },
            None => Self::BadRequest {
                status: 200,
                body: Some(body),
            },
        }
    }

    /// The error with `secret` (the token) replaced wherever the server's words or body could
    /// hold it: a server that echoes what it was sent must not put the token on screen or in a
    /// copied report.
    pub fn redacted(mut self, secret: &str) -> Self {
        let scrub = |s: &mut String| {
            if !secret.is_empty() && s.contains(secret) {
                *s = s.replace(secret, "[the token]");
            }
        };
        let scrub_body = |b: &mut Option<ErrorBody>| {
            if let Some(b) = b {
                scrub(&mut b.code);
                scrub(&mut b.title);
                scrub(&mut b.detail);
            }
        };
        match &mut self {
            Self::Unauthorized(b) | Self::Forbidden(b) | Self::NotFound(b) | Self::NoApi(b) => {
                scrub_body(b)
            }
            Self::BadRequest { body, .. } | Self::Server { body, .. } => scrub_body(body),
            Self::Network(why) => scrub(why),
            Self::Malformed { detail, sent, .. } => {
                scrub(detail);
                if let Some(sent) = sent {
                    scrub(&mut sent.target);
                    scrub(&mut sent.body);
                }
            }
            Self::RateLimited { .. } | Self::Timeout { .. } | Self::NotSent(_) | Self::Aborted => {}
        }
        self
    }

    /// The error as the job list's: a 404 there means there is no Jobs API at that address
    /// (the list itself is never missing), not a deleted job.
    pub fn for_job_list(self) -> Self {
        match self {
            Self::NotFound(body) => Self::NoApi(body),
            other => other,
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
            Self::Unauthorized(b) | Self::Forbidden(b) | Self::NotFound(b) | Self::NoApi(b) => {
                b.as_ref()
            }
            Self::BadRequest { body, .. } | Self::Server { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// What the server sent, when it could not be understood.
    pub fn sent(&self) -> Option<&Sent> {
        match self {
            Self::Malformed { sent, .. } => sent.as_deref(),
            _ => None,
        }
    }

    /// A short name of the kind, for CSS classes and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not-found",
            Self::NoApi(_) => "no-api",
            Self::RateLimited { .. } => "rate-limited",
            Self::BadRequest { .. } => "bad-request",
            Self::Server { .. } => "server",
            Self::Network(_) => "network",
            Self::Timeout { .. } => "timeout",
            Self::Malformed { .. } => "malformed",
            Self::NotSent(_) => "not-sent",
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
            Self::NoApi(b) => {
                f.write_str("No Jobs API at this address: the server answered “not found” for /api/v2/jobs. Check the API base URL, and that this EventLog Analyzer version has the v2 Jobs API.")?;
                server_says(f, b)
            }
            Self::RateLimited { retry_after_ms } => {
                f.write_str("The server is limiting requests (60 a minute).")?;
                match retry_after_ms {
                    Some(ms) => write!(f, " It asked to wait {} s.", ms.div_ceil(1000)),
                    None => f.write_str(" It did not say for how long, so Joblens waits a minute before asking again."),
                }
            }
            Self::BadRequest { status: 200, body } => {
                f.write_str("The server refused the request (an error in an HTTP 200 answer).")?;
                server_says(f, body)
            }
            Self::BadRequest { status, body } => {
                write!(f, "The server rejected the request (HTTP {status}).")?;
                server_says(f, body)
            }
            Self::Server { status, body } => {
                write!(f, "The server failed (HTTP {status}).")?;
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
            Self::Malformed {
                expected, detail, ..
            } => write!(
                f,
                "The server's answer was not understood: expected {expected} ({detail})."
            ),
            Self::NotSent(why) => write!(f, "Not sent: {why}"),
            Self::Aborted => f.write_str("The request was cancelled."),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const UNAUTHORIZED: &[u8] = include_bytes!("../../../contract/error-401.json");

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
        assert!(e.to_string().contains("It asked to wait 7 s."), "{e}");
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
        assert_eq!(ErrorBody::parse(b""), None);
        assert_eq!(ErrorBody::parse(b"[1,2]"), None);
    }

    #[test]
    fn error_bodies_in_every_shape_give_the_servers_words() {
        let words = |body: &[u8]| {
            let b = ErrorBody::parse(body)
                .unwrap_or_else(|| panic!("{}", String::from_utf8_lossy(body)));
            (b.code, b.detail)
        };
        assert_eq!(words(UNAUTHORIZED).0, "070011101");
        assert_eq!(
            words(br#"{"error":{"code":"00000104","title":"Page Not Found","detail":"No such page"}}"#),
            ("00000104".into(), "No such page".into())
        );
        assert_eq!(
            words(br#"{"error":{"message":"Invalid request_id","errorcode":"4001"}}"#),
            ("4001".into(), "Invalid request_id".into())
        );
        assert_eq!(
            words(br#"{"ERROR_CODE":"10001","ERROR_DESCRIPTION":"Request id is not valid"}"#),
            ("10001".into(), "Request id is not valid".into())
        );
        assert_eq!(
            words(br#"{"code":70011101,"title":"Unauthorized","detail":"Token expired"}"#),
            ("70011101".into(), "Token expired".into())
        );
        assert_eq!(
            words(br#"{"error":"Service unavailable"}"#).1,
            "Service unavailable"
        );
        assert_eq!(words(b"upstream connect error").1, "upstream connect error");
        // The words reach the message a person reads.
        let e = ApiError::from_status(
            400,
            br#"{"ERROR_CODE":"10001","ERROR_DESCRIPTION":"Request id is not valid"}"#,
            None,
        );
        assert!(
            e.to_string()
                .contains("The server says: Request id is not valid (code 10001)"),
            "{e}"
        );
    }

    #[test]
    fn only_error_shaped_2xx_bodies_are_errors() {
        let v = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        assert!(
            ErrorBody::in_success(&v(r#"{"message":"deleted hits for for request_id [X]"}"#))
                .is_none()
        );
        assert!(ErrorBody::in_success(&v(
            r#"{"data":{"jobs":{"requests":[]}},"code":"1","title":"x"}"#
        ))
        .is_none());
        assert!(ErrorBody::in_success(&v(
            r#"{"code":"070011101","title":"Unauthorized","detail":"x"}"#
        ))
        .is_some());
        assert!(
            ErrorBody::in_success(&v(r#"{"error":{"message":"bad","errorcode":1}}"#)).is_some()
        );
        assert!(ErrorBody::in_success(&v(r#"{"ERROR_DESCRIPTION":"bad"}"#)).is_some());
        let refused = ErrorBody::in_success(&v(
            r#"{"code":"070011101","title":"Unauthorized","detail":"x"}"#,
        ))
        .unwrap();
        assert_eq!(ApiError::in_success(refused).kind(), "unauthorized");
        let by_title = ErrorBody {
            title: "Forbidden".into(),
            ..ErrorBody::default()
        };
        assert_eq!(ApiError::in_success(by_title).kind(), "forbidden");
    }

    #[test]
    fn no_text_promises_a_retry() {
        for e in [
            ApiError::from_status(429, b"", None),
            ApiError::from_status(429, b"", Some("3")),
            ApiError::from_status(503, b"", None),
            ApiError::Network("x".into()),
            ApiError::Timeout { after_ms: 20_000 },
        ] {
            assert!(!e.to_string().to_lowercase().contains("retrying"), "{e}");
        }
        let quiet = ApiError::from_status(429, b"", None).to_string();
        assert!(quiet.contains("waits a minute"), "{quiet}");
    }

    #[test]
    fn a_token_the_server_echoes_is_taken_out_of_its_words_and_body() {
        let echo = ApiError::from_status(
            401,
            br#"{"code":"070011101","title":"Unauthorized","detail":"Token s3cr3t-tok is revoked"}"#,
            None,
        )
        .redacted("s3cr3t-tok");
        assert_eq!(echo.body().unwrap().detail, "Token [the token] is revoked");
        let sent = crate::decode::Answer {
            method: "GET",
            target: "/api/v2/jobs",
            status: 200,
            content_type: None,
            retry_after: None,
            body: b"<html>Hello s3cr3t-tok</html>",
        }
        .read::<crate::JobsPage>("the job list")
        .unwrap_err()
        .redacted("s3cr3t-tok");
        assert!(!sent.sent().unwrap().report().contains("s3cr3t-tok"));
        assert!(sent.sent().unwrap().report().contains("Hello [the token]"));
    }

    #[test]
    fn a_missing_job_list_is_no_api_at_that_address() {
        let e = ApiError::NoApi(None);
        assert_eq!(e.kind(), "no-api");
        assert!(e.to_string().starts_with("No Jobs API at this address"));
        assert!(!e.to_string().contains("deleted"));
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
