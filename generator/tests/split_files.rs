//! Documents split across files, and documents with one construct that once refused them
//! whole (`tests/fixtures/`): every operation is generated, and every file read is named.
//! (`cargo xtask corpus` checks that each fixture's crate compiles with client and server.)

use std::path::PathBuf;

use openapi_rustgen::load::Disk;
use openapi_rustgen::model::{Api, TypeKind, TypeRef};
use openapi_rustgen::{Options, SpecFile};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is inside the workspace")
        .to_path_buf()
}

fn spec(path: &str) -> SpecFile {
    SpecFile {
        name: path.to_owned(),
        contents: std::fs::read_to_string(root().join(path)).expect("read the fixture"),
    }
}

fn read(path: &str) -> openapi_rustgen::Model {
    openapi_rustgen::read_model_from(&[spec(path)], &Options::default(), &Disk::at(root()))
        .unwrap_or_else(|err| panic!("{err}"))
}

fn operations(api: &Api) -> Vec<&str> {
    api.operations
        .iter()
        .map(|op| op.wire_id.as_str())
        .collect()
}

fn field<'a>(api: &'a Api, type_name: &str, field: &str) -> &'a TypeRef {
    let def = api
        .type_def(type_name)
        .unwrap_or_else(|| panic!("no {type_name}"));
    let TypeKind::Struct(s) = &def.kind else {
        panic!("{type_name} is {:?}", def.kind)
    };
    &s.fields
        .iter()
        .find(|f| f.wire_name == field)
        .unwrap_or_else(|| panic!("no {type_name}.{field}"))
        .ty
}

#[test]
fn a_two_file_document_generates_every_operation() {
    let model = read("tests/fixtures/two_files/openapi.yaml");
    assert!(model.warnings.is_empty(), "{:#?}", model.warnings);
    assert_eq!(operations(&model.api), ["listPets", "addPet"]);
    assert_eq!(
        model.spec_files,
        [
            "tests/fixtures/two_files/openapi.yaml",
            "tests/fixtures/two_files/pet.yaml"
        ]
    );
    // `pet.yaml#/Pet` is `Pet`, and its reference to itself a recursive field.
    assert_eq!(
        field(&model.api, "Pet", "parent"),
        &TypeRef::Named("Pet".into())
    );
    assert!(model.api.type_def("NewPet").is_some());
}

#[test]
fn a_many_file_document_generates_every_operation_from_its_files() {
    let model = read("tests/fixtures/split/openapi.yaml");
    assert!(model.warnings.is_empty(), "{:#?}", model.warnings);
    assert_eq!(
        operations(&model.api),
        ["listPets", "createPet", "getPet", "deletePet", "getOwner"]
    );
    for name in ["Pet", "Owner", "Species", "Error", "Tag"] {
        assert!(model.api.type_def(name).is_some(), "no type {name}");
    }
    // A cycle across files (Pet.owner -> Owner.pets -> Pet) is one of types.
    assert_eq!(
        field(&model.api, "Owner", "pets"),
        &TypeRef::Array(Box::new(TypeRef::Named("Pet".into())))
    );
    // The API key scheme, from security.yaml, is required by every operation.
    assert_eq!(model.api.schemes.len(), 1);
    assert!(
        model
            .api
            .operations
            .iter()
            .all(|op| op.security == [vec![model.api.schemes[0].name.clone()]])
    );
    for file in [
        "tests/fixtures/split/paths/owners.yaml",
        "tests/fixtures/split/schemas/common.json",
        "tests/fixtures/split/docs/intro.md",
        "tests/fixtures/split/security.yaml",
    ] {
        assert!(
            model.spec_files.iter().any(|f| f == file),
            "{file} not named"
        );
    }
}

#[test]
fn a_reference_that_cannot_be_followed_names_the_referring_file_and_both_places() {
    let entry = SpecFile {
        name: "tests/fixtures/split/openapi.yaml".into(),
        contents: spec("tests/fixtures/split/openapi.yaml")
            .contents
            .replace("schemas/Pet.yaml", "schemas/Cat.yaml"),
    };
    let err = openapi_rustgen::read_model_from(&[entry], &Options::default(), &Disk::at(root()))
        .err()
        .expect("a missing file is an error");
    assert_eq!(err.file, "tests/fixtures/split/openapi.yaml");
    assert_eq!(err.pointer.as_deref(), Some("#/components/schemas/Pet"));
    assert!(
        err.message
            .contains("tests/fixtures/split/schemas/Cat.yaml cannot be read"),
        "{err}"
    );
}

#[test]
fn one_local_construct_never_refuses_the_document() {
    let model = read("tests/fixtures/never_refused.yaml");
    // The operation that cannot be sent without its path parameter is the one skipped.
    assert_eq!(operations(&model.api), ["postAnything", "echo"]);
    // The ECMA pattern is checked, in regex-lite's words; the look-ahead is skipped; each
    // part that does not read, or cannot be generated, is skipped: all with a warning at
    // its place.
    let pointers: Vec<&str> = model.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1anything/post/requestBody/content/application~1json/schema/properties/lookahead/pattern",
            "#/paths/~1echo/get/responses/404",
            "#/components/schemas/Settings/properties/either/oneOf/1",
            "#/components/schemas/Settings/properties/colour/x-extensible-enum",
            "#/paths/~1echo/get/parameters/0",
            "#/paths/~1echo/get/parameters/1",
            "#/paths/~1echo/get/parameters/2/schema/x-max-decoded-length",
            "#/paths/~1echo/get/parameters/3/schema/x-enum-varnames",
            "#/paths/~1needs~1{id}/get/parameters/0",
        ]
    );
    let echo = &model.api.operations[1];
    let params: Vec<&str> = echo.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(params, ["size", "level"]);
    assert_eq!(field(&model.api, "Settings", "colour"), &TypeRef::String);
    // The schema a local reference names is one type, wherever it is used.
    assert!(model.api.type_def("Circular").is_some());
    assert_eq!(
        field(&model.api, "PostAnythingBody", "circular"),
        &TypeRef::Named("Circular".into())
    );
    // Properties named like keywords are properties, with their 3.1 types.
    assert_eq!(field(&model.api, "Settings", "default"), &TypeRef::Boolean);
    assert_eq!(
        field(&model.api, "Settings", "items"),
        &TypeRef::Integer(openapi_rustgen::model::IntegerWidth::I64)
    );
}

/// The public documents of the corpus that are split across many files: every operation
/// their path item files hold is generated.
#[test]
fn public_documents_split_across_many_files_generate_every_operation() {
    for (entry, count) in [
        ("tests/corpus/public/redocly-cafe/openapi.yaml", 12),
        (
            "tests/corpus/public/decentraland-catalyst/catalyst.yaml",
            42,
        ),
    ] {
        let model = read(entry);
        assert_eq!(model.api.operations.len(), count, "{entry}");
        let folder = entry.rsplit_once('/').map(|(folder, _)| folder).unwrap();
        assert!(
            model.spec_files.len() > 30,
            "{entry}: {:?}",
            model.spec_files
        );
        assert!(model.spec_files.iter().all(|file| file.starts_with(folder)));
        // What is said about a part names the file it is in.
        for warning in &model.warnings {
            assert!(root().join(&warning.file).is_file(), "{entry}: {warning}");
        }
    }
}
