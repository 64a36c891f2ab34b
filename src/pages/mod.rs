//! One component per route.

pub mod hits;
pub mod jobs;
pub mod not_found;
