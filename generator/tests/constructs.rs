//! One small description per construct: what each becomes in the model, or the warning that
//! names it (file and JSON pointer) when it is not generated.

use openapi_rustgen::model::*;
use openapi_rustgen::{Options, SpecFile, Warning};

fn read(text: &str) -> (Api, Vec<Warning>) {
    let spec = SpecFile {
        name: "spec.yaml".into(),
        contents: text.into(),
    };
    openapi_rustgen::read_model(&[spec], &Options::default()).unwrap_or_else(|err| panic!("{err}"))
}

/// A 3.0 document with these `paths` and `components`.
fn document(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {paths}\ncomponents: {components}\n"
    )
}

fn pointers(warnings: &[Warning]) -> Vec<&str> {
    warnings.iter().map(|w| w.pointer.as_str()).collect()
}

fn one_warning_at(warnings: &[Warning], pointer: &str) {
    assert_eq!(pointers(warnings), [pointer], "{warnings:#?}");
    assert_eq!(warnings[0].file, "spec.yaml");
}

const PET: &str = "{schemas: {Pet: {type: object, required: [name], properties: {name: {type: string}, photo: {type: string, format: binary}}}}}";

fn body(media: &str) -> (Api, Vec<Warning>) {
    read(&document(
        &format!(
            "{{/pets: {{post: {{operationId: add, requestBody: {{required: true, content: {{'{media}': {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}, responses: {{'201': {{description: ok}}}}}}}}}}"
        ),
        PET,
    ))
}

/// The struct called `name`.
fn struct_named<'a>(api: &'a Api, name: &str) -> &'a Struct {
    match &api.type_def(name).map(|def| &def.kind) {
        Some(TypeKind::Struct(s)) => s,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}
#[test]
fn request_bodies_in_each_media_type() {
    for (content_type, media) in [
        ("application/json", Media::Json),
        ("application/x-www-form-urlencoded", Media::Form),
        ("multipart/form-data", Media::Multipart),
    ] {
        let (api, warnings) = body(content_type);
        assert!(warnings.is_empty(), "{warnings:#?}");
        let body = api.operations[0].body.as_ref().expect("a body");
        assert!(body.required);
        assert_eq!(body.ty, TypeRef::Named("Pet".into()));
        assert_eq!(body.media, [(content_type.to_owned(), media)]);
    }
    let (api, _) = body("text/plain");
    assert_eq!(api.operations[0].body.as_ref().unwrap().ty, TypeRef::String);
    let (api, _) = body("application/octet-stream");
    assert_eq!(api.operations[0].body.as_ref().unwrap().ty, TypeRef::Binary);
}

#[test]
fn a_body_media_type_not_generated_is_named() {
    let (api, warnings) = body("application/xml");
    assert!(api.operations[0].body.is_none());
    one_warning_at(
        &warnings,
        "#/paths/~1pets/post/requestBody/content/application~1xml",
    );
}

#[test]
fn parameters_in_all_four_places_with_their_styles() {
    let (api, warnings) = read(&document(
        "{'/pets/{id}': {get: {parameters: [{name: id, in: path, required: true, style: label, schema: {type: array, items: {type: integer}}}, {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}, {name: filter, in: query, style: deepObject, schema: {type: object, properties: {kind: {type: string}}}}, {name: X-Trace, in: header, schema: {type: string}}, {name: session, in: cookie, schema: {type: string}}, {name: Accept, in: header, schema: {type: string}}], responses: {'200': {description: ok}}}}}",
        "{}",
    ));
    let params = &api.operations[0].params;
    let places: Vec<(&str, Location, Style, bool)> = params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.location, p.style, p.explode))
        .collect();
    assert_eq!(
        places,
        [
            ("id", Location::Path, Style::Label, false),
            ("tags", Location::Query, Style::Form, false),
            ("filter", Location::Query, Style::DeepObject, false),
            ("X-Trace", Location::Header, Style::Simple, false),
            ("session", Location::Cookie, Style::Form, true),
        ]
    );
    // `Accept` is the transport's, as OpenAPI says.
    one_warning_at(&warnings, "#/paths/~1pets~1{id}/get/parameters/5");
}

#[test]
fn every_declared_response() {
    let (api, warnings) = read(&document(
        "{/pets: {post: {operationId: add, responses: {'200': {description: found, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}, '202': {description: queued, content: {text/plain: {schema: {type: string}}}}, '204': {description: none}, '404': {description: missing}, default: {description: error, content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}}}}}}",
        PET,
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let op = &api.operations[0];
    assert_eq!(op.output, Output::ByStatus("AddResponse".into()));
    assert_eq!(op.failure, Failure::ByStatus("AddError".into()));
    let responses: Vec<(&str, bool, Media, &str)> = op
        .responses
        .iter()
        .map(|r| (r.status.as_str(), r.success, r.media, r.variant.as_str()))
        .collect();
    assert_eq!(
        responses,
        [
            ("200", true, Media::Json, "Ok"),
            ("202", true, Media::Text, "Accepted"),
            ("204", true, Media::Empty, "NoContent"),
            ("404", false, Media::Empty, "NotFound"),
            ("default", false, Media::Json, "Default"),
        ]
    );
    assert!(op.responses[4].carries_status());
}

#[test]
fn a_204_alone_is_unit_and_no_responses_accept_any_success() {
    let (api, _) = read(&document(
        "{/a: {delete: {responses: {'204': {description: gone}}}}, /b: {get: {responses: {}}}}",
        "{}",
    ));
    assert_eq!(api.operations[0].output, Output::Single(TypeRef::Unit));
    assert_eq!(api.operations[0].failure, Failure::None);
    assert_eq!(api.operations[1].responses[0].status, "2XX");
}

#[test]
fn security_alternatives_combinations_and_public_operations() {
    let (api, warnings) = read(&document(
        "{/a: {get: {responses: {'200': {description: ok}}}}, /b: {get: {security: [{key: [], basic: []}, {bearer: []}], responses: {'200': {description: ok}}}}, /c: {get: {security: [], responses: {'200': {description: ok}}}}}",
        "{securitySchemes: {basic: {type: http, scheme: basic}, bearer: {type: http, scheme: bearer}, key: {type: apiKey, in: cookie, name: k}, oauth: {type: oauth2, flows: {}}}}\nsecurity: [{basic: []}]",
    ));
    let kinds: Vec<&SchemeKind> = api.schemes.iter().map(|s| &s.kind).collect();
    assert_eq!(
        kinds,
        [
            &SchemeKind::Basic,
            &SchemeKind::Bearer,
            &SchemeKind::ApiKey {
                location: Location::Cookie,
                name: "k".into()
            },
            &SchemeKind::Bearer,
        ]
    );
    let names = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        api.operations[0].security,
        [names(&["basic"])],
        "the document's"
    );
    assert_eq!(
        api.operations[1].security,
        [names(&["key", "basic"]), names(&["bearer"])]
    );
    assert!(api.operations[2].security.is_empty() && api.operations[2].is_public());
    one_warning_at(&warnings, "#/components/securitySchemes/oauth");
}

#[test]
fn recursive_types_are_boxed_where_the_loop_closes() {
    let (api, _) = read(&document(
        "{}",
        "{schemas: {A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}, B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}, list: {type: array, items: {$ref: '#/components/schemas/A'}}}}}}",
    ));
    let fields = |name: &str| match &api.type_def(name).unwrap().kind {
        TypeKind::Struct(s) => s.fields.clone(),
        other => panic!("{other:?}"),
    };
    assert!(fields("A")[0].boxed);
    assert!(fields("B")[0].boxed);
    assert!(!fields("B")[1].boxed, "a Vec is on the heap already");
}

#[test]
fn a_discriminator_makes_a_tagged_union() {
    let (api, warnings) = read(&document(
        "{}",
        "{schemas: {Pet: {oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}], discriminator: {propertyName: kind, mapping: {doggo: '#/components/schemas/Dog'}}}, Dog: {type: object, properties: {kind: {type: string}}}, Cat: {type: object, properties: {kind: {type: string}}}}}",
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let TypeKind::Tagged(tagged) = &api.type_def("Pet").unwrap().kind else {
        panic!("Pet is not tagged");
    };
    assert_eq!(tagged.property, "kind");
    let tags: Vec<&str> = tagged.variants.iter().map(|v| v.tag.as_str()).collect();
    assert_eq!(tags, ["doggo", "Cat"]);
}

#[test]
fn read_only_write_only_defaults_and_closed_objects() {
    let (api, _) = read(&document(
        "{}",
        "{schemas: {Pet: {type: object, additionalProperties: false, required: [id, secret, limit], properties: {id: {type: integer, readOnly: true}, secret: {type: string, writeOnly: true}, limit: {type: integer, default: 20}}}}}",
    ));
    let pet = struct_named(&api, "Pet");
    assert!(pet.closed);
    assert!(pet.fields[0].read_only && pet.fields[0].is_optional());
    assert!(pet.fields[1].write_only && pet.fields[1].is_optional());
    assert_eq!(pet.fields[2].default, Some(serde_json::json!(20)));
    assert!(!pet.fields[2].is_optional());
}

#[test]
fn keywords_and_collisions_get_valid_distinct_names() {
    let (api, _) = read(&document(
        "{/a: {get: {operationId: list-pets, responses: {'200': {description: ok}}}}, /b: {get: {operationId: list_pets, responses: {'200': {description: ok}}}}}",
        "{schemas: {Thing: {type: object, properties: {gen: {type: string}, try: {type: string}, type: {type: string}, Type: {type: string}}}, Option: {type: string}}}",
    ));
    let thing = struct_named(&api, "Thing");
    let names: Vec<&str> = thing.fields.iter().map(|f| f.rust_name.as_str()).collect();
    assert_eq!(names, ["r#gen", "r#try", "r#type", "type_2"]);
    assert!(api.type_def("Option2").is_some());
    let methods: Vec<&str> = api
        .operations
        .iter()
        .map(|op| op.fn_name.as_str())
        .collect();
    assert_eq!(methods, ["list_pets", "list_pets_2"]);
}

#[test]
fn openapi_3_1_documents_without_paths_with_webhooks_and_ref_siblings() {
    let (api, warnings) = read(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {newPet: {post: {responses: {'200': {description: ok}}}}}\ncomponents: {schemas: {Pet: {type: object, properties: {friend: {$ref: '#/components/schemas/Pet', description: A friend., type: ['object', 'null']}, kind: {const: dog}}}}}\n",
    );
    assert!(api.operations.is_empty());
    one_warning_at(&warnings, "#/webhooks");
    let pet = struct_named(&api, "Pet");
    assert_eq!(pet.fields[0].ty, TypeRef::Named("Pet".into()));
    assert_eq!(pet.fields[0].doc.as_deref(), Some("A friend."));
    assert!(pet.fields[0].nullable);
    let TypeRef::Named(kind) = &pet.fields[1].ty else {
        panic!("const is an enum of one value");
    };
    assert!(matches!(
        api.type_def(kind).unwrap().kind,
        TypeKind::StringEnum(_)
    ));
}

#[test]
fn callbacks_links_and_xml_are_named() {
    let (_, warnings) = read(&document(
        "{/a: {post: {callbacks: {done: {}}, responses: {'200': {description: ok, links: {next: {operationId: x}}, content: {application/json: {schema: {type: object, xml: {name: a}, properties: {b: {type: string}}}}}}}}}}",
        "{}",
    ));
    assert_eq!(
        pointers(&warnings),
        [
            "#/paths/~1a/post/callbacks",
            "#/paths/~1a/post/responses/200/links",
            "#/paths/~1a/post/responses/200/content/application~1json/schema/xml",
        ]
    );
}

#[test]
fn a_neutral_spec_gets_none_of_cpanels_rules() {
    // Dashed operationIds, a boolean query parameter, no security, and a `metadata` object with
    // a `result` and a `reason` in an answer: nothing of cPanel's applies.
    let text = document(
        "{/pets: {get: {operationId: list-pets, parameters: [{name: verbose, in: query, schema: {type: boolean}}], responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: string}}, metadata: {type: object, properties: {result: {type: integer, enum: [0, 1]}, reason: {type: string}}}}}}}}}}, post: {operationId: create-pet, responses: {'201': {description: ok}}}}}",
        "{}",
    );
    let (api, warnings) = read(&text);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let names: Vec<&str> = api
        .operations
        .iter()
        .map(|op| op.fn_name.as_str())
        .collect();
    assert_eq!(names, ["list_pets", "create_pet"]);
    let list = &api.operations[0];
    assert_eq!(
        list.output,
        Output::Single(TypeRef::Named("ListPetsResponse".into()))
    );
    assert_eq!(list.family, Family::Plain);
    assert!(list.fixed_query.is_empty() && api.schemes.is_empty());
    assert!(api.runtime_features.is_empty());
    // The 0/1 enum stays an enum of the API's own.
    assert!(
        api.types
            .iter()
            .any(|d| matches!(d.kind, TypeKind::IntegerEnum(_)))
    );

    let generated = openapi_rustgen::generate(&[SpecFile {
        name: "spec.yaml".into(),
        contents: text,
    }])
    .unwrap();
    for file in &generated.files {
        for word in [
            "json-api",
            "whm",
            "cpanel",
            "cpsess",
            "trait Authenticate",
            "Digits",
        ] {
            assert!(
                !file.contents.to_lowercase().contains(&word.to_lowercase()),
                "{} mentions {word}",
                file.path
            );
        }
    }
}
