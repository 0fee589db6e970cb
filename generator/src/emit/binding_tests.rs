//! The three places `operations.rs` writes an operation's parameters (the struct's fields,
//! `INFO.params`, `decode`) agree field by field, by name: each field's `rt::operation::Param` is the
//! parameter the model gives that field, and `decode` reads each field by that same name.
//! (The runtime binds them by name, so their order is free: see the runtime's
//! `fields_bind_to_parameters_by_name_not_position`.)

use std::collections::BTreeMap;

use regex_lite::Regex;

use crate::SpecFile;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
security: [{key: []}, {basic: []}]
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    key: {type: apiKey, in: header, name: X-Key}
paths:
  /things/{id}:
    post:
      operationId: make
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: promptToken, in: query, required: true, schema: {type: string}}
        - {name: type, in: query, schema: {type: string}}
        - {name: X-Trace-Id, in: header, schema: {type: string}}
        - {name: user, in: query, schema: {type: string}}
        - {name: service, in: query, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200': {description: ok}
"#;

fn generated(path: &str) -> String {
    let spec = SpecFile {
        name: "binding.yaml".into(),
        contents: SPEC.into(),
    };
    let generated = crate::generate(&[spec]).unwrap_or_else(|err| panic!("{err}"));
    let file = generated.files.iter().find(|f| f.path == path);
    file.unwrap().contents.clone()
}

fn operations() -> String {
    generated("operations.rs")
}

#[test]
fn fields_info_params_and_decode_agree_by_name() {
    let code = operations();
    let api = crate::read_model(
        &[SpecFile {
            name: "binding.yaml".into(),
            contents: SPEC.into(),
        }],
        &crate::Options::default(),
    )
    .unwrap()
    .0;
    let op = &api.operations[0];
    // The model's binding: the serialized field name -> the wire name.
    let expected: BTreeMap<String, String> = op
        .params
        .iter()
        .map(|p| {
            let field = p.field_name.trim_start_matches("r#").to_owned();
            (field, p.wire_name.clone())
        })
        .collect();

    // `INFO.params`: `rt::operation::Param::query("wire")....field("field")...`.
    let param =
        Regex::new(r#"rt::operation::Param::\w+\("([^"]+)"\)((?:\s*\.\w+\([^()]*\))*)"#).unwrap();
    let field = Regex::new(r#"\.field\("([^"]+)"\)"#).unwrap();
    let info: BTreeMap<String, String> = param
        .captures_iter(&code)
        .map(|c| {
            let wire = c[1].to_owned();
            let bound = field
                .captures(&c[2])
                .map_or(wire.clone(), |f| f[1].to_owned());
            (bound, wire)
        })
        .collect();
    assert_eq!(info, expected, "INFO.params binds other fields:\n{code}");

    // `decode`: `input.required("field")` / `input.optional("field")`, each into that field.
    let read =
        Regex::new(r#"(?:let |\b)(r#)?(\w+)(?: =|:) input\.(?:required|optional)\("([^"]+)"\)"#)
            .unwrap();
    let mut decoded = Vec::new();
    for c in read.captures_iter(&code) {
        assert_eq!(
            &c[2], &c[3],
            "decode reads `{}` into `{}`:\n{code}",
            &c[3], &c[2]
        );
        decoded.push(c[3].to_owned());
    }
    decoded.sort();
    let fields: Vec<String> = expected.keys().cloned().collect();
    assert_eq!(decoded, fields, "decode reads other fields:\n{code}");

    // The struct: a field per parameter, and the body.
    let start = code.find("pub struct MakeParams {").unwrap();
    let end = start + code[start..].find("\n}").unwrap();
    let declared = Regex::new(r"pub (?:r#)?(\w+):").unwrap();
    let mut struct_fields: Vec<String> = declared
        .captures_iter(&code[start..end])
        .map(|c| c[1].to_owned())
        .collect();
    struct_fields.sort();
    let mut with_body = fields.clone();
    with_body.push("body".into());
    with_body.sort();
    assert_eq!(struct_fields, with_body);
}

/// The runtime binds by name, so order is not what makes a binding right; but each list is
/// written in the description's order (the struct's fields and `INFO.params` as they are,
/// `decode` with the required read first), so that an emitter that reorders its list and not
/// the others fails here rather than only changing what a reader or the wire sees.
#[test]
fn each_list_follows_the_descriptions_order() {
    let code = operations();
    let model_order = [
        "id",
        "prompt_token",
        "type",
        "x_trace_id",
        "user",
        "service",
    ];

    let param =
        Regex::new(r#"rt::operation::Param::\w+\("([^"]+)"\)((?:\s*\.\w+\([^()]*\))*)"#).unwrap();
    let field = Regex::new(r#"\.field\("([^"]+)"\)"#).unwrap();
    let info: Vec<String> = param
        .captures_iter(&code)
        .map(|c| {
            field
                .captures(&c[2])
                .map_or(c[1].to_owned(), |f| f[1].to_owned())
        })
        .collect();
    assert_eq!(info, model_order, "INFO.params:\n{code}");

    let start = code.find("pub struct MakeParams {").unwrap();
    let end = start + code[start..].find("\n}").unwrap();
    let declared = Regex::new(r"pub (?:r#)?(\w+):").unwrap();
    let fields: Vec<String> = declared
        .captures_iter(&code[start..end])
        .map(|c| c[1].to_owned())
        .filter(|name| name != "body")
        .collect();
    assert_eq!(fields, model_order, "the struct's fields:\n{code}");

    let read = Regex::new(r#"input\.(required|optional)\("([^"]+)"\)"#).unwrap();
    let decoded: Vec<(bool, String)> = read
        .captures_iter(&code)
        .map(|c| (&c[1] == "required", c[2].to_owned()))
        .collect();
    let required = ["id", "prompt_token", "service"];
    let mut expected: Vec<(bool, String)> =
        required.iter().map(|f| (true, f.to_string())).collect();
    expected.extend(
        model_order
            .iter()
            .filter(|f| !required.contains(f))
            .map(|f| (false, f.to_string())),
    );
    assert_eq!(decoded, expected, "decode:\n{code}");
}

#[test]
fn security_alternatives_and_hooks_name_their_schemes() {
    let code = operations();
    assert!(
        code.contains(r#"security: &[&["key"], &["basic"]],"#),
        "{code}"
    );
    // Each hook is called for the scheme of its own name, whatever the schemes' order.
    let server = generated("server.rs");
    for arm in [
        r#"("basic", rt::server::Presented::Basic { user, password }) => {
                self.0.basic(user, password).await"#,
        r#"("key", rt::server::Presented::ApiKey(key)) => self.0.key(key).await"#,
    ] {
        assert!(server.contains(arm), "{arm}\n{server}");
    }
}
