//! Counters the tests read through `/__sim/stats`: requests, statuses as meant, and the
//! busiest minute per token.

use crate::{error::VendorError, limits::TokenLabel, state::Sim};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use std::{
    collections::{BTreeMap, VecDeque},
    sync::{Arc, Mutex},
};

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Stats {
    pub api_requests: u64,
    pub unauthorized: u64,
    pub rate_limited: u64,
    /// The most API requests one token made in any 60 s window.
    pub max_per_minute: u64,
    /// Requests per status code, as meant: an error a dialect sends as 200 counts as its own.
    pub by_status: BTreeMap<u16, u64>,
    /// When the last API requests arrived (simulator clock, epoch ms), oldest first, at most
    /// 500: tests check a client's pacing from them.
    pub recent: VecDeque<i64>,
}

/// The counters and every token's requests of the last minute, accepted or not.
#[derive(Debug, Default)]
pub struct Counters {
    stats: Mutex<Stats>,
    seen: crate::limits::Windows,
}

impl Counters {
    pub fn snapshot(&self) -> Stats {
        self.stats.lock().expect("stats lock").clone()
    }

    pub fn clear(&self) {
        *self.stats.lock().expect("stats lock") = Stats::default();
        self.seen.clear();
    }

    pub fn arrived(&self, now: i64) {
        let mut stats = self.stats.lock().expect("stats lock");
        stats.api_requests += 1;
        if stats.recent.len() == 500 {
            stats.recent.pop_front();
        }
        stats.recent.push_back(now);
    }

    pub fn seen(&self, label: TokenLabel, now: i64) {
        let n = self.seen.note(label, now) as u64;
        let mut stats = self.stats.lock().expect("stats lock");
        stats.max_per_minute = stats.max_per_minute.max(n);
    }

    fn answered(&self, res: &Response) {
        let status = res
            .extensions()
            .get::<VendorError>()
            .map_or(res.status(), VendorError::status);
        let mut stats = self.stats.lock().expect("stats lock");
        *stats.by_status.entry(status.as_u16()).or_default() += 1;
        match status.as_u16() {
            401 => stats.unauthorized += 1,
            429 => stats.rate_limited += 1,
            _ => {}
        }
    }
}

/// Counts every vendor answer by what it meant.
pub async fn count(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    sim.counters.answered(&res);
    res
}
