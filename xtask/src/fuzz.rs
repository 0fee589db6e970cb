//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs each cargo-fuzz target in fuzz/ for a
//! bounded time. Not part of CI's budget; what it finds goes into tests/fuzz-regressions/,
//! which the normal test run replays.

use anyhow::{Result, bail};
use std::fs;
use std::process::ExitCode;

use crate::tools;

pub const TARGETS: &[&str] = &["query_params", "spec_reading"];
const CARGO_FUZZ: &str = "cargo-fuzz@0.13.2";

pub fn run(ws: &crate::workspace::Workspace, seconds: u64, targets: &[String]) -> Result<ExitCode> {
    let root = ws.root.as_path();
    let scratch = ws.target_dir()?;
    let tool_root = root.join(".tools/cargo");
    if !tool_root.join("bin/cargo-fuzz").exists() {
        eprintln!("installing {CARGO_FUZZ} into .tools/cargo");
        tools::run(
            crate::workspace::cargo()
                .args(["install", "--locked", "--root"])
                .arg(&tool_root)
                .arg(CARGO_FUZZ),
        )?;
    }
    let path = std::env::join_paths(std::iter::once(tool_root.join("bin")).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))?;
    let chosen: Vec<&str> = if targets.is_empty() {
        TARGETS.to_vec()
    } else {
        targets.iter().map(String::as_str).collect()
    };
    let mut failed = Vec::new();
    for target in chosen {
        if !TARGETS.contains(&target) {
            bail!(
                "unknown fuzz target {target}; the targets are {}",
                TARGETS.join(", ")
            );
        }
        // A scratch corpus, seeded with the regression inputs each run.
        let corpus = scratch.join("fuzz-corpus").join(target);
        fs::create_dir_all(&corpus)?;
        let seeds = root.join("tests/fuzz-regressions").join(target);
        eprintln!("== fuzzing {target} for {seconds} s");
        let status = crate::workspace::cargo()
            .current_dir(root)
            .env("PATH", &path)
            // cargo-fuzz passes -Z sanitizer flags, which this stable toolchain accepts only
            // with RUSTC_BOOTSTRAP (there is no nightly toolchain to fetch here).
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", target])
            .arg(&corpus)
            .arg(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .status()?;
        if !status.success() {
            failed.push(target);
        }
    }
    if failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "fuzzing found failures in {}: the input is under fuzz/artifacts/TARGET/; copy it to \
         tests/fuzz-regressions/TARGET/, fix the cause, and the test suite replays it from then on",
        failed.join(", ")
    );
    Ok(ExitCode::FAILURE)
}
