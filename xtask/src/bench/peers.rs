//! Two peer generators beside ours, in the same run: openapi-to-rust and progenitor, pinned,
//! installed into `.tools/peers/` with `cargo install --locked` when missing. Each of the three
//! generates from our spec, cPanel's UAPI description and the largest public description of
//! the corpus (whole process: median, min and max wall time, peak RSS, lines of Rust written);
//! then `peers_check` times `cargo check` of each output. A generator that fails or panics on
//! an input is a row saying so, and the run goes on.

use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::timing::{Measurement, RunFailed};
use super::{StatusOk, Table, cargo, measure, remove, section};

/// A peer as `cargo install` knows it.
struct Peer {
    package: &'static str,
    version: &'static str,
    binary: &'static str,
}

const OPENAPI_TO_RUST: Peer = Peer {
    package: "openapi-to-rust",
    version: "0.23.0",
    binary: "openapi-to-rust",
};
const PROGENITOR: Peer = Peer {
    package: "cargo-progenitor",
    version: "0.15.1",
    binary: "cargo-progenitor",
};

/// Where the peers are installed, from the workspace root.
const PEERS_ROOT: &str = ".tools/peers";

/// The inputs named by path; the largest public description is added at run time.
const FIXED_INPUTS: [&str; 2] = [
    "spec/whm/create_user_session.yaml",
    "tests/corpus/cpanel/cpanel-uapi-openapi.yml",
];
const PUBLIC_CORPUS: &str = "tests/corpus/public";

/// The module name openapi-to-rust is given; `peers_check` wraps the module in a crate.
pub(super) const OPENAPI_TO_RUST_MODULE: &str = "api";

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Generator {
    Ours,
    OpenapiToRust,
    Progenitor,
}

impl Generator {
    pub(super) const ALL: [Generator; 3] = [
        Generator::Ours,
        Generator::OpenapiToRust,
        Generator::Progenitor,
    ];

    /// The name in tables and charts.
    pub(super) fn label(self) -> String {
        match self {
            Generator::Ours => "ours".to_owned(),
            Generator::OpenapiToRust => {
                format!("{} {}", OPENAPI_TO_RUST.package, OPENAPI_TO_RUST.version)
            }
            Generator::Progenitor => format!("progenitor {}", PROGENITOR.version),
        }
    }

    /// The prefix of the crates made of its output.
    fn slug(self) -> &'static str {
        match self {
            Generator::Ours => "ours",
            Generator::OpenapiToRust => "openapi-to-rust",
            Generator::Progenitor => "progenitor",
        }
    }
}

/// Why a generator (or the check of its output) gave nothing: `kind` is "fails" or "panics".
pub(super) struct Failure {
    pub(super) kind: &'static str,
    pub(super) detail: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

/// Whole-process figures of one generator on one input.
pub(super) struct Generation {
    pub(super) median_ms: f64,
    min_ms: f64,
    max_ms: f64,
    rss_mb: f64,
    lines: usize,
}

/// One generator on one input: where its crate is, and what it measured.
pub(super) struct Outcome {
    pub(super) generator: Generator,
    /// The package `peers_check` checks, and its folder in the scratch workspace.
    pub(super) package: String,
    pub(super) crate_dir: PathBuf,
    pub(super) generation: Result<Generation, Failure>,
    /// Seconds of `cargo check`; `None` when it was not run.
    pub(super) check: Option<Result<f64, Failure>>,
}

/// Everything measured on one input, in the order of `Generator::ALL`.
pub(super) struct InputFigures {
    pub(super) name: String,
    pub(super) outcomes: Vec<Outcome>,
}

pub(super) fn run(
    root: &Path,
    generator: &Path,
    scratch: &Path,
    runs: usize,
    table: &mut Table,
) -> Result<Vec<InputFigures>> {
    section("peers: openapi-to-rust and progenitor beside ours");
    let tools = Tools {
        ours: generator.to_owned(),
        peers_bin: install(root)?,
        runtime: root.join("generator/runtime"),
    };
    let ws = scratch.join("peers");
    fs::create_dir_all(&ws)?;
    let mut inputs = Vec::new();
    for spec in inputs_of(root)? {
        let name = file_name(&spec);
        let size = fs::metadata(&spec)?.len();
        eprintln!("   generating from {name}");
        let mut outcomes = Vec::new();
        for which in Generator::ALL {
            let package = format!("{}-{}", which.slug(), slug(&spec));
            let crate_dir = ws.join(&package);
            let output = output_dir(which, &crate_dir);
            let mut command = tools.command(which, &spec, &output, &package);
            command.current_dir(root);
            let generation = measure(&mut command, runs, || remove(&output))
                .map_err(failure)
                .and_then(|m| generation(&m, &output).map_err(failure));
            outcomes.push(Outcome {
                generator: which,
                package,
                crate_dir,
                generation,
                check: None,
            });
        }
        let input = InputFigures { name, outcomes };
        generation_rows(&input, size, runs, table);
        inputs.push(input);
    }
    super::peers_check::run(root, &ws, &mut inputs, table)?;
    Ok(inputs)
}

/// The three generators' programs, and the runtime our crates depend on.
struct Tools {
    ours: PathBuf,
    peers_bin: PathBuf,
    runtime: PathBuf,
}

impl Tools {
    /// The command that makes `which` write its code for `spec` into `output`.
    fn command(&self, which: Generator, spec: &Path, output: &Path, package: &str) -> Command {
        match which {
            // The crate depends on the runtime in place (as progenitor's depends on
            // progenitor-client from crates.io) rather than carry a copy of it.
            Generator::Ours => {
                let mut command = Command::new(&self.ours);
                command
                    .arg("--out")
                    .arg(output)
                    .arg("--runtime")
                    .arg(&self.runtime)
                    .arg(spec);
                command
            }
            Generator::OpenapiToRust => {
                let mut command = Command::new(self.peers_bin.join(OPENAPI_TO_RUST.binary));
                command
                    .arg("generate")
                    .arg(spec)
                    .arg("--output-dir")
                    .arg(output)
                    .args(["--module-name", OPENAPI_TO_RUST_MODULE, "--quiet"]);
                command
            }
            // A cargo subcommand: its first argument is its own name.
            Generator::Progenitor => {
                let mut command = Command::new(self.peers_bin.join(PROGENITOR.binary));
                command
                    .args(["progenitor", "-i"])
                    .arg(spec)
                    .arg("-o")
                    .arg(output)
                    .args(["-n", package, "-v", "0.1.0"]);
                command
            }
        }
    }
}

/// Installs the peers that are missing (or at another version) into `.tools/peers/`; returns
/// its `bin` folder.
fn install(root: &Path) -> Result<PathBuf> {
    let peers_root = root.join(PEERS_ROOT);
    // `cargo install` records what it installed, with the version, in `.crates.toml`.
    let installed = fs::read_to_string(peers_root.join(".crates.toml")).unwrap_or_default();
    for peer in [OPENAPI_TO_RUST, PROGENITOR] {
        let recorded = installed.contains(&format!("\"{} {} ", peer.package, peer.version));
        if recorded && peers_root.join("bin").join(peer.binary).is_file() {
            continue;
        }
        let spec = format!("{}@{}", peer.package, peer.version);
        eprintln!("   installing {spec} into {PEERS_ROOT} (minutes, once)");
        cargo(root)
            .args(["install", "--locked", "--quiet", "--root"])
            .arg(&peers_root)
            .arg(&spec)
            .status_ok()?;
    }
    Ok(peers_root.join("bin"))
}

/// Our spec, cPanel's UAPI description, and the largest public description (by file size).
fn inputs_of(root: &Path) -> Result<Vec<PathBuf>> {
    let mut inputs: Vec<PathBuf> = FIXED_INPUTS.iter().map(|p| root.join(p)).collect();
    let largest = crate::regen::read_specs_in(root, PUBLIC_CORPUS)?
        .into_iter()
        .max_by_key(|spec| spec.contents.len())
        .context("no description in tests/corpus/public")?;
    inputs.push(root.join(largest.name));
    Ok(inputs)
}

/// Where a generator writes inside its crate's folder: openapi-to-rust writes a module, which
/// `peers_check` wraps in a crate; the others write the crate.
pub(super) fn output_dir(which: Generator, crate_dir: &Path) -> PathBuf {
    match which {
        Generator::OpenapiToRust => crate_dir.join("src").join(OPENAPI_TO_RUST_MODULE),
        Generator::Ours | Generator::Progenitor => crate_dir.to_owned(),
    }
}

fn generation(m: &Measurement, output: &Path) -> Result<Generation> {
    Ok(Generation {
        median_ms: m.median_ms(),
        min_ms: m.min_ms(),
        max_ms: m.max_ms(),
        rss_mb: m.median_rss_mb(),
        lines: super::generation::rust_size(output)?.0,
    })
}

/// What a failed run said, shortened to one cell of the table.
pub(super) fn failure(err: anyhow::Error) -> Failure {
    let Some(failed) = err.downcast_ref::<RunFailed>() else {
        return Failure {
            kind: "fails",
            detail: cell(&format!("{err:#}")),
        };
    };
    let lines: Vec<&str> = failed
        .output
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    // Rust prints "thread 'main' panicked at FILE:LINE:COL:" and the message on the next line.
    if let Some(at) = lines.iter().position(|line| line.contains("panicked")) {
        let place = lines[at].split_once(" at ").map_or("", |(_, place)| place);
        let message = lines.get(at + 1).copied().unwrap_or("");
        return Failure {
            kind: "panics",
            detail: cell(&format!("{message} (at {})", place.trim_end_matches(':'))),
        };
    }
    // The first line that is not a warning says why.
    let reason = lines
        .iter()
        .find(|line| !line.to_lowercase().starts_with("warning") && !line.starts_with('⚠'))
        .or(lines.first())
        .copied()
        .unwrap_or("no output");
    Failure {
        kind: "fails",
        detail: cell(&format!("{}: {reason}", failed.status)),
    }
}

/// Text fit for one Markdown table cell: no pipes, no newlines, at most 160 characters.
pub(super) fn cell(text: &str) -> String {
    let one_line = text.replace('|', "/").replace('\n', " ");
    match one_line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}...", &one_line[..cut]),
        None => one_line,
    }
}

fn generation_rows(input: &InputFigures, size: u64, runs: usize, table: &mut Table) {
    table.add(
        format!(
            "peers on {} ({}): generation, whole process, median of {runs}",
            input.name,
            file_size(size)
        ),
        "",
        "",
    );
    let ours = input.outcomes[0].generation.as_ref().ok();
    for outcome in &input.outcomes {
        let value = match &outcome.generation {
            Err(failure) => failure.to_string(),
            Ok(g) => {
                let mut value = format!(
                    "{:.1} ms (min {:.1}, max {:.1}), {:.1} MB peak, {} lines of Rust",
                    g.median_ms, g.min_ms, g.max_ms, g.rss_mb, g.lines
                );
                if let Some(ours) = ours.filter(|_| outcome.generator != Generator::Ours) {
                    value.push_str(&format!(
                        "; / ours: time x{:.2}, memory x{:.2}, lines x{:.2}",
                        g.median_ms / ours.median_ms,
                        g.rss_mb / ours.rss_mb,
                        g.lines as f64 / ours.lines.max(1) as f64
                    ));
                }
                value
            }
        };
        table.add(format!("  {}", outcome.generator.label()), value, "");
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// A package-name-friendly form of a file's stem: `create_user_session.yaml` ->
/// `create-user-session`.
fn slug(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map_or("spec".into(), |s| s.to_string_lossy());
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn file_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_told_by_its_message_and_place() {
        let err = anyhow::Error::new(RunFailed {
            command: "peer".into(),
            status: "exit status 101".into(),
            output: "thread 'main' panicked at src/lib.rs:3:5:\nnot implemented: allOf\nnote: run with `RUST_BACKTRACE=1`\n".into(),
        });
        let failure = failure(err);
        assert_eq!(failure.kind, "panics");
        assert_eq!(failure.detail, "not implemented: allOf (at src/lib.rs:3:5)");
    }

    #[test]
    fn a_failure_is_told_by_its_status_and_first_line() {
        let err = anyhow::Error::new(RunFailed {
            command: "peer".into(),
            status: "exit status 1".into(),
            output: "warning: odd\n\nError: bad | spec\nmore\n".into(),
        });
        assert_eq!(
            failure(err).to_string(),
            "fails: exit status 1: Error: bad / spec"
        );
    }

    #[test]
    fn slugs_are_package_names() {
        assert_eq!(
            slug(Path::new("spec/whm/create_user_session.yaml")),
            "create-user-session"
        );
        assert_eq!(
            slug(Path::new("cpanel-uapi-openapi.yml")),
            "cpanel-uapi-openapi"
        );
    }
}
