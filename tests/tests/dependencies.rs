//! `whm-api` without features is types only: no HTTP stack or async runtime among its
//! normal dependencies; the `client` feature brings reqwest in, and the TLS backend and HTTP/2
//! come only with the features that choose them.

use std::collections::BTreeSet;
use std::process::Command;

/// The names of the crates in `cargo tree -p whm-api -e normal --no-default-features` and
/// the extra arguments.
fn dependencies(extra: &[&str]) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(whm_api_tests::workspace_root())
        .args(["tree", "--locked", "-p", "whm-api", "-e", "normal"])
        .args(["--no-default-features", "--prefix", "none"])
        .args(extra)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let names: BTreeSet<String> = stdout
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    assert!(names.contains("whm-api"), "{stdout}");
    names
}

/// The crates among `names` that belong to an HTTP stack or async runtime.
fn http_stack(names: &BTreeSet<String>) -> Vec<&str> {
    names
        .iter()
        .map(String::as_str)
        .filter(|name| {
            ["reqwest", "hyper", "tokio", "axum"]
                .iter()
                .any(|stack| *name == *stack || name.starts_with(&format!("{stack}-")))
        })
        .collect()
}

#[test]
fn without_features_there_is_no_http_stack() {
    let names = dependencies(&[]);
    assert_eq!(http_stack(&names), Vec::<&str>::new(), "{names:?}");
    assert!(names.contains("serde"), "{names:?}");
}

#[test]
fn the_client_feature_brings_reqwest() {
    let names = dependencies(&["--features", "client"]);
    let stack = http_stack(&names);
    assert!(stack.contains(&"reqwest"), "{names:?}");
    assert!(stack.contains(&"hyper"), "{names:?}");
    assert!(
        !stack.contains(&"axum"),
        "the client does not need axum: {names:?}"
    );
}

/// The crates among `names` that implement TLS, whichever backend.
fn tls_stack(names: &BTreeSet<String>) -> Vec<&str> {
    names
        .iter()
        .map(String::as_str)
        .filter(|name| {
            [
                "rustls",
                "ring",
                "aws-lc-rs",
                "openssl",
                "native-tls",
                "hyper-tls",
            ]
            .iter()
            .any(|tls| *name == *tls || name.starts_with(&format!("{tls}-")))
        })
        .collect()
}

#[test]
fn the_client_alone_has_no_tls_and_no_http2() {
    let names = dependencies(&["--features", "client"]);
    assert_eq!(tls_stack(&names), Vec::<&str>::new(), "{names:?}");
    assert!(!names.contains("h2"), "{names:?}");
}

#[test]
fn each_tls_backend_brings_its_own_stack_only() {
    let rustls = dependencies(&["--features", "rustls"]);
    let stack = tls_stack(&rustls);
    assert!(
        stack.contains(&"rustls") && stack.contains(&"ring"),
        "{rustls:?}"
    );
    assert!(
        !stack
            .iter()
            .any(|name| ["openssl", "openssl-sys"].contains(name) || name.starts_with("aws-lc")),
        "rustls on ring, no OpenSSL and no aws-lc: {rustls:?}"
    );
    let native = dependencies(&["--features", "native-tls"]);
    let stack = tls_stack(&native);
    assert!(
        stack.contains(&"native-tls") && stack.contains(&"openssl"),
        "{native:?}"
    );
    assert!(
        !stack
            .iter()
            .any(|name| ["rustls", "rustls-webpki", "ring"].contains(name)),
        "{native:?}"
    );
}

#[test]
fn http2_comes_with_its_feature() {
    assert!(!dependencies(&["--features", "rustls"]).contains("h2"));
    let names = dependencies(&["--features", "rustls,http2"]);
    assert!(names.contains("h2"), "{names:?}");
}

#[test]
fn the_server_feature_brings_axum_and_not_reqwest() {
    let names = dependencies(&["--features", "server"]);
    let stack = http_stack(&names);
    assert!(stack.contains(&"axum"), "{names:?}");
    assert!(!stack.contains(&"reqwest"), "{names:?}");
}
