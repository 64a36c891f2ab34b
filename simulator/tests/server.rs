//! The simulator over real sockets: static files with the right types and compression, the SPA
//! fallback, CORS, the binary itself, and a load check of many clients at once.

mod common;
use common::*;
use joblens_sim::{router, Clock, Config, Serving, Sim};
use serde_json::Value;
use std::path::PathBuf;

/// A built app's files, written once for the whole test process: its tests run in parallel, and
/// a file written again while another test reads it can be read half written.
fn fake_dist() -> PathBuf {
    static DIST: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIST.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("joblens-sim-dist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<!doctype html><title>Joblens</title>",
        )
        .unwrap();
        std::fs::write(
            dir.join("joblens-abc_bg.wasm"),
            b"\0asm\x01\0\0\0".repeat(400),
        )
        .unwrap();
        std::fs::write(
            dir.join("joblens-abc.js"),
            "export default function init() {}\n".repeat(200),
        )
        .unwrap();
        dir
    })
    .clone()
}

async fn served(serving: Serving) -> std::net::SocketAddr {
    let sim = Sim::new(config(), Clock::manual(NOW));
    serve(router(sim, &serving)).await
}

#[tokio::test]
async fn the_app_is_served_with_the_right_types_and_compressed() {
    let addr = served(Serving {
        dist: Some(fake_dist()),
        ..Serving::default()
    })
    .await;
    let (status, headers, _) = http_get(addr, "/joblens-abc_bg.wasm", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
    let (_, headers, _) = http_get(addr, "/joblens-abc.js", &[("Accept-Encoding", "br")]).await;
    assert_eq!(header(&headers, "content-encoding"), Some("br"));
    assert!(header(&headers, "content-type")
        .unwrap()
        .contains("javascript"));
    let (_, headers, _) = http_get(addr, "/joblens-abc.js", &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(header(&headers, "content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn a_precompressed_file_is_sent_as_it_is() {
    let dist = fake_dist();
    // Marked bodies, so the test can tell the file on disk from one compressed on the fly.
    std::fs::write(
        dist.join("joblens-pre_bg.wasm"),
        b"\0asm\x01\0\0\0".repeat(400),
    )
    .unwrap();
    std::fs::write(
        dist.join("joblens-pre_bg.wasm.br"),
        b"brotli written by dist",
    )
    .unwrap();
    std::fs::write(dist.join("joblens-pre_bg.wasm.gz"), b"gzip written by dist").unwrap();
    let addr = served(Serving {
        dist: Some(dist),
        ..Serving::default()
    })
    .await;
    for (accept, encoding, body) in [
        ("br, gzip", "br", &b"brotli written by dist"[..]),
        ("gzip", "gzip", &b"gzip written by dist"[..]),
    ] {
        let (status, headers, got) =
            http_get(addr, "/joblens-pre_bg.wasm", &[("Accept-Encoding", accept)]).await;
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-encoding"), Some(encoding));
        assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
        assert_eq!(got, body, "{accept}");
    }
    let (_, headers, got) = http_get(addr, "/joblens-pre_bg.wasm", &[]).await;
    assert_eq!(header(&headers, "content-encoding"), None);
    assert_eq!(got.len(), 3200);
}

#[tokio::test]
async fn app_routes_fall_back_to_index_html_but_api_paths_do_not() {
    let addr = served(Serving {
        dist: Some(fake_dist()),
        ..Serving::default()
    })
    .await;
    for path in ["/", "/jobs/AZbneNUBx31OH7OTNMmz?page=3", "/anything/else"] {
        let (status, headers, body) = http_get(addr, path, &[]).await;
        assert_eq!(status, 200, "{path}");
        assert!(header(&headers, "content-type")
            .unwrap()
            .starts_with("text/html"));
        assert!(String::from_utf8_lossy(&body).contains("<title>Joblens</title>"));
    }
    let (status, headers, body) = http_get(addr, "/api/v2/unknown", &[]).await;
    assert_eq!(status, 404);
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["title"], "Not Found");
}

#[tokio::test]
async fn isolated_serving_sends_coop_and_coep_with_pages_files_and_answers() {
    let isolated = served(Serving {
        dist: Some(fake_dist()),
        isolated: true,
        ..Serving::default()
    })
    .await;
    let auth = format!("Bearer {TOKEN}");
    for (path, headers) in [
        ("/", vec![]),
        ("/joblens-abc.js", vec![("Accept-Encoding", "br")]),
        ("/api/v2/jobs", vec![("Authorization", auth.as_str())]),
        ("/api/v2/jobs", vec![]),
    ] {
        let (_, got, _) = http_get(isolated, path, &headers).await;
        assert_eq!(
            header(&got, "cross-origin-opener-policy"),
            Some("same-origin"),
            "{path}"
        );
        assert_eq!(
            header(&got, "cross-origin-embedder-policy"),
            Some("require-corp"),
            "{path}"
        );
    }
    let plain = served(Serving {
        dist: Some(fake_dist()),
        ..Serving::default()
    })
    .await;
    let (_, got, _) = http_get(plain, "/", &[]).await;
    assert_eq!(header(&got, "cross-origin-embedder-policy"), None);
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let addr = served(Serving {
        dist: None,
        cors_origins: vec!["https://portal.example".into()],
        ..Serving::default()
    })
    .await;
    let auth = format!("Bearer {TOKEN}");
    let (status, headers, _) = http_get(
        addr,
        "/api/v2/jobs",
        &[
            ("Origin", "https://portal.example"),
            ("Authorization", &auth),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some("https://portal.example")
    );
    let (_, headers, _) = http_get(
        addr,
        "/api/v2/jobs",
        &[("Origin", "https://evil.example"), ("Authorization", &auth)],
    )
    .await;
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_clients_get_1000_hit_pages_at_once_without_errors() {
    let sim = Sim::new(
        Config {
            rate_limit: None,
            ..config()
        },
        Clock::manual(NOW),
    );
    let app = router(sim, &Serving::default());
    let addr = serve(app.clone()).await;
    let id = job_where(&app, |j| j["total_hits"] == 100_000).await["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let clients: Vec<_> = (0..32u64)
        .map(|client| {
            let id = id.clone();
            tokio::spawn(async move {
                let auth = format!("Bearer {TOKEN}");
                let mut pages = 0;
                for k in 0..5u64 {
                    let page = 1 + (client * 5 + k) % 100;
                    let path = format!("/api/v2/jobs/results?request_id={id}&page={page}");
                    let (status, _, body) =
                        http_get(addr, &path, &[("Authorization", &auth)]).await;
                    assert_eq!(status, 200, "client {client} page {page}");
                    let body: Value = serde_json::from_slice(&body).expect("whole JSON");
                    assert_eq!(body["data"]["hits"].as_array().unwrap().len(), 1000);
                    pages += 1;
                }
                pages
            })
        })
        .collect();
    let mut total = 0;
    for c in clients {
        total += c.await.unwrap();
    }
    assert_eq!(total, 160);
}

#[test]
fn the_binary_explains_itself_and_refuses_bad_flags() {
    let bin = env!("CARGO_BIN_EXE_joblens-sim");
    let help = std::process::Command::new(bin)
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--addr",
        "--dist",
        "--seed",
        "--token",
        "--no-rate-limit",
        "--admin",
        "--error-rate",
        "--unknown-stage",
        "--cors-origin",
    ] {
        assert!(text.contains(flag), "--help lacks {flag}");
    }
    let bad = std::process::Command::new(bin)
        .args(["--error-rate", "2"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("error_rate must be between 0 and 1"));
    let bad = std::process::Command::new(bin)
        .args(["--token", "x=jobs.WRITE"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown scope"));
}

#[tokio::test]
async fn the_binary_serves_the_api_and_prints_its_url_and_the_demo_token() {
    use tokio::io::AsyncBufReadExt;
    let bin = env!("CARGO_BIN_EXE_joblens-sim");
    let mut child = tokio::process::Command::new(bin)
        .args(["--addr", "127.0.0.1:0", "--quiet"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().unwrap();
    let url = first
        .strip_prefix("Joblens simulator listening on http://")
        .expect(&first);
    let addr: std::net::SocketAddr = url.trim_end_matches('/').parse().unwrap();
    let second = lines.next_line().await.unwrap().unwrap();
    assert_eq!(second, format!("Demo token: {}", joblens_sim::DEMO_TOKEN));
    let auth = format!("Bearer {}", joblens_sim::DEMO_TOKEN);
    let (status, _, body) = http_get(addr, "/api/v2/jobs", &[("Authorization", &auth)]).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert!(body["meta"]["total_items"].as_u64().unwrap() > 0);
    child.kill().await.unwrap();
}
