//! Running things: the workspace root, commands with the project's tools on PATH (cargo from
//! `$CARGO`), server processes that stop when dropped, free ports.

use crate::tools;
use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// An I/O error as a sentence naming what could not be done to which path:
/// `.map_err(io("read", path))`.
pub fn io<'a>(what: &'a str, p: &'a Path) -> impl FnOnce(std::io::Error) -> String + 'a {
    move |e| format!("cannot {what} {}: {e}", p.display())
}

/// Prints what is happening, so a long first run says what it is doing.
pub fn say(msg: &str) {
    println!("\x1b[1m▶ {msg}\x1b[0m");
}

/// A command with the project's tool directories first on PATH.
pub fn cmd(program: impl AsRef<std::ffi::OsStr>, root: &Path) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root)
        .env("PATH", tools::path_with_tools(root));
    c
}

/// The cargo that runs this task (`$CARGO`), so a pinned toolchain builds everything.
pub fn cargo(root: &Path) -> Command {
    cmd(
        std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
        root,
    )
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

/// Runs a command, echoing its output, and returns whether it succeeded and what it printed.
pub fn run_captured(c: &mut Command) -> (bool, String) {
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

/// `n` distinct free ports.
pub fn free_ports<const N: usize>() -> Result<[u16; N], String> {
    // Held open together, so no two are the same.
    let listeners = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let mut ports = [0; N];
    for (port, l) in ports.iter_mut().zip(&listeners) {
        *port = l
            .local_addr()
            .map_err(|e| format!("no free port: {e}"))?
            .port();
    }
    Ok(ports)
}

pub fn build_simulator(root: &Path) -> Result<PathBuf, String> {
    say("building the simulator (cargo build --release -p joblens-sim)");
    run(cargo(root).args(["build", "--release", "--quiet", "-p", "joblens-sim"]))?;
    Ok(root.join("target/release/joblens-sim"))
}

/// A server process, stopped when dropped.
pub struct ServerProcess(Child);

impl ServerProcess {
    /// Waits until `port` accepts connections (or the process exits).
    pub fn wait_for(child: Child, port: u16, what: &str) -> Result<Self, String> {
        let mut guard = Self(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(guard);
            }
            if let Ok(Some(status)) = guard.0.try_wait() {
                return Err(format!("{what} exited at start: {status}"));
            }
            std::thread::sleep(Duration::from_millis(50));
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

/// Starts the simulator on `port`, without request logs.
pub fn start_sim(
    sim: &Path,
    root: &Path,
    port: u16,
    args: &[&str],
) -> Result<ServerProcess, String> {
    let child = Command::new(sim)
        .current_dir(root)
        .args(["--addr", &format!("127.0.0.1:{port}"), "--quiet"])
        .args(args)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the simulator: {e}"))?;
    ServerProcess::wait_for(child, port, "the simulator")
}
