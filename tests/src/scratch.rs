//! Scratch crates: generated code written to disk as real crates and checked by cargo, so
//! that a snapshot can never hold code that does not compile.

use std::path::Path;

use generator::package::ScratchWorkspace;

use crate::{target_dir, workspace_root};

/// A scratch workspace `name` below the target directory, its crates using this checkout's
/// runtime.
pub fn workspace(name: &str) -> ScratchWorkspace {
    ScratchWorkspace::new(
        &target_dir().join("scratch").join(name),
        &workspace_root().join("generator/runtime"),
    )
}

/// Writes the workspace's manifest and `cargo check`s every crate in it with every feature
/// (warnings are denied by the crates' own manifests); the error is cargo's output. The
/// target directory is the workspace's own, so the runtime and its dependencies, compiled
/// there already, are not compiled again.
pub fn check(workspace: &ScratchWorkspace) -> Result<(), String> {
    workspace
        .finish(Some(&workspace_root().join("Cargo.lock")))
        .map_err(|err| format!("writing the scratch workspace: {err}"))?;
    workspace.check(&target_dir(), &["--all-features"])
}

/// The folder of a scratch workspace, for messages.
pub fn describe(workspace: &ScratchWorkspace) -> &Path {
    workspace.dir()
}
