//! The micro-benchmarks of `tests/benches` (divan), read from the table divan prints.

use anyhow::{Context, Result, bail};
use std::path::Path;

use super::{Table, cargo, section, verdict};

pub(super) fn run(root: &Path, table: &mut Table) -> Result<()> {
    section("micro-benchmarks (cargo bench -p whm-api-tests --bench parse)");
    let output = cargo(root)
        .args([
            "bench",
            "--quiet",
            "-p",
            "whm-api-tests",
            "--bench",
            "parse",
        ])
        .output()
        .context("running cargo bench")?;
    if !output.status.success() {
        bail!(
            "cargo bench failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let report = String::from_utf8(output.stdout).context("divan's table is UTF-8")?;
    let values = 270.0;
    let from_str = median_ns(&report, "app_from_str_all")? / values;
    table.add(
        "App::from_str, all 270 values (divan median, per parse)",
        format!("{from_str:.1} ns"),
        &verdict(from_str, 30.0, "ns"),
    );
    let display = median_ns(&report, "app_display_all")? / values;
    table.add(
        "App Display into a reused String, all 270 values (per value)",
        format!("{display:.1} ns"),
        "",
    );
    let query = median_ns(&report, "create_user_session_from_query_str")?;
    table.add(
        "CreateUserSessionParams::from_query_str, every parameter set (parse + validate)",
        format!("{:.2} µs", query / 1000.0),
        "",
    );
    Ok(())
}

/// The median, in nanoseconds, of the bench `name` in divan's table, whose rows read
/// `├─ name  fastest │ slowest │ median │ mean │ samples │ iters`.
fn median_ns(report: &str, name: &str) -> Result<f64> {
    let row = report
        .lines()
        .find(|line| {
            let line = line.trim_start_matches(|c: char| !c.is_alphanumeric());
            line.split_whitespace().next() == Some(name)
        })
        .with_context(|| format!("divan's table has no row `{name}`:\n{report}"))?;
    let median = row
        .split('│')
        .nth(2)
        .with_context(|| format!("no median column in `{row}`"))?;
    duration_ns(median.trim()).with_context(|| format!("the median of `{row}`"))
}

/// `11.36 µs` -> 11360.0.
fn duration_ns(text: &str) -> Result<f64> {
    let (number, unit) = text
        .split_once(' ')
        .with_context(|| format!("`{text}` is not a number and a unit"))?;
    let number: f64 = number.parse().with_context(|| format!("`{number}`"))?;
    let scale = match unit {
        "ps" => 1e-3,
        "ns" => 1.0,
        "µs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => bail!("unknown unit `{unit}`"),
    };
    Ok(number * scale)
}

#[cfg(test)]
mod tests {
    /// Rows as divan 0.1.21 prints them.
    const REPORT: &str = "\
Timer precision: 38 ns
parse                                  fastest       │ slowest       │ median        │ mean          │ samples │ iters
├─ app_display_all                     5.252 µs      │ 32.7 µs       │ 6.734 µs      │ 7.027 µs      │ 100     │ 100
├─ app_from_str_all                    5.106 µs      │ 23.3 µs       │ 5.349 µs      │ 5.726 µs      │ 100     │ 100
╰─ create_user_session_from_query_str  10.91 µs      │ 36.17 µs      │ 11.36 µs      │ 11.81 µs      │ 100     │ 100
";

    #[test]
    fn medians_are_read_by_name_in_nanoseconds() {
        let median = |name| super::median_ns(REPORT, name).unwrap();
        assert!((median("app_display_all") - 6734.0).abs() < 1e-6);
        assert!((median("app_from_str_all") - 5349.0).abs() < 1e-6);
        assert!((median("create_user_session_from_query_str") - 11360.0).abs() < 1e-6);
        assert!(super::median_ns(REPORT, "app").is_err());
    }

    #[test]
    fn durations_scale_by_their_unit() {
        assert_eq!(super::duration_ns("17.9 ns").unwrap(), 17.9);
        assert_eq!(super::duration_ns("2 ms").unwrap(), 2e6);
        assert!(super::duration_ns("3 parsecs").is_err());
        assert!(super::duration_ns("fast").is_err());
    }
}
