//! A results page (`GET /api/v2/jobs/results`) and the answer of a delete, in every shape a
//! server sends them.

use super::*;
use crate::decode::{read_value, Readable, Unread};
use serde::Deserialize;
use serde_json::Value;

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
