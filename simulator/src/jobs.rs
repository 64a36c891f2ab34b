//! Jobs that live: each is a small spec (when it was submitted, how long it runs, how it ends),
//! and its state at any moment is computed from the clock, so a job advances `hits_done`,
//! finishes, and expires 24 h after the search without any background task.

use crate::hits::{HitSource, LogMix};
use crate::rng::{hash, Rng};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub const PAGE_SIZE: u64 = 1000;
pub const RETENTION_MS: i64 = 24 * 60 * 60 * 1000;
/// A running job reports progress at this granularity (`last_synced_time`).
const SYNC_MS: i64 = 1000;

/// How a job ends.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    Success,
    /// Fails after this share of its run (0.0–1.0), keeping the hits found until then.
    Failed {
        at: f64,
    },
}

/// What a job is, fixed when it is submitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobSpec {
    pub request_id: String,
    /// Position of the job in its simulator, for hit generation.
    pub ordinal: u64,
    pub total_hits: u64,
    pub submitted_at: i64,
    /// From submission to start.
    pub queue_ms: i64,
    /// From start to the end of the search.
    pub run_ms: i64,
    pub outcome: Outcome,
    pub mix: LogMix,
}

/// A job's stage as the server spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageNow {
    Running,
    Success,
    Failed,
}

impl StageNow {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "RUNNING",
            Self::Success => "SUCCESS",
            Self::Failed => "FAILED",
        }
    }
}

/// A job's state at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct JobNow {
    pub stage: StageNow,
    pub hits_done: u64,
    pub started_at: i64,
    pub stopped_at: i64,
    pub last_synced_time: i64,
    pub running_time_millis: i64,
}

impl JobNow {
    pub fn total_pages(&self) -> u64 {
        self.hits_done.div_ceil(PAGE_SIZE)
    }
}

impl JobSpec {
    /// Results are deleted 24 hours after the search.
    pub fn expires_at(&self) -> i64 {
        self.submitted_at + RETENTION_MS
    }

    /// The job as it stands at `now`.
    pub fn at(&self, now: i64) -> JobNow {
        let started_at = self.submitted_at + self.queue_ms;
        let end_ms = match self.outcome {
            Outcome::Success => self.run_ms,
            Outcome::Failed { at } => (self.run_ms as f64 * at.clamp(0.0, 1.0)) as i64,
        };
        let elapsed = (now - started_at).max(0);
        if elapsed >= end_ms {
            let share = match self.outcome {
                Outcome::Success => 1.0,
                Outcome::Failed { at } => at.clamp(0.0, 1.0),
            };
            let stopped_at = started_at + end_ms;
            return JobNow {
                stage: match self.outcome {
                    Outcome::Success => StageNow::Success,
                    Outcome::Failed { .. } => StageNow::Failed,
                },
                hits_done: (self.total_hits as f64 * share).round() as u64,
                started_at,
                stopped_at,
                last_synced_time: stopped_at,
                running_time_millis: end_ms,
            };
        }
        let synced = started_at + elapsed / SYNC_MS * SYNC_MS;
        let share = (synced - started_at) as f64 / self.run_ms.max(1) as f64;
        JobNow {
            stage: StageNow::Running,
            hits_done: (self.total_hits as f64 * share).floor() as u64,
            started_at,
            // The vendor's body always carries `stopped_at`; a running job has not stopped,
            // so it reports its last sync (documented in the simulator's README).
            stopped_at: synced,
            last_synced_time: synced,
            running_time_millis: synced - started_at,
        }
    }

    /// The job as `GET /api/v2/jobs` shows it, keys in the reference page's order.
    pub fn to_json(&self, now: i64, stage_override: Option<&str>) -> Value {
        let s = self.at(now);
        let stage = match (s.stage, stage_override) {
            (StageNow::Running, Some(other)) => other,
            (stage, _) => stage.as_str(),
        };
        json!({
            "running_time_millis": s.running_time_millis,
            "hits_done": s.hits_done,
            "stage": stage,
            "total_hits": self.total_hits,
            "submitted_at": self.submitted_at,
            "started_at": s.started_at,
            "running_time": running_time(s.running_time_millis),
            "last_synced_time": s.last_synced_time,
            "total_pages": s.total_pages(),
            "stopped_at": s.stopped_at,
            "request_id": self.request_id,
        })
    }

    /// Where this job's hits come from.
    pub fn hit_source(&self, seed: u64) -> HitSource {
        // The search covered the day before it was submitted; hits spread over it.
        let spacing_ms = (RETENTION_MS / self.total_hits.max(1) as i64).clamp(1, 60_000);
        HitSource {
            seed,
            job: self.ordinal,
            mix: self.mix,
            newest_ms: self.submitted_at - 1_000,
            spacing_ms,
        }
    }
}

/// The vendor's display form of a running time: `97ms`, then `12s 345ms`, `3m 4s`, `2h 5m`.
/// Only `97ms` is on the reference page; the longer forms are the simulator's inference.
pub fn running_time(ms: i64) -> String {
    let ms = ms.max(0);
    match ms {
        0..1000 => format!("{ms}ms"),
        1000..60_000 => format!("{}s {}ms", ms / 1000, ms % 1000),
        60_000..3_600_000 => format!("{}m {}s", ms / 60_000, ms % 60_000 / 1000),
        _ => format!("{}h {}m", ms / 3_600_000, ms % 3_600_000 / 60_000),
    }
}

/// A request id in the server's format, deterministic from the seed and the job's ordinal.
pub fn request_id(seed: u64, ordinal: u64) -> String {
    format!("AZ{}", Rng::new(hash(&[seed, 0x1D, ordinal])).id(18))
}

/// What a new job needs; the rest is chosen by the simulator.
#[derive(Clone, Debug, Deserialize)]
pub struct NewJob {
    #[serde(default = "default_hits")]
    pub total_hits: u64,
    #[serde(default = "default_run_ms")]
    pub run_ms: i64,
    #[serde(default)]
    pub failed_at: Option<f64>,
    #[serde(default = "default_mix")]
    pub mix: LogMix,
}

fn default_hits() -> u64 {
    5_000
}
fn default_run_ms() -> i64 {
    30_000
}
fn default_mix() -> LogMix {
    LogMix::Mixed
}

impl NewJob {
    pub fn into_spec(self, seed: u64, ordinal: u64, now: i64) -> JobSpec {
        JobSpec {
            request_id: request_id(seed, ordinal),
            ordinal,
            total_hits: self.total_hits,
            submitted_at: now,
            queue_ms: 3,
            run_ms: self.run_ms.max(1),
            outcome: match self.failed_at {
                Some(at) => Outcome::Failed { at },
                None => Outcome::Success,
            },
            mix: self.mix,
        }
    }
}

/// The jobs a fresh simulator holds, relative to its start: every documented stage, small and
/// large (100 000 hits), jobs that finish while a demo watches, and one about to expire.
pub fn seeded(seed: u64, now: i64) -> Vec<JobSpec> {
    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;
    // (submitted before start, run, hits, outcome, mix)
    let table: &[(i64, i64, u64, Outcome, LogMix)] = &[
        (3 * HOUR, 97, 372, Outcome::Success, LogMix::Windows),
        (2 * HOUR, 4_210, 1_958, Outcome::Success, LogMix::Windows),
        (90 * MIN, 187_000, 100_000, Outcome::Success, LogMix::Mixed),
        (75 * MIN, 2_400, 12_480, Outcome::Success, LogMix::Firewall),
        (
            50 * MIN,
            61_000,
            4_620,
            Outcome::Failed { at: 0.35 },
            LogMix::Syslog,
        ),
        (40 * MIN, 800, 0, Outcome::Success, LogMix::Application),
        (
            30 * MIN,
            9_000,
            2_300,
            Outcome::Failed { at: 0.0 },
            LogMix::Application,
        ),
        (
            23 * HOUR + 55 * MIN,
            1_500,
            640,
            Outcome::Success,
            LogMix::Syslog,
        ),
        (10_000, 40_000, 8_000, Outcome::Success, LogMix::Windows),
        (5_000, 3 * MIN, 30_000, Outcome::Success, LogMix::Mixed),
        (2_000, 45 * MIN, 250_000, Outcome::Success, LogMix::Firewall),
        (
            1_000,
            90_000,
            6_000,
            Outcome::Failed { at: 0.6 },
            LogMix::Application,
        ),
        // A million hits, to explore a whole job at scale (issue 16): generated on demand.
        (
            20 * HOUR,
            25 * MIN,
            1_000_000,
            Outcome::Success,
            LogMix::Mixed,
        ),
    ];
    table
        .iter()
        .enumerate()
        .map(|(i, &(ago, run_ms, total_hits, outcome, mix))| {
            let ordinal = i as u64;
            let mut jitter = Rng::new(hash(&[seed, 0xA6, ordinal]));
            JobSpec {
                request_id: request_id(seed, ordinal),
                ordinal,
                total_hits,
                submitted_at: now - ago - jitter.below(500) as i64,
                queue_ms: 1 + jitter.below(5) as i64,
                run_ms,
                outcome,
                mix,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(outcome: Outcome) -> JobSpec {
        JobSpec {
            request_id: "AZtest".into(),
            ordinal: 0,
            total_hits: 10_000,
            submitted_at: 1_000_000,
            queue_ms: 3,
            run_ms: 100_000,
            outcome,
            mix: LogMix::Mixed,
        }
    }

    #[test]
    fn a_running_job_advances_then_succeeds() {
        let j = spec(Outcome::Success);
        let early = j.at(1_000_003 + 10_500);
        assert_eq!(early.stage, StageNow::Running);
        assert_eq!(early.hits_done, 1_000);
        assert_eq!(early.last_synced_time, 1_000_003 + 10_000);
        let later = j.at(1_000_003 + 50_000);
        assert!(later.hits_done > early.hits_done);
        let done = j.at(1_000_003 + 100_000);
        assert_eq!(done.stage, StageNow::Success);
        assert_eq!(done.hits_done, 10_000);
        assert_eq!(done.total_pages(), 10);
        assert_eq!(done.stopped_at, 1_000_003 + 100_000);
        assert_eq!(done.running_time_millis, 100_000);
    }

    #[test]
    fn a_failing_job_stops_with_what_it_found() {
        let j = spec(Outcome::Failed { at: 0.25 });
        assert_eq!(j.at(1_000_003 + 20_000).stage, StageNow::Running);
        let failed = j.at(1_000_003 + 25_000);
        assert_eq!(failed.stage, StageNow::Failed);
        assert_eq!(failed.hits_done, 2_500);
        assert_eq!(failed.running_time_millis, 25_000);
    }

    #[test]
    fn running_time_reads_like_the_vendors() {
        assert_eq!(running_time(97), "97ms");
        assert_eq!(running_time(4_210), "4s 210ms");
        assert_eq!(running_time(187_000), "3m 7s");
        assert_eq!(running_time(2 * 3_600_000 + 60_000), "2h 1m");
    }

    #[test]
    fn seeded_jobs_cover_every_stage_and_a_large_job() {
        let now = 1_750_000_000_000;
        let jobs = seeded(42, now);
        let stages: Vec<StageNow> = jobs.iter().map(|j| j.at(now).stage).collect();
        for s in [StageNow::Running, StageNow::Success, StageNow::Failed] {
            assert!(stages.contains(&s), "{stages:?}");
        }
        assert!(jobs
            .iter()
            .any(|j| j.total_hits >= 100_000 && j.at(now).stage == StageNow::Success));
        assert!(jobs
            .iter()
            .any(|j| j.total_hits == 1_000_000 && j.at(now).stage == StageNow::Success));
        let ids: std::collections::BTreeSet<&str> =
            jobs.iter().map(|j| j.request_id.as_str()).collect();
        assert_eq!(ids.len(), jobs.len());
        assert!(ids.iter().all(|id| id.len() == 20));
        assert_eq!(seeded(42, now), jobs, "deterministic from the seed");
        assert_ne!(seeded(7, now)[0].request_id, jobs[0].request_id);
    }
}
