//! `cargo xtask bench`: every figure of issues 7 and 13 in one table (Markdown, so that it
//! can go into docs/BENCHMARKS.md as printed), and charts of some of them.
//!
//! - whole-process generation of spec/ by the `openapi-rustgen` binary (median wall time, peak RSS
//!   from GNU time), and of synthetic WHM-style specs of 10, 100 and 1000 operations;
//! - the generated code per operation (lines and bytes added by 20 clones of spec/'s);
//! - cold and own-crate builds of `whm-api` for each feature set, in a scratch copy of the
//!   crate with its own target directory, the TLS provider and what it costs to build, and
//!   the rebuild after a one-line spec change;
//! - the divan medians of `tests/benches/parse.rs`;
//! - the WHM double and a minimal axum handler under the same `wrk` load, in alternating
//!   rounds (each server pinned to one CPU and wrk to the others when `taskset` and two CPUs
//!   are there), with each server's CPU time per request;
//! - the peers (`peers`, `peers_check`): openapi-to-rust and progenitor, pinned and installed
//!   into `.tools/peers/`, beside ours on our spec, cPanel's UAPI and the largest public
//!   description of the corpus: generation (time, memory, lines written) and `cargo check`
//!   of each output on one shared set of prebuilt dependencies, with peer/ours ratios;
//! - the charts (`charts`): SVG files in docs/bench/ of the peers' generation and check
//!   times and of our scaling, each drawn when its part ran.
//!
//! `--skip-builds`, `--skip-micro`, `--skip-load` and `--skip-peers` leave a part out;
//! `--only PART,...` runs just those parts (`--only peers`). It installs what it needs
//! (`wrk` and GNU time with apt-get, the peers with `cargo install`), reaches crates.io for the peers'
//! dependencies and otherwise uses loopback only. No figure here is a pass/fail test: the
//! table says which targets are met, and the run succeeds either way.
//!
//! `cargo xtask bench --runs N [--fresh DIR] -- CMD ARGS...` measures one command instead
//! (median wall time and peak memory over N runs).

mod builds;
mod charts;
mod generation;
mod load;
mod micro;
mod peers;
mod peers_check;
mod timing;

use timing::{measure, median};

use anyhow::{Context, Result, ensure};
use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Runs of each whole-process measurement; the median is reported.
    #[arg(long, default_value_t = 9)]
    runs: usize,
    /// Seconds of load per server per round (three rounds, alternating servers).
    #[arg(long, default_value_t = 5)]
    load_seconds: u64,
    /// Concurrent connections of the load.
    #[arg(long, default_value_t = 50)]
    connections: u32,
    /// Skip the cold builds of whm-api (the slowest part: minutes on a busy machine).
    #[arg(long)]
    skip_builds: bool,
    /// Skip the micro-benchmarks (divan).
    #[arg(long)]
    skip_micro: bool,
    /// Skip the load test.
    #[arg(long)]
    skip_load: bool,
    /// Skip the peer generators (openapi-to-rust and progenitor beside ours).
    #[arg(long)]
    skip_peers: bool,
    /// Run only these parts (repeat the flag or separate with commas); the --skip flags are
    /// then ignored.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "PART")]
    only: Vec<Part>,
    /// With a command: remove this folder before each run (outside the timing).
    #[arg(long, value_name = "DIR")]
    fresh: Option<PathBuf>,
    /// Measure this command only (after `--`): median wall time and peak memory.
    #[arg(last = true, value_name = "CMD")]
    command: Vec<String>,
}

/// The parts of the bench, in the order they run.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Part {
    Generation,
    Scaling,
    Uapi,
    Builds,
    Micro,
    Load,
    Peers,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Generation => "generation",
            Part::Scaling => "scaling",
            Part::Uapi => "uapi",
            Part::Builds => "builds",
            Part::Micro => "micro",
            Part::Load => "load",
            Part::Peers => "peers",
        }
    }
}

type Section<'a> = &'a dyn Fn(&mut Table) -> Result<()>;

/// What the sections measured that the charts draw.
#[derive(Default)]
struct Figures {
    scaling: Vec<generation::ScalingPoint>,
    peers: Vec<peers::InputFigures>,
}

/// One line of the table.
struct Row {
    figure: String,
    value: String,
    target: String,
}

#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

impl Table {
    fn add(&mut self, figure: impl Into<String>, value: impl Into<String>, target: &str) {
        let row = Row {
            figure: figure.into(),
            value: value.into(),
            target: target.to_owned(),
        };
        eprintln!("   {}: {} {}", row.figure, row.value, row.target);
        self.rows.push(row);
    }

    fn print(&self) {
        println!("| figure | value | target |");
        println!("|---|---|---|");
        for row in &self.rows {
            println!("| {} | {} | {} |", row.figure, row.value, row.target);
        }
    }
}

/// The verdict of a figure against a target ("lower is better").
fn verdict(value: f64, target: f64, unit: &str) -> String {
    if value <= target {
        format!("<= {target} {unit}: met")
    } else {
        format!("<= {target} {unit}: missed by {:.1}x", value / target)
    }
}

pub fn run(ws: &crate::workspace::Workspace, args: &Args) -> Result<ExitCode> {
    let root = ws.root.as_path();
    ensure!(args.runs > 0, "--runs must be at least 1");
    timing::ensure_gnu_time()?;
    crate::system::ensure_openssl_headers()?;
    if !args.command.is_empty() {
        let (program, rest) = args.command.split_first().expect("not empty");
        let mut command = Command::new(program);
        command.args(rest);
        let fresh = args.fresh.as_deref();
        let m = measure(&mut command, args.runs, || fresh.map_or(Ok(()), remove))?;
        println!(
            "{}: median {:.1} ms (min {:.1}, max {:.1}), peak RSS median {:.1} MB, {} runs",
            args.command.join(" "),
            m.median_ms(),
            m.min_ms(),
            m.max_ms(),
            m.median_rss_mb(),
            args.runs
        );
        return Ok(ExitCode::SUCCESS);
    }

    let target = ws.target_dir()?;
    let scratch = target.join("bench");
    fs::create_dir_all(&scratch)?;
    let mut table = Table::default();
    table.add("machine", machine(), "");

    section("building the generator binary (release)");
    cargo(root)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "openapi-rustgen",
            "--bin",
            "openapi-rustgen",
        ])
        .status_ok()?;
    let generator = target.join("release/openapi-rustgen");

    // A section that fails becomes a row saying so; the others still run. The sections keep
    // what the charts need in `figures`.
    let figures = RefCell::new(Figures::default());
    let sections: [(Part, bool, Section<'_>); 7] = [
        (Part::Generation, true, &|t| {
            generation::own_spec(root, &generator, &scratch, args.runs, t)?;
            generation::per_operation(root, &generator, &scratch, t)
        }),
        (Part::Scaling, true, &|t| {
            figures.borrow_mut().scaling = generation::scaling(&generator, &scratch, args.runs, t)?;
            Ok(())
        }),
        (Part::Uapi, true, &|t| {
            generation::uapi(root, &generator, &scratch, args.runs, t)
        }),
        (Part::Builds, !args.skip_builds, &|t| {
            builds::run(root, &generator, &scratch, t)
        }),
        (Part::Micro, !args.skip_micro, &|t| micro::run(root, t)),
        (Part::Load, !args.skip_load, &|t| {
            load::run(root, &target, args, t)
        }),
        (Part::Peers, !args.skip_peers, &|t| {
            figures.borrow_mut().peers = peers::run(root, &generator, &scratch, args.runs, t)?;
            Ok(())
        }),
    ];
    for (part, not_skipped, section) in sections {
        let wanted = if args.only.is_empty() {
            not_skipped
        } else {
            args.only.contains(&part)
        };
        if wanted && let Err(err) = section(&mut table) {
            table.add(format!("{}: failed", part.name()), format!("{err:#}"), "");
        }
    }
    let figures = figures.into_inner();
    if let Err(err) = charts::draw(&root.join(CHARTS_DIR), &figures, args.runs) {
        table.add("charts: failed", format!("{err:#}"), "");
    }

    println!();
    table.print();
    Ok(ExitCode::SUCCESS)
}

/// Where the charts go, from the workspace root.
const CHARTS_DIR: &str = "docs/bench";

fn section(title: &str) {
    eprintln!("== {title}");
}

/// `nproc`, the CPU model and the memory, for the table's first row.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU", |(_, name)| name.trim())
        .to_owned();
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_gib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("?");
    format!("{cpus} CPUs, {model}, {memory_gib:.0} GiB; load average {load} at the start")
}

// ---------------------------------------------------------------------------------------
// Whole-process measurement.

fn cargo(dir: &Path) -> Command {
    let mut command = crate::workspace::cargo();
    command.current_dir(dir);
    command
}

/// Runs a command, failing on a non-zero exit.
trait StatusOk {
    fn status_ok(&mut self) -> Result<()>;
}

impl StatusOk for Command {
    fn status_ok(&mut self) -> Result<()> {
        let status = self
            .status()
            .with_context(|| format!("starting {self:?}"))?;
        ensure!(status.success(), "{self:?} failed ({status})");
        Ok(())
    }
}

/// Removes a directory and what it holds, if it is there.
pub(super) fn remove(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
        _ => Ok(()),
    }
}
