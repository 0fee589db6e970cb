//! Helpers shared by the tests in `tests/tests/`.

// The README's examples run as doctests of this crate, so they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The workspace root: the parent of this package's folder as cargo gives it when it runs the
/// tests (`CARGO_MANIFEST_DIR` at run time), so that a test binary built in one checkout and
/// run in another (a shared target directory) reads and writes the one it runs in.
pub fn workspace_root() -> PathBuf {
    let package = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    package
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

/// The executable of an example program of `whm-api`: the one `cargo xtask test` built with
/// the tests (named in `EXAMPLE_<NAME>`), or else one built here with `feature`, as
/// `cargo build -p whm-api --features FEATURE --example NAME` does (once per test binary and
/// example).
pub fn example_binary(name: &str, feature: &str) -> PathBuf {
    package_example("whm-api", name, &["--features", feature])
}

/// The executable of an example program of `package`, as [`example_binary`] finds or builds
/// it, with `features` (cargo's arguments) if it builds it.
pub fn package_example(package: &str, name: &str, features: &[&str]) -> PathBuf {
    let variable = format!("EXAMPLE_{}", name.to_ascii_uppercase());
    if let Some(path) = std::env::var_os(&variable).filter(|p| Path::new(p).exists()) {
        return PathBuf::from(path);
    }
    static BUILT: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let mut built = BUILT
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(path) = built.get(name) {
        return path.clone();
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(workspace_root())
        // ring's build script reruns when this changes: keep it as the other builds have it.
        .env_remove("CARGO_MANIFEST_DIR")
        .args(["build", "--locked", "-p", package])
        .args(features)
        .args(["--example", name, "--message-format=json"])
        .stderr(Stdio::inherit())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "building the {name} example failed"
    );
    let stdout = String::from_utf8(output.stdout).expect("cargo writes UTF-8 JSON");
    let path = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == name)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo reports the {name} example's executable"));
    built.insert(name.to_owned(), path.clone());
    path
}

/// A plain reqwest client for tests that speak HTTP themselves. The generated client turns
/// reqwest's rustls on without a crypto provider (it uses ring, installed on demand), so any
/// reqwest client in this process needs the provider installed first.
pub fn http() -> reqwest::Client {
    whm_api::client::install_tls_provider();
    reqwest::Client::new()
}
