//! Operations: their parameters in all four places and security requirement; their request
//! body and responses are read in `response`.

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind};

use super::constraints::{SENSITIVE_EXTENSION, constraints, is_sensitive};
use super::{Lowerer, NameHint, component, source, text};
use crate::error::{Error, Pointer};
use crate::model::*;
use crate::naming::{self, Scope};

/// Where an operation is, and what it shares with its path item.
pub(super) struct OperationContext<'a> {
    pub document: &'a OpenAPI,
    /// The path key as the spec writes it.
    pub path: &'a str,
    pub method: Method,
    pub shared_params: &'a [ReferenceOr<Parameter>],
    /// The operation's pointer, and its path item's (where shared parameters are).
    pub ptr: Pointer,
    pub item_ptr: Pointer,
}

/// Header parameters OpenAPI says to ignore: the transport sets them.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

impl Lowerer {
    pub(super) fn operation(
        &mut self,
        context: &OperationContext<'_>,
        operation: &openapiv3::Operation,
    ) -> Result<(), Error> {
        let ptr = &context.ptr;
        let (path, fixed_query) = split_path(context.path);
        let wire_id = operation.operation_id.clone().unwrap_or_else(|| {
            format!(
                "{} {}",
                context.method.as_str().to_ascii_lowercase(),
                context.path
            )
        });
        let Some(resolved) = self.usable_parameters(context, operation, &wire_id)? else {
            return Ok(());
        };
        let short = naming::value_name(self.profile.operation_name(&wire_id));
        let fn_name = if self.fn_names.is_free(&short) {
            self.fn_names.claim(short)
        } else {
            self.fn_names.claim(naming::value_name(&wire_id))
        };
        let type_prefix = naming::type_name(fn_name.trim_start_matches("r#"));

        let mut field_names = Scope::new();
        let mut params = Vec::new();
        for (param, param_ptr) in resolved {
            if let Some(param) =
                self.parameter(param, &param_ptr, &type_prefix, &mut field_names, context)?
            {
                params.push(param);
            }
        }
        self.path_parameters(&path, &mut params, &mut field_names, ptr);

        let body = match &operation.request_body {
            Some(body) => self.request_body(
                body,
                &ptr.push("requestBody"),
                &type_prefix,
                context.document,
            )?,
            None => None,
        };
        let responses = self.responses(operation, ptr, &type_prefix, context.document)?;
        let (output, failure) = self.outcomes(&responses, &type_prefix);
        let security = self.requirement(operation, context.document, ptr);
        let mut lowered = Operation {
            wire_id,
            params_type: self.type_names.claim(format!("{type_prefix}Params")),
            type_prefix,
            fn_name,
            method: context.method,
            path,
            summary: text(&operation.summary),
            description: text(&operation.description),
            deprecated: operation.deprecated,
            params,
            body,
            responses,
            output,
            failure,
            security,
            fixed_query,
            family: Family::Plain,
            extensions: operation
                .extensions
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            source: source(ptr),
            extras: Extras::default(),
        };
        lowered.extras = self.extras(operation, ptr, &lowered, context.document)?;
        self.api.operations.push(lowered);
        Ok(())
    }

    /// The operation's parameters (path-level ones first), resolved; a parameter that cannot
    /// be generated is skipped with a warning, or, when the request needs it, the whole
    /// operation is (`None`).
    fn usable_parameters<'a>(
        &mut self,
        context: &OperationContext<'a>,
        operation: &'a openapiv3::Operation,
        wire_id: &str,
    ) -> Result<Option<Vec<(&'a Parameter, Pointer)>>, Error> {
        // Operation-level parameters override path-level ones of the same name and location.
        let shared = context
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
            .map(|(i, p)| (context.ptr.push("parameters").push(i), p));
        let mut resolved = Vec::new();
        for (param_ptr, param) in shared.into_iter().chain(own) {
            let (param, param_ptr) =
                component::resolve_or_error(param, &param_ptr, context.document)?;
            if let Some(reason) = cannot_generate(param) {
                let data = param.parameter_data_ref();
                if data.required || matches!(param, Parameter::Path { .. }) {
                    // Sending the request without it would be wrong: the operation goes.
                    self.warn(
                        &param_ptr,
                        &format!(
                            "{reason}: the required parameter `{}` cannot be generated, so \
                             the operation `{wire_id}` is skipped",
                            data.name
                        ),
                    );
                    return Ok(None);
                }
                self.warn(
                    &param_ptr,
                    &format!("{reason}: the parameter `{}` is skipped", data.name),
                );
                continue;
            }
            resolved.push((param, param_ptr));
        }
        Ok(Some(resolved))
    }

    fn parameter(
        &mut self,
        param: &Parameter,
        ptr: &Pointer,
        type_prefix: &str,
        names: &mut Scope,
        context: &OperationContext<'_>,
    ) -> Result<Option<Param>, Error> {
        use openapiv3::{PathStyle, QueryStyle};
        let data = param.parameter_data_ref();
        let location = location(param);
        let style = match param {
            Parameter::Query { style, .. } => match style {
                QueryStyle::Form => Style::Form,
                QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                QueryStyle::PipeDelimited => Style::PipeDelimited,
                QueryStyle::DeepObject => Style::DeepObject,
            },
            Parameter::Path { style, .. } => match style {
                PathStyle::Simple => Style::Simple,
                PathStyle::Label => Style::Label,
                PathStyle::Matrix => Style::Matrix,
            },
            Parameter::Header { .. } | Parameter::Cookie { .. } => location.default_style(),
        };
        if location == Location::Header
            && IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str())
        {
            self.warn(
                ptr,
                &format!(
                    "the header parameter `{}` is ignored, as OpenAPI says: the client sets it",
                    data.name
                ),
            );
            return Ok(None);
        }
        if location == Location::Path && !path_names(context.path).contains(&data.name.as_str()) {
            self.warn(
                ptr,
                &format!(
                    "the path parameter `{}` is not in the path template: it is skipped",
                    data.name
                ),
            );
            return Ok(None);
        }
        let explode = data
            .explode
            .unwrap_or_else(|| Location::default_explode(style));
        let wire_type = naming::type_name(&data.name);
        let hint = NameHint {
            preferred: wire_type.clone(),
            qualified: format!("{type_prefix}{wire_type}"),
            child_base: None,
            label: data.name.clone(),
        };
        let mut json = false;
        let (schema, schema_ptr) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema.clone(), ptr.push("schema")),
            ParameterSchemaOrContent::Content(content) => {
                // `cannot_generate` has skipped a parameter with no content.
                let Some((media_type, media)) = content.first() else {
                    return Ok(None);
                };
                let content_ptr = ptr.push("content").push(media_type);
                if Media::of(media_type) == Some(Media::Json) {
                    json = true;
                } else {
                    self.warn(
                        &content_ptr,
                        &format!(
                            "a parameter in `{media_type}` travels in the style of its schema: \
                             only JSON parameter content is generated"
                        ),
                    );
                }
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
        let mut ty = self.schema(&schema, &schema_ptr, &hint, context.document)?;
        let item = schema.as_item();
        let sensitive = item.is_some_and(is_sensitive)
            || data.extensions.get(SENSITIVE_EXTENSION) == Some(&serde_json::Value::Bool(true));
        if sensitive {
            ty = TypeRef::Secret(Box::new(ty));
        }
        let mut constraints = match item {
            Some(schema) => constraints(schema, &schema_ptr, &mut self.warnings),
            None => Constraints::default(),
        };
        // A replacement type checks its own format when it parses (a secret one too).
        let held = match &ty {
            TypeRef::Secret(inner) => inner,
            other => other,
        };
        if matches!(held, TypeRef::External(_)) {
            constraints.format = None;
        }
        Ok(Some(Param {
            wire_name: data.name.clone(),
            field_name: names.claim(naming::value_name(&data.name)),
            location,
            required: data.required || location == Location::Path,
            doc: text(&data.description),
            ty,
            sensitive,
            deprecated: data.deprecated.unwrap_or(false),
            style,
            explode,
            json,
            constraints,
        }))
    }

    /// Parameters the path template names that no parameter declares become required strings,
    /// so that every request fills the template.
    fn path_parameters(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
        names: &mut Scope,
        ptr: &Pointer,
    ) {
        for name in path_names(path) {
            let declared = params
                .iter()
                .any(|p| p.location == Location::Path && p.wire_name == name);
            if declared {
                continue;
            }
            self.warn(
                ptr,
                &format!("the path names `{{{name}}}` but no parameter declares it: it is a required string"),
            );
            params.push(Param {
                wire_name: name.to_owned(),
                field_name: names.claim(naming::value_name(name)),
                location: Location::Path,
                required: true,
                doc: None,
                ty: TypeRef::String,
                sensitive: false,
                deprecated: false,
                style: Style::Simple,
                explode: false,
                json: false,
                constraints: Constraints::default(),
            });
        }
    }

    /// The operation's security requirement (or the document's): its alternatives, each the
    /// names of the schemes it needs, every one declared.
    fn requirement(
        &mut self,
        operation: &openapiv3::Operation,
        document: &OpenAPI,
        ptr: &Pointer,
    ) -> Vec<Vec<String>> {
        let requirements = operation.security.as_ref().or(document.security.as_ref());
        let Some(requirements) = requirements else {
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let declared = |name: &String| self.api.schemes.iter().any(|s| &s.name == name);
            let schemes: Option<Vec<String>> = requirement
                .keys()
                .map(|name| declared(name).then(|| name.clone()))
                .collect();
            match schemes {
                Some(schemes) => alternatives.push(schemes),
                None => self.warn(
                    &ptr.push("security").push(index),
                    "this requirement names a security scheme that is not declared or not \
                     supported: it is left out",
                ),
            }
        }
        alternatives
    }
}

/// The path without a fragment (`#get_shared_link`) and query (`?beta=true`) some documents
/// put in path keys, and that query's pairs, which every request then carries.
fn split_path(path: &str) -> (String, Vec<(String, String)>) {
    let path = path.split('#').next().unwrap_or_default();
    match path.split_once('?') {
        Some((path, query)) => (path.to_owned(), form_urlencoded_pairs(query)),
        None => (path.to_owned(), Vec::new()),
    }
}

fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (key.to_owned(), value.to_owned()),
            None => (pair.to_owned(), String::new()),
        })
        .collect()
}

/// The `{names}` of a path template.
fn path_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path.split(['#', '?']).next().unwrap_or_default();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    names
}

/// Where a parameter goes in a request.
pub(crate) fn location(param: &Parameter) -> Location {
    match param {
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Path { .. } => Location::Path,
        Parameter::Cookie { .. } => Location::Cookie,
    }
}

/// Why a parameter cannot be generated at all, if it cannot: the loader could not read it,
/// or it says neither a schema nor a media type.
fn cannot_generate(param: &Parameter) -> Option<String> {
    let data = param.parameter_data_ref();
    if let Some(reason) = data.extensions.get(crate::load::UNREADABLE) {
        return Some(format!(
            "this parameter does not read as one ({})",
            reason.as_str().unwrap_or_default()
        ));
    }
    match &data.format {
        ParameterSchemaOrContent::Content(content) if content.is_empty() => {
            Some("the parameter's `content` is empty".to_owned())
        }
        _ => None,
    }
}

fn same_parameter(
    a: &ReferenceOr<Parameter>,
    b: &ReferenceOr<Parameter>,
    document: &OpenAPI,
) -> bool {
    let root = Pointer::root("");
    match (
        component::resolve(a, &root, document),
        component::resolve(b, &root, document),
    ) {
        (Some((a, _)), Some((b, _))) => {
            a.parameter_data_ref().name == b.parameter_data_ref().name
                && std::mem::discriminant(a) == std::mem::discriminant(b)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keys_lose_fragments_and_keep_their_query() {
        assert_eq!(
            split_path("/files/{id}#get"),
            ("/files/{id}".to_owned(), vec![])
        );
        assert_eq!(
            split_path("/responses/{id}?beta=true"),
            (
                "/responses/{id}".to_owned(),
                vec![("beta".to_owned(), "true".to_owned())]
            )
        );
        assert_eq!(path_names("/a/{x}/b.{y}"), ["x", "y"]);
    }
}
