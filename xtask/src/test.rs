//! `cargo xtask test`: every test the project has, in layers (format, lints, tidy, native,
//! browser components, end to end), and one summary line.

use crate::{
    dist::{self, ROOT_DIST, SUBPATH_DIST},
    nginx,
    proc::{build_simulator, cargo, cmd, free_ports, root, run, run_captured, say, start_sim},
    tidy, tools,
};
use std::{path::Path, process::Command, time::Instant};

/// What one layer of the tests counted.
pub struct Layer {
    pub name: &'static str,
    pub passed: u64,
    pub failed: u64,
    secs: f64,
}

impl Layer {
    /// What a run counted; a run that failed without a failing test (a build error, a crash)
    /// counts as one failure.
    fn counted(name: &'static str, started: Instant, ok: bool, passed: u64, failed: u64) -> Self {
        Self {
            name,
            passed,
            failed: if !ok && failed == 0 { 1 } else { failed },
            secs: started.elapsed().as_secs_f64(),
        }
    }

    fn failed(name: &'static str, started: Instant, why: String) -> Self {
        eprintln!("xtask: {why}");
        Self::counted(name, started, false, 0, 1)
    }
}

/// Sums libtest's `test result: ok. N passed; M failed` lines.
fn count_libtest(out: &str) -> (u64, u64) {
    let mut passed = 0;
    let mut failed = 0;
    for line in out
        .lines()
        .filter(|l| l.trim_start().starts_with("test result:"))
    {
        let num_before = |word: &str| -> u64 {
            line.split(';')
                .find(|part| part.trim_end().ends_with(word))
                .and_then(|part| part.split_whitespace().rev().nth(1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        passed += num_before("passed");
        failed += num_before("failed");
    }
    (passed, failed)
}

/// A layer of one check that passes or fails as a whole.
fn check_layer(name: &'static str, commands: &mut [Command]) -> Layer {
    say(name);
    let started = Instant::now();
    let ok = commands.iter_mut().all(|c| run(c).is_ok());
    Layer::counted(name, started, ok, u64::from(ok), u64::from(!ok))
}

/// A layer of libtest runs: counts its tests.
fn libtest_layer(name: &'static str, c: &mut Command) -> Layer {
    say(name);
    let started = Instant::now();
    let (ok, out) = run_captured(c);
    let (passed, failed) = count_libtest(&out);
    Layer::counted(name, started, ok, passed, failed)
}

fn tidy_layer(root: &Path) -> Layer {
    let name = "tidy (the walls between modules, docs, file sizes)";
    say(name);
    let started = Instant::now();
    let found = tidy::check(root);
    for v in &found {
        eprintln!("tidy: {v}");
    }
    Layer::counted(
        name,
        started,
        found.is_empty(),
        u64::from(found.is_empty()),
        found.len() as u64,
    )
}

/// The port of the simulator the wasm client tests talk to: fixed, because the tests get it
/// at build time (a new port would rebuild them).
const WASM_SIM_PORT: u16 = 18471;

fn wasm_layer(root: &Path, sim: Option<&Path>, chromedriver: &Path) -> Layer {
    let name = "browser tests (wasm-bindgen-test, headless Chromium, simulator)";
    let server = sim.map(|sim| {
        start_sim(
            sim,
            root,
            WASM_SIM_PORT,
            &[
                "--admin",
                "--cors-origin",
                "*",
                "--token",
                "wasm-full",
                "--token",
                "wasm-reader=jobs.READ",
            ],
        )
    });
    if let Some(Err(e)) = &server {
        eprintln!("xtask: {e}");
    }
    let mut layer = libtest_layer(
        name,
        cargo(root)
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "joblens",
            ])
            .env("CHROMEDRIVER", chromedriver)
            .env(
                "JOBLENS_SIM_URL",
                format!("http://127.0.0.1:{WASM_SIM_PORT}"),
            ),
    );
    if !matches!(server, Some(Ok(_))) {
        layer.failed += 1;
    }
    layer
}

/// The end-to-end tests; `only` narrows them to some spec files, `env` adds settings.
pub fn e2e_layer(root: &Path, sim: Option<&Path>, only: &[&str], env: &[(&str, &str)]) -> Layer {
    let name = "end-to-end tests (Playwright, Chromium, simulator)";
    let started = Instant::now();
    if let Err(e) =
        dist::build(root, false, &ROOT_DIST).and_then(|()| dist::build(root, false, &SUBPATH_DIST))
    {
        return Layer::failed(name, started, e);
    }
    let Some(sim) = sim else {
        return Layer::failed(name, started, "the simulator did not build".into());
    };
    // The app's simulator, the portal, nginx, and a second simulator answering in the
    // `variant` dialect (a server unlike the reference).
    let [port, portal_port, nginx_port, variant_port] = match free_ports() {
        Ok(ports) => ports,
        Err(e) => return Layer::failed(name, started, e),
    };
    let _nginx = match nginx::start(root, nginx_port, port, portal_port) {
        Ok(n) => n,
        Err(e) => return Layer::failed(name, started, e),
    };
    say(name);
    let report = root.join("end2end/results.json");
    let _ = std::fs::remove_file(&report);
    let e2e = root.join("end2end");
    let (ok, _) = run_captured(
        cmd("node_modules/.bin/playwright", &e2e)
            .arg("test")
            .args(only)
            .envs(env.iter().copied())
            .env("JOBLENS_SIM", sim)
            .env("JOBLENS_DIST", root.join("dist"))
            .env("JOBLENS_PORT", port.to_string())
            .env("JOBLENS_PORTAL_PORT", portal_port.to_string())
            .env("JOBLENS_VARIANT_PORT", variant_port.to_string())
            .env(
                "JOBLENS_NGINX_URL",
                format!("http://127.0.0.1:{nginx_port}{}", SUBPATH_DIST.public_url),
            )
            .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report),
    );
    let stats = std::fs::read(&report)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .map(|v| v["stats"].clone());
    let Some(stats) = stats else {
        return Layer::failed(name, started, "Playwright wrote no report".into());
    };
    let n = |k: &str| stats[k].as_u64().unwrap_or(0);
    Layer::counted(
        name,
        started,
        ok,
        n("expected") + n("flaky"),
        n("unexpected"),
    )
}

pub fn run_task() -> Result<(), String> {
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    tools::ensure_nginx()?;
    let chromedriver = tools::chromedriver();
    let mut layers = Vec::new();

    let mut fmt = cargo(&root);
    fmt.args(["fmt", "--all", "--", "--check"]);
    layers.push(check_layer("formatting (cargo fmt --check)", &mut [fmt]));
    let lint = ["--all-targets", "--", "-D", "warnings"];
    let mut clippy_native = cargo(&root);
    clippy_native
        .args(["clippy", "--workspace", "--exclude", "joblens"])
        .args(lint);
    let mut clippy_wasm = cargo(&root);
    clippy_wasm
        .args([
            "clippy",
            "-p",
            "joblens",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(lint);
    layers.push(check_layer(
        "lints (cargo clippy -D warnings, native and wasm32)",
        &mut [clippy_native, clippy_wasm],
    ));
    layers.push(tidy_layer(&root));
    layers.push(libtest_layer(
        "native tests (core, simulator, xtask)",
        cargo(&root).args(["test", "--workspace", "--exclude", "joblens"]),
    ));
    let sim = build_simulator(&root)
        .map_err(|e| eprintln!("xtask: {e}"))
        .ok();
    layers.push(wasm_layer(&root, sim.as_deref(), &chromedriver));
    layers.push(e2e_layer(&root, sim.as_deref(), &[], &[]));

    println!();
    println!(
        "{:<66} {:>7} {:>7} {:>8}",
        "layer", "passed", "failed", "time"
    );
    for l in &layers {
        println!(
            "{:<66} {:>7} {:>7} {:>7.0}s",
            l.name, l.passed, l.failed, l.secs
        );
    }
    let passed: u64 = layers.iter().map(|l| l.passed).sum();
    let failed: u64 = layers.iter().map(|l| l.failed).sum();
    println!("total: {passed} passed, {failed} failed");
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} failed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_summaries_are_summed() {
        let out = "\
test result: ok. 19 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
noise
test result: FAILED. 3 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out
";
        assert_eq!(count_libtest(out), (22, 2));
        assert_eq!(count_libtest("no tests here"), (0, 0));
    }
}
