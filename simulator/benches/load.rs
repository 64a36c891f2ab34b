//! `cargo bench -p joblens-sim`: how fast the simulator serves 1000-hit pages to many clients
//! over real sockets, against a baseline measured in the same run: the same server answering
//! with a pre-serialised page of the same size (no generation). Prints figures; asserts nothing
//! about time.

#[path = "../tests/common/mod.rs"]
mod common;

use axum::{routing, Router};
use common::*;
use joblens_sim::{router, Clock, Config, Serving, Sim};
use std::time::{Duration, Instant};

const CLIENTS: u64 = 16;
const REQUESTS_PER_CLIENT: u64 = 25;

struct Figures {
    pages_per_s: f64,
    p50: Duration,
    p99: Duration,
    bytes: usize,
}

async fn load(addr: std::net::SocketAddr, path_of: impl Fn(u64) -> String) -> Figures {
    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let paths: Vec<String> = (0..REQUESTS_PER_CLIENT)
                .map(|k| path_of(c * REQUESTS_PER_CLIENT + k))
                .collect();
            tokio::spawn(async move {
                let auth = format!("Bearer {TOKEN}");
                let mut out = Vec::new();
                for path in paths {
                    let t = Instant::now();
                    let (status, _, body) =
                        http_get(addr, &path, &[("Authorization", &auth)]).await;
                    assert_eq!(status, 200, "{path}");
                    out.push((t.elapsed(), body.len()));
                }
                out
            })
        })
        .collect();
    let mut samples = Vec::new();
    for t in tasks {
        samples.extend(t.await.unwrap());
    }
    let wall = started.elapsed();
    let mut lat: Vec<Duration> = samples.iter().map(|s| s.0).collect();
    lat.sort();
    let at = |q: f64| lat[((lat.len() - 1) as f64 * q).round() as usize];
    Figures {
        pages_per_s: samples.len() as f64 / wall.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
        bytes: samples.iter().map(|s| s.1).sum::<usize>() / samples.len(),
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sim = Sim::new(Config { rate_limit: None, ..config() }, Clock::manual(NOW));
        let app = router(sim, &Serving::default());
        let id = job_where(&app, |j| j["total_hits"] == 100_000).await["request_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let sample = get(&app, &format!("/api/v2/jobs/results?request_id={id}&page=1")).await.bytes;
        let addr = serve(app).await;
        let baseline_app = Router::new().route(
            "/page",
            routing::get(move || {
                let body = sample.clone();
                async move { ([("content-type", "application/json")], body) }
            }),
        );
        let baseline_addr = serve(baseline_app).await;

        // Warm up both, then measure the baseline and the simulator in the same run.
        load(baseline_addr, |_| "/page".into()).await;
        let baseline = load(baseline_addr, |_| "/page".into()).await;
        let generated = load(addr, |n| {
            format!("/api/v2/jobs/results?request_id={id}&page={}", 1 + n % 100)
        })
        .await;

        println!("simulator load: {CLIENTS} clients x {REQUESTS_PER_CLIENT} requests, 1000-hit pages over loopback");
        println!("{:<34} {:>10} {:>10} {:>10} {:>10}", "", "pages/s", "p50 ms", "p99 ms", "KB/page");
        for (name, f) in [("generated pages (joblens-sim)", &generated), ("baseline: pre-serialised page", &baseline)] {
            println!(
                "{:<34} {:>10.1} {:>10.2} {:>10.2} {:>10.0}",
                name,
                f.pages_per_s,
                f.p50.as_secs_f64() * 1e3,
                f.p99.as_secs_f64() * 1e3,
                f.bytes as f64 / 1024.0
            );
        }
        println!(
            "ratio generated/baseline: throughput {:.2}x, p99 latency {:.2}x",
            generated.pages_per_s / baseline.pages_per_s,
            generated.p99.as_secs_f64() / baseline.p99.as_secs_f64()
        );
    });
}
