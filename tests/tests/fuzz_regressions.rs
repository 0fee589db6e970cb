//! Inputs the fuzz targets (fuzz/fuzz_targets) found or were seeded with, replayed through the
//! same checks on every test run: each file in tests/fuzz-regressions/TARGET/ is one input.

use openapi_rustgen::SpecFile;
use std::fs;
use whm_api::{CreateUserSessionParams, Operation};
use whm_api_tests::workspace_root;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = workspace_root().join("tests/fuzz-regressions").join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.display().to_string(), fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    inputs
}

#[test]
fn query_params_inputs() {
    for (name, data) in inputs("query_params") {
        let query = String::from_utf8_lossy(&data);
        if let Ok(params) = CreateUserSessionParams::from_query_str(&query) {
            assert_eq!(params.validate(), Ok(()), "{name}");
            let again = CreateUserSessionParams::from_query_str(&params.to_query_string());
            assert_eq!(again, Ok(params), "{name}");
        }
    }
}

#[test]
fn spec_reading_inputs() {
    for (name, data) in inputs("spec_reading") {
        let spec = SpecFile {
            name: name.clone(),
            contents: String::from_utf8_lossy(&data).into_owned(),
        };
        // Must return, not panic; which way it returns depends on the input. Files it refers
        // to come from memory, as in the fuzz target.
        let files = std::collections::BTreeMap::from([(
            "other.yaml".to_owned(),
            "Pet: {type: object, properties: {self: {$ref: '#/Pet'}}}\n".to_owned(),
        )]);
        let _ = openapi_rustgen::generate_from(&[spec], &Default::default(), &files);
    }
}
