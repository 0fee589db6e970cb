//! `cargo check` of each generator's output, types plus client, on one shared set of
//! dependencies: one scratch workspace (`target/bench/peers`) holding a crate per generator
//! and input, and for each a twin with the same manifest and an empty `lib.rs`. Checking the
//! twin first builds every dependency (with the same features, so cargo reuses them); the
//! timed check, after `cargo clean -p` of the crate, is of the generated code alone. The
//! workspace's `Cargo.lock` starts as a copy of ours and is kept, so dependency versions stay
//! the same from run to run.

use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::peers::{
    Failure, Generator, InputFigures, OPENAPI_TO_RUST_MODULE, Outcome, cell, output_dir,
};
use super::{StatusOk, Table, cargo, section};

/// The features that give types plus a client over TLS for the whole API: ours needs
/// `rustls`, and `full` where it has per-tag features (UAPI); the peers' crates have their
/// client without features.
fn features(outcome: &Outcome) -> &'static [&'static str] {
    match outcome.generator {
        Generator::Ours => {
            let manifest = fs::read_to_string(outcome.crate_dir.join("Cargo.toml"));
            if manifest.is_ok_and(|m| m.contains("\nfull = [")) {
                &["--features", "rustls,full"]
            } else {
                &["--features", "rustls"]
            }
        }
        Generator::OpenapiToRust | Generator::Progenitor => &[],
    }
}

pub(super) fn run(
    root: &Path,
    ws: &Path,
    inputs: &mut [InputFigures],
    table: &mut Table,
) -> Result<()> {
    section("peers: `cargo check` of each output (types + client)");
    let mut members = Vec::new();
    for outcome in inputs.iter_mut().flat_map(|i| i.outcomes.iter_mut()) {
        if outcome.generation.is_err() {
            continue;
        }
        match prepare(outcome) {
            Ok(()) => {
                members.push(outcome.package.clone());
                members.push(twin(&outcome.package));
            }
            Err(err) => outcome.check = Some(Err(super::peers::failure(err))),
        }
    }
    let member_refs: Vec<&str> = members.iter().map(String::as_str).collect();
    fs::write(
        ws.join("Cargo.toml"),
        openapi_rustgen::manifest::scratch_workspace(
            &member_refs,
            "The bench's peers: each generator's crate, and its twin without code.",
        ),
    )?;
    if !ws.join("Cargo.lock").exists() {
        fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))?;
    }

    for outcome in inputs.iter_mut().flat_map(|i| i.outcomes.iter_mut()) {
        if outcome.generation.is_ok() && outcome.check.is_none() {
            eprintln!("   checking {}", outcome.package);
            outcome.check = Some(check(ws, outcome));
        }
    }

    table.add(
        "peers: `cargo check` of each output, types + client (dependencies checked before, one target dir)",
        "",
        "",
    );
    for input in inputs.iter() {
        let ours = match &input.outcomes[0].check {
            Some(Ok(seconds)) => Some(*seconds),
            _ => None,
        };
        let mut parts = Vec::new();
        for outcome in &input.outcomes {
            let label = outcome.generator.label();
            parts.push(match (&outcome.check, &outcome.generation) {
                (_, Err(_)) => format!("{label} not run (generation failed)"),
                (None, Ok(_)) => format!("{label} not run"),
                (Some(Err(failure)), _) => format!("{label} {failure}"),
                (Some(Ok(seconds)), _) => match ours {
                    Some(ours) if outcome.generator != Generator::Ours => {
                        format!("{label} {seconds:.1} s (x{:.2})", seconds / ours)
                    }
                    _ => format!("{label} {seconds:.1} s"),
                },
            });
        }
        table.add(format!("  {}", input.name), parts.join("; "), "");
    }
    Ok(())
}

/// Makes the generator's output a crate of the workspace, and writes its twin.
fn prepare(outcome: &Outcome) -> Result<()> {
    let dir = &outcome.crate_dir;
    if outcome.generator == Generator::OpenapiToRust {
        // openapi-to-rust writes a module and the dependencies it needs
        // (REQUIRED_DEPS.toml, a `[dependencies]` table); the crate around it is ours to write.
        let module = output_dir(outcome.generator, dir);
        let deps = fs::read_to_string(module.join("REQUIRED_DEPS.toml")).unwrap_or_default();
        fs::write(
            dir.join("Cargo.toml"),
            format!("{}\n{deps}", package_header(&outcome.package)),
        )?;
        fs::write(
            dir.join("src/lib.rs"),
            format!("pub mod {OPENAPI_TO_RUST_MODULE};\n"),
        )?;
    }
    write_twin(dir, &outcome.package)?;
    Ok(())
}

/// Writes, beside the crate `package` in `dir`, its twin: the same manifest under another
/// name and an empty `lib.rs`. Checking the twin checks every dependency with the crate's
/// features, so that a check of the crate after it is of its own code alone. The twin's name.
pub(super) fn write_twin(dir: &Path, package: &str) -> Result<String> {
    let manifest = fs::read_to_string(dir.join("Cargo.toml"))
        .with_context(|| format!("{package} has no Cargo.toml"))?;
    let name = twin(package);
    let renamed = format!("name = {name:?}");
    let twin_manifest = manifest.replacen(&format!("name = {package:?}"), &renamed, 1);
    anyhow::ensure!(
        twin_manifest.contains(&renamed),
        "the Cargo.toml of {package} does not name it"
    );
    let twin_dir = dir.with_file_name(&name);
    fs::create_dir_all(twin_dir.join("src"))?;
    fs::write(twin_dir.join("Cargo.toml"), twin_manifest)?;
    fs::write(twin_dir.join("src/lib.rs"), "")?;
    Ok(name)
}

fn package_header(name: &str) -> String {
    format!(
        "[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n"
    )
}

fn twin(package: &str) -> String {
    format!("{package}-deps")
}

/// Checks the twin (every dependency), then times the check of the crate alone.
fn check(ws: &Path, outcome: &Outcome) -> Result<f64, Failure> {
    let run = |package: &str| -> Result<f64, Failure> {
        let mut command = cargo_check(ws, package, features(outcome));
        let started = Instant::now();
        let output = command.output().map_err(|err| Failure {
            kind: "fails",
            detail: cell(&format!("starting cargo: {err}")),
        })?;
        let took = started.elapsed().as_secs_f64();
        if output.status.success() {
            return Ok(took);
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first_error = stderr
            .lines()
            .find(|line| line.contains("error"))
            .or_else(|| stderr.lines().find(|line| !line.trim().is_empty()))
            .unwrap_or("no message");
        Err(Failure {
            kind: "fails",
            detail: cell(first_error.trim()),
        })
    };
    run(&twin(&outcome.package)).map_err(|failure| Failure {
        kind: "fails",
        detail: format!("its dependencies: {}", failure.detail),
    })?;
    // Its own artifacts go, so that the timed check starts from its source.
    cargo(ws)
        .args(["clean", "--quiet", "-p", &outcome.package, "--target-dir"])
        .arg(ws.join("target"))
        .status_ok()
        .map_err(|err| Failure {
            kind: "fails",
            detail: cell(&format!("{err:#}")),
        })?;
    run(&outcome.package)
}

fn cargo_check(ws: &Path, package: &str, features: &[&str]) -> Command {
    let mut command = cargo(ws);
    command
        .args([
            "check",
            "--quiet",
            "--message-format",
            "short",
            "-p",
            package,
        ])
        .args(features)
        .arg("--target-dir")
        .arg(ws.join("target"));
    command
}
