//! The constructs of a document that the generator reads past, each reported as a warning
//! with its JSON pointer, so that nothing is dropped silently. (What `lower` cannot express is
//! reported there, where it is met.)

use serde_json::Value;

use super::position::{Kind, METHODS, Slot};
use crate::error::{Pointer, Warning};

/// Keywords of JSON Schema that the generated types do not express.
const SCHEMA_KEYWORDS: &[(&str, &str)] = &[
    (
        "xml",
        "the `xml` keyword is not honoured: bodies travel as JSON, forms or multipart",
    ),
    (
        "prefixItems",
        "`prefixItems` (tuples) are not generated: the items are read by `items`",
    ),
    (
        "patternProperties",
        "`patternProperties` are not checked: such keys are read by `additionalProperties`",
    ),
    ("if", "`if`/`then`/`else` are not checked"),
    ("dependentSchemas", "`dependentSchemas` are not checked"),
    ("dependentRequired", "`dependentRequired` is not checked"),
    (
        "unevaluatedProperties",
        "`unevaluatedProperties` is not checked",
    ),
    ("unevaluatedItems", "`unevaluatedItems` is not checked"),
    ("contains", "`contains` is not checked"),
    ("propertyNames", "`propertyNames` is not checked"),
];

/// Warnings for everything in `document` (of `file`) that is not generated.
pub fn report(document: &Value, file: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let root = Pointer::root(file);
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (path, item) in paths {
            operations(item, &root.push("paths").push(path), &mut warnings);
        }
    }
    walk_schemas(
        document,
        &mut Vec::new(),
        Kind::Document,
        &mut |at, message| {
            let pointer = at
                .iter()
                .fold(root.clone(), |pointer, segment| match segment {
                    Segment::Key(key) => pointer.push(key),
                    Segment::Index(index) => pointer.push(index),
                });
            warnings.push(pointer.warning(message));
        },
    );
    warnings
}

fn operations(item: &Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    let Value::Object(item) = item else { return };
    if item.contains_key("servers") {
        warnings.push(
            at.push("servers").warning(
                "servers of a path are not generated: requests go to the client's base URL",
            ),
        );
    }
    for (method, operation) in item {
        if !METHODS.contains(&method.as_str()) {
            continue;
        }
        let at = at.push(method);
        if operation
            .get("callbacks")
            .is_some_and(|c| c.as_object().is_some_and(|c| !c.is_empty()))
        {
            warnings.push(at.push("callbacks").warning(
                "callbacks are not generated: they are requests the API sends to the caller",
            ));
        }
        if operation.get("servers").is_some() {
            warnings.push(at.push("servers").warning(
                "servers of an operation are not generated: requests go to the client's base URL",
            ));
        }
        if let Some(Value::Object(responses)) = operation.get("responses") {
            for (status, response) in responses {
                if response
                    .get("links")
                    .is_some_and(|l| l.as_object().is_some_and(|l| !l.is_empty()))
                {
                    warnings.push(at.push("responses").push(status).push("links").warning(
                        "links are not generated: they document how responses feed other operations",
                    ));
                }
            }
        }
        if let Some(Value::Object(content)) =
            operation.get("requestBody").and_then(|b| b.get("content"))
        {
            for (media_type, media) in content {
                let Some(Value::Object(encoding)) = media.get("encoding") else {
                    continue;
                };
                for (property, rules) in encoding {
                    let changes = [
                        "contentType",
                        "style",
                        "explode",
                        "allowReserved",
                        "headers",
                    ]
                    .iter()
                    .any(|key| rules.get(key).is_some());
                    if changes {
                        warnings.push(
                            at.push("requestBody").push("content").push(media_type).push("encoding").push(property)
                                .warning("an `encoding` of a body property is not honoured: the property travels as the media type's default"),
                        );
                    }
                }
            }
        }
        if let Some(Value::Array(parameters)) = operation.get("parameters") {
            for (index, parameter) in parameters.iter().enumerate() {
                if parameter.get("allowReserved") == Some(&Value::Bool(true)) {
                    warnings.push(at.push("parameters").push(index).push("allowReserved").warning(
                        "`allowReserved` is not honoured: reserved characters are percent-encoded",
                    ));
                }
            }
        }
    }
}

/// One step of the way from the document's root to a value.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Reports schema keywords that are not generated, anywhere a schema may be, to `report`
/// with the way to them. The way is a stack of borrowed steps, made into a pointer only for a
/// warning: a pointer for every value of a large document would cost more than the walk.
fn walk_schemas<'a>(
    value: &'a Value,
    at: &mut Vec<Segment<'a>>,
    kind: Kind,
    report: &mut dyn FnMut(&[Segment<'a>], &'static str),
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(Segment::Key(key));
                if kind == Kind::Schema
                    && let Some((_, message)) = SCHEMA_KEYWORDS.iter().find(|(k, _)| k == key)
                {
                    report(at, message);
                    at.pop();
                    continue;
                }
                match kind.child(key) {
                    Slot::One(Kind::Data | Kind::Text | Kind::Other) => {}
                    Slot::One(child_kind) => walk_schemas(child, at, child_kind, report),
                    Slot::Map(child_kind) => {
                        if let Value::Object(entries) = child {
                            for (name, entry) in entries {
                                at.push(Segment::Key(name));
                                walk_schemas(entry, at, child_kind, report);
                                at.pop();
                            }
                        }
                    }
                    Slot::List(child_kind) => {
                        if let Value::Array(items) = child {
                            for (index, item) in items.iter().enumerate() {
                                at.push(Segment::Index(index));
                                walk_schemas(item, at, child_kind, report);
                                at.pop();
                            }
                        }
                    }
                }
                at.pop();
            }
        }
        // Draft 4's `items: [..]`: each item is a schema.
        Value::Array(items) if kind == Kind::Schema => {
            for (index, item) in items.iter().enumerate() {
                at.push(Segment::Index(index));
                walk_schemas(item, at, kind, report);
                at.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_construct_not_generated_is_named_with_its_pointer() {
        let document = json!({
            "paths": {"/pets": {"post": {
                "callbacks": {"onEvent": {}},
                "responses": {"200": {"links": {"next": {}}, "content": {"application/json": {
                    "schema": {"type": "object", "xml": {"name": "pet"}, "properties": {
                        "tags": {"type": "array", "prefixItems": [{"type": "string"}]}
                    }}
                }}}},
                "requestBody": {"content": {"multipart/form-data": {"encoding": {"file": {"contentType": "image/png"}}}}},
                "parameters": [{"name": "q", "in": "query", "allowReserved": true}],
            }}},
        });
        let pointers: Vec<String> = report(&document, "a.yaml")
            .into_iter()
            .map(|warning| warning.pointer)
            .collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1pets/post/callbacks",
                "#/paths/~1pets/post/responses/200/links",
                "#/paths/~1pets/post/requestBody/content/multipart~1form-data/encoding/file",
                "#/paths/~1pets/post/parameters/0/allowReserved",
                "#/paths/~1pets/post/responses/200/content/application~1json/schema/xml",
                "#/paths/~1pets/post/responses/200/content/application~1json/schema/properties/tags/prefixItems",
            ]
        );
    }
}
