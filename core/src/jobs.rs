//! The job table's logic: filtering, sorting, the URL state they live in, range selection,
//! the refresh schedule, and noticing jobs that finished between two refreshes.

use crate::{models::RETENTION_MS, percent::encode, Job, Stage};
use std::cmp::Ordering;

/// A column the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    RequestId,
    Stage,
    Progress,
    TotalHits,
    Pages,
    Submitted,
    Started,
    Stopped,
    RunningTime,
    LastSynced,
    Expires,
}

impl SortKey {
    pub const ALL: [SortKey; 11] = [
        Self::RequestId,
        Self::Stage,
        Self::Progress,
        Self::TotalHits,
        Self::Pages,
        Self::Submitted,
        Self::Started,
        Self::Stopped,
        Self::RunningTime,
        Self::LastSynced,
        Self::Expires,
    ];

    /// The name in the URL (`?sort=submitted`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RequestId => "id",
            Self::Stage => "stage",
            Self::Progress => "progress",
            Self::TotalHits => "hits",
            Self::Pages => "pages",
            Self::Submitted => "submitted",
            Self::Started => "started",
            Self::Stopped => "stopped",
            Self::RunningTime => "running",
            Self::LastSynced => "synced",
            Self::Expires => "expires",
        }
    }

    /// The column's header text.
    pub fn label(self) -> &'static str {
        match self {
            Self::RequestId => "Request ID",
            Self::Stage => "Stage",
            Self::Progress => "Progress",
            Self::TotalHits => "Hits",
            Self::Pages => "Pages",
            Self::Submitted => "Submitted",
            Self::Started => "Started",
            Self::Stopped => "Stopped",
            Self::RunningTime => "Running time",
            Self::LastSynced => "Last synced",
            Self::Expires => "Results expire",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Numbers read best right-aligned.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::TotalHits | Self::Pages | Self::RunningTime)
    }

    fn compare(self, a: &Job, b: &Job) -> Ordering {
        match self {
            Self::RequestId => a.request_id.cmp(&b.request_id),
            Self::Stage => stage_rank(&a.stage)
                .cmp(&stage_rank(&b.stage))
                .then_with(|| a.stage.as_str().cmp(b.stage.as_str())),
            Self::Progress => a.progress().total_cmp(&b.progress()),
            Self::TotalHits => a.total_hits.cmp(&b.total_hits),
            Self::Pages => a.total_pages.cmp(&b.total_pages),
            Self::Submitted | Self::Expires => a.submitted_at.cmp(&b.submitted_at),
            Self::Started => a.started_at.cmp(&b.started_at),
            Self::Stopped => a.stopped_at.cmp(&b.stopped_at),
            Self::RunningTime => a.running_time_millis.cmp(&b.running_time_millis),
            Self::LastSynced => a.last_synced_time.cmp(&b.last_synced_time),
        }
    }
}

/// Running first, then failed, then succeeded, then stages nobody documented.
fn stage_rank(s: &Stage) -> u8 {
    match s {
        Stage::Running => 0,
        Stage::Failed => 1,
        Stage::Success => 2,
        Stage::Other(_) => 3,
    }
}

/// Which stages the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StageFilter {
    #[default]
    All,
    Running,
    Success,
    Failed,
    /// Any stage the vendor does not document.
    Other,
}

impl StageFilter {
    pub const ALL: [StageFilter; 5] = [
        Self::All,
        Self::Running,
        Self::Success,
        Self::Failed,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Running => "running",
            Self::Success => "success",
            Self::Failed => "failed",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All stages",
            Self::Running => "Running",
            Self::Success => "Success",
            Self::Failed => "Failed",
            Self::Other => "Other stages",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .unwrap_or_default()
    }

    pub fn admits(self, stage: &Stage) -> bool {
        matches!(
            (self, stage),
            (Self::All, _)
                | (Self::Running, Stage::Running)
                | (Self::Success, Stage::Success)
                | (Self::Failed, Stage::Failed)
                | (Self::Other, Stage::Other(_))
        )
    }
}

/// What the user asked the table to show, as it lives in the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableQuery {
    /// Part of a request id, case-insensitive.
    pub text: String,
    pub stage: StageFilter,
    pub sort: SortKey,
    pub descending: bool,
}

impl Default for TableQuery {
    /// Newest first, everything shown.
    fn default() -> Self {
        Self {
            text: String::new(),
            stage: StageFilter::All,
            sort: SortKey::Submitted,
            descending: true,
        }
    }
}

impl TableQuery {
    /// Reads `q`, `stage`, `sort` and `dir` from URL parameters; anything unknown is ignored.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let d = Self::default();
        Self {
            text: get("q").unwrap_or_default(),
            stage: get("stage")
                .map(|s| StageFilter::parse(&s))
                .unwrap_or(d.stage),
            sort: get("sort")
                .and_then(|s| SortKey::parse(&s))
                .unwrap_or(d.sort),
            descending: get("dir").map_or(d.descending, |s| s != "asc"),
        }
    }

    /// The URL's query string for this state, without the defaults (`""` when all default).
    pub fn to_query_string(&self) -> String {
        let d = Self::default();
        let mut parts = Vec::new();
        if !self.text.is_empty() {
            parts.push(format!("q={}", encode(&self.text)));
        }
        if self.stage != d.stage {
            parts.push(format!("stage={}", self.stage.as_str()));
        }
        if self.sort != d.sort || self.descending != d.descending {
            parts.push(format!("sort={}", self.sort.as_str()));
            parts.push(format!(
                "dir={}",
                if self.descending { "desc" } else { "asc" }
            ));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Sorting by `key`: a new column starts descending for times and numbers, ascending for
    /// text; the same column flips.
    pub fn sorted_by(&self, key: SortKey) -> Self {
        let descending = if key == self.sort {
            !self.descending
        } else {
            !matches!(key, SortKey::RequestId | SortKey::Stage)
        };
        Self {
            sort: key,
            descending,
            ..self.clone()
        }
    }

    pub fn admits(&self, job: &Job) -> bool {
        let text = self.text.trim();
        self.stage.admits(&job.stage)
            && (text.is_empty()
                || job
                    .request_id
                    .as_str()
                    .to_ascii_lowercase()
                    .contains(&text.to_ascii_lowercase()))
    }

    /// The jobs to show, filtered and sorted (ties broken by request id, so the order is stable).
    pub fn apply<'a>(&self, jobs: impl IntoIterator<Item = &'a Job>) -> Vec<&'a Job> {
        let mut out: Vec<&Job> = jobs.into_iter().filter(|j| self.admits(j)).collect();
        out.sort_by(|a, b| {
            let o = self
                .sort
                .compare(a, b)
                .then_with(|| a.request_id.cmp(&b.request_id));
            if self.descending {
                o.reverse()
            } else {
                o
            }
        });
        out
    }
}

/// The ids from `anchor` to `target` in the order shown (both included): a shift-click range.
/// Without an anchor on screen, only the target.
pub fn range<'a>(shown: &'a [String], anchor: Option<&str>, target: &str) -> Vec<&'a str> {
    let pos = |id: &str| shown.iter().position(|s| s == id);
    match (anchor.and_then(pos), pos(target)) {
        (Some(a), Some(t)) => shown[a.min(t)..=a.max(t)]
            .iter()
            .map(String::as_str)
            .collect(),
        (_, Some(t)) => vec![shown[t].as_str()],
        _ => Vec::new(),
    }
}

/// A job that reached a final stage between two refreshes.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub request_id: String,
    pub stage: Stage,
    pub hits: Option<u64>,
}

/// The jobs that were running in `before` and are final in `after`.
pub fn finished_between(before: &[Job], after: &[Job]) -> Vec<Finished> {
    after
        .iter()
        .filter(|j| j.stage.is_final())
        .filter(|j| {
            before
                .iter()
                .any(|b| b.request_id == j.request_id && !b.stage.is_final())
        })
        .map(|j| Finished {
            request_id: j.request_id.0.clone(),
            stage: j.stage.clone(),
            hits: j.hits_done,
        })
        .collect()
}

/// When the server deletes the job's results (epoch ms), if it said when the job was submitted.
pub fn expires_at(job: &Job) -> Option<i64> {
    job.submitted_at.map(|t| t.saturating_add(RETENTION_MS))
}

/// The auto-refresh schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refresh {
    pub enabled: bool,
    /// The interval while a job runs.
    pub interval_ms: u64,
}

/// The interval when every job is final: no faster than this.
pub const IDLE_INTERVAL_MS: u64 = 30_000;
/// The intervals a user can choose.
pub const INTERVALS_MS: [u64; 4] = [5_000, 10_000, 30_000, 60_000];

impl Default for Refresh {
    fn default() -> Self {
        Self {
            enabled: true,
            interval_ms: INTERVALS_MS[0],
        }
    }
}

impl Refresh {
    /// How long until the next refresh, or `None` for no timed refresh (turned off, or the
    /// tab is hidden: it refreshes when it comes back). After failures the back-off delay
    /// stands instead.
    pub fn next_in(&self, any_running: bool, hidden: bool, backoff_ms: Option<u64>) -> Option<u64> {
        if !self.enabled || hidden {
            return None;
        }
        Some(match backoff_ms {
            Some(ms) => ms,
            None if any_running => self.interval_ms,
            None => self.interval_ms.max(IDLE_INTERVAL_MS),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::JobsPage;

    fn jobs() -> Vec<Job> {
        let page: JobsPage =
            serde_json::from_str(include_str!("../../contract/jobs-list.json")).unwrap();
        let base = page.into_jobs().remove(0);
        let mk = |id: &str, stage: Stage, hits: u64, submitted: i64| Job {
            request_id: id.into(),
            stage,
            hits_done: Some(hits),
            total_hits: Some(100),
            submitted_at: Some(submitted),
            ..base.clone()
        };
        vec![
            mk("AZaaa", Stage::Success, 100, 3),
            mk("AZbbb", Stage::Running, 40, 5),
            mk("AZccc", Stage::Failed, 10, 1),
            mk("AZddd", Stage::Other("QUEUED".into()), 0, 4),
        ]
    }

    fn ids(v: &[&Job]) -> Vec<String> {
        v.iter().map(|j| j.request_id.0.clone()).collect()
    }

    #[test]
    fn default_order_is_newest_first() {
        let all = jobs();
        assert_eq!(
            ids(&TableQuery::default().apply(&all)),
            ["AZbbb", "AZddd", "AZaaa", "AZccc"]
        );
    }

    #[test]
    fn sorts_by_any_column_both_ways() {
        let all = jobs();
        let q = TableQuery::default().sorted_by(SortKey::Progress);
        assert!(q.descending);
        assert_eq!(ids(&q.apply(&all)), ["AZaaa", "AZbbb", "AZccc", "AZddd"]);
        let q = q.sorted_by(SortKey::Progress);
        assert!(!q.descending);
        assert_eq!(ids(&q.apply(&all)), ["AZddd", "AZccc", "AZbbb", "AZaaa"]);
        let q = TableQuery::default().sorted_by(SortKey::Stage);
        assert_eq!(ids(&q.apply(&all)), ["AZbbb", "AZccc", "AZaaa", "AZddd"]);
        for key in SortKey::ALL {
            assert_eq!(TableQuery::default().sorted_by(key).apply(&all).len(), 4);
        }
    }

    #[test]
    fn filters_by_id_text_and_stage() {
        let all = jobs();
        let q = TableQuery {
            text: "bB".into(),
            ..TableQuery::default()
        };
        assert_eq!(ids(&q.apply(&all)), ["AZbbb"]);
        let q = TableQuery {
            stage: StageFilter::Other,
            ..TableQuery::default()
        };
        assert_eq!(ids(&q.apply(&all)), ["AZddd"]);
        let q = TableQuery {
            stage: StageFilter::Failed,
            text: "zz".into(),
            ..TableQuery::default()
        };
        assert!(q.apply(&all).is_empty());
    }

    #[test]
    fn the_url_round_trips_and_leaves_defaults_out() {
        assert_eq!(TableQuery::default().to_query_string(), "");
        let q = TableQuery {
            text: "AZ b&c".into(),
            stage: StageFilter::Running,
            sort: SortKey::TotalHits,
            descending: false,
        };
        let s = q.to_query_string();
        assert_eq!(s, "?q=AZ%20b%26c&stage=running&sort=hits&dir=asc");
        let params: Vec<(&str, String)> = vec![
            ("q", "AZ b&c".into()),
            ("stage", "running".into()),
            ("sort", "hits".into()),
            ("dir", "asc".into()),
        ];
        let back =
            TableQuery::from_params(|k| params.iter().find(|p| p.0 == k).map(|p| p.1.clone()));
        assert_eq!(back, q);
        let junk = TableQuery::from_params(|k| Some(format!("junk-{k}")));
        assert_eq!(junk.sort, SortKey::Submitted);
        assert_eq!(junk.stage, StageFilter::All);
    }

    #[test]
    fn shift_click_ranges_follow_the_shown_order() {
        let shown: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        assert_eq!(range(&shown, Some("b"), "d"), ["b", "c", "d"]);
        assert_eq!(range(&shown, Some("d"), "b"), ["b", "c", "d"]);
        assert_eq!(range(&shown, None, "c"), ["c"]);
        assert_eq!(range(&shown, Some("gone"), "a"), ["a"]);
        assert!(range(&shown, Some("a"), "gone").is_empty());
    }

    #[test]
    fn finished_jobs_are_noticed_once() {
        let before = jobs();
        let mut after = before.clone();
        after[1].stage = Stage::Success;
        after[1].hits_done = Some(100);
        let done = finished_between(&before, &after);
        assert_eq!(
            done,
            [Finished {
                request_id: "AZbbb".into(),
                stage: Stage::Success,
                hits: Some(100)
            }]
        );
        assert!(finished_between(&after, &after).is_empty());
        assert!(
            finished_between(&[], &after).is_empty(),
            "nothing on the first load"
        );
    }

    #[test]
    fn refresh_is_faster_while_running_and_stops_when_hidden_or_off() {
        let r = Refresh::default();
        assert_eq!(r.next_in(true, false, None), Some(5_000));
        assert_eq!(r.next_in(false, false, None), Some(IDLE_INTERVAL_MS));
        assert_eq!(r.next_in(true, true, None), None);
        assert_eq!(r.next_in(true, false, Some(8_000)), Some(8_000));
        let slow = Refresh {
            interval_ms: 60_000,
            ..r
        };
        assert_eq!(slow.next_in(false, false, None), Some(60_000));
        let off = Refresh {
            enabled: false,
            ..r
        };
        assert_eq!(off.next_in(true, false, None), None);
    }
}
