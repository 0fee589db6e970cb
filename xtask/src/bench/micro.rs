//! The criterion benches of `tests/benches`.

use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::Stdio;

use super::{StatusOk, Table, cargo, section, verdict};

pub(super) fn run(root: &Path, target: &Path, table: &mut Table) -> Result<()> {
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
    let dir = target.join("criterion");
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
