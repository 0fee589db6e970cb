//! Scratch crates: generated code written to disk as real crates and checked by cargo, so
//! that a snapshot can never hold code that does not compile.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// A cargo workspace under `target/scratch/NAME` whose members are generated crates. They
/// share one target directory (`target/generated-crates`, with the corpus check), so their
/// dependencies build once across runs.
pub struct ScratchWorkspace {
    dir: PathBuf,
    members: Vec<String>,
}

impl ScratchWorkspace {
    /// A fresh workspace (any previous one of that name is emptied, its build cache kept).
    pub fn new(name: &str) -> Self {
        let dir = workspace_root().join("target/scratch").join(name);
        if let Ok(entries) = fs::read_dir(&dir) {
            for entry in entries.flatten() {
                if entry.file_name() != "target" {
                    let path = entry.path();
                    let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
                }
            }
        }
        fs::create_dir_all(&dir).expect("create the scratch workspace");
        ScratchWorkspace {
            dir,
            members: Vec::new(),
        }
    }

    /// Adds a crate made of `files` (paths below `src/`) with the generated crate's manifest.
    pub fn add_crate(&mut self, name: &str, files: &[generator::GeneratedFile]) {
        let src = self.dir.join(name).join("src");
        fs::create_dir_all(&src).expect("create a scratch crate");
        for file in files {
            fs::write(src.join(&file.path), &file.contents).expect("write a generated file");
        }
        let manifest = fs::read_to_string(workspace_root().join("generated/Cargo.toml"))
            .expect("read generated/Cargo.toml");
        fs::write(
            self.dir.join(name).join("Cargo.toml"),
            generator::manifest::scratch_crate(&manifest, name),
        )
        .expect("write a scratch manifest");
        self.members.push(name.to_owned());
    }

    /// `cargo check` of every member with every feature, warnings denied; the error is
    /// cargo's output.
    pub fn check(&self) -> Result<(), String> {
        let root = workspace_root();
        let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("read Cargo.toml");
        let members: Vec<&str> = self.members.iter().map(String::as_str).collect();
        fs::write(
            self.dir.join("Cargo.toml"),
            generator::manifest::scratch_workspace(
                &manifest,
                &members,
                "Written by the snapshot tests: a scratch workspace of generated crates.",
            ),
        )
        .expect("write the scratch workspace manifest");
        // The same dependency versions as the real workspace.
        fs::copy(root.join("Cargo.lock"), self.dir.join("Cargo.lock")).expect("copy Cargo.lock");
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&self.dir)
            .args(["check", "--workspace", "--all-features", "--quiet"])
            .env("RUSTFLAGS", "-D warnings")
            // Shared with `cargo xtask corpus`: dependencies build once for both.
            .env(
                "CARGO_TARGET_DIR",
                workspace_root().join("target/generated-crates"),
            )
            .output()
            .expect("run cargo check");
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
