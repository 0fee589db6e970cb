//! Rewrites what openapiv3 (an OpenAPI 3.0 model) cannot read into its 3.0 form, before it
//! reads the document. OpenAPI 3.1 documents, and real files that declare 3.0 and still carry
//! 3.1 keywords (cPanel's do), become documents with the same meaning:
//!
//! - `type: [integer, 'null']` is `type: integer, nullable: true`; `type: [string]` is
//!   `type: string`; `type: ['null']` is `enum: [null]`; a list of several non-null types is a
//!   `oneOf` of one schema per type (which `lower` handles or reports);
//! - `const: v` is `enum: [v]`;
//! - a numeric `exclusiveMinimum`/`exclusiveMaximum` is the bound plus `exclusive...: true`;
//! - a schema `$ref` with keywords beside it is `allOf: [{$ref}]` with those keywords (3.0
//!   ignores a `$ref`'s siblings, 3.1 applies them);
//! - `paths` and an operation's `responses` may be left out;
//! - a path item may be a `$ref` to `#/components/pathItems/...`;
//! - `webhooks`, and security schemes of types 3.0 does not know (`mutualTLS`), are taken
//!   out, each with a warning naming it (see `unsupported` for the rest of what is reported).
//!
//! Values that are data, not schemas (`example`, `examples`, `default`, `enum`, extensions),
//! are left as they are.

use serde_json::{Map, Value};

use crate::error::{Pointer, Warning};

/// Normalizes the document `value` of `file`, returning warnings for what it took out.
pub fn normalize(value: &mut Value, file: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let root = Pointer::root(file);
    if let Value::Object(document) = value {
        if let Some(webhooks) = document.remove("webhooks") {
            let count = webhooks.as_object().map_or(0, Map::len);
            warnings.push(root.push("webhooks").warning(format!(
                "webhooks are not generated ({count} skipped): they are requests the API sends, \
                 and this generator writes the side that receives the API's own operations"
            )));
        }
        document
            .entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
        resolve_path_item_refs(document, &root, &mut warnings);
        add_missing_responses(document);
        remove_unknown_security_schemes(document, &root, &mut warnings);
    }
    walk(value, Context::Other);
    warnings
}

/// Path items that are `$ref`s to `#/components/pathItems/...` of the same file, inlined.
fn resolve_path_item_refs(
    document: &mut Map<String, Value>,
    root: &Pointer,
    warnings: &mut Vec<Warning>,
) {
    let items = document
        .get("components")
        .and_then(|c| c.get("pathItems"))
        .cloned();
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let target = reference
            .strip_prefix("#/components/pathItems/")
            .and_then(|key| items.as_ref()?.get(unescape(key)));
        match target {
            Some(target) => *item = target.clone(),
            None => {
                warnings.push(root.push("paths").push(path).warning(format!(
                    "`$ref: {reference}` is not a path item of this file: the path is skipped"
                )));
                *item = Value::Object(Map::new());
            }
        }
    }
}

/// A JSON pointer segment, unescaped.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// 3.1 lets an operation leave out `responses`; openapiv3 needs the key.
fn add_missing_responses(document: &mut Map<String, Value>) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                operation
                    .entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}

fn remove_unknown_security_schemes(
    document: &mut Map<String, Value>,
    root: &Pointer,
    warnings: &mut Vec<Warning>,
) {
    let Some(Value::Object(schemes)) = document
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    schemes.retain(|name, scheme| {
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let known = matches!(kind, "apiKey" | "http" | "oauth2" | "openIdConnect");
        if !known && scheme.get("$ref").is_none() {
            warnings.push(
                root.push("components")
                    .push("securitySchemes")
                    .push(name)
                    .warning(format!(
                        "security schemes of type `{kind}` are not supported: the scheme is \
                         skipped, and operations that require it get no credentials for it"
                    )),
            );
        }
        known || scheme.get("$ref").is_some()
    });
}

/// Where in the document a value is, as far as rewriting schemas is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Other,
    /// A schema.
    Schema,
    /// A map whose values are schemas (`properties`, `components.schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`).
    SchemaList,
}

fn walk(value: &mut Value, context: Context) {
    match value {
        Value::Object(map) => {
            if context == Context::Schema {
                wrap_ref_with_siblings(map);
            }
            rewrite_schema_keywords(map);
            for (key, child) in map.iter_mut() {
                if is_data_key(key) {
                    continue;
                }
                let child_context = match (context, key.as_str()) {
                    (Context::SchemaMap, _) => Context::Schema,
                    (_, "schema" | "items" | "not" | "additionalProperties" | "contains")
                    | (_, "propertyNames" | "if" | "then" | "else" | "unevaluatedItems")
                    | (_, "unevaluatedProperties") => Context::Schema,
                    (_, "allOf" | "oneOf" | "anyOf" | "prefixItems") => Context::SchemaList,
                    (Context::Schema, "properties" | "patternProperties" | "dependentSchemas")
                    | (_, "schemas" | "$defs") => Context::SchemaMap,
                    _ => Context::Other,
                };
                walk(child, child_context);
            }
        }
        Value::Array(items) => {
            let item_context = match context {
                Context::SchemaList => Context::Schema,
                _ => Context::Other,
            };
            items.iter_mut().for_each(|item| walk(item, item_context));
        }
        _ => {}
    }
}

/// Keys whose values are instance data or extensions, never schemas to rewrite.
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// `{$ref: X, ...}` with other keywords is `{allOf: [{$ref: X}], ...}`: 3.1 applies the
/// siblings (a description, `nullable`), and openapiv3 would drop them.
fn wrap_ref_with_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 || !map.contains_key("$ref") {
        return;
    }
    let reference = map.remove("$ref").unwrap_or_default();
    let mut branch = Map::new();
    branch.insert("$ref".to_owned(), reference);
    match map.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.insert(0, Value::Object(branch)),
        _ => {
            map.insert(
                "allOf".to_owned(),
                Value::Array(vec![Value::Object(branch)]),
            );
        }
    }
}

fn rewrite_schema_keywords(map: &mut Map<String, Value>) {
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
    if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![Value::Null]));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(mut value: Value) -> Value {
        walk(&mut value, Context::Schema);
        value
    }

    #[test]
    fn reads_3_1_list_types_as_nullable() {
        let mut value = json!({"properties": {
            "a": {"type": ["integer", "null"]},
            "b": {"type": ["string"]},
            "c": {"type": ["null"]},
            "d": {"type": ["string", "integer"]},
            "e": {"example": {"type": ["kept"]}, "const": "x"},
            "f": {"exclusiveMinimum": 3},
            "g": {"type": "null"},
        }});
        walk(&mut value, Context::Schema);
        let p = &value["properties"];
        assert_eq!(p["a"], json!({"type": "integer", "nullable": true}));
        assert_eq!(p["b"], json!({"type": "string"}));
        assert_eq!(p["c"], json!({"enum": [null]}));
        assert_eq!(
            p["d"],
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(
            p["e"],
            json!({"example": {"type": ["kept"]}, "enum": ["x"]})
        );
        assert_eq!(p["f"], json!({"minimum": 3, "exclusiveMinimum": true}));
        assert_eq!(p["g"], json!({"enum": [null]}));
    }

    #[test]
    fn a_schema_ref_keeps_its_siblings_through_all_of() {
        assert_eq!(
            schema(json!({"$ref": "#/components/schemas/A", "nullable": true})),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            schema(json!({"$ref": "#/x"})),
            json!({"$ref": "#/x"}),
            "a lone $ref stays"
        );
        // A reference to a parameter is not a schema: its siblings stay where they are.
        let mut document = json!({"parameters": [{"$ref": "#/p", "description": "d"}]});
        walk(&mut document, Context::Other);
        assert_eq!(
            document,
            json!({"parameters": [{"$ref": "#/p", "description": "d"}]})
        );
    }

    #[test]
    fn a_3_1_document_without_paths_or_responses_reads_and_webhooks_are_reported() {
        let mut document = json!({
            "openapi": "3.1.0",
            "webhooks": {"newPet": {}},
            "components": {
                "securitySchemes": {"tls": {"type": "mutualTLS"}, "key": {"type": "apiKey"}},
                "pathItems": {"shared": {"get": {}}},
            },
        });
        let warnings = normalize(&mut document, "a.yaml");
        assert_eq!(document["paths"], json!({}));
        assert!(document.get("webhooks").is_none());
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/webhooks", "#/components/securitySchemes/tls"]);
        let mut document = json!({
            "paths": {"/a": {"$ref": "#/components/pathItems/shared"}},
            "components": {"pathItems": {"shared": {"get": {}}}},
        });
        normalize(&mut document, "a.yaml");
        assert_eq!(document["paths"]["/a"], json!({"get": {"responses": {}}}));
    }
}
