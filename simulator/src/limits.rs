//! Who may call and how often: tokens and their scopes, and the 60-requests-a-minute window
//! per token. A token is only ever named by its position (`#1`), never by its value.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::Mutex,
};

use axum::http::{header, HeaderMap};

pub const DEMO_TOKEN: &str = "joblens-demo-token";
pub const SCOPE_READ: &str = "jobs.READ";
pub const SCOPE_DELETE: &str = "jobs.DELETE";
pub const RATE_LIMIT_PER_MINUTE: u32 = 60;
const MINUTE_MS: i64 = 60_000;

/// One accepted token and what it may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGrant {
    pub token: String,
    pub scopes: HashSet<String>,
}

impl TokenGrant {
    /// `TOKEN` (every scope) or `TOKEN=jobs.READ,jobs.DELETE`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (token, scopes) = match spec.split_once('=') {
            Some((t, s)) => (t, s.split(',').map(|s| s.trim().to_owned()).collect()),
            None => (spec, [SCOPE_READ, SCOPE_DELETE].map(String::from).into()),
        };
        if token.is_empty() {
            return Err("a token must not be empty".into());
        }
        let scopes: HashSet<String> = scopes;
        if let Some(bad) = scopes
            .iter()
            .find(|s| *s != SCOPE_READ && *s != SCOPE_DELETE)
        {
            return Err(format!(
                "unknown scope {bad:?}: use {SCOPE_READ} or {SCOPE_DELETE}"
            ));
        }
        Ok(Self {
            token: token.to_owned(),
            scopes,
        })
    }
}

/// Which token a request used: its position on the command line, never the token itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenLabel(pub usize);

impl std::fmt::Display for TokenLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0 + 1)
    }
}

/// The grant a request's `Authorization: Bearer` header names, and its position.
pub fn grant_of<'a>(
    tokens: &'a [TokenGrant],
    headers: &HeaderMap,
) -> Option<(TokenLabel, &'a TokenGrant)> {
    let presented = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?
        .trim();
    tokens
        .iter()
        .enumerate()
        .find(|(_, g)| g.token == presented)
        .map(|(i, g)| (TokenLabel(i), g))
}

/// Sliding one-minute windows of request times, per token.
#[derive(Debug, Default)]
pub struct Windows(Mutex<HashMap<usize, VecDeque<i64>>>);

impl Windows {
    /// Counts a request at `now` and returns how many the token made in the last minute.
    pub fn note(&self, label: TokenLabel, now: i64) -> usize {
        let mut all = self.0.lock().expect("window lock");
        let window = all.entry(label.0).or_default();
        forget_before_last_minute(window, now);
        window.push_back(now);
        window.len()
    }

    /// Admits a request at `now` if the token made fewer than `limit` in the last minute;
    /// otherwise how many milliseconds until it may.
    pub fn admit(&self, label: TokenLabel, now: i64, limit: u32) -> Result<(), i64> {
        let mut all = self.0.lock().expect("window lock");
        let window = all.entry(label.0).or_default();
        forget_before_last_minute(window, now);
        let limit = limit as usize;
        if window.len() >= limit {
            return Err(window[window.len() - limit] + MINUTE_MS - now);
        }
        window.push_back(now);
        Ok(())
    }

    pub fn clear(&self) {
        self.0.lock().expect("window lock").clear();
    }
}

/// Drops the times that are a minute old or more.
fn forget_before_last_minute(window: &mut VecDeque<i64>, now: i64) {
    while window.front().is_some_and(|&t| t + MINUTE_MS <= now) {
        window.pop_front();
    }
}
