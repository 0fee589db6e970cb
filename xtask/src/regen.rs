//! `cargo xtask regen [--check]`: the checked-in generated crates from their specs:
//! `spec/**/*.yaml` -> `generated/src` (whm-api, with its API-change report), and the OpenAI
//! Initiative's expanded petstore -> `tests/petstore/src` (a plain-OpenAPI crate the tests
//! run a client against a server of), and `tests/fixtures/streaming.yaml` ->
//! `tests/streaming/src` (event streams, byte streams, typed headers).

use anyhow::{Context, Result};
use openapi_rustgen::SpecFile;
use openapi_rustgen::report;
use openapi_rustgen::write::{self, Mode};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the specs are and where their crate goes, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
pub const OUTPUT_DIR: &str = "generated/src";
/// The API surface of the last regen, which the next one compares with (see `openapi_rustgen::report`).
pub const SURFACE_FILE: &str = "generated/api-surface.txt";

/// A crate regen owns the sources of.
struct Target {
    /// The spec folder or file, relative to the root.
    specs: &'static str,
    /// Where its `src/` goes.
    src: &'static str,
    /// Its API surface file, for the API-change report.
    surface: Option<&'static str>,
    /// The manifest whose presence says the crate is part of this checkout.
    manifest: &'static str,
    /// Its generator configuration, read by the generator's own code when it exists: the
    /// specs and `out` in it override `specs` and `src`.
    config: Option<&'static str>,
}

const TARGETS: &[Target] = &[
    Target {
        specs: SPEC_DIR,
        src: OUTPUT_DIR,
        surface: Some(SURFACE_FILE),
        manifest: "generated/Cargo.toml",
        config: Some("generated/openapi-rustgen.toml"),
    },
    Target {
        specs: "tests/corpus/public/oai/v3.0/petstore-expanded.yaml",
        src: "tests/petstore/src",
        surface: None,
        manifest: "tests/petstore/Cargo.toml",
        config: None,
    },
    Target {
        specs: "tests/fixtures/streaming.yaml",
        src: "tests/streaming/src",
        surface: None,
        manifest: "tests/streaming/Cargo.toml",
        config: None,
    },
];

pub fn run(root: &Path, check: bool) -> Result<ExitCode> {
    let mut failed = false;
    for (index, target) in TARGETS.iter().enumerate() {
        // The first crate is the workspace's own; the others are there when their manifest is.
        if index > 0 && !root.join(target.manifest).exists() {
            continue;
        }
        failed |= !regen(root, target, check)?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Regenerates (or checks) one crate; whether it went well.
fn regen(root: &Path, target: &Target, check: bool) -> Result<bool> {
    let (specs, output, mut options) = match target.config.map(|c| root.join(c)) {
        Some(file) if file.exists() => configured(root, &file)?,
        _ => (
            read_specs_in(root, target.specs)?,
            target.src.to_owned(),
            openapi_rustgen::Options::default(),
        ),
    };
    let output = output.as_str();
    options.tool = Some("`cargo xtask regen`".to_owned());
    let files = openapi_rustgen::load::Disk::at(root);
    let generated = match openapi_rustgen::generate_from(&specs, &options, &files) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("error: {err}");
            eprintln!("nothing was written: {output} is as it was");
            return Ok(false);
        }
    };
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let mut surface_stale = false;
    if let Some(surface_file) = target.surface {
        let surface_path = root.join(surface_file);
        let previous = fs::read_to_string(&surface_path).ok();
        let surface_text = generated.surface.to_text();
        surface_stale = previous.as_deref() != Some(surface_text.as_str());
        match &previous {
            Some(previous) => {
                let changes = report::diff(&report::Surface::parse(previous), &generated.surface);
                if let Some(text) = report::render(&changes) {
                    print!("{text}");
                }
            }
            None => println!("{surface_file} does not exist yet: no API-change report"),
        }
        if !check && surface_stale {
            fs::write(&surface_path, &surface_text)
                .with_context(|| format!("writing {surface_file}"))?;
        }
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    let report = write::write(&root.join(output), &generated.files, mode)
        .with_context(|| format!("writing {output}"))?;

    let summary = generated.summary;
    // The files the specs refer to are inputs as much as the specs: name each one.
    for file in generated.spec_files.iter().skip(specs.len()) {
        println!("read {file}");
    }
    println!(
        "{}: {} spec file(s), {} operation(s), {} type(s), {} enum value(s), {} warning(s)",
        target.specs,
        generated.spec_files.len(),
        summary.operations,
        summary.types,
        summary.enum_values,
        generated.warnings.len()
    );
    if check {
        if report.is_up_to_date() && !surface_stale {
            println!("{output} is up to date");
            return Ok(true);
        }
        for file in &report.changed {
            eprintln!("stale: {output}/{file}");
        }
        for file in &report.removed {
            eprintln!("stale: {output}/{file} (no longer generated)");
        }
        if surface_stale {
            eprintln!("stale: {}", target.surface.unwrap_or_default());
        }
        eprintln!("run `cargo xtask regen` and commit the result");
        return Ok(false);
    }
    println!(
        "{output}: {} written, {} unchanged, {} removed",
        report.changed.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    Ok(true)
}

/// The specs, output folder (relative to `root`) and options of a crate's configuration.
fn configured(
    root: &Path,
    file: &Path,
) -> Result<(Vec<SpecFile>, String, openapi_rustgen::Options)> {
    let config = openapi_rustgen::Config::load(file)?;
    let specs = read_specs_at(root, &config.spec_files()?)?;
    let out = openapi_rustgen::spec_name(config.out.as_deref().unwrap_or(root), root);
    Ok((specs, out, config.options()))
}

/// Every `.yaml`/`.yml`/`.json` file below `spec/`, sorted by path so the order is stable.
pub fn read_specs(root: &Path) -> Result<Vec<SpecFile>> {
    read_specs_in(root, SPEC_DIR)
}

/// Every spec file below `dir` (relative to `root`), sorted by path, each named by its path
/// relative to `root`.
pub fn read_specs_in(root: &Path, dir: &str) -> Result<Vec<SpecFile>> {
    read_specs_at(root, &spec_paths_in(root, dir)?)
}

/// The spec files below `dir` (relative to `root`), sorted; `dir` itself when it is a file.
pub fn spec_paths_in(root: &Path, dir: &str) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let place = root.join(dir);
    if place.is_file() {
        paths.push(place);
    } else {
        openapi_rustgen::config::collect_specs(&place, &mut paths)
            .with_context(|| format!("reading {}", place.display()))?;
    }
    paths.sort();
    Ok(paths)
}

/// The specs at `paths`, each named by its path relative to `root`, as the headers and
/// messages show them.
pub fn read_specs_at(root: &Path, paths: &[PathBuf]) -> Result<Vec<SpecFile>> {
    let specs = paths
        .iter()
        .map(|path| openapi_rustgen::read_spec(path, root))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch root with one spec and a generated/src holding one file.
    fn scratch(name: &str, spec: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-regen-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join(SPEC_DIR)).unwrap();
        fs::create_dir_all(root.join(OUTPUT_DIR)).unwrap();
        fs::write(root.join(SPEC_DIR).join("a.yaml"), spec).unwrap();
        fs::write(root.join(OUTPUT_DIR).join("lib.rs"), "// before\n").unwrap();
        root
    }

    const GOOD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /op:\n    get:\n      operationId: op\n      parameters: [{name: a, in: query, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n";

    #[test]
    fn a_broken_spec_changes_nothing() {
        let root = scratch("broken", &GOOD.replace("openapi: 3.0.3", "openapi: [3"));
        assert_eq!(run(&root, false).unwrap(), ExitCode::FAILURE);
        let entries: Vec<_> = fs::read_dir(root.join(OUTPUT_DIR)).unwrap().collect();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            fs::read_to_string(root.join(OUTPUT_DIR).join("lib.rs")).unwrap(),
            "// before\n"
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn regen_writes_then_check_passes_and_notices_edits() {
        let root = scratch("good", GOOD);
        assert_eq!(
            run(&root, true).unwrap(),
            ExitCode::FAILURE,
            "stale before regen"
        );
        assert_eq!(run(&root, false).unwrap(), ExitCode::SUCCESS);
        let first = fs::read_to_string(root.join(OUTPUT_DIR).join("types.rs")).unwrap();
        assert_eq!(run(&root, true).unwrap(), ExitCode::SUCCESS);
        assert_eq!(run(&root, false).unwrap(), ExitCode::SUCCESS);
        let second = fs::read_to_string(root.join(OUTPUT_DIR).join("types.rs")).unwrap();
        assert_eq!(first, second, "two regens give identical bytes");
        fs::write(
            root.join(OUTPUT_DIR).join("types.rs"),
            "// edited by hand\n",
        )
        .unwrap();
        assert_eq!(run(&root, true).unwrap(), ExitCode::FAILURE);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_spec_split_across_files_is_read_from_its_entry() {
        let entry = GOOD.replace("{type: string}", "{$ref: 'schemas/name.yaml'}");
        let root = scratch("split", &entry);
        fs::rename(
            root.join(SPEC_DIR).join("a.yaml"),
            root.join(SPEC_DIR).join("openapi.yaml"),
        )
        .unwrap();
        fs::create_dir_all(root.join(SPEC_DIR).join("schemas")).unwrap();
        fs::write(
            root.join(SPEC_DIR).join("schemas/name.yaml"),
            "type: string\nminLength: 1\n",
        )
        .unwrap();
        let specs = read_specs(&root).unwrap();
        let names: Vec<&str> = specs.iter().map(|spec| spec.name.as_str()).collect();
        assert_eq!(names, ["spec/openapi.yaml"]);
        assert_eq!(run(&root, false).unwrap(), ExitCode::SUCCESS);
        fs::remove_dir_all(root).unwrap();
    }
}
