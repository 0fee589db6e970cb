//! A generated crate as a package of its own: `Cargo.toml` (see `manifest`) and `src/`, and the
//! runtime it depends on: where it already is, from the registry or git, or copied beside it
//! so that the crate builds anywhere (`openapi-rustgen`'s default, until the runtime is
//! published).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::Generated;
use crate::manifest::{self, CrateManifest};
use crate::write::{self, Mode, WriteReport};

/// Where a package's runtime comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// The runtime crate at this path (absolute, or relative to the package's folder).
    At(PathBuf),
    /// A copy of the runtime the generator was built with, written to this folder (relative
    /// to the package's): `openapi-runtime` inside it by default, or a folder that several
    /// generated crates share (`../openapi-runtime`), so that a workspace has one runtime.
    Copy(PathBuf),
    /// The runtime from the registry, at this version requirement.
    Version(String),
    /// The runtime from a git repository, at a branch, tag or rev if one is given.
    Git {
        url: String,
        reference: Option<GitReference>,
    },
}

/// Which commit of a git dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitReference {
    Branch(String),
    Tag(String),
    Rev(String),
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime::Copy(PathBuf::from(VENDORED))
    }
}

impl Runtime {
    /// The runtime a configuration names (a copy inside the crate when it names none).
    pub fn from_config(source: &crate::config::RuntimeSource) -> Runtime {
        if let Some(path) = &source.path {
            return Runtime::At(path.clone());
        }
        if let Some(version) = &source.version {
            return Runtime::Version(version.clone());
        }
        if let Some(url) = &source.git {
            let reference = (source.branch.clone().map(GitReference::Branch))
                .or_else(|| source.tag.clone().map(GitReference::Tag))
                .or_else(|| source.rev.clone().map(GitReference::Rev));
            return Runtime::Git {
                url: url.clone(),
                reference,
            };
        }
        Runtime::Copy(
            source
                .copy
                .clone()
                .unwrap_or_else(|| PathBuf::from(VENDORED)),
        )
    }

    /// The dependency entry's inside, without features.
    fn entry(&self) -> String {
        let path = |path: &Path| path.to_string_lossy().replace('\\', "/");
        match self {
            Runtime::At(dir) | Runtime::Copy(dir) => format!("path = {:?}", path(dir)),
            Runtime::Version(version) => format!("version = {version:?}"),
            Runtime::Git { url, reference } => {
                let reference = match reference {
                    Some(GitReference::Branch(b)) => format!(", branch = {b:?}"),
                    Some(GitReference::Tag(t)) => format!(", tag = {t:?}"),
                    Some(GitReference::Rev(r)) => format!(", rev = {r:?}"),
                    None => String::new(),
                };
                format!("git = {url:?}{reference}")
            }
        }
    }
}

/// What a package's manifest says beyond its code: from the configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackageSettings {
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
    pub runtime: Runtime,
    /// More dependencies of the crate (what replacements and derives need).
    pub dependencies: toml::Table,
    pub parts: crate::model::Parts,
    /// Deny warnings through `[lints]`: for this repository's own checks, never for a user.
    pub deny_warnings: bool,
}

/// The runtime's manifest and `src/` files, as the generator was built with them (the build
/// script lists every file).
const RUNTIME_MANIFEST: &str = include_str!("../runtime/Cargo.toml");
const RUNTIME_SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/runtime_sources.rs"));

/// The folder of a vendored runtime inside a package.
const VENDORED: &str = "openapi-runtime";

/// Writes the package `name` of `generated` into `dir`: its manifest and `src/` (files the
/// generator no longer makes are removed), and the runtime if it is vendored.
pub fn write_package(
    dir: &Path,
    name: &str,
    generated: &Generated,
    runtime: &Runtime,
) -> io::Result<WriteReport> {
    let settings = PackageSettings {
        name: name.to_owned(),
        runtime: runtime.clone(),
        ..PackageSettings::default()
    };
    write_configured(dir, &settings, generated, Mode::Write)
}

/// Writes (or, with [`Mode::Check`], compares) the package `generated` with `settings` in
/// `dir`; the report covers the manifest and `src/` (the runtime's copy is written only).
pub fn write_configured(
    dir: &Path,
    settings: &PackageSettings,
    generated: &Generated,
    mode: Mode,
) -> io::Result<WriteReport> {
    let manifest = package_manifest(settings, generated);
    // Paths in the report are relative to the package's folder.
    let mut report = write::write(&dir.join("src"), &generated.files, mode)?;
    for list in [
        &mut report.changed,
        &mut report.unchanged,
        &mut report.removed,
    ] {
        for path in list.iter_mut() {
            *path = format!("src/{path}");
        }
    }
    for (path, contents) in [("Cargo.toml".to_owned(), manifest)]
        .into_iter()
        .chain(match &settings.runtime {
            Runtime::Copy(copy) => runtime_files(&generated.runtime_features)
                .into_iter()
                .map(|(path, contents)| {
                    let path = copy.join(path).to_string_lossy().replace('\\', "/");
                    (path, contents)
                })
                .collect(),
            _ => Vec::new(),
        })
    {
        let target = dir.join(&path);
        let current = fs::read_to_string(&target).ok();
        if current.as_deref() == Some(contents.as_str()) {
            report.unchanged.push(path);
        } else {
            if mode == Mode::Write {
                write_if_changed(&target, &contents)?;
            }
            report.changed.push(path);
        }
    }
    Ok(report)
}

/// The manifest of a package.
pub fn package_manifest(settings: &PackageSettings, generated: &Generated) -> String {
    CrateManifest {
        name: &settings.name,
        version: settings.version.as_deref(),
        description: settings.description.as_deref(),
        license: settings.license.as_deref(),
        runtime: settings.runtime.entry(),
        runtime_features: &generated.runtime_features,
        parts: settings.parts,
        tag_features: &generated.tag_features,
        dependencies: &settings.dependencies,
        deny_warnings: settings.deny_warnings,
    }
    .render()
}

/// The runtime's manifest without what only its own repository has (tests, dev-dependencies).
fn vendored_manifest() -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in RUNTIME_MANIFEST.lines() {
        if line.starts_with('[') {
            skipping = line.starts_with("[[test]]") || line.starts_with("[dev-dependencies]");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The files of a copy of the runtime: its manifest and sources, without its tests (files of
/// tests, and the test modules at the end of source files) and without the modules of the
/// runtime features `features` do not name (a profile's, such as cPanel's).
fn runtime_files(features: &[String]) -> Vec<(String, String)> {
    let unused: Vec<&str> = crate::emit::runtime::FEATURE_MODULES
        .iter()
        .filter(|(feature, _)| {
            let name = crate::emit::runtime::feature_name(*feature);
            !features.iter().any(|wanted| wanted == name)
        })
        .map(|(_, module)| *module)
        .collect();
    let mut files = vec![("Cargo.toml".to_owned(), vendored_manifest())];
    for (path, contents) in RUNTIME_SOURCES {
        let is_test = path.ends_with("/tests.rs") || path.ends_with("_tests.rs");
        if is_test || unused.contains(path) {
            continue;
        }
        files.push(((*path).to_owned(), without_tests(contents)));
    }
    files
}

/// `source` without its `#[cfg(test)]` modules (`mod tests;` or `mod tests { ... }`, as
/// rustfmt writes them: the attribute and the item at the start of lines, the closing brace
/// alone on its line).
fn without_tests(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        if line == "#[cfg(test)]" {
            let mut attributes = Vec::new();
            while let Some(next) = lines.peek().filter(|l| l.starts_with("#[")) {
                attributes.push(*next);
                lines.next();
            }
            match lines.peek().copied() {
                Some("mod tests;") => {
                    lines.next();
                    continue;
                }
                Some("mod tests {") => {
                    for inner in lines.by_ref() {
                        if inner == "}" {
                            break;
                        }
                    }
                    continue;
                }
                _ => {
                    out.push_str(line);
                    out.push('\n');
                    for attribute in attributes {
                        out.push_str(attribute);
                        out.push('\n');
                    }
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    // A blank line left before what was cut.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn write_if_changed(path: &Path, contents: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    if fs::read_to_string(path).ok().as_deref() != Some(contents) {
        fs::write(path, contents)?;
    }
    Ok(())
}

/// A cargo workspace of generated crates in a scratch folder, checked by cargo in one
/// invocation (`cargo xtask corpus` uses it).
pub struct ScratchWorkspace {
    dir: PathBuf,
    runtime: PathBuf,
    members: Vec<String>,
}

impl ScratchWorkspace {
    /// A workspace in `dir` whose crates use the runtime at `runtime` (absolute). Files of
    /// members not added again are left in place, so their build cache stays useful.
    pub fn new(dir: &Path, runtime: &Path) -> Self {
        ScratchWorkspace {
            dir: dir.to_path_buf(),
            runtime: runtime.to_path_buf(),
            members: Vec::new(),
        }
    }

    /// Adds the crate `name` of `generated`. Its manifest denies warnings: the generated
    /// crates this repository checks compile without any (a crate for a user sets no lints).
    /// Through `[lints]`, not `RUSTFLAGS`, so that dependencies built for another workspace
    /// with the same features are reused rather than built again.
    pub fn add(&mut self, name: &str, generated: &Generated) -> io::Result<()> {
        let settings = PackageSettings {
            name: name.to_owned(),
            runtime: Runtime::At(self.runtime.clone()),
            deny_warnings: true,
            ..PackageSettings::default()
        };
        write_configured(&self.dir.join(name), &settings, generated, Mode::Write)?;
        self.members.push(name.to_owned());
        Ok(())
    }

    /// Adds the member `name` from `files`: each one's path in the member's folder, and its
    /// contents.
    pub fn add_files(&mut self, name: &str, files: &[(&str, &str)]) -> io::Result<()> {
        for (path, contents) in files {
            write_if_changed(&self.dir.join(name).join(path), contents)?;
        }
        self.members.push(name.to_owned());
        Ok(())
    }

    /// Writes the workspace's manifest, and `lock` (the repository's `Cargo.lock`) so that
    /// the crates build with the versions the repository uses.
    pub fn finish(&self, lock: Option<&Path>) -> io::Result<()> {
        let members: Vec<&str> = self.members.iter().map(String::as_str).collect();
        write_if_changed(
            &self.dir.join("Cargo.toml"),
            &manifest::scratch_workspace(
                &members,
                "Written by the generator's tools: a scratch workspace of generated crates.",
            ),
        )?;
        if let Some(lock) = lock {
            fs::copy(lock, self.dir.join("Cargo.lock"))?;
        }
        Ok(())
    }

    /// `cargo check` of every member with `args` (`--all-features`, say) and the target
    /// directory `target`; `Err` with cargo's output when it fails.
    pub fn check(&self, target: &Path, args: &[&str]) -> Result<(), String> {
        let mut all = vec!["--workspace"];
        all.extend_from_slice(args);
        self.check_some(target, &all)
    }

    /// `cargo check` with `args` alone: the members they name (`-p NAME`), so that features
    /// given to those do not reach the dependencies of the others, which would then be
    /// checked again.
    pub fn check_some(&self, target: &Path, args: &[&str]) -> Result<(), String> {
        let output =
            std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .current_dir(&self.dir)
                // Set when run from a test or `cargo run`: some build scripts (ring's) rerun
                // when it changes, which would rebuild what other cargo calls built.
                .env_remove("CARGO_MANIFEST_DIR")
                // The members are generated code, checked with rustc's lints alone, whatever
                // wrapper the caller's own workspace is built with.
                .env_remove("RUSTC_WORKSPACE_WRAPPER")
                .args(["check", "--keep-going", "--quiet"])
                .args(args)
                .env("CARGO_TARGET_DIR", target)
                .output()
                .map_err(|err| format!("running cargo: {err}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_is_embedded_whole() {
        let paths: Vec<&str> = RUNTIME_SOURCES.iter().map(|(path, _)| *path).collect();
        for expected in ["src/lib.rs", "src/client/mod.rs", "src/server/path.rs"] {
            assert!(paths.contains(&expected), "{expected} in {paths:?}");
        }
        let lib = RUNTIME_SOURCES
            .iter()
            .find(|(p, _)| *p == "src/lib.rs")
            .unwrap()
            .1;
        assert!(lib.contains("pub mod operation;"));
    }

    #[test]
    fn a_copy_of_the_runtime_has_no_tests_and_its_cpanel_module_only_when_needed() {
        let plain = runtime_files(&[]);
        let paths: Vec<&str> = plain.iter().map(|(path, _)| path.as_str()).collect();
        assert!(paths.contains(&"src/reply.rs") && !paths.contains(&"src/cpanel.rs"));
        assert!(!paths.iter().any(|p| p.ends_with("tests.rs")), "{paths:?}");
        for (path, contents) in &plain {
            assert!(!contents.contains("#[cfg(test)]"), "{path}");
        }
        let cpanel = runtime_files(&["cpanel".to_owned()]);
        assert!(cpanel.iter().any(|(path, _)| path == "src/cpanel.rs"));
        let cut = without_tests(
            "fn a() {}\n\n#[cfg(test)]\n#[path = \"x.rs\"]\nmod tests;\n#[cfg(test)]\nfn helper() {}\n\n#[cfg(test)]\nmod tests {\n    fn b() {}\n}\n",
        );
        assert_eq!(cut, "fn a() {}\n\n#[cfg(test)]\nfn helper() {}\n");
    }

    #[test]
    fn the_scratch_workspace_denies_warnings_in_its_members() {
        let dir = std::env::temp_dir().join(format!("rustgen-scratch-{}", std::process::id()));
        let spec = crate::SpecFile {
            name: "a.yaml".into(),
            contents: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
        };
        let generated = crate::generate(&[spec]).unwrap();
        let mut scratch = ScratchWorkspace::new(&dir, Path::new("/runtime"));
        scratch.add("member", &generated).unwrap();
        let manifest = fs::read_to_string(dir.join("member/Cargo.toml")).unwrap();
        assert!(
            manifest.ends_with("\n[lints.rust]\nwarnings = \"deny\"\n"),
            "{manifest}"
        );
        assert!(manifest.contains("openapi-runtime = { path = \"/runtime\" }"));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_runtime_is_named_as_the_configuration_says() {
        use crate::config::RuntimeSource;
        let entry = |source: RuntimeSource| Runtime::from_config(&source).entry();
        assert_eq!(
            entry(RuntimeSource::default()),
            "path = \"openapi-runtime\""
        );
        let git = RuntimeSource {
            git: Some("https://example.com/r.git".into()),
            rev: Some("abc".into()),
            ..RuntimeSource::default()
        };
        assert_eq!(
            entry(git),
            "git = \"https://example.com/r.git\", rev = \"abc\""
        );
        let version = RuntimeSource {
            version: Some("0.1".into()),
            ..RuntimeSource::default()
        };
        assert_eq!(entry(version), "version = \"0.1\"");
    }

    #[test]
    fn the_vendored_manifest_has_no_tests_or_dev_dependencies() {
        let manifest = vendored_manifest();
        assert!(manifest.contains("name = \"openapi-runtime\""));
        assert!(!manifest.contains("[[test]]") && !manifest.contains("[dev-dependencies]"));
        assert!(manifest.contains("[features]"));
    }
}
