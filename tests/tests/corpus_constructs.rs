//! The constructs of cPanel's own descriptions, each in a small fixture: what each becomes.

use openapi_rustgen::model::{Envelope, Family, Output, TypeKind, TypeRef};
use openapi_rustgen::{Options, SpecFile};
use whm_api_tests::workspace_root;

const FIXTURE: &str = "tests/fixtures/constructs.yaml";

fn read() -> (openapi_rustgen::model::Api, Vec<openapi_rustgen::Warning>) {
    let spec = SpecFile {
        name: FIXTURE.to_owned(),
        contents: std::fs::read_to_string(workspace_root().join(FIXTURE)).unwrap(),
    };
    openapi_rustgen::read_model(&[spec], &Options::default()).unwrap_or_else(|err| panic!("{err}"))
}

fn field<'a>(
    api: &'a openapi_rustgen::model::Api,
    ty: &str,
    wire: &str,
) -> &'a openapi_rustgen::model::Field {
    let Some(TypeKind::Struct(s)) = api.type_def(ty).map(|d| &d.kind) else {
        panic!("{ty} is not a struct");
    };
    s.fields.iter().find(|f| f.wire_name == wire).unwrap()
}

#[test]
fn each_construct_has_its_rust_type() {
    let (api, warnings) = read();
    // allOf of a $ref and inline properties: one struct with both.
    assert_eq!(
        field(&api, "Data", "id").ty,
        TypeRef::Integer(openapi_rustgen::model::IntegerWidth::I64)
    );
    // oneOf of strings differing in format: a string; anyOf of formats without type: a string.
    assert_eq!(field(&api, "Data", "address").ty, TypeRef::String);
    assert_eq!(field(&api, "Data", "host").ty, TypeRef::String);
    // oneOf with an `enum: [null]` branch: the other branch, nullable.
    let maybe = field(&api, "Data", "maybe");
    assert_eq!(maybe.ty, TypeRef::String);
    assert!(maybe.nullable);
    // oneOf of a string enum and an integer: an untagged union.
    let TypeRef::Named(limit) = &field(&api, "Data", "limit").ty else {
        panic!("limit is not a named type");
    };
    let Some(TypeKind::Untagged(union)) = api.type_def(limit).map(|d| &d.kind) else {
        panic!("{limit} is not a union");
    };
    let names: Vec<&str> = union
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(names, ["Unlimited", "Integer"]);
    // An array without items: a list of JSON values, and a warning naming the place.
    assert_eq!(
        field(&api, "Data", "anything").ty,
        TypeRef::Array(Box::new(TypeRef::Json))
    );
    // The UAPI envelope around the data (two components): read by the runtime, not
    // generated, each named.
    let places: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.file.as_str(), w.pointer.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (FIXTURE, "#/components/schemas/Data/properties/anything"),
            (FIXTURE, "#/components/schemas/Envelope"),
            (FIXTURE, "#/components/schemas/Result"),
        ]
    );
    assert!(api.type_def("Envelope").is_none() && api.type_def("Result").is_none());
}

#[test]
fn operation_conventions() {
    let (api, _) = read();
    let op = &api.operations[0];
    assert_eq!(op.fn_name, "func");
    let description = op.description.as_deref().unwrap_or_default();
    assert!(
        description.contains("Available since cPanel & WHM version 11.110."),
        "{description}"
    );
    // `type: [integer, 'null']` is an integer; `content` gives the parameter's schema.
    assert_eq!(
        op.params[0].ty,
        TypeRef::Integer(openapi_rustgen::model::IntegerWidth::I64)
    );
    assert!(matches!(op.params[1].ty, TypeRef::Named(_)));
    // UAPI's envelope is recognized: the runtime reads it, and the value is its data.
    assert_eq!(
        op.family,
        Family::Cpanel {
            envelope: Some(Envelope::Uapi)
        }
    );
    assert_eq!(op.output, Output::Single(TypeRef::Named("Data".into())));
}

#[test]
fn the_fixture_crate_has_its_union_and_says_when_its_operation_came() {
    let spec = SpecFile {
        name: FIXTURE.to_owned(),
        contents: std::fs::read_to_string(workspace_root().join(FIXTURE)).unwrap(),
    };
    let generated = openapi_rustgen::generate(&[spec]).unwrap();
    let types = &generated
        .files
        .iter()
        .find(|f| f.path == "types.rs")
        .unwrap()
        .contents;
    assert!(types.contains("#[serde(untagged)]"));
    let operations = &generated
        .files
        .iter()
        .find(|f| f.path == "operations.rs")
        .unwrap()
        .contents;
    assert!(
        operations.contains("Available since cPanel & WHM version 11.110."),
        "{operations}"
    );
}

#[test]
fn a_map_parameter_is_an_object_of_its_values() {
    let spec = SpecFile {
        name: "map.yaml".to_owned(),
        contents: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - {name: m, in: query, schema: {type: object, additionalProperties: {type: string}}}\n      responses: {'200': {description: ok}}\n".to_owned(),
    };
    let (api, warnings) = openapi_rustgen::read_model(&[spec], &Options::default()).unwrap();
    assert_eq!(
        api.operations[0].params[0].ty,
        TypeRef::Map(Box::new(TypeRef::String))
    );
    assert!(warnings.is_empty(), "{warnings:#?}");
}
