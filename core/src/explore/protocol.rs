//! The messages between the app and the explore worker, written as JSON both ways (the app
//! already carries serde_json; a binary format would add its own code to the first screen).
//! The token never crosses: the app fetches, the worker only stores and answers.

use super::{Histogram, Query};
use crate::{export::Format, hits::FieldSummary, Hit};
use serde::{Deserialize, Serialize};

/// What the app asks of the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToWorker {
    /// Page `page`'s hits as the server sent them; those already held for the page (a running
    /// job's last page, loaded again) are skipped.
    Add {
        page: u64,
        hits: Vec<Hit>,
    },
    /// About this many hits will be added in all: room is made once, rather than page by page.
    Expect {
        hits: u64,
    },
    Ask(Ask),
    /// Every hit matching `view`, in its order, encoded as a file.
    Export {
        id: u64,
        view: View,
        format: Format,
        columns: Vec<String>,
    },
}

/// The `add` message of page `page` whose hits are `hits_json`, a JSON list of objects as a
/// server sent it: written as serde writes [`ToWorker::Add`], so the worker reads it as it
/// reads every page, straight into its store, without the app building the hits first.
pub fn add_text(page: u64, hits_json: &str) -> String {
    format!(r#"{{"kind":"add","page":{page},"hits":{hits_json}}}"#)
}

/// A question about every hit held.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    /// Echoed in the answer: only the newest question's answer is shown.
    pub id: u64,
    pub view: View,
    /// The matching hits sent back: `limit` of them from `offset`, in the view's order.
    pub offset: usize,
    pub limit: usize,
    /// Top values per field (0: no field summaries).
    pub top_n: usize,
    /// At most this many histogram buckets (0: no histogram).
    pub buckets: i64,
}

/// What the user is looking at: a filter and an order (the part of the URL that names it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct View {
    pub query: Query,
    /// The column sorted by and whether descending; the load order without one.
    pub sort: Option<(String, bool)>,
}

/// What the worker answers, with the milliseconds it worked on it and the size of its memory
/// afterwards (wasm memory only grows, so this is its high-water mark).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timed {
    pub took_ms: f64,
    #[serde(default)]
    pub memory_bytes: u64,
    pub reply: FromWorker,
}

/// `R` is how the answer's rows are held: hits as the app reads them, or the worker's rows
/// written straight from its store (`worker::Shown`), the same JSON either way.
///
/// The kind is written beside the reply's body, before it (`{"kind":"answer","body":{…}}`),
/// so the app reads the body straight into its type. With the kind among the body's own
/// fields, serde would first copy the whole reply into a tree of its own to find the kind
/// (a thousand rows' worth in an answer: 20 ms of the page's thread in a profile).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
// A reply is made, sent and dropped at once: never kept in a collection, where the answer's
// size would cost every small reply beside it.
#[allow(clippy::large_enum_variant)]
pub enum FromWorker<R = Vec<Hit>> {
    /// The worker has started and takes messages.
    Ready,
    /// A message that needs no answer was taken.
    Noted,
    /// A page was added: `added` new hits, `held` hits of that page now.
    Added {
        page: u64,
        added: usize,
        held: usize,
        stats: Stats,
    },
    Answer(Answer<R>),
    Exported {
        id: u64,
        hits: usize,
        text: String,
    },
    /// A message could not be read (a bug: both sides are built together).
    Unreadable {
        why: String,
    },
}

/// The store's size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub hits: usize,
    pub heap_bytes: usize,
}

/// The answer to an [`Ask`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Answer<R = Vec<Hit>> {
    pub id: u64,
    /// The view asked about: not sent (the app knows what it asked), so the app's code never
    /// reads a view back from JSON.
    #[serde(skip)]
    pub view: View,
    /// Hits held when it was answered, and how many of them match.
    pub total: usize,
    pub matched: usize,
    pub offset: usize,
    pub rows: R,
    /// Every field held, in first-seen order.
    pub fields: Vec<String>,
    /// Each field's top values among the matching hits.
    pub facets: Vec<FieldSummary>,
    pub histogram: Option<Histogram>,
    pub timings: Timings,
}

/// Milliseconds each part of an answer took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Finding the matching hits.
    pub filter_ms: f64,
    pub sort_ms: f64,
    pub facets_ms: f64,
    pub histogram_ms: f64,
    /// Picking the rows sent back (they are written with the reply, within `took_ms`).
    pub rows_ms: f64,
}
