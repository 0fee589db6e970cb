//! A document's own examples, each with the generated type that must read it: the sample of
//! what the API really sends that nobody here wrote.
//!
//! [`collect`] walks each document for `example` and `examples.*.value` (`$ref`s to
//! `#/components/examples` followed) on response and request bodies, parameters, component
//! schemas and their properties, and pairs each value with the model type at that place. Each
//! value is checked against that type's structure ([`conform`]: types, required properties,
//! enum values, nullability, closed objects); one that breaks it is a warning at the example's
//! pointer (a finding for the document's authors), and the rest are [`Example`]s, which
//! `cargo xtask corpus` reads into the real generated types and writes back
//! ([`runner_check`]).

mod conform;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, Schema};
use serde_json::Value;

use crate::error::{Pointer, Warning};
use crate::lower::component::{self, Component};
use crate::model::{Api, IntegerWidth, Media, Operation, TypeKind, TypeRef, TypesByName, first_by};
use crate::profile::Profile;

/// One example value that the type at its place must read and write back.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The spec file and the pointer of the value (through a `$ref`, of the place using it).
    pub file: String,
    pub pointer: String,
    /// The type that reads it; `optional` for a property that may be absent or `null`.
    pub ty: TypeRef,
    pub optional: bool,
    /// The value as the document gives it.
    pub value: Value,
    /// What writing it back must give (nulls of objects aside): the value, with the defaults
    /// of absent properties filled in.
    pub expected: Value,
}

/// What [`collect`] found in one crate's documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examples {
    /// The examples the generated types must round-trip, each (type, value) once.
    pub checked: Vec<Example>,
    /// Examples that break their own schema (each also a warning).
    pub breaking: usize,
    /// Examples at a place whose type is not checked this way (bytes, a profile's own types).
    pub unchecked: usize,
}

/// The examples of `documents` (each with its file name and profile), typed by `api`;
/// warnings for those that break their schema.
pub fn collect<'a>(
    documents: &[(String, OpenAPI, Profile)],
    api: &'a Api,
) -> (Examples, Vec<Warning>) {
    let place = |source: &'a crate::model::Source| (source.file.as_str(), source.pointer.as_str());
    let mut walk = Walk {
        types: api.types_by_name(),
        components: (first_by(&api.types, |def| place(&def.source)).into_iter())
            .map(|(at, def)| (at, def.name.as_str()))
            .collect(),
        operations: first_by(&api.operations, |op| place(&op.source)),
        seen: HashSet::new(),
        found: Examples::default(),
        warnings: Vec::new(),
    };
    for (file, document, profile) in documents {
        walk.document(file, document, *profile);
    }
    (walk.found, walk.warnings)
}

/// A walk over the documents, with the model's types and operations found by name and by
/// their place in a file, and what it has seen, so that it costs one look-up per example.
struct Walk<'a> {
    types: TypesByName<'a>,
    /// The name of the type made from the schema at a (file, pointer).
    components: HashMap<(&'a str, &'a str), &'a str>,
    /// The operation made from the operation at a (file, pointer).
    operations: HashMap<(&'a str, &'a str), &'a Operation>,
    /// Each (type, value) checked so far, as text: an example used in many places is one.
    seen: HashSet<String>,
    found: Examples,
    warnings: Vec<Warning>,
}

impl<'a> Walk<'a> {
    fn document(&mut self, file: &str, document: &OpenAPI, profile: Profile) {
        let root = Pointer::root(file);
        let components = document.components.as_ref();
        if let Some(components) = components {
            for (key, schema) in &components.schemas {
                let ptr = root.push("components").push("schemas").push(key);
                let Some(schema) = schema.as_item() else {
                    continue;
                };
                let pointer = ptr.to_string();
                let Some(&name) = self.components.get(&(file, pointer.as_str())) else {
                    continue;
                };
                self.component(name, schema, &ptr);
            }
        }
        // A profile that reads its envelopes itself gives operations a type that is not the
        // body's: their examples are not the operation's values.
        if profile != Profile::Plain {
            return;
        }
        for (path, item) in &document.paths.paths {
            let Some(item) = item.as_item() else { continue };
            let item_ptr = root.push("paths").push(path);
            for (method, operation) in item.iter() {
                let ptr = item_ptr.push(method);
                let pointer = ptr.to_string();
                let Some(&op) = self.operations.get(&(file, pointer.as_str())) else {
                    continue;
                };
                let shared = item.parameters.iter().enumerate();
                let shared = shared.map(|(index, p)| (p, item_ptr.push("parameters").push(index)));
                let own = operation.parameters.iter().enumerate();
                let own = own.map(|(index, p)| (p, ptr.push("parameters").push(index)));
                for (parameter, parameter_ptr) in shared.chain(own) {
                    self.parameter(op, parameter, &parameter_ptr, document);
                }
                if let Some(body) = &operation.request_body {
                    self.body(op, body, &ptr.push("requestBody"), document);
                }
                let responses = &operation.responses;
                let keyed = responses
                    .responses
                    .iter()
                    .map(|(code, response)| (code.to_string(), response))
                    .chain(responses.default.iter().map(|r| ("default".to_owned(), r)));
                for (status, response) in keyed {
                    let response_ptr = ptr.push("responses").push(&status);
                    let Some(response) = resolve(response, document) else {
                        continue;
                    };
                    let Some(model) = op.responses.iter().find(|r| r.status == status) else {
                        continue;
                    };
                    let (Some(content_type), Some(ty)) = (&model.content_type, &model.ty) else {
                        continue;
                    };
                    if model.media != Media::Json {
                        continue;
                    }
                    if let Some(media) = response.content.get(content_type) {
                        let media_ptr = response_ptr.push("content").push(content_type);
                        self.media(ty, media, &media_ptr, document);
                    }
                }
            }
        }
    }

    /// A component schema's example, and its properties' when it is a struct.
    fn component(&mut self, name: &str, schema: &Schema, ptr: &Pointer) {
        let ty = TypeRef::Named(name.to_owned());
        if let Some(value) = &schema.schema_data.example {
            self.add(&ty, false, value, &ptr.push("example"));
        }
        let Some(TypeKind::Struct(fields)) = self.types.get(name).map(|def| &def.kind) else {
            return;
        };
        let properties = properties(schema);
        for field in &fields.fields {
            let Some(property) = properties.and_then(|p| p.get(&field.wire_name)) else {
                continue;
            };
            let Some(property) = property.as_item() else {
                continue;
            };
            if let Some(value) = &property.schema_data.example {
                let property_ptr = ptr.push("properties").push(&field.wire_name);
                self.add(
                    &field.ty,
                    field.is_optional(),
                    value,
                    &property_ptr.push("example"),
                );
            }
        }
    }

    fn parameter(
        &mut self,
        op: &Operation,
        parameter: &ReferenceOr<openapiv3::Parameter>,
        ptr: &Pointer,
        document: &OpenAPI,
    ) {
        let Some(parameter) = resolve(parameter, document) else {
            return;
        };
        let data = parameter.parameter_data_ref();
        // By name and place: a header and a query parameter may share a name.
        let location = crate::lower::location(parameter);
        let Some(param) =
            (op.params.iter()).find(|p| p.wire_name == data.name && p.location == location)
        else {
            return;
        };
        if let Some(value) = &data.example {
            self.add(&param.ty, false, value, &ptr.push("example"));
        }
        self.named_examples(&param.ty, &data.examples, ptr, document);
    }

    fn body(
        &mut self,
        op: &Operation,
        body: &ReferenceOr<openapiv3::RequestBody>,
        ptr: &Pointer,
        document: &OpenAPI,
    ) {
        let (Some(body), Some(model)) = (resolve(body, document), &op.body) else {
            return;
        };
        for (content_type, media) in &model.media {
            if *media != Media::Json {
                continue;
            }
            if let Some(spec) = body.content.get(content_type) {
                let media_ptr = ptr.push("content").push(content_type);
                self.media(&model.ty, spec, &media_ptr, document);
            }
        }
    }

    /// A media type's `example`, `examples` and its inline schema's `example`.
    fn media(&mut self, ty: &TypeRef, media: &MediaType, ptr: &Pointer, document: &OpenAPI) {
        if let Some(value) = &media.example {
            self.add(ty, false, value, &ptr.push("example"));
        }
        self.named_examples(ty, &media.examples, ptr, document);
        if let Some(ReferenceOr::Item(schema)) = &media.schema
            && let Some(value) = &schema.schema_data.example
        {
            self.add(ty, false, value, &ptr.push("schema").push("example"));
        }
    }

    fn named_examples(
        &mut self,
        ty: &TypeRef,
        examples: &IndexMap<String, ReferenceOr<openapiv3::Example>>,
        ptr: &Pointer,
        document: &OpenAPI,
    ) {
        for (name, example) in examples {
            let example_ptr = ptr.push("examples").push(name);
            let Some(example) = resolve(example, document) else {
                continue;
            };
            if let Some(value) = &example.value {
                self.add(ty, false, value, &example_ptr.push("value"));
            }
        }
    }

    fn add(&mut self, ty: &TypeRef, optional: bool, value: &Value, ptr: &Pointer) {
        // A (type, value) already checked and kept is not checked again (`null` fits an
        // optional place without a check, so whether the place is optional is in the key).
        let key = format!("{optional} {ty:?} {value}");
        if self.seen.contains(&key) {
            return;
        }
        let checked = if optional && value.is_null() {
            Ok(Value::Null)
        } else {
            conform::conform(&self.types, ty, value)
        };
        match checked {
            Ok(expected) => {
                self.seen.insert(key);
                self.found.checked.push(Example {
                    file: ptr.file().to_owned(),
                    pointer: ptr.to_string(),
                    ty: ty.clone(),
                    optional,
                    value: value.clone(),
                    expected,
                });
            }
            Err(conform::Verdict::Breaks(why)) => {
                self.found.breaking += 1;
                self.warnings.push(ptr.warning(format!(
                    "this example breaks its own schema ({why}); it is not checked against \
                     the generated type"
                )));
            }
            Err(conform::Verdict::Unchecked) => self.found.unchecked += 1,
        }
    }
}

/// The `properties` of an object schema, as written (not merged from `allOf`).
fn properties(schema: &Schema) -> Option<&IndexMap<String, ReferenceOr<Box<Schema>>>> {
    use openapiv3::{SchemaKind, Type};
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
        SchemaKind::Any(any) => Some(&any.properties),
        _ => None,
    }
}

/// An object, or the one its `$ref` names (see `lower::component`).
fn resolve<'a, T: Component>(item: &'a ReferenceOr<T>, document: &'a OpenAPI) -> Option<&'a T> {
    // The place is not needed: an example's pointer is where it is used.
    let anywhere = Pointer::root("");
    component::resolve(item, &anywhere, document).map(|(found, _)| found)
}

/// The Rust type of `ty` as code outside the crate `krate` names it (`krate::types::Pet`),
/// or `None` for one that code outside cannot name.
pub fn outside_type(ty: &TypeRef, krate: &str) -> Option<String> {
    Some(match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(IntegerWidth::I32) => "i32".to_owned(),
        TypeRef::Integer(IntegerWidth::I64) => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", outside_type(item, krate)?),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            outside_type(value, krate)?
        ),
        TypeRef::Named(name) => format!("{krate}::types::{name}"),
        TypeRef::Json => format!("{krate}::runtime::json::Value"),
        TypeRef::Unit => "()".to_owned(),
        TypeRef::Secret(inner) => {
            format!("{krate}::runtime::Secret<{}>", outside_type(inner, krate)?)
        }
        TypeRef::Nullable(inner) => format!("Option<{}>", outside_type(inner, krate)?),
        // A replacement is a type of a crate the runner does not depend on.
        TypeRef::Binary | TypeRef::Runtime(_) | TypeRef::External(_) => return None,
    })
}

/// One line of a runner's check function: reads `example` into its type and compares what it
/// writes back (`check` is the runner's generic function; see `cargo xtask corpus`).
pub fn runner_check(example: &Example, krate: &str) -> Option<String> {
    let mut ty = outside_type(&example.ty, krate)?;
    if example.optional {
        ty = format!("Option<{ty}>");
    }
    let value = serde_json::to_string(&example.value).ok()?;
    let expected = serde_json::to_string(&example.expected).ok()?;
    let place = format!("{}{}", example.file, example.pointer);
    Some(format!(
        "    check::<{ty}>(run, {}, {}, {});\n",
        raw(&place),
        raw(&value),
        raw(&expected)
    ))
}

/// `text` as a raw string literal.
fn raw(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn examples(spec: &str) -> (Examples, Vec<Warning>) {
        let file = crate::SpecFile {
            name: "t.yaml".to_owned(),
            contents: spec.to_owned(),
        };
        let generated = crate::generate(&[file]).expect("the spec is valid");
        let warnings = generated
            .warnings
            .into_iter()
            .filter(|w| w.message.contains("breaks its own schema"))
            .collect();
        (generated.examples, warnings)
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: list
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32}, example: 5}
        # The same name in another place: its example is the header's, a string.
        - {name: limit, in: header, schema: {type: string}, example: all}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
              examples:
                shared: {$ref: '#/components/examples/Pets'}
                broken: {value: [{name: 3}]}
components:
  examples:
    Pets: {value: [{name: Rex, legs: 3, owner: null, colour: brown}]}
  schemas:
    Owner: {type: object, nullable: true, properties: {name: {type: string}}}
    Pet:
      type: object
      required: [name, owner]
      properties:
        name: {type: string, example: Rex}
        legs: {type: integer, default: 4}
        owner: {$ref: '#/components/schemas/Owner'}
      example: {name: Tom, owner: {name: Ann}}
"##;

    #[test]
    fn every_place_gives_its_examples_with_their_types() {
        let (found, warnings) = examples(SPEC);
        let places: Vec<(&str, &TypeRef)> = found
            .checked
            .iter()
            .map(|e| (e.pointer.as_str(), &e.ty))
            .collect();
        let pet = TypeRef::Named("Pet".to_owned());
        let pets = TypeRef::Array(Box::new(pet.clone()));
        assert_eq!(
            places,
            [
                ("#/components/schemas/Pet/example", &pet),
                (
                    "#/components/schemas/Pet/properties/name/example",
                    &TypeRef::String
                ),
                (
                    "#/paths/~1pets/get/parameters/0/example",
                    &TypeRef::Integer(IntegerWidth::I32)
                ),
                ("#/paths/~1pets/get/parameters/1/example", &TypeRef::String),
                (
                    "#/paths/~1pets/get/responses/200/content/application~1json/examples/shared/value",
                    &pets
                ),
            ]
        );
        // The default of an absent property is written back; a `null` member is not.
        assert_eq!(
            found.checked[0].expected,
            json!({"name": "Tom", "legs": 4, "owner": {"name": "Ann"}})
        );
        assert_eq!(
            found.checked[4].expected,
            json!([{"name": "Rex", "legs": 3, "colour": "brown"}])
        );
        assert_eq!(found.breaking, 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].pointer,
            "#/paths/~1pets/get/responses/200/content/application~1json/examples/broken/value"
        );
        assert!(
            warnings[0]
                .message
                .contains("at 0/name: a number where a string is expected"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn structure_is_checked_and_reported_where_it_breaks() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Closed:
      type: object
      required: [id]
      additionalProperties: false
      properties:
        id: {type: integer, format: int32}
        kind: {type: string, enum: [a, b]}
      example: {id: '1', kind: a}
    Missing:
      type: object
      required: [id]
      properties: {id: {type: string}}
      example: {name: x}
    Extra: {type: object, additionalProperties: false, properties: {id: {type: string}}, example: {id: x, more: 1}}
    Wide: {type: object, properties: {n: {type: integer, format: int32}}, example: {n: 3000000000}}
    Null: {type: object, required: [id], properties: {id: {type: string}}, example: {id: null}}
"##;
        let (found, warnings) = examples(spec);
        assert!(found.checked.is_empty(), "{:?}", found.checked);
        let messages: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
        for expected in [
            "at id: a string where an integer is expected",
            "the required property `id` is missing",
            "`more` is not a property of this closed object",
            "at n: 3000000000 is not a 32-bit integer",
            "at id: null, and the property is not nullable",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(expected)),
                "{expected} in {messages:#?}"
            );
        }
    }

    #[test]
    fn a_runner_line_names_the_type_from_outside_the_crate() {
        let example = Example {
            file: "t.yaml".to_owned(),
            pointer: "#/a".to_owned(),
            ty: TypeRef::Array(Box::new(TypeRef::Named("Pet".to_owned()))),
            optional: true,
            value: json!({"quote": "\"#"}),
            expected: json!({}),
        };
        let line = runner_check(&example, "my_api").unwrap();
        assert_eq!(
            line,
            "    check::<Option<Vec<my_api::types::Pet>>>(run, r#\"t.yaml#/a\"#, \
             r##\"{\"quote\":\"\\\"#\"}\"##, r#\"{}\"#);\n"
        );
        let binary = Example {
            ty: TypeRef::Binary,
            ..example
        };
        assert_eq!(runner_check(&binary, "my_api"), None);
    }
}
