//! Helpers of the simulator's tests: a simulator on a fixed clock, and requests through the
//! router without a socket (handler tests) or over real TCP (load checks).
#![allow(dead_code)]

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use joblens_sim::{faults::Faults, router, Clock, Config, Serving, Sim, TokenGrant};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

/// 2025-05-19 09:36:17 UTC: the reference page's day.
pub const NOW: i64 = 1_747_647_377_000;
pub const TOKEN: &str = "test-token";
pub const READER: &str = "reader-token";

pub fn config() -> Config {
    Config {
        seed: 42,
        tokens: vec![
            TokenGrant::parse(TOKEN).unwrap(),
            TokenGrant::parse(&format!("{READER}=jobs.READ")).unwrap(),
        ],
        rate_limit: Some(60),
        faults: Faults::default(),
        admin: true,
        dialect: Default::default(),
    }
}

pub fn sim_with(config: Config) -> (Arc<Sim>, Router) {
    let sim = Sim::new(config, Clock::manual(NOW));
    let app = router(sim.clone(), &Serving::default());
    (sim, app)
}

pub fn sim() -> (Arc<Sim>, Router) {
    sim_with(config())
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }
}

pub async fn call(app: &Router, method: Method, uri: &str, token: Option<&str>) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Answer {
        status,
        headers,
        bytes,
    }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    call(app, Method::GET, uri, Some(TOKEN)).await
}

pub async fn post_json(app: &Router, uri: &str, body: &str) -> Answer {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(app, req).await
}

/// Every job the simulator lists.
pub async fn jobs(app: &Router) -> Vec<Value> {
    get(app, "/api/v2/jobs").await.json()["data"]["jobs"]["requests"]
        .as_array()
        .unwrap()
        .clone()
}

/// The first listed job that matches.
pub async fn job_where(app: &Router, pred: impl Fn(&Value) -> bool) -> Value {
    jobs(app)
        .await
        .into_iter()
        .find(|j| pred(j))
        .expect("a matching job")
}

/// The JSON type of every value, keeping keys (arrays: the type of their first element).
pub fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => Value::Array(a.first().map(shape).into_iter().collect()),
        Value::String(_) => "string".into(),
        Value::Number(n) if n.is_f64() => "float".into(),
        Value::Number(_) => "integer".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => "null".into(),
    }
}

pub fn reference(name: &str) -> Value {
    let path = format!("{}/../contract/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A plain HTTP/1.1 GET over a real socket (`Connection: close`), for tests that need the
/// network path: status, lower-cased headers, and the body (chunked encoding undone).
pub async fn http_get(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    (status, headers, body)
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[..eol]).to_string();
        let size = usize::from_str_radix(size_text.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
    out
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Serves `app` on a free loopback port for the rest of the test.
pub async fn serve(app: Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}
