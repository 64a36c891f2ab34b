//! `cargo xtask`: Joblens' task runner, one module per task (`serve`, `test`, `bench` and
//! `soak`, `dist`, `nginx` for `nginx-conf`, `tools` for `install`, `tidy`), with the process
//! helpers they share in `proc`.

mod bench;
mod compress;
mod dist;
mod nginx;
mod proc;
mod serve;
mod size_budget;
mod split;
mod test;
mod tidy;
mod tools;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Joblens' tasks: build, serve, test, benchmark, deploy"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand, Debug)]
enum Task {
    /// Build the app (release) and serve it with the simulator (default 127.0.0.1:8080).
    Serve(serve::Args),
    /// Run every test: fmt, clippy, tidy, native, browser components, end-to-end.
    Test,
    /// Install the toolchain pieces that are missing (wasm target, trunk, wasm-bindgen CLI,
    /// npm tools, Chromium).
    Install,
    Dist(dist::Args),
    NginxConf(nginx::Args),
    /// The benchmarks: the app in Chromium against the simulator (and a plain-JS page in the
    /// same run), wasm decoding, simulator load; prints the figures and writes
    /// bench-results/app.json.
    Bench(bench::Args),
    /// The fault soak (10 min) and the long session (an hour of polls, time compressed) that
    /// `cargo xtask test` runs short.
    Soak,
    /// Check the walls between modules, `//!` docs and file sizes (part of `test`).
    Tidy,
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Serve(args) => serve::run_task(&args),
        Task::Test => test::run_task(),
        Task::Install => tools::install(),
        Task::Dist(args) => dist::run_task(&args),
        Task::NginxConf(args) => nginx::run_task(&args),
        Task::Bench(args) => bench::run_task(&args),
        Task::Soak => bench::soak(),
        Task::Tidy => tidy_task(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn tidy_task() -> Result<(), String> {
    let found = tidy::check(&proc::root());
    for v in &found {
        println!("{v}");
    }
    match found.len() {
        0 => Ok(()),
        n => Err(format!("{n} walls crossed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_task_parses_and_explains_itself() {
        Cli::command().debug_assert();
        for task in Cli::command().get_subcommands() {
            assert!(
                task.get_about().is_some(),
                "{} has no help",
                task.get_name()
            );
        }
        let serve =
            Cli::try_parse_from(["xtask", "serve", "--port", "9000", "--", "--seed", "7"]).unwrap();
        assert!(matches!(serve.task, Task::Serve(_)), "{serve:?}");
        assert!(
            Cli::try_parse_from(["xtask", "serve", "--addr", "0.0.0.0:80", "--port", "9000"])
                .is_ok()
        );
        let err = Cli::try_parse_from(["xtask", "dist", "--public-url", "tools"]).unwrap_err();
        assert!(
            err.to_string().contains("must start and end with /"),
            "{err}"
        );
        let err = Cli::try_parse_from(["xtask", "nginx-conf"]).unwrap_err();
        assert!(err.to_string().contains("--api"), "{err}");
        assert!(Cli::try_parse_from(["xtask", "bench", "--long"]).is_err());
    }
}
