//! Building the app into a dist directory, for the site root or a sub-path, only when an input
//! is newer than the last build: trunk builds the page, styles and explore worker, `split` the
//! app's own wasm, and `compress` precompresses what is served.

use crate::{
    compress,
    proc::{cmd, root, run, say},
    split, tools,
};
use std::{path::Path, time::SystemTime};

/// Where a build goes and which path it is served under.
pub struct DistTarget<'a> {
    pub dir: &'a str,
    pub public_url: &'a str,
}

pub const ROOT_DIST: DistTarget<'static> = DistTarget {
    dir: "dist",
    public_url: "/",
};

/// The sub-path build the deployment test serves through nginx.
pub const SUBPATH_DIST: DistTarget<'static> = DistTarget {
    dir: "target/dist-subpath",
    public_url: "/tools/joblens/",
};

/// Build the app (release) for the site root or a sub-path.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The path the app is served under; starts and ends with /.
    #[arg(long, default_value = "/", value_parser = public_url)]
    public_url: String,
    /// Where the build goes.
    #[arg(long, default_value = "dist")]
    dist: String,
}

fn public_url(s: &str) -> Result<String, String> {
    if s.starts_with('/') && s.ends_with('/') {
        Ok(s.to_owned())
    } else {
        Err("must start and end with / (such as /tools/joblens/)".into())
    }
}

pub fn run_task(args: &Args) -> Result<(), String> {
    let root = root();
    tools::ensure_build_tools(&root)?;
    let target = DistTarget {
        dir: &args.dist,
        public_url: &args.public_url,
    };
    build(&root, true, &target)
}

/// The newest modification time of the files a release build depends on.
fn newest_input(root: &Path) -> SystemTime {
    fn walk(p: &Path, newest: &mut SystemTime) {
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
        "explore-worker/src",
        "explore-worker/Cargo.toml",
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

/// Builds the app with trunk, unless `force` is off and the build is newer than every input.
pub fn build(root: &Path, force: bool, target: &DistTarget) -> Result<(), String> {
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
    ]))?;
    let dist = root.join(target.dir);
    split::build(root, &dist, target.public_url)?;
    let n = compress::precompress(&dist)?;
    say(&format!(
        "precompressed {n} files (.br quality 11, .gz level 9)"
    ));
    Ok(())
}
