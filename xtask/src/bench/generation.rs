//! Whole-process generation: our spec, synthetic specs from 10 to 1000 operations, cPanel's UAPI.

use anyhow::{Result, ensure};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::{StatusOk, Table, cargo, measure, remove, section, verdict};

pub(super) fn own_spec(
    root: &Path,
    generator: &Path,
    scratch: &Path,
    runs: usize,
    table: &mut Table,
) -> Result<()> {
    section("generation of spec/ (whole process)");
    let specs: Vec<PathBuf> = crate::regen::read_specs(root)?
        .into_iter()
        .map(|spec| PathBuf::from(spec.name))
        .collect();
    let out = scratch.join("gen-out");
    let mut command = Command::new(generator);
    // The runtime by path, as the peers' part has it: the time is generation, not copying.
    command
        .current_dir(root)
        .arg("--out")
        .arg(&out)
        .arg("--runtime")
        .arg(root.join("generator/runtime"))
        .args(&specs);
    let m = measure(&mut command, runs, || remove(&out))?;
    let names: Vec<String> = specs.iter().map(|p| p.display().to_string()).collect();
    table.add(
        format!(
            "generate {} (whole process, median of {runs})",
            names.join(", ")
        ),
        format!(
            "{:.1} ms (min {:.1}, max {:.1})",
            m.median_ms(),
            m.min_ms(),
            m.max_ms()
        ),
        &verdict(m.median_ms(), 5.0, "ms"),
    );
    table.add(
        "  peak memory (max RSS, median)",
        format!("{:.1} MB", m.median_rss_mb()),
        &verdict(m.median_rss_mb(), 10.0, "MB"),
    );
    let (lines, _) = rust_size(&out.join("src"))?;
    table.add("  lines of Rust written", lines.to_string(), "");
    Ok(())
}

/// One size of the scaling figures, kept for the chart.
pub(super) struct ScalingPoint {
    pub(super) operations: usize,
    pub(super) median_ms: f64,
}

/// How many copies of each operation the per-operation figure adds.
const CLONES: usize = 20;

/// What one more operation costs in generated code: our spec's operations cloned
/// [`CLONES`] times under new paths and ids; the growth in lines and bytes of the Rust the
/// `openapi-rustgen` binary writes, divided by the number of operations added.
pub(super) fn per_operation(
    root: &Path,
    generator: &Path,
    scratch: &Path,
    table: &mut Table,
) -> Result<()> {
    section("code per operation (clones of spec/'s operations)");
    let dir = scratch.join("per-operation");
    let specs = crate::regen::read_specs(root)?;
    let size = |clones: usize| -> Result<(usize, usize)> {
        let specs_dir = dir.join(format!("specs-{clones}"));
        let out = dir.join(format!("out-{clones}"));
        remove(&out)?;
        fs::create_dir_all(&specs_dir)?;
        let mut command = Command::new(generator);
        command.arg("--src-only").arg("--out").arg(&out);
        for spec in &specs {
            let file_name = Path::new(&spec.name)
                .file_name()
                .ok_or_else(|| anyhow::anyhow!("{} has no file name", spec.name))?;
            let path = specs_dir.join(file_name);
            fs::write(&path, with_clones(&spec.contents, clones)?)?;
            command.arg(path);
        }
        command.status_ok()?;
        rust_size(&out)
    };
    let operations = specs
        .iter()
        .map(|spec| operation_count(&spec.contents))
        .sum::<Result<usize>>()?;
    let added = operations * CLONES;
    ensure!(added > 0, "spec/ has no operation to clone");
    let (lines, bytes) = size(0)?;
    let (cloned_lines, cloned_bytes) = size(CLONES)?;
    let per_line = cloned_lines.saturating_sub(lines) as f64 / added as f64;
    let per_byte = cloned_bytes.saturating_sub(bytes) as f64 / added as f64;
    table.add(
        format!("generated code per operation ({added} clones of spec/'s added: growth / {added})"),
        format!("{per_line:.0} lines, {:.1} KB", per_byte / 1000.0),
        &format!(
            "<= 150 lines, 6 KB: {}",
            if per_line <= 150.0 && per_byte <= 6000.0 {
                "met"
            } else {
                "missed"
            }
        ),
    );
    Ok(())
}

/// The operations of a spec: its paths' methods that have an `operationId` or not.
fn operation_count(contents: &str) -> Result<usize> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let doc: serde_yaml::Value = serde_yaml::from_str(contents)?;
    let Some(paths) = doc.get("paths").and_then(serde_yaml::Value::as_mapping) else {
        return Ok(0);
    };
    Ok(paths
        .values()
        .filter_map(serde_yaml::Value::as_mapping)
        .flat_map(|item| item.keys())
        .filter(|key| key.as_str().is_some_and(|key| METHODS.contains(&key)))
        .count())
}

/// Lines and bytes of the `.rs` files under `dir`.
pub(super) fn rust_size(dir: &Path) -> Result<(usize, usize)> {
    let (mut lines, mut bytes) = (0, 0);
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let (l, b) = rust_size(&path)?;
            lines += l;
            bytes += b;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path)?;
            lines += text.lines().count();
            bytes += text.len();
        }
    }
    Ok((lines, bytes))
}

/// The spec with each path repeated `clones` times more, as `/path_N` with operationIds
/// suffixed `_N`.
fn with_clones(contents: &str, clones: usize) -> Result<String> {
    let mut doc: serde_yaml::Value = serde_yaml::from_str(contents)?;
    let paths = doc
        .get_mut("paths")
        .and_then(serde_yaml::Value::as_mapping_mut)
        .ok_or_else(|| anyhow::anyhow!("the spec has no paths"))?;
    let originals: Vec<(serde_yaml::Value, serde_yaml::Value)> =
        paths.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for n in 1..=clones {
        for (path, item) in &originals {
            let path = format!("{}_{n}", path.as_str().unwrap_or_default());
            let mut item = item.clone();
            if let Some(methods) = item.as_mapping_mut() {
                for (_, operation) in methods.iter_mut() {
                    if let Some(id) = operation.get_mut("operationId") {
                        *id = format!("{}_{n}", id.as_str().unwrap_or_default()).into();
                    }
                }
            }
            paths.insert(path.into(), item);
        }
    }
    Ok(serde_yaml::to_string(&doc)?)
}

pub(super) fn scaling(
    generator: &Path,
    scratch: &Path,
    runs: usize,
    table: &mut Table,
) -> Result<Vec<ScalingPoint>> {
    section("scaling: synthetic WHM-style specs");
    let dir = scratch.join("synthetic");
    fs::create_dir_all(&dir)?;
    let mut per_op = Vec::new();
    let mut points = Vec::new();
    for operations in [10usize, 100, 1000] {
        let spec = dir.join(format!("whm-{operations}.yaml"));
        fs::write(&spec, synthetic_spec(operations))?;
        let out = dir.join(format!("out-{operations}"));
        let mut command = Command::new(generator);
        command.arg("--out").arg(&out).arg(&spec);
        let runs = if operations == 1000 {
            runs.min(5)
        } else {
            runs
        };
        let m = measure(&mut command, runs, || remove(&out))?;
        let ms = m.median_ms();
        per_op.push(ms / operations as f64);
        points.push(ScalingPoint {
            operations,
            median_ms: ms,
        });
        let target = if operations == 1000 {
            verdict(ms, 250.0, "ms")
        } else {
            String::new()
        };
        table.add(
            format!("generate {operations} synthetic operations (median of {runs})"),
            format!(
                "{ms:.1} ms, {:.3} ms/op, {:.1} MB peak",
                ms / operations as f64,
                m.median_rss_mb()
            ),
            &target,
        );
    }
    // Linear: the per-operation cost of 1000 operations is at most a quarter above that of
    // 100 (wall time on a shared 2-CPU machine; the larger run also works over more memory
    // than the caches hold).
    let linear = per_op[2] <= per_op[1] * 1.25;
    table.add(
        "  growth 100 -> 1000 operations",
        format!(
            "x{:.1} time for x10 operations",
            per_op[2] * 10.0 / per_op[1]
        ),
        if linear {
            "linear: met"
        } else {
            "linear: missed (worse than linear)"
        },
    );
    Ok(points)
}

/// cPanel's UAPI description, the largest real one we know: whole-process generation, and
/// `cargo check` of the crate it gives, cold but with its dependencies already checked.
pub(super) fn uapi(
    root: &Path,
    generator: &Path,
    scratch: &Path,
    runs: usize,
    table: &mut Table,
) -> Result<()> {
    section("cPanel's UAPI description (tests/corpus/cpanel)");
    let spec = root.join(crate::corpus::CPANEL_DIR).join(UAPI_SPEC);
    ensure!(spec.is_file(), "{} is missing", spec.display());
    let ws = scratch.join("uapi");
    let package = ws.join(UAPI_CRATE);
    let runtime = root.join("generator/runtime");
    let mut command = Command::new(generator);
    command
        .arg("--out")
        .arg(&package)
        .arg("--runtime")
        .arg(&runtime)
        .arg(&spec);
    let runs = runs.min(5);
    let src = package.join("src");
    let m = measure(&mut command, runs, || remove(&src))?;
    let mut lines = 0;
    for entry in fs::read_dir(&src)? {
        lines += fs::read_to_string(entry?.path())?.lines().count();
    }
    table.add(
        format!("generate {UAPI_SPEC} (whole process, median of {runs})"),
        format!(
            "{:.1} ms, {:.1} MB peak, {lines} lines",
            m.median_ms(),
            m.median_rss_mb()
        ),
        &verdict(m.median_ms(), 300.0, "ms"),
    );

    // The runtime and the dependencies are checked first, through a twin of the crate, so
    // that the timed check is of the generated code alone.
    let twin = super::peers_check::write_twin(&package, UAPI_CRATE)?;
    fs::write(
        ws.join("Cargo.toml"),
        openapi_rustgen::manifest::scratch_workspace(
            &[UAPI_CRATE, &twin],
            "The bench's UAPI crate.",
        ),
    )?;
    fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))?;
    let target = ws.join("target");
    let check = |package: &str, features: &str| {
        let mut command = cargo(&ws);
        command
            .args(["check", "--quiet", "-p", package, "--features", features])
            .arg("--target-dir")
            .arg(&target);
        command
    };
    eprintln!("   checking the runtime and the dependencies");
    check(&twin, "client,server").status_ok()?;
    // The crate has a feature per tag (it is over the threshold): checked with every tag, and
    // with the largest tag's alone, which is what a user who needs a few tags compiles.
    for (features, what, target_secs) in [
        ("client,server,full", "every tag", UAPI_FULL_TARGET_SECS),
        (
            "client,server,email",
            "one tag (`email`, the largest: 92 operations)",
            UAPI_ONE_TAG_TARGET_SECS,
        ),
    ] {
        // The crate's own artifacts (incremental ones included) from an earlier check go, so
        // that the check starts from its source.
        cargo(&ws)
            .args(["clean", "--quiet", "-p", UAPI_CRATE, "--target-dir"])
            .arg(&target)
            .status_ok()?;
        eprintln!("   checking the generated crate with {features}");
        let started = Instant::now();
        check(UAPI_CRATE, features).status_ok()?;
        let took = started.elapsed().as_secs_f64();
        table.add(
            format!(
                "  `cargo check --features {features}` of that crate, {what} (dependencies checked before)"
            ),
            format!("{took:.1} s"),
            &verdict(took, target_secs, "s"),
        );
    }
    Ok(())
}

/// Targets of the UAPI crate's cold check (issue 25): with every tag's feature, no slower
/// than the whole crate was before it had per-tag features; with one tag's, at most 10 s.
const UAPI_FULL_TARGET_SECS: f64 = 59.0;
const UAPI_ONE_TAG_TARGET_SECS: f64 = 10.0;

/// The UAPI file of `tests/corpus/`, and the name of the crate the bench makes of it.
const UAPI_SPEC: &str = "cpanel-uapi-openapi.yml";
const UAPI_CRATE: &str = "bench-uapi";

/// A spec of `operations` WHM API 1 functions shaped like cPanel's own: query parameters
/// with string enums (one per operation, one shared), a constrained string, an integer, and
/// a response of a nested `data` object (with an enum, an array of objects) beside the
/// shared `Metadata` with its integer 0/1 enum.
pub fn synthetic_spec(operations: usize) -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic WHM API 1\n  version: '1'\npaths:\n",
    );
    for i in 0..operations {
        let _ = write!(
            spec,
            r#"  /list_things_{i}:
    get:
      operationId: list_things_{i}
      summary: Lists the things of kind {i}.
      x-cpanel-api-version: WHM API 1
      parameters:
        - name: mode_{i}
          in: query
          required: true
          description: How to list.
          schema:
            type: string
            enum: ['brief_{i}', 'full_{i}', 'count_{i}']
        - name: level
          in: query
          required: false
          schema:
            type: string
            enum: ['low', 'medium', 'high']
        - name: user
          in: query
          required: true
          schema:
            type: string
            pattern: '^[a-z][a-z0-9]{{0,15}}$'
        - name: limit
          in: query
          required: false
          schema:
            type: integer
            minimum: 1
            maximum: 1000
      responses:
        '200':
          description: HTTP Request was successful.
          content:
            application/json:
              schema:
                type: object
                required: [metadata]
                properties:
                  data:
                    type: object
                    required: [id, state]
                    properties:
                      id:
                        type: integer
                      name:
                        type: string
                      state:
                        type: string
                        enum: ['active_{i}', 'suspended_{i}', 'removed_{i}']
                      owner:
                        type: object
                        properties:
                          user:
                            type: string
                          domain:
                            type: string
                      items:
                        type: array
                        items:
                          type: object
                          properties:
                            key:
                              type: string
                            value:
                              type: string
                  metadata:
                    $ref: '#/components/schemas/Metadata'
"#
        );
    }
    spec.push_str(
        r#"components:
  schemas:
    Metadata:
      type: object
      required: [command, reason, result, version]
      properties:
        command:
          type: string
        reason:
          type: string
        result:
          type: integer
          enum: [0, 1]
          x-enum-varnames: [Failed, Success]
        version:
          type: integer
"#,
    );
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_add_paths_and_operation_ids() {
        let spec = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      operationId: a\n";
        let cloned: serde_yaml::Value =
            serde_yaml::from_str(&with_clones(spec, 2).expect("clone")).expect("yaml");
        let paths = cloned["paths"].as_mapping().expect("paths");
        let ids: Vec<&str> = paths
            .iter()
            .map(|(_, item)| item["get"]["operationId"].as_str().expect("id"))
            .collect();
        assert_eq!(ids, ["a", "a_1", "a_2"]);
        assert!(paths.contains_key("/a_2"));
    }

    #[test]
    fn synthetic_specs_generate() {
        for operations in [1, 3] {
            let spec = openapi_rustgen::SpecFile {
                name: "synthetic.yaml".to_owned(),
                contents: synthetic_spec(operations),
            };
            let generated =
                openapi_rustgen::generate(&[spec]).expect("the synthetic spec is valid");
            assert_eq!(generated.summary.operations, operations);
        }
    }
}
