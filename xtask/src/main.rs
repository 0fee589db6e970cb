//! `cargo xtask <task>`: the workspace's tasks, thin wrappers over the `openapi-rustgen` library.

mod bench;
mod corpus;
mod fuzz;
mod regen;
mod schemathesis;
mod system;
mod test;
mod tools;
mod workspace;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    about = "Tasks of the WHM API workspace",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate generated/src from every spec under spec/.
    Regen {
        /// Write nothing; fail, naming each stale file, if generated/src is not up to date.
        #[arg(long)]
        check: bool,
    },
    /// Generate a crate from each file of tests/corpus (and one from all), `cargo check` them.
    Corpus {
        /// Generate the crates but do not run `cargo check` on them.
        #[arg(long)]
        no_check: bool,
        /// Print every warning, not each kind once.
        #[arg(long)]
        verbose: bool,
    },
    /// Install the test tools into .tools/, then run every check, each stage timed.
    Test,
    /// Run the schemathesis test against the WHM double unseeded, several times (not in CI).
    Schemathesis {
        /// How many runs.
        #[arg(long, default_value_t = 5)]
        runs: u32,
        /// How many examples schemathesis generates per operation and phase.
        #[arg(long, default_value_t = 150)]
        examples: u32,
    },
    /// Run each fuzz target for a bounded time (installs cargo-fuzz into .tools/).
    Fuzz {
        /// How long to run each target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// The targets to run (all by default).
        targets: Vec<String>,
    },
    /// Measure generation, builds, parsing and the server; print one table (issue 7).
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = workspace::Workspace::find().and_then(|ws| match cli.task {
        Task::Regen { check } => regen::run(&ws.root, check),
        Task::Corpus { no_check, verbose } => {
            let checks = if no_check {
                corpus::Checks::None
            } else {
                corpus::Checks::Full
            };
            corpus::run(&ws, checks, verbose, &mut std::io::stdout())
        }
        Task::Test => test::run(&ws),
        Task::Schemathesis { runs, examples } => schemathesis::run(&ws, runs, examples),
        Task::Fuzz { seconds, targets } => fuzz::run(&ws, seconds, &targets),
        Task::Bench(args) => bench::run(&ws, &args),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
