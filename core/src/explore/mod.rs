//! A whole job's hits in memory, for questions across every hit rather than one page: `store`
//! keeps them column by column (`column`: each distinct value once, ids front-coded, times as
//! numbers), `query` answers filters, field summaries, histograms and sorts.
//!
//! Nothing here is written anywhere: these are security logs, and the store lives only as long
//! as the user explores the job.

pub mod column;
mod dict;
mod facet;
mod front;
mod ingest;
mod ints;
mod order;
pub mod plan;
pub mod protocol;
pub mod query;
mod radix;
pub mod store;
pub mod texts;
pub mod url;
pub mod worker;

pub use query::{bucket_ms, Condition, Histogram, Query, SEVERITIES};
pub use store::Store;
