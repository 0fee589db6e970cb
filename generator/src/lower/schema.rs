//! Schemas -> `TypeRef`s, defining named types (structs, enums, unions) as they are met.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::constraints::{
    EXTENSIBLE_ENUM_EXTENSION, enum_varnames, integer_enum, integer_width, is_sensitive,
    string_alternatives, string_enum,
};
use super::implied::{declared_tag, nullable_through};
use super::infer::{infer, is_annotation, is_annotation_schema, is_null_schema, unbox};
use super::{Lowerer, NameHint, source, text};
use crate::error::{Error, Pointer};
use crate::model::*;
use crate::naming::{self, Scope};

/// The names of the JSON-schema types, as `type:` may say them.
const KNOWN_TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];

/// What a `oneOf`/`anyOf` lowers to.
pub(super) enum Lowered {
    One(TypeRef),
    Untagged(Vec<UnionVariant>),
    Tagged(Tagged),
}

impl Lowerer {
    /// The `TypeKind` of a component's schema.
    pub(super) fn component_kind(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<TypeKind, Error> {
        Ok(match self.union(schema, ptr, hint, document)? {
            Some(Lowered::One(ty)) => TypeKind::Alias(ty),
            Some(Lowered::Untagged(variants)) => TypeKind::Untagged(Union { variants }),
            Some(Lowered::Tagged(tagged)) => TypeKind::Tagged(tagged),
            None => match self.type_kind(&infer(schema, document), ptr, hint, document)? {
                Some(kind) => kind,
                None => TypeKind::Alias(self.inline_schema(schema, ptr, hint, document)?),
            },
        })
    }

    /// The `TypeKind` of a schema that needs a named type of its own (an object with
    /// properties, an enum), or `None` for one that maps to an existing Rust type.
    fn type_kind(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<Option<TypeKind>, Error> {
        let label = hint.label.clone();
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values = s.enumeration.iter().flatten().cloned();
                Some(TypeKind::StringEnum(string_enum(label, values)))
            }
            SchemaKind::Type(Type::String(_)) => {
                let values = schema
                    .schema_data
                    .extensions
                    .get(EXTENSIBLE_ENUM_EXTENSION)
                    .map(|values| {
                        values.as_array().and_then(|values| {
                            values
                                .iter()
                                .map(|v| v.as_str().map(str::to_owned))
                                .collect::<Option<Vec<_>>>()
                        })
                    });
                match values {
                    None => None,
                    Some(None) => {
                        self.warn(
                            &ptr.push(EXTENSIBLE_ENUM_EXTENSION),
                            "expected a list of strings: the known values are not generated, \
                             the value is a plain string",
                        );
                        None
                    }
                    Some(Some(values)) => {
                        let mut open = string_enum(label, values.into_iter());
                        open.open = true;
                        Some(TypeKind::StringEnum(open))
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                let names = enum_varnames(schema, values.len(), ptr, &mut self.warnings);
                Some(TypeKind::IntegerEnum(integer_enum(label, &values, names)))
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let fields = self.fields(
                    &o.properties,
                    &o.required,
                    &ptr.push("properties"),
                    hint,
                    document,
                )?;
                // An open object keeps the keys it does not name, as any value, so that what
                // is read is written back whole.
                let (additional, closed) = match &o.additional_properties {
                    Some(AdditionalProperties::Any(false)) => (None, true),
                    Some(AdditionalProperties::Schema(values)) => {
                        let values_ptr = ptr.push("additionalProperties");
                        let ty =
                            self.member(values, &values_ptr, &hint.child("Value"), document)?;
                        (Some(ty), false)
                    }
                    Some(AdditionalProperties::Any(true)) | None => (Some(TypeRef::Json), false),
                };
                Some(TypeKind::Struct(Struct {
                    fields,
                    additional,
                    closed,
                }))
            }
            _ => None,
        })
    }

    fn fields(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<Vec<Field>, Error> {
        let mut names = Scope::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, property) in properties {
            let property_ptr = ptr.push(wire);
            let property = unbox(property);
            let mut ty = self.schema(&property, &property_ptr, &hint.child(wire), document)?;
            let item = property.as_item();
            if item.is_some_and(is_sensitive) {
                ty = TypeRef::Secret(Box::new(ty));
            }
            let data = item.map(|s| &s.schema_data);
            let nullable = nullable_through(&property, document, 0);
            // `default: null` is what an `Option` does anyway; any other default is settled
            // against the field's type once every type is known (`finish::settle_defaults`).
            let default = data
                .and_then(|d| d.default.clone())
                .filter(|value| !value.is_null());
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name: names.claim(naming::value_name(wire)),
                doc: data.and_then(|d| text(&d.description)),
                ty,
                required: required.contains(wire),
                nullable,
                deprecated: data.is_some_and(|d| d.deprecated),
                read_only: data.is_some_and(|d| d.read_only),
                write_only: data.is_some_and(|d| d.write_only),
                default,
                boxed: false,
                stand_in: None,
            });
        }
        Ok(fields)
    }

    /// The type of a schema at `ptr`, defining named types as needed.
    pub(super) fn schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<TypeRef, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, ptr),
            ReferenceOr::Item(schema) => self.inline_schema(schema, ptr, hint, document),
        }
    }

    /// The type of an array's item or a map's value: [`TypeRef::Nullable`] where its schema
    /// allows `null` (a value of any type takes `null` as it is).
    fn member(
        &mut self,
        schema: &ReferenceOr<Schema>,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<TypeRef, Error> {
        let ty = self.schema(schema, ptr, hint, document)?;
        Ok(match ty {
            TypeRef::Json | TypeRef::Unit => ty,
            _ if nullable_through(schema, document, 0) => TypeRef::Nullable(Box::new(ty)),
            _ => ty,
        })
    }

    fn inline_schema(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<TypeRef, Error> {
        // Objects merged from `allOf` are made inline, so a schema that holds itself through
        // merged objects would nest without end: past this depth it is any value.
        if self.depth > MAX_DEPTH {
            return Ok(self.fallback(
                ptr,
                &format!(
                    "a schema nested deeper than {MAX_DEPTH} levels (it holds itself through \
                     `allOf`)"
                ),
            ));
        }
        self.depth += 1;
        let lowered = self.inline_schema_at_depth(schema, ptr, hint, document);
        self.depth -= 1;
        lowered
    }

    fn inline_schema_at_depth(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<TypeRef, Error> {
        let doc = || text(&schema.schema_data.description);
        match self.union(schema, ptr, hint, document)? {
            Some(Lowered::One(ty)) => return Ok(ty),
            Some(Lowered::Untagged(variants)) => {
                let kind = TypeKind::Untagged(Union { variants });
                return Ok(TypeRef::Named(self.define(hint, kind, doc(), schema, ptr)));
            }
            Some(Lowered::Tagged(tagged)) => {
                let kind = TypeKind::Tagged(tagged);
                return Ok(TypeRef::Named(self.define(hint, kind, doc(), schema, ptr)));
            }
            None => {}
        }
        let schema = &infer(schema, document);
        if let Some(kind) = self.type_kind(schema, ptr, hint, document)? {
            return Ok(TypeRef::Named(self.define(hint, kind, doc(), schema, ptr)));
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => {
                    TypeRef::Binary
                }
                format => match super::constraints::format_text(format)
                    .and_then(|format| self.formats.get(&format))
                {
                    Some(replacement) => TypeRef::External(replacement.clone()),
                    None => TypeRef::String,
                },
            },
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Integer(integer_width(&i.format)),
            SchemaKind::Type(Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let values_ptr = ptr.push("additionalProperties");
                    TypeRef::Map(Box::new(self.member(
                        values,
                        &values_ptr,
                        &hint.child("Value"),
                        document,
                    )?))
                }
                _ => TypeRef::Json,
            },
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => TypeRef::Array(Box::new(self.member(
                    &unbox(items),
                    &ptr.push("items"),
                    &hint.child("Item"),
                    document,
                )?)),
                None => {
                    self.warn(
                        ptr,
                        "array without `items`: its items are `serde_json::Value`",
                    );
                    TypeRef::Array(Box::new(TypeRef::Json))
                }
            },
            SchemaKind::AllOf { all_of } => {
                // `allOf: [{description: ...}, {$ref: X}]` is X with a local description.
                let mut typed = all_of.iter().enumerate().filter(|(_, s)| !is_annotation(s));
                match (typed.next(), typed.next()) {
                    (Some((index, only)), None) => {
                        self.schema(only, &ptr.push("allOf").push(index), hint, document)?
                    }
                    // Only annotations (`allOf: [{}, {description: ...}]`): any value.
                    (None, _) => TypeRef::Json,
                    _ => self.fallback(ptr, "`allOf` of schemas that are not all objects"),
                }
            }
            SchemaKind::OneOf { .. } => self.fallback(ptr, "`oneOf`"),
            SchemaKind::AnyOf { any_of } if string_alternatives(any_of).is_some() => {
                TypeRef::String
            }
            SchemaKind::AnyOf { .. } => self.fallback(ptr, "`anyOf`"),
            SchemaKind::Not { .. } => self.fallback(ptr, "`not`"),
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some(typ) if !KNOWN_TYPES.contains(&typ) => self.fallback(
                    &ptr.push("type"),
                    &format!(
                        "the unknown type `{typ}` (expected one of {})",
                        KNOWN_TYPES.join(", ")
                    ),
                ),
                None if is_annotation_schema(schema) || is_null_schema(schema) => TypeRef::Json,
                None | Some("string") if string_alternatives(&any.any_of).is_some() => {
                    TypeRef::String
                }
                // `{allOf: [{$ref: X}], type: object, ...}` (a 3.1 reference with siblings):
                // X, with the siblings as annotations.
                None | Some("object")
                    if any.properties.is_empty() && single_branch(&any.all_of).is_some() =>
                {
                    let (index, only) = single_branch(&any.all_of).expect("checked");
                    self.schema(only, &ptr.push("allOf").push(index), hint, document)?
                }
                _ => self.fallback(ptr, "a schema mixing keywords of several types"),
            },
        })
    }

    /// Resolves `#/components/schemas/X` to the Rust name given to X.
    pub(super) fn schema_ref(&self, reference: &str, ptr: &Pointer) -> Result<TypeRef, Error> {
        let key = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| {
                Error::at(
                    ptr,
                    format!(
                        "`$ref: {reference}` is not supported; only `#/components/schemas/...` is"
                    ),
                )
            })?;
        let key = crate::load::unescape(key);
        self.components
            .get(&(ptr.file().to_owned(), key))
            .map(|name| TypeRef::Named(name.clone()))
            .ok_or_else(|| {
                Error::at(
                    ptr,
                    format!("`$ref: {reference}` names no schema in this file"),
                )
            })
    }

    /// Adds a named type, or finds the identical one already there.
    pub(super) fn define(
        &mut self,
        hint: &NameHint,
        kind: TypeKind,
        doc: Option<String>,
        schema: &Schema,
        ptr: &Pointer,
    ) -> String {
        for candidate in [&hint.preferred, &hint.qualified] {
            match self.type_def(candidate) {
                Some(existing) if existing.kind == kind => return candidate.clone(),
                Some(_) => continue,
                None => {}
            }
            if self.type_names.is_free(candidate) {
                break;
            }
        }
        let name = if self.type_names.is_free(&hint.preferred) {
            self.type_names.claim(hint.preferred.clone())
        } else {
            self.type_names.claim(hint.qualified.clone())
        };
        self.push_type(TypeDef {
            name: name.clone(),
            doc,
            deprecated: schema.schema_data.deprecated,
            kind,
            source: source(ptr),
        });
        name
    }

    /// The type of a `oneOf`/`anyOf`, or `None` for other schemas. Branches that only allow
    /// `null` make the place nullable (see `is_nullable`) and are dropped; branches that lower
    /// to the same Rust type are one; strings of several formats or enums are a `String`,
    /// integers an `i64`, integers and numbers an `f64`; a `oneOf` with a `discriminator` is a
    /// tagged union; what stays distinct is an untagged union.
    fn union(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<Option<Lowered>, Error> {
        let (keyword, branches) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => ("oneOf", one_of),
            SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
            SchemaKind::Any(any) if !any.one_of.is_empty() => ("oneOf", &any.one_of),
            SchemaKind::Any(any) if !any.any_of.is_empty() => ("anyOf", &any.any_of),
            _ => return Ok(None),
        };
        if let Some(discriminator) = &schema.schema_data.discriminator
            && let Some(tagged) =
                self.tagged(discriminator, branches, &ptr.push(keyword), hint, document)?
        {
            return Ok(Some(Lowered::Tagged(tagged)));
        }
        let mut types: Vec<TypeRef> = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            if branch.as_item().is_some_and(is_null_schema) {
                continue;
            }
            // A branch of one string value is named after it (`unlimited`), others by position.
            let wire = match branch.as_item().map(|b| &b.schema_kind) {
                Some(SchemaKind::Type(Type::String(s))) if s.enumeration.len() == 1 => s
                    .enumeration[0]
                    .clone()
                    .filter(|value| !value.is_empty())
                    .unwrap_or_else(|| format!("variant{}", index + 1)),
                _ => format!("variant{}", index + 1),
            };
            let branch_hint = hint.child(&wire);
            let branch_ptr = ptr.push(keyword).push(index);
            let ty = self.schema(branch, &branch_ptr, &branch_hint, document)?;
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        let scalar = |ty: &TypeRef| -> Option<TypeRef> {
            match ty {
                TypeRef::String | TypeRef::Integer(_) | TypeRef::Number => Some(ty.clone()),
                TypeRef::Named(name) => match &self.type_def(name)?.kind {
                    TypeKind::StringEnum(_) => Some(TypeRef::String),
                    TypeKind::IntegerEnum(_) => Some(TypeRef::Integer(IntegerWidth::I64)),
                    _ => None,
                },
                _ => None,
            }
        };
        if types.len() > 1 {
            let scalars: Option<Vec<TypeRef>> = types.iter().map(scalar).collect();
            let widened = scalars.and_then(|scalars| {
                if scalars.iter().all(|t| *t == TypeRef::String) {
                    Some(TypeRef::String)
                } else if scalars.iter().all(|t| matches!(t, TypeRef::Integer(_))) {
                    Some(TypeRef::Integer(IntegerWidth::I64))
                } else if scalars
                    .iter()
                    .all(|t| matches!(t, TypeRef::Integer(_) | TypeRef::Number))
                {
                    Some(TypeRef::Number)
                } else {
                    None
                }
            });
            if let Some(widened) = widened {
                types = vec![widened];
            }
        }
        if types.len() <= 1 {
            return Ok(Some(Lowered::One(types.pop().unwrap_or(TypeRef::Json))));
        }
        // Types made for the branches are named `{Union}{Branch}`; their variants `{Branch}`.
        let base = hint.child_base.as_deref().unwrap_or(&hint.preferred);
        let mut names = Scope::new();
        let variants = types
            .into_iter()
            .map(|ty| {
                let name = variant_name(&ty);
                let short = name
                    .strip_prefix(base)
                    .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
                    .map_or_else(|| name.clone(), str::to_owned);
                UnionVariant {
                    rust_name: names.claim(short),
                    ty,
                }
            })
            .collect();
        Ok(Some(Lowered::Untagged(variants)))
    }

    /// A `oneOf` with a `discriminator`: each branch is tagged by the `mapping` value that
    /// names it, or by its component's key. `None` (read as an untagged union) when a branch
    /// is neither a reference nor named by the mapping.
    fn tagged(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        branches: &[ReferenceOr<Schema>],
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<Option<Tagged>, Error> {
        let mut names = Scope::new();
        let mut variants = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let ReferenceOr::Reference { reference } = branch else {
                self.warn(
                    &ptr.push(index),
                    "a `discriminator` over an inline schema: read as an untagged union",
                );
                return Ok(None);
            };
            let ty = self.schema(branch, &ptr.push(index), hint, document)?;
            let mapped: Vec<&String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| *target == reference)
                .map(|(tag, _)| tag)
                .collect();
            // Without a mapping, the tag is the component's key; but a branch whose property
            // allows one value only can never carry that key, and APIs send that value.
            let default_tag = declared_tag(reference, &discriminator.property_name, document)
                .unwrap_or_else(|| {
                    crate::load::unescape(reference.rsplit('/').next().unwrap_or(reference))
                });
            let tags: Vec<String> = if mapped.is_empty() {
                vec![default_tag]
            } else {
                mapped.into_iter().cloned().collect()
            };
            for tag in tags {
                if variants
                    .iter()
                    .any(|known: &TaggedVariant| known.tag == tag)
                {
                    self.warn(
                        &ptr.push(index),
                        &format!(
                            "two branches of this `discriminator` both allow `{}: {tag}`: read \
                             as an untagged union",
                            discriminator.property_name
                        ),
                    );
                    return Ok(None);
                }
                variants.push(TaggedVariant {
                    rust_name: names.claim(naming::type_name(&tag)),
                    tag,
                    ty: ty.clone(),
                });
            }
        }
        Ok(Some(Tagged {
            property: discriminator.property_name.clone(),
            variants,
        }))
    }

    pub(super) fn fallback(&mut self, ptr: &Pointer, what: &str) -> TypeRef {
        self.warn(
            ptr,
            &format!("{what} is not supported yet: generated as `serde_json::Value`"),
        );
        TypeRef::Json
    }
}

/// How deep inline schemas may nest.
const MAX_DEPTH: usize = 64;

/// The one branch of an `allOf` that is not a mere annotation, with its index.
fn single_branch(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let mut typed = all_of.iter().enumerate().filter(|(_, s)| !is_annotation(s));
    match (typed.next(), typed.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The name of the variant of an untagged union that holds `ty`.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(_) => "Integer".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Binary => "Binary".to_owned(),
        TypeRef::Array(item) => format!("{}List", variant_name(item)),
        TypeRef::Map(value) => format!("{}Map", variant_name(value)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::Unit => "Empty".to_owned(),
        TypeRef::Secret(inner) => variant_name(inner),
        TypeRef::Nullable(inner) => format!("{}OrNull", variant_name(inner)),
        TypeRef::Runtime(ty) => crate::naming::type_name(ty.name()),
        // A replacement (a format's, in lowering; a schema's, after it): its last segment.
        TypeRef::External(path) => {
            let outer = path.split('<').next().unwrap_or(path);
            crate::naming::type_name(outer.rsplit("::").next().unwrap_or(outer))
        }
    }
}
