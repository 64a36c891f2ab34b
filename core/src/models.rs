//! Models of the three Jobs API operations, read leniently: the vendor's reference page is the
//! contract, and what other versions of the API (and sibling products) send is understood too.
//! A value in an unexpected JSON type or under a v1 name never fails a whole answer.

use crate::{
    decode::{parse, read_value, Readable, Unread},
    value, ErrorBody,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::{fmt, sync::Arc};

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

impl Default for Stage {
    fn default() -> Self {
        Self::Other(String::new())
    }
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
    fn mark_repeated(&mut self, position: usize, raw: impl FnOnce() -> String) {
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

/// Where `names` leads from `v` (each a key of the object before it), if every step exists.
fn at<'a>(v: &'a mut Value, names: &[&str]) -> Option<&'a mut Value> {
    names
        .iter()
        .try_fold(v, |v, name| v.as_object_mut()?.get_mut(*name))
}

/// The first of `paths` that exists in `v`, taken out of it.
fn take_first(v: &mut Value, paths: &[&[&str]]) -> Option<Value> {
    paths.iter().find_map(|p| at(v, p).map(Value::take))
}

/// The first of `paths` in `v` that holds a count.
fn count_at(v: &mut Value, paths: &[&[&str]]) -> Option<u64> {
    paths
        .iter()
        .find_map(|p| at(v, p).and_then(|v| value::uint(v)))
}

/// A list the server sent: `null` or absent is empty; anything but an array is not a list.
fn list(found: Option<Value>, what: &str) -> Result<Vec<Value>, String> {
    match found {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(format!("{what} is {}, not a list", kind_of(&other))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The answer of `GET /api/v2/jobs`: the documented
/// `{"data":{"jobs":{"requests":[…]}},"meta":{"total_items":N}}`, v1's
/// `{"total":N,"requests":[…]}`, and the shapes between. Each job is read on its own, so one
/// odd job never hides the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobsPage {
    pub jobs: Vec<Job>,
    /// How many jobs the server says it has (`meta.total_items`), when it says.
    pub total_items: Option<u64>,
}

/// A job list answer as it is parsed: objects as trees down to the lists, whose entries become
/// jobs as they are read, so a long list never stands in memory as a JSON tree (each entry is
/// one while it is read).
enum Node {
    Leaf(Value),
    Map(Vec<(String, Node)>),
    Jobs(Vec<Job>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Leaf(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Leaf(Value::from(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Leaf(Value::from(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Leaf(Value::from(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Leaf(Value::from(v)))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Leaf(Value::String(v)))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Leaf(Value::Null))
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Leaf(Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut jobs = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                let mut seen = std::collections::HashSet::new();
                while let Some(entry) = seq.next_element::<Value>()? {
                    let position = jobs.len();
                    let mut job = Job::from_value(&entry, position);
                    if !job.request_id.0.is_empty() && !seen.insert(job.request_id.0.clone()) {
                        job.mark_repeated(position, || {
                            serde_json::to_string(&entry).unwrap_or_default()
                        });
                    }
                    jobs.push(job);
                }
                Ok(Node::Jobs(jobs))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Node>()? {
                    entries.push(entry);
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Node {
    fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Self::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, n)| n),
            _ => None,
        }
    }

    fn at(&mut self, path: &[&str]) -> Option<&mut Node> {
        path.iter().try_fold(self, |n, key| n.get_mut(key))
    }

    /// What kind of JSON it was, for a message.
    fn kind(&self) -> &'static str {
        match self {
            Self::Leaf(v) => kind_of(v),
            Self::Map(_) => "an object",
            Self::Jobs(_) => "a list",
        }
    }

    /// A copy of a leaf or a map of leaves (what an error body is made of); a list of jobs,
    /// which no error body holds, as an empty list.
    fn clone_leafy(&self) -> Value {
        match self {
            Self::Leaf(v) => v.clone(),
            Self::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, n)| (k.clone(), n.clone_leafy()))
                    .collect(),
            ),
            Self::Jobs(_) => Value::Array(Vec::new()),
        }
    }
}

impl Readable for JobsPage {
    fn read(body: &[u8]) -> Result<Self, Unread> {
        let mut top: Node = parse(body)?;
        let Node::Map(entries) = &top else {
            return Err(Unread::Why(format!(
                "the answer is {}, not a JSON object",
                top.kind()
            )));
        };
        if !entries.iter().any(|(k, _)| k == "data") {
            if let Some(error) = ErrorBody::in_success(&top.clone_leafy()) {
                return Err(Unread::Error(error));
            }
        }
        let total_items = [&["meta", "total_items"][..], &["meta", "total"], &["total"]]
            .iter()
            .find_map(|p| match top.at(p) {
                Some(Node::Leaf(v)) => value::uint(v),
                _ => None,
            });
        let paths: [&[&str]; 5] = [
            &["data", "jobs", "requests"],
            &["data", "requests"],
            &["requests"],
            &["data", "jobs"],
            &["jobs"],
        ];
        let found = paths.iter().find_map(|p| {
            top.at(p)
                .map(|n| std::mem::replace(n, Node::Leaf(Value::Null)))
        });
        let jobs = match found {
            Some(Node::Jobs(jobs)) => jobs,
            // `{"data":{}}` or `{"data":{"jobs":{}}}`: a server with no jobs to list.
            Some(Node::Leaf(Value::Null)) => Vec::new(),
            Some(Node::Map(m)) if m.is_empty() => Vec::new(),
            Some(other) => {
                return Err(Unread::Why(format!(
                    "the job list is {}, not a list",
                    other.kind()
                )))
            }
            None if matches!(
                top.at(&["data"]),
                Some(Node::Map(_) | Node::Leaf(Value::Null))
            ) =>
            {
                Vec::new()
            }
            None => {
                return Err(Unread::Why(
                    "no job list (data.jobs.requests) in the answer".into(),
                ))
            }
        };
        Ok(Self { jobs, total_items })
    }
}

/// Reads a job list from JSON already parsed (tests, and anything holding a `Value`).
impl TryFrom<Value> for JobsPage {
    type Error = String;

    fn try_from(v: Value) -> Result<Self, String> {
        let bytes = serde_json::to_vec(&v).map_err(|e| e.to_string())?;
        Self::read(&bytes).map_err(|e| match e {
            Unread::Why(why) => why,
            Unread::Error(body) => format!("an error body: {body:?}"),
        })
    }
}

impl<'de> Deserialize<'de> for JobsPage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::try_from(Value::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl JobsPage {
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    pub fn into_jobs(self) -> Vec<Job> {
        self.jobs
    }

    /// The job with this request id among those listed: a server may answer a lookup with
    /// several jobs, or with others than the one asked for.
    pub fn take(self, id: &RequestId) -> Option<Job> {
        self.jobs.into_iter().find(|j| j.request_id == *id)
    }
}

/// One hit: a flat map whose keys depend on the log type and on `response_type`, in the order
/// the server sent them. Values may be strings, numbers, booleans, null, or nested.
pub type Hit = serde_json::Map<String, serde_json::Value>;

/// The key a hit gets when the server sent something other than an object as a hit.
pub const NOT_AN_OBJECT: &str = "(value)";

/// The answer of `GET /api/v2/jobs/results`: the documented
/// `{"data":{"hits":[…]},"meta":{…}}` and v1's `{"next_page":N,"results":{"hits":[…]}}`.
/// Missing or null hits are an empty page; missing meta leaves the paging facts unknown.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(try_from = "Value")]
pub struct ResultsPage {
    pub hits: Vec<Hit>,
    pub meta: ResultsMeta,
}

impl TryFrom<Value> for ResultsPage {
    type Error = String;

    fn try_from(mut v: Value) -> Result<Self, String> {
        if !v.is_object() {
            return Err(format!("the answer is {}, not a JSON object", kind_of(&v)));
        }
        let meta = ResultsMeta {
            next_page: count_at(&mut v, &[&["meta", "next_page"], &["next_page"]]),
            total_items: count_at(&mut v, &[&["meta", "total_items"], &["meta", "total"]]),
            items_in_current_page: count_at(
                &mut v,
                &[
                    &["meta", "items_in_current_page"],
                    &["results", "hits_count_in_current_page"],
                ],
            ),
        };
        let found = take_first(
            &mut v,
            &[&["data", "hits"], &["results", "hits"], &["hits"]],
        );
        if found.is_none()
            && !["data", "results"]
                .iter()
                .any(|k| matches!(at(&mut v, &[k]), Some(Value::Object(_) | Value::Null)))
        {
            return Err("no hits (data.hits) in the answer".into());
        }
        let hits = list(found, "the hits")?
            .into_iter()
            .map(|h| match h {
                Value::Object(hit) => hit,
                other => Hit::from_iter([(NOT_AN_OBJECT.to_owned(), other)]),
            })
            .collect();
        Ok(Self { hits, meta })
    }
}

impl Readable for ResultsPage {
    fn read(body: &[u8]) -> Result<Self, Unread> {
        read_value(body)
    }
}

/// Paging facts of a results page, each `None` when the server did not say. `next_page` is
/// absent (or null) on the last page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultsMeta {
    pub next_page: Option<u64>,
    pub total_items: Option<u64>,
    pub items_in_current_page: Option<u64>,
}

/// The answer of `DELETE /api/v2/jobs`: the documented `{"data":{"message":…}}`, v1's
/// `{"message":…}`, an empty body or a 204. Any of them means the job is gone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deleted {
    /// The server's words, when it sent some.
    pub message: Option<String>,
}

impl Readable for Deleted {
    fn read(body: &[u8]) -> Result<Self, Unread> {
        read_value(body)
    }
}

impl TryFrom<Value> for Deleted {
    type Error = String;

    fn try_from(mut v: Value) -> Result<Self, String> {
        let message = take_first(&mut v, &[&["data", "message"], &["message"], &["data"]])
            .and_then(|m| match m {
                Value::String(s) => Some(s),
                _ => None,
            });
        Ok(Self { message })
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
