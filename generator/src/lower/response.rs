//! An operation's request body, every declared response (an enum by status where there are
//! several), and what a success and a declared failure give the caller.

use openapiv3::{
    OpenAPI, ReferenceOr, RequestBody as SpecBody, Response as SpecResponse, StatusCode,
};

use super::{Lowerer, NameHint, component, text};
use crate::error::{Error, Pointer};
use crate::model::*;
use crate::naming::{self, Scope};

impl Lowerer {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<SpecBody>,
        ptr: &Pointer,
        type_prefix: &str,
        document: &OpenAPI,
    ) -> Result<Option<RequestBody>, Error> {
        let (body, ptr) = component::resolve_or_error(body, ptr, document)?;
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

    pub(super) fn responses(
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
            let declared_ptr = ptr.push("responses").push(&key);
            let (response, response_ptr) =
                component::resolve_or_error(response, &declared_ptr, document)?;
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
                self.response_body(response, success, &response_ptr, &hint, document)?;
            responses.push(Response {
                status: key,
                doc: text(&Some(response.description.clone())),
                content_type,
                media,
                ty,
                success,
                variant,
                source: Some(super::source(&declared_ptr)),
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
                source: None,
            });
        }
        Ok(responses)
    }

    /// The media type, media and type of a response's body: JSON where it is offered, else
    /// the first media type; bytes for a media type the generator does not know. Each other
    /// media type the response offers (but a success's event stream) is a warning.
    fn response_body(
        &mut self,
        response: &SpecResponse,
        success: bool,
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
        // A success's event stream is read too, by the operation's `_events` method.
        let read_too = |other: &str| success && super::extras::is_event_stream(other);
        for other in response.content.keys() {
            if other == content_type || read_too(other) {
                continue;
            }
            self.warn(
                &ptr.push("content").push(other),
                &format!(
                    "`{other}` answers are not read: this response is read as `{content_type}`"
                ),
            );
        }
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
    pub(super) fn outcomes(
        &mut self,
        responses: &[Response],
        type_prefix: &str,
    ) -> (Output, Failure) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_name_their_variants() {
        assert_eq!(status_variant("404"), "NotFound");
        assert_eq!(status_variant("default"), "Default");
        assert_eq!(status_variant("299"), "Status299");
        assert_eq!(status_variant("4XX"), "ClientError");
    }
}
