//! Manifests of generated crates: a crate of its own (`openapi-rustgen`), and the scratch
//! workspaces `cargo xtask corpus` and the bench check generated crates in.
//!
//! A generated crate needs the runtime (`openapi-runtime`, its client, TLS, HTTP/2 and server
//! features behind the crate's own, and the features its profile needs) and serde for the
//! derives it keeps (unions, enums, structs with a map of other properties). Its manifest
//! sets no lints: a new compiler's new warning must not break a user's build. This
//! repository denies warnings in its own checks of generated crates (see
//! [`crate::package::ScratchWorkspace`]).

use std::fmt::Write as _;

/// What a generated crate's manifest says.
#[derive(Debug, Clone, PartialEq)]
pub struct CrateManifest<'a> {
    pub name: &'a str,
    /// `0.1.0` when `None`.
    pub version: Option<&'a str>,
    pub description: Option<&'a str>,
    pub license: Option<&'a str>,
    /// The runtime's dependency entry without its features, as an inline table's inside:
    /// `path = "openapi-runtime"`, `version = "0.1"`.
    pub runtime: String,
    /// The runtime's features the crate needs beyond `client` and `server` (`cpanel`).
    pub runtime_features: &'a [String],
    pub parts: crate::model::Parts,
    /// The per-tag features (see `crate::features`), sorted; empty when the crate has none.
    pub tag_features: &'a [String],
    /// More dependencies, as the configuration writes them.
    pub dependencies: &'a toml::Table,
    /// `[lints.rust] warnings = "deny"`: for this repository's checks of generated crates.
    pub deny_warnings: bool,
}

/// The manifest of a generated crate called `name`, with the runtime at `runtime` (a path as
/// the manifest writes it, relative to the crate's folder or absolute) and its `features`.
pub fn crate_manifest(name: &str, runtime: &str, features: &[String]) -> String {
    CrateManifest {
        name,
        version: None,
        description: None,
        license: None,
        runtime: format!("path = {runtime:?}"),
        runtime_features: features,
        parts: crate::model::Parts::default(),
        tag_features: &[],
        dependencies: &toml::Table::new(),
        deny_warnings: false,
    }
    .render()
}

impl CrateManifest<'_> {
    pub fn render(&self) -> String {
        let mut manifest = format!(
            "# Written by openapi-rustgen: a crate generated from an OpenAPI description.\n\
             [package]\n\
             name = {:?}\n\
             version = {:?}\n\
             edition = \"2024\"\n",
            self.name,
            self.version.unwrap_or("0.1.0"),
        );
        for (key, value) in [("description", self.description), ("license", self.license)] {
            if let Some(value) = value {
                let _ = writeln!(manifest, "{key} = {value:?}");
            }
        }
        manifest.push_str("\n[features]\ndefault = []\n");
        if self.parts.client {
            manifest.push_str(
                "# An async client over reqwest: HTTP/1.1, plain HTTP only unless a TLS backend is\n\
                 # chosen too (each implies `client`).\n\
                 client = [\"openapi-runtime/client\"]\n\
                 # TLS by rustls on ring: no OpenSSL, no C build of aws-lc.\n\
                 rustls = [\"client\", \"openapi-runtime/rustls\"]\n\
                 # TLS by the platform's library (OpenSSL on Linux, whose headers the build needs).\n\
                 native-tls = [\"client\", \"openapi-runtime/native-tls\"]\n\
                 # HTTP/2, with servers that offer it in the TLS handshake.\n\
                 http2 = [\"client\", \"openapi-runtime/http2\"]\n",
            );
        }
        if self.parts.server {
            manifest.push_str(
                "# Server stubs over axum.\n\
                 server = [\"openapi-runtime/server\"]\n",
            );
        }
        if self.parts.client || self.parts.server {
            manifest.push_str(
                "# Event streams and byte bodies that stream, on the client and the server.\n\
                 stream = [\"openapi-runtime/stream\"]\n",
            );
        }
        if !self.tag_features.is_empty() {
            manifest.push_str(
                "# One feature per tag of the API: each turns on the tag's operations (and the\n\
                 # types only they use); none is on by default. `full` turns on every tag.\n",
            );
            let quoted: Vec<String> = self.tag_features.iter().map(|f| format!("{f:?}")).collect();
            let _ = writeln!(manifest, "full = [{}]", quoted.join(", "));
            for feature in self.tag_features {
                let _ = writeln!(manifest, "{feature} = []");
            }
        }
        manifest.push_str("\n[dependencies]\n");
        let features = if self.runtime_features.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = self
                .runtime_features
                .iter()
                .map(|f| format!("{f:?}"))
                .collect();
            format!(", features = [{}]", quoted.join(", "))
        };
        let _ = writeln!(
            manifest,
            "openapi-runtime = {{ {}{features} }}",
            self.runtime
        );
        manifest.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
        for (name, value) in self.dependencies {
            let _ = writeln!(manifest, "{} = {value}", toml_key(name));
        }
        if self.deny_warnings {
            manifest.push_str("\n[lints.rust]\nwarnings = \"deny\"\n");
        }
        manifest
    }
}

/// A key as TOML writes it: bare when it can be.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
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
        assert!(
            !manifest.contains("deny") && !manifest.contains("[lints"),
            "{manifest}"
        );
        let plain = crate_manifest("p", "/abs/runtime", &[]);
        assert!(
            plain.contains("openapi-runtime = { path = \"/abs/runtime\" }"),
            "{plain}"
        );
        assert!(!plain.contains("cpanel"), "{plain}");
    }

    #[test]
    fn a_configured_manifest_has_its_package_parts_and_dependencies() {
        let dependencies: toml::Table =
            toml::from_str("chrono = { version = \"0.4\", features = [\"serde\"] }").unwrap();
        let manifest = CrateManifest {
            name: "pets",
            version: Some("2.1.0"),
            description: Some("Pets."),
            license: Some("MIT"),
            runtime: "version = \"0.1\"".to_owned(),
            runtime_features: &[],
            parts: crate::model::Parts {
                client: true,
                server: false,
            },
            tag_features: &["pets".to_owned(), "stores".to_owned()],
            dependencies: &dependencies,
            deny_warnings: false,
        }
        .render();
        for expected in [
            "version = \"2.1.0\"\n",
            "description = \"Pets.\"\nlicense = \"MIT\"\n",
            "openapi-runtime = { version = \"0.1\" }\n",
            "chrono = { features = [\"serde\"], version = \"0.4\" }\n",
            "client = [",
            "full = [\"pets\", \"stores\"]\npets = []\nstores = []\n",
        ] {
            assert!(manifest.contains(expected), "{expected} in {manifest}");
        }
        assert!(
            !manifest.contains("server = [") && !manifest.contains("lints"),
            "{manifest}"
        );
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
