//! `cargo xtask` works on the checkout it is run in, not the one its binary was built in: with
//! a target directory shared between checkouts (git worktrees, a global `CARGO_TARGET_DIR`),
//! one binary serves them all. Here this checkout's binary runs in a second checkout.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// This checkout's workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// A second checkout: the spec and the generated crate's sources, with a spec edit that
/// changes the generated code.
fn second_checkout(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&root().join("spec"), &dir.join("spec"));
    copy_dir(&root().join("generated/src"), &dir.join("generated/src"));
    fs::copy(
        root().join("generated/api-surface.txt"),
        dir.join("generated/api-surface.txt"),
    )
    .unwrap();
    fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    let spec = dir.join("spec/whm/create_user_session.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    let edited = text.replacen(
        "Create a temporary user session",
        "Create a short-lived user session",
        1,
    );
    assert_ne!(text, edited, "the edit applies");
    fs::write(&spec, edited).unwrap();
    dir
}

fn generated(root: &Path) -> String {
    fs::read_to_string(root.join("generated/src/operations.rs")).unwrap()
}

fn xtask(checkout: &Path, manifest_dir: Option<&Path>, args: &[&str]) -> bool {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(checkout).args(args);
    command.env_remove("CARGO_MANIFEST_DIR");
    if let Some(dir) = manifest_dir {
        command.env("CARGO_MANIFEST_DIR", dir);
    }
    command.output().unwrap().status.success()
}

#[test]
fn regen_regenerates_the_checkout_it_runs_in() {
    let before = generated(&root());
    let other = second_checkout("manifest-dir");
    // As `cargo run` in the second checkout runs the binary: its xtask folder.
    let manifest_dir = other.join("xtask");
    assert!(
        !xtask(&other, Some(&manifest_dir), &["regen", "--check"]),
        "stale there"
    );
    assert!(xtask(&other, Some(&manifest_dir), &["regen"]));
    assert!(generated(&other).contains("Create a short-lived user session"));
    assert!(xtask(&other, Some(&manifest_dir), &["regen", "--check"]));
    assert_eq!(generated(&root()), before, "this checkout is untouched");
    fs::remove_dir_all(other).unwrap();
}

#[test]
fn without_cargo_the_checkout_is_found_from_the_current_directory() {
    let before = generated(&root());
    let other = second_checkout("cwd");
    assert!(xtask(&other.join("spec"), None, &["regen"]));
    assert!(generated(&other).contains("Create a short-lived user session"));
    assert_eq!(generated(&root()), before, "this checkout is untouched");
    fs::remove_dir_all(other).unwrap();
}
