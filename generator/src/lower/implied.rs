//! What a schema implies beyond its own keywords, for lowering: nullability through `$ref`s
//! and `allOf`, whether a `default` can stand in for an absent value, and the tag a
//! discriminated branch allows.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::infer::{is_annotation, is_nullable};

/// Whether a schema allows `null`: `nullable: true` or a `null` branch (see `is_nullable`),
/// on the schema itself, on the component a `$ref` names, or on every typed branch of an
/// `allOf` (`allOf: [{$ref: NullableUser}]` with a description beside it), to any depth of
/// references.
pub(super) fn nullable_through(
    schema: &ReferenceOr<Schema>,
    document: &OpenAPI,
    depth: usize,
) -> bool {
    if depth > 16 {
        return false;
    }
    let schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => {
            return component(reference, document)
                .is_some_and(|target| nullable_through(target, document, depth + 1));
        }
    };
    if is_nullable(schema) {
        return true;
    }
    let all_of = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) if any.properties.is_empty() => &any.all_of,
        _ => return false,
    };
    let mut typed = all_of
        .iter()
        .filter(|branch| !is_annotation(branch))
        .peekable();
    typed.peek().is_some() && typed.all(|branch| nullable_through(branch, document, depth + 1))
}

/// The one value the component `reference` allows for its property `property` (a string
/// `enum` of one value, or a 3.1 `const`), looking into its `allOf` branches too.
pub(super) fn declared_tag(reference: &str, property: &str, document: &OpenAPI) -> Option<String> {
    let schema = component(reference, document)?.as_item()?;
    single_value(schema, property, document, 0, &mut Vec::new())
}

/// The schema `#/components/schemas/...` that `reference` names in `document`.
fn component<'a>(reference: &str, document: &'a OpenAPI) -> Option<&'a ReferenceOr<Schema>> {
    let key = crate::load::unescape(reference.strip_prefix("#/components/schemas/")?);
    document.components.as_ref()?.schemas.get(&key)
}

/// `seen`: the components already looked into, each once, so that a document whose `allOf`s
/// name the same components many times over costs one look at each, not one per path to it.
fn single_value<'a>(
    schema: &'a Schema,
    property: &str,
    document: &'a OpenAPI,
    depth: usize,
    seen: &mut Vec<&'a str>,
) -> Option<String> {
    if depth > 8 {
        return None;
    }
    let (properties, all_of) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (Some(&object.properties), None),
        SchemaKind::Any(any) => (Some(&any.properties), Some(&any.all_of)),
        SchemaKind::AllOf { all_of } => (None, Some(all_of)),
        _ => (None, None),
    };
    if let Some(value) = properties
        .and_then(|p| p.get(property))
        .and_then(|p| p.as_item())
    {
        return match &value.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                s.enumeration[0].clone()
            }
            SchemaKind::Any(any) if any.enumeration.len() == 1 => {
                any.enumeration[0].as_str().map(str::to_owned)
            }
            _ => None,
        };
    }
    all_of
        .into_iter()
        .flatten()
        .find_map(|branch| match branch {
            ReferenceOr::Item(item) => single_value(item, property, document, depth + 1, seen),
            ReferenceOr::Reference { reference } => {
                if seen.contains(&reference.as_str()) {
                    return None;
                }
                seen.push(reference);
                let target = component(reference, document)?.as_item()?;
                single_value(target, property, document, depth + 1, seen)
            }
        })
}

#[cfg(test)]
mod tests {
    use crate::model::{DefaultValue, TypeKind, TypeRef};

    fn model(spec: &str) -> crate::model::Api {
        let file = crate::SpecFile {
            name: "t.yaml".to_owned(),
            contents: spec.to_owned(),
        };
        crate::read_model(&[file], &crate::Options::default())
            .expect("the spec is valid")
            .0
    }

    #[test]
    fn a_branch_that_allows_one_tag_value_is_tagged_by_it() {
        let api = model(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n\
             \x20   Status: {oneOf: [{$ref: '#/components/schemas/Active'}, {$ref: '#/components/schemas/Gone'}], discriminator: {propertyName: type}}\n\
             \x20   Active: {type: object, required: [type], properties: {type: {type: string, enum: [active]}}}\n\
             \x20   Gone: {type: object, required: [type], properties: {type: {type: string}}}\n",
        );
        let Some(TypeKind::Tagged(tagged)) = api.type_def("Status").map(|def| &def.kind) else {
            panic!("{:#?}", api.types);
        };
        let tags: Vec<&str> = tagged.variants.iter().map(|v| v.tag.as_str()).collect();
        assert_eq!(tags, ["active", "Gone"]);

        // Two branches that allow the same value are told apart by what they hold instead.
        let api = model(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n\
             \x20   Item: {oneOf: [{$ref: '#/components/schemas/In'}, {$ref: '#/components/schemas/Out'}], discriminator: {propertyName: type}}\n\
             \x20   In: {type: object, required: [type], properties: {type: {type: string, enum: [message]}}}\n\
             \x20   Out: {type: object, required: [type, id], properties: {type: {type: string, enum: [message]}, id: {type: string}}}\n",
        );
        let kind = api.type_def("Item").map(|def| &def.kind);
        assert!(matches!(kind, Some(TypeKind::Untagged(_))), "{kind:#?}");
    }

    #[test]
    fn nullability_and_defaults_reach_the_fields() {
        let api = model(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n\
             \x20   Maybe: {type: object, nullable: true, properties: {a: {type: string}}}\n\
             \x20   Side: {type: string, enum: [l, r]}\n\
             \x20   Holder:\n\
             \x20     type: object\n\
             \x20     required: [direct, through]\n\
             \x20     properties:\n\
             \x20       direct: {$ref: '#/components/schemas/Maybe'}\n\
             \x20       through: {allOf: [{$ref: '#/components/schemas/Maybe'}], description: d}\n\
             \x20       side: {allOf: [{$ref: '#/components/schemas/Side'}], default: l}\n\
             \x20       count: {type: integer, default: 3}\n",
        );
        let Some(TypeKind::Struct(holder)) = api.type_def("Holder").map(|def| &def.kind) else {
            panic!("{:#?}", api.types);
        };
        let optional: Vec<(&str, bool)> = holder
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.is_optional()))
            .collect();
        assert_eq!(
            optional,
            [
                ("direct", true),
                ("through", true),
                // A listed value of an enum stands in for an absent one.
                ("side", false),
                ("count", false)
            ]
        );
        // What stands in is settled once, on the field, for the emitter to write.
        let stand_ins: Vec<Option<&DefaultValue>> =
            holder.fields.iter().map(|f| f.stand_in.as_ref()).collect();
        assert_eq!(
            stand_ins,
            [
                None,
                None,
                Some(&DefaultValue::Variant("Side".into(), "L".into())),
                Some(&DefaultValue::I64(3))
            ]
        );
        assert_eq!(
            holder.additional,
            Some(TypeRef::Json),
            "an open object keeps other keys"
        );
    }
}
