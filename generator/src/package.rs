//! A generated crate as a package of its own: `Cargo.toml` (see `manifest`) and `src/`, and the
//! runtime it depends on, either where it already is or copied beside it, so that the crate
//! builds anywhere (`generator --out`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::Generated;
use crate::manifest;
use crate::write::{self, Mode, WriteReport};

/// Where a package's runtime comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// The runtime crate at this path (absolute, or relative to the package's folder).
    At(PathBuf),
    /// A copy of the runtime the generator was built with, written to `openapi-runtime/`
    /// inside the package.
    Vendored,
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
    let runtime_path = match runtime {
        Runtime::At(path) => path.to_string_lossy().replace('\\', "/"),
        Runtime::Vendored => {
            write_vendored_runtime(&dir.join(VENDORED))?;
            VENDORED.to_owned()
        }
    };
    write_if_changed(
        &dir.join("Cargo.toml"),
        &manifest::crate_manifest(name, &runtime_path, &generated.runtime_features),
    )?;
    write::write(&dir.join("src"), &generated.files, Mode::Write)
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

fn write_vendored_runtime(dir: &Path) -> io::Result<()> {
    write_if_changed(&dir.join("Cargo.toml"), &vendored_manifest())?;
    for (path, contents) in RUNTIME_SOURCES {
        write_if_changed(&dir.join(path), contents)?;
    }
    Ok(())
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

    /// Adds the crate `name` of `generated`.
    pub fn add(&mut self, name: &str, generated: &Generated) -> io::Result<()> {
        write_package(
            &self.dir.join(name),
            name,
            generated,
            &Runtime::At(self.runtime.clone()),
        )?;
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
        let output =
            std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .current_dir(&self.dir)
                // Set when run from a test or `cargo run`: some build scripts (ring's) rerun
                // when it changes, which would rebuild what other cargo calls built.
                .env_remove("CARGO_MANIFEST_DIR")
                // The members are generated code, checked with rustc's lints alone, whatever
                // wrapper the caller's own workspace is built with.
                .env_remove("RUSTC_WORKSPACE_WRAPPER")
                .args(["check", "--workspace", "--keep-going", "--quiet"])
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
    fn the_vendored_manifest_has_no_tests_or_dev_dependencies() {
        let manifest = vendored_manifest();
        assert!(manifest.contains("name = \"openapi-runtime\""));
        assert!(!manifest.contains("[[test]]") && !manifest.contains("[dev-dependencies]"));
        assert!(manifest.contains("[features]"));
    }
}
