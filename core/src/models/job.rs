//! One job of `GET /api/v2/jobs`, read field by field: a value that cannot be read is noted on
//! the job, never fatal to it or the list.

use super::*;
use crate::value;
use serde_json::{Map, Value};
use std::sync::Arc;

/// One job of `GET /api/v2/jobs`, read leniently: a field the server left out, sent as null or
/// sent in a form Joblens cannot read is `None` (shown as "—"), never a failure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Job {
    pub request_id: RequestId,
    pub stage: Stage,
    pub hits_done: Option<u64>,
    pub total_hits: Option<u64>,
    pub total_pages: Option<u64>,
    /// Epoch milliseconds, as every time here.
    pub submitted_at: Option<i64>,
    pub started_at: Option<i64>,
    pub stopped_at: Option<i64>,
    pub last_synced_time: Option<i64>,
    pub running_time_millis: Option<u64>,
    pub running_time: Option<String>,
    /// What the server sent, when part of it (or all of it) could not be read.
    pub odd: Option<Arc<OddJob>>,
}

/// A job entry Joblens could not read whole: kept with what the server sent, so the row can
/// say so and show it.
#[derive(Clone, Debug, PartialEq)]
pub struct OddJob {
    /// The entry as the server sent it, as JSON.
    pub raw: String,
    /// Not a job at all (not an object, or no request id): the row only reports it.
    pub unreadable: bool,
    /// Each field whose value was not understood, as `field: value`.
    pub problems: Vec<String>,
    /// Its place in the server's list.
    pub position: usize,
    /// An entry before it has the same request id: its row is told apart by its place.
    pub repeated: bool,
}

/// The field of `obj` named any of `names` (the documented spelling first): the exact key if
/// there is one, else a key that differs only in case and separators.
/// A null value counts as absent, so `{"stage": null, "status": "RUNNING"}` reads `status`.
fn field<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<(&'a str, &'a Value)> {
    let present = |(k, v): (&'a String, &'a Value)| (!v.is_null()).then_some((k.as_str(), v));
    names
        .iter()
        .find_map(|name| obj.get_key_value(*name).and_then(present))
        .or_else(|| {
            names.iter().find_map(|name| {
                obj.iter()
                    .filter(|(k, _)| value::same_key(k, name))
                    .find_map(present)
            })
        })
}

/// Whether `s` looks like a request id (`AZbneNUBx31OH7OTNMmz`): a list entry that is only a
/// string shows it as the entry's id.
fn looks_like_id(s: &str) -> bool {
    (8..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A job entry's fields, read one by one; a value that cannot be read is noted, not fatal.
struct Fields<'a> {
    obj: &'a Map<String, Value>,
    problems: Vec<String>,
}

impl<'a> Fields<'a> {
    /// The value under any of `names` if `readable` says it can be read; null counts as absent.
    fn get(&mut self, names: &[&str], readable: fn(&Value) -> bool) -> Option<&'a Value> {
        let (key, v) = field(self.obj, names)?;
        if v.is_null() {
            return None;
        }
        if !readable(v) {
            self.problems.push(format!("{key}: {v}"));
            return None;
        }
        Some(v)
    }

    fn count(&mut self, names: &[&str]) -> Option<u64> {
        self.get(names, |v| value::uint(v).is_some())
            .and_then(value::uint)
    }

    fn time(&mut self, names: &[&str]) -> Option<i64> {
        self.get(names, |v| value::int(v).is_some())
            .and_then(value::int)
    }
}

impl Job {
    /// Reads one entry of the job list. Anything it cannot read becomes `None` and is noted in
    /// `odd`; an entry without a request id becomes an unreadable job that keeps what was sent.
    pub fn from_value(entry: &Value, position: usize) -> Self {
        let raw = || serde_json::to_string(entry).unwrap_or_default();
        let obj = match entry {
            Value::Object(obj) => obj,
            other => {
                let id = match other {
                    Value::String(s) if looks_like_id(s) => s.clone(),
                    _ => String::new(),
                };
                return Self::unreadable(id, raw(), position, "the entry is not a JSON object");
            }
        };
        let id = field(obj, &["request_id"]).and_then(|(_, v)| value::string(v));
        let Some(id) = id.filter(|s| !s.trim().is_empty()) else {
            return Self::unreadable(
                String::new(),
                raw(),
                position,
                "the entry has no request_id",
            );
        };
        let mut r = Fields {
            obj,
            problems: Vec::new(),
        };
        let stage = match r.get(&["stage", "status"], |v| v.is_string() || v.is_number()) {
            Some(Value::String(s)) => Stage::parse(s),
            Some(other) => Stage::Other(other.to_string()),
            None => Stage::default(),
        };
        let hits_done = r.count(&["hits_done"]);
        let total_hits = r.count(&["total_hits"]);
        let total_pages = r.count(&["total_pages"]);
        let submitted_at = r.time(&["submitted_at"]);
        let started_at = r.time(&["started_at"]);
        let stopped_at = r.time(&["stopped_at"]);
        let last_synced_time = r.time(&["last_synced_time"]);
        let running_time_millis = r.count(&["running_time_millis", "running_time_in_millis"]);
        let running_time = r
            .get(&["running_time"], |v| v.is_string() || v.is_number())
            .and_then(value::string);
        let problems = r.problems;
        let odd = (!problems.is_empty()).then(|| {
            Arc::new(OddJob {
                raw: raw(),
                unreadable: false,
                problems,
                position,
                repeated: false,
            })
        });
        Self {
            request_id: RequestId(id),
            stage,
            hits_done,
            total_hits,
            total_pages,
            submitted_at,
            started_at,
            stopped_at,
            last_synced_time,
            running_time_millis,
            running_time,
            odd,
        }
    }

    fn unreadable(id: String, raw: String, position: usize, why: &str) -> Self {
        Self {
            request_id: RequestId(id),
            odd: Some(Arc::new(OddJob {
                raw,
                unreadable: true,
                problems: vec![why.to_owned()],
                position,
                repeated: false,
            })),
            ..Self::default()
        }
    }

    /// Whether the server's entry could not be read as a job at all.
    pub fn is_unreadable(&self) -> bool {
        self.odd.as_ref().is_some_and(|o| o.unreadable)
    }

    /// A key that tells this job's row from every other: its request id, or for an unreadable
    /// entry without one, its place in the list (with a character no id from JSON text starts with).
    pub fn key(&self) -> String {
        match &self.odd {
            Some(o) if self.request_id.0.is_empty() || o.repeated => {
                format!("\u{0}entry-{}", o.position)
            }
            _ => self.request_id.0.clone(),
        }
    }

    /// Whether requests may name this job: it was read as a job and has a request id that is
    /// not blank. A delete is never sent otherwise (the v1 API read a missing id as "every
    /// job", and an entry that is no job may carry anything as its id).
    pub fn is_addressable(&self) -> bool {
        !self.request_id.0.trim().is_empty() && !self.is_unreadable()
    }

    /// Notes that an entry before this one has the same request id.
    pub(crate) fn mark_repeated(&mut self, position: usize, raw: impl FnOnce() -> String) {
        let odd = self.odd.get_or_insert_with(|| {
            Arc::new(OddJob {
                raw: raw(),
                unreadable: false,
                problems: Vec::new(),
                position,
                repeated: false,
            })
        });
        let odd = Arc::make_mut(odd);
        odd.repeated = true;
        odd.problems
            .push("an entry before it has the same request id".to_owned());
    }

    /// Share of the job's hits found so far, 0.0–1.0; a final job with no count is complete.
    pub fn progress(&self) -> f64 {
        match (self.hits_done, self.total_hits) {
            (Some(done), Some(total)) if total > 0 => (done as f64 / total as f64).clamp(0.0, 1.0),
            _ if self.stage.is_final() => 1.0,
            _ => 0.0,
        }
    }
}
