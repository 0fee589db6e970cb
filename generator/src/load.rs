//! Stage 1: spec text -> `openapiv3::OpenAPI`.
//!
//! The text is read as YAML (JSON is YAML too) into a plain JSON value, normalized where
//! real-world files stray from OpenAPI 3.0, and only then handed to openapiv3, through
//! `serde_path_to_error` so that a shape error names its place as a JSON pointer.

use crate::SpecFile;
use crate::error::{Error, Pointer};

/// Reads one spec file into an OpenAPI document.
pub fn load(spec: &SpecFile) -> Result<openapiv3::OpenAPI, Error> {
    let file = spec.name.as_str();
    let mut value: serde_json::Value =
        serde_yaml::from_str(&spec.contents).map_err(|err| Error {
            file: file.to_owned(),
            pointer: err
                .location()
                .map(|at| format!("line {} column {}", at.line(), at.column())),
            message: format!("not valid YAML: {}", strip_location(&err.to_string())),
        })?;
    check_version(&value, file)?;
    normalize(&mut value);
    serde_path_to_error::deserialize(&value).map_err(|err| {
        // openapiv3 reads `paths` and `components` through flattened maps, which hide the
        // place of an error below them: reading their entries one by one finds it.
        let (pointer, message) = refine(&value, file)
            .unwrap_or_else(|| (pointer_of(err.path(), file), err.inner().to_string()));
        Error::at(&pointer, format!("not a valid OpenAPI document: {message}"))
    })
}

/// The first entry of `paths` or `components` that does not read as what it must be, with the
/// pointer of its error and the message.
fn refine(value: &serde_json::Value, file: &str) -> Option<(Pointer, String)> {
    use serde_json::Value;
    fn first_error<T: serde::de::DeserializeOwned>(
        entries: Option<&Value>,
        at: Pointer,
        file: &str,
    ) -> Option<(Pointer, String)> {
        let Some(Value::Object(entries)) = entries else {
            return None;
        };
        entries.iter().find_map(|(key, entry)| {
            if key.starts_with("x-") {
                return None;
            }
            serde_path_to_error::deserialize::<_, T>(entry)
                .err()
                .map(|err| {
                    let inner = pointer_of(err.path(), file).to_string();
                    let mut pointer = at.push(key);
                    for segment in inner.trim_start_matches("#/").split('/') {
                        if !segment.is_empty() {
                            pointer = pointer.push(segment.replace("~1", "/").replace("~0", "~"));
                        }
                    }
                    (pointer, err.inner().to_string())
                })
        })
    }
    let root = Pointer::root(file);
    let components = value.get("components");
    let section = |name: &str| components.and_then(|c| c.get(name));
    let at = |name: &str| root.push("components").push(name);
    first_error::<openapiv3::PathItem>(value.get("paths"), root.push("paths"), file)
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(
                section("schemas"),
                at("schemas"),
                file,
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Parameter>>(
                section("parameters"),
                at("parameters"),
                file,
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Response>>(
                section("responses"),
                at("responses"),
                file,
            )
        })
}

fn check_version(value: &serde_json::Value, file: &str) -> Result<(), Error> {
    let root = Pointer::root(file);
    match value.get("openapi").and_then(|v| v.as_str()) {
        Some(version) if version.starts_with("3.") => Ok(()),
        Some(version) => Err(Error::at(
            &root.push("openapi"),
            format!("OpenAPI version {version} is not supported; expected 3.x"),
        )),
        None => Err(Error::at(
            &root,
            "missing the `openapi` version field; is this an OpenAPI 3 document?",
        )),
    }
}

/// Rewrites constructs that openapiv3 (an OpenAPI 3.0 model) cannot read into their 3.0 form.
/// Real cPanel files declare 3.0.x (or 3.2.0) and still carry 3.1-style schema keywords:
///
/// - `type: [integer, 'null']` is `type: integer, nullable: true`; `type: [string]` is
///   `type: string`; `type: ['null']` is `enum: [null]`; a list of several non-null types is a
///   `oneOf` of one schema per type (which `lower` handles or reports);
/// - `const: v` is `enum: [v]`;
/// - a numeric `exclusiveMinimum`/`exclusiveMaximum` is the bound plus `exclusive...: true`.
///
/// Values that are data, not schemas (`example`, `examples`, `default`, `enum`, extensions), are
/// left as they are.
fn normalize(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            normalize_schema_keywords(map);
            for (key, child) in map.iter_mut() {
                if !is_data_key(key) {
                    normalize(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

/// Keys whose values are instance data or extensions, never schemas to rewrite.
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

fn normalize_schema_keywords(map: &mut serde_json::Map<String, serde_json::Value>) {
    use serde_json::Value;
    if let Some(Value::Array(types)) = map.get("type") {
        let nullable = types.iter().any(|t| t == "null");
        let named: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        map.remove("type");
        match named.as_slice() {
            [] => {
                map.entry("enum")
                    .or_insert_with(|| Value::Array(vec![Value::Null]));
            }
            [one] => {
                map.insert("type".to_owned(), one.clone());
            }
            several => {
                let branches = several
                    .iter()
                    .map(|t| serde_json::json!({ "type": t }))
                    .collect();
                map.entry("oneOf").or_insert(Value::Array(branches));
            }
        }
        if nullable && !named.is_empty() {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    if let Some(value) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![value]));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive) {
            let n = Value::Number(n.clone());
            map.insert(bound.to_owned(), n);
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// serde_path_to_error's path (`paths./x.get.parameters[2]`) as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path, file: &str) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(file), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.push(index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => pointer,
        })
}

/// serde_yaml appends " at line L column C"; the location is reported separately.
fn strip_location(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |at| &message[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(contents: &str) -> SpecFile {
        SpecFile {
            name: "test.yaml".into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn yaml_syntax_error_names_line() {
        let err = load(&spec("openapi: 3.0.3\ninfo: [unclosed\n")).unwrap_err();
        assert_eq!(err.file, "test.yaml");
        assert!(err.pointer.unwrap().starts_with("line "));
    }

    #[test]
    fn rejects_swagger_2() {
        let err = load(&spec("swagger: '2.0'\n")).unwrap_err();
        assert!(err.message.contains("`openapi` version"), "{err}");
    }

    #[test]
    fn shape_error_names_pointer() {
        let err = load(&spec(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nservers: [{url: 7}]\n",
        ))
        .unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("#/servers/0/url"), "{err}");
    }

    #[test]
    fn reads_3_1_list_types_as_nullable() {
        let mut value = serde_json::json!({
            "a": {"type": ["integer", "null"]},
            "b": {"type": ["string"]},
            "c": {"type": ["null"]},
            "d": {"type": ["string", "integer"]},
            "e": {"example": {"type": ["kept"]}, "const": "x"},
            "f": {"exclusiveMinimum": 3}
        });
        normalize(&mut value);
        assert_eq!(
            value["a"],
            serde_json::json!({"type": "integer", "nullable": true})
        );
        assert_eq!(value["b"], serde_json::json!({"type": "string"}));
        assert_eq!(value["c"], serde_json::json!({"enum": [null]}));
        assert_eq!(
            value["d"],
            serde_json::json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(
            value["e"],
            serde_json::json!({"example": {"type": ["kept"]}, "enum": ["x"]})
        );
        assert_eq!(
            value["f"],
            serde_json::json!({"minimum": 3, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn a_3_1_nullable_type_in_a_3_0_file_loads() {
        let document = load(&spec(
            "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - {name: n, in: query, schema: {type: [integer, 'null']}}\n      responses: {'200': {description: ok}}\n",
        ))
        .unwrap();
        assert_eq!(document.paths.paths.len(), 1);
    }

    #[test]
    fn an_error_below_paths_names_its_place() {
        let err = load(&spec(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - {name: n, in: query, schema: {type: integer, minimum: abc}}\n      responses: {'200': {description: ok}}\n",
        ))
        .unwrap_err();
        let pointer = err.pointer.clone().unwrap();
        assert!(pointer.starts_with("#/paths/~1x/get/parameters/0"), "{err}");
    }
}
