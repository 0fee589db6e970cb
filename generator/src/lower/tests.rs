//! One small inline spec per construct the lowering supports, and the errors it gives.

use crate::model::*;
use crate::{Error, Options, SpecFile, read_model};

/// A spec with one `GET /op` operation whose parameters and 200 response schema are given.
fn spec(parameters: &str, response: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /op:\n    get:\n      operationId: op\n      parameters: {parameters}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {response}\ncomponents: {components}\n"
    )
}

fn model(text: &str) -> Api {
    model_and_warnings(text).0
}

fn model_and_warnings(text: &str) -> (Api, Vec<crate::Warning>) {
    read_model(
        &[SpecFile {
            name: "inline.yaml".into(),
            contents: text.into(),
        }],
        &Options::default(),
    )
    .unwrap_or_else(|err| panic!("{err}"))
}

fn error(text: &str) -> Error {
    read_model(
        &[SpecFile {
            name: "inline.yaml".into(),
            contents: text.into(),
        }],
        &Options::default(),
    )
    .expect_err("the spec should be rejected")
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match &api
        .type_def(name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
    {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn scalar_types_and_required_flags() {
    let api = model(&spec(
        "[]",
        "{type: object, required: [a], properties: {a: {type: string, description: The a.}, b: {type: integer, format: int32}, c: {type: integer}, d: {type: number}, e: {type: boolean}}}",
        "{}",
    ));
    let f = fields(&api, "OpResponse");
    let types: Vec<&TypeRef> = f.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types,
        [
            &TypeRef::String,
            &TypeRef::Integer(IntegerWidth::I32),
            &TypeRef::Integer(IntegerWidth::I64),
            &TypeRef::Number,
            &TypeRef::Boolean
        ]
    );
    assert!(f[0].required && !f[0].is_optional());
    assert!(!f[1].required && f[1].is_optional());
    assert_eq!(f[0].doc.as_deref(), Some("The a."));
}

#[test]
fn nullable_fields_are_optional_even_when_required() {
    let api = model(&spec(
        "[]",
        "{type: object, required: [a], properties: {a: {type: string, nullable: true}}}",
        "{}",
    ));
    let a = &fields(&api, "OpResponse")[0];
    assert!(a.required && a.nullable && a.is_optional());
}

#[test]
fn nested_objects_are_named_from_their_path() {
    let api = model(&spec(
        "[]",
        "{type: object, properties: {data: {type: object, properties: {owner: {type: object, properties: {name: {type: string}}}, items: {type: array, items: {type: object, properties: {id: {type: integer}}}}}}}}",
        "{}",
    ));
    assert_eq!(
        fields(&api, "OpResponse")[0].ty,
        TypeRef::Named("OpData".into())
    );
    let data = fields(&api, "OpData");
    assert_eq!(data[0].ty, TypeRef::Named("OpDataOwner".into()));
    assert_eq!(
        data[1].ty,
        TypeRef::Array(Box::new(TypeRef::Named("OpDataItemsItem".into())))
    );
    assert!(api.type_def("OpDataOwner").is_some());
}

#[test]
fn null_items_and_null_map_values_are_options_of_their_own() {
    let api = model(&spec(
        "[]",
        "{type: object, properties: {tags: {type: array, items: {type: string, nullable: true}}, scores: {type: object, additionalProperties: {type: integer, nullable: true}}, plain: {type: array, items: {type: string}}, any: {type: array, items: {nullable: true}}}}",
        "{}",
    ));
    let f = fields(&api, "OpResponse");
    let nullable = |ty: TypeRef| TypeRef::Nullable(Box::new(ty));
    assert_eq!(f[0].ty, TypeRef::Array(Box::new(nullable(TypeRef::String))));
    assert_eq!(
        f[1].ty,
        TypeRef::Map(Box::new(nullable(TypeRef::Integer(IntegerWidth::I64))))
    );
    assert_eq!(f[2].ty, TypeRef::Array(Box::new(TypeRef::String)));
    // Any value already takes `null`.
    assert_eq!(f[3].ty, TypeRef::Array(Box::new(TypeRef::Json)));
}

#[test]
fn a_default_the_field_cannot_hold_is_a_warning_and_the_property_stays_optional() {
    let (api, warnings) = model_and_warnings(&spec(
        "[]",
        "{type: object, properties: {tags: {type: array, items: {type: string}, default: [a]}, none: {type: array, items: {type: string}, default: []}, side: {type: string, enum: [l, r], default: x}, gone: {type: string, nullable: true, default: null}}}",
        "{}",
    ));
    let f = fields(&api, "OpResponse");
    let optional: Vec<bool> = f.iter().map(|field| field.is_optional()).collect();
    // `[]` is an empty Vec; `[a]` and an unlisted enum value are not honoured; `null` is `None`.
    assert_eq!(optional, [true, false, true, true]);
    let refused: Vec<&str> = (warnings.iter())
        .filter(|w| w.message.contains("is not applied"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(refused.len(), 2, "{warnings:#?}");
    assert!(
        refused[0].ends_with("/properties/tags/default"),
        "{refused:?}"
    );
    assert!(
        refused[1].ends_with("/properties/side/default"),
        "{refused:?}"
    );
}

#[test]
fn maps_and_free_form_objects() {
    let api = model(&spec(
        "[]",
        "{type: object, properties: {m: {type: object, additionalProperties: {type: integer}}, any: {type: object}, untyped: {}}}",
        "{}",
    ));
    let f = fields(&api, "OpResponse");
    assert_eq!(
        f[0].ty,
        TypeRef::Map(Box::new(TypeRef::Integer(IntegerWidth::I64)))
    );
    assert_eq!(f[1].ty, TypeRef::Json);
    assert_eq!(f[2].ty, TypeRef::Json);
}

#[test]
fn components_and_refs_resolve_for_schemas_and_parameters() {
    let api = model(&spec(
        "[{$ref: '#/components/parameters/Who'}]",
        "{$ref: '#/components/schemas/Answer'}",
        "{parameters: {Who: {name: who, in: query, required: true, schema: {$ref: '#/components/schemas/User'}}}, schemas: {User: {type: string}, Answer: {type: object, properties: {user: {$ref: '#/components/schemas/User'}}}}}",
    ));
    let op = &api.operations[0];
    assert_eq!(op.params[0].wire_name, "who");
    assert!(op.params[0].required);
    assert_eq!(op.params[0].ty, TypeRef::Named("User".into()));
    assert_eq!(op.output, Output::Single(TypeRef::Named("Answer".into())));
    assert_eq!(
        api.type_def("User").unwrap().kind,
        TypeKind::Alias(TypeRef::String)
    );
    assert_eq!(fields(&api, "Answer")[0].ty, TypeRef::Named("User".into()));
}

#[test]
fn string_and_integer_enums() {
    let api = model(&spec(
        "[{name: mode, in: query, schema: {type: string, enum: [a-b, A_B, '']}}]",
        "{type: object, properties: {level: {type: integer, enum: [0, 1, -2]}, named: {type: integer, enum: [0, 1], x-enum-varnames: [Off, On]}}}",
        "{}",
    ));
    let TypeKind::StringEnum(mode) = &api.type_def("Mode").unwrap().kind else {
        panic!("Mode is not a string enum")
    };
    let names: Vec<(&str, &str)> = mode
        .variants
        .iter()
        .map(|v| (v.wire.as_str(), v.rust_name.as_str()))
        .collect();
    assert_eq!(names, [("a-b", "AB"), ("A_B", "AB2"), ("", "Empty")]);
    assert_eq!(mode.label, "mode");
    let TypeKind::IntegerEnum(level) = &api.type_def("OpLevel").unwrap().kind else {
        panic!("OpLevel is not an integer enum")
    };
    let names: Vec<&str> = level
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(names, ["V0", "V1", "Minus2"]);
    let TypeKind::IntegerEnum(named) = &api.type_def("OpNamed").unwrap().kind else {
        panic!("OpNamed is not an integer enum")
    };
    assert_eq!(named.variants[1].rust_name, "On");
}

#[test]
fn identical_enums_are_one_type_and_different_ones_are_qualified() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: first\n      parameters: [{name: mode, in: query, schema: {type: string, enum: [x, y]}}]\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      operationId: second\n      parameters: [{name: mode, in: query, schema: {type: string, enum: [x, y]}}]\n      responses: {'200': {description: ok}}\n  /c:\n    get:\n      operationId: third\n      parameters: [{name: mode, in: query, schema: {type: string, enum: [z]}}]\n      responses: {'200': {description: ok}}\n";
    let api = model(text);
    let types: Vec<&TypeRef> = api.operations.iter().map(|op| &op.params[0].ty).collect();
    assert_eq!(
        types,
        [
            &TypeRef::Named("Mode".into()),
            &TypeRef::Named("Mode".into()),
            &TypeRef::Named("ThirdMode".into())
        ]
    );
}

#[test]
fn arrays_in_the_query_and_explode() {
    let api = model(&spec(
        "[{name: tag, in: query, schema: {type: array, items: {type: string}}}, {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}]",
        "{type: object}",
        "{}",
    ));
    let params = &api.operations[0].params;
    assert_eq!(params[0].ty, TypeRef::Array(Box::new(TypeRef::String)));
    assert!(params[0].explode, "form style explodes by default");
    assert!(!params[1].explode);
}

#[test]
fn whm_api_1_operations_carry_api_version() {
    let text = spec("[]", "{type: object}", "{}").replace(
        "operationId: op",
        "operationId: Mod-op\n      x-cpanel-api-version: WHM API 1",
    );
    let api = model(&text);
    let op = &api.operations[0];
    assert_eq!(op.fn_name, "op");
    assert_eq!(op.fixed_query, [("api.version".to_owned(), "1".to_owned())]);
}

/// A WHM API 1 function whose path fixes a query pair of its own keeps `api.version=1` beside
/// it: the operation's pairs are all written, none taken from a base they would replace.
#[test]
fn a_fixed_query_in_the_path_keeps_api_version() {
    let envelope = "{type: object, properties: {data: {type: string}, metadata: {type: object, properties: {result: {type: integer}, reason: {type: string}}}}}";
    let text = spec("[]", envelope, "{}")
        .replace("/op:", "/op?x=y:")
        .replace(
            "operationId: op",
            "operationId: Mod-op\n      x-cpanel-api-version: WHM API 1",
        );
    let api = model(&text);
    let op = &api.operations[0];
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(op.fixed_query, [pair("api.version", "1"), pair("x", "y")]);
    assert_eq!(
        op.family,
        Family::Cpanel {
            envelope: Some(Envelope::Whm)
        }
    );
    let generated = crate::generate(&[SpecFile {
        name: "inline.yaml".into(),
        contents: text,
    }])
    .unwrap_or_else(|err| panic!("{err}"));
    let operations = &generated
        .files
        .iter()
        .find(|file| file.path == "operations.rs")
        .unwrap()
        .contents;
    assert!(
        operations.contains(r#"fixed_query: &[("api.version", "1"), ("x", "y")],"#),
        "{operations}"
    );
    assert!(
        operations.contains("..rt::cpanel::WHM_FUNCTION"),
        "{operations}"
    );
}

#[test]
fn sensitive_values_are_marked() {
    let api = model(&spec(
        "[{name: token, in: query, schema: {type: string, x-sensitive: true}}]",
        "{type: object, properties: {password: {type: string, format: password}, plain: {type: string}}}",
        "{}",
    ));
    let token = &api.operations[0].params[0];
    assert!(token.sensitive);
    assert_eq!(token.ty, TypeRef::Secret(Box::new(TypeRef::String)));
    let f = fields(&api, "OpResponse");
    assert_eq!(f[0].ty, TypeRef::Secret(Box::new(TypeRef::String)));
    assert_eq!(f[1].ty, TypeRef::String);
}

#[test]
fn an_unknown_type_is_a_warning_at_its_place_and_any_value() {
    let (api, warnings) = model_and_warnings(&spec(
        "[{name: a, in: query, schema: {type: string}}, {name: c, in: query, schema: {type: strin}}]",
        "{type: object}",
        "{}",
    ));
    assert_eq!(api.operations[0].params.len(), 2);
    assert_eq!(warnings[0].file, "inline.yaml");
    assert_eq!(
        warnings[0].pointer,
        "#/paths/~1op/get/parameters/1/schema/type"
    );
    assert!(
        warnings[0].message.contains("`type: \"strin\"` is ignored"),
        "{warnings:?}"
    );
}

#[test]
fn a_dangling_ref_names_its_place() {
    let err = error(&spec("[]", "{$ref: '#/components/schemas/Nope'}", "{}"));
    assert_eq!(
        err.pointer.as_deref(),
        Some("#/paths/~1op/get/responses/200/content/application~1json/schema")
    );
    assert!(err.message.contains("names no schema"), "{err}");
}

/// A malformed extension costs its rule, with a warning at its place; the rest is generated.
#[test]
fn malformed_extensions_are_warnings_and_their_rules_skipped() {
    let (api, warnings) = model_and_warnings(&spec(
        "[{name: size, in: query, schema: {type: string, x-max-decoded-length: -3}}]",
        "{type: object, properties: {r: {type: integer, enum: [0, 1], x-enum-varnames: [Only]}, c: {type: string, x-extensible-enum: [red, 3]}}}",
        "{}",
    ));
    let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1op/get/parameters/0/schema/x-max-decoded-length",
            "#/paths/~1op/get/responses/200/content/application~1json/schema/properties/r/x-enum-varnames",
            "#/paths/~1op/get/responses/200/content/application~1json/schema/properties/c/x-extensible-enum",
        ]
    );
    assert_eq!(
        api.operations[0].params[0].constraints.max_decoded_length,
        None
    );
    let c = fields(&api, "OpResponse")
        .iter()
        .find(|f| f.wire_name == "c")
        .unwrap();
    assert_eq!(c.ty, TypeRef::String);
}

/// A parameter that cannot be generated is skipped; when the request needs it (a path or
/// required parameter), its operation is.
#[test]
fn a_parameter_that_cannot_be_generated_is_skipped_or_costs_its_operation() {
    let (api, warnings) = model_and_warnings(&spec(
        "[{name: where, in: nowhere, schema: {type: string}}, {name: filter, in: query, content: {}}, {name: keep, in: query, schema: {type: string}}]",
        "{type: string}",
        "{}",
    ));
    let params: Vec<&str> = api.operations[0]
        .params
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(params, ["keep"]);
    let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1op/get/parameters/0",
            "#/paths/~1op/get/parameters/1"
        ]
    );
    let (api, warnings) = model_and_warnings(&spec(
        "[{name: filter, in: query, required: true, content: {}}]",
        "{type: string}",
        "{}",
    ));
    assert!(api.operations.is_empty());
    assert!(
        warnings[0].message.contains("operation `op` is skipped"),
        "{}",
        warnings[0]
    );
}

#[test]
fn extensible_enums_are_open_and_response_enums_too() {
    let api = model(&spec(
        "[{name: color, in: query, schema: {type: string, pattern: '^[a-z]+$', x-extensible-enum: [red, green]}}, {name: size, in: query, schema: {type: string, enum: [s, m]}}]",
        "{type: object, properties: {state: {type: string, enum: [on, off]}}}",
        "{}",
    ));
    let open = |name: &str| match &api.type_def(name).unwrap().kind {
        TypeKind::StringEnum(e) => e.open,
        other => panic!("{other:?}"),
    };
    assert!(open("Color"), "x-extensible-enum is open");
    assert!(!open("Size"), "a request-side enum is closed unless marked");
    assert!(open("OpState"), "a response-side enum is open");
    let color = &api.operations[0].params[0];
    assert_eq!(color.constraints.pattern.as_deref(), Some("^[a-z]+$"));
}

#[test]
fn any_of_strings_is_a_string_with_alternative_constraints() {
    let api = model(&spec(
        "[{name: who, in: query, schema: {anyOf: [{type: string, pattern: '^[a-z]+$'}, {type: string, format: email}]}}, {name: token, in: query, schema: {type: string, format: byte, maxLength: 8, x-max-decoded-length: 4}}]",
        "{type: object}",
        "{}",
    ));
    let who = &api.operations[0].params[0];
    assert_eq!(who.ty, TypeRef::String);
    assert_eq!(who.constraints.any_of.len(), 2);
    assert_eq!(who.constraints.any_of[1].format.as_deref(), Some("email"));
    let token = &api.operations[0].params[1].constraints;
    assert_eq!(
        (token.max_length, token.max_decoded_length),
        (Some(8), Some(4))
    );
}

#[test]
fn a_pattern_the_regex_engine_cannot_compile_is_skipped_with_a_warning_at_its_place() {
    let (api, warnings) = model_and_warnings(&spec(
        "[{name: a, in: query, schema: {type: string, pattern: '(unclosed'}}]",
        "{type: object}",
        "{}",
    ));
    assert_eq!(api.operations.len(), 1);
    let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["#/paths/~1op/get/parameters/0/schema/pattern"]);
}

#[test]
fn uapi_envelope_components_are_read_by_the_runtime_and_not_generated() {
    let components = "{schemas: {\
        Wrapper: {type: object, properties: {func: {type: string}, module: {type: string}, result: {$ref: '#/components/schemas/Result'}}},\
        Result: {type: object, properties: {status: {type: integer}, errors: {type: array, items: {type: string}}, data: {$ref: '#/components/schemas/Data'}}},\
        Data: {type: object, properties: {x: {type: string}}},\
        Unused: {type: object, properties: {y: {type: string}}}}}";
    let text = spec("[]", "{$ref: '#/components/schemas/Wrapper'}", components).replace(
        "operationId: op",
        "operationId: Mod-op\n      x-cpanel-api-version: UAPI",
    );
    let (api, warnings) = read_model(
        &[SpecFile {
            name: "inline.yaml".into(),
            contents: text,
        }],
        &Options {
            profile: crate::ProfileChoice::Fixed(crate::Profile::Cpanel),
            ..Options::default()
        },
    )
    .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        api.operations[0].output,
        Output::Single(TypeRef::Named("Data".into()))
    );
    let names: Vec<&str> = api.types.iter().map(|d| d.name.as_str()).collect();
    assert!(
        names.contains(&"Data") && names.contains(&"Unused"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Wrapper") && !names.contains(&"Result"),
        "{names:?}"
    );
    let pointers: Vec<&str> = warnings
        .iter()
        .filter(|w| w.message.contains("envelope"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Wrapper",
            "#/components/schemas/Result"
        ]
    );
}

/// A response read as one media type names each other one it offers (but a success's event
/// stream), once, even where many operations share the response.
#[test]
fn a_response_s_other_media_types_are_warnings_once_each() {
    let text = spec("[]", "{type: object}", "{responses: {Gone: {description: gone, content: {application/json: {schema: {type: string}}, text/csv: {}}}}}")
        .replace(
            "              schema: {type: object}\n",
            "              schema: {type: object}\n            application/xml:\n              schema: {type: object}\n            text/event-stream: {}\n        '410': {$ref: '#/components/responses/Gone'}\n",
        )
        .replace("/op:", "/op2:\n    get:\n      operationId: op2\n      responses:\n        '410': {$ref: '#/components/responses/Gone'}\n  /op:");
    let (_, warnings) = model_and_warnings(&text);
    let about = |media: &str| {
        warnings
            .iter()
            .filter(|w| {
                w.message
                    .starts_with(&format!("`{media}` answers are not read"))
            })
            .map(|w| w.pointer.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        about("application/xml"),
        ["#/paths/~1op/get/responses/200/content/application~1xml"]
    );
    assert_eq!(
        about("text/csv"),
        ["#/components/responses/Gone/content/text~1csv"]
    );
    // A success's event stream is read by its `_events` method.
    assert!(about("text/event-stream").is_empty(), "{warnings:#?}");
}

/// The cPanel profile reads failures from WHM's envelope, so the failures an operation
/// declares are not typed; each is a warning at its place.
#[test]
fn failures_the_cpanel_envelope_replaces_are_warnings() {
    let envelope = "{type: object, properties: {data: {type: string}, metadata: {type: object, properties: {result: {type: integer}, reason: {type: string}}}}}";
    let text = spec("[]", envelope, "{}")
        .replace(
            "operationId: op",
            "operationId: Mod-op\n      x-cpanel-api-version: WHM API 1",
        )
        .replace(
            "components:",
            "        '401':\n          description: denied\ncomponents:",
        );
    let (api, warnings) = model_and_warnings(&text);
    assert!(api.operations[0].responses.iter().all(|r| r.success));
    let pointers: Vec<&str> = warnings
        .iter()
        .filter(|w| w.message.starts_with("this failure is not typed"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["#/paths/~1op/get/responses/401"]);
}

/// An operation has one `_events` method, for its first success's event stream: another
/// success's stream is a warning at its place.
#[test]
fn a_second_success_s_event_stream_is_a_warning() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /op:\n    get:\n      operationId: op\n      responses:\n        '200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}\n        '201': {description: ok, content: {text/event-stream: {schema: {type: string}}}}\n";
    let (api, warnings) = model_and_warnings(text);
    assert!(api.operations[0].extras.events.is_some());
    let pointers: Vec<&str> = warnings
        .iter()
        .filter(|w| w.message.starts_with("this event stream is not read"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["#/paths/~1op/get/responses/201/content/text~1event-stream"]
    );
}

/// A response header that may carry a credential (named like a key or token, or whose schema
/// is marked sensitive) is typed as a secret, kept out of `Debug` output; others are not.
#[test]
fn credential_response_headers_are_secrets() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /op:\n    get:\n      operationId: op\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Api-Key: {schema: {type: string}}\n            X-Trace: {schema: {type: string, format: password}}\n            X-Rate-Limit: {schema: {type: string}}\n            X-Session-Ids: {schema: {type: array, items: {type: string, nullable: true}}}\n            X-Auth-Level: {schema: {type: integer}}\n            X-Token: {schema: {$ref: '#/components/schemas/Token'}}\ncomponents:\n  schemas:\n    Token: {type: string, minLength: 8}\n";
    let api = model(text);
    let headers = &api.operations[0].extras.headers.as_ref().unwrap().headers;
    let types: Vec<(&str, &TypeRef)> = headers
        .iter()
        .map(|h| (h.wire_name.as_str(), &h.ty))
        .collect();
    let secret = |ty: TypeRef| TypeRef::Secret(Box::new(ty));
    // Each item of a list is a secret, a nullable one too; a scalar of any type is one whole.
    let nullable_items = TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(secret(
        TypeRef::String,
    )))));
    assert_eq!(
        types,
        [
            ("X-Api-Key", &secret(TypeRef::String)),
            ("X-Trace", &secret(TypeRef::String)),
            ("X-Rate-Limit", &TypeRef::String),
            ("X-Session-Ids", &nullable_items),
            (
                "X-Auth-Level",
                &secret(TypeRef::Integer(crate::model::IntegerWidth::I64))
            ),
            // A named type whole, as a scalar of any type.
            ("X-Token", &secret(TypeRef::Named("Token".into()))),
        ]
    );
    let list = headers.iter().find(|h| h.wire_name == "X-Session-Ids");
    assert_eq!(list.map(|h| h.shape), Some(crate::model::HeaderShape::List));
}
