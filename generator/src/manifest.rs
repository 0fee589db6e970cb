//! Manifests for crates of generated code built outside `generated/`: the snapshot tests and
//! `cargo xtask corpus` check such crates in scratch workspaces, each with whm-api's own
//! manifest, so that their features and dependencies are those of the real crate.

/// The sections of `generated/Cargo.toml` that belong to whm-api alone: its library name,
/// its examples, benches, tests and dev-dependencies.
const WHM_API_ONLY: [&str; 5] = [
    "[lib]",
    "[[example]]",
    "[[bench]]",
    "[[test]]",
    "[dev-dependencies]",
];

/// `generated/Cargo.toml` (its text) as the manifest of a crate named `name`.
pub fn scratch_crate(generated_manifest: &str, name: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in generated_manifest.lines() {
        if line.starts_with('[') {
            skipping = WHM_API_ONLY.iter().any(|section| line.starts_with(section));
        }
        if skipping {
            continue;
        }
        match line.split_once('=') {
            Some((key, _)) if key.trim() == "name" => out.push_str(&format!("name = {name:?}")),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The manifest of a scratch workspace of `members`, with the `[workspace.package]` and
/// `[workspace.dependencies]` of the root manifest (its text) that the members inherit.
pub fn scratch_workspace(root_manifest: &str, members: &[&str], comment: &str) -> String {
    let mut out = format!("# {comment}\n[workspace]\nresolver = \"3\"\nmembers = [\n");
    for member in members {
        out.push_str(&format!("    {member:?},\n"));
    }
    out.push_str("]\n");
    for header in ["[workspace.package]", "[workspace.dependencies]"] {
        out.push('\n');
        out.push_str(&section(root_manifest, header));
    }
    out
}

/// The lines of one `[section]` of a TOML text, its header included.
fn section(text: &str, header: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') && !trimmed.starts_with("[[") {
            inside = line.trim() == header;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str = "[package]\nname = \"whm-api\"\nversion = \"0.1.0\"\n\n[lib]\nname = \"whm_api\"\n\n[features]\nclient = []\n\n[dependencies]\nserde.workspace = true\n\n[dev-dependencies]\nrand = \"0.10\"\n\n[[example]]\nname = \"double\"\n";

    #[test]
    fn a_scratch_crate_is_renamed_and_keeps_features_and_dependencies_only() {
        let manifest = scratch_crate(GENERATED, "corpus-x");
        assert!(manifest.contains("name = \"corpus-x\""), "{manifest}");
        assert!(manifest.contains("[features]\nclient = []"), "{manifest}");
        assert!(manifest.contains("serde.workspace = true"), "{manifest}");
        for gone in ["whm", "[lib]", "rand", "[[example]]", "double"] {
            assert!(!manifest.contains(gone), "{gone} left in:\n{manifest}");
        }
    }

    #[test]
    fn a_scratch_workspace_inherits_the_shared_sections_only() {
        let root = "[workspace]\nmembers = [\"generated\"]\n\n[workspace.package]\nedition = \"2024\"\n\n[workspace.dependencies]\nserde = \"1\"\n\n[profile.dev.package]\nsyn = { opt-level = 3 }\n";
        let manifest = scratch_workspace(root, &["a", "b"], "scratch");
        assert!(
            manifest.starts_with("# scratch\n[workspace]\n"),
            "{manifest}"
        );
        assert!(manifest.contains("    \"a\",\n    \"b\",\n]"), "{manifest}");
        assert!(
            manifest.contains("[workspace.package]\nedition = \"2024\""),
            "{manifest}"
        );
        assert!(
            manifest.contains("[workspace.dependencies]\nserde = \"1\""),
            "{manifest}"
        );
        assert!(
            !manifest.contains("generated") && !manifest.contains("profile"),
            "{manifest}"
        );
    }
}
