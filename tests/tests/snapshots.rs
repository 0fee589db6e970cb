//! Snapshots of the code generated for fixture specs that exercise the awkward cases, for
//! review: `cargo insta review` shows what a generator change does to them (in CI a mismatch
//! fails). The code is compiled, warnings denied, by `cargo xtask corpus` (part of
//! `cargo xtask test`), which generates a crate from each spec of `tests/fixtures/` and of the
//! corpus and checks it with default features and with client and server features (all the
//! features generated code tests), so no snapshot holds broken code. (Our own crate's code
//! is checked in as `generated/src`, where a reviewer reads its diff;
//! `cargo xtask regen --check` keeps it current.)

use openapi_rustgen::SpecFile;
use std::fs;
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
fn generated_code_matches_snapshots() {
    for (prefix, specs) in cases() {
        let generated = openapi_rustgen::generate(&specs).unwrap_or_else(|err| panic!("{err}"));
        for file in &generated.files {
            let name = format!("{prefix}__{}", file.path.trim_end_matches(".rs"));
            insta::assert_snapshot!(name, file.contents);
        }
    }
}

/// Per-tag features (`tag-features = true`): what each tag's feature gates. `cargo xtask
/// corpus` checks this crate with no tag, one, two and all of them.
#[test]
fn tag_features_match_snapshots() {
    let options = openapi_rustgen::Options {
        tag_features: Some(true),
        ..Default::default()
    };
    let specs = [spec("tests/fixtures/tag_features.yaml")];
    let generated = openapi_rustgen::generate_with(&specs, &options).expect("generate");
    assert_eq!(generated.tag_features, ["pet_owners", "pets", "stores"]);
    for file in &generated.files {
        let name = format!("tag_features__{}", file.path.trim_end_matches(".rs"));
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn generation_is_deterministic() {
    for (_, specs) in cases() {
        let first = openapi_rustgen::generate(&specs).expect("generate");
        let second = openapi_rustgen::generate(&specs).expect("generate");
        assert_eq!(first.files, second.files);
    }
}
