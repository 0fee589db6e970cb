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
//! - `webhooks`, and security schemes of types 3.0 does not know (`mutualTLS`), are taken
//!   out, each with a warning naming it (see `unsupported` for the rest of what is reported).
//!
//! - a `pattern` in ECMA-262's dialect is written in regex-lite's (`pattern`), or taken out
//!   with a warning where regex-lite has no equivalent.
//!
//! Each value's kind comes from its place (`position`): values that are data, not schemas
//! (a schema's `example`, `default`, `enum`, extensions), are left as they are, and a property
//! named like one of those keywords is a schema like any other.

use serde_json::{Map, Value};

use super::position::{Kind, METHODS, Slot};
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
        add_missing_responses(document);
        remove_unknown_security_schemes(document, &root, &mut warnings);
    }
    let mut found = Found { root, warnings };
    walk(value, Kind::Document, &mut Vec::new(), &mut found);
    found.warnings
}

/// A JSON pointer segment, unescaped.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

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

/// Rewrites every schema of the document, knowing each value's kind by its place: a property
/// called `default` is a schema to rewrite, a schema's own `default` is data to leave alone.
fn walk(value: &mut Value, kind: Kind, at: &mut Vec<String>, out: &mut Found) {
    match value {
        Value::Object(map) => {
            if kind == Kind::Schema {
                wrap_ref_with_siblings(map);
                rewrite_schema_keywords(map);
                check_pattern(map, at, out);
                super::keywords::check(map, &mut |key, message| out.warn(at, key, message));
            } else if map.get("$ref").is_none() {
                super::keywords::check_object(kind, map, &mut |key, message| {
                    out.warn(at, key, message)
                });
            }
            for (key, child) in map.iter_mut() {
                let slot = kind.child(key);
                let (Slot::One(child_kind) | Slot::Map(child_kind) | Slot::List(child_kind)) = slot;
                if !walks_into(child_kind) {
                    continue;
                }
                let boolean_schemas = child_kind == Kind::Schema && key != "additionalProperties";
                at.push(key.clone());
                match (slot, child) {
                    (Slot::One(_), child) => {
                        if boolean_schemas {
                            super::keywords::boolean_schema(child);
                        }
                        walk(child, child_kind, at, out)
                    }
                    (Slot::Map(_), Value::Object(entries)) => {
                        for (name, entry) in entries.iter_mut() {
                            if boolean_schemas {
                                super::keywords::boolean_schema(entry);
                            }
                            at.push(name.clone());
                            walk(entry, child_kind, at, out);
                            at.pop();
                        }
                    }
                    (Slot::List(_), Value::Array(items)) => {
                        for (index, item) in items.iter_mut().enumerate() {
                            if boolean_schemas {
                                super::keywords::boolean_schema(item);
                            }
                            at.push(index.to_string());
                            walk(item, child_kind, at, out);
                            at.pop();
                        }
                    }
                    _ => {}
                }
                at.pop();
            }
        }
        // Draft 4's `items: [..]` (a tuple): each item is a schema.
        Value::Array(items) if kind == Kind::Schema => {
            for (index, item) in items.iter_mut().enumerate() {
                at.push(index.to_string());
                walk(item, Kind::Schema, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Whether a value of this kind can hold a schema.
fn walks_into(kind: Kind) -> bool {
    !matches!(kind, Kind::Data | Kind::Text | Kind::Other)
}

/// What the walk found to report, and where the document is.
struct Found {
    root: Pointer,
    warnings: Vec<Warning>,
}

impl Found {
    fn warn(&mut self, at: &[String], key: &str, message: String) {
        let pointer = at
            .iter()
            .fold(self.root.clone(), |pointer, segment| pointer.push(segment))
            .push(key);
        self.warnings.push(pointer.warning(message));
    }
}

/// A `pattern` in ECMA-262's dialect becomes the same pattern in regex-lite's; one that has no
/// equivalent there (look-around, Unicode classes) is taken out with a warning, so that the
/// rest of the schema and of the document is generated.
fn check_pattern(map: &mut Map<String, Value>, at: &[String], out: &mut Found) {
    let Some(Value::String(pattern)) = map.get("pattern") else {
        return;
    };
    match super::pattern::for_regex_lite(pattern) {
        Ok(None) => {}
        Ok(Some(translated)) => {
            map.insert("pattern".to_owned(), Value::String(translated));
        }
        Err(reason) => {
            out.warn(
                at,
                "pattern",
                format!("this pattern is not checked: regex-lite cannot compile it ({reason})"),
            );
            map.remove("pattern");
        }
    }
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

    fn walk_as(value: &mut Value, kind: Kind) -> Vec<Warning> {
        let mut found = Found {
            root: Pointer::root("a.yaml"),
            warnings: Vec::new(),
        };
        walk(value, kind, &mut Vec::new(), &mut found);
        found.warnings
    }

    fn schema(mut value: Value) -> Value {
        walk_as(&mut value, Kind::Schema);
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
        walk_as(&mut value, Kind::Schema);
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
        walk_as(&mut document, Kind::Operation);
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
    }

    #[test]
    fn properties_named_after_keywords_are_schemas() {
        let names = [
            "default",
            "example",
            "examples",
            "enum",
            "const",
            "type",
            "items",
            "properties",
            "required",
            "x-flag",
            "pattern",
            "description",
        ];
        let properties: Map<String, Value> = names
            .iter()
            .map(|name| (name.to_string(), json!({"type": ["boolean", "null"]})))
            .collect();
        let mut document = json!({
            "components": {"schemas": {"Flags": {
                "type": "object",
                "properties": properties,
                "default": {"type": ["kept"]},
                "example": {"const": "kept"},
                "x-note": {"type": ["kept"]},
            }}},
        });
        normalize(&mut document, "a.yaml");
        let flags = &document["components"]["schemas"]["Flags"];
        for name in names {
            assert_eq!(
                flags["properties"][name],
                json!({"type": "boolean", "nullable": true}),
                "{name}"
            );
        }
        assert_eq!(flags["default"], json!({"type": ["kept"]}));
        assert_eq!(flags["example"], json!({"const": "kept"}));
        assert_eq!(flags["x-note"], json!({"type": ["kept"]}));
    }

    #[test]
    fn an_ecma_pattern_is_translated_and_an_impossible_one_skipped_with_a_warning() {
        let mut value = json!({"properties": {
            "guid": {"type": "string", "pattern": "^{[0-9a-f]{4}}$"},
            "ahead": {"type": "string", "pattern": "^(?=a)a$"},
        }});
        let warnings = walk_as(&mut value, Kind::Schema);
        assert_eq!(
            value["properties"]["guid"]["pattern"],
            "^\\{[0-9a-f]{4}\\}$"
        );
        assert!(value["properties"]["ahead"].get("pattern").is_none());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "#/properties/ahead/pattern");
    }
}
