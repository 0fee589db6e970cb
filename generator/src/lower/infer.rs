//! Schemas with what they leave implicit made explicit, and the questions lowering asks of a
//! schema: is it only an annotation, does it allow only `null`, is it nullable.

use std::borrow::Cow;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

/// A schema whose only value is `null` (`enum: [null]`, or 3.1's `type: 'null'` as `load`
/// normalizes it).
pub(super) fn is_null_schema(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            !any.enumeration.is_empty() && any.enumeration.iter().all(serde_json::Value::is_null)
        }
        SchemaKind::Type(Type::String(s)) => {
            !s.enumeration.is_empty() && s.enumeration.iter().all(Option::is_none)
        }
        _ => false,
    }
}

/// `nullable: true`, or a `oneOf`/`anyOf` with a branch that only allows `null`.
pub(super) fn is_nullable(schema: &Schema) -> bool {
    let branches = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of.as_slice(),
        SchemaKind::AnyOf { any_of } => any_of.as_slice(),
        SchemaKind::Any(any) if !any.one_of.is_empty() => any.one_of.as_slice(),
        SchemaKind::Any(any) => any.any_of.as_slice(),
        _ => &[],
    };
    schema.schema_data.nullable
        || branches
            .iter()
            .any(|branch| branch.as_item().is_some_and(is_null_schema))
}

/// A schema with its type made explicit where the spec leaves it implicit:
/// - keywords of one type without `type:` (`properties` alone is an object, `items` an array,
///   `format` or `pattern` a string, string values in `enum` a string enum);
/// - `allOf` of objects (components by `$ref`, or inline) is one object with all their
///   properties.
///
/// Anything else is returned as it is.
pub(super) fn infer<'a>(schema: &'a Schema, document: &OpenAPI) -> Cow<'a, Schema> {
    use openapiv3::{ArrayType, IntegerType, NumberType, ObjectType, StringType};
    let kind = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => match merge_objects(all_of, document, 0) {
            Some(object) if all_of.iter().filter(|s| !is_annotation(s)).count() > 1 => {
                SchemaKind::Type(Type::Object(object))
            }
            _ => return Cow::Borrowed(schema),
        },
        // `type: object` (or nothing) with an `allOf` of objects, and maybe properties of its own
        // (one branch alone and no properties is that branch: see `schema`).
        SchemaKind::Any(any)
            if !any.all_of.is_empty()
                && (!any.properties.is_empty()
                    || any.all_of.iter().filter(|s| !is_annotation(s)).count() > 1)
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
                && matches!(any.typ.as_deref(), None | Some("object")) =>
        {
            let Some(mut object) = merge_objects(&any.all_of, document, 0) else {
                return Cow::Borrowed(schema);
            };
            for (name, property) in &any.properties {
                object
                    .properties
                    .entry(name.clone())
                    .or_insert_with(|| property.clone());
            }
            for name in &any.required {
                if !object.required.contains(name) {
                    object.required.push(name.clone());
                }
            }
            SchemaKind::Type(Type::Object(object))
        }
        SchemaKind::Any(any)
            if any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty()
                && any.not.is_none() =>
        {
            let typ = any.typ.as_deref();
            let strings = !any.enumeration.is_empty()
                && any.enumeration.iter().all(|v| v.is_string() || v.is_null());
            let integers = !any.enumeration.is_empty()
                && any.enumeration.iter().all(|v| v.is_i64() || v.is_null())
                && any.enumeration.iter().any(|v| !v.is_null());
            fn parse_format<T: serde::de::DeserializeOwned>(
                format: &Option<String>,
            ) -> openapiv3::VariantOrUnknownOrEmpty<T> {
                format
                    .as_ref()
                    .and_then(|f| serde_json::from_value(serde_json::Value::String(f.clone())).ok())
                    .unwrap_or(openapiv3::VariantOrUnknownOrEmpty::Empty)
            }
            if typ == Some("object")
                || (typ.is_none()
                    && (!any.properties.is_empty() || any.additional_properties.is_some()))
            {
                SchemaKind::Type(Type::Object(ObjectType {
                    properties: any.properties.clone(),
                    required: any.required.clone(),
                    additional_properties: any.additional_properties.clone(),
                    min_properties: any.min_properties,
                    max_properties: any.max_properties,
                }))
            } else if typ == Some("array") || (typ.is_none() && any.items.is_some()) {
                SchemaKind::Type(Type::Array(ArrayType {
                    items: any.items.clone(),
                    min_items: any.min_items,
                    max_items: any.max_items,
                    unique_items: any.unique_items.unwrap_or(false),
                }))
            } else if typ == Some("integer") || (typ.is_none() && integers) {
                SchemaKind::Type(Type::Integer(IntegerType {
                    format: parse_format(&any.format),
                    enumeration: any
                        .enumeration
                        .iter()
                        .map(serde_json::Value::as_i64)
                        .collect(),
                    minimum: any.minimum.map(|v| v as i64),
                    maximum: any.maximum.map(|v| v as i64),
                    ..Default::default()
                }))
            } else if typ == Some("number")
                || (typ.is_none()
                    && any.format.is_none()
                    && (any.minimum.is_some() || any.maximum.is_some()))
            {
                SchemaKind::Type(Type::Number(NumberType {
                    minimum: any.minimum,
                    maximum: any.maximum,
                    ..Default::default()
                }))
            } else if typ == Some("string")
                || (typ.is_none()
                    && (strings
                        || any.format.is_some()
                        || any.pattern.is_some()
                        || any.min_length.is_some()
                        || any.max_length.is_some()))
            {
                SchemaKind::Type(Type::String(StringType {
                    format: parse_format(&any.format),
                    pattern: any.pattern.clone(),
                    enumeration: any
                        .enumeration
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                    min_length: any.min_length,
                    max_length: any.max_length,
                }))
            } else {
                return Cow::Borrowed(schema);
            }
        }
        _ => return Cow::Borrowed(schema),
    };
    Cow::Owned(Schema {
        schema_data: schema.schema_data.clone(),
        schema_kind: kind,
    })
}

/// The properties of every branch of an `allOf` as one object, when every branch that is not a
/// mere annotation is an object (inline or a component by `$ref`, itself possibly an `allOf`).
pub(super) fn merge_objects(
    all_of: &[ReferenceOr<Schema>],
    document: &OpenAPI,
    depth: usize,
) -> Option<openapiv3::ObjectType> {
    if depth > 16 {
        return None;
    }
    let mut merged = openapiv3::ObjectType::default();
    for branch in all_of {
        let schema = match branch {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/schemas/")?;
                let key = key.replace("~1", "/").replace("~0", "~");
                document.components.as_ref()?.schemas.get(&key)?.as_item()?
            }
        };
        if is_annotation_schema(schema) {
            continue;
        }
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (o.properties.clone(), o.required.clone()),
            // An object of its own properties and an `allOf` of more.
            SchemaKind::Any(any)
                if matches!(any.typ.as_deref(), None | Some("object"))
                    && (!any.properties.is_empty() || !any.all_of.is_empty())
                    && any.one_of.is_empty()
                    && any.any_of.is_empty() =>
            {
                let mut properties = any.properties.clone();
                let mut required = any.required.clone();
                if !any.all_of.is_empty() {
                    let inner = merge_objects(&any.all_of, document, depth + 1)?;
                    for (name, property) in inner.properties {
                        properties.entry(name).or_insert(property);
                    }
                    for name in inner.required {
                        if !required.contains(&name) {
                            required.push(name);
                        }
                    }
                }
                (properties, required)
            }
            SchemaKind::AllOf { all_of } => {
                let inner = merge_objects(all_of, document, depth + 1)?;
                (inner.properties, inner.required)
            }
            _ => return None,
        };
        for (name, property) in properties {
            merged.properties.entry(name).or_insert(property);
        }
        for name in required {
            if !merged.required.contains(&name) {
                merged.required.push(name);
            }
        }
    }
    Some(merged)
}

/// Whether a schema only annotates (description, example, ...) and constrains no type.
pub(super) fn is_annotation(schema: &ReferenceOr<Schema>) -> bool {
    schema.as_item().is_some_and(is_annotation_schema)
}

pub(super) fn is_annotation_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

pub(super) fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
    }
}
