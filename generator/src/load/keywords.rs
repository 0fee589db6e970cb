//! A schema keyword whose value is not what OpenAPI allows there (`required: true` on a
//! property, as Swagger 2 wrote it; `minimum: abc`; `maxLength: 1.5`; `type: strin`) is taken
//! out with a warning, rather than refuse the whole document for it.

use serde_json::{Map, Value};

use super::position::Kind;

/// The types a schema's `type` may name (3.1's `null` is rewritten before this runs).
const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Takes out each keyword of the schema `map` whose value does not fit, telling `warn` the
/// keyword and why; an integral float where an integer bound belongs becomes that integer.
pub fn check(map: &mut Map<String, Value>, warn: &mut dyn FnMut(&str, String)) {
    let integer = map.get("type").and_then(Value::as_str) == Some("integer");
    let mut wrong = Vec::new();
    for (key, value) in map.iter_mut() {
        if integer
            && matches!(key.as_str(), "minimum" | "maximum" | "multipleOf")
            && let Some(whole) = whole_number(value)
        {
            *value = Value::from(whole);
        }
        let expected = match key.as_str() {
            "required"
                if !value
                    .as_array()
                    .is_some_and(|r| r.iter().all(Value::is_string)) =>
            {
                "a list of property names (a property is required by its parent's `required`)"
            }
            "type" if !value.as_str().is_some_and(|t| TYPES.contains(&t)) => {
                "one of string, number, integer, boolean, array, object, null"
            }
            "format" | "pattern" | "title" if !value.is_string() => "a string",
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
            | "exclusiveMinimum" | "exclusiveMaximum"
                if !value.is_boolean() =>
            {
                "true or false"
            }
            "minimum" | "maximum" | "multipleOf" if !value.is_number() => "a number",
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties"
                if !value.is_u64() =>
            {
                "a whole number of at least 0"
            }
            "enum" | "allOf" | "oneOf" | "anyOf" if !value.is_array() => "a list",
            "properties" if !value.is_object() => "a map of schemas",
            "items" | "not" if !value.is_object() => "a schema",
            "additionalProperties" if !(value.is_object() || value.is_boolean()) => {
                "a schema, true or false"
            }
            "discriminator" if !value.get("propertyName").is_some_and(Value::is_string) => {
                "an object with a `propertyName`"
            }
            _ => continue,
        };
        wrong.push((key.clone(), expected));
    }
    for (key, expected) in wrong {
        let value = map.remove(&key).unwrap_or_default();
        let mut shown = value.to_string();
        if shown.len() > 60 {
            shown = format!("{}...", shown.chars().take(57).collect::<String>());
        }
        warn(
            &key,
            format!("`{key}: {shown}` is ignored: here it must be {expected}"),
        );
    }
}

/// The same for the flags of parameters, headers and request bodies (`required: "true"`);
/// and a response without its required `description` gets an empty one.
pub fn check_object(kind: Kind, map: &mut Map<String, Value>, warn: &mut dyn FnMut(&str, String)) {
    let flags: &[&str] = match kind {
        Kind::Parameter | Kind::Header => &[
            "required",
            "deprecated",
            "allowEmptyValue",
            "explode",
            "allowReserved",
        ],
        Kind::RequestBody => &["required"],
        Kind::Response => {
            if !map.get("description").is_some_and(Value::is_string) {
                map.insert("description".to_owned(), Value::String(String::new()));
            }
            return;
        }
        _ => return,
    };
    for flag in flags {
        if map.get(*flag).is_some_and(|value| !value.is_boolean()) {
            let value = map.remove(*flag).unwrap_or_default();
            warn(
                flag,
                format!("`{flag}: {value}` is ignored: here it must be true or false"),
            );
        }
    }
}

/// A number that is a whole number an `i64` holds (`5.0`, or a bound written as a float).
fn whole_number(value: &Value) -> Option<i64> {
    let float = value
        .as_f64()
        .filter(|_| !value.is_i64() && !value.is_u64())?;
    let in_range = (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&float);
    (float.fract() == 0.0 && in_range).then_some(float as i64)
}

/// A boolean schema (3.1 and JSON Schema allow `true` and `false` wherever a schema goes) as
/// the object schema of the same meaning, which openapiv3 reads.
pub fn boolean_schema(value: &mut Value) {
    match value {
        Value::Bool(true) => *value = Value::Object(Map::new()),
        Value::Bool(false) => *value = serde_json::json!({"not": {}}),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keywords_that_do_not_fit_are_taken_out_and_named() {
        let mut schema = json!({
            "type": "integer", "required": true, "minimum": "abc", "maximum": 10.0,
            "maxLength": 1.5, "nullable": "yes", "description": "kept", "default": "kept",
        });
        let mut named = Vec::new();
        let Value::Object(map) = &mut schema else {
            unreachable!()
        };
        check(map, &mut |key, _| named.push(key.to_owned()));
        assert_eq!(named, ["required", "minimum", "maxLength", "nullable"]);
        assert_eq!(
            schema,
            json!({"type": "integer", "maximum": 10, "description": "kept", "default": "kept"})
        );
        let mut schema = json!({"type": "strin"});
        let Value::Object(map) = &mut schema else {
            unreachable!()
        };
        let mut messages = Vec::new();
        check(map, &mut |_, message| messages.push(message));
        assert!(
            messages[0].contains("`type: \"strin\"` is ignored"),
            "{messages:?}"
        );
    }
}
