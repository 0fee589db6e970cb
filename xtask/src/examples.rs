//! The corpus's examples round-trip: a program in the corpus's workspace
//! ([`RUNNER`]) that depends on the generated crates, reads each document's own examples into
//! the real generated types (with serde_json, from the JSON text) and compares what they write
//! back with what the generator expects (the value, with declared defaults filled in; members
//! that are `null` are dropped on both sides). The generator collects the examples and checks
//! each against the model's types first (`openapi_rustgen::examples`): one that breaks its own
//! schema is a warning, not a check here.

use std::fmt::Write as _;
use std::path::Path;

use openapi_rustgen::examples::Examples;

/// The runner's package, a member of the corpus's workspace.
pub const RUNNER: &str = "corpus-examples";

/// What the runner's main file holds besides a `mod` line and a call per crate.
const HARNESS: &str = r#"
/// What the checks found.
#[derive(Default)]
pub struct Run {
    checked: usize,
    failed: Vec<String>,
}

/// Reads `value` (JSON text) into `T` and writes it back; what it writes must be `expected`,
/// members that are `null` aside, and numbers compared by value.
pub fn check<T: serde::de::DeserializeOwned + serde::Serialize>(
    run: &mut Run,
    place: &str,
    value: &str,
    expected: &str,
) {
    run.checked += 1;
    let ty = std::any::type_name::<T>();
    let read: T = match serde_json::from_str(value) {
        Ok(read) => read,
        Err(err) => {
            run.failed.push(format!("{place}: not read as {ty}: {err}"));
            return;
        }
    };
    let written = match serde_json::to_value(&read) {
        Ok(written) => written,
        Err(err) => {
            run.failed.push(format!("{place}: {ty} not written: {err}"));
            return;
        }
    };
    let expected: serde_json::Value =
        serde_json::from_str(expected).expect("the generator writes JSON");
    if let Some(at) = difference(&expected, &written) {
        run.failed.push(format!("{place}: {ty} writes it back differently at {at}"));
    }
}

/// Where `written` differs from `expected` (a JSON pointer, with what each has), if it does.
fn difference(expected: &serde_json::Value, written: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (expected, written) {
        (Value::Object(left), Value::Object(right)) => {
            let set = |map: &serde_json::Map<String, Value>| -> Vec<String> {
                map.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k.clone()).collect()
            };
            let (mut keys, mut other) = (set(left), set(right));
            keys.sort();
            other.sort();
            if keys != other {
                return Some(format!(": members {keys:?} became {other:?}"));
            }
            keys.iter().find_map(|key| {
                difference(&left[key], &right[key]).map(|at| format!("/{key}{at}"))
            })
        }
        (Value::Array(left), Value::Array(right)) if left.len() == right.len() => left
            .iter()
            .zip(right)
            .enumerate()
            .find_map(|(index, (l, r))| difference(l, r).map(|at| format!("/{index}{at}"))),
        (Value::Number(left), Value::Number(right)) if left.as_f64() == right.as_f64() => None,
        _ if expected == written => None,
        _ => Some(format!(": {expected} became {written}")),
    }
}

fn main() -> std::process::ExitCode {
    let mut run = Run::default();
    for (name, checks) in CRATES {
        let before = (run.checked, run.failed.len());
        checks(&mut run);
        println!(
            "{name}: {} example(s), {} failed",
            run.checked - before.0,
            run.failed.len() - before.1
        );
    }
    for failure in &run.failed {
        println!("FAILED {failure}");
    }
    println!(
        "examples: {} read and written back equal, {} failed",
        run.checked - run.failed.len(),
        run.failed.len()
    );
    match run.failed.is_empty() {
        true => std::process::ExitCode::SUCCESS,
        false => std::process::ExitCode::FAILURE,
    }
}
"#;

/// The runner's files for `crates` (each crate's package name and what the generator found in
/// its documents): its manifest (every crate a dependency, those with per-tag features named in
/// `whole` with all of them), its main file, and a module per crate with examples.
pub fn runner_files(crates: &[(&str, &Examples)], whole: &[&str]) -> Vec<(String, String)> {
    let mut manifest = format!(
        "[package]\nname = \"{RUNNER}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n"
    );
    let mut main = String::from(
        "//! Written by `cargo xtask corpus`: each crate's examples, read into their generated \
         types and written back.\n",
    );
    let mut table = String::from("\nconst CRATES: &[(&str, fn(&mut Run))] = &[\n");
    let mut files = Vec::new();
    for (name, examples) in crates {
        let krate = name.replace('-', "_");
        let lines: String = examples
            .checked
            .iter()
            .filter_map(|example| openapi_rustgen::examples::runner_check(example, &krate))
            .collect();
        // Every crate is a dependency, examples or not: the runner's build is their check
        // with default features (and every tag, where tags are features).
        let features = if whole.contains(name) {
            ", features = [\"full\"]"
        } else {
            ""
        };
        let _ = writeln!(manifest, "{name} = {{ path = \"../{name}\"{features} }}");
        if lines.is_empty() {
            let _ = writeln!(main, "use {krate} as _;");
            continue;
        }
        let _ = writeln!(main, "mod {krate};");
        let _ = writeln!(table, "    ({name:?}, {krate}::checks),");
        files.push((
            format!("src/{krate}.rs"),
            format!(
                "//! The examples of `{name}`.\n\nuse crate::{{Run, check}};\n\n\
                 pub fn checks(run: &mut Run) {{\n{lines}}}\n"
            ),
        ));
    }
    table.push_str("];\n");
    main.push_str(&table);
    main.push_str(HARNESS);
    files.push(("Cargo.toml".to_owned(), manifest));
    files.push(("src/main.rs".to_owned(), main));
    files
}

/// Builds and runs the runner in the workspace `dir` with the target directory `target`;
/// `Ok` with its report when every example round-trips, `Err` with the report or cargo's
/// errors when not.
pub fn run(dir: &Path, target: &Path) -> Result<String, String> {
    let output = crate::workspace::cargo()
        .current_dir(dir)
        // Nothing here is debugged: the build is the cost.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .args(["run", "--quiet", "--package", RUNNER])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|err| format!("running cargo: {err}"))?;
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    match output.status.success() {
        true => Ok(report),
        false => Err(format!(
            "{report}{}",
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}
