//! The request budget shared by the whole app, and the back-off policy for transient failures.
//!
//! Pure logic: time comes in as epoch milliseconds from the caller, so tests drive a clock
//! instead of sleeping.

use crate::ApiError;
use std::collections::VecDeque;

/// The server allows 60 requests a minute per token; the app keeps a margin below it.
pub const SERVER_LIMIT_PER_MINUTE: u32 = 60;
pub const DEFAULT_LIMIT_PER_MINUTE: u32 = 50;
const WINDOW_MS: u64 = 60_000;
const _: () = assert!(DEFAULT_LIMIT_PER_MINUTE < SERVER_LIMIT_PER_MINUTE);

/// A sliding-window budget: at most `limit` requests in any `window_ms`, plus pauses the
/// server asked for (`429`, `Retry-After`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Budget {
    limit: usize,
    window_ms: u64,
    sent: VecDeque<u64>,
    paused_until: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Self::new(DEFAULT_LIMIT_PER_MINUTE, WINDOW_MS)
    }
}

impl Budget {
    pub fn new(limit: u32, window_ms: u64) -> Self {
        Self {
            limit: limit.max(1) as usize,
            window_ms,
            sent: VecDeque::new(),
            paused_until: 0,
        }
    }

    fn forget_old(&mut self, now: u64) {
        while self
            .sent
            .front()
            .is_some_and(|&t| t + self.window_ms <= now)
        {
            self.sent.pop_front();
        }
    }

    /// How long a request must wait from `now` before it may be sent (0: send now).
    pub fn wait_ms(&mut self, now: u64) -> u64 {
        self.forget_old(now);
        let pause = self.paused_until.saturating_sub(now);
        let window = if self.sent.len() >= self.limit {
            // The oldest request in the window must leave it first.
            (self.sent[self.sent.len() - self.limit] + self.window_ms).saturating_sub(now)
        } else {
            0
        };
        pause.max(window)
    }

    /// Takes one request from the budget if it may go now; otherwise says how long to wait.
    pub fn try_acquire(&mut self, now: u64) -> Result<(), u64> {
        match self.wait_ms(now) {
            0 => {
                self.sent.push_back(now);
                Ok(())
            }
            wait => Err(wait),
        }
    }

    /// The server refused with 429: no request goes before it said (or a minute, if it did not).
    pub fn on_rate_limited(&mut self, now: u64, retry_after_ms: Option<u64>) {
        let until = now + retry_after_ms.unwrap_or(self.window_ms);
        self.paused_until = self.paused_until.max(until);
    }

    /// Requests taken within the window ending at `now`.
    pub fn in_window(&mut self, now: u64) -> usize {
        self.forget_old(now);
        self.sent.len()
    }

    /// When the budget is paused by the server, until when (epoch ms).
    pub fn paused_until(&self, now: u64) -> Option<u64> {
        (self.paused_until > now).then_some(self.paused_until)
    }
}

/// Exponential back-off with full jitter, capped: the delay before retry `attempt` (0-based)
/// is a random share (`jitter` in 0.0..1.0, from the caller) of `min(cap, base * 2^attempt)`,
/// never less than half of it so retries do not bunch at zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    pub base_ms: u64,
    pub cap_ms: u64,
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base_ms: 1_000,
            cap_ms: 60_000,
            max_attempts: 6,
        }
    }
}

impl Backoff {
    pub fn ceiling_ms(&self, attempt: u32) -> u64 {
        self.base_ms
            .saturating_mul(1u64 << attempt.min(32))
            .min(self.cap_ms)
    }

    pub fn delay_ms(&self, attempt: u32, jitter: f64) -> u64 {
        let ceiling = self.ceiling_ms(attempt) as f64;
        let j = jitter.clamp(0.0, 1.0);
        (ceiling * (0.5 + 0.5 * j)).round() as u64
    }
}

impl Backoff {
    /// Whether to try a failed request again, and after how long: only transient failures
    /// (network, timeout, 5xx, 429), and never past `max_attempts`. After a 429 the delay is 0:
    /// the shared budget is already paused for as long as the server asked.
    pub fn retry_after(&self, attempt: u32, error: &ApiError, jitter: f64) -> Option<u64> {
        if attempt + 1 >= self.max_attempts || !error.is_transient() {
            return None;
        }
        Some(match error {
            ApiError::RateLimited { .. } => 0,
            _ => self.delay_ms(attempt, jitter),
        })
    }
}

impl Backoff {
    /// One try and no retry: for callers that retry by themselves and show when.
    pub const ONCE: Self = Self {
        base_ms: 1_000,
        cap_ms: 60_000,
        max_attempts: 1,
    };

    /// How the connect screen retries its check: a few times, further apart, so a server that
    /// is briefly down or limiting is waited out while the user watches a countdown.
    pub const CONNECT: Self = Self {
        base_ms: 2_000,
        cap_ms: 30_000,
        max_attempts: 6,
    };

    /// When to try again after attempt `attempt` failed with `error`, in ms from now, never
    /// sooner than the shared budget allows (`budget_wait_ms`: after a 429 without
    /// `Retry-After`, the minute it pauses for); `None` when the failure is final.
    pub fn next_try(
        &self,
        attempt: u32,
        error: &ApiError,
        jitter: f64,
        budget_wait_ms: u64,
    ) -> Option<u64> {
        self.retry_after(attempt, error, jitter)
            .map(|d| d.max(budget_wait_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_retried_and_not_forever() {
        let p = Backoff {
            base_ms: 1_000,
            cap_ms: 8_000,
            max_attempts: 4,
        };
        let net = ApiError::Network("offline".into());
        assert_eq!(p.retry_after(0, &net, 1.0), Some(1_000));
        assert_eq!(p.retry_after(2, &net, 1.0), Some(4_000));
        assert_eq!(
            p.retry_after(3, &net, 1.0),
            None,
            "the fourth attempt was the last"
        );
        let limited = ApiError::RateLimited {
            retry_after_ms: Some(9_000),
        };
        assert_eq!(
            p.retry_after(0, &limited, 1.0),
            Some(0),
            "the budget holds the pause"
        );
        for final_error in [
            ApiError::from_status(401, b"", None),
            ApiError::from_status(403, b"", None),
            ApiError::from_status(404, b"", None),
            ApiError::from_status(400, b"", None),
            ApiError::Malformed {
                expected: "x",
                detail: "y".into(),
                sent: None,
            },
            ApiError::Aborted,
        ] {
            assert_eq!(p.retry_after(0, &final_error, 0.5), None, "{final_error:?}");
        }
    }

    #[test]
    fn a_retry_waits_for_the_budget_and_a_429_without_retry_after_for_its_minute() {
        let c = Backoff::CONNECT;
        let mut budget = Budget::default();
        let now = 1_000_000;
        budget.on_rate_limited(now, None);
        let limited = ApiError::from_status(429, b"", None);
        assert_eq!(
            c.next_try(0, &limited, 0.5, budget.wait_ms(now)),
            Some(60_000)
        );
        let mut budget = Budget::default();
        budget.on_rate_limited(now, Some(3_000));
        let told = ApiError::from_status(429, b"", Some("3"));
        assert_eq!(c.next_try(0, &told, 0.5, budget.wait_ms(now)), Some(3_000));
        let down = ApiError::from_status(503, b"", None);
        assert_eq!(c.next_try(0, &down, 1.0, 0), Some(2_000));
        assert_eq!(c.next_try(1, &down, 1.0, 0), Some(4_000));
        assert_eq!(c.next_try(5, &down, 1.0, 0), None, "six tries in all");
        assert_eq!(
            c.next_try(0, &ApiError::from_status(401, b"", None), 1.0, 0),
            None
        );
        assert_eq!(c.next_try(0, &ApiError::NoApi(None), 1.0, 0), None);
    }

    #[test]
    fn a_burst_never_exceeds_the_limit_in_any_window() {
        let mut b = Budget::default();
        let mut sent = Vec::new();
        let mut now = 1_000_000u64;
        // 500 callers ask as fast as they can; each waits as told.
        while sent.len() < 500 {
            match b.try_acquire(now) {
                Ok(()) => sent.push(now),
                Err(wait) => {
                    assert!(wait > 0);
                    now += wait;
                }
            }
        }
        for (i, &t) in sent.iter().enumerate() {
            let in_window = sent[i..].iter().take_while(|&&u| u < t + WINDOW_MS).count();
            assert!(
                in_window <= DEFAULT_LIMIT_PER_MINUTE as usize,
                "at {t}: {in_window}"
            );
        }
    }

    #[test]
    fn a_budget_survives_being_stored_and_read_back() {
        let mut b = Budget::new(2, 1000);
        b.try_acquire(10).unwrap();
        b.on_rate_limited(20, Some(500));
        let json = serde_json::to_string(&b).unwrap();
        let mut back: Budget = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
        assert_eq!(back.wait_ms(20), 500);
    }

    #[test]
    fn the_first_requests_go_at_once() {
        let mut b = Budget::new(3, 1000);
        assert_eq!(b.try_acquire(0), Ok(()));
        assert_eq!(b.try_acquire(10), Ok(()));
        assert_eq!(b.try_acquire(20), Ok(()));
        assert_eq!(b.try_acquire(30), Err(970));
        assert_eq!(b.try_acquire(1000), Ok(()));
        assert_eq!(b.in_window(1000), 3);
    }

    #[test]
    fn a_429_pauses_for_retry_after_or_a_minute() {
        let mut b = Budget::default();
        b.on_rate_limited(5_000, Some(7_000));
        assert_eq!(b.try_acquire(5_000), Err(7_000));
        assert_eq!(b.paused_until(6_000), Some(12_000));
        assert_eq!(b.try_acquire(12_000), Ok(()));
        b.on_rate_limited(20_000, None);
        assert_eq!(b.wait_ms(20_000), 60_000);
    }

    #[test]
    fn backoff_grows_to_its_cap_with_bounded_jitter() {
        let p = Backoff::default();
        assert_eq!(p.delay_ms(0, 1.0), 1_000);
        assert_eq!(p.delay_ms(0, 0.0), 500);
        assert_eq!(p.delay_ms(3, 1.0), 8_000);
        assert_eq!(p.delay_ms(20, 1.0), 60_000);
        assert_eq!(p.delay_ms(u32::MAX, 0.5), 45_000);
        for attempt in 0..10 {
            assert!(p.delay_ms(attempt, 0.3) <= p.delay_ms(attempt + 1, 0.3));
        }
    }
}
