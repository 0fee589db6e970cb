//! Response bodies by status and media type, for both sides.
//!
//! An operation with several responses has an enum whose variants are named after the status
//! keys of its description (`#[serde(rename = "200")]`, `"4XX"`, `"default"`): the runtime
//! reads and writes the status as the enum's tag, and the body as the variant's content, in the
//! media type that response declares. A variant for a range or `default` is
//! `{ status: u16, body: T }`, so that the server chooses the status and the client sees it.

use std::fmt;

use serde::Serialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Impossible};

use crate::body::{Body, encode_body};
use crate::operation::{Envelope, Media, NoFailure, Opened, OperationInfo, ResponseInfo};
use crate::serializer::refuse;
use crate::value::{Raw, ValueDeserializer, ValueError};

/// An answer as the server writes it, before it meets HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body, if there is one.
    pub body: Option<Body>,
}

/// A success value the server can answer with: the operation's `Output`.
pub trait SuccessBody {
    /// The answer for this value.
    fn reply(self, info: &'static OperationInfo) -> Result<Reply, String>;
}

/// A failure value the server can answer with: the operation's `Failure`.
pub trait FailureBody {
    /// The answer for this value.
    fn reply(self, info: &'static OperationInfo) -> Result<Reply, String>;

    /// The failure in words, for messages (secrets stay redacted: it is the `Debug` text).
    fn describe(&self) -> String;
}

impl<T: Serialize> SuccessBody for T {
    fn reply(self, info: &'static OperationInfo) -> Result<Reply, String> {
        if info.output_by_status {
            return self.serialize(StatusSerializer { info }).map_err(|e| e.0);
        }
        if let Some(envelope) = info.envelope {
            return enveloped_reply(envelope, info, &self, None);
        }
        let Some(response) = info.success() else {
            return Ok(Reply {
                status: 200,
                body: None,
            });
        };
        let body = encode_body(&self, response.content_type, response.media, info.booleans)
            .map_err(|e| e.0)?;
        Ok(Reply {
            status: response.default_status(),
            body,
        })
    }
}

impl<T: Serialize + fmt::Debug> FailureBody for T {
    fn reply(self, info: &'static OperationInfo) -> Result<Reply, String> {
        self.serialize(StatusSerializer { info }).map_err(|e| e.0)
    }

    fn describe(&self) -> String {
        format!("{self:?}")
    }
}

impl Serialize for NoFailure {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

/// The media type of JSON answers.
pub(crate) const JSON: &str = "application/json";

/// A JSON answer with `status`.
pub fn json_reply(status: u16, value: &serde_json::Value) -> Result<Reply, String> {
    Ok(Reply {
        status,
        body: Some(Body {
            content_type: JSON.to_owned(),
            bytes: serde_json::to_vec(value).map_err(|e| e.to_string())?,
        }),
    })
}

/// The JSON answer (HTTP 200) of a success in `envelope`: `data` serialized straight into its
/// place in the envelope's body, with no `serde_json::Value` in between.
pub fn enveloped_reply<T: Serialize + ?Sized>(
    envelope: &Envelope,
    info: &'static OperationInfo,
    data: &T,
    reason: Option<&str>,
) -> Result<Reply, String> {
    // Room for a typical envelope and its data, so that the buffer seldom grows.
    let mut bytes = Vec::with_capacity(512);
    (envelope.wrap)(info, reason, &mut bytes, &mut |out: &mut Vec<u8>| {
        serde_json::to_writer(out, data).map_err(|e| e.to_string())
    })?;
    Ok(Reply {
        status: 200,
        body: Some(Body {
            content_type: JSON.to_owned(),
            bytes,
        }),
    })
}

/// What the client read from an answer.
pub enum Decoded<O, F> {
    /// A declared success: the value, and the whole JSON body when the profile's envelope
    /// wrapped it.
    Success(O, Option<serde_json::Value>),
    /// A declared failure (or the envelope's).
    Failure(F),
}

/// Why an answer could not be read as the operation declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The status is not among the declared responses.
    Undeclared,
    /// The body was meant to be JSON and is not.
    NotJson(String),
    /// The body does not have the declared shape at `path`.
    Schema {
        /// Where in the body, e.g. `data.expires`.
        path: String,
        /// What does not match.
        message: String,
    },
}

/// Reads an answer of the operation `info` with `status` and `bytes`.
pub fn decode<O: DeserializeOwned, F: DeserializeOwned>(
    info: &'static OperationInfo,
    status: u16,
    bytes: &[u8],
) -> Result<Decoded<O, F>, DecodeError> {
    let response = info.response(status).ok_or(DecodeError::Undeclared)?;
    let json = match response.media {
        Media::Json => Some(
            serde_json::from_slice::<serde_json::Value>(bytes)
                .map_err(|error| DecodeError::NotJson(format!("malformed JSON: {error}")))?,
        ),
        _ => None,
    };
    if let (Some(envelope), Some(body), true) = (info.envelope, &json, response.success) {
        return match (envelope.open)(body) {
            Opened::Data(data) => Ok(Decoded::Success(from_json(data, envelope.data_path)?, json)),
            Opened::Failure(failure) => Ok(Decoded::Failure(from_json(&failure, "")?)),
            Opened::Malformed { path, message } => Err(DecodeError::Schema { path, message }),
        };
    }
    let content = Content {
        response,
        status,
        json: json.as_ref(),
        bytes,
        booleans: info.booleans,
    };
    if response.success {
        let value = if info.output_by_status {
            O::deserialize(StatusTagged(content))
        } else {
            content.read(std::marker::PhantomData::<O>)
        };
        value
            .map(|value| Decoded::Success(value, None))
            .map_err(BodyError::into_decode)
    } else {
        F::deserialize(StatusTagged(content))
            .map(Decoded::Failure)
            .map_err(BodyError::into_decode)
    }
}

/// `value` as a `T`; a mismatch names its path below `prefix`.
fn from_json<T: DeserializeOwned>(
    value: &serde_json::Value,
    prefix: &str,
) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let inner = error.path().to_string();
        let path = match (prefix, inner.as_str()) {
            ("", inner) => inner.to_owned(),
            (prefix, ".") => prefix.to_owned(),
            (prefix, inner) => format!("{prefix}.{inner}"),
        };
        DecodeError::Schema {
            path,
            message: error.into_inner().to_string(),
        }
    })
}

/// A body, and what the description says of it.
#[derive(Clone, Copy)]
struct Content<'a> {
    response: &'static ResponseInfo,
    status: u16,
    json: Option<&'a serde_json::Value>,
    bytes: &'a [u8],
    booleans: crate::value::Booleans,
}

impl<'a> Content<'a> {
    /// The body as the value `seed` reads.
    fn read<'de, S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, BodyError>
    where
        'a: 'de,
    {
        match (self.response.media, self.json) {
            (Media::Json, Some(json)) => {
                let mut track = serde_path_to_error::Track::new();
                seed.deserialize(serde_path_to_error::Deserializer::new(json, &mut track))
                    .map_err(|error| BodyError::Schema {
                        path: track.path().to_string(),
                        message: error.to_string(),
                    })
            }
            (Media::Empty, _) | (_, None) if self.bytes.is_empty() => seed
                .deserialize(().into_deserializer())
                .map_err(|error: ValueError| BodyError::schema(error.0)),
            (Media::Text, _) => {
                let text = std::str::from_utf8(self.bytes)
                    .map_err(|_| BodyError::schema("the body is not UTF-8 text".to_owned()))?;
                seed.deserialize(ValueDeserializer::new(
                    Raw::Text(text.into()),
                    self.booleans,
                ))
                .map_err(|error| BodyError::schema(error.0))
            }
            _ => seed
                .deserialize(ValueDeserializer::new(
                    Raw::Bytes(self.bytes.into()),
                    self.booleans,
                ))
                .map_err(|error| BodyError::schema(error.0)),
        }
    }
}

/// Why a body could not be read; the deserializers' error type.
#[derive(Debug)]
enum BodyError {
    Schema { path: String, message: String },
}

impl BodyError {
    fn schema(message: String) -> Self {
        BodyError::Schema {
            path: ".".to_owned(),
            message,
        }
    }

    fn into_decode(self) -> DecodeError {
        let BodyError::Schema { path, message } = self;
        DecodeError::Schema { path, message }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let BodyError::Schema { message, .. } = self;
        f.write_str(message)
    }
}

impl std::error::Error for BodyError {}

impl de::Error for BodyError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        BodyError::schema(message.to_string())
    }
}

/// Presents an answer as an enum whose tag is the matched status key.
struct StatusTagged<'a>(Content<'a>);

impl<'de, 'a: 'de> de::Deserializer<'de> for StatusTagged<'a> {
    type Error = BodyError;

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BodyError> {
        visitor.visit_enum(self)
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, BodyError> {
        Err(BodyError::schema(
            "an answer by status reads only into an enum by status".to_owned(),
        ))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

impl<'de, 'a: 'de> de::EnumAccess<'de> for StatusTagged<'a> {
    type Error = BodyError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), BodyError> {
        let key: de::value::StrDeserializer<'_, BodyError> =
            self.0.response.status.into_deserializer();
        Ok((seed.deserialize(key)?, self))
    }
}

impl<'de, 'a: 'de> de::VariantAccess<'de> for StatusTagged<'a> {
    type Error = BodyError;

    fn unit_variant(self) -> Result<(), BodyError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, BodyError> {
        self.0.read(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, BodyError> {
        Err(BodyError::schema(
            "a status variant is never a tuple".to_owned(),
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BodyError> {
        visitor.visit_map(StatusAndBody {
            content: self.0,
            next: 0,
        })
    }
}

/// The fields `status` and `body` of a variant for a range or `default`.
struct StatusAndBody<'a> {
    content: Content<'a>,
    next: u8,
}

impl<'de, 'a: 'de> de::MapAccess<'de> for StatusAndBody<'a> {
    type Error = BodyError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, BodyError> {
        let key = match self.next {
            0 => "status",
            1 => "body",
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, BodyError> {
        self.next += 1;
        if self.next == 1 {
            return seed.deserialize(self.content.status.into_deserializer());
        }
        self.content.read(seed)
    }
}

/// Writes an enum by status: the tag picks the declared response, the content is its body.
struct StatusSerializer {
    info: &'static OperationInfo,
}

impl StatusSerializer {
    fn response(&self, key: &str) -> Result<&'static ResponseInfo, ValueError> {
        self.info
            .responses
            .iter()
            .find(|response| response.status == key)
            .ok_or_else(|| ValueError(format!("the operation declares no response `{key}`")))
    }

    fn reply<T: Serialize + ?Sized>(
        &self,
        key: &str,
        status: Option<u16>,
        value: &T,
    ) -> Result<Reply, ValueError> {
        let response = self.response(key)?;
        let body = encode_body(
            value,
            response.content_type,
            response.media,
            self.info.booleans,
        )?;
        Ok(Reply {
            status: status.unwrap_or_else(|| response.default_status()),
            body,
        })
    }
}

fn not_by_status() -> ValueError {
    ValueError("an answer by status must be an enum by status".to_owned())
}

impl ser::Serializer for StatusSerializer {
    refuse!(not_by_status(); scalars serialize_none serialize_some serialize_unit serialize_unit_struct serialize_newtype_struct serialize_seq serialize_tuple serialize_tuple_struct serialize_tuple_variant serialize_map serialize_struct);

    type Ok = Reply;
    type Error = ValueError;
    type SerializeSeq = Impossible<Reply, ValueError>;
    type SerializeTuple = Impossible<Reply, ValueError>;
    type SerializeTupleStruct = Impossible<Reply, ValueError>;
    type SerializeTupleVariant = Impossible<Reply, ValueError>;
    type SerializeMap = Impossible<Reply, ValueError>;
    type SerializeStruct = Impossible<Reply, ValueError>;
    type SerializeStructVariant = StatusVariant;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        key: &'static str,
    ) -> Result<Reply, ValueError> {
        let response = self.response(key)?;
        Ok(Reply {
            status: response.default_status(),
            body: None,
        })
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        key: &'static str,
        value: &T,
    ) -> Result<Reply, ValueError> {
        self.reply(key, None, value)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        key: &'static str,
        _: usize,
    ) -> Result<StatusVariant, ValueError> {
        Ok(StatusVariant {
            serializer: self,
            key,
            status: None,
            reply: None,
        })
    }
}

/// A `{ status, body }` variant being written.
struct StatusVariant {
    serializer: StatusSerializer,
    key: &'static str,
    status: Option<u16>,
    reply: Option<Reply>,
}

impl ser::SerializeStructVariant for StatusVariant {
    type Ok = Reply;
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        match key {
            "status" => {
                let status = crate::value::encode(value, crate::value::Booleans::Words)?;
                let status = status.as_text().and_then(|text| text.parse::<u16>().ok());
                self.status =
                    Some(status.filter(|s| (100..=599).contains(s)).ok_or_else(|| {
                        ValueError("a status must be a number from 100 to 599".to_owned())
                    })?);
            }
            _ => self.reply = Some(self.serializer.reply(self.key, self.status, value)?),
        }
        Ok(())
    }

    fn end(self) -> Result<Reply, ValueError> {
        let mut reply = match self.reply {
            Some(reply) => reply,
            // `{ status }` alone: a response without a body.
            None => Reply {
                status: self.serializer.response(self.key)?.default_status(),
                body: None,
            },
        };
        if let Some(status) = self.status {
            reply.status = status;
        }
        Ok(reply)
    }
}

#[cfg(test)]
#[path = "reply_tests.rs"]
mod tests;
