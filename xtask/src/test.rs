//! `cargo xtask test`: every check the workspace has, each stage timed: it installs the outside
//! tools, checks that `generated/` is what the spec gives, validates the spec with a real
//! OpenAPI validator, builds every test, runs each test binary and the doctests, and checks the
//! corpus. Every stage runs even when one fails; the run fails if any did, naming them.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crate::workspace::Workspace;
use crate::{corpus, regen, tools};

/// One stage's name, how long it took and whether it passed.
struct Stage {
    name: String,
    seconds: f64,
    passed: bool,
}

pub fn run(ws: &Workspace) -> Result<ExitCode> {
    let root = ws.root.as_path();
    let started = Instant::now();
    let mut stages: Vec<Stage> = Vec::new();
    let mut stage = |name: &str, work: &mut dyn FnMut() -> Result<bool>| {
        eprintln!("== {name}");
        let began = Instant::now();
        let passed = match work() {
            Ok(passed) => passed,
            Err(err) => {
                eprintln!("error: {err:#}");
                false
            }
        };
        stages.push(Stage {
            name: name.to_owned(),
            seconds: began.elapsed().as_secs_f64(),
            passed,
        });
        passed
    };

    let mut installed = None;
    stage("install the test tools into .tools/", &mut || {
        installed = Some(tools::ensure(root)?);
        Ok(true)
    });
    let Some(tools) = installed else {
        bail!("the test tools could not be installed; see above");
    };
    stage(
        "regen --check (generated/ is what spec/ gives)",
        &mut || Ok(regen::run(root, true)? == ExitCode::SUCCESS),
    );
    stage("validate spec/ with openapi-spec-validator", &mut || {
        for spec in regen::read_specs(root)? {
            tools::run(Command::new(&tools.spec_validator).arg(root.join(&spec.name)))?;
        }
        Ok(true)
    });
    let mut built = Built::default();
    stage("build every test (cargo test --no-run)", &mut || {
        built = build_tests(root)?;
        Ok(true)
    });
    for binary in &built.tests {
        stage(&format!("test {}", binary.name), &mut || {
            Ok(run_test_binary(binary, &tools, &built.examples)?.success())
        });
    }
    stage("doctests (the README's examples among them)", &mut || {
        let mut command = cargo(root);
        command.args(["test", "--workspace", "--all-features", "--locked", "--doc"]);
        Ok(command
            .status()
            .context("running cargo test --doc")?
            .success())
    });
    stage(
        "corpus: a crate from each description, checked",
        &mut || Ok(corpus::run(ws, true, false)? == ExitCode::SUCCESS),
    );

    eprintln!();
    eprintln!("{:>8}  stage", "seconds");
    for stage in &stages {
        let mark = if stage.passed { "" } else { "  FAILED" };
        eprintln!("{:>8.1}  {}{mark}", stage.seconds, stage.name);
    }
    eprintln!("{:>8.1}  in all", started.elapsed().as_secs_f64());
    let failed: Vec<&str> = stages
        .iter()
        .filter(|stage| !stage.passed)
        .map(|stage| stage.name.as_str())
        .collect();
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("failed: {}", failed.join("; "));
        Ok(ExitCode::FAILURE)
    }
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root);
    command
}

/// A test executable, and the package folder cargo would run it in.
struct TestBinary {
    name: String,
    executable: PathBuf,
    package_dir: PathBuf,
}

/// What `cargo test --no-run` built: the test executables, and the example programs (which
/// tests run, as built here, rather than build them again with other features).
#[derive(Default)]
struct Built {
    tests: Vec<TestBinary>,
    examples: Vec<(String, PathBuf)>,
}

/// Builds every test target of the workspace with every feature, and lists the executables.
fn build_tests(root: &Path) -> Result<Built> {
    let output = cargo(root)
        .args([
            "test",
            "--workspace",
            "--all-features",
            "--locked",
            "--no-run",
        ])
        .args(["--message-format", "json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo test --no-run")?;
    if !output.status.success() {
        bail!("building the tests failed");
    }
    let mut binaries = Vec::new();
    let mut examples = Vec::new();
    for line in String::from_utf8(output.stdout)?.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        let Some(executable) = message["executable"].as_str() else {
            continue;
        };
        let target = message["target"]["name"].as_str().unwrap_or_default();
        if message["target"]["kind"][0] == "example" {
            let variable = format!("EXAMPLE_{}", target.to_ascii_uppercase());
            examples.push((variable, PathBuf::from(executable)));
            continue;
        }
        if message["profile"]["test"] != true {
            continue;
        }
        let manifest = PathBuf::from(message["manifest_path"].as_str().unwrap_or_default());
        let package = message["package_id"].as_str().unwrap_or_default();
        let package = package
            .rsplit('#')
            .next()
            .and_then(|p| p.split('@').next())
            .unwrap_or(package);
        let kind = message["target"]["kind"][0].as_str().unwrap_or_default();
        binaries.push(TestBinary {
            name: format!("{package} {kind} {target}"),
            executable: PathBuf::from(executable),
            package_dir: manifest.parent().map(Path::to_path_buf).unwrap_or_default(),
        });
    }
    binaries.sort_by(|a, b| a.name.cmp(&b.name));
    binaries.dedup_by(|a, b| a.executable == b.executable);
    Ok(Built {
        tests: binaries,
        examples,
    })
}

/// Runs a test executable as cargo would: in its package's folder, with cargo's variables.
fn run_test_binary(
    binary: &TestBinary,
    tools: &tools::Tools,
    examples: &[(String, PathBuf)],
) -> Result<std::process::ExitStatus> {
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
        .status()
        .with_context(|| format!("running {}", binary.executable.display()))
}
