//! Snapshots of the code generated for fixture specs that exercise the awkward cases, for
//! review: `cargo insta review` shows what a generator change does to them (in CI a mismatch
//! fails). Each snapshotted crate is also compiled with every feature, warnings denied, so no
//! snapshot holds broken code. (Our own crate's code is checked in as `generated/src`, where a
//! reviewer reads its diff; `cargo xtask regen --check` keeps it current.)

use generator::SpecFile;
use std::fs;
use whm_api_tests::{scratch, workspace_root};

fn spec(path: &str) -> SpecFile {
    SpecFile {
        name: path.to_owned(),
        contents: fs::read_to_string(workspace_root().join(path)).expect("read a spec"),
    }
}

/// (snapshot prefix, spec files)
fn cases() -> Vec<(&'static str, Vec<SpecFile>)> {
    vec![
        ("naming", vec![spec("tests/fixtures/naming.yaml")]),
        ("shapes", vec![spec("tests/fixtures/shapes.yaml")]),
        ("uapi", vec![spec("tests/fixtures/uapi.yaml")]),
        ("constructs", vec![spec("tests/fixtures/constructs.yaml")]),
        (
            "petstore_expanded",
            vec![spec("tests/corpus/public/oai/v3.0/petstore-expanded.yaml")],
        ),
    ]
}

#[test]
fn generated_code_matches_snapshots_and_compiles() {
    let mut workspace = scratch::workspace("snapshots");
    for (prefix, specs) in cases() {
        let generated = generator::generate(&specs).unwrap_or_else(|err| panic!("{err}"));
        for file in &generated.files {
            let name = format!("{prefix}__{}", file.path.trim_end_matches(".rs"));
            insta::assert_snapshot!(name, file.contents);
        }
        workspace
            .add(
                &format!("snapshot-{}", prefix.replace('_', "-")),
                &generated,
            )
            .expect("write a scratch crate");
    }
    if let Err(output) = scratch::check(&workspace) {
        panic!(
            "snapshotted code does not compile (crates in {}):\n{output}",
            scratch::describe(&workspace).display()
        );
    }
}

#[test]
fn generation_is_deterministic() {
    for (_, specs) in cases() {
        let first = generator::generate(&specs).expect("generate");
        let second = generator::generate(&specs).expect("generate");
        assert_eq!(first.files, second.files);
    }
}
