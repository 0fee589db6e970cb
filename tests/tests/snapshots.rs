//! Snapshots of the generated code, for our spec and for fixture specs that exercise the
//! awkward cases; each snapshotted crate is also compiled, so no snapshot holds broken code.
//!
//! Review a change with `cargo insta review`; in CI a mismatch fails.

use generator::SpecFile;
use std::fs;
use whm_api_tests::scratch::ScratchWorkspace;
use whm_api_tests::workspace_root;

fn spec(path: &str) -> SpecFile {
    SpecFile {
        name: path.to_owned(),
        contents: fs::read_to_string(workspace_root().join(path)).expect("read a spec"),
    }
}

/// (snapshot prefix, spec files)
fn cases() -> Vec<(&'static str, Vec<SpecFile>)> {
    vec![
        ("whm", vec![spec("spec/whm/create_user_session.yaml")]),
        ("naming", vec![spec("tests/fixtures/naming.yaml")]),
        ("shapes", vec![spec("tests/fixtures/shapes.yaml")]),
        ("uapi", vec![spec("tests/fixtures/uapi.yaml")]),
    ]
}

#[test]
fn generated_code_matches_snapshots_and_compiles() {
    let mut scratch = ScratchWorkspace::new("snapshots");
    for (prefix, specs) in cases() {
        let generated = generator::generate(&specs).unwrap_or_else(|err| panic!("{err}"));
        for file in &generated.files {
            // `support.rs` is the same for every spec: one snapshot of it is enough.
            if file.path == "support.rs" && prefix != "whm" {
                continue;
            }
            let name = format!("{prefix}__{}", file.path.trim_end_matches(".rs"));
            insta::assert_snapshot!(name, file.contents);
        }
        scratch.add_crate(&format!("snapshot-{prefix}"), &generated.files);
    }
    if let Err(output) = scratch.check() {
        panic!(
            "snapshotted code does not compile (crates in {}):\n{output}",
            scratch.dir().display()
        );
    }
}

#[test]
fn checked_in_crate_is_the_generated_one() {
    // The same check as `cargo xtask regen --check`, from the test suite.
    let specs = vec![spec("spec/whm/create_user_session.yaml")];
    let generated = generator::generate(&specs).unwrap_or_else(|err| panic!("{err}"));
    for file in &generated.files {
        let on_disk = fs::read_to_string(workspace_root().join("generated/src").join(&file.path))
            .unwrap_or_default();
        assert!(
            on_disk == file.contents,
            "generated/src/{} is stale: run `cargo xtask regen`",
            file.path
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let first = generator::generate(&cases()[1].1).expect("generate");
    let second = generator::generate(&cases()[1].1).expect("generate");
    assert_eq!(first.files, second.files);
}
