//! A part of a document that does not read as what OpenAPI says it must be (a parameter
//! `in: nowhere`, a schema whose keyword has the wrong shape) costs that part, not the
//! document: the smallest part around the error that can go without making the rest wrong is
//! skipped, with a warning at its place, and the document is read again.

use openapiv3::ReferenceOr;
use serde_json::{Value, json};

use super::position::{Kind, Slot};
use crate::error::{Pointer, Warning};

/// The extension that marks a parameter the loader could not read: lowering skips it (or its
/// operation, when the request needs it) with the reason given.
pub const UNREADABLE: &str = "x-openapi-rustgen-unreadable";

/// Skips the smallest part of `document` around `at` (where reading it failed with
/// `message`) that can go, with the warning that says so (none for a parameter of an
/// operation: lowering, which skips it, says it); `None` when the error is in a part that
/// cannot go (`info`, a component that others refer to).
pub fn skip(document: &mut Value, at: &Pointer, message: &str) -> Option<Option<Warning>> {
    let segments: Vec<String> = at
        .to_string()
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(super::unescape)
        .collect();
    // The kind of each value on the way to the error, as far as the document holds it.
    let mut kinds = vec![Some(Kind::Document)];
    let mut slot = None;
    let mut value = &*document;
    for segment in &segments {
        let next = match value {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        let kind = match (slot.take(), kinds.last().copied().flatten()) {
            (Some(Slot::Map(kind) | Slot::List(kind)), _) => Some(kind),
            (_, Some(parent)) => match parent.child(segment) {
                Slot::One(kind) => Some(kind),
                container => {
                    slot = Some(container);
                    None
                }
            },
            (_, None) => None,
        };
        kinds.push(kind);
        value = next;
    }
    let root = Pointer::root(at.file());
    let pointer_to = |depth: usize| {
        segments[..depth]
            .iter()
            .fold(root.clone(), |p, s| p.push(s))
    };
    let in_components = segments.first().is_some_and(|s| s == "components");
    for depth in (1..kinds.len()).rev() {
        let Some(kind) = kinds[depth] else { continue };
        let (parent, key) = (&segments[..depth - 1], &segments[depth - 1]);
        match kind {
            Kind::Schema => {
                let place = narrow(document, &segments[..depth]);
                *lookup(document, &place)? = Value::Object(Default::default());
                let pointer = place.iter().fold(root.clone(), |p, s| p.push(s));
                return Some(Some(
                    pointer.warning(format!("{message}: this schema is read as any value")),
                ));
            }
            // A component other parts refer to stays, as the least it can be, so that their
            // references still resolve: a response without content, a header or request body
            // of any value, an empty example, a link to no operation.
            Kind::Response | Kind::Header | Kind::RequestBody | Kind::Example | Kind::Link
                if in_components && depth == 3 =>
            {
                // A response's headers, media types and links read untagged, which hides an
                // error's place below them: the first that does not read is the part to skip.
                if kind == Kind::Response
                    && let Some(part) =
                        unreadable_in_response(lookup_ref(document, &segments[..depth])?)
                {
                    let deeper = part.iter().fold(pointer_to(depth), |p, s| p.push(s));
                    return skip(document, &deeper, message);
                }
                let (stand_in, read_as) = match kind {
                    Kind::Response => (json!({"description": ""}), "a response without content"),
                    Kind::Header => (json!({"schema": {}}), "a header of any value"),
                    Kind::RequestBody => (
                        json!({"content": {"application/json": {"schema": {}}}}),
                        "a JSON body of any value",
                    ),
                    // A link must name an operation to be read at all.
                    Kind::Link => (json!({"operationId": ""}), "a link to no operation"),
                    _ => (json!({}), "empty"),
                };
                *lookup(document, &segments[..depth])? = stand_in;
                return Some(Some(
                    pointer_to(depth).warning(format!("{message}: it is read as {read_as}")),
                ));
            }
            // Kept in its place (a component too: its references still resolve), for lowering
            // to skip where it is used. Lowering warns there; a component is also warned about
            // at its own place, so that one no operation uses does not go unsaid.
            Kind::Parameter => {
                let parameter = lookup(document, &segments[..depth])?;
                let name = parameter.get("name").cloned().unwrap_or_default();
                let needed = parameter.get("in").and_then(Value::as_str) == Some("path")
                    || parameter.get("required") == Some(&Value::Bool(true));
                *parameter = json!({
                    "name": if name.is_string() { name } else { Value::String(String::new()) },
                    "in": "query",
                    "required": needed,
                    "schema": {},
                    UNREADABLE: message,
                });
                // A component parameter is `components/parameters/<key>`: depth 3.
                return Some((in_components && depth == 3).then(|| {
                    pointer_to(depth).warning(format!(
                        "{message}: where an operation uses this parameter, the parameter is \
                         skipped (the operation, when it needs the parameter)"
                    ))
                }));
            }
            // A part of an operation, or a part inside a component (not the component itself).
            Kind::Response | Kind::Header | Kind::MediaType | Kind::Example | Kind::Link
                if !in_components || depth > 3 =>
            {
                lookup(document, parent)?
                    .as_object_mut()?
                    .shift_remove(key)?;
                return Some(Some(
                    pointer_to(depth).warning(format!("{message}: it is skipped")),
                ));
            }
            Kind::Operation | Kind::PathItem if !in_components => {
                // openapiv3 reads parameters and responses untagged, which hides an error's
                // place below them: the first that does not read is the part to skip.
                if let Some(part) = unreadable_part(lookup_ref(document, &segments[..depth])?) {
                    let deeper = part.iter().fold(pointer_to(depth), |p, s| p.push(s));
                    return skip(document, &deeper, message);
                }
                lookup(document, parent)?
                    .as_object_mut()?
                    .shift_remove(key)?;
                return Some(Some(
                    pointer_to(depth).warning(format!("{message}: it is skipped")),
                ));
            }
            _ => {}
        }
    }
    None
}

/// The deepest schema at or below `at` that does not read: a property's schema rather than
/// the object's, where only the property is at fault.
fn narrow(document: &Value, at: &[String]) -> Vec<String> {
    let mut place = at.to_vec();
    'deeper: loop {
        let Some(Value::Object(schema)) = lookup_ref(document, &place) else {
            return place;
        };
        for (key, child) in schema {
            let children: Vec<(Option<String>, &Value)> = match Kind::Schema.child(key) {
                Slot::One(Kind::Schema) => vec![(None, child)],
                Slot::Map(Kind::Schema) => child
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, value)| (Some(name.clone()), value))
                    .collect(),
                Slot::List(Kind::Schema) => child
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, value)| (Some(i.to_string()), value))
                    .collect(),
                _ => continue,
            };
            for (name, value) in children {
                if !reads_as_schema(value) {
                    place.push(key.clone());
                    place.extend(name);
                    continue 'deeper;
                }
            }
        }
        return place;
    }
}

/// Whether `value` reads as a `T`.
fn reads<T: serde::de::DeserializeOwned>(value: &Value) -> bool {
    T::deserialize(value).is_ok()
}

/// The first entry of the map `key` of `value` (extensions aside) that does not read, as
/// `[key, its name]`.
fn first_unreadable(value: &Value, key: &str, reads: fn(&Value) -> bool) -> Option<Vec<String>> {
    let (name, _) = (value.get(key)?.as_object()?.iter())
        .find(|(name, entry)| !name.starts_with("x-") && !reads(entry))?;
    Some(vec![key.to_owned(), name.clone()])
}

/// The first parameter or response of an operation or path item that does not read, as the
/// segments below it.
fn unreadable_part(item: &Value) -> Option<Vec<String>> {
    let parameters = item.get("parameters").and_then(Value::as_array);
    let bad_parameter = parameters
        .into_iter()
        .flatten()
        .position(|parameter| !reads::<ReferenceOr<openapiv3::Parameter>>(parameter));
    if let Some(index) = bad_parameter {
        return Some(vec!["parameters".to_owned(), index.to_string()]);
    }
    first_unreadable(item, "responses", reads::<ReferenceOr<openapiv3::Response>>)
}

/// The first header, media type or link of `response` that does not read, as the segments
/// below the response.
fn unreadable_in_response(response: &Value) -> Option<Vec<String>> {
    first_unreadable(response, "headers", reads::<ReferenceOr<openapiv3::Header>>)
        .or_else(|| first_unreadable(response, "content", reads::<openapiv3::MediaType>))
        .or_else(|| first_unreadable(response, "links", reads::<ReferenceOr<openapiv3::Link>>))
}

fn reads_as_schema(value: &Value) -> bool {
    reads::<ReferenceOr<openapiv3::Schema>>(value)
}

fn lookup<'a>(document: &'a mut Value, at: &[String]) -> Option<&'a mut Value> {
    at.iter().try_fold(document, |value, segment| match value {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

fn lookup_ref<'a>(document: &'a Value, at: &[String]) -> Option<&'a Value> {
    at.iter().try_fold(document, |value, segment| match value {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}
