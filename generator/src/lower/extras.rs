//! What an operation's answers offer beyond the value of their body: a `text/event-stream`
//! success, bytes that can stream both ways, and the headers its success declares (typed), each
//! with the client method that gives it. Headers that are not typed (those of failures, of an
//! operation with several successes, or declared by `content`) are named in a warning.

use openapiv3::{Header, OpenAPI, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::response::{resolve_response, status_key};
use super::{Lowerer, NameHint, text};
use crate::error::{Error, Pointer};
use crate::model::*;
use crate::naming::{self, Scope};

/// The media type of event streams.
const EVENT_STREAM: &str = "text/event-stream";

/// Response headers OpenAPI says to ignore, or that the transport owns.
const IGNORED: [&str; 2] = ["content-type", "content-length"];

impl Lowerer {
    /// The extras of an operation lowered with `responses`, `output` and `body`; `fn_name`
    /// is its method, which the extra methods are named after.
    pub(super) fn extras(
        &mut self,
        operation: &openapiv3::Operation,
        ptr: &Pointer,
        op: &Operation,
        document: &OpenAPI,
    ) -> Result<Extras, Error> {
        let declared = &operation.responses;
        let keyed = declared
            .responses
            .iter()
            .map(|(code, response)| (status_key(code), response))
            .chain(declared.default.iter().map(|d| ("default".to_owned(), d)));
        let single_success = matches!(op.output, Output::Single(_));
        let base = op.fn_name.trim_start_matches("r#").to_owned();
        let mut extras = Extras::default();
        for (key, response) in keyed {
            let Some(model) = op.responses.iter().find(|r| r.status == key) else {
                continue;
            };
            let response_ptr = ptr.push("responses").push(&key);
            let (response, response_ptr) = resolve_response(response, &response_ptr, document)?;
            let typed = model.success && single_success && extras.headers.is_none();
            if model.success
                && extras.events.is_none()
                && let Some((content_type, media)) = response
                    .content
                    .iter()
                    .find(|(content_type, _)| is_event_stream(content_type))
            {
                let media_ptr = response_ptr.push("content").push(content_type);
                let data = match &media.schema {
                    Some(schema) if !is_text(schema) => {
                        let name = format!("{}Event", op.type_prefix);
                        let hint = NameHint {
                            preferred: name.clone(),
                            qualified: name,
                            child_base: Some(op.type_prefix.clone()),
                            label: "event".to_owned(),
                        };
                        self.schema(schema, &media_ptr.push("schema"), &hint, document)?
                    }
                    _ => TypeRef::String,
                };
                extras.events = Some(Events {
                    fn_name: self.fn_names.claim(format!("{base}_events")),
                    data,
                    only: model.content_type.as_deref().is_some_and(is_event_stream),
                });
            }
            let mut fields = Vec::new();
            let mut field_names = Scope::new();
            for (name, header) in &response.headers {
                let header_ptr = response_ptr.push("headers").push(name);
                if IGNORED.contains(&name.to_ascii_lowercase().as_str()) {
                    continue;
                }
                if !typed {
                    let why = if model.success {
                        "an operation with several success answers"
                    } else {
                        "a failure answer"
                    };
                    self.warn(
                        &header_ptr,
                        &format!(
                            "the header `{name}` of {why} is not typed; it is in the answer's \
                             untyped headers"
                        ),
                    );
                    continue;
                }
                let Some((header, header_ptr)) = resolve_header(header, &header_ptr, document)
                else {
                    self.warn(
                        &header_ptr,
                        &format!("`{name}`: the `$ref` names no header in this file; not typed"),
                    );
                    continue;
                };
                let ParameterSchemaOrContent::Schema(schema) = &header.format else {
                    self.warn(
                        &header_ptr,
                        &format!(
                            "the header `{name}` is declared by `content`; not typed, it is in \
                             the answer's untyped headers"
                        ),
                    );
                    continue;
                };
                let hint = NameHint::new(
                    format!("{}{}Header", op.type_prefix, naming::type_name(name)),
                    name,
                );
                let ty = self.schema(schema, &header_ptr.push("schema"), &hint, document)?;
                let shape = match &ty {
                    TypeRef::Array(_) => HeaderShape::List,
                    TypeRef::Map(_) => HeaderShape::Object,
                    TypeRef::Named(type_name) => {
                        match self.api.type_def(type_name).map(|d| &d.kind) {
                            Some(TypeKind::Struct(_)) => HeaderShape::Object,
                            Some(TypeKind::Alias(TypeRef::Array(_))) => HeaderShape::List,
                            _ => HeaderShape::Scalar,
                        }
                    }
                    _ => HeaderShape::Scalar,
                };
                if ty == TypeRef::Json || ty == TypeRef::Binary {
                    self.warn(
                        &header_ptr,
                        &format!("the header `{name}` has no type a header can carry; not typed"),
                    );
                    continue;
                }
                fields.push(ResponseHeader {
                    wire_name: name.clone(),
                    field_name: field_names.claim(naming::value_name(name)),
                    doc: text(&header.description),
                    ty,
                    required: header.required,
                    shape,
                    explode: false,
                });
            }
            if !fields.is_empty() {
                extras.headers = Some(OutputHeaders {
                    type_name: self.type_names.claim(format!("{}Headers", op.type_prefix)),
                    fn_name: self.fn_names.claim(format!("{base}_with_headers")),
                    headers: fields,
                });
            }
        }
        if op.output == Output::Single(TypeRef::Binary) {
            extras.bytes_fn = Some(self.fn_names.claim(format!("{base}_stream")));
        }
        if op.body.as_ref().is_some_and(|body| {
            body.ty == TypeRef::Binary
                && body.media.first().is_some_and(|(_, m)| *m == Media::Binary)
        }) {
            extras.upload_fn = Some(self.fn_names.claim(format!("{base}_from_stream")));
        }
        Ok(extras)
    }
}

fn is_event_stream(content_type: &str) -> bool {
    openapi_runtime::vocab::essence(content_type) == EVENT_STREAM
}

/// Whether a stream's schema is plain text (absent, or a string without a format).
fn is_text(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => true,
            SchemaKind::Any(any) => any.typ.as_deref() == Some("string"),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

fn resolve_header<'a>(
    header: &'a ReferenceOr<Header>,
    ptr: &Pointer,
    document: &'a OpenAPI,
) -> Option<(&'a Header, Pointer)> {
    match header {
        ReferenceOr::Item(header) => Some((header, ptr.clone())),
        ReferenceOr::Reference { reference } => {
            let key = reference.strip_prefix("#/components/headers/")?;
            let header = document
                .components
                .as_ref()?
                .headers
                .get(&crate::load::unescape(key))?
                .as_item()?;
            Some((header, ptr.from_ref(reference)))
        }
    }
}
