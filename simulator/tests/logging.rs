//! Request logs, alone in their own test binary: tracing caches which call sites are on across
//! threads, so a test that installs a subscriber for its thread must not share the process with
//! tests that log without one.

mod common;

use axum::http::Method;
use common::*;
use joblens_sim::logging;
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// Log lines kept in memory.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_logs_name_the_token_by_position_never_by_value() {
    let out = Lines::default();
    let writer = out.clone();
    let _logging = tracing::subscriber::set_default(logging::json_lines(move || writer.clone()));
    let (_, app) = sim();
    get(&app, "/api/v2/jobs?request_id=AZnope").await;
    call(&app, Method::GET, "/api/v2/jobs", Some(READER)).await;
    call(&app, Method::GET, "/api/v2/jobs", Some("a-wrong-token")).await;
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    let first = &lines[0];
    assert_eq!(first["span"]["method"], "GET");
    assert_eq!(first["span"]["path"], "/api/v2/jobs");
    assert_eq!(first["span"]["query"], "request_id=AZnope");
    assert_eq!(first["status"], 404);
    assert!(first["ms"].as_f64().is_some(), "{first}");
    assert_eq!(first["span"]["token"], "#1");
    assert_eq!(lines[1]["span"]["token"], "#2");
    assert_eq!(
        lines[2]["span"].get("token"),
        None,
        "an unknown token has no label"
    );
    assert_eq!(lines[2]["status"], 401);
    for secret in [TOKEN, READER, "a-wrong-token"] {
        assert!(!text.contains(secret), "{text}");
    }
}
