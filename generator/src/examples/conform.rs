//! Does a JSON value fit a model type's structure? The check behind "this example breaks its
//! own schema": JSON types, integer widths, required properties, enum values, nullability,
//! closed objects, unions and discriminators. What it accepts, the generated type must read.

use serde_json::{Map, Value};

use crate::model::{IntegerWidth, Struct, TypeKind, TypeRef, TypesByName};

/// Why a value is not checked against its type.
pub(super) enum Verdict {
    /// It breaks the type's structure: where in the value, and how.
    Breaks(String),
    /// Its type is not one checked this way (bytes, a profile's runtime type).
    Unchecked,
}

/// How deep a value is followed into its type; deeper parts are taken as they are.
const MAX_DEPTH: usize = 128;

/// What the type `ty` writes back after reading `value` (the value, with absent defaults
/// filled in and unset optional members gone), or why it is not checked.
pub(super) fn conform(
    types: &TypesByName<'_>,
    ty: &TypeRef,
    value: &Value,
) -> Result<Value, Verdict> {
    Check { types, depth: 0 }
        .value(ty, value)
        .map_err(|verdict| match verdict {
            Failure::Breaks(place, why) => Verdict::Breaks(if place.is_empty() {
                why
            } else {
                format!("at {}: {why}", place.join("/"))
            }),
            Failure::Unchecked => Verdict::Unchecked,
        })
}

enum Failure {
    /// The place in the value, innermost last, and what is wrong there.
    Breaks(Vec<String>, String),
    Unchecked,
}

fn breaks<T>(why: impl Into<String>) -> Result<T, Failure> {
    Err(Failure::Breaks(Vec::new(), why.into()))
}

/// Puts `segment` in front of the place of a failure from inside it.
fn inside<T>(segment: &str, result: Result<T, Failure>) -> Result<T, Failure> {
    result.map_err(|failure| match failure {
        Failure::Breaks(mut place, why) => {
            place.insert(0, crate::error::escape_segment(segment));
            Failure::Breaks(place, why)
        }
        other => other,
    })
}

struct Check<'a> {
    types: &'a TypesByName<'a>,
    depth: usize,
}

impl Check<'_> {
    fn value(&mut self, ty: &TypeRef, value: &Value) -> Result<Value, Failure> {
        if self.depth > MAX_DEPTH {
            return Ok(value.clone());
        }
        self.depth += 1;
        let checked = self.value_at_depth(ty, value);
        self.depth -= 1;
        checked
    }

    fn value_at_depth(&mut self, ty: &TypeRef, value: &Value) -> Result<Value, Failure> {
        match (ty, value) {
            (TypeRef::Json | TypeRef::Unit, _) => Ok(value.clone()),
            // A replacement is a type of another crate, whose shape this cannot know.
            (TypeRef::Binary | TypeRef::Runtime(_) | TypeRef::External(_), _) => {
                Err(Failure::Unchecked)
            }
            (TypeRef::Secret(inner), _) => self.value(inner, value),
            (TypeRef::Nullable(_), Value::Null) => Ok(Value::Null),
            (TypeRef::Nullable(inner), _) => self.value(inner, value),
            (TypeRef::String, Value::String(_))
            | (TypeRef::Boolean, Value::Bool(_))
            | (TypeRef::Number, Value::Number(_)) => Ok(value.clone()),
            (TypeRef::Integer(width), Value::Number(n)) => {
                let fits = match width {
                    IntegerWidth::I32 => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                    IntegerWidth::I64 => n.as_i64().is_some(),
                };
                match fits {
                    true => Ok(value.clone()),
                    false => breaks(format!("{n} is not a {} integer", width_name(*width))),
                }
            }
            (TypeRef::Array(item), Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, member)| inside(&index.to_string(), self.member(item, member)))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            (TypeRef::Map(values), Value::Object(map)) => map
                .iter()
                .map(|(key, member)| {
                    inside(key, self.member(values, member)).map(|v| (key.clone(), v))
                })
                .collect::<Result<Map<_, _>, _>>()
                .map(Value::Object),
            (TypeRef::Named(name), _) => self.named(name, value),
            (_, _) => breaks(format!(
                "{} where {} is expected",
                kind(value),
                expected(ty)
            )),
        }
    }

    /// An item of an array or a value of a map: `null` only where the type takes any value or
    /// is nullable.
    fn member(&mut self, ty: &TypeRef, value: &Value) -> Result<Value, Failure> {
        match value {
            _ if matches!(ty, TypeRef::Json | TypeRef::Nullable(_)) => self.value(ty, value),
            Value::Null => breaks(format!("null where {} is expected", expected(ty))),
            _ => self.value(ty, value),
        }
    }

    fn named(&mut self, name: &str, value: &Value) -> Result<Value, Failure> {
        let Some(def) = self.types.get(name) else {
            return Err(Failure::Unchecked);
        };
        match (&def.kind, value) {
            (TypeKind::Alias(target), _) => self.value(target, value),
            (TypeKind::Struct(s), Value::Object(map)) => self.object(s, map),
            (TypeKind::StringEnum(e), Value::String(text)) => {
                match e.open || e.variants.iter().any(|v| v.wire == *text) {
                    true => Ok(value.clone()),
                    false => breaks(format!("{text:?} is not one of the enum's values")),
                }
            }
            (TypeKind::IntegerEnum(e), Value::Number(n)) => {
                let known = n
                    .as_i64()
                    .is_some_and(|n| e.variants.iter().any(|v| v.value == n));
                match known || (e.open && n.as_i64().is_some()) {
                    true => Ok(value.clone()),
                    false => breaks(format!("{n} is not one of the enum's values")),
                }
            }
            (TypeKind::Untagged(union), _) => {
                let mut conforming = Vec::new();
                let mut reasons = Vec::new();
                for variant in &union.variants {
                    match self.value(&variant.ty, value) {
                        Ok(written) => conforming.push(written),
                        Err(Failure::Unchecked) => return Err(Failure::Unchecked),
                        Err(Failure::Breaks(place, why)) if place.is_empty() => {
                            reasons.push(format!("{}: {why}", variant.rust_name));
                        }
                        Err(Failure::Breaks(place, why)) => {
                            let place = place.join("/");
                            reasons.push(format!("{}: at {place}: {why}", variant.rust_name));
                        }
                    }
                }
                // The variant read is the one that keeps the most: when one keeps it all, that.
                match conforming.iter().position(|written| written == value) {
                    Some(whole) => Ok(conforming.swap_remove(whole)),
                    None if !conforming.is_empty() => Ok(conforming.swap_remove(0)),
                    None => {
                        let more = reasons.len().saturating_sub(3);
                        reasons.truncate(3);
                        if more > 0 {
                            reasons.push(format!("{more} more"));
                        }
                        breaks(format!("no alternative fits ({})", reasons.join("; ")))
                    }
                }
            }
            (TypeKind::Tagged(tagged), Value::Object(map)) => {
                let tag = map.get(&tagged.property).and_then(Value::as_str);
                match tagged.variants.iter().find(|v| Some(v.tag.as_str()) == tag) {
                    Some(variant) => self.value(&variant.ty.clone(), value),
                    None => breaks(format!(
                        "`{}` is {}, which names no alternative",
                        tagged.property,
                        tag.map_or("missing".to_owned(), |tag| format!("{tag:?}"))
                    )),
                }
            }
            (kind, _) => breaks(format!(
                "{} where {} is expected",
                self::kind(value),
                match kind {
                    TypeKind::Struct(_) | TypeKind::Tagged(_) => "an object",
                    TypeKind::StringEnum(_) => "a string",
                    _ => "an integer",
                }
            )),
        }
    }

    fn object(&mut self, s: &Struct, map: &Map<String, Value>) -> Result<Value, Failure> {
        let mut written = Map::new();
        for field in &s.fields {
            let wire = &field.wire_name;
            match map.get(wire) {
                // An unset optional field is not written; `null` is what `nullable` allows,
                // and what an optional field reads as unset.
                Some(Value::Null) if field.is_optional() => {}
                Some(Value::Null) => {
                    return inside(wire, breaks("null, and the property is not nullable"));
                }
                Some(value) => {
                    let ty = field.ty.clone();
                    written.insert(wire.clone(), inside(wire, self.value(&ty, value))?);
                }
                None if field.required
                    && field.default.is_none()
                    && !field.read_only
                    && !field.write_only =>
                {
                    return breaks(format!("the required property `{wire}` is missing"));
                }
                None => {
                    if let (Some(default), false) = (&field.default, field.is_optional()) {
                        written.insert(wire.clone(), default.clone());
                    }
                }
            }
        }
        for (key, value) in map {
            if s.fields.iter().any(|field| field.wire_name == *key) {
                continue;
            }
            match &s.additional {
                _ if s.closed => {
                    return breaks(format!("`{key}` is not a property of this closed object"));
                }
                Some(values) => {
                    let values = values.clone();
                    written.insert(key.clone(), inside(key, self.member(&values, value))?);
                }
                None => {}
            }
        }
        Ok(Value::Object(written))
    }
}

fn width_name(width: IntegerWidth) -> &'static str {
    match width {
        IntegerWidth::I32 => "32-bit",
        IntegerWidth::I64 => "64-bit",
    }
}

/// A JSON value's kind, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What a type expects, for messages.
fn expected(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "a string",
        TypeRef::Integer(_) => "an integer",
        TypeRef::Number => "a number",
        TypeRef::Boolean => "a boolean",
        TypeRef::Array(_) => "an array",
        TypeRef::Map(_) | TypeRef::Named(_) => "an object",
        _ => "a value",
    }
}
