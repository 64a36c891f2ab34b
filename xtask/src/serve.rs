//! `cargo xtask serve`: the demo. Installs what is missing, builds the app and serves it with
//! the simulator on one origin.

use crate::{
    dist::{self, ROOT_DIST},
    proc::{build_simulator, root, say},
    tools,
};
use std::{net::SocketAddr, process::Command};

/// Build the app (release) and serve it with the simulator.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Port to listen on, on the --addr host.
    #[arg(long)]
    port: Option<u16>,
    /// Flags for the simulator, after `--` (see `target/release/joblens-sim --help`).
    #[arg(last = true)]
    simulator: Vec<String>,
}

pub fn run_task(args: &Args) -> Result<(), String> {
    let root = root();
    let mut addr = args.addr;
    if let Some(port) = args.port {
        addr.set_port(port);
    }
    tools::ensure_build_tools(&root)?;
    dist::build(&root, false, &ROOT_DIST)?;
    let sim = build_simulator(&root)?;
    say(&format!(
        "starting the simulator on http://{addr}/ (Ctrl-C stops it)"
    ));
    let status = Command::new(sim)
        .current_dir(&root)
        .args(["--dist", "dist", "--addr", &addr.to_string()])
        .args(&args.simulator)
        .status()
        .map_err(|e| format!("cannot start the simulator: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the simulator stopped: {status}"))
    }
}
