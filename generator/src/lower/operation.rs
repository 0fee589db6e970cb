//! Operations: their parameters in all four places, request body, every declared response
//! (an enum by status where there are several), and security requirement.

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody as SpecBody,
    Response as SpecResponse, Schema, SchemaKind, StatusCode,
};

use super::constraints::{SENSITIVE_EXTENSION, constraints, is_sensitive};
use super::{Lowerer, NameHint, source, text};
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
        let short = naming::value_name(self.profile.operation_name(&wire_id));
        let fn_name = if self.fn_names.is_free(&short) {
            self.fn_names.claim(short)
        } else {
            self.fn_names.claim(naming::value_name(&wire_id))
        };
        let type_prefix = naming::type_name(fn_name.trim_start_matches("r#"));

        let mut field_names = Scope::new();
        let mut params = Vec::new();
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
            .map(|(i, p)| (ptr.push("parameters").push(i), p));
        for (param_ptr, param) in shared.into_iter().chain(own) {
            let (param, param_ptr) = resolve_parameter(param, &param_ptr, context.document)?;
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
        let (location, style) = match param {
            Parameter::Query { style, .. } => (
                Location::Query,
                match style {
                    QueryStyle::Form => Style::Form,
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                },
            ),
            Parameter::Path { style, .. } => (
                Location::Path,
                match style {
                    PathStyle::Simple => Style::Simple,
                    PathStyle::Label => Style::Label,
                    PathStyle::Matrix => Style::Matrix,
                },
            ),
            Parameter::Header { .. } => (Location::Header, Location::Header.default_style()),
            Parameter::Cookie { .. } => (Location::Cookie, Location::Cookie.default_style()),
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
                let Some((media_type, media)) = content.first() else {
                    return Err(Error::at(
                        &ptr.push("content"),
                        "a parameter's `content` is empty",
                    ));
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
        let constraints = match item {
            Some(schema) => constraints(schema, &schema_ptr)?,
            None => Constraints::default(),
        };
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

    fn request_body(
        &mut self,
        body: &ReferenceOr<SpecBody>,
        ptr: &Pointer,
        type_prefix: &str,
        document: &OpenAPI,
    ) -> Result<Option<RequestBody>, Error> {
        let (body, ptr) = match body {
            ReferenceOr::Item(body) => (body, ptr.clone()),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|key| {
                        document
                            .components
                            .as_ref()?
                            .request_bodies
                            .get(&crate::load::unescape(key))?
                            .as_item()
                    });
                match found {
                    Some(body) => (body, ptr.from_ref(reference)),
                    None => {
                        return Err(Error::at(
                            ptr,
                            format!("`$ref: {reference}` names no request body in this file"),
                        ));
                    }
                }
            }
        };
        let hint = NameHint {
            preferred: format!("{type_prefix}Body"),
            qualified: format!("{type_prefix}Body"),
            child_base: Some(type_prefix.to_owned()),
            label: "body".to_owned(),
        };
        let mut chosen: Option<(TypeRef, Vec<(String, Media)>)> = None;
        for (content_type, media_type) in &body.content {
            let media_ptr = ptr.push("content").push(content_type);
            let Some(media) = Media::of(content_type) else {
                self.warn(
                    &media_ptr,
                    &format!(
                        "the media type `{content_type}` is not supported: requests cannot send it"
                    ),
                );
                continue;
            };
            let ty = match &media_type.schema {
                Some(schema) => self.schema(schema, &media_ptr.push("schema"), &hint, document)?,
                None => TypeRef::Json,
            };
            let ty = match media {
                Media::Text => TypeRef::String,
                Media::Binary => TypeRef::Binary,
                _ => ty,
            };
            if matches!(media, Media::Form | Media::Multipart) && !is_object(&self.api, &ty) {
                self.warn(
                    &media_ptr,
                    &format!("a `{content_type}` body must be an object: requests cannot send it"),
                );
                continue;
            }
            match &mut chosen {
                None => chosen = Some((ty, vec![(content_type.clone(), media)])),
                Some((first, media_types)) if *first == ty => {
                    media_types.push((content_type.clone(), media));
                }
                Some(_) => self.warn(
                    &media_ptr,
                    &format!(
                        "`{content_type}` has another schema than the body's first media type: \
                         requests send the first, and servers accept only media types of its schema"
                    ),
                ),
            }
        }
        Ok(chosen.map(|(ty, media)| RequestBody {
            required: body.required,
            doc: text(&body.description),
            ty,
            media,
        }))
    }

    fn responses(
        &mut self,
        operation: &openapiv3::Operation,
        ptr: &Pointer,
        type_prefix: &str,
        document: &OpenAPI,
    ) -> Result<Vec<Response>, Error> {
        let declared = &operation.responses;
        let mut keyed: Vec<(String, &ReferenceOr<SpecResponse>)> = declared
            .responses
            .iter()
            .map(|(code, response)| (status_key(code), response))
            .collect();
        if let Some(default) = &declared.default {
            keyed.push(("default".to_owned(), default));
        }
        let any_success = keyed.iter().any(|(key, _)| key.starts_with('2'));
        let successes = keyed
            .iter()
            .filter(|(key, _)| key.starts_with('2') || (key == "default" && !any_success))
            .count();
        let mut variants = Scope::new();
        let mut responses = Vec::new();
        for (key, response) in keyed {
            let success = key.starts_with('2') || (key == "default" && !any_success);
            let response_ptr = ptr.push("responses").push(&key);
            let (response, response_ptr) = resolve_response(response, &response_ptr, document)?;
            let variant = variants.claim(status_variant(&key));
            let name = if success && successes == 1 {
                format!("{type_prefix}Response")
            } else {
                format!("{type_prefix}{variant}")
            };
            let hint = NameHint {
                preferred: name.clone(),
                qualified: name,
                child_base: Some(type_prefix.to_owned()),
                label: "response".to_owned(),
            };
            let (content_type, media, ty) =
                self.response_body(response, &response_ptr, &hint, document)?;
            responses.push(Response {
                status: key,
                doc: text(&Some(response.description.clone())),
                content_type,
                media,
                ty,
                success,
                variant,
            });
        }
        if successes == 0 {
            // No success declared (a 3.1 operation without `responses`, say): any 2xx is one,
            // its body unread.
            responses.push(Response {
                status: "2XX".to_owned(),
                doc: None,
                content_type: None,
                media: Media::Empty,
                ty: None,
                success: true,
                variant: variants.claim("Success".to_owned()),
            });
        }
        Ok(responses)
    }

    /// The media type, media and type of a response's body: JSON where it is offered, else
    /// the first media type; bytes for a media type the generator does not know.
    fn response_body(
        &mut self,
        response: &SpecResponse,
        ptr: &Pointer,
        hint: &NameHint,
        document: &OpenAPI,
    ) -> Result<(Option<String>, Media, Option<TypeRef>), Error> {
        let chosen = response
            .content
            .iter()
            .find(|(content_type, _)| Media::of(content_type) == Some(Media::Json))
            .or_else(|| response.content.first());
        let Some((content_type, media_type)) = chosen else {
            return Ok((None, Media::Empty, None));
        };
        let media_ptr = ptr.push("content").push(content_type);
        let media = match Media::of(content_type) {
            Some(Media::Form | Media::Multipart) | None => {
                self.warn(
                    &media_ptr,
                    &format!("`{content_type}` answers are read as bytes"),
                );
                Media::Binary
            }
            Some(media) => media,
        };
        let ty = match (media, &media_type.schema) {
            (Media::Json, Some(schema)) => {
                self.schema(schema, &media_ptr.push("schema"), hint, document)?
            }
            (Media::Json, None) => TypeRef::Json,
            (Media::Text, _) => TypeRef::String,
            _ => TypeRef::Binary,
        };
        Ok((Some(content_type.clone()), media, Some(ty)))
    }

    /// What a success and a declared failure give the caller.
    fn outcomes(&mut self, responses: &[Response], type_prefix: &str) -> (Output, Failure) {
        let successes: Vec<&Response> = responses.iter().filter(|r| r.success).collect();
        let first_type = |r: &Response| r.ty.clone().unwrap_or(TypeRef::Unit);
        let output = match successes.as_slice() {
            [one] => Output::Single(first_type(one)),
            several
                if several
                    .iter()
                    .all(|r| first_type(r) == first_type(several[0]) && !r.carries_status()) =>
            {
                Output::Single(first_type(several[0]))
            }
            _ => Output::ByStatus(self.type_names.claim(format!("{type_prefix}Response"))),
        };
        let failure = if responses.iter().any(|r| !r.success) {
            Failure::ByStatus(self.type_names.claim(format!("{type_prefix}Error")))
        } else {
            Failure::None
        };
        (output, failure)
    }

    /// The operation's security requirement (or the document's) as scheme indices.
    fn requirement(
        &mut self,
        operation: &openapiv3::Operation,
        document: &OpenAPI,
        ptr: &Pointer,
    ) -> Vec<Vec<usize>> {
        let requirements = operation.security.as_ref().or(document.security.as_ref());
        let Some(requirements) = requirements else {
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let schemes: Option<Vec<usize>> = requirement
                .keys()
                .map(|name| self.api.schemes.iter().position(|s| &s.name == name))
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

pub(super) fn status_key(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(code) => code.to_string(),
        StatusCode::Range(range) => format!("{range}XX"),
    }
}

/// The variant of a response in its operation's enum: the status's reason phrase.
fn status_variant(key: &str) -> String {
    let name = match key {
        "default" => "Default",
        "1XX" => "Informational",
        "2XX" => "Success",
        "3XX" => "Redirection",
        "4XX" => "ClientError",
        "5XX" => "ServerError",
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "300" => "MultipleChoices",
        "301" => "MovedPermanently",
        "302" => "Found",
        "303" => "SeeOther",
        "304" => "NotModified",
        "307" => "TemporaryRedirect",
        "308" => "PermanentRedirect",
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "411" => "LengthRequired",
        "412" => "PreconditionFailed",
        "413" => "ContentTooLarge",
        "414" => "UriTooLong",
        "415" => "UnsupportedMediaType",
        "416" => "RangeNotSatisfiable",
        "422" => "UnprocessableContent",
        "423" => "Locked",
        "424" => "FailedDependency",
        "428" => "PreconditionRequired",
        "429" => "TooManyRequests",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        other if other.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            return format!("Status{other}");
        }
        other => return format!("Status{}", naming::type_name(other)),
    };
    name.to_owned()
}

fn is_object(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(_)) => true,
            Some(TypeKind::Alias(target)) => is_object(api, target),
            _ => false,
        },
        _ => false,
    }
}

pub(super) fn resolve_response<'a>(
    response: &'a ReferenceOr<SpecResponse>,
    ptr: &Pointer,
    document: &'a OpenAPI,
) -> Result<(&'a SpecResponse, Pointer), Error> {
    match response {
        ReferenceOr::Item(response) => Ok((response, ptr.clone())),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(|key| {
                document
                    .components
                    .as_ref()?
                    .responses
                    .get(&crate::load::unescape(key))?
                    .as_item()
            })
            .map(|response| (response, ptr.from_ref(reference)))
            .ok_or_else(|| {
                Error::at(
                    ptr,
                    format!("`$ref: {reference}` names no response in this file"),
                )
            }),
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
            .and_then(|key| {
                document
                    .components
                    .as_ref()?
                    .parameters
                    .get(&crate::load::unescape(key))?
                    .as_item()
            })
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

    #[test]
    fn statuses_name_their_variants() {
        assert_eq!(status_variant("404"), "NotFound");
        assert_eq!(status_variant("default"), "Default");
        assert_eq!(status_variant("299"), "Status299");
        assert_eq!(status_variant("4XX"), "ClientError");
    }
}
