//! Manifests of generated crates: a crate of its own (`generator --out`), and the scratch
//! workspaces `cargo xtask corpus` and the bench check generated crates in.
//!
//! A generated crate needs the runtime (`openapi-runtime`, its client, TLS, HTTP/2 and server
//! features behind the crate's own, and the features its profile needs) and serde for the
//! derives it keeps (unions, enums, structs with a map of other properties).
//! Warnings are denied through `[lints]`, not `RUSTFLAGS`, so that dependencies built for
//! another workspace with the same features are reused rather than built again.

use std::fmt::Write as _;

/// The manifest of a generated crate called `name`, with the runtime at `runtime` (a path as
/// the manifest writes it, relative to the crate's folder or absolute) and its `features`.
pub fn crate_manifest(name: &str, runtime: &str, features: &[String]) -> String {
    let mut manifest = format!(
        "# Written by the generator: a crate generated from an OpenAPI description.\n\
         [package]\n\
         name = {name:?}\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\
         \n\
         [features]\n\
         default = []\n\
         # An async client over reqwest: HTTP/1.1, plain HTTP only unless a TLS backend is\n\
         # chosen too (each implies `client`).\n\
         client = [\"openapi-runtime/client\"]\n\
         # TLS by rustls on ring: no OpenSSL, no C build of aws-lc.\n\
         rustls = [\"client\", \"openapi-runtime/rustls\"]\n\
         # TLS by the platform's library (OpenSSL on Linux, whose headers the build needs).\n\
         native-tls = [\"client\", \"openapi-runtime/native-tls\"]\n\
         # HTTP/2, with servers that offer it in the TLS handshake.\n\
         http2 = [\"client\", \"openapi-runtime/http2\"]\n\
         # Server stubs over axum.\n\
         server = [\"openapi-runtime/server\"]\n\
         # Event streams and byte bodies that stream, on the client and the server.\n\
         stream = [\"openapi-runtime/stream\"]\n\
         \n\
         [dependencies]\n"
    );
    let features = if features.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        format!(", features = [{}]", quoted.join(", "))
    };
    let _ = writeln!(
        manifest,
        "openapi-runtime = {{ path = {runtime:?}{features} }}"
    );
    manifest.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    manifest.push_str("\n[lints.rust]\nwarnings = \"deny\"\n");
    manifest
}

/// The manifest of a scratch workspace of `members`.
pub fn scratch_workspace(members: &[&str], comment: &str) -> String {
    let mut out = format!("# {comment}\n[workspace]\nresolver = \"3\"\nmembers = [\n");
    for member in members {
        let _ = writeln!(out, "    {member:?},");
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_manifest_has_the_runtime_behind_its_features() {
        let manifest = crate_manifest("petstore", "../runtime", &["cpanel".to_owned()]);
        assert!(manifest.contains("name = \"petstore\""), "{manifest}");
        for feature in [
            "client = [\"openapi-runtime/client\"]",
            "rustls = [\"client\", \"openapi-runtime/rustls\"]",
            "native-tls = [\"client\", \"openapi-runtime/native-tls\"]",
            "http2 = [\"client\", \"openapi-runtime/http2\"]",
        ] {
            assert!(manifest.contains(feature), "{feature} in {manifest}");
        }
        assert!(
            manifest
                .contains("openapi-runtime = { path = \"../runtime\", features = [\"cpanel\"] }"),
            "{manifest}"
        );
        assert!(manifest.contains("warnings = \"deny\""), "{manifest}");
        let plain = crate_manifest("p", "/abs/runtime", &[]);
        assert!(
            plain.contains("openapi-runtime = { path = \"/abs/runtime\" }"),
            "{plain}"
        );
        assert!(!plain.contains("cpanel"), "{plain}");
    }

    #[test]
    fn a_scratch_workspace_lists_its_members() {
        let manifest = scratch_workspace(&["a", "b"], "scratch");
        assert!(
            manifest.starts_with("# scratch\n[workspace]\n"),
            "{manifest}"
        );
        assert!(manifest.contains("    \"a\",\n    \"b\",\n]"), "{manifest}");
    }
}
