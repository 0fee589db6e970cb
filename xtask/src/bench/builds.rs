//! Builds of the generated crate: cold, by feature set, and after a spec edit.

use anyhow::{Context, Result, ensure};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{StatusOk, Table, cargo, median, remove, section, verdict};

/// The feature sets built: a label, the features, and the cold build's target in seconds.
/// The client's TLS backend and HTTP/2 are the user's choice, so each gets a row.
const FEATURE_SETS: &[(&str, &str, Option<f64>)] = &[
    ("default features", "", Some(5.0)),
    ("client, TLS by rustls", "rustls", None),
    ("client, TLS by native-tls (OpenSSL)", "native-tls", None),
    ("server", "server", None),
    ("client (rustls) + server", "rustls,server", Some(30.0)),
    (
        "client (native-tls) + server",
        "native-tls,server",
        Some(30.0),
    ),
    (
        "client (rustls) + server + HTTP/2",
        "rustls,server,http2",
        None,
    ),
];

/// The features of the incremental rebuild: a client over TLS and the server.
const CLIENT_AND_SERVER: &str = "rustls,server";

/// Whether a compiled unit is part of a TLS stack.
fn is_tls(name: &str) -> bool {
    name.starts_with("aws-lc")
        || name.starts_with("rustls")
        || name.starts_with("openssl")
        || name.ends_with("native-tls")
        || ["ring", "hyper-tls", "hyper-rustls", "tokio-rustls"].contains(&name)
}

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
        "{}members = [\"generated\", \"generator/runtime\"]{}",
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
    // whm-api's runtime, where its manifest's path dependency expects it.
    remove(&ws.join("generator/runtime"))?;
    copy_dir(
        &root.join("generator/runtime/src"),
        &ws.join("generator/runtime/src"),
    )?;
    fs::copy(
        root.join("generator/runtime/Cargo.toml"),
        ws.join("generator/runtime/Cargo.toml"),
    )?;
    copy_dir(
        &root.join("generator/runtime/tests"),
        &ws.join("generator/runtime/tests"),
    )?;
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

pub(super) fn run(root: &Path, generator: &Path, scratch: &Path, table: &mut Table) -> Result<()> {
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
                "rustls",
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
    for (label, features, target_secs) in FEATURE_SETS {
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
        table.add(
            format!("cold build of whm-api, {label} (serde prebuilt)"),
            format!(
                "{time:.1} s ({} units compiled; whm-api itself {own:.1} s)",
                units.len()
            ),
            &target_secs.map_or_else(String::new, |limit| verdict(time, limit, "s")),
        );
        if features.contains("tls") && !features.contains("server") {
            let tls_secs: f64 = units
                .iter()
                .filter(|(name, _)| is_tls(name))
                .map(|(_, secs)| secs)
                .sum();
            let mut names: Vec<&str> = units
                .iter()
                .filter(|(name, _)| is_tls(name))
                .map(|(name, _)| name.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            let backend = if *features == "rustls" {
                tls.as_str()
            } else {
                "reqwest 0.13 with native-tls (OpenSSL)"
            };
            table.add(
                "  TLS of the client",
                format!(
                    "{backend}; compiling {} took {tls_secs:.1} s of the cold build (summed unit times, on 2 cores in parallel with other crates)",
                    names.join(", ")
                ),
                "",
            );
        }
        if *features == CLIENT_AND_SERVER {
            cold_both = Some(target);
        }
    }

    // The crate's own build, dependencies built: clean only whm-api, build again.
    let target = scratch.join("target-own");
    for (label, features, _) in FEATURE_SETS {
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
    build_whm_api(&ws, &target, CLIENT_AND_SERVER, false)?;
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
    let build = build_whm_api(&ws, &target, CLIENT_AND_SERVER, false)?.as_secs_f64();
    table.add(
        "rebuild after a one-line spec change (regen + build, client (rustls) + server)",
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
