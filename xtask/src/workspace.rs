//! Where the workspace is, found when the task runs (never compiled in): the checkout `cargo
//! xtask` was run in, and the target directory cargo uses for it. A binary built in one
//! checkout and run from another (a shared `CARGO_TARGET_DIR`, git worktrees) works on the
//! one it was run in.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The checkout a task works on.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The workspace root: the folder of the root `Cargo.toml`.
    pub root: PathBuf,
}

impl Workspace {
    /// The workspace of this run: xtask's package folder as `cargo run` gives it
    /// (`CARGO_MANIFEST_DIR`, set at run time), else the one `cargo locate-project` finds from
    /// the current directory.
    pub fn find() -> Result<Workspace> {
        let root = match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(xtask) => Path::new(&xtask)
                .parent()
                .context("xtask's package is inside the workspace")?
                .to_path_buf(),
            None => locate_project()?,
        };
        Ok(Workspace { root })
    }

    /// Cargo's target directory for the workspace (`CARGO_TARGET_DIR`, or `target/` below
    /// the root), as `cargo metadata` reports it.
    pub fn target_dir(&self) -> Result<PathBuf> {
        target_dir(&self.root)
    }
}

/// The cargo that runs xtask, without the `CARGO_MANIFEST_DIR` that `cargo run` gave this
/// process: ring's build script reruns when that variable changes, and with it everything
/// built on ring, so a cargo call that passed it on would rebuild what others built. Nor does
/// it pass on a `RUSTC_WORKSPACE_WRAPPER` that xtask was built with (`.ci/run` builds it with
/// clippy-driver): the calls that lint say so ([`crate::test::Lints`]).
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    command
}

fn locate_project() -> Result<PathBuf> {
    let output = cargo()
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .output()
        .context("running cargo locate-project")?;
    if !output.status.success() {
        bail!(
            "cargo locate-project found no workspace here: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let manifest = PathBuf::from(String::from_utf8(output.stdout)?.trim());
    Ok(manifest
        .parent()
        .context("a manifest is in a folder")?
        .to_path_buf())
}

/// The target directory cargo uses for the workspace at `root`, from `cargo metadata`.
fn target_dir(root: &Path) -> Result<PathBuf> {
    let output = cargo()
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let target = metadata["target_directory"]
        .as_str()
        .context("cargo metadata names the target directory")?;
    Ok(PathBuf::from(target))
}
