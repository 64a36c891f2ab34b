//! Installs the toolchain pieces a fresh machine lacks, skipping what is already there at the
//! right version. The versions are the ones `shared/docs/toolchain.md` checked.

use crate::proc::{cargo, cmd, root, run, say};
use std::{
    path::{Path, PathBuf},
    process::Command,
};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` pinned in Cargo.toml (`=0.2.130`).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const WASM_OPT_VERSION: &str = "version 132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// PATH with the npm tools (`wasm-opt`) and cargo's bin first: trunk finds its tools there.
pub fn path_with_tools(root: &Path) -> std::ffi::OsString {
    let mut dirs = vec![root.join("end2end/node_modules/.bin"), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// The first line a tool prints for `--version`, if it runs at all.
fn version_of(program: &str, root: &Path) -> Option<String> {
    let out = cmd(program, root).arg("--version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned()
    })
}

fn ensure_wasm_target(root: &Path) -> Result<(), String> {
    let out = cmd("rustup", root)
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the {WASM_TARGET} target: {e}"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    say(&format!("adding the Rust target {WASM_TARGET}"));
    run(cmd("rustup", root).args(["target", "add", WASM_TARGET]))
}

/// Installs `krate@version` with cargo unless `program --version` already says `version`.
fn ensure_cargo_tool(
    root: &Path,
    program: &str,
    krate: &str,
    version: &str,
    locked: bool,
) -> Result<(), String> {
    if let Some(v) = version_of(program, root) {
        if v.split_whitespace().any(|w| w == version) {
            return Ok(());
        }
        say(&format!("{program} is {v}; installing {version}"));
    } else {
        say(&format!(
            "installing {krate} {version} (cargo install, several minutes on 2 cores)"
        ));
    }
    let mut c = cargo(root);
    c.args(["install", krate, "--version", version, "--force"]);
    if locked {
        c.arg("--locked");
    }
    run(&mut c)
}

/// `npm ci` in end2end/ unless node_modules already matches package-lock.json.
fn ensure_npm_tools(root: &Path) -> Result<(), String> {
    let dir = root.join("end2end");
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("end2end/package-lock.json: {e}"))?;
    let stamp = dir.join("node_modules/.joblens-lock");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock)
        && version_of("wasm-opt", root).is_some_and(|v| v.contains(WASM_OPT_VERSION))
    {
        return Ok(());
    }
    if version_of("npm", root).is_none() {
        return Err("Node.js and npm are needed (Debian: apt-get install nodejs npm)".into());
    }
    say("installing the npm tools (npm ci in end2end/: wasm-opt, Playwright)");
    run(cmd("npm", &dir).args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))
}

/// Everything `trunk build` needs.
pub fn ensure_build_tools(root: &Path) -> Result<(), String> {
    ensure_wasm_target(root)?;
    ensure_cargo_tool(root, "trunk", "trunk", TRUNK_VERSION, true)?;
    // Its own lock pins a crate the registry lacks: installed without --locked.
    ensure_cargo_tool(
        root,
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN_VERSION,
        false,
    )?;
    ensure_npm_tools(root)
}

pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

pub fn chromedriver() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Chromium and its driver for the browser tests: installed with apt where it may (root on
/// Debian), otherwise a clear message naming what to install.
pub fn ensure_browser() -> Result<(), String> {
    if chromium().is_file() && chromedriver().is_file() {
        return Ok(());
    }
    let apt = Path::new("/usr/bin/apt-get").is_file();
    if !(apt && is_root()) {
        return Err(format!(
            "the browser tests need Chromium and ChromeDriver ({} and {}). Install them \
             (Debian: apt-get install chromium chromium-driver) or point CHROMIUM_PATH and \
             CHROMEDRIVER at them.",
            chromium().display(),
            chromedriver().display()
        ));
    }
    say("installing Chromium and ChromeDriver (apt-get install chromium chromium-driver)");
    run(Command::new("apt-get").arg("update").arg("-q"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

pub fn nginx() -> PathBuf {
    std::env::var_os("NGINX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/nginx"))
}

/// The module that lets nginx send the build's `.br` files (`brotli_static`).
pub const NGINX_BROTLI_STATIC: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// nginx and its brotli_static module for the deployment test: installed with apt where it
/// may, otherwise named.
pub fn ensure_nginx() -> Result<(), String> {
    if nginx().is_file() && Path::new(NGINX_BROTLI_STATIC).is_file() {
        return Ok(());
    }
    if !(Path::new("/usr/bin/apt-get").is_file() && is_root()) {
        return Err(format!(
            "the deployment test needs nginx ({}) with {NGINX_BROTLI_STATIC}. Install them (Debian: apt-get install nginx libnginx-mod-http-brotli-static) or point NGINX at nginx.",
            nginx().display()
        ));
    }
    say("installing nginx (apt-get install nginx libnginx-mod-http-brotli-static)");
    run(Command::new("apt-get").arg("update").arg("-q"))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-q",
            "nginx",
            "libnginx-mod-http-brotli-static",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// `cargo xtask install`: the tools the build and the browser tests use (`test` adds nginx).
pub fn install() -> Result<(), String> {
    ensure_build_tools(&root())?;
    ensure_browser()
}
