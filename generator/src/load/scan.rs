//! What a document's references are, before `bundle` follows them.

use std::collections::HashSet;

use serde_json::Value;

use super::files::percent_decode;

/// Whether the document has a reference `lower` does not resolve itself: one to another file,
/// or to a place of this one that is not a component it reads.
pub(super) fn needs_bundling(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            let unusual = match map.get("$ref") {
                Some(Value::String(reference)) => !is_component_ref(reference),
                _ => false,
            };
            unusual || map.values().any(needs_bundling)
        }
        Value::Array(items) => items.iter().any(needs_bundling),
        _ => false,
    }
}

/// The places of the document (`#/...`) its own references name, other than its components.
pub(super) fn local_targets(value: &Value, found: &mut HashSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && reference.starts_with("#/")
                && !is_component_ref(reference)
            {
                found.insert(percent_decode(reference));
            }
            map.values().for_each(|child| local_targets(child, found));
        }
        Value::Array(items) => items.iter().for_each(|item| local_targets(item, found)),
        _ => {}
    }
}

pub(super) fn is_component_ref(reference: &str) -> bool {
    let Some(rest) = reference.strip_prefix("#/components/") else {
        return false;
    };
    let Some((section, name)) = rest.split_once('/') else {
        return false;
    };
    !name.contains('/')
        && matches!(
            section,
            "schemas" | "parameters" | "responses" | "requestBodies" | "examples" | "headers"
        )
}
