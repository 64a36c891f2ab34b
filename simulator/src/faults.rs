//! Faults on demand, for tests: switched by flags at start and at run time through
//! `/__sim/faults` (when the admin endpoints are on). Every decision draws from one seeded
//! sequence, so a run with the same seed and the same requests sees the same faults.

use axum::{
    body::Body,
    http::{header, HeaderValue},
    response::Response,
};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Added before every API answer, in milliseconds.
    pub latency_ms: u64,
    /// Share (0.0–1.0) of API requests answered with a 5xx.
    pub error_rate: f64,
    /// Share of API requests answered 429 although the budget is not spent (a "429 storm").
    pub throttle_rate: f64,
    /// The `Retry-After` (seconds) of those 429s; 5 when unset.
    pub throttle_retry_after_s: u64,
    /// Pause between 16 KiB chunks of every API body, in milliseconds.
    pub slow_body_ms: u64,
    /// Share of API bodies cut in half (truncated JSON, with a matching Content-Length).
    pub truncate_rate: f64,
    /// Share of API bodies replaced by text that is not JSON.
    pub malformed_rate: f64,
    /// Share of API answers whose connection drops midway through the body.
    pub drop_rate: f64,
    /// Share of lookups of one job (and of its results) answered 404 as if it had expired.
    pub vanish_rate: f64,
    /// Running jobs report the undocumented stage `QUEUED`.
    pub unknown_stage: bool,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            error_rate: 0.0,
            throttle_rate: 0.0,
            throttle_retry_after_s: 5,
            slow_body_ms: 0,
            truncate_rate: 0.0,
            malformed_rate: 0.0,
            drop_rate: 0.0,
            vanish_rate: 0.0,
            unknown_stage: false,
        }
    }
}

impl Faults {
    pub fn validate(&self) -> Result<(), String> {
        for (name, rate) in [
            ("error_rate", self.error_rate),
            ("throttle_rate", self.throttle_rate),
            ("truncate_rate", self.truncate_rate),
            ("malformed_rate", self.malformed_rate),
            ("drop_rate", self.drop_rate),
            ("vanish_rate", self.vanish_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        Ok(())
    }
}

/// What happens to one answer's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyFault {
    None,
    Truncate,
    Malformed,
    Drop,
}

/// A JSON body, possibly broken or slow on purpose.
pub fn body_with(bytes: Vec<u8>, fault: BodyFault, slow_ms: u64) -> Response {
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

/// A job list whose connection drops midway (`POST /__sim/fail-next` with 0).
pub fn dropped() -> Response {
    streamed(
        br#"{"data":{"jobs":{"requests":[]}}}"#.repeat(2048),
        true,
        0,
    )
}

pub fn json_response(body: Body) -> Response {
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
