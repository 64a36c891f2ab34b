//! Typed models of the three Jobs API operations, as the vendor's reference page shows them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A job's id as the server gives it (`AZbneNUBx31OH7OTNMmz`): opaque text, shown as is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

/// The stage of a job. The vendor documents three; any other string is kept as it came, so a
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
        match s {
            "RUNNING" => Self::Running,
            "SUCCESS" => Self::Success,
            "FAILED" => Self::Failed,
            other => Self::Other(other.to_owned()),
        }
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

    /// The text a person reads on the badge: documented stages in words, others as they came.
    pub fn label(&self) -> &str {
        match self {
            Self::Running => "Running",
            Self::Success => "Success",
            Self::Failed => "Failed",
            Self::Other(s) => s,
        }
    }

    /// Whether the job can still change.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Success | Self::Failed)
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Self::parse(&s))
    }
}

/// One job of `GET /api/v2/jobs`. Every documented field; times are epoch milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub request_id: RequestId,
    pub stage: Stage,
    pub hits_done: u64,
    pub total_hits: u64,
    pub total_pages: u64,
    pub submitted_at: i64,
    #[serde(default)]
    pub started_at: Option<i64>,
    #[serde(default)]
    pub stopped_at: Option<i64>,
    #[serde(default)]
    pub last_synced_time: Option<i64>,
    #[serde(default)]
    pub running_time_millis: Option<u64>,
    #[serde(default)]
    pub running_time: Option<String>,
}

impl Job {
    /// Share of the job's hits found so far, 0.0–1.0; a job with no hits to find is complete.
    pub fn progress(&self) -> f64 {
        if self.total_hits == 0 {
            return if self.stage.is_final() { 1.0 } else { 0.0 };
        }
        (self.hits_done as f64 / self.total_hits as f64).clamp(0.0, 1.0)
    }
}

/// The body of `GET /api/v2/jobs`: `{"data":{"jobs":{"requests":[…]}},"meta":{"total_items":N}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobsPage {
    pub data: JobsData,
    #[serde(default)]
    pub meta: JobsMeta,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobsData {
    pub jobs: JobsRequests,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobsRequests {
    pub requests: Vec<Job>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobsMeta {
    #[serde(default)]
    pub total_items: Option<u64>,
}

impl JobsPage {
    pub fn jobs(&self) -> &[Job] {
        &self.data.jobs.requests
    }

    pub fn into_jobs(self) -> Vec<Job> {
        self.data.jobs.requests
    }
}

/// One hit: a flat map whose keys depend on the log type and on `response_type`, in the order
/// the server sent them. Values may be strings, numbers, booleans or null.
pub type Hit = serde_json::Map<String, serde_json::Value>;

/// The body of `GET /api/v2/jobs/results`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsPage {
    pub data: HitsData,
    #[serde(default)]
    pub meta: ResultsMeta,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HitsData {
    pub hits: Vec<Hit>,
}

/// Paging facts of a results page. `next_page` is absent (or null) on the last page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultsMeta {
    #[serde(default)]
    pub next_page: Option<u64>,
    #[serde(default)]
    pub total_items: Option<u64>,
    #[serde(default)]
    pub items_in_current_page: Option<u64>,
}

/// The body of `DELETE /api/v2/jobs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteResponse {
    pub data: DeleteData,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteData {
    pub message: String,
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
