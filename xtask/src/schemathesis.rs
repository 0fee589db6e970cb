//! `cargo xtask schemathesis --runs N`: the schemathesis test against the WHM double, unseeded,
//! N times. CI runs it once with a fixed seed, which is repeatable but explores one path; this
//! task explores others (it found the undocumented `414 URI Too Long`). Not part of CI, since
//! an unseeded run is not repeatable.

use anyhow::{Result, bail};
use std::process::ExitCode;

use crate::test::{Lints, build_tests, test_command};
use crate::tools;
use crate::workspace::Workspace;

/// The test binary that holds the schemathesis run, and the module of that run in it.
pub const TEST: &str = "whm-api-tests test all";
pub const MODULE: &str = "server_schemathesis::";

pub fn run(ws: &Workspace, runs: u32, examples: u32) -> Result<ExitCode> {
    let tools = tools::ensure(&ws.root)?;
    let built = build_tests(&ws.root, Lints::Plain)?;
    let Some(binary) = built.tests.iter().find(|binary| binary.name == TEST) else {
        bail!("`cargo test --no-run` built no `{TEST}`");
    };
    let mut failed = Vec::new();
    for run in 1..=runs {
        eprintln!("== unseeded schemathesis run {run} of {runs}, {examples} examples");
        let status = test_command(binary, &tools, &built.examples)
            .env("WHM_SCHEMATHESIS_SEED", "none")
            .env("WHM_SCHEMATHESIS_EXAMPLES", examples.to_string())
            .args([MODULE, "--nocapture", "--test-threads", "1"])
            .status()?;
        if !status.success() {
            failed.push(run);
        }
    }
    eprintln!(
        "{} of {runs} unseeded runs passed",
        runs as usize - failed.len()
    );
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("failed runs: {failed:?} (each run's output is above)");
        Ok(ExitCode::FAILURE)
    }
}
