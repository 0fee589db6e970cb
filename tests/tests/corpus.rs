//! Generation from cPanel's own descriptions (`tests/corpus/`): snapshots of the generated code
//! of two small files, and the fallbacks each file still needs, by file and JSON pointer.
//! (`cargo xtask corpus` checks that every file's crate compiles.)

use generator::SpecFile;
use whm_api_tests::workspace_root;

fn generate(names: &[&str]) -> generator::Generated {
    let specs: Vec<SpecFile> = names
        .iter()
        .map(|name| {
            let path = format!("tests/corpus/{name}");
            SpecFile {
                contents: std::fs::read_to_string(workspace_root().join(&path)).unwrap(),
                name: path,
            }
        })
        .collect();
    generator::generate(&specs).unwrap_or_else(|err| panic!("{err}"))
}

fn file<'a>(generated: &'a generator::Generated, path: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap()
        .contents
}

#[test]
fn whm_access_generates_without_fallbacks() {
    let generated = generate(&["cpanel-whm-access-api-openapi.yml"]);
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    assert_eq!(generated.summary.operations, 2);
    insta::assert_snapshot!("whm_access_types", file(&generated, "types.rs"));
    insta::assert_snapshot!("whm_access_params", file(&generated, "params.rs"));
}

#[test]
fn nginx_manager_generates_without_fallbacks() {
    let generated = generate(&["cpanel-nginx-manager-api-openapi.yml"]);
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    assert_eq!(generated.summary.operations, 6);
    insta::assert_snapshot!("nginx_manager_types", file(&generated, "types.rs"));
    insta::assert_snapshot!("nginx_manager_params", file(&generated, "params.rs"));
}

#[test]
fn account_creation_reads_3_1_types_as_nullable() {
    // `type: [integer, 'null']` in a file that declares 3.0/3.2: a nullable field, not an error.
    let generated = generate(&["cpanel-account-creation-api-openapi.yml"]);
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    assert!(file(&generated, "types.rs").contains("::core::option::Option<"));
}

#[test]
fn every_whm_file_together_has_unique_names() {
    let generated = generate(&[
        "cpanel-account-creation-api-openapi.yml",
        "cpanel-authentication-api-openapi.yml",
        "cpanel-nginx-manager-api-openapi.yml",
        "cpanel-whm-access-api-openapi.yml",
    ]);
    assert_eq!(generated.summary.operations, 4 + 31 + 6 + 2);
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
}

#[test]
fn uapi_fallbacks_name_file_and_pointer() {
    let generated = generate(&["cpanel-uapi-openapi.yml"]);
    assert_eq!(generated.summary.operations, 589);
    let fallbacks: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    for warning in &generated.warnings {
        assert_eq!(warning.file, "tests/corpus/cpanel-uapi-openapi.yml");
        assert!(warning.pointer.starts_with("#/"), "{warning}");
    }
    insta::assert_snapshot!("uapi_fallbacks", fallbacks.join("\n"));
}
