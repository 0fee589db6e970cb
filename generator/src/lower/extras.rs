//! What an operation's answers offer beyond the value of their body: a `text/event-stream`
//! success, bytes that can stream both ways, and the headers its success declares (typed), each
//! with the client method that gives it. Headers that are not typed (those of failures, of an
//! operation with several successes, or declared by `content`) are named in a warning.

use openapiv3::{OpenAPI, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::component;
use super::response::status_key;
use super::{Lowerer, NameHint, text};
use crate::error::{Error, Pointer};
use crate::model::*;
use crate::naming::{self, Scope};

use openapi_runtime::vocab::EVENT_STREAM;

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
        // The struct binds to one answer: an operation with one success answer.
        let single_success = op.responses.iter().filter(|r| r.success).count() == 1;
        let base = op.fn_name.trim_start_matches("r#").to_owned();
        let mut extras = Extras::default();
        for (key, response) in keyed {
            let Some(model) = op.responses.iter().find(|r| r.status == key) else {
                continue;
            };
            let response_ptr = ptr.push("responses").push(&key);
            let (response, response_ptr) =
                component::resolve_or_error(response, &response_ptr, document)?;
            let typed = model.success && single_success;
            let stream = (response.content.iter())
                .find(|(content_type, _)| model.success && is_event_stream(content_type));
            if let Some((content_type, _)) = stream
                && let Some(events) = &extras.events
            {
                // One `_events` method an operation: the first success's stream.
                self.warn(
                    &response_ptr.push("content").push(content_type),
                    &format!(
                        "this event stream is not read: `{}` reads the first success's",
                        events.fn_name
                    ),
                );
            } else if let Some((content_type, media)) = stream {
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
                        "an operation with several success answers".to_owned()
                    } else {
                        format!("the answer `{key}`, which is not a success")
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
                let Some((header, header_ptr)) = component::resolve(header, &header_ptr, document)
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
                // A credential (a session cookie, a header named like a key or token, or a
                // schema marked sensitive) is kept out of `Debug` output, as the runtime keeps
                // such headers out of an answer's.
                let sensitive = schema
                    .as_item()
                    .is_some_and(super::constraints::is_sensitive);
                let ty = match sensitive || openapi_runtime::vocab::is_credential_header(name) {
                    true => secret_values(ty),
                    false => ty,
                };
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

pub(super) fn is_event_stream(content_type: &str) -> bool {
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

/// `ty` with its values kept out of `Debug`: each item of a list (each a secret, so that the
/// list still reads as one) and anything else whole. A secret reads and writes as its value,
/// so the header's shape is the same.
fn secret_values(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Secret(_) => ty,
        TypeRef::Array(item) => TypeRef::Array(Box::new(secret_values(*item))),
        TypeRef::Nullable(value) => TypeRef::Nullable(Box::new(secret_values(*value))),
        other => TypeRef::Secret(Box::new(other)),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::{Options, SpecFile, read_model};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          headers:
            X-Rate-Limit: {required: true, schema: {type: integer}}
            X-Tags: {schema: {type: array, items: {type: string}}}
            Content-Type: {schema: {type: string}}
            X-Shape: {content: {application/json: {schema: {type: object}}}}
          content:
            application/json: {schema: {type: array, items: {type: string}}}
            text/event-stream: {schema: {$ref: "#/components/schemas/Thing"}}
        "429":
          description: slow down
          headers:
            Retry-After: {schema: {type: integer}}
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: bytes
          content:
            application/pdf: {schema: {type: string, format: binary}}
    put:
      operationId: putThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        "204": {description: stored}
  /list_things_events:
    get:
      operationId: list_things_events
      responses:
        "200":
          description: a name the extra method wants
          content:
            text/event-stream: {schema: {type: string}}
components:
  schemas:
    Thing: {type: object, properties: {name: {type: string}}}
"##;

    #[test]
    fn headers_streams_and_uploads_get_their_methods_and_the_rest_is_named_in_warnings() {
        let spec = SpecFile {
            name: "extras.yaml".into(),
            contents: SPEC.into(),
        };
        let (api, warnings) = read_model(&[spec], &Options::default()).unwrap();
        let op = |id: &str| api.operations.iter().find(|op| op.wire_id == id).unwrap();
        let list = &op("listThings").extras;
        let headers = list.headers.as_ref().unwrap();
        assert_eq!(headers.type_name, "ListThingsHeaders");
        assert_eq!(headers.fn_name, "list_things_with_headers");
        let shapes: Vec<_> = headers
            .headers
            .iter()
            .map(|h| {
                (
                    h.wire_name.as_str(),
                    h.field_name.as_str(),
                    h.required,
                    h.shape,
                )
            })
            .collect();
        assert_eq!(
            shapes,
            [
                ("X-Rate-Limit", "x_rate_limit", true, HeaderShape::Scalar),
                ("X-Tags", "x_tags", false, HeaderShape::List),
            ]
        );
        let events = list.events.as_ref().unwrap();
        assert_eq!(events.data, TypeRef::Named("Thing".into()));
        assert!(!events.only, "the success offers JSON too");
        // The operation named like the extra method came later and took another name; its
        // own extra method is named after it.
        let later = op("list_things_events");
        assert_ne!(later.fn_name, "list_things_events");
        let text = later.extras.events.as_ref().unwrap();
        assert_eq!(text.data, TypeRef::String);
        assert!(text.only);
        assert_eq!(
            op("getThing").extras.bytes_fn.as_deref(),
            Some("get_thing_stream")
        );
        assert_eq!(
            op("putThing").extras.upload_fn.as_deref(),
            Some("put_thing_from_stream")
        );
        let warned: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert!(
            warned.contains(&"#/paths/~1things/get/responses/429/headers/Retry-After"),
            "{warned:?}"
        );
        assert!(
            warned.contains(&"#/paths/~1things/get/responses/200/headers/X-Shape"),
            "{warned:?}"
        );
        assert!(
            !warned.iter().any(|w| w.ends_with("Content-Type")),
            "{warned:?}"
        );
    }
}
