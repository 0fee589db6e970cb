//! `cargo xtask corpus`: every file of `tests/corpus/` (cPanel's own descriptions), and all of
//! them together, generated into a crate each and checked by `cargo check` with the `client`
//! and `server` features on.
//!
//! The crates go to one scratch cargo workspace below `target/corpus/`, with one target dir, so
//! their dependencies build once. Each crate's manifest is `generated/Cargo.toml` with the name
//! changed, and the scratch workspace carries the root manifest's `[workspace.package]` and
//! `[workspace.dependencies]`, so the features and dependencies stay those of the real crate.

use anyhow::{Context, Result, bail};
use generator::SpecFile;
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// The corpus, relative to the workspace root.
pub const CORPUS_DIR: &str = "tests/corpus";
/// The scratch workspace, relative to the workspace root.
const SCRATCH_DIR: &str = "target/corpus";
/// The target dir of every generated scratch crate (also `tests/src/scratch.rs`'s).
const GENERATED_CRATES_TARGET: &str = "target/generated-crates";
/// The features the check turns on.
const FEATURES: &str = "client,server";

/// What generating one crate gave.
struct Row {
    name: String,
    operations: usize,
    types: usize,
    fallbacks: usize,
    took: Duration,
}

pub fn run(root: &Path, check: bool) -> Result<ExitCode> {
    let specs = read_corpus(root)?;
    if specs.is_empty() {
        bail!("{CORPUS_DIR} holds no spec files");
    }
    let scratch = root.join(SCRATCH_DIR);
    fs::create_dir_all(&scratch).with_context(|| format!("creating {SCRATCH_DIR}"))?;

    let mut crates: Vec<(String, Vec<SpecFile>)> = specs
        .iter()
        .map(|spec| (crate_name(&spec.name), vec![spec.clone()]))
        .collect();
    crates.push(("corpus-all".to_owned(), specs.clone()));

    // Generation is independent per crate: the crates are made on as many threads as there
    // are cores, and reported in their order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<(Result<generator::Generated, generator::Error>, Duration)>> =
        (0..crates.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(crates.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((_, specs)) = crates.get(index) else {
                            return done;
                        };
                        let started = Instant::now();
                        let generated = generator::generate(specs);
                        done.push((index, generated, started.elapsed()));
                    }
                })
            })
            .collect();
        for worker in workers {
            for (index, generated, took) in worker.join().expect("a generator thread panicked") {
                results[index] = Some((generated, took));
            }
        }
    });

    let mut rows = Vec::new();
    let mut written = Vec::new();
    let mut failed = false;
    for ((name, _), result) in crates.iter().zip(results) {
        let Some((generated, took)) = result else {
            continue;
        };
        let generated = match generated {
            Ok(generated) => generated,
            Err(err) => {
                eprintln!("error: {name}: {err}");
                failed = true;
                continue;
            }
        };
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
        rows.push(Row {
            name: name.clone(),
            operations: generated.summary.operations,
            types: generated.summary.types,
            fallbacks: generated.warnings.len(),
            took,
        });
        written.push((name.clone(), generated.files));
    }
    write_scratch_workspace(root, &scratch, &written)?;

    println!(
        "{:<44} {:>10} {:>6} {:>9} {:>10}",
        "crate", "operations", "types", "fallbacks", "generation"
    );
    for row in &rows {
        println!(
            "{:<44} {:>10} {:>6} {:>9} {:>8.0}ms",
            row.name,
            row.operations,
            row.types,
            row.fallbacks,
            row.took.as_secs_f64() * 1000.0
        );
    }
    if failed {
        eprintln!("generation failed for some corpus file; see the errors above");
        return Ok(ExitCode::FAILURE);
    }
    if !check {
        return Ok(ExitCode::SUCCESS);
    }

    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&scratch)
        .args(["check", "--workspace", "--features", FEATURES, "--quiet"])
        // Shared with the snapshot tests' scratch crates: dependencies build once.
        .env("CARGO_TARGET_DIR", root.join(GENERATED_CRATES_TARGET))
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .context("running cargo check in the corpus workspace")?;
    println!(
        "cargo check --features {FEATURES} of {} crate(s): {} in {:.1}s",
        rows.len(),
        if status.success() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Every `.yml`/`.yaml`/`.json` file of the corpus, sorted by name.
pub fn read_corpus(root: &Path) -> Result<Vec<SpecFile>> {
    crate::regen::read_specs_in(root, CORPUS_DIR)
}

/// `tests/corpus/cpanel-uapi-openapi.yml` -> `corpus-cpanel-uapi-openapi`.
fn crate_name(spec: &str) -> String {
    let stem = Path::new(spec)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec");
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{stem}")
}

/// A scratch workspace in `dir` of one crate per `(name, files)`, each with whm-api's manifest.
pub fn write_scratch_workspace(
    root: &Path,
    dir: &Path,
    crates: &[(String, Vec<generator::GeneratedFile>)],
) -> Result<()> {
    let manifest = fs::read_to_string(root.join("generated/Cargo.toml"))
        .context("reading generated/Cargo.toml")?;
    for (name, files) in crates {
        write_crate(&dir.join(name), name, &manifest, files)?;
    }
    let members: Vec<&str> = crates.iter().map(|(name, _)| name.as_str()).collect();
    write_workspace(root, dir, &members)
}

/// One crate: whm-api's manifest renamed, and the generated `src/`.
fn write_crate(
    dir: &Path,
    name: &str,
    manifest: &str,
    files: &[generator::GeneratedFile],
) -> Result<()> {
    let src = dir.join("src");
    fs::create_dir_all(&src).with_context(|| format!("creating {}", src.display()))?;
    write_if_changed(
        &dir.join("Cargo.toml"),
        &generator::manifest::scratch_crate(manifest, name),
    )?;
    generator::write::write(&src, files, generator::write::Mode::Write)
        .with_context(|| format!("writing {}", src.display()))?;
    Ok(())
}

/// The scratch workspace's manifest, and the root's `Cargo.lock`, so the check uses the
/// versions the workspace uses.
fn write_workspace(root: &Path, scratch: &Path, members: &[&str]) -> Result<()> {
    let root_manifest =
        fs::read_to_string(root.join("Cargo.toml")).context("reading the root Cargo.toml")?;
    let manifest = generator::manifest::scratch_workspace(
        &root_manifest,
        members,
        "Written by `cargo xtask`: a scratch workspace of generated crates.",
    );
    write_if_changed(&scratch.join("Cargo.toml"), &manifest)?;
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        fs::copy(&lock, scratch.join("Cargo.lock")).context("copying Cargo.lock")?;
    }
    Ok(())
}

fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if fs::read_to_string(path).ok().as_deref() != Some(contents) {
        fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
