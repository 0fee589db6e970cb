//! Stage 2: `openapiv3::OpenAPI` documents -> the `model::Api`.
//!
//! Walks each document in spec order, keeping a JSON pointer to where it is so that every
//! error and warning names its place. Schemas become `TypeRef`s; the ones that need a Rust
//! type of their own (objects, enums, components) become `TypeDef`s named from their path.
//!
//! Naming of types made inline:
//! - components keep their key: `#/components/schemas/Metadata` is `Metadata`;
//! - an operation's response body is `{Operation}Response`, its properties `{Operation}{Prop}`,
//!   and deeper properties `{Parent}{Prop}` (array items add `Item`);
//! - an enum defined at a parameter is named after the parameter (`app` -> `App`) unless a
//!   different type holds that name already, then `{Operation}{Param}`; an identical enum
//!   met again is the same type.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type,
};
use std::collections::BTreeMap;

use crate::cpanel;
use crate::error::{Error, Pointer, Warning};
use crate::model::*;
use crate::naming::{self, Scope};

/// The names of the JSON-schema types, as `type:` may say them.
const KNOWN_TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];

/// Lowers every document, in order, into one model.
pub fn lower(documents: &[(String, OpenAPI)]) -> Result<(Api, Vec<Warning>), Error> {
    let mut lowerer = Lowerer::default();
    for (file, document) in documents {
        lowerer.document(file, document)?;
    }
    open_response_enums(&mut lowerer.api);
    Ok((lowerer.api, lowerer.warnings))
}

/// Makes every enum a response can contain open: a value a newer server sends must reach the
/// caller, not fail the whole response.
fn open_response_enums(api: &mut Api) {
    let mut pending: Vec<TypeRef> = api
        .operations
        .iter()
        .filter_map(|op| op.response.as_ref().map(|r| r.body.clone()))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Array(item) | TypeRef::Map(item) => pending.push(*item),
            TypeRef::Named(name) if seen.insert(name.clone()) => {
                let Some(def) = api.types.iter_mut().find(|def| def.name == name) else {
                    continue;
                };
                match &mut def.kind {
                    TypeKind::Struct(s) => pending.extend(s.fields.iter().map(|f| f.ty.clone())),
                    TypeKind::Alias(target) => pending.push(target.clone()),
                    TypeKind::Untagged(u) => {
                        pending.extend(u.variants.iter().map(|v| v.ty.clone()))
                    }
                    TypeKind::StringEnum(e) => e.open = true,
                    TypeKind::IntegerEnum(e) => e.open = true,
                }
            }
            _ => {}
        }
    }
}

#[derive(Default)]
struct Lowerer {
    api: Api,
    warnings: Vec<Warning>,
    type_names: Scope,
    fn_names: Scope,
    /// (file, component key) -> Rust type name, assigned before any schema is lowered so that
    /// references, recursive ones included, resolve.
    components: BTreeMap<(String, String), String>,
}

/// What to call a type made at some place, and what to call the types made inside it.
#[derive(Debug, Clone)]
struct NameHint {
    preferred: String,
    /// Used when `preferred` is held by a different type.
    qualified: String,
    /// Prefix of the names of types made for this type's properties.
    child_base: Option<String>,
    /// The wire name of the place (parameter, property, component) an enum's errors name.
    label: String,
}

impl NameHint {
    fn new(name: String, label: &str) -> Self {
        NameHint {
            preferred: name.clone(),
            qualified: name,
            child_base: None,
            label: label.to_owned(),
        }
    }

    fn child(&self, wire: &str) -> NameHint {
        let base = self.child_base.as_deref().unwrap_or(&self.preferred);
        NameHint::new(format!("{base}{}", naming::type_name(wire)), wire)
    }
}

impl Lowerer {
    fn document(&mut self, file: &str, document: &OpenAPI) -> Result<(), Error> {
        let root = Pointer::root(file);
        self.api.titles.push(document.info.title.clone());
        if self.api.servers.is_empty() {
            self.api.servers = document.servers.iter().map(server).collect();
        }
        let components = document.components.clone().unwrap_or_default();
        self.security_schemes(&components.security_schemes, &root);

        for key in components.schemas.keys() {
            let name = self.type_names.claim(naming::type_name(key));
            self.components.insert((file.to_owned(), key.clone()), name);
        }
        let schemas_ptr = root.push("components").push("schemas");
        for (key, schema) in &components.schemas {
            self.component(file, key, schema, &schemas_ptr.push(key), document)?;
        }

        let paths_ptr = root.push("paths");
        for (path, item) in &document.paths.paths {
            let item_ptr = paths_ptr.push(path);
            let ReferenceOr::Item(item) = item else {
                return Err(Error::at(
                    &item_ptr,
                    "a `$ref` to a path item is not supported",
                ));
            };
            for (method, operation) in item.iter() {
                let method = match method {
                    "get" => Method::Get,
                    "put" => Method::Put,
                    "post" => Method::Post,
                    "delete" => Method::Delete,
                    "options" => Method::Options,
                    "head" => Method::Head,
                    "patch" => Method::Patch,
                    _ => Method::Trace,
                };
                let context = OperationContext {
                    document,
                    path,
                    method,
                    shared_params: &item.parameters,
                    ptr: item_ptr.push(method.as_str().to_ascii_lowercase()),
                    item_ptr: item_ptr.clone(),
                };
                self.operation(&context, operation)?;
            }
        }
        Ok(())
    }

    fn security_schemes(
        &mut self,
        schemes: &IndexMap<String, ReferenceOr<openapiv3::SecurityScheme>>,
        root: &Pointer,
    ) {
        use openapiv3::{APIKeyLocation, SecurityScheme};
        for (name, scheme) in schemes {
            if self.api.auth.iter().any(|known| &known.name == name) {
                continue;
            }
            let ptr = root.push("components").push("securitySchemes").push(name);
            let kind = match scheme {
                ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })
                    if scheme.eq_ignore_ascii_case("basic") =>
                {
                    AuthKind::HttpBasic
                }
                ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })
                    if scheme.eq_ignore_ascii_case("bearer") =>
                {
                    AuthKind::HttpBearer
                }
                ReferenceOr::Item(SecurityScheme::APIKey { location, name, .. }) => {
                    AuthKind::ApiKey {
                        location: match location {
                            APIKeyLocation::Query => ParamLocation::Query,
                            APIKeyLocation::Header => ParamLocation::Header,
                            APIKeyLocation::Cookie => ParamLocation::Cookie,
                        },
                        name: name.clone(),
                    }
                }
                _ => {
                    self.warnings
                        .push(ptr.warning("this security scheme is not supported; ignored"));
                    continue;
                }
            };
            self.api.auth.push(AuthScheme {
                name: name.clone(),
                kind,
            });
        }
    }

    fn component(
        &mut self,
        file: &str,
        key: &str,
        schema: &ReferenceOr<Schema>,
        ptr: &Pointer,
        document: &OpenAPI,
    ) -> Result<(), Error> {
        let name = self.components[&(file.to_owned(), key.to_owned())].clone();
        let index = self.api.types.len();
        self.api.types.push(TypeDef {
            name: name.clone(),
            doc: None,
            deprecated: false,
            kind: TypeKind::Struct(Struct { fields: Vec::new() }),
            source: source(ptr),
        });
        let hint = NameHint::new(name.clone(), key);
        let (kind, doc, deprecated) = match schema {
            ReferenceOr::Reference { reference } => (
                TypeKind::Alias(self.schema_ref(reference, ptr)?),
                None,
                false,
            ),
            ReferenceOr::Item(schema) => {
                let kind = match self.union(schema, ptr, &hint, document)? {
                    Some(Union::One(ty)) => TypeKind::Alias(ty),
                    Some(Union::Many(variants)) => TypeKind::Untagged(Untagged { variants }),
                    None => match self.type_kind(schema, ptr, &hint, document)? {
                        Some(kind) => kind,
                        None => TypeKind::Alias(self.inline_schema(schema, ptr, &hint, document)?),
                    },
                };
                (
                    kind,
                    text(&schema.schema_data.description),
                    schema.schema_data.deprecated,
                )
            }
        };
        let def = &mut self.api.types[index];
        def.kind = kind;
        def.doc = doc;
        def.deprecated = deprecated;
        Ok(())
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
        let schema = &infer(schema, document);
        let label = hint.label.clone();
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                let values = s.enumeration.iter().flatten().cloned();
                Some(TypeKind::StringEnum(string_enum(label, values)))
            }
            SchemaKind::Type(Type::String(_)) => {
                match schema.schema_data.extensions.get(EXTENSIBLE_ENUM_EXTENSION) {
                    None => None,
                    Some(values) => {
                        let values = values.as_array().and_then(|values| {
                            values
                                .iter()
                                .map(|v| v.as_str().map(str::to_owned))
                                .collect::<Option<Vec<_>>>()
                        });
                        let Some(values) = values else {
                            return Err(Error::at(
                                &ptr.push(EXTENSIBLE_ENUM_EXTENSION),
                                "expected a list of strings",
                            ));
                        };
                        let mut open = string_enum(label, values.into_iter());
                        open.open = true;
                        Some(TypeKind::StringEnum(open))
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                let names = enum_varnames(schema, values.len(), ptr)?;
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
                Some(TypeKind::Struct(Struct { fields }))
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
            let ty = self.schema(&property, &property_ptr, &hint.child(wire), document)?;
            let item = property.as_item();
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name: names.claim(naming::value_name(wire)),
                doc: item.and_then(|s| text(&s.schema_data.description)),
                ty,
                required: required.contains(wire),
                nullable: item.is_some_and(is_nullable),
                sensitive: item.is_some_and(is_sensitive),
                deprecated: item.is_some_and(|s| s.schema_data.deprecated),
                constraints: match item {
                    Some(schema) => constraints(schema, &property_ptr)?,
                    None => Constraints::default(),
                },
            });
        }
        Ok(fields)
    }

    /// The type of a schema at `ptr`, defining named types as needed.
    fn schema(
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

    fn inline_schema(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<TypeRef, Error> {
        match self.union(schema, ptr, hint, document)? {
            Some(Union::One(ty)) => return Ok(ty),
            Some(Union::Many(variants)) => {
                let kind = TypeKind::Untagged(Untagged { variants });
                let doc = text(&schema.schema_data.description);
                return Ok(TypeRef::Named(self.define(hint, kind, doc, schema, ptr)));
            }
            None => {}
        }
        let schema = &infer(schema, document);
        if let Some(kind) = self.type_kind(schema, ptr, hint, document)? {
            let doc = text(&schema.schema_data.description);
            return Ok(TypeRef::Named(self.define(hint, kind, doc, schema, ptr)));
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => TypeRef::String,
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Integer(integer_width(&i.format)),
            SchemaKind::Type(Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let values_ptr = ptr.push("additionalProperties");
                    TypeRef::Map(Box::new(self.schema(
                        values,
                        &values_ptr,
                        &hint.child("Value"),
                        document,
                    )?))
                }
                _ => TypeRef::Json,
            },
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => TypeRef::Array(Box::new(self.schema(
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
                    _ => self.fallback(ptr, "`allOf` of several schemas"),
                }
            }
            SchemaKind::OneOf { .. } => self.fallback(ptr, "`oneOf`"),
            SchemaKind::AnyOf { any_of } if string_alternatives(any_of).is_some() => {
                TypeRef::String
            }
            SchemaKind::AnyOf { .. } => self.fallback(ptr, "`anyOf`"),
            SchemaKind::Not { .. } => self.fallback(ptr, "`not`"),
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some(typ) if !KNOWN_TYPES.contains(&typ) => {
                    return Err(Error::at(
                        &ptr.push("type"),
                        format!(
                            "unknown type `{typ}`; expected one of {}",
                            KNOWN_TYPES.join(", ")
                        ),
                    ));
                }
                None if is_annotation_schema(schema) || is_null_schema(schema) => TypeRef::Json,
                None | Some("string") if string_alternatives(&any.any_of).is_some() => {
                    TypeRef::String
                }
                _ => self.fallback(ptr, "a schema mixing keywords of several types"),
            },
        })
    }

    /// Resolves `#/components/schemas/X` to the Rust name given to X.
    fn schema_ref(&self, reference: &str, ptr: &Pointer) -> Result<TypeRef, Error> {
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
        let key = key.replace("~1", "/").replace("~0", "~");
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
    fn define(
        &mut self,
        hint: &NameHint,
        kind: TypeKind,
        doc: Option<String>,
        schema: &Schema,
        ptr: &Pointer,
    ) -> String {
        for candidate in [&hint.preferred, &hint.qualified] {
            match self.api.type_def(candidate) {
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
        self.api.types.push(TypeDef {
            name: name.clone(),
            doc,
            deprecated: schema.schema_data.deprecated,
            kind,
            source: source(ptr),
        });
        name
    }

    fn operation(
        &mut self,
        context: &OperationContext<'_>,
        operation: &openapiv3::Operation,
    ) -> Result<(), Error> {
        let ptr = &context.ptr;
        let wire_id = operation.operation_id.clone().unwrap_or_else(|| {
            format!(
                "{}{}",
                context.method.as_str().to_ascii_lowercase(),
                context.path
            )
        });
        let short = naming::value_name(cpanel::function_name(&wire_id));
        let fn_name = if self.fn_names.is_free(&short) {
            self.fn_names.claim(short)
        } else {
            self.fn_names.claim(naming::value_name(&wire_id))
        };
        let type_prefix = naming::type_name(fn_name.trim_start_matches("r#"));
        let extension = |key: &str| {
            operation.extensions.get(key).and_then(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .or_else(|| Some(v.to_string()))
            })
        };

        let mut param_names = Scope::new();
        let mut params = Vec::new();
        // Operation-level parameters override path-level ones of the same name and location.
        let declared = context
            .shared_params
            .iter()
            .enumerate()
            .map(|(i, p)| (context.item_ptr.push("parameters").push(i), p))
            .filter(|(_, shared)| {
                !operation
                    .parameters
                    .iter()
                    .any(|own| same_parameter(own, shared, context.document))
            })
            .collect::<Vec<_>>();
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (ptr.push("parameters").push(i), p));
        for (param_ptr, param) in declared.into_iter().chain(own) {
            let (param, param_ptr) = resolve_parameter(param, &param_ptr, context.document)?;
            params.push(self.parameter(
                param,
                &param_ptr,
                &type_prefix,
                &mut param_names,
                context,
            )?);
        }

        let response = self.response(operation, ptr, &type_prefix, context.document)?;
        self.api.operations.push(Operation {
            wire_id,
            type_prefix: type_prefix.clone(),
            params_type: self.type_names.claim(format!("{type_prefix}Params")),
            fn_name,
            method: context.method,
            path: context.path.to_owned(),
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            since: extension(cpanel::AVAILABLE_VERSION_EXTENSION),
            params,
            fixed_query: cpanel::fixed_query(extension(cpanel::API_VERSION_EXTENSION).as_deref()),
            response,
            source: source(ptr),
        });
        Ok(())
    }

    fn parameter(
        &mut self,
        param: &Parameter,
        ptr: &Pointer,
        type_prefix: &str,
        names: &mut Scope,
        context: &OperationContext<'_>,
    ) -> Result<Param, Error> {
        let data = param.parameter_data_ref();
        let (location, explode) = match param {
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                data.explode
                    .unwrap_or(matches!(style, openapiv3::QueryStyle::Form)),
            ),
            Parameter::Path { .. } => (ParamLocation::Path, data.explode.unwrap_or(false)),
            Parameter::Header { .. } => (ParamLocation::Header, data.explode.unwrap_or(false)),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, data.explode.unwrap_or(true)),
        };
        let wire_type = naming::type_name(&data.name);
        let hint = NameHint {
            preferred: wire_type.clone(),
            qualified: format!("{type_prefix}{wire_type}"),
            child_base: None,
            label: data.name.clone(),
        };
        let (schema, schema_ptr) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema.clone(), ptr.push("schema")),
            ParameterSchemaOrContent::Content(content) => {
                let Some((media_type, media)) = content.first() else {
                    return Err(Error::at(
                        &ptr.push("content"),
                        "a parameter's `content` is empty",
                    ));
                };
                let content_ptr = ptr.push("content").push(media_type);
                match &media.schema {
                    Some(schema) => (schema.clone(), content_ptr.push("schema")),
                    None => (
                        ReferenceOr::Item(Schema {
                            schema_data: Default::default(),
                            schema_kind: SchemaKind::Any(Default::default()),
                        }),
                        content_ptr,
                    ),
                }
            }
        };
        let ty = match self.schema(&schema, &schema_ptr, &hint, context.document)? {
            TypeRef::Map(_) => {
                self.fallback(&schema_ptr, "a map (`additionalProperties`) as a parameter")
            }
            ty => ty,
        };
        let item = schema.as_item();
        Ok(Param {
            wire_name: data.name.clone(),
            field_name: names.claim(naming::value_name(&data.name)),
            location,
            required: data.required || location == ParamLocation::Path,
            doc: text(&data.description),
            ty,
            sensitive: item.is_some_and(is_sensitive)
                || data.extensions.get(SENSITIVE_EXTENSION) == Some(&serde_json::Value::Bool(true)),
            deprecated: data.deprecated.unwrap_or(false),
            explode,
            constraints: match item {
                Some(schema) => constraints(schema, &schema_ptr)?,
                None => Constraints::default(),
            },
            example: data.example.as_ref().map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
        })
    }

    fn response(
        &mut self,
        operation: &openapiv3::Operation,
        ptr: &Pointer,
        type_prefix: &str,
        document: &OpenAPI,
    ) -> Result<Option<Response>, Error> {
        let success = operation
            .responses
            .responses
            .iter()
            .find(|(code, _)| matches!(code, StatusCode::Code(200..=299)));
        let Some((code, response)) = success else {
            return Ok(None);
        };
        let response_ptr = ptr.push("responses").push(code);
        let (response, response_ptr) = match response {
            ReferenceOr::Item(response) => (response, response_ptr),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/responses/");
                let found =
                    key.and_then(|key| document.components.as_ref()?.responses.get(key)?.as_item());
                match found {
                    Some(response) => (response, response_ptr.from_ref(reference)),
                    None => {
                        return Err(Error::at(
                            &response_ptr,
                            format!("`$ref: {reference}` names no response in this file"),
                        ));
                    }
                }
            }
        };
        let json = response
            .content
            .iter()
            .find(|(media_type, _)| media_type.contains("json"));
        let Some((media_type, media)) = json else {
            return Ok(None);
        };
        let Some(schema) = &media.schema else {
            return Ok(None);
        };
        let hint = NameHint {
            preferred: format!("{type_prefix}Response"),
            qualified: format!("{type_prefix}Response"),
            child_base: Some(type_prefix.to_owned()),
            label: "response".to_owned(),
        };
        let schema_ptr = response_ptr.push("content").push(media_type).push("schema");
        let body = self.schema(schema, &schema_ptr, &hint, document)?;
        let envelope = cpanel::envelope(&self.api, &body);
        Ok(Some(Response { body, envelope }))
    }

    /// The type of a `oneOf`/`anyOf`, or `None` for other schemas. Branches that only allow
    /// `null` make the place nullable (see `is_nullable`) and are dropped; branches that lower to
    /// the same Rust type are one; strings of several formats or enums are a `String`, integers
    /// an `i64`, integers and numbers an `f64`; what stays distinct is an untagged union.
    fn union(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<Option<Union>, Error> {
        let (keyword, branches) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => ("oneOf", one_of),
            SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
            SchemaKind::Any(any) if !any.one_of.is_empty() => ("oneOf", &any.one_of),
            SchemaKind::Any(any) if !any.any_of.is_empty() => ("anyOf", &any.any_of),
            _ => return Ok(None),
        };
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
                TypeRef::Named(name) => match &self.api.type_def(name)?.kind {
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
            return Ok(Some(Union::One(types.pop().unwrap_or(TypeRef::Json))));
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
                UntaggedVariant {
                    rust_name: names.claim(short),
                    ty,
                }
            })
            .collect();
        Ok(Some(Union::Many(variants)))
    }

    fn fallback(&mut self, ptr: &Pointer, what: &str) -> TypeRef {
        self.warn(
            ptr,
            &format!("{what} is not supported yet: generated as `serde_json::Value`"),
        );
        TypeRef::Json
    }

    fn warn(&mut self, ptr: &Pointer, message: &str) {
        self.warnings.push(ptr.warning(message));
    }
}

/// A description that says something: blank ones are none (the emitters then write a
/// generated doc line instead).
fn text(description: &Option<String>) -> Option<String> {
    description.clone().filter(|d| !d.trim().is_empty())
}

/// What a `oneOf`/`anyOf` lowers to.
enum Union {
    One(TypeRef),
    Many(Vec<UntaggedVariant>),
}

/// The name of the variant of an untagged union that holds `ty`.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(_) => "Integer".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Array(item) => format!("{}List", variant_name(item)),
        TypeRef::Map(value) => format!("{}Map", variant_name(value)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Json => "Value".to_owned(),
    }
}

/// A schema whose only value is `null` (`enum: [null]`, or 3.1's `type: 'null'` as `load`
/// normalizes it).
fn is_null_schema(schema: &Schema) -> bool {
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
fn is_nullable(schema: &Schema) -> bool {
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
fn infer<'a>(schema: &'a Schema, document: &OpenAPI) -> std::borrow::Cow<'a, Schema> {
    use openapiv3::{ArrayType, IntegerType, NumberType, ObjectType, StringType};
    use std::borrow::Cow;
    let kind = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => match merge_objects(all_of, document, 0) {
            Some(object) if all_of.iter().filter(|s| !is_annotation(s)).count() > 1 => {
                SchemaKind::Type(Type::Object(object))
            }
            _ => return Cow::Borrowed(schema),
        },
        // `type: object` (or nothing) with an `allOf` of objects, and maybe properties of its own.
        SchemaKind::Any(any)
            if !any.all_of.is_empty()
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
fn merge_objects(
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
            SchemaKind::Any(any)
                if matches!(any.typ.as_deref(), None | Some("object"))
                    && !any.properties.is_empty() =>
            {
                (any.properties.clone(), any.required.clone())
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

struct OperationContext<'a> {
    document: &'a OpenAPI,
    path: &'a str,
    method: Method,
    shared_params: &'a [ReferenceOr<Parameter>],
    /// The operation's pointer, and its path item's (where shared parameters are).
    ptr: Pointer,
    item_ptr: Pointer,
}

/// The extension that marks a schema or parameter as secret: its values never appear in
/// `Debug` output or error messages. `format: password` means the same.
pub const SENSITIVE_EXTENSION: &str = "x-sensitive";
/// Names for the variants of an integer enum, in the order of its values.
pub const ENUM_VARNAMES_EXTENSION: &str = "x-enum-varnames";
/// The known values of an open string enum (Zalando's convention): any other value the
/// schema's constraints allow is kept, not rejected.
pub const EXTENSIBLE_ENUM_EXTENSION: &str = "x-extensible-enum";
/// For `format: byte`: the most characters the decoded value may have.
pub const MAX_DECODED_LENGTH_EXTENSION: &str = "x-max-decoded-length";

fn is_sensitive(schema: &Schema) -> bool {
    let password = matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s))
            if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password))
    );
    password
        || schema.schema_data.extensions.get(SENSITIVE_EXTENSION)
            == Some(&serde_json::Value::Bool(true))
}

/// The constraints the generated validators check, from a schema's standard keywords (and
/// `x-max-decoded-length`). A `pattern` that the generated code's regex engine cannot compile
/// is an error here rather than a panic there.
fn constraints(schema: &Schema, ptr: &Pointer) -> Result<Constraints, Error> {
    let format_of = |format: &dyn erased::Format| format.as_string();
    let max_decoded_length = match schema
        .schema_data
        .extensions
        .get(MAX_DECODED_LENGTH_EXTENSION)
    {
        None => None,
        Some(value) => Some(
            value
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    Error::at(
                        &ptr.push(MAX_DECODED_LENGTH_EXTENSION),
                        "expected a non-negative integer",
                    )
                })?,
        ),
    };
    let constraints = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if let Some(pattern) = &s.pattern {
                regex_lite::Regex::new(pattern).map_err(|err| {
                    Error::at(
                        &ptr.push("pattern"),
                        format!("this pattern is not supported: {err}"),
                    )
                })?;
            }
            Constraints {
                min_length: s.min_length,
                max_length: s.max_length,
                pattern: s.pattern.clone(),
                format: format_of(&s.format),
                max_decoded_length,
                ..Constraints::default()
            }
        }
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: i.minimum.map(|v| v as f64),
            maximum: i.maximum.map(|v| v as f64),
            format: format_of(&i.format),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: n.minimum,
            maximum: n.maximum,
            format: format_of(&n.format),
            ..Constraints::default()
        },
        SchemaKind::AnyOf { any_of } => Constraints {
            any_of: alternative_constraints(any_of, ptr)?,
            ..Constraints::default()
        },
        // `anyOf` beside string keywords (`maxLength` for all branches, say).
        SchemaKind::Any(any) => Constraints {
            min_length: any.min_length,
            max_length: any.max_length,
            pattern: any.pattern.clone(),
            format: any.format.clone(),
            any_of: alternative_constraints(&any.any_of, ptr)?,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    };
    Ok(constraints)
}

/// The constraints of each branch of an `anyOf` of strings; none for other `anyOf`s.
fn alternative_constraints(
    any_of: &[ReferenceOr<Schema>],
    ptr: &Pointer,
) -> Result<Vec<Constraints>, Error> {
    let Some(alternatives) = string_alternatives(any_of) else {
        return Ok(Vec::new());
    };
    alternatives
        .iter()
        .enumerate()
        .map(|(i, branch)| constraints(branch, &ptr.push("anyOf").push(i)))
        .collect()
}

/// The branches of an `anyOf` when every one is an inline string schema (e.g. a username or
/// an email address): such a value is a string that must match one of them.
fn string_alternatives(any_of: &[ReferenceOr<Schema>]) -> Option<Vec<&Schema>> {
    if any_of.is_empty() {
        return None;
    }
    any_of
        .iter()
        .map(|branch| match branch {
            ReferenceOr::Item(schema)
                if matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) =>
            {
                Some(schema)
            }
            _ => None,
        })
        .collect()
}

/// openapiv3 keeps each type's `format` in its own enum; all of them serialize to the string
/// the spec wrote, which is what the model keeps.
mod erased {
    pub trait Format {
        fn as_string(&self) -> Option<String>;
    }
    impl<T: serde::Serialize> Format for openapiv3::VariantOrUnknownOrEmpty<T> {
        fn as_string(&self) -> Option<String> {
            match serde_json::to_value(self) {
                Ok(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
                _ => None,
            }
        }
    }
}

fn integer_width(
    format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>,
) -> IntegerWidth {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
            IntegerWidth::I32
        }
        _ => IntegerWidth::I64,
    }
}

fn string_enum(label: String, values: impl Iterator<Item = String>) -> StringEnum {
    let mut names = Scope::new();
    let mut variants: Vec<StringVariant> = Vec::new();
    for wire in values {
        if variants.iter().any(|v| v.wire == wire) {
            continue;
        }
        variants.push(StringVariant {
            rust_name: names.claim(naming::type_name(&wire)),
            wire,
        });
    }
    StringEnum {
        label,
        variants,
        open: false,
    }
}

fn integer_enum(label: String, values: &[i64], names: Option<Vec<String>>) -> IntegerEnum {
    let mut scope = Scope::new();
    let mut variants: Vec<IntegerVariant> = Vec::new();
    for (index, &value) in values.iter().enumerate() {
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let name = match names.as_ref().and_then(|names| names.get(index)) {
            Some(name) => naming::type_name(name),
            None if value < 0 => format!("Minus{}", value.unsigned_abs()),
            None => format!("V{value}"),
        };
        variants.push(IntegerVariant {
            rust_name: scope.claim(name),
            value,
        });
    }
    IntegerEnum {
        label,
        variants,
        open: false,
    }
}

fn enum_varnames(
    schema: &Schema,
    count: usize,
    ptr: &Pointer,
) -> Result<Option<Vec<String>>, Error> {
    let Some(value) = schema.schema_data.extensions.get(ENUM_VARNAMES_EXTENSION) else {
        return Ok(None);
    };
    let names: Option<Vec<String>> = value.as_array().map(|items| {
        items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    });
    match names {
        Some(names) if names.len() == count => Ok(Some(names)),
        _ => Err(Error::at(
            &ptr.push(ENUM_VARNAMES_EXTENSION),
            format!("expected a list of {count} strings, one name per enum value"),
        )),
    }
}

/// Whether a schema only annotates (description, example, ...) and constrains no type.
fn is_annotation(schema: &ReferenceOr<Schema>) -> bool {
    schema.as_item().is_some_and(is_annotation_schema)
}

fn is_annotation_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
    }
}

fn resolve_parameter<'a>(
    param: &'a ReferenceOr<Parameter>,
    ptr: &Pointer,
    document: &'a OpenAPI,
) -> Result<(&'a Parameter, Pointer), Error> {
    match param {
        ReferenceOr::Item(param) => Ok((param, ptr.clone())),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/parameters/")
            .and_then(|key| document.components.as_ref()?.parameters.get(key)?.as_item())
            .map(|param| (param, ptr.from_ref(reference)))
            .ok_or_else(|| {
                Error::at(
                    ptr,
                    format!("`$ref: {reference}` names no parameter in this file"),
                )
            }),
    }
}

fn same_parameter(
    a: &ReferenceOr<Parameter>,
    b: &ReferenceOr<Parameter>,
    document: &OpenAPI,
) -> bool {
    let root = Pointer::root("");
    match (
        resolve_parameter(a, &root, document),
        resolve_parameter(b, &root, document),
    ) {
        (Ok((a, _)), Ok((b, _))) => {
            a.parameter_data_ref().name == b.parameter_data_ref().name
                && std::mem::discriminant(a) == std::mem::discriminant(b)
        }
        _ => false,
    }
}

fn server(server: &openapiv3::Server) -> Server {
    Server {
        url_template: server.url.clone(),
        description: server.description.clone(),
        variables: server
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                description: variable.description.clone(),
            })
            .collect(),
    }
}

fn source(ptr: &Pointer) -> Source {
    Source {
        file: ptr.file().to_owned(),
        pointer: ptr.to_string(),
    }
}

#[cfg(test)]
#[path = "lower_tests.rs"]
mod tests;
