//! `cargo xtask test`: installs the outside tools, validates the spec with a real OpenAPI
//! validator, then runs every test of the workspace with every feature.

use anyhow::Result;
use std::path::Path;
use std::process::{Command, ExitCode};

use crate::{regen, tools};

pub fn run(root: &Path) -> Result<ExitCode> {
    let tools = tools::ensure(root)?;

    let specs = regen::read_specs(root)?;
    for spec in &specs {
        tools::run(Command::new(&tools.spec_validator).arg(root.join(&spec.name)))?;
    }

    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .current_dir(root)
        .args(["test", "--workspace", "--all-features", "--locked"])
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
        cargo.env(name, path);
    }
    tools::run(&mut cargo)?;
    Ok(ExitCode::SUCCESS)
}
