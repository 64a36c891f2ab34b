//! Joblens' pure logic: everything that can be decided without a browser.
//!
//! The models of the Jobs API, the one error type, time and duration formatting and the
//! request budget live here as plain Rust, so they compile and are tested natively in
//! milliseconds. The app (`joblens`) renders them; it holds no logic of its own that could
//! live here.

pub mod budget;
pub mod cell;
pub mod columns;
pub mod config;
pub mod connection;
pub mod decode;
pub mod error;
pub mod explore;
pub mod export;
pub mod format;
pub mod glyphs;
pub mod hits;
pub mod jobs;
pub mod models;
pub mod percent;
pub mod portal;
pub mod texts;
pub mod token;
pub mod value;
pub mod widths;
pub mod window;

pub use error::{ApiError, ErrorBody};
pub use models::{Hit, Job, JobsPage, RequestId, ResponseType, ResultsPage, Stage};
pub use token::{Credential, Token};
