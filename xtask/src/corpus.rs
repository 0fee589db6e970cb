//! `cargo xtask corpus`: a crate from each description of `tests/corpus/` (cPanel's own in
//! `cpanel/`, public third-party ones in `public/`, ours in `own/`), one from cPanel's WHM API 1
//! files together (their names must not collide), and one from each fixture spec of
//! `tests/fixtures/` (whose code the snapshot tests compare, but do not compile), each
//! `cargo check`ed with the `client` and `server` features and built with default features,
//! warnings denied, by the examples' runner (`crate::examples`), which then reads each
//! document's own examples into their generated types and writes them back. A crate with
//! per-tag features (cPanel's UAPI, Box, OpenAI, and the fixture [`TAG_FEATURE_FIXTURES`]) has
//! `full` in both, and is checked besides with no tag, one and two (see `tag_checks`). Under
//! `cargo xtask test` ([`Checks::Ci`]) every crate's examples round-trip, but the crates of
//! [`CORPUS_ONLY`] get no client and server check and no per-tag checks.
//!
//! Why client, server and stream, not all features: they are the only features generated
//! code tests (`cfg(feature = ...)`), so together they compile all of it (but a server
//! method's whole-body form for an answer that streams, `cfg(not(feature = "stream"))`). The
//! others a generated crate
//! offers (`rustls`, `native-tls`, `http2`, see `openapi_rustgen::manifest`) only turn on the
//! runtime's features of the same names, which change the runtime's TLS and HTTP/2 internals,
//! not what generated code calls. Leaving them out spares this target directory ring's C code,
//! OpenSSL, rustls and h2; the runtime with every feature, and generated code on top of it
//! (`whm-api`, `petstore-api`), is built and linted by the workspace's own build.
//!
//! The crates are members of one scratch workspace (`<target>/corpus/`), checked by one cargo
//! invocation per feature set with one target directory, so their dependencies and the runtime
//! build once.

use anyhow::{Context, Result, bail};
use openapi_rustgen::SpecFile;
use openapi_rustgen::package::ScratchWorkspace;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::workspace::Workspace;

/// The corpus, relative to the workspace root.
pub const CORPUS_DIR: &str = "tests/corpus";
/// cPanel's descriptions, below the corpus.
pub const CPANEL_DIR: &str = "tests/corpus/cpanel";
/// The tests' fixture specs, relative to the workspace root. Their crates are checked here
/// rather than by the snapshot test, because this target directory already has the
/// dependencies in check mode, and the test's would compile them all a second time.
pub const FIXTURES_DIR: &str = "tests/fixtures";

/// A member of the corpus's workspace that only turns on features: those that the check with
/// client and server features turns on (through the HTTP stack's dependencies) in crates that
/// the check with default features also compiles. Both checks then compile those crates (serde
/// and syn among them) with the same features, so the second finds them checked, rather than
/// check them and everything built on them again (about 10 s of CPU). Generated code uses none
/// of these features, so the default-feature check still checks what it did.
const SHARED_FEATURES: &str = "corpus-shared-features";

/// The files of [`SHARED_FEATURES`]. Build dependencies are those of proc macros (serde's
/// derive): cargo gives them features apart from the rest.
const SHARED_FEATURES_FILES: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        r#"[package]
name = "corpus-shared-features"
version = "0.0.0"
edition = "2024"
publish = false
build = "build.rs"

[lib]
path = "lib.rs"

[dependencies]
memchr = "2"
serde_core = "1"

[build-dependencies]
proc-macro2 = "1"
quote = "1"
syn = { version = "3", features = ["full"] }
"#,
    ),
    ("lib.rs", "//! Features only: see xtask's `corpus.rs`.\n"),
    ("build.rs", "fn main() {}\n"),
];

/// The crate of cPanel's WHM API 1 files together.
const WHM_ALL: &str = "corpus-cpanel-whm-all";

/// What a crate whose examples are not round-tripped gives the runner: nothing.
static NO_EXAMPLES: openapi_rustgen::examples::Examples = openapi_rustgen::examples::Examples {
    checked: Vec::new(),
    breaking: 0,
    unchecked: 0,
};

/// The crates whose client and server check and per-tag checks `cargo xtask test`
/// ([`Checks::Ci`]) leaves to `cargo xtask corpus`: the largest public documents (Box and
/// OpenAI, whose crates cost the most to compile; Adyen's and Discourse's, 11,000 to 28,000
/// lines each). CI has time for their examples' round-trip (the runner builds them with
/// default features, which compiles their types and operations) but not for these checks
/// too; the client and server code they would check is written by the same emitters as that
/// of the crates CI does check (cPanel's UAPI among them, with its per-tag features).
pub const CORPUS_ONLY: &[&str] = &[
    "corpus-box",
    "corpus-openai",
    "corpus-adyen-balanceplatformservice-v2",
    "corpus-adyen-checkoutservice-v71",
    "corpus-adyen-legalentityservice-v4",
    "corpus-adyen-managementservice-v3",
    "corpus-adyen-transferservice-v4",
    "corpus-discourse",
];

/// What generating one crate gave.
struct Row {
    name: String,
    operations: usize,
    types: usize,
    warnings: usize,
    lines: usize,
    /// The document's own examples: checked by the runner, and breaking their own schema.
    examples: usize,
    breaking: usize,
    took: Duration,
}

/// Which `cargo check`s the corpus gets.
#[derive(Clone, Copy, PartialEq)]
pub enum Checks {
    /// None: generation only.
    None,
    /// Every crate with default features and with client and server features.
    Full,
    /// As [`Checks::Full`], but the crates of [`CORPUS_ONLY`] without the client and server
    /// check and the per-tag checks: the examples' runner still builds them with default
    /// features and round-trips their examples.
    Ci,
}

/// Generates and checks the corpus; `out` gets the report (the table, warnings, errors).
pub fn run(ws: &Workspace, checks: Checks, verbose: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let specs = read_corpus(&ws.root)?;
    if specs.is_empty() {
        bail!("{CORPUS_DIR} holds no spec files");
    }
    let fixtures = crate::regen::read_specs_in(&ws.root, FIXTURES_DIR)?;
    if fixtures.is_empty() {
        bail!("{FIXTURES_DIR} holds no spec files");
    }
    let mut crates: Vec<(String, Vec<SpecFile>)> = specs
        .iter()
        .map(|spec| (crate_name(&spec.name), vec![spec.clone()]))
        .collect();
    let whm: Vec<SpecFile> = specs
        .iter()
        .filter(|spec| spec.name.starts_with(CPANEL_DIR) && !spec.name.contains("uapi"))
        .cloned()
        .collect();
    crates.push((WHM_ALL.to_owned(), whm));
    crates.extend(
        fixtures
            .into_iter()
            .map(|spec| (crate_name(&spec.name), vec![spec])),
    );

    // Each crate is generated on its own thread, up to one per core.
    let files = openapi_rustgen::load::Disk::at(&ws.root);
    let results = openapi_rustgen::pool::map(&crates, |(_, specs)| {
        let started = Instant::now();
        let forced = specs
            .iter()
            .any(|spec| TAG_FEATURE_FIXTURES.contains(&&*spec.name));
        let options = openapi_rustgen::Options {
            tag_features: forced.then_some(true),
            ..Default::default()
        };
        let generated = openapi_rustgen::generate_from(specs, &options, &files);
        (generated, started.elapsed())
    });

    let target = ws.target_dir()?;
    let mut scratch =
        ScratchWorkspace::new(&target.join("corpus"), &ws.root.join("generator/runtime"));
    let mut rows = Vec::new();
    // Crates with per-tag features: those this run checks tag by tag, and all of them.
    let mut gated = Vec::new();
    let mut with_tags = Vec::new();
    let mut failed = false;
    let mut examples = Vec::new();
    for ((name, _), (generated, took)) in crates.iter().zip(results) {
        let generated = match generated {
            Ok(generated) => generated,
            Err(err) => {
                writeln!(out, "error: {name}: {err}")?;
                failed = true;
                continue;
            }
        };
        print_warnings(name, &generated.warnings, verbose, out)?;
        // A crate this run does not check has no feature checks either; the runner builds
        // every crate with per-tag features with all of them.
        let unchecked = checks == Checks::Ci && CORPUS_ONLY.contains(&name.as_str());
        if !generated.tag_features.is_empty() {
            with_tags.push(name.clone());
            if !unchecked {
                gated.push((name.clone(), generated.tag_features.clone()));
            }
        }
        rows.push(Row {
            name: name.clone(),
            operations: generated.summary.operations,
            types: generated.summary.types,
            warnings: generated.warnings.len(),
            lines: generated
                .files
                .iter()
                .map(|file| file.contents.lines().count())
                .sum(),
            examples: generated.examples.checked.len(),
            breaking: generated.examples.breaking,
            took,
        });
        scratch
            .add(name, &generated)
            .with_context(|| format!("writing the crate {name}"))?;
        examples.push((name.clone(), generated.examples));
    }
    // Every crate is built with default features, and its examples round-trip.
    let runner_crates: Vec<(&str, &openapi_rustgen::examples::Examples)> = rows
        .iter()
        .zip(&examples)
        // The WHM files together repeat the examples of each WHM file.
        .map(|(row, (name, found))| {
            (
                name.as_str(),
                if row.name == WHM_ALL {
                    &NO_EXAMPLES
                } else {
                    found
                },
            )
        })
        .collect();
    let whole: Vec<&str> = with_tags.iter().map(String::as_str).collect();
    let runner = crate::examples::runner_files(&runner_crates, &whole);
    let runner: Vec<(&str, &str)> = runner
        .iter()
        .map(|(path, contents)| (path.as_str(), contents.as_str()))
        .collect();
    scratch
        .add_files(crate::examples::RUNNER, &runner)
        .context("writing the examples' runner")?;
    scratch
        .add_files(SHARED_FEATURES, SHARED_FEATURES_FILES)
        .context("writing the crate that unifies the checks' features")?;
    scratch
        .finish(Some(&ws.root.join("Cargo.lock")))
        .context("writing the corpus workspace")?;

    writeln!(
        out,
        "{:<40} {:>10} {:>6} {:>9} {:>8} {:>9} {:>9} {:>10}",
        "crate", "operations", "types", "warnings", "lines", "examples", "breaking", "generation"
    )?;
    for row in &rows {
        writeln!(
            out,
            "{:<40} {:>10} {:>6} {:>9} {:>8} {:>9} {:>9} {:>8.0}ms",
            row.name,
            row.operations,
            row.types,
            row.warnings,
            row.lines,
            row.examples,
            row.breaking,
            row.took.as_secs_f64() * 1000.0
        )?;
    }
    let counted = rows.iter().filter(|row| row.name != WHM_ALL);
    let (checked, breaking) = counted.fold((0, 0), |(checked, breaking), row| {
        (checked + row.examples, breaking + row.breaking)
    });
    writeln!(
        out,
        "examples: {checked} to round-trip, {breaking} breaking their own schema (warnings above)"
    )?;
    if failed {
        writeln!(
            out,
            "generation failed for some corpus file; see the errors above"
        )?;
        return Ok(ExitCode::FAILURE);
    }
    if checks == Checks::None {
        return Ok(ExitCode::SUCCESS);
    }
    let checks_target = checks_target(ws)?;
    // Client and server features: every crate but those CI leaves to `cargo xtask corpus`, a
    // crate with per-tag features with all of them.
    let mut excluded = vec!["--exclude", crate::examples::RUNNER];
    if checks == Checks::Ci {
        CORPUS_ONLY
            .iter()
            .for_each(|name| excluded.extend(["--exclude", name]));
    }
    let client_server = [CHECKED_FEATURES.to_owned()]
        .into_iter()
        .chain(gated.iter().map(|(name, _)| format!("{name}/full")))
        .collect::<Vec<_>>()
        .join(",");
    let started = Instant::now();
    let result = scratch.check(
        &checks_target,
        &[&["--features", client_server.as_str()][..], &excluded].concat(),
    );
    writeln!(
        out,
        "cargo check, client and server features, of {} crate(s): {} in {:.1}s",
        rows.iter()
            .filter(|row| !(checks == Checks::Ci && CORPUS_ONLY.contains(&row.name.as_str())))
            .count(),
        if result.is_ok() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    )?;
    if let Err(output) = result {
        writeln!(out, "{output}")?;
        return Ok(ExitCode::FAILURE);
    }
    // Crates with per-tag features, with none, one and two of their tags.
    for (label, args) in tag_checks(&gated) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let started = Instant::now();
        let result = scratch.check_some(&checks_target, &args);
        writeln!(
            out,
            "cargo check, {label}, of {} crate(s): {} in {:.1}s",
            gated.len(),
            if result.is_ok() { "ok" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        )?;
        if let Err(output) = result {
            writeln!(out, "{output}")?;
            return Ok(ExitCode::FAILURE);
        }
    }
    // Default features: the examples' runner depends on the crates so built, so its build is
    // their check, warnings denied; then it reads each example into its type and writes it
    // back. After the client and server check, it finds the build scripts and proc macros
    // built.
    let started = Instant::now();
    let result = crate::examples::run(&target.join("corpus"), &checks_target);
    let report = match &result {
        Ok(report) | Err(report) => report,
    };
    write!(out, "{report}")?;
    writeln!(
        out,
        "cargo run of {}, default features, of {} crate(s): {} in {:.1}s",
        crate::examples::RUNNER,
        runner_crates.len(),
        if result.is_ok() { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    )?;
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A crate's warnings: each one with `verbose`, else each kind once, with how often it was
/// given and its first place.
fn print_warnings(
    name: &str,
    warnings: &[openapi_rustgen::Warning],
    verbose: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if verbose {
        for warning in warnings {
            writeln!(out, "warning: {warning}")?;
        }
        return Ok(());
    }
    let mut kinds: Vec<(&str, usize, &openapi_rustgen::Warning)> = Vec::new();
    for warning in warnings {
        match kinds
            .iter_mut()
            .find(|(message, _, _)| *message == warning.message)
        {
            Some((_, count, _)) => *count += 1,
            None => kinds.push((&warning.message, 1, warning)),
        }
    }
    for (message, count, first) in kinds {
        let more = if count > 1 {
            format!(" (and {} more like it)", count - 1)
        } else {
            String::new()
        };
        writeln!(
            out,
            "warning: {name}: {} at {}: {message}{more}",
            first.file, first.pointer
        )?;
    }
    Ok(())
}

/// The target directory of the corpus's checks: one of its own, as `cargo xtask test` runs the
/// corpus beside the tests, whose cargo calls would otherwise wait for this one's lock on the
/// workspace's. Its dependencies, checked with the [`CHECKED_FEATURES`], serve `cargo doc` too.
pub fn checks_target(ws: &Workspace) -> Result<std::path::PathBuf> {
    Ok(ws.target_dir()?.join("generated-crates"))
}

/// The features of the second check: every feature generated code tests (see the module doc).
pub const CHECKED_FEATURES: &str = "client,server,stream";

/// Fixtures generated with per-tag features, which they are too small to get by default.
pub const TAG_FEATURE_FIXTURES: &[&str] = &["tests/fixtures/tag_features.yaml"];

/// The checks of the crates with per-tag features (`gated`: each crate and its features) beyond
/// all of them: with client and server and no tag, and with one tag; with two tags and
/// neither client nor server. Every item a feature leaves out must take with it what only it
/// used, and nothing another needs: these catch an unused import, dead code or a missing type.
/// Each check compiles only the gated items of one or two tags, a few seconds for UAPI.
fn tag_checks(gated: &[(String, Vec<String>)]) -> Vec<(String, Vec<String>)> {
    if gated.is_empty() {
        return Vec::new();
    }
    let check = |label: &str, features: &dyn Fn(&[String]) -> Vec<&str>| {
        // With the member that unifies features, so that the dependencies are those the
        // workspace's checks built, not built again with other features.
        let mut args = vec!["-p".to_owned(), SHARED_FEATURES.to_owned()];
        let mut named = Vec::new();
        for (name, tags) in gated {
            args.extend(["-p".to_owned(), name.clone()]);
            named.extend(features(tags).into_iter().map(|f| format!("{name}/{f}")));
        }
        if !named.is_empty() {
            args.push(format!("--features={}", named.join(",")));
        }
        (format!("per-tag features, {label}"), args)
    };
    vec![
        check("client and server, no tag", &|_| vec!["client", "server"]),
        check("client and server, one tag", &|tags| {
            ["client", "server"]
                .into_iter()
                .chain(tags.first().map(String::as_str))
                .collect()
        }),
        check("two tags", &|tags| {
            tags.iter().take(2).map(String::as_str).collect()
        }),
    ]
}

/// Documents of the corpus split across files whose entry is not named `openapi.yaml`, by
/// their entry file. The other files of an entry's folder are parts the entry refers to, not
/// documents. (A folder whose entry is named `openapi.yaml` is found without being listed: see
/// `openapi_rustgen::config::collect_specs`.)
pub const SPLIT_DOCUMENTS: &[&str] = &["tests/corpus/public/decentraland-catalyst/catalyst.yaml"];

/// Every document of the corpus, sorted by path: each `.yml`/`.yaml`/`.json` file, but for
/// the [`SPLIT_DOCUMENTS`], which are read from their entries (their parts are not read here).
pub fn read_corpus(root: &Path) -> Result<Vec<SpecFile>> {
    let folders: Vec<PathBuf> = SPLIT_DOCUMENTS
        .iter()
        .filter_map(|entry| root.join(entry).parent().map(Path::to_path_buf))
        .collect();
    let mut paths: Vec<PathBuf> = crate::regen::spec_paths_in(root, CORPUS_DIR)?
        .into_iter()
        .filter(|path| !folders.iter().any(|folder| path.starts_with(folder)))
        .chain(SPLIT_DOCUMENTS.iter().map(|entry| root.join(entry)))
        .collect();
    paths.sort();
    crate::regen::read_specs_at(root, &paths)
}

/// `tests/corpus/public/oai/v3.0/petstore.yaml` -> `corpus-oai-v3-0-petstore`,
/// `tests/fixtures/naming.yaml` -> `fixture-naming`.
fn crate_name(spec: &str) -> String {
    let (prefix, relative) = match spec.strip_prefix(FIXTURES_DIR) {
        Some(relative) => ("fixture", relative),
        None => ("corpus", spec.strip_prefix(CORPUS_DIR).unwrap_or(spec)),
    };
    let relative = relative.trim_start_matches('/');
    let relative = relative
        .strip_prefix("public/")
        .or_else(|| relative.strip_prefix("cpanel/"))
        .unwrap_or(relative);
    let stem = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{name}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn crate_names_come_from_the_path_below_the_corpus() {
        assert_eq!(
            super::crate_name("tests/corpus/public/oai/v3.0/petstore.yaml"),
            "corpus-oai-v3-0-petstore"
        );
        assert_eq!(
            super::crate_name("tests/corpus/cpanel/cpanel-uapi-openapi.yml"),
            "corpus-cpanel-uapi-openapi"
        );
        assert_eq!(
            super::crate_name("tests/fixtures/create_user_session_breaking.yaml"),
            "fixture-create-user-session-breaking"
        );
    }
    /// The lists that CI goes by name a crate of the corpus each: a renamed document would
    /// otherwise leave them silently.
    #[test]
    fn the_crates_ci_leaves_out_are_in_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let names: Vec<String> = super::read_corpus(&root)
            .unwrap()
            .iter()
            .map(|spec| super::crate_name(&spec.name))
            .collect();
        for name in super::CORPUS_ONLY {
            assert!(names.iter().any(|known| known == name), "{name}");
        }
    }
}
