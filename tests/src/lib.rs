//! Helpers shared by the tests in `tests/tests/`.

// The README's examples run as doctests of this crate, so they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod scratch;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package is inside the workspace")
        .to_path_buf()
}

/// The path of an outside tool that `cargo xtask test` installed and named in `variable`.
/// Panics with the way to get it when it is missing: a missing tool fails its test, it never
/// skips it.
pub fn required_tool(variable: &str) -> PathBuf {
    match std::env::var_os(variable) {
        Some(path) if Path::new(&path).exists() => PathBuf::from(path),
        Some(path) => panic!(
            "{variable}={} does not exist; run `cargo xtask test`",
            Path::new(&path).display()
        ),
        None => panic!(
            "{variable} is not set; run the tests with `cargo xtask test`, which installs the tool"
        ),
    }
}
