//! One component per route.

pub mod explore;
pub mod hits;
pub mod job_url;
pub mod jobs;
pub mod not_found;
pub mod on_demand;
