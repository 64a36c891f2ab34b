//! A results page (`GET /api/v2/jobs/results`) and the answer of a delete, in every shape a
//! server sends them.

use super::*;
use crate::decode::{read_tree, read_value, repair_lone_surrogates, Readable, Unread};
use serde::Deserialize;
use serde_json::{value::RawValue, Value};
use std::collections::BTreeMap;

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

/// A results page read for the explore worker: its paging facts, and its hits as the JSON
/// text the server sent, every hit an object. The worker reads that text straight into its
/// store, so the page never exists as maps on the page's thread, which would spend about as
/// long building and writing them out again as the worker spends storing them. A page read
/// otherwise (hits that are not all objects, or not a list) is `Whole`; what fails fails as it
/// does for a [`ResultsPage`].
#[derive(Clone, Debug, PartialEq)]
pub enum StorePage {
    Text {
        meta: ResultsMeta,
        hits: usize,
        /// The list of hits.
        json: String,
    },
    Whole(ResultsPage),
}

impl Readable for StorePage {
    fn read(body: &[u8]) -> Result<Self, Unread> {
        let repaired = repair_lone_surrogates(body);
        let body = repaired.as_deref().unwrap_or(body);
        hits_as_text(body).unwrap_or_else(|| ResultsPage::read(body).map(Self::Whole))
    }
}

/// `body` read as [`ResultsPage::try_from`] reads it, but with the hits kept as text: the
/// answer's tree is built without them (each a `null` where it was), then the hits' text is
/// checked to be a list of objects. `None` when it is not, or the body is not an object.
fn hits_as_text(body: &[u8]) -> Option<Result<StorePage, Unread>> {
    type Raw<'a> = BTreeMap<String, &'a RawValue>;
    let tree = |raw: &RawValue| serde_json::from_str::<Value>(raw.get()).ok();
    // Where the hits can be, in the order `ResultsPage` looks: data.hits, results.hits, hits.
    let mut found: [Option<&RawValue>; 3] = [None; 3];
    let mut answer = serde_json::Map::new();
    for (key, raw) in serde_json::from_slice::<Raw>(body).ok()? {
        let value = match ["data", "results", "hits"].iter().position(|k| *k == key) {
            Some(at @ (0 | 1)) if raw.get().starts_with('{') => {
                let mut inner = serde_json::Map::new();
                for (k, r) in serde_json::from_str::<Raw>(raw.get()).ok()? {
                    let v = if k == "hits" {
                        found[at] = Some(r);
                        Value::Null
                    } else {
                        tree(r)?
                    };
                    inner.insert(k, v);
                }
                Value::Object(inner)
            }
            Some(2) => {
                found[2] = Some(raw);
                Value::Null
            }
            _ => tree(raw)?,
        };
        answer.insert(key, value);
    }
    let meta = match read_tree::<ResultsPage>(Value::Object(answer)) {
        Ok(page) => page.meta,
        Err(e) => return Some(Err(e)),
    };
    let (hits, json) = match found.into_iter().flatten().next() {
        Some(raw) if raw.get() != "null" => {
            let hits: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
            if !hits.iter().all(|h| h.get().starts_with('{')) {
                return None;
            }
            (hits.len(), raw.get().to_owned())
        }
        _ => (0, "[]".to_owned()),
    };
    Some(Ok(StorePage::Text { meta, hits, json }))
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
