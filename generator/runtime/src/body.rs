//! Bodies in the media types an operation declares, both ways: a value to the bytes of its
//! media type ([`encode_body`]) and back ([`decode_body`]), and which declared media type a
//! `Content-Type` is ([`match_media`]). The client's encoding, the server's decoding and the
//! answers of both sides build on it.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::multipart::{self, Part};
use crate::operation::BodyMedia;
use crate::value::{self, Booleans, Encoded, Raw, ValueDeserializer, ValueError};
use crate::vocab::Media;

/// A request or response body, encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The `Content-Type` to send it with.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The text of a value that must be one string: a scalar, or items joined by `separator`
/// (nested lists and objects too, flattened).
pub(crate) fn joined(value: &Encoded, separator: &str) -> String {
    match value {
        Encoded::Map(entries) => entries
            .iter()
            .map(|(key, value)| format!("{key}{separator}{}", joined(value, separator)))
            .collect::<Vec<_>>()
            .join(separator),
        Encoded::List(items) => items
            .iter()
            .map(|item| joined(item, separator))
            .collect::<Vec<_>>()
            .join(separator),
        other => other.as_text().unwrap_or_default().into_owned(),
    }
}

pub(crate) fn items(value: Encoded) -> Vec<Encoded> {
    match value {
        Encoded::List(items) => items,
        one => vec![one],
    }
}

/// `value` as a body of `media`; `None` for an unset optional body.
pub fn encode_body<T: Serialize + ?Sized>(
    value: &T,
    content_type: &str,
    media: Media,
    booleans: Booleans,
) -> Result<Option<Body>, ValueError> {
    let body = |bytes| {
        Ok(Some(Body {
            content_type: content_type.to_owned(),
            bytes,
        }))
    };
    if media == Media::Json {
        let json = serde_json::to_value(value).map_err(|e| ValueError(e.to_string()))?;
        return match json {
            serde_json::Value::Null => Ok(None),
            json => body(serde_json::to_vec(&json).map_err(|e| ValueError(e.to_string()))?),
        };
    }
    let encoded = value::encode(value, booleans)?;
    match (media, encoded) {
        (_, Encoded::Absent) => Ok(None),
        (Media::Form, Encoded::Map(entries)) => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (key, value) in entries {
                for item in items(value) {
                    form.append_pair(&key, &joined(&item, ","));
                }
            }
            body(form.finish().into_bytes())
        }
        (Media::Multipart, Encoded::Map(entries)) => {
            let parts: Vec<Part<'_>> = entries
                .iter()
                .flat_map(|(key, value)| {
                    match value {
                        Encoded::List(items) => items.iter().collect::<Vec<_>>(),
                        one => vec![one],
                    }
                    .into_iter()
                    .map(move |item| (key, item))
                })
                .map(|(key, item)| match item {
                    Encoded::Bytes(bytes) => Part {
                        name: key.into(),
                        filename: Some(key.into()),
                        data: Cow::Borrowed(bytes),
                    },
                    other => Part {
                        name: key.into(),
                        filename: None,
                        data: Cow::Owned(joined(other, ",").into_bytes()),
                    },
                })
                .collect();
            let boundary = multipart::boundary(&parts);
            Ok(Some(Body {
                content_type: format!("{content_type}; boundary={boundary}"),
                bytes: multipart::write(&parts, &boundary),
            }))
        }
        (Media::Form | Media::Multipart, _) => {
            Err(ValueError("a form body must be an object".to_owned()))
        }
        (_, Encoded::Bytes(bytes)) => body(bytes),
        (Media::Empty, _) => Ok(None),
        (_, other) => body(joined(&other, ",").into_bytes()),
    }
}

/// A body of `media` as a `T`, or why it is not one (a JSON error names the path).
pub fn decode_body<T: DeserializeOwned>(
    media: Media,
    content_type: &str,
    bytes: &[u8],
    booleans: Booleans,
) -> Result<T, String> {
    let text = || std::str::from_utf8(bytes).map_err(|_| "the body is not UTF-8 text".to_owned());
    let raw = match media {
        Media::Json => {
            let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
            return serde_path_to_error::deserialize(deserializer).map_err(|error| {
                match error.path().to_string().as_str() {
                    "." => format!("not the JSON the API describes: {}", error.inner()),
                    path => format!(
                        "not the JSON the API describes at `{path}`: {}",
                        error.inner()
                    ),
                }
            });
        }
        Media::Form => Raw::Map(
            form_urlencoded::parse(bytes)
                .map(|(key, value)| (key, Raw::Text(value)))
                .collect(),
        ),
        Media::Multipart => {
            let boundary = multipart::boundary_of(content_type)
                .ok_or("a multipart body needs a boundary in its Content-Type")?;
            let parts = multipart::read(bytes, boundary)?;
            Raw::Map(
                parts
                    .into_iter()
                    .map(|part| {
                        let value = match (&part.filename, std::str::from_utf8(&part.data)) {
                            (None, Ok(text)) => Raw::Text(Cow::Owned(text.to_owned())),
                            _ => Raw::Bytes(Cow::Owned(part.data.into_owned())),
                        };
                        (Cow::Owned(part.name.into_owned()), value)
                    })
                    .collect(),
            )
        }
        Media::Text => Raw::Text(Cow::Borrowed(text()?)),
        Media::Binary => Raw::Bytes(Cow::Borrowed(bytes)),
        Media::Empty => {
            return serde_json::from_value(serde_json::Value::Null).map_err(|e| e.to_string());
        }
    };
    let raw = group_repeated(raw);
    T::deserialize(ValueDeserializer::new(raw, booleans)).map_err(|error| error.0)
}

/// Form fields given several times are one list.
fn group_repeated(raw: Raw<'_>) -> Raw<'_> {
    let Raw::Map(entries) = raw else {
        return raw;
    };
    let mut grouped: Vec<(Cow<'_, str>, Raw<'_>)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match grouped.iter_mut().find(|(k, _)| *k == key) {
            Some((_, Raw::List(items))) => items.push(value),
            Some((_, first)) => {
                let previous = std::mem::replace(first, Raw::List(Vec::new()));
                *first = Raw::List(vec![previous, value]);
            }
            None => grouped.push((key, value)),
        }
    }
    Raw::Map(grouped)
}

/// The media of `content_type` among `accepted`, matching on the type and subtype and
/// ignoring parameters and case; `*/*` and `type/*` match too.
pub fn match_media(accepted: &[BodyMedia], content_type: &str) -> Option<Media> {
    let essence = crate::vocab::essence(content_type);
    let matches = |declared: &str| {
        let declared = declared.to_ascii_lowercase();
        declared == essence
            || declared == "*/*"
            || declared
                .strip_suffix("/*")
                .is_some_and(|prefix| essence.split('/').next() == Some(prefix))
    };
    accepted
        .iter()
        .find(|accepted| matches(accepted.content_type))
        .map(|accepted| accepted.media)
}
