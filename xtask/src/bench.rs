//! `cargo xtask bench`: every figure of issue 7 in one table (Markdown, so that it can go
//! into docs/BENCHMARKS.md as printed).
//!
//! - whole-process generation of spec/ by the `generator` binary (median wall time, peak RSS
//!   from `wait4`), and of synthetic WHM-style specs of 10, 100 and 1000 operations;
//! - cold and own-crate builds of `whm-api` for each feature set, in a scratch copy of the
//!   crate with its own target directory, the TLS provider and what it costs to build, and
//!   the rebuild after a one-line spec change;
//! - the criterion medians of `tests/benches/parse.rs`;
//! - the WHM double and a minimal axum handler under the same `wrk` load, in alternating
//!   rounds (each server pinned to one CPU and wrk to the others when `taskset` and two CPUs
//!   are there), with each server's CPU time per request.
//!
//! It installs what it needs (`wrk`, with apt-get) and uses loopback only. No figure here is a
//! pass/fail test: the table says which targets are met, and the run succeeds either way.
//!
//! `cargo xtask bench --runs N -- CMD ARGS...` measures one command instead (median wall time
//! and peak memory over N runs); `bench/peers.sh` uses it for the peer generators.

use anyhow::{Context, Result, bail, ensure};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

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
    /// Skip the criterion benches.
    #[arg(long)]
    skip_criterion: bool,
    /// Skip the load test.
    #[arg(long)]
    skip_load: bool,
    /// With a command: remove this folder before each run (outside the timing).
    #[arg(long, value_name = "DIR")]
    fresh: Option<PathBuf>,
    /// Measure this command only (after `--`): median wall time and peak memory.
    #[arg(last = true, value_name = "CMD")]
    command: Vec<String>,
}

type Section<'a> = &'a dyn Fn(&mut Table) -> Result<()>;

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

pub fn run(root: &Path, args: &Args) -> Result<ExitCode> {
    ensure!(args.runs > 0, "--runs must be at least 1");
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

    let scratch = root.join("target/bench");
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
            "generator",
            "--bin",
            "generator",
        ])
        .status_ok()?;
    let generator = root.join("target/release/generator");

    // A section that fails becomes a row saying so; the others still run.
    let sections: [(&str, bool, Section<'_>); 6] = [
        ("generation", true, &|t| {
            generation(root, &generator, &scratch, args.runs, t)
        }),
        ("scaling", true, &|t| {
            scaling(&generator, &scratch, args.runs, t)
        }),
        ("uapi", true, &|t| {
            uapi(root, &generator, &scratch, args.runs, t)
        }),
        ("builds", !args.skip_builds, &|t| {
            builds(root, &generator, &scratch, t)
        }),
        ("criterion", !args.skip_criterion, &|t| criterion(root, t)),
        ("load", !args.skip_load, &|t| load(root, args, t)),
    ];
    for (name, wanted, section) in sections {
        if wanted && let Err(err) = section(&mut table) {
            table.add(format!("{name}: failed"), format!("{err:#}"), "");
        }
    }

    println!();
    table.print();
    Ok(ExitCode::SUCCESS)
}

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

/// Wall times and peak resident set sizes of repeated runs of one command.
struct Measurement {
    times: Vec<Duration>,
    rss_kib: Vec<u64>,
}

impl Measurement {
    fn median_ms(&self) -> f64 {
        median(
            self.times
                .iter()
                .map(|t| t.as_secs_f64() * 1000.0)
                .collect(),
        )
    }
    fn min_ms(&self) -> f64 {
        self.times
            .iter()
            .min()
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    }
    fn max_ms(&self) -> f64 {
        self.times
            .iter()
            .max()
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    }
    fn median_rss_mb(&self) -> f64 {
        median(self.rss_kib.iter().map(|&k| k as f64 / 1024.0).collect())
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Runs `command` once untimed (to warm the page cache), then `runs` times, calling `before`
/// ahead of each run (outside the timing). Output is discarded; a failure is an error.
fn measure(
    command: &mut Command,
    runs: usize,
    mut before: impl FnMut() -> Result<()>,
) -> Result<Measurement> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    before()?;
    run_once(command)?;
    let mut result = Measurement {
        times: Vec::with_capacity(runs),
        rss_kib: Vec::with_capacity(runs),
    };
    for _ in 0..runs {
        before()?;
        let (time, rss) = run_once(command)?;
        result.times.push(time);
        result.rss_kib.push(rss);
    }
    Ok(result)
}

/// One run: wall time from spawn to exit, and the child's own peak RSS in KiB.
fn run_once(command: &mut Command) -> Result<(Duration, u64)> {
    let start = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {command:?}"))?;
    let pid = libc::pid_t::try_from(child.id()).context("pid out of range")?;
    // The pipe holds the little a failing generator prints; read it after the exit.
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own child, which std
    // has not reaped (we never call `wait` on it), so wait4 reaps it exactly once.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    ensure!(
        waited == pid,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    let mut stderr = String::new();
    if let Some(pipe) = child.stderr.take() {
        let _ = BufReader::new(pipe).read_line(&mut stderr);
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{command:?} failed: {}", stderr.trim());
    }
    // ru_maxrss is in KiB on Linux.
    Ok((elapsed, u64::try_from(usage.ru_maxrss).unwrap_or(0)))
}

// ---------------------------------------------------------------------------------------
// Generation.

fn generation(
    root: &Path,
    generator: &Path,
    scratch: &Path,
    runs: usize,
    table: &mut Table,
) -> Result<()> {
    section("generation of spec/ (whole process)");
    let specs: Vec<PathBuf> = crate::regen::read_specs(root)?
        .into_iter()
        .map(|spec| PathBuf::from(spec.name))
        .collect();
    let out = scratch.join("gen-out");
    let mut command = Command::new(generator);
    command
        .current_dir(root)
        .arg("--out")
        .arg(&out)
        .args(&specs);
    let m = measure(&mut command, runs, || remove(&out))?;
    let names: Vec<String> = specs.iter().map(|p| p.display().to_string()).collect();
    table.add(
        format!(
            "generate {} (whole process, median of {runs})",
            names.join(", ")
        ),
        format!(
            "{:.1} ms (min {:.1}, max {:.1})",
            m.median_ms(),
            m.min_ms(),
            m.max_ms()
        ),
        &verdict(m.median_ms(), 5.0, "ms"),
    );
    table.add(
        "  peak memory (max RSS, median)",
        format!("{:.1} MB", m.median_rss_mb()),
        &verdict(m.median_rss_mb(), 10.0, "MB"),
    );
    let lines: usize = fs::read_dir(&out)?
        .filter_map(|entry| fs::read_to_string(entry.ok()?.path()).ok())
        .map(|text| text.lines().count())
        .sum();
    table.add("  lines written", lines.to_string(), "");
    Ok(())
}

fn remove(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
        _ => Ok(()),
    }
}

fn scaling(generator: &Path, scratch: &Path, runs: usize, table: &mut Table) -> Result<()> {
    section("scaling: synthetic WHM-style specs");
    let dir = scratch.join("synthetic");
    fs::create_dir_all(&dir)?;
    let mut per_op = Vec::new();
    for operations in [10usize, 100, 1000] {
        let spec = dir.join(format!("whm-{operations}.yaml"));
        fs::write(&spec, synthetic_spec(operations))?;
        let out = dir.join(format!("out-{operations}"));
        let mut command = Command::new(generator);
        command.arg("--out").arg(&out).arg(&spec);
        let runs = if operations == 1000 {
            runs.min(5)
        } else {
            runs
        };
        let m = measure(&mut command, runs, || remove(&out))?;
        let ms = m.median_ms();
        per_op.push(ms / operations as f64);
        let target = if operations == 1000 {
            verdict(ms, 250.0, "ms")
        } else {
            String::new()
        };
        table.add(
            format!("generate {operations} synthetic operations (median of {runs})"),
            format!(
                "{ms:.1} ms, {:.3} ms/op, {:.1} MB peak",
                ms / operations as f64,
                m.median_rss_mb()
            ),
            &target,
        );
    }
    // Linear: the per-operation cost of 1000 operations is not more than that of 100 (the
    // fixed start-up cost makes small specs dearer per operation).
    let linear = per_op[2] <= per_op[1] * 1.25;
    table.add(
        "  growth 100 -> 1000 operations",
        format!(
            "x{:.1} time for x10 operations",
            per_op[2] * 10.0 / per_op[1]
        ),
        if linear {
            "linear: met"
        } else {
            "linear: missed (worse than linear)"
        },
    );

    Ok(())
}

/// cPanel's UAPI description, the largest real one we know: whole-process generation, and
/// `cargo check` of the crate it gives, cold but with its dependencies already checked.
fn uapi(
    root: &Path,
    generator: &Path,
    scratch: &Path,
    runs: usize,
    table: &mut Table,
) -> Result<()> {
    section("cPanel's UAPI description (tests/corpus)");
    let spec = root.join(crate::corpus::CORPUS_DIR).join(UAPI_SPEC);
    ensure!(spec.is_file(), "{} is missing", spec.display());
    let ws = scratch.join("uapi");
    let src = ws.join(UAPI_CRATE).join("src");
    let mut command = Command::new(generator);
    command.arg("--out").arg(&src).arg(&spec);
    let runs = runs.min(5);
    let m = measure(&mut command, runs, || remove(&src))?;
    let mut files = Vec::new();
    for entry in fs::read_dir(&src)? {
        let path = entry?.path();
        files.push(generator::GeneratedFile {
            path: path
                .file_name()
                .context("file name")?
                .to_string_lossy()
                .into_owned(),
            contents: fs::read_to_string(&path)?,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    table.add(
        format!("generate tests/corpus/{UAPI_SPEC} (whole process, median of {runs})"),
        format!(
            "{:.1} ms, {:.1} MB peak, {lines} lines",
            m.median_ms(),
            m.median_rss_mb()
        ),
        &verdict(m.median_ms(), 300.0, "ms"),
    );

    // The dependencies are checked first, under an empty crate of the same manifest, so that
    // the timed check is of the generated code alone.
    let empty_crate = vec![generator::GeneratedFile {
        path: "lib.rs".to_owned(),
        contents: String::new(),
    }];
    let target = ws.join("target");
    let check = || {
        let mut command = cargo(&ws);
        command
            .args([
                "check",
                "--quiet",
                "-p",
                UAPI_CRATE,
                "--features",
                "client,server",
            ])
            .arg("--target-dir")
            .arg(&target);
        command
    };
    crate::corpus::write_scratch_workspace(root, &ws, &[(UAPI_CRATE.to_owned(), empty_crate)])?;
    eprintln!("   checking the dependencies");
    check().status_ok()?;
    crate::corpus::write_scratch_workspace(root, &ws, &[(UAPI_CRATE.to_owned(), files)])?;
    eprintln!("   checking the generated crate");
    let started = Instant::now();
    check().status_ok()?;
    let took = started.elapsed().as_secs_f64();
    table.add(
        "  `cargo check --features client,server` of that crate (dependencies checked before)",
        format!("{took:.1} s"),
        &verdict(took, 45.0, "s"),
    );
    Ok(())
}

/// The UAPI file of `tests/corpus/`, and the name of the crate the bench makes of it.
const UAPI_SPEC: &str = "cpanel-uapi-openapi.yml";
const UAPI_CRATE: &str = "bench-uapi";

/// A spec of `operations` WHM API 1 functions shaped like cPanel's own: query parameters
/// with string enums (one per operation, one shared), a constrained string, an integer, and
/// a response of a nested `data` object (with an enum, an array of objects) beside the
/// shared `Metadata` with its integer 0/1 enum.
pub fn synthetic_spec(operations: usize) -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic WHM API 1\n  version: '1'\npaths:\n",
    );
    for i in 0..operations {
        let _ = write!(
            spec,
            r#"  /list_things_{i}:
    get:
      operationId: list_things_{i}
      summary: Lists the things of kind {i}.
      x-cpanel-api-version: WHM API 1
      parameters:
        - name: mode_{i}
          in: query
          required: true
          description: How to list.
          schema:
            type: string
            enum: ['brief_{i}', 'full_{i}', 'count_{i}']
        - name: level
          in: query
          required: false
          schema:
            type: string
            enum: ['low', 'medium', 'high']
        - name: user
          in: query
          required: true
          schema:
            type: string
            pattern: '^[a-z][a-z0-9]{{0,15}}$'
        - name: limit
          in: query
          required: false
          schema:
            type: integer
            minimum: 1
            maximum: 1000
      responses:
        '200':
          description: HTTP Request was successful.
          content:
            application/json:
              schema:
                type: object
                required: [metadata]
                properties:
                  data:
                    type: object
                    required: [id, state]
                    properties:
                      id:
                        type: integer
                      name:
                        type: string
                      state:
                        type: string
                        enum: ['active_{i}', 'suspended_{i}', 'removed_{i}']
                      owner:
                        type: object
                        properties:
                          user:
                            type: string
                          domain:
                            type: string
                      items:
                        type: array
                        items:
                          type: object
                          properties:
                            key:
                              type: string
                            value:
                              type: string
                  metadata:
                    $ref: '#/components/schemas/Metadata'
"#
        );
    }
    spec.push_str(
        r#"components:
  schemas:
    Metadata:
      type: object
      required: [command, reason, result, version]
      properties:
        command:
          type: string
        reason:
          type: string
        result:
          type: integer
          enum: [0, 1]
          x-enum-varnames: [Failed, Success]
        version:
          type: integer
"#,
    );
    spec
}

// ---------------------------------------------------------------------------------------
// Builds of the generated crate.

const FEATURE_SETS: &[(&str, &str)] = &[
    ("default features", ""),
    ("client", "client"),
    ("server", "server"),
    ("client + server", "client,server"),
];

/// A scratch workspace holding a copy of `generated/` and the spec, so that builds start
/// from an empty target directory and a spec edit never touches the repository.
fn scratch_workspace(root: &Path, scratch: &Path) -> Result<PathBuf> {
    let ws = scratch.join("ws");
    remove(&ws.join("generated"))?;
    remove(&ws.join("spec"))?;
    fs::create_dir_all(ws.join("generated/examples"))?;
    let manifest = fs::read_to_string(root.join("Cargo.toml"))?;
    let start = manifest.find("members").context("workspace members")?;
    let end = start + manifest[start..].find('\n').context("members line")?;
    let manifest = format!(
        "{}members = [\"generated\"]{}",
        &manifest[..start],
        &manifest[end..]
    );
    fs::write(ws.join("Cargo.toml"), manifest)?;
    fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))?;
    fs::copy(
        root.join("generated/Cargo.toml"),
        ws.join("generated/Cargo.toml"),
    )?;
    copy_dir(&root.join("generated/src"), &ws.join("generated/src"))?;
    copy_dir(
        &root.join("generated/examples"),
        &ws.join("generated/examples"),
    )?;
    copy_dir(&root.join("spec"), &ws.join("spec"))?;
    Ok(ws)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().context("file name")?);
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// `cargo build -p whm-api` with `features`, in `ws` with target directory `target`.
fn build_whm_api(ws: &Path, target: &Path, features: &str, timings: bool) -> Result<Duration> {
    let mut command = cargo(ws);
    command
        .args(["build", "--quiet", "-p", "whm-api", "--target-dir"])
        .arg(target);
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    if timings {
        command.arg("--timings");
    }
    let start = Instant::now();
    command.status_ok()?;
    Ok(start.elapsed())
}

fn builds(root: &Path, generator: &Path, scratch: &Path, table: &mut Table) -> Result<()> {
    section("builds of whm-api (debug profile, scratch workspace target/bench/ws)");
    let ws = scratch_workspace(root, scratch)?;

    // TLS provider: which crypto crate the client's rustls pulls in.
    let mut providers = Vec::new();
    for provider in ["aws-lc-rs", "ring"] {
        let output = cargo(root)
            .args([
                "tree",
                "-p",
                "whm-api",
                "--features",
                "client",
                "-e",
                "normal",
                "-i",
            ])
            .arg(provider)
            .stderr(Stdio::null())
            .output()?;
        if output.status.success() && !output.stdout.is_empty() {
            providers.push(provider);
        }
    }
    let tls = format!(
        "reqwest 0.13 with rustls; crypto provider: {}",
        if providers.is_empty() {
            "none found".to_owned()
        } else {
            providers.join(" + ")
        }
    );

    // Cold builds: an empty target directory with serde (and serde_json) prebuilt.
    let mut cold_both = None;
    for (label, features) in FEATURE_SETS {
        let target = scratch.join(format!("target-cold-{}", features.replace(',', "-")));
        remove(&target)?;
        cargo(&ws)
            .args([
                "build",
                "--quiet",
                "-p",
                "serde",
                "-p",
                "serde_json",
                "--target-dir",
            ])
            .arg(&target)
            .status_ok()?;
        eprintln!("   cold build, {label}");
        let time = build_whm_api(&ws, &target, features, true)?.as_secs_f64();
        let units = unit_times(&target);
        let own = units
            .iter()
            .filter(|(name, _)| name == "whm-api")
            .map(|(_, secs)| secs)
            .sum::<f64>();
        let target_text = match *features {
            "" => verdict(time, 5.0, "s"),
            "client,server" => verdict(time, 20.0, "s (progenitor's client-only crate)"),
            _ => String::new(),
        };
        table.add(
            format!("cold build of whm-api, {label} (serde prebuilt)"),
            format!(
                "{time:.1} s ({} units compiled; whm-api itself {own:.1} s)",
                units.len()
            ),
            &target_text,
        );
        if features.contains("client") && features != &"client,server" {
            let tls_secs: f64 = units
                .iter()
                .filter(|(name, _)| {
                    name.starts_with("aws-lc") || name == "ring" || name.starts_with("rustls")
                })
                .map(|(_, secs)| secs)
                .sum();
            let mut names: Vec<&str> = units
                .iter()
                .filter(|(name, _)| {
                    name.starts_with("aws-lc") || name == "ring" || name.starts_with("rustls")
                })
                .map(|(name, _)| name.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            table.add(
                "  TLS of the client",
                format!(
                    "{tls}; compiling {} took {tls_secs:.1} s of the cold build (summed unit times, on 2 cores in parallel with other crates)",
                    names.join(", ")
                ),
                "",
            );
        }
        if *features == "client,server" {
            cold_both = Some(target);
        }
    }

    // The crate's own build, dependencies built: clean only whm-api, build again.
    let target = scratch.join("target-own");
    for (label, features) in FEATURE_SETS {
        build_whm_api(&ws, &target, features, false)?;
        let mut times = Vec::new();
        for _ in 0..3 {
            cargo(&ws)
                .args(["clean", "--quiet", "-p", "whm-api", "--target-dir"])
                .arg(&target)
                .status_ok()?;
            times.push(build_whm_api(&ws, &target, features, false)?.as_secs_f64());
        }
        table.add(
            format!("build of whm-api alone, {label} (dependencies built, median of 3)"),
            format!("{:.1} s", median(times)),
            "",
        );
    }

    // Incremental: a one-line change of the spec, regenerate, rebuild (client + server).
    let target = cold_both.unwrap_or(target);
    build_whm_api(&ws, &target, "client,server", false)?;
    let spec = ws.join("spec/whm/create_user_session.yaml");
    let text = fs::read_to_string(&spec)?;
    let from = "description: The session's service.";
    ensure!(
        text.contains(from),
        "the spec no longer has the line the bench edits"
    );
    fs::write(
        &spec,
        text.replacen(from, "description: The session's service (edited).", 1),
    )?;
    let start = Instant::now();
    Command::new(generator)
        .current_dir(&ws)
        .args([
            "--out",
            "generated/src",
            "spec/whm/create_user_session.yaml",
        ])
        .status_ok()?;
    let regen = start.elapsed().as_secs_f64();
    let build = build_whm_api(&ws, &target, "client,server", false)?.as_secs_f64();
    table.add(
        "rebuild after a one-line spec change (regen + build, client + server)",
        format!(
            "{:.1} s (regen {:.0} ms, build {build:.1} s)",
            regen + build,
            regen * 1000.0
        ),
        "",
    );
    Ok(())
}

/// Each unit's compile time from the newest `cargo build --timings` report in `target`: the
/// report embeds its data as `const UNIT_DATA = [...]`.
fn unit_times(target: &Path) -> Vec<(String, f64)> {
    let html =
        fs::read_to_string(target.join("cargo-timings/cargo-timing.html")).unwrap_or_default();
    let Some(start) = html.find("const UNIT_DATA = ") else {
        return Vec::new();
    };
    let rest = &html[start + "const UNIT_DATA = ".len()..];
    let Some(end) = rest.find(";\n") else {
        return Vec::new();
    };
    let Ok(units) = serde_json::from_str::<Vec<serde_json::Value>>(&rest[..end]) else {
        return Vec::new();
    };
    units
        .iter()
        .filter_map(|unit| {
            Some((
                unit.get("name")?.as_str()?.to_owned(),
                unit.get("duration")?.as_f64()?,
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Criterion.

fn criterion(root: &Path, table: &mut Table) -> Result<()> {
    section("criterion benches (cargo bench -p whm-api-tests --bench parse)");
    cargo(root)
        .args([
            "bench",
            "--quiet",
            "-p",
            "whm-api-tests",
            "--bench",
            "parse",
        ])
        .stdout(Stdio::null())
        .status_ok()?;
    let dir = root.join("target/criterion");
    let values = 270.0;
    let from_str = criterion_median_ns(&dir.join("app/from_str_all"))? / values;
    table.add(
        "App::from_str, all 270 values (criterion median, per parse)",
        format!("{from_str:.1} ns"),
        &verdict(from_str, 30.0, "ns"),
    );
    let display = criterion_median_ns(&dir.join("app/display_all"))? / values;
    table.add(
        "App Display into a reused String, all 270 values (per value)",
        format!("{display:.1} ns"),
        "",
    );
    let query = criterion_median_ns(&dir.join("create_user_session/from_query_str"))?;
    table.add(
        "CreateUserSessionParams::from_query_str, every parameter set (parse + validate)",
        format!("{:.2} µs", query / 1000.0),
        "",
    );
    Ok(())
}

/// The median point estimate, in nanoseconds, criterion wrote for one bench.
fn criterion_median_ns(dir: &Path) -> Result<f64> {
    let path = dir.join("new/estimates.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let estimates: serde_json::Value = serde_json::from_str(&text)?;
    estimates["median"]["point_estimate"]
        .as_f64()
        .with_context(|| format!("no median in {}", path.display()))
}

// ---------------------------------------------------------------------------------------
// Load.

/// One `wrk` run's figures.
struct LoadResult {
    requests_per_second: f64,
    /// The requests wrk completed.
    requests: u64,
    p50_ms: f64,
    p99_ms: f64,
    errors: String,
    /// The server's CPU time (user + system) per request, in microseconds, when
    /// `/proc/PID/stat` could be read.
    cpu_us_per_request: Option<f64>,
}

/// Where the load runs: with `taskset` and at least two CPUs this process may use, each
/// server on the first of them and wrk (one thread) on the others, so that server and load
/// generator never compete for a core; otherwise unpinned, wrk with two threads.
struct Pinning {
    server_cpu: u32,
    wrk_cpus: String,
}

impl Pinning {
    fn detect() -> Option<Pinning> {
        let has_taskset = Command::new("taskset")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !has_taskset {
            return None;
        }
        let status = fs::read_to_string("/proc/self/status").ok()?;
        let list = status
            .lines()
            .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))?;
        let cpus = cpu_list(list)?;
        let (&server_cpu, others) = cpus.split_first()?;
        if others.is_empty() {
            return None;
        }
        let wrk_cpus = others
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        Some(Pinning {
            server_cpu,
            wrk_cpus,
        })
    }

    fn describe(&self) -> String {
        format!(
            "server on CPU {}, wrk -t1 on CPU {}",
            self.server_cpu, self.wrk_cpus
        )
    }
}

/// The CPUs of a list such as `0-3,6,8-9`, in order.
fn cpu_list(text: &str) -> Option<Vec<u32>> {
    let mut cpus = Vec::new();
    for part in text.trim().split(',') {
        match part.split_once('-') {
            Some((first, last)) => {
                let (first, last): (u32, u32) = (first.parse().ok()?, last.parse().ok()?);
                cpus.extend(first..=last);
            }
            None => cpus.push(part.parse().ok()?),
        }
    }
    Some(cpus)
}

/// A process's CPU time so far (user + system), in seconds, from `/proc/PID/stat`.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    cpu_seconds_of_stat(&stat)
}

fn cpu_seconds_of_stat(stat: &str) -> Option<f64> {
    // Fields after the command name (which may hold spaces, in parentheses): the 3rd, `state`,
    // is the first of them; `utime` and `stime` are the 14th and 15th, in clock ticks.
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace().skip(14 - 3);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    // SAFETY: sysconf only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (ticks > 0).then(|| (utime + stime) as f64 / ticks as f64)
}

fn load(root: &Path, args: &Args, table: &mut Table) -> Result<()> {
    section("WHM double vs minimal axum handler under load (wrk, loopback)");
    ensure_wrk()?;
    cargo(root)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "whm-api",
            "--features",
            "server",
            "--example",
            "whm_double",
            "--example",
            "axum_baseline",
        ])
        .status_ok()?;
    let examples = root.join("target/release/examples");
    let pinning = Pinning::detect();
    let server_command = |program: PathBuf| match &pinning {
        Some(pinning) => {
            let mut command = Command::new("taskset");
            command
                .args(["-c", &pinning.server_cpu.to_string()])
                .arg(program);
            command
        }
        None => Command::new(program),
    };
    let mut double = Server::start(server_command(examples.join("whm_double")).args([
        "--listen",
        "127.0.0.1:0",
        "--user",
        "root",
        "--token",
        "SECRET",
    ]))?;
    let mut baseline =
        Server::start(server_command(examples.join("axum_baseline")).arg("127.0.0.1:0"))?;
    let query = "/json-api/create_user_session?api.version=1&service=cpaneld&user=bob";
    let mut results: [Vec<LoadResult>; 2] = [Vec::new(), Vec::new()];
    for round in 0..3 {
        for (i, server) in [&double, &baseline].into_iter().enumerate() {
            eprintln!("   round {}, {}", round + 1, ["double", "baseline"][i]);
            let url = format!("http://{}{query}", server.address);
            let before = cpu_seconds(server.child.id());
            let mut result = wrk(&url, args.connections, args.load_seconds, pinning.as_ref())?;
            if let (Some(before), Some(after)) = (before, cpu_seconds(server.child.id())) {
                result.cpu_us_per_request =
                    (result.requests > 0).then(|| (after - before) * 1e6 / result.requests as f64);
            }
            results[i].push(result);
        }
    }
    double.stop();
    baseline.stop();

    let placement = pinning
        .as_ref()
        .map_or_else(|| "unpinned, wrk -t2".to_owned(), Pinning::describe);
    let names = ["WHM double (generated stubs)", "minimal axum handler"];
    let mut rates = [0.0; 2];
    for (i, name) in names.into_iter().enumerate() {
        let runs = &results[i];
        let rate = median(runs.iter().map(|r| r.requests_per_second).collect());
        rates[i] = rate;
        let p50 = median(runs.iter().map(|r| r.p50_ms).collect());
        let p99 = median(runs.iter().map(|r| r.p99_ms).collect());
        let errors: Vec<&str> = runs
            .iter()
            .map(|r| r.errors.as_str())
            .filter(|e| !e.is_empty())
            .collect();
        table.add(
            format!(
                "{name}: {} connections, 3 rounds of {} s (medians; {placement})",
                args.connections, args.load_seconds
            ),
            format!(
                "{rate:.0} req/s, p50 {p50:.2} ms, p99 {p99:.2} ms{}",
                if errors.is_empty() {
                    String::new()
                } else {
                    format!("; {}", errors.join("; "))
                }
            ),
            "",
        );
    }
    // CPU time per request: what each request costs the server, whatever else the machine
    // runs at the time (a busy machine lowers both req/s figures, but not this much).
    let cpu: Vec<Option<f64>> = results
        .iter()
        .map(|runs| {
            let values: Option<Vec<f64>> = runs.iter().map(|r| r.cpu_us_per_request).collect();
            values.map(median)
        })
        .collect();
    table.add(
        "  server CPU time per request (utime + stime from /proc/PID/stat around each run, / requests; medians)",
        match (cpu[0], cpu[1]) {
            (Some(double), Some(baseline)) => format!(
                "double {double:.1} µs, minimal handler {baseline:.1} µs (x{:.2})",
                double / baseline
            ),
            _ => "not measured (no /proc/PID/stat)".to_owned(),
        },
        "",
    );
    let ratio = rates[0] / rates[1];
    table.add(
        "  ratio double / minimal handler (requests per second)",
        format!("{ratio:.2}"),
        &if ratio >= 0.9 {
            ">= 0.9: met".to_owned()
        } else {
            format!(">= 0.9: missed by {:.0}%", (0.9 - ratio) * 100.0)
        },
    );
    Ok(())
}

fn ensure_wrk() -> Result<()> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    eprintln!("   installing wrk with apt-get");
    Command::new("apt-get").arg("update").status_ok()?;
    Command::new("apt-get")
        .args(["install", "-y", "wrk"])
        .status_ok()
}

fn wrk(url: &str, connections: u32, seconds: u64, pinning: Option<&Pinning>) -> Result<LoadResult> {
    let mut command = match pinning {
        Some(pinning) => {
            let mut command = Command::new("taskset");
            command.args(["-c", &pinning.wrk_cpus, "wrk", "-t", "1"]);
            command
        }
        None => {
            let mut command = Command::new("wrk");
            command.args(["-t", "2"]);
            command
        }
    };
    let output = command
        .args(["--latency", "-c"])
        .arg(connections.to_string())
        .arg("-d")
        .arg(format!("{seconds}s"))
        .args(["-H", "Authorization: whm root:SECRET", url])
        .output()
        .context("running wrk")?;
    ensure!(
        output.status.success(),
        "wrk failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(prefix))
            .map(str::trim)
    };
    let requests_per_second = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    // `123456 requests in 5.00s, 45.6MB read`
    let requests = text
        .lines()
        .find_map(|line| line.trim().split_once(" requests in "))
        .and_then(|(count, _)| count.parse().ok())
        .with_context(|| format!("no request count in wrk's output:\n{text}"))?;
    let p50_ms = field("50%")
        .and_then(wrk_ms)
        .with_context(|| format!("no p50 in wrk's output:\n{text}"))?;
    let p99_ms = field("99%")
        .and_then(wrk_ms)
        .with_context(|| format!("no p99 in wrk's output:\n{text}"))?;
    let mut errors = Vec::new();
    for prefix in ["Non-2xx or 3xx responses:", "Socket errors:"] {
        if let Some(value) = field(prefix) {
            errors.push(format!("{prefix} {value}"));
        }
    }
    Ok(LoadResult {
        requests_per_second,
        requests,
        p50_ms,
        p99_ms,
        errors: errors.join(", "),
        cpu_us_per_request: None,
    })
}

/// `1.23ms`, `456.00us`, `1.01s` as milliseconds.
fn wrk_ms(value: &str) -> Option<f64> {
    let (number, scale) = if let Some(n) = value.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = value.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * scale)
}

/// A server child process, stopped (by its own pid) when done.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(command: &mut Command) -> Result<Server> {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {command:?}"))?;
        let mut line = String::new();
        let stdout = child.stdout.take().context("server stdout")?;
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(address) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("{command:?} did not start: {line:?}");
        };
        Ok(Server {
            address: address.to_owned(),
            child,
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------------

fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_generate() {
        for operations in [1, 3] {
            let spec = generator::SpecFile {
                name: "synthetic.yaml".to_owned(),
                contents: synthetic_spec(operations),
            };
            let generated = generator::generate(&[spec]).expect("the synthetic spec is valid");
            assert_eq!(generated.summary.operations, operations);
        }
    }

    #[test]
    fn wrk_units() {
        assert_eq!(wrk_ms("1.50ms"), Some(1.5));
        assert_eq!(wrk_ms("250.00us"), Some(0.25));
        assert_eq!(wrk_ms("1.00s"), Some(1000.0));
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn cpu_lists_and_proc_stat() {
        assert_eq!(cpu_list("0-1\n"), Some(vec![0, 1]));
        assert_eq!(cpu_list("0,2-4,7"), Some(vec![0, 2, 3, 4, 7]));
        assert_eq!(cpu_list("x"), None);
        // SAFETY: sysconf only reads a configuration value.
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        let stat = "4242 (whm double) S 1 4242 4242 0 -1 4194560 500 0 0 0 300 100 0 0 20 0 5 0";
        assert_eq!(cpu_seconds_of_stat(stat), Some(400.0 / ticks));
        assert!(cpu_seconds(std::process::id()).is_some());
    }
}
