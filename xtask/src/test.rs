//! `cargo xtask test`: every check the workspace has, each stage timed. It checks that
//! `generated/` is what the spec gives; builds every target with clippy's lints while it
//! installs the outside tools; runs each test binary, with the spec's validation by a real
//! OpenAPI validator, the doctests and the schemathesis test beside them. Beside all of that,
//! it checks the corpus, then the docs of the generated crates in the corpus's target
//! directory.
//! Every stage runs even when one fails; the run fails if any did, naming them.

use anyhow::{Context, Result, anyhow, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crate::workspace::Workspace;
use crate::{regen, tools};

/// The stages run so far: each one's name, how long it took and whether it passed.
#[derive(Default)]
struct Stages(Vec<Stage>);

struct Stage {
    name: String,
    seconds: f64,
    passed: bool,
}

impl Stages {
    /// Runs `work` as a stage; an error fails the stage (and is printed), not the run.
    fn run(&mut self, name: &str, work: impl FnOnce() -> Result<bool>) -> bool {
        eprintln!("== {name}");
        let began = Instant::now();
        let passed = report(work());
        self.record(name, began.elapsed().as_secs_f64(), passed)
    }

    fn record(&mut self, name: &str, seconds: f64, passed: bool) -> bool {
        self.0.push(Stage {
            name: name.to_owned(),
            seconds,
            passed,
        });
        passed
    }

    /// Prints the output of a stage that ran beside others, and records it.
    fn record_quiet(&mut self, stage: QuietStage) {
        eprintln!("== {} (ran beside the stages above)", stage.name);
        eprint!("{}", String::from_utf8_lossy(&stage.output));
        self.record(stage.name, stage.seconds, stage.passed);
    }

    /// Prints the table of stages; the run's exit code.
    fn finish(self, started: Instant) -> ExitCode {
        eprintln!();
        eprintln!("{:>8}  stage", "seconds");
        for stage in &self.0 {
            let mark = if stage.passed { "" } else { "  FAILED" };
            eprintln!("{:>8.1}  {}{mark}", stage.seconds, stage.name);
        }
        eprintln!("{:>8.1}  in all", started.elapsed().as_secs_f64());
        let failed: Vec<&str> = self
            .0
            .iter()
            .filter(|stage| !stage.passed)
            .map(|stage| stage.name.as_str())
            .collect();
        if failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            eprintln!("failed: {}", failed.join("; "));
            ExitCode::FAILURE
        }
    }
}

fn report(result: Result<bool>) -> bool {
    result.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        false
    })
}

pub fn run(ws: &Workspace) -> Result<ExitCode> {
    let root = ws.root.as_path();
    let started = Instant::now();
    let mut stages = Stages::default();

    stages.run("regen --check (generated/ is what spec/ gives)", || {
        Ok(regen::run(root, true)? == ExitCode::SUCCESS)
    });
    // The corpus (generation, then `cargo check` of generated crates in a target dir of its
    // own, without the TLS features), and then the docs in that target dir, need nothing the
    // build makes, nor OpenSSL: they run beside everything else from here on, and their
    // reports are printed at the end.
    std::thread::scope(|outer| {
        let corpus = outer.spawn(|| {
            let corpus = quietly(CORPUS_STAGE, |report| {
                let checks = crate::corpus::Checks::Ci;
                Ok(crate::corpus::run(ws, checks, false, report)? == ExitCode::SUCCESS)
            });
            let docs = quietly(DOC_STAGE, |report| check_docs(ws, report));
            [corpus, docs]
        });
        // Before the build, which compiles the `native-tls` feature against OpenSSL.
        if stages.run("OpenSSL headers (apt-get when missing)", || {
            crate::system::ensure_openssl_headers().map(|()| true)
        }) {
            run_beside_corpus(ws, &mut stages);
        }
        match corpus.join() {
            Ok(quiet) => quiet
                .into_iter()
                .for_each(|stage| stages.record_quiet(stage)),
            Err(_) => {
                eprintln!("error: the corpus check panicked");
                stages.record(CORPUS_STAGE, 0.0, false);
            }
        }
    });
    Ok(stages.finish(started))
}

/// Every stage but regen, the corpus and the docs: the build (with the tools install beside
/// it), then the test binaries, with the spec validator, the doctests and the schemathesis
/// test beside them. Stops after a failed tools install, as the tests need the tools.
fn run_beside_corpus(ws: &Workspace, stages: &mut Stages) {
    let root = ws.root.as_path();
    // The tools install (uv and npm, mostly waiting on the network) runs beside the build.
    let (built, installed) = std::thread::scope(|scope| {
        let installing = scope.spawn(|| {
            let began = Instant::now();
            (tools::ensure(root), began.elapsed().as_secs_f64())
        });
        let began = Instant::now();
        let built = build_tests(root, Lints::Clippy);
        let build_seconds = began.elapsed().as_secs_f64();
        let installed = installing
            .join()
            .unwrap_or_else(|_| (Err(anyhow!("installing the tools panicked")), 0.0));
        ((built, build_seconds), installed)
    });
    let (built, build_seconds) = built;
    let built = match built {
        Ok(built) => {
            stages.record(BUILD_STAGE, build_seconds, true);
            built
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            stages.record(BUILD_STAGE, build_seconds, false);
            Built::default()
        }
    };
    let (tools, tools_seconds) = installed;
    let tools = match tools {
        Ok(tools) => {
            stages.record(TOOLS_STAGE, tools_seconds, true);
            tools
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            stages.record(TOOLS_STAGE, tools_seconds, false);
            return;
        }
    };
    // The test binaries are run directly, not through cargo: the doctests' cargo call, which
    // compiles while they run, takes no lock they wait on. The schemathesis test, the longest
    // (a Python process, about 12 s), runs beside the rest of its binary rather than last in it.
    let schemathesis = built
        .tests
        .iter()
        .find(|binary| binary.name == crate::schemathesis::TEST);
    std::thread::scope(|scope| {
        let beside = scope.spawn(|| {
            let schemathesis = schemathesis.map(|binary| {
                quietly(SCHEMATHESIS_STAGE, |report| {
                    let mut command = test_command(binary, &tools, &built.examples);
                    command.arg(crate::schemathesis::MODULE);
                    let passed = run_quietly(&mut command, report)?;
                    if String::from_utf8_lossy(report).contains("running 0 tests") {
                        bail!("no test matched `{}`", crate::schemathesis::MODULE);
                    }
                    Ok(passed)
                })
            });
            let validate = quietly(VALIDATE_STAGE, |report| {
                let mut passed = true;
                for spec in regen::read_specs(root)? {
                    let mut command = Command::new(&tools.spec_validator);
                    passed &= run_quietly(command.arg(root.join(&spec.name)), report)?;
                }
                Ok(passed)
            });
            let doctests = quietly(DOCTEST_STAGE, |report| {
                let mut command = cargo(root, Lints::Clippy);
                command.args(["test", "--workspace", "--all-features", "--locked", "--doc"]);
                run_quietly(&mut command, report)
            });
            [Some(validate), Some(doctests), schemathesis]
        });
        for binary in &built.tests {
            let mut command = test_command(binary, &tools, &built.examples);
            let mut name = format!("test {}", binary.name);
            if binary.name == crate::schemathesis::TEST {
                command.args(["--skip", crate::schemathesis::MODULE]);
                name.push_str(", all but schemathesis");
            }
            stages.run(&name, || {
                let status = command
                    .status()
                    .with_context(|| format!("running {}", binary.executable.display()))?;
                Ok(status.success())
            });
        }
        match beside.join() {
            Ok(quiet) => quiet
                .into_iter()
                .flatten()
                .for_each(|stage| stages.record_quiet(stage)),
            Err(_) => {
                eprintln!("error: the stages beside the tests panicked");
                for name in [VALIDATE_STAGE, DOCTEST_STAGE, SCHEMATHESIS_STAGE] {
                    stages.record(name, 0.0, false);
                }
            }
        }
    });
}

/// `cargo doc` of the crates users read, warnings denied, in the corpus's target directory:
/// rustdoc needs the dependencies checked (metadata only), which the corpus's checks left
/// there with the same features, while the workspace's build has them compiled to code.
/// Generated code's features are `client` and `server`; the others only choose the runtime's
/// TLS and HTTP/2 internals, which have no public items of their own.
fn check_docs(ws: &Workspace, report: &mut Vec<u8>) -> Result<bool> {
    let mut command = crate::workspace::cargo();
    command
        .current_dir(&ws.root)
        .env("RUSTDOCFLAGS", "-D warnings")
        .args(["doc", "--no-deps", "--locked", "--features"])
        .arg(crate::corpus::CHECKED_FEATURES)
        .arg("--target-dir")
        .arg(crate::corpus::checks_target(ws)?)
        .args(DOCUMENTED.iter().flat_map(|package| ["--package", package]));
    run_quietly(&mut command, report)
}

/// A stage that ran on a thread of its own, its output kept for the run to print.
struct QuietStage {
    name: &'static str,
    seconds: f64,
    passed: bool,
    output: Vec<u8>,
}

/// Runs `work` as a stage whose output goes into a buffer, so that it can run beside other
/// stages without mixing its output into theirs.
fn quietly(name: &'static str, work: impl FnOnce(&mut Vec<u8>) -> Result<bool>) -> QuietStage {
    let began = Instant::now();
    let mut output = Vec::new();
    let passed = match work(&mut output) {
        Ok(passed) => passed,
        Err(err) => {
            output.extend_from_slice(format!("error: {err:#}\n").as_bytes());
            false
        }
    };
    QuietStage {
        name,
        seconds: began.elapsed().as_secs_f64(),
        passed,
        output,
    }
}

/// Runs `command` with its output (stdout, then stderr) appended to `report`; whether it
/// succeeded.
fn run_quietly(command: &mut Command, report: &mut Vec<u8>) -> Result<bool> {
    let output = command
        .output()
        .with_context(|| format!("running {command:?}"))?;
    report.extend_from_slice(&output.stdout);
    report.extend_from_slice(&output.stderr);
    Ok(output.status.success())
}

const BUILD_STAGE: &str = "build every target with clippy's lints (cargo test --no-run)";
const VALIDATE_STAGE: &str = "validate spec/ with openapi-spec-validator";
const DOCTEST_STAGE: &str = "doctests (the README's examples among them)";
const SCHEMATHESIS_STAGE: &str = "test whm-api-tests test all: schemathesis against the double";
const TOOLS_STAGE: &str = "install the test tools into .tools/ (beside the build)";
const CORPUS_STAGE: &str =
    "corpus: a crate from each description, checked (beside every stage after regen)";
const DOC_STAGE: &str = "cargo doc of the generated crates and the runtime, warnings denied";

/// The crates whose documentation is checked: what users of generated code read.
const DOCUMENTED: &[&str] = &[
    "whm-api",
    "whm-double",
    "petstore-api",
    "streaming-api",
    "openapi-runtime",
];

/// Whether a build runs clippy's lints on the workspace's own crates.
#[derive(Clone, Copy, PartialEq)]
pub enum Lints {
    /// `clippy-driver` compiles the workspace's crates (it is rustc plus the lints), so the
    /// test build is also the lint run, and dependencies are compiled once, not also checked.
    /// Every cargo call of a run uses it, so that none rebuilds what another built.
    Clippy,
    Plain,
}

fn cargo(root: &Path, lints: Lints) -> Command {
    let mut command = crate::workspace::cargo();
    command.current_dir(root);
    if lints == Lints::Clippy {
        command.env("RUSTC_WORKSPACE_WRAPPER", "clippy-driver");
    }
    command
}

/// A test executable, and the package folder cargo would run it in.
pub struct TestBinary {
    pub name: String,
    executable: PathBuf,
    package_dir: PathBuf,
}

/// What `cargo test --no-run` built: the test executables, and the example programs (which
/// tests run, as built here, rather than build them again with other features).
#[derive(Default)]
pub struct Built {
    pub tests: Vec<TestBinary>,
    pub examples: Vec<(String, PathBuf)>,
}

/// Builds every target of the workspace with every feature: what `cargo test` builds (the
/// examples as programs, the bench, marked `test = true`, as a test), so every target clippy's
/// `--all-targets` lints. Lists the test executables and the examples. With [`Lints::Clippy`],
/// a warning (rustc's or clippy's) in the workspace's own code fails the build, as
/// `-D warnings` would.
pub fn build_tests(root: &Path, lints: Lints) -> Result<Built> {
    if lints == Lints::Clippy {
        tools::ensure_clippy()?;
    }
    let mut child = cargo(root, lints)
        .args([
            "test",
            "--workspace",
            "--all-features",
            "--locked",
            "--no-run",
        ])
        .args(["--message-format", "json-diagnostic-rendered-ansi"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("running cargo test --no-run")?;
    let stdout = child.stdout.take().context("cargo's output is piped")?;
    let mut built = Built::default();
    let mut warnings = 0;
    for line in BufReader::new(stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&line?) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message") => warnings += print_diagnostic(&message["message"]),
            Some("compiler-artifact") => built.add(&message),
            _ => {}
        }
    }
    if !child.wait()?.success() {
        bail!("building the tests failed");
    }
    if warnings > 0 {
        bail!("the build gave {warnings} warning(s) (above); warnings are denied");
    }
    built.tests.sort_by(|a, b| a.name.cmp(&b.name));
    built.tests.dedup_by(|a, b| a.executable == b.executable);
    Ok(built)
}

/// Prints a compiler diagnostic as cargo would; 1 if it is a warning about code (not the
/// "N warnings emitted" summary), else 0.
fn print_diagnostic(diagnostic: &serde_json::Value) -> usize {
    if let Some(rendered) = diagnostic["rendered"].as_str() {
        eprint!("{rendered}");
    }
    let about_code = diagnostic["spans"]
        .as_array()
        .is_some_and(|spans| !spans.is_empty());
    usize::from(diagnostic["level"] == "warning" && about_code)
}

impl Built {
    /// Records an executable cargo built: an example program, or a test to run.
    fn add(&mut self, artifact: &serde_json::Value) {
        let Some(executable) = artifact["executable"].as_str() else {
            return;
        };
        let target = artifact["target"]["name"].as_str().unwrap_or_default();
        let kind = artifact["target"]["kind"][0].as_str().unwrap_or_default();
        let test_harness = artifact["profile"]["test"] == true;
        if kind == "example" && !test_harness {
            let variable = format!("EXAMPLE_{}", target.to_ascii_uppercase());
            self.examples.push((variable, PathBuf::from(executable)));
            return;
        }
        // The bench is built to be linted; `cargo xtask bench` runs it.
        if !test_harness || kind == "bench" {
            return;
        }
        let manifest = PathBuf::from(artifact["manifest_path"].as_str().unwrap_or_default());
        let package = artifact["package_id"].as_str().unwrap_or_default();
        let package = package
            .rsplit('#')
            .next()
            .and_then(|p| p.split('@').next())
            .unwrap_or(package);
        self.tests.push(TestBinary {
            name: format!("{package} {kind} {target}"),
            executable: PathBuf::from(executable),
            package_dir: manifest.parent().map(Path::to_path_buf).unwrap_or_default(),
        });
    }
}

/// The command that runs a test executable as cargo would, with the tools and examples.
pub fn test_command(
    binary: &TestBinary,
    tools: &tools::Tools,
    examples: &[(String, PathBuf)],
) -> Command {
    let mut command = Command::new(&binary.executable);
    command
        .current_dir(&binary.package_dir)
        .env("CARGO_MANIFEST_DIR", &binary.package_dir)
        .env(
            "CARGO",
            std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
        )
        // A snapshot that differs fails the run; nothing is written for review in CI.
        .env(
            "INSTA_UPDATE",
            if std::env::var_os("CI").is_some() {
                "no"
            } else {
                "new"
            },
        );
    for (name, path) in tools.env() {
        command.env(name, path);
    }
    for (name, path) in examples {
        command.env(name, path);
    }
    command
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Each package `cargo tree` lists with `args`, as `name version features`.
    fn packages(args: &[&str]) -> BTreeSet<String> {
        let root = crate::workspace::Workspace::find()
            .expect("the workspace")
            .root;
        let output = crate::workspace::cargo()
            .current_dir(root)
            .args([
                "tree", "--locked", "--prefix", "none", "--format", "{p} {f}",
            ])
            .args(args)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo tree failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .expect("UTF-8")
            .lines()
            .map(|line| line.trim_end_matches(" (*)").to_owned())
            .collect()
    }

    /// `cargo xtask test` builds xtask, then every target. When a crate xtask is built on
    /// gets other features in the second build, that build compiles it again, and the
    /// generator on top of it (see the feature-only dependencies in xtask's Cargo.toml).
    #[test]
    fn xtask_is_built_on_what_the_build_of_every_target_builds() {
        let xtask = packages(&["--package", "xtask", "--edges", "normal,build"]);
        let every = packages(&[
            "--workspace",
            "--all-features",
            "--edges",
            "normal,build,dev",
        ]);
        assert!(
            xtask
                .iter()
                .any(|line| line.starts_with("openapi-rustgen "))
        );
        let differ: Vec<&String> = xtask.difference(&every).collect();
        assert!(
            differ.is_empty(),
            "features xtask's own build gives, but the build of every target does not: \
             {differ:?}"
        );
    }
}
