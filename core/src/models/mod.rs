//! Models of the three Jobs API operations, read leniently: the vendor's reference page is the
//! contract, and what other versions of the API (and sibling products) send is understood too.
//! A value in an unexpected JSON type or under a v1 name never fails a whole answer.
//!
//! `job`: one job of a list; `list`: the job list answer; `results`: a results page and the
//! delete answer; here: ids, stages, field names, and the readers they share.

mod job;
mod list;
mod results;

pub use job::{Job, OddJob};
pub use list::JobsPage;
pub use results::{Deleted, Hit, ResultsMeta, ResultsPage, StorePage, NOT_AN_OBJECT};

use crate::value;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// A job's id as the server gives it (`AZbneNUBx31OH7OTNMmz`): opaque text, shown as is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub String);

impl RequestId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for RequestId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// The stage of a job. The vendor documents three, matched whatever their case (`success` is
/// Success); any other string is kept as it came (shown on a neutral badge, never final), so a
/// new server version never breaks the client.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Running,
    Success,
    Failed,
    Other(String),
}

impl Stage {
    pub fn parse(s: &str) -> Self {
        let known = [
            ("RUNNING", Self::Running),
            ("SUCCESS", Self::Success),
            ("FAILED", Self::Failed),
        ];
        known
            .into_iter()
            .find(|(name, _)| s.trim().eq_ignore_ascii_case(name))
            .map_or_else(|| Self::Other(s.to_owned()), |(_, stage)| stage)
    }

    /// The server's own spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Running => "RUNNING",
            Self::Success => "SUCCESS",
            Self::Failed => "FAILED",
            Self::Other(s) => s,
        }
    }

    /// The CSS modifier of the stage badge (`stage-badge--running`).
    pub fn css_modifier(&self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Success => "success",
            Self::Failed => "failed",
            Self::Other(_) => "unknown",
        }
    }

    /// The text a person reads on the badge: documented stages in words, others as they came
    /// (with anything that could deceive the reader made visible).
    pub fn label(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Running => "Running".into(),
            Self::Success => "Success".into(),
            Self::Failed => "Failed".into(),
            Self::Other(s) if s.trim().is_empty() => "No stage".into(),
            Self::Other(s) => value::visible(s),
        }
    }

    /// Whether the job can still change.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Success | Self::Failed)
    }
}

impl Default for Stage {
    fn default() -> Self {
        Self::Other(String::new())
    }
}

/// Where `names` leads from `v` (each a key of the object before it), if every step exists.
pub(crate) fn at<'a>(v: &'a mut Value, names: &[&str]) -> Option<&'a mut Value> {
    names
        .iter()
        .try_fold(v, |v, name| v.as_object_mut()?.get_mut(*name))
}

/// The first of `paths` that exists in `v`, taken out of it.
pub(crate) fn take_first(v: &mut Value, paths: &[&[&str]]) -> Option<Value> {
    paths.iter().find_map(|p| at(v, p).map(Value::take))
}

/// The first of `paths` in `v` that holds a count.
pub(crate) fn count_at(v: &mut Value, paths: &[&[&str]]) -> Option<u64> {
    paths
        .iter()
        .find_map(|p| at(v, p).and_then(|v| value::uint(v)))
}

/// A list the server sent: `null` or absent is empty; anything but an array is not a list.
pub(crate) fn list(found: Option<Value>, what: &str) -> Result<Vec<Value>, String> {
    match found {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(format!("{what} is {}, not a list", kind_of(&other))),
    }
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Which field names a results page uses: display names (`client`) or internal ones (`server`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ResponseType {
    #[default]
    Client,
    Server,
}

impl ResponseType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Server => "server",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "client" => Some(Self::Client),
            "server" => Some(Self::Server),
            _ => None,
        }
    }
}

/// Hits per results page.
pub const PAGE_SIZE: u64 = 1000;
/// The server deletes a job's results this long after the search.
pub const RETENTION_MS: i64 = 24 * 60 * 60 * 1000;
