//! `cargo xtask`: Joblens' task runner.
//!
//! - `cargo xtask serve [--addr HOST:PORT | --port N]`: install what is missing, build the app
//!   (release), start the simulator serving it and the API on one origin.
//! - `cargo xtask test`: every test the project has, in layers, with one summary line.
//! - `cargo xtask install`: only install the toolchain pieces.
//! - `cargo xtask dist`: only build the app into `dist/`.
//! - `cargo xtask bench`: the benchmarks, printing figures and ratios to baselines.

mod nginx;
mod size_budget;
mod tools;

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, ExitCode, Stdio},
    time::Instant,
};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--addr HOST:PORT] [--port N] [-- SIMULATOR FLAGS]
                 build the app (release) and serve it with the simulator (default 127.0.0.1:8080)
  test           run every test: fmt, clippy, native, browser components, end-to-end
  install        install the toolchain pieces that are missing (wasm target, trunk,
                 wasm-bindgen CLI, npm tools, Chromium)
  dist [--public-url /PATH/] [--dist DIR]
                 build the app (release) for the site root or a sub-path
  nginx-conf --api URL [--listen ADDR] [--prefix /PATH/] [--dist DIR]
             [--frame-ancestors ORIGIN]... [--proxy-token TOKEN]
                 print an nginx server block for deploying the built app
  bench [--short]
                 the benchmarks: the app in Chromium against the simulator (against a
                 plain-JS page in the same run), wasm decoding, simulator load; prints the
                 figures and writes bench-results/app.json. --short: few repetitions (CI), and
                 fails when the shipped size is over bench/size-budget.json
  soak           the fault soak (10 min) and the long session (an hour of polls, time
                 compressed) that cargo xtask test runs short
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("install") => {
            tools::ensure_build_tools(&root()).and_then(|()| tools::ensure_browser())
        }
        Some("bench") => bench(&args[1..]),
        Some("soak") => soak(),
        Some("dist") => dist(&args[1..]),
        Some("nginx-conf") => nginx_conf(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Prints what is happening, so a long first run says what it is doing.
pub fn say(msg: &str) {
    println!("\x1b[1m▶ {msg}\x1b[0m");
}

/// A command with the project's tool directories first on PATH.
pub fn cmd(program: &str, root: &Path) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root)
        .env("PATH", tools::path_with_tools(root));
    c
}

pub fn run(c: &mut Command) -> Result<(), String> {
    let status = c
        .status()
        .map_err(|e| format!("cannot start {:?}: {e}", c.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed ({status})", c.get_program()))
    }
}

/// The newest modification time of the files a release build depends on.
fn newest_input(root: &Path) -> std::time::SystemTime {
    fn walk(p: &Path, newest: &mut std::time::SystemTime) {
        if let Ok(meta) = std::fs::metadata(p) {
            if meta.is_dir() {
                if let Ok(entries) = std::fs::read_dir(p) {
                    for e in entries.flatten() {
                        walk(&e.path(), newest);
                    }
                }
            } else if let Ok(m) = meta.modified() {
                *newest = (*newest).max(m);
            }
        }
    }
    let mut newest = std::time::UNIX_EPOCH;
    for p in [
        "src",
        "core/src",
        "core/Cargo.toml",
        "style",
        "index.html",
        "Trunk.toml",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        walk(&root.join(p), &mut newest);
    }
    newest
}

/// Builds `dist/` with trunk, unless it is newer than every input.
/// Where a build goes and which path it is served under.
struct DistTarget<'a> {
    dir: &'a str,
    public_url: &'a str,
}

const ROOT_DIST: DistTarget<'static> = DistTarget {
    dir: "dist",
    public_url: "/",
};
/// The sub-path build the deployment test serves through nginx.
const SUBPATH_DIST: DistTarget<'static> = DistTarget {
    dir: "target/dist-subpath",
    public_url: "/tools/joblens/",
};

/// Builds the app with trunk, unless the target is newer than every input.
fn build_dist(root: &Path, force: bool, target: &DistTarget) -> Result<(), String> {
    let built =
        std::fs::metadata(root.join(target.dir).join("index.html")).and_then(|m| m.modified());
    if let (false, Ok(built)) = (force, built) {
        if built >= newest_input(root) {
            say(&format!("{}/ is up to date", target.dir));
            return Ok(());
        }
    }
    say(&format!(
        "building the app into {}/ for {} (trunk build --release)",
        target.dir, target.public_url
    ));
    run(cmd("trunk", root).args([
        "build",
        "--release",
        "--dist",
        target.dir,
        "--public-url",
        target.public_url,
    ]))
}

fn dist(args: &[String]) -> Result<(), String> {
    let root = root();
    let mut target = DistTarget {
        dir: "dist",
        public_url: "/",
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--public-url" => {
                target.public_url = it
                    .next()
                    .ok_or("--public-url needs a path such as /tools/joblens/")?
            }
            "--dist" => target.dir = it.next().ok_or("--dist needs a directory")?,
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
        }
    }
    if !(target.public_url.starts_with('/') && target.public_url.ends_with('/')) {
        return Err("--public-url must start and end with / (such as /tools/joblens/)".into());
    }
    tools::ensure_build_tools(&root)?;
    build_dist(&root, true, &target)
}

/// Prints an nginx `server` block for a deployment (README.md, "Deploying").
fn nginx_conf(args: &[String]) -> Result<(), String> {
    let (mut listen, mut prefix, mut dist, mut api) = (
        "80".to_owned(),
        "/".to_owned(),
        "dist".to_owned(),
        String::new(),
    );
    let mut ancestors = Vec::new();
    let mut proxy_token = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--listen" => listen = value()?,
            "--prefix" => prefix = value()?,
            "--dist" => dist = value()?,
            "--api" => api = value()?,
            "--frame-ancestors" => ancestors.push(value()?),
            "--proxy-token" => proxy_token = Some(format!("Bearer {}", value()?)),
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
        }
    }
    if api.is_empty() {
        return Err("--api is needed: where the Jobs API is, such as http://127.0.0.1:8400".into());
    }
    let conf = nginx::render(&nginx::Site {
        listen: &listen,
        prefix: &prefix,
        dist: Path::new(&dist),
        api: &api,
        frame_ancestors: &ancestors,
        proxy_authorization: proxy_token.as_deref(),
    })?;
    print!("{conf}");
    Ok(())
}

fn build_simulator(root: &Path) -> Result<PathBuf, String> {
    say("building the simulator (cargo build --release -p joblens-sim)");
    run(cmd("cargo", root).args(["build", "--release", "--quiet", "-p", "joblens-sim"]))?;
    Ok(root.join("target/release/joblens-sim"))
}

fn serve(args: &[String]) -> Result<(), String> {
    let root = root();
    let mut addr = "127.0.0.1:8080".to_owned();
    let mut extra: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--addr" => addr = it.next().ok_or("--addr needs HOST:PORT")?.clone(),
            "--port" => {
                let port = it.next().ok_or("--port needs a number")?;
                port.parse::<u16>()
                    .map_err(|_| format!("bad port {port:?}"))?;
                let host = addr.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h);
                addr = format!("{host}:{port}");
            }
            "--" => extra.extend(it.by_ref().cloned()),
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
        }
    }
    tools::ensure_build_tools(&root)?;
    build_dist(&root, false, &ROOT_DIST)?;
    let sim = build_simulator(&root)?;
    say(&format!(
        "starting the simulator on http://{addr}/ (Ctrl-C stops it)"
    ));
    let status = Command::new(sim)
        .current_dir(&root)
        .args(["--dist", "dist", "--addr", &addr])
        .args(&extra)
        .status()
        .map_err(|e| format!("cannot start the simulator: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the simulator stopped: {status}"))
    }
}

/// The fault soak and the long session at full length: ten minutes of faults, an hour of polls.
fn soak() -> Result<(), String> {
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    tools::ensure_nginx()?;
    let sim = build_simulator(&root)?;
    let layer = e2e_layer(
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

/// The benchmarks: the app in Chromium against the simulator (figures, targets, a plain-JS
/// baseline in the same run, JSON in bench-results/), wasm decoding, and the simulator's load.
/// Fails only when it could not measure.
fn bench(args: &[String]) -> Result<(), String> {
    let short = match args {
        [] => false,
        [a] if a == "--short" => true,
        _ => return Err(format!("bench takes only --short\n\n{USAGE}")),
    };
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    build_dist(&root, false, &ROOT_DIST)?;
    let sim = build_simulator(&root)?;
    let (port, baseline_port) = match (free_port(), free_port()) {
        (Ok(a), Ok(b)) if a != b => (a, b),
        _ => return Err("no two free ports".into()),
    };
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
        .env("JOBLENS_DIST", root.join("dist"))
        .env("JOBLENS_BENCH_OUT", &out)
        .envs(
            [
                ("JOBLENS_BENCH_RUNS", "2"),
                ("JOBLENS_BENCH_SWITCHES", "10"),
                ("JOBLENS_BENCH_POLL_S", "12"),
            ]
            .into_iter()
            .filter(|_| short),
        ))?;
    let size_check = size_budget::check(&root, &out);
    say("decoding a 1000-hit page in wasm (headless Chromium)");
    run(cmd("cargo", &root)
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
    say("simulator load (cargo bench -p joblens-sim)");
    run(cmd("cargo", &root).args(["bench", "-q", "-p", "joblens-sim"]))?;
    match size_check {
        Ok(line) => {
            say(&line);
            Ok(())
        }
        // The size is deterministic: over the budget fails the short form (CI) only; the full
        // benchmark reports it like any other missed target.
        Err(line) if short => Err(line),
        Err(line) => {
            say(&line);
            Ok(())
        }
    }
}

/// What one layer of the tests counted.
struct Layer {
    name: &'static str,
    passed: u64,
    failed: u64,
    secs: f64,
}

/// Runs a command, echoing its output, and returns whether it succeeded and what it printed.
fn run_captured(c: &mut Command) -> (bool, String) {
    let mut child = match c.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => return (false, format!("cannot start {:?}: {e}", c.get_program())),
    };
    let mut out = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            out.push_str(&line);
            out.push('\n');
        }
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    (ok, out)
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
fn check_layer(name: &'static str, root: &Path, commands: &mut [Command]) -> Layer {
    say(name);
    let started = Instant::now();
    let ok = commands
        .iter_mut()
        .all(|c| run(c.current_dir(root)).is_ok());
    Layer {
        name,
        passed: u64::from(ok),
        failed: u64::from(!ok),
        secs: started.elapsed().as_secs_f64(),
    }
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
}

/// A layer of libtest runs: counts its tests.
fn libtest_layer(name: &'static str, c: &mut Command) -> Layer {
    say(name);
    let started = Instant::now();
    let (ok, out) = run_captured(c);
    let (passed, failed) = count_libtest(&out);
    Layer::counted(name, started, ok, passed, failed)
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Starts a real nginx serving the sub-path build with the generated configuration, its API
/// proxied to the simulator the end-to-end tests start on `api_port`.
fn start_nginx(
    root: &Path,
    port: u16,
    api_port: u16,
    portal_port: u16,
) -> Result<ServerProcess, String> {
    let dir = root.join("target/nginx");
    for sub in ["", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let server = nginx::render(&nginx::Site {
        listen: &format!("127.0.0.1:{port}"),
        prefix: SUBPATH_DIST.public_url,
        dist: &root.join(SUBPATH_DIST.dir),
        api: &format!("http://127.0.0.1:{api_port}"),
        frame_ancestors: &[format!("http://127.0.0.1:{portal_port}")],
        proxy_authorization: None,
    })?;
    let tmp = dir.join("tmp");
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    access_log off;\n\
         client_body_temp_path {t};\n    proxy_temp_path {t};\n    fastcgi_temp_path {t};\n    uwsgi_temp_path {t};\n    scgi_temp_path {t};\n\
         {server}}}\n",
        d = dir.display(),
        t = tmp.display(),
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).map_err(|e| format!("{}: {e}", path.display()))?;
    let child = Command::new(tools::nginx())
        .arg("-c")
        .arg(&path)
        .arg("-p")
        .arg(&dir)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start nginx: {e}"))?;
    ServerProcess::wait_for(child, port, "nginx")
}

/// A server process for a test layer, stopped when dropped.
struct ServerProcess(std::process::Child);

impl ServerProcess {
    /// Waits until `port` accepts connections (or the process exits).
    fn wait_for(child: std::process::Child, port: u16, what: &str) -> Result<Self, String> {
        let mut guard = Self(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(guard);
            }
            if let Ok(Some(status)) = guard.0.try_wait() {
                return Err(format!("{what} exited at start: {status}"));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Err(format!("{what} did not listen on port {port} within 10 s"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the simulator on `port` for a test layer.
fn start_sim(sim: &Path, root: &Path, port: u16, args: &[&str]) -> Result<ServerProcess, String> {
    let child = Command::new(sim)
        .current_dir(root)
        .args(["--addr", &format!("127.0.0.1:{port}"), "--quiet"])
        .args(args)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the simulator: {e}"))?;
    ServerProcess::wait_for(child, port, "the simulator")
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
        cmd("cargo", root)
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
fn e2e_layer(root: &Path, sim: Option<&Path>, only: &[&str], env: &[(&str, &str)]) -> Layer {
    let name = "end-to-end tests (Playwright, Chromium, simulator)";
    let started = Instant::now();
    let failed_layer = |why: String| {
        eprintln!("xtask: {why}");
        Layer {
            name,
            passed: 0,
            failed: 1,
            secs: started.elapsed().as_secs_f64(),
        }
    };
    if let Err(e) =
        build_dist(root, false, &ROOT_DIST).and_then(|()| build_dist(root, false, &SUBPATH_DIST))
    {
        return failed_layer(e);
    }
    let Some(sim) = sim else {
        return failed_layer("the simulator did not build".into());
    };
    let (port, portal_port) = match (free_port(), free_port()) {
        (Ok(a), Ok(b)) if a != b => (a, b),
        (Err(e), _) | (_, Err(e)) => return failed_layer(e),
        _ => return failed_layer("no two free ports".into()),
    };
    let nginx_port = match free_port() {
        Ok(p) if p != port && p != portal_port => p,
        Ok(_) => return failed_layer("no free port for nginx".into()),
        Err(e) => return failed_layer(e),
    };
    // A second simulator answering in the `variant` dialect (a server unlike the reference).
    let variant_port = match free_port() {
        Ok(p) if ![port, portal_port, nginx_port].contains(&p) => p,
        Ok(_) => return failed_layer("no free port for the variant simulator".into()),
        Err(e) => return failed_layer(e),
    };
    let _nginx = match start_nginx(root, nginx_port, port, portal_port) {
        Ok(n) => n,
        Err(e) => return failed_layer(e),
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
        return failed_layer("Playwright wrote no report".into());
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

fn test(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("cargo xtask test takes no options, got {a:?}"));
    }
    let root = root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    tools::ensure_nginx()?;
    let chromedriver = tools::chromedriver();
    let mut layers = Vec::new();

    let mut fmt = cmd("cargo", &root);
    fmt.args(["fmt", "--all", "--", "--check"]);
    layers.push(check_layer(
        "formatting (cargo fmt --check)",
        &root,
        &mut [fmt],
    ));

    let mut clippy_native = cmd("cargo", &root);
    clippy_native.args([
        "clippy",
        "--workspace",
        "--exclude",
        "joblens",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    let mut clippy_wasm = cmd("cargo", &root);
    clippy_wasm.args([
        "clippy",
        "-p",
        "joblens",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    layers.push(check_layer(
        "lints (cargo clippy -D warnings, native and wasm32)",
        &root,
        &mut [clippy_native, clippy_wasm],
    ));

    layers.push(libtest_layer(
        "native tests (core, simulator, xtask)",
        cmd("cargo", &root).args(["test", "--workspace", "--exclude", "joblens"]),
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
