//! `cargo xtask bench` and `cargo xtask soak`: the benchmarks (the app in Chromium against the
//! simulator and a plain-JS page in the same run, wasm decoding, the whole-job store, the
//! simulator's load) and the long fault soak.

use crate::{
    dist::{self, ROOT_DIST, SUBPATH_DIST},
    nginx,
    proc::{build_simulator, cargo, cmd, free_ports, root, run, say, start_sim},
    size_budget, test, tools,
};

/// The benchmarks: print every figure with its target, and write bench-results/app.json.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Few repetitions (CI); fails when the shipped size is over bench/size-budget.json.
    #[arg(long)]
    short: bool,
}

/// Fails only when it could not measure, or (short form) when the size is over budget.
pub fn run_task(args: &Args) -> Result<(), String> {
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    dist::build(&root, false, &ROOT_DIST)?;
    let sim = build_simulator(&root)?;
    let [port, baseline_port, explore_port] = free_ports()?;
    let _app = start_sim(
        &sim,
        &root,
        port,
        &[
            "--dist",
            "dist",
            "--no-rate-limit",
            "--cors-origin",
            "*",
            "--admin",
        ],
    )?;
    let _baseline = start_sim(&sim, &root, baseline_port, &["--dist", "bench/baseline"])?;
    // Exploring is timed in the worker, where a page that is not cross-origin isolated reads
    // the clock in 100 µs steps: coarser than the quickest questions.
    let _explore = start_sim(
        &sim,
        &root,
        explore_port,
        &["--dist", "dist", "--no-rate-limit", "--isolated"],
    )?;
    // The first screen as nginx sends it: the sub-path build behind the generated configuration.
    let nginx = match tools::ensure_nginx() {
        Ok(()) => {
            dist::build(&root, false, &SUBPATH_DIST)?;
            let [nginx_port] = free_ports()?;
            Some((nginx::start(&root, nginx_port, port, port)?, nginx_port))
        }
        Err(e) => {
            say(&format!("no nginx figures: {e}"));
            None
        }
    };
    std::fs::create_dir_all(root.join("bench-results")).map_err(|e| e.to_string())?;
    let out = root.join("bench-results/app.json");
    say("the app in Chromium (end2end/bench.mjs)");
    run(cmd("node", &root.join("end2end"))
        .arg("bench.mjs")
        .env("JOBLENS_URL", format!("http://127.0.0.1:{port}/"))
        .env(
            "JOBLENS_BASELINE_URL",
            format!("http://127.0.0.1:{baseline_port}/"),
        )
        .env(
            "JOBLENS_EXPLORE_URL",
            format!("http://127.0.0.1:{explore_port}/"),
        )
        .env("JOBLENS_DIST", root.join("dist"))
        .envs(nginx.iter().map(|(_, p)| {
            (
                "JOBLENS_NGINX_URL",
                format!("http://127.0.0.1:{p}{}", SUBPATH_DIST.public_url),
            )
        }))
        .env("JOBLENS_BENCH_OUT", &out)
        .envs(
            [
                ("JOBLENS_BENCH_RUNS", "2"),
                ("JOBLENS_BENCH_SWITCHES", "10"),
                ("JOBLENS_BENCH_POLL_S", "12"),
                ("JOBLENS_BENCH_MILLION", "0"),
            ]
            .into_iter()
            .filter(|_| args.short),
        ))?;
    let size_check = size_budget::check(&root, &out);
    say("decoding a 1000-hit page in wasm (headless Chromium)");
    run(cargo(&root)
        .args([
            "test",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "joblens",
            "--bench",
            "decode",
            "--",
            "--nocapture",
        ])
        .env("CHROMEDRIVER", tools::chromedriver()))?;
    say("the whole-job store, natively (cargo bench -p joblens-core --bench explore)");
    run(cargo(&root).args(["bench", "-q", "-p", "joblens-core", "--bench", "explore"]))?;
    say("simulator load (cargo bench -p joblens-sim)");
    run(cargo(&root).args(["bench", "-q", "-p", "joblens-sim"]))?;
    match size_check {
        Ok(line) => {
            say(&line);
            Ok(())
        }
        // The size is deterministic: over the budget fails the short form (CI) only; the full
        // benchmark reports it like any other missed target.
        Err(line) if args.short => Err(line),
        Err(line) => {
            say(&line);
            Ok(())
        }
    }
}

/// The fault soak and the long session at full length: ten minutes of faults, an hour of
/// polls (time compressed); `cargo xtask test` runs them short.
pub fn soak() -> Result<(), String> {
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    tools::ensure_nginx()?;
    let sim = build_simulator(&root)?;
    let layer = test::e2e_layer(
        &root,
        Some(&sim),
        &["tests/soak.spec.mjs"],
        &[
            ("JOBLENS_SOAK_SECONDS", "600"),
            ("JOBLENS_SESSION_POLLS", "720"),
        ],
    );
    println!("soak: {} passed, {} failed", layer.passed, layer.failed);
    if layer.failed == 0 {
        Ok(())
    } else {
        Err("the soak failed".into())
    }
}
