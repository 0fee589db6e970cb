//! Generation from cPanel's own descriptions (`tests/corpus/cpanel/`), read under the cPanel
//! profile: what each file's operations and types become. (`cargo xtask corpus` checks that
//! each file's crate compiles.)

use std::collections::BTreeSet;

use openapi_rustgen::model::{
    Api, Envelope, Failure, Family, Output, RuntimeType, TypeKind, TypeRef,
};
use openapi_rustgen::{Options, SpecFile, Warning};
use whm_api_tests::workspace_root;

fn specs(names: &[&str]) -> Vec<SpecFile> {
    names
        .iter()
        .map(|name| {
            let path = format!("tests/corpus/cpanel/{name}");
            SpecFile {
                contents: std::fs::read_to_string(workspace_root().join(&path)).unwrap(),
                name: path,
            }
        })
        .collect()
}

fn model(names: &[&str]) -> (Api, Vec<Warning>) {
    openapi_rustgen::read_model(&specs(names), &Options::default())
        .unwrap_or_else(|err| panic!("{err}"))
}

const WHM_FILES: [&str; 4] = [
    "cpanel-account-creation-api-openapi.yml",
    "cpanel-authentication-api-openapi.yml",
    "cpanel-nginx-manager-api-openapi.yml",
    "cpanel-whm-access-api-openapi.yml",
];

#[test]
fn whm_access_reads_as_whm_api_1_functions() {
    let (api, warnings) = model(&["cpanel-whm-access-api-openapi.yml"]);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(api.operations.len(), 2);
    assert!(
        api.schemes.iter().any(|s| s.name == "WhmApiToken"),
        "the profile adds WHM's token scheme"
    );
    let token = "WhmApiToken".to_owned();
    for op in &api.operations {
        // The envelope is the runtime's: the operation's value is the data, its failure
        // cPanel's, and it sends api.version=1 with 1/0 booleans.
        let whm = Some(Envelope::Whm);
        assert_eq!(
            op.family,
            Family::Cpanel { envelope: whm },
            "{}",
            op.wire_id
        );
        assert!(op.fixed_query.contains(&("api.version".into(), "1".into())));
        assert_eq!(op.failure, Failure::Envelope(Envelope::Whm));
        assert!(op.security.contains(&vec![token.clone()]), "{}", op.wire_id);
        assert!(!op.fn_name.contains('-'), "{}", op.fn_name);
    }
    let generated =
        openapi_rustgen::generate(&specs(&["cpanel-whm-access-api-openapi.yml"])).unwrap();
    let file = |path: &str| {
        let file = generated.files.iter().find(|f| f.path == path).unwrap();
        file.contents.clone()
    };
    insta::assert_snapshot!("whm_access_types", file("types.rs"));
    insta::assert_snapshot!("whm_access_operations", file("operations.rs"));
}

#[test]
fn no_envelope_struct_is_left_once_the_runtime_reads_it() {
    let (api, warnings) = model(&["cpanel-nginx-manager-api-openapi.yml"]);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(api.operations.len(), 6);
    for op in &api.operations {
        let Output::Single(ty) = &op.output else {
            panic!("{} answers by status", op.wire_id);
        };
        let TypeRef::Named(name) = ty else { continue };
        if let Some(TypeKind::Struct(s)) = api.type_def(name).map(|d| &d.kind) {
            assert!(
                !s.fields.iter().any(|f| f.wire_name == "metadata"),
                "{}: {name} is still the envelope",
                op.wire_id
            );
        }
    }
}

#[test]
fn account_creation_reads_3_1_list_types_as_nullable() {
    // `type: [string, 'null']` in a file that declares 3.0/3.2: a nullable string, not an error.
    let (api, warnings) = model(&["cpanel-account-creation-api-openapi.yml"]);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let nameserver = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == "nameservera"),
            _ => None,
        })
        .next()
        .expect("a struct with `nameservera`");
    assert_eq!(nameserver.ty, TypeRef::String);
    assert!(nameserver.nullable && nameserver.is_optional());
}

#[test]
fn every_whm_file_together_has_unique_names() {
    let (api, warnings) = model(&WHM_FILES);
    assert_eq!(api.operations.len(), 4 + 31 + 6 + 2);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let mut type_names: Vec<&str> = api.types.iter().map(|d| d.name.as_str()).collect();
    type_names.extend(api.operations.iter().map(|op| op.params_type.as_str()));
    let fn_names: Vec<&str> = api
        .operations
        .iter()
        .map(|op| op.fn_name.as_str())
        .collect();
    for (what, names) in [("type", type_names), ("method", fn_names)] {
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(
            unique.len(),
            names.len(),
            "a {what} name is used twice: {names:?}"
        );
    }
}

#[test]
fn uapi_flags_are_one_runtime_type_and_warnings_name_their_place() {
    let (api, warnings) = model(&["cpanel-uapi-openapi.yml"]);
    assert_eq!(api.operations.len(), 589);
    let flag = TypeRef::Runtime(RuntimeType::CpanelFlag);
    let flags = api
        .types
        .iter()
        .filter(|d| d.kind == TypeKind::Alias(flag.clone()))
        .count();
    // Most flags are in the data; the envelopes' own (their `status`) are not generated.
    assert!(flags > 600, "{flags} flags");
    for def in &api.types {
        if let TypeKind::IntegerEnum(e) = &def.kind {
            let mut values: Vec<i64> = e.variants.iter().map(|v| v.value).collect();
            values.sort();
            assert_ne!(values, [0, 1], "{} is a flag left as an enum", def.name);
        }
    }
    for warning in &warnings {
        assert_eq!(warning.file, "tests/corpus/cpanel/cpanel-uapi-openapi.yml");
        assert!(warning.pointer.starts_with("#/"), "{warning}");
    }
    // Each operation's envelope and the `result` object in it are components here: the
    // runtime reads them, so each is named in a warning and not generated.
    let (envelopes, others): (Vec<_>, Vec<_>) = warnings.iter().partition(|w| {
        w.message
            .starts_with("a response envelope the profile reads itself")
    });
    assert_eq!(envelopes.len(), 589 + 488);
    for warning in &envelopes {
        assert!(
            warning
                .pointer
                .starts_with("#/components/schemas/inline_response_200"),
            "{warning}"
        );
        let name = warning.pointer.rsplit('/').next().unwrap_or_default();
        assert!(
            api.types
                .iter()
                .all(|d| d.source.pointer != warning.pointer),
            "{name} was generated"
        );
    }
    let lines: Vec<String> = others.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("uapi_warnings", lines.join("\n"));
}
