//! The answer of `GET /api/v2/jobs` in every shape a server sends it, read entry by entry.

use super::*;
use crate::{
    decode::{parse, Readable, Unread},
    value, ErrorBody,
};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

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
