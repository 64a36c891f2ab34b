//! `joblens-sim`: a faithful simulator of EventLog Analyzer's Jobs API.
//!
//! It answers the three vendor operations with the reference page's envelopes, checks tokens
//! and scopes, enforces the 60-requests-a-minute limit, expires results 24 h after the search,
//! injects faults on demand, and serves Joblens' built `dist/` on the same origin.
//! Endpoints under `/__sim/` are the simulator's own (off unless `admin` is set), never the
//! vendor's.
//!
//! Where things are: `vendor` (the operations and the checks before them), `error` (the
//! vendor's errors), `limits` (tokens, scopes, the per-minute window), `state` (jobs and
//! switches), `jobs` and `hits` (the data), `dialect` (how answers are shaped), `faults`,
//! `clock`, `stats`, `admin` (`/__sim`), `logging`.

pub mod admin;
pub mod clock;
pub mod dialect;
pub mod error;
pub mod faults;
pub mod hits;
pub mod jobs;
pub mod limits;
pub mod logging;
pub mod rng;
pub mod state;
pub mod stats;
pub mod vendor;

pub use clock::Clock;
pub use limits::{
    TokenGrant, TokenLabel, DEMO_TOKEN, RATE_LIMIT_PER_MINUTE, SCOPE_DELETE, SCOPE_READ,
};
pub use state::Sim;
pub use stats::Stats;

use axum::{
    http::{header, HeaderValue, Method},
    middleware,
    response::Response,
    Router,
};
use dialect::Dialect;
use faults::Faults;
use std::{path::PathBuf, sync::Arc};
use tower_http::{
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    services::{ServeDir, ServeFile},
};

/// How a simulator is set up.
#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    pub tokens: Vec<TokenGrant>,
    /// Requests a minute per token; `None` turns the limit off (benchmarks).
    pub rate_limit: Option<u32>,
    pub faults: Faults,
    /// Serve `/__sim/…` (faults, new jobs, clock, stats, reset).
    pub admin: bool,
    /// How the answers are shaped (the reference page's, or a variant's).
    pub dialect: Dialect,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            seed: 42,
            tokens: vec![TokenGrant::parse(DEMO_TOKEN).expect("demo token is valid")],
            rate_limit: Some(RATE_LIMIT_PER_MINUTE),
            faults: Faults::default(),
            admin: false,
            dialect: Dialect::default(),
        }
    }
}

/// Where the app is served from and who else may call the API.
#[derive(Clone, Debug, Default)]
pub struct Serving {
    pub dist: Option<PathBuf>,
    pub cors_origins: Vec<String>,
    /// Every answer says the page is cross-origin isolated (COOP and COEP), so its clocks
    /// read in 5 µs steps rather than Chrome's 100 µs: the benchmark times sub-millisecond
    /// questions with it.
    pub isolated: bool,
}

/// The whole HTTP surface: the vendor API, the simulator's own endpoints when enabled, and the
/// app's static files with an SPA fallback.
pub fn router(sim: Arc<Sim>, serving: &Serving) -> Router {
    let vendor = vendor::router()
        .layer(middleware::from_fn_with_state(sim.clone(), error::reshape))
        .layer(middleware::from_fn_with_state(sim.clone(), stats::count));
    let mut app = Router::new().merge(vendor);
    if sim.config().admin {
        app = app.nest("/__sim", admin::router());
    }
    if let Some(dist) = &serving.dist {
        // `cargo xtask dist` writes every asset precompressed at the best settings, which are
        // sent as they are; other answers are compressed on the fly below.
        let index = ServeFile::new(dist.join("index.html"));
        let files = ServeDir::new(dist)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index);
        app = app.fallback_service(files);
    }
    let mut app = app
        .layer(logging::trace(&sim.config().tokens))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .with_state(sim);
    if !serving.cors_origins.is_empty() {
        let allow = if serving.cors_origins.iter().any(|o| o == "*") {
            AllowOrigin::any()
        } else {
            AllowOrigin::list(
                serving
                    .cors_origins
                    .iter()
                    .filter_map(|o| HeaderValue::from_str(o).ok()),
            )
        };
        app = app.layer(
            CorsLayer::new()
                .allow_origin(allow)
                // PUT, POST and Content-Type serve the `/__sim/` endpoints, when they are on.
                .allow_methods([Method::GET, Method::DELETE, Method::PUT, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .expose_headers([header::RETRY_AFTER]),
        );
    }
    if serving.isolated {
        app = app.layer(middleware::map_response(isolate));
    }
    app
}

async fn isolate(mut res: Response) -> Response {
    let headers = res.headers_mut();
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-embedder-policy",
        HeaderValue::from_static("require-corp"),
    );
    res
}
