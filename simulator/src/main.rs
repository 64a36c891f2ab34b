//! `joblens-sim`: run the Jobs API simulator as a real HTTP server.

use clap::Parser;
use joblens_sim::{
    dialect::Dialect, faults::Faults, logging, router, Clock, Config, Serving, Sim, TokenGrant,
    DEMO_TOKEN,
};
use std::{net::SocketAddr, path::PathBuf};

/// A faithful simulator of EventLog Analyzer's Jobs API (GET/DELETE /api/v2/jobs,
/// GET /api/v2/jobs/results), serving Joblens' dist/ on the same origin.
#[derive(Parser, Debug)]
#[command(name = "joblens-sim", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The built app to serve on the same origin (index.html is the SPA fallback).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Seed of the jobs and hits: the same seed gives the same data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// An accepted token, with its scopes (jobs.READ, jobs.DELETE; all when omitted).
    /// Repeatable. Default: the demo token with every scope.
    #[arg(long = "token", value_name = "TOKEN[=SCOPE,SCOPE…]", value_parser = TokenGrant::parse)]
    tokens: Vec<TokenGrant>,
    /// Requests a minute allowed per token.
    #[arg(long, default_value_t = 60)]
    rate_limit: u32,
    /// Turn the 60-requests-a-minute limit off (benchmarks).
    #[arg(long)]
    no_rate_limit: bool,
    /// Serve the simulator's own /__sim/ endpoints (faults, new jobs, clock, stats, reset).
    #[arg(long)]
    admin: bool,
    /// Allow the API to be called from this origin (CORS), or from any with '*'. Repeatable.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Send COOP and COEP with every answer, so the app is cross-origin isolated and its
    /// clocks are fine-grained (benchmarks).
    #[arg(long)]
    isolated: bool,
    /// Do not write a JSON line per request to stderr.
    #[arg(long)]
    quiet: bool,
    /// Fault: milliseconds added before every API answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fault: share (0–1) of API requests answered with a 5xx.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Fault: share of API requests answered 429 regardless of the budget.
    #[arg(long, default_value_t = 0.0)]
    throttle_rate: f64,
    /// Fault: the Retry-After, in seconds, of those 429s.
    #[arg(long, default_value_t = 5)]
    throttle_retry_after_s: u64,
    /// Fault: milliseconds between 16 KiB chunks of every API body.
    #[arg(long, default_value_t = 0)]
    slow_body_ms: u64,
    /// Fault: share of API bodies cut in half.
    #[arg(long, default_value_t = 0.0)]
    truncate_rate: f64,
    /// Fault: share of API bodies that are not JSON.
    #[arg(long, default_value_t = 0.0)]
    malformed_rate: f64,
    /// Fault: share of API answers whose connection drops midway.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Fault: share of one-job lookups answered 404 as if the job had expired.
    #[arg(long, default_value_t = 0.0)]
    vanish_rate: f64,
    /// Fault: running jobs report the undocumented stage QUEUED.
    #[arg(long)]
    unknown_stage: bool,
    /// How answers are shaped: `reference` (the vendor's reference page) or `variant` (numbers
    /// as text, v1 field names, wrapped errors and errors in HTTP 200, v1's delete reply,
    /// lookups answered with every job, results without meta, an empty 200 past the last
    /// page, 429s without Retry-After, running jobs without a total).
    #[arg(long, default_value = "reference", value_parser = clap::builder::PossibleValuesParser::new(Dialect::NAMES))]
    dialect: String,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let faults = Faults {
        latency_ms: args.latency_ms,
        error_rate: args.error_rate,
        throttle_rate: args.throttle_rate,
        throttle_retry_after_s: args.throttle_retry_after_s,
        slow_body_ms: args.slow_body_ms,
        truncate_rate: args.truncate_rate,
        malformed_rate: args.malformed_rate,
        drop_rate: args.drop_rate,
        vanish_rate: args.vanish_rate,
        unknown_stage: args.unknown_stage,
    };
    if let Err(e) = faults.validate() {
        eprintln!("joblens-sim: {e}");
        std::process::exit(2);
    }
    let tokens = if args.tokens.is_empty() {
        Config::default().tokens
    } else {
        args.tokens
    };
    let config = Config {
        seed: args.seed,
        tokens,
        rate_limit: (!args.no_rate_limit).then_some(args.rate_limit),
        faults,
        admin: args.admin,
        dialect: Dialect::named(&args.dialect).expect("clap checked the name"),
    };
    if let Some(dist) = &args.dist {
        if !dist.join("index.html").is_file() {
            eprintln!(
                "joblens-sim: {} has no index.html; build the app first (cargo xtask serve does).",
                dist.display()
            );
            std::process::exit(2);
        }
    }
    if !args.quiet {
        tracing::subscriber::set_global_default(logging::json_lines(std::io::stderr))
            .expect("the only subscriber");
    }
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("joblens-sim: cannot listen on {}: {e}", args.addr);
            std::process::exit(1);
        }
    };
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    let uses_demo = config.tokens.iter().any(|t| t.token == DEMO_TOKEN);
    let sim = Sim::new(config, Clock::system());
    let app = router(
        sim,
        &Serving {
            dist: args.dist,
            cors_origins: args.cors_origins,
            isolated: args.isolated,
        },
    );
    println!("Joblens simulator listening on http://{addr}/");
    if uses_demo {
        println!("Demo token: {DEMO_TOKEN}");
    }
    if args.dialect != "reference" {
        println!("Answering in the {} dialect (see --help)", args.dialect);
    }
    let shutdown = async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
        }
        #[cfg(not(unix))]
        ctrl_c.await.ok();
    };
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("joblens-sim: {e}");
        std::process::exit(1);
    }
}
