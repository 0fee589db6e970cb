//! Typed response headers: the headers a response declares (`ETag`, `X-Rate-Limit`,
//! `Location`, ...) as a struct the generated crate defines, read by the client from an answer
//! and written by the server into its answer, in the `simple` style OpenAPI gives headers.
//!
//! A generated headers struct implements [`ResponseHeaders`]: a table of its headers, each
//! bound to the struct's field by name, and a `read` of one line per header. An operation whose
//! success declares headers answers with [`WithHeaders`] where both are wanted (the client's
//! `..._with_headers` method, the server's trait method); its plain method is unchanged.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::operation::Shape;
use crate::value::{Booleans, Encoded, Raw, ValueDeserializer, encode};

/// The body of an answer and its typed headers.
#[derive(Debug, Clone, PartialEq)]
pub struct WithHeaders<B, H> {
    /// The value of the body.
    pub body: B,
    /// The headers the response declares, read with their schemas.
    pub headers: H,
}

impl<B, H> WithHeaders<B, H> {
    /// The answer of `body` with `headers`.
    pub fn new(body: B, headers: H) -> Self {
        WithHeaders { body, headers }
    }
}

/// One declared response header. Built with `const fn`s: `Header::new("ETag", "etag").required()`.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    /// The header's name as the API spells it.
    pub name: &'static str,
    /// The struct field that holds it, as its `Serialize` names it.
    pub field: &'static str,
    /// Whether every answer carries it.
    pub required: bool,
    /// The shape of its value.
    pub shape: Shape,
    /// `explode`: an object as `k=v,k=v` rather than `k,v,k,v`.
    pub explode: bool,
    /// Whether each value has a line of its own rather than all one line, comma-separated:
    /// `Set-Cookie`, whose values have commas of their own (a cookie's `Expires`).
    pub lines: bool,
}

impl Header {
    /// An optional scalar header held in the field `field`.
    pub const fn new(name: &'static str, field: &'static str) -> Self {
        Header {
            name,
            field,
            required: false,
            shape: Shape::Scalar,
            explode: false,
            lines: name.as_bytes().eq_ignore_ascii_case(b"set-cookie"),
        }
    }

    /// Every answer carries it.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Its value is a comma-separated list.
    pub const fn list(mut self) -> Self {
        self.shape = Shape::List;
        self
    }

    /// Its value is an object (`k,v,k,v`, or `k=v,k=v` exploded).
    pub const fn object(mut self, explode: bool) -> Self {
        self.shape = Shape::Object;
        self.explode = explode;
        self
    }
}

/// The typed headers of one response.
pub trait ResponseHeaders: Serialize + Sized + Send + 'static {
    /// Its headers, each bound to a field by name.
    const HEADERS: &'static [Header];

    /// Reads the struct: one `input.required("field")?`/`input.optional("field")?` per header.
    fn read(input: &HeaderReader<'_>) -> Result<Self, HeaderError>;

    /// The headers as `(name, value)` pairs in the `simple` style; unset optional ones are
    /// left out.
    fn to_pairs(&self) -> Result<Vec<(&'static str, String)>, HeaderError> {
        let encoded = encode(self, Booleans::Words).map_err(|error| HeaderError {
            name: "",
            message: error.0,
        })?;
        let Encoded::Map(fields) = encoded else {
            return Ok(Vec::new());
        };
        let mut pairs = Vec::with_capacity(fields.len());
        for (field, value) in fields {
            let Some(header) = Self::HEADERS.iter().find(|header| header.field == field) else {
                return Err(HeaderError {
                    name: "",
                    message: format!("the field `{field}` holds no declared header"),
                });
            };
            match value {
                Encoded::Absent => {}
                Encoded::List(items) if header.lines => {
                    let text = |item: &Encoded| item.as_text().unwrap_or_default().into_owned();
                    pairs.extend(items.iter().map(|item| (header.name, text(item))));
                }
                value => pairs.push((header.name, simple(header, &value))),
            }
        }
        Ok(pairs)
    }
}

/// A header that could not be read or written, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    /// The header's name as the API spells it.
    pub name: &'static str,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the header `{}` {}", self.name, self.message)
    }
}

impl std::error::Error for HeaderError {}

/// The headers of an answer, for a [`ResponseHeaders`] struct to read its fields from.
pub struct HeaderReader<'a> {
    headers: &'static [Header],
    /// Each header's name and value, as the answer carried them.
    pairs: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> HeaderReader<'a> {
    /// A reader of `pairs` (name, value) for the headers `headers` declares.
    pub fn new(
        headers: &'static [Header],
        pairs: impl IntoIterator<Item = (&'a str, Cow<'a, str>)>,
    ) -> Self {
        HeaderReader {
            headers,
            pairs: pairs.into_iter().collect(),
        }
    }

    /// The header held in the field `field`, which every answer carries.
    pub fn required<T: DeserializeOwned>(&self, field: &str) -> Result<T, HeaderError> {
        let header = self.header(field)?;
        match self.read(header)? {
            Some(value) => Ok(value),
            None => Err(HeaderError {
                name: header.name,
                message: "is missing".to_owned(),
            }),
        }
    }

    /// The optional header held in the field `field`: `None` when the answer has none.
    pub fn optional<T: DeserializeOwned>(&self, field: &str) -> Result<Option<T>, HeaderError> {
        let header = self.header(field)?;
        self.read(header)
    }

    fn header(&self, field: &str) -> Result<&'static Header, HeaderError> {
        self.headers
            .iter()
            .find(|header| header.field == field)
            .ok_or_else(|| HeaderError {
                name: "",
                message: format!("is not declared for the field `{field}`"),
            })
    }

    fn read<T: DeserializeOwned>(&self, header: &'static Header) -> Result<Option<T>, HeaderError> {
        // Repeated header lines are one list (RFC 9110, 5.3).
        let values: Vec<&str> = self
            .pairs
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(header.name))
            .map(|(_, value)| value.as_ref())
            .collect();
        if values.is_empty() {
            return Ok(None);
        }
        // A header of `lines` (`Set-Cookie`) is the exception: each line is one item, and a
        // single value is the first line.
        let text = match header.lines {
            true => String::new(),
            false => values.join(","),
        };
        let raw = match (header.shape, header.lines) {
            (Shape::List, true) => Raw::List(
                (values.iter())
                    .map(|value| Raw::Text(Cow::Borrowed(value.trim())))
                    .collect(),
            ),
            (_, true) => Raw::Text(Cow::Borrowed(values[0].trim())),
            (Shape::Scalar, false) => Raw::Text(Cow::Borrowed(text.trim())),
            (Shape::List, false) => list(&text),
            (Shape::Object, false) => object(&text, header.explode),
        };
        T::deserialize(ValueDeserializer::new(raw, Booleans::Words))
            .map(Some)
            .map_err(|error| HeaderError {
                name: header.name,
                message: format!("cannot be read: {}", error.0),
            })
    }
}

fn list(text: &str) -> Raw<'_> {
    if text.trim().is_empty() {
        return Raw::List(Vec::new());
    }
    Raw::List(
        text.split(',')
            .map(|item| Raw::Text(Cow::Borrowed(item.trim())))
            .collect(),
    )
}

fn object(text: &str, explode: bool) -> Raw<'_> {
    let pieces: Vec<&str> = text.split(',').map(str::trim).collect();
    let entries = if explode {
        pieces
            .iter()
            .filter_map(|pair| pair.split_once('='))
            .map(|(key, value)| (Cow::Borrowed(key), Raw::Text(Cow::Borrowed(value))))
            .collect()
    } else {
        pieces
            .chunks_exact(2)
            .map(|pair| (Cow::Borrowed(pair[0]), Raw::Text(Cow::Borrowed(pair[1]))))
            .collect()
    };
    Raw::Map(entries)
}

/// A value in the `simple` style: `a,b`; an object `k,v,k,v`, or `k=v,k=v` exploded.
fn simple(header: &Header, value: &Encoded) -> String {
    let text = |value: &Encoded| value.as_text().unwrap_or_default().into_owned();
    match value {
        Encoded::List(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        Encoded::Map(entries) if header.explode => entries
            .iter()
            .map(|(key, value)| format!("{key}={}", text(value)))
            .collect::<Vec<_>>()
            .join(","),
        Encoded::Map(entries) => entries
            .iter()
            .flat_map(|(key, value)| [key.clone(), text(value)])
            .collect::<Vec<_>>()
            .join(","),
        other => text(other),
    }
}

#[cfg(feature = "client")]
impl crate::client::Client {
    /// Calls the operation `params` are for, and returns the value of its answer with the
    /// headers its success declares, read as `H`. A declared header that is missing or
    /// cannot be read is [`Error::Header`](crate::client::Error::Header), naming it.
    pub async fn call_with_headers<Op: crate::Operation, H: ResponseHeaders>(
        &self,
        params: &Op,
    ) -> Result<WithHeaders<Op::Output, H>, crate::client::Error<Op::Failure>> {
        let response = self.send(params).await?;
        let headers =
            read_map::<H>(response.headers()).map_err(|error| crate::client::Error::Header {
                name: error.name.to_owned(),
                message: error.message,
            })?;
        Ok(WithHeaders {
            body: response.into_inner(),
            headers,
        })
    }
}

/// `H` read from an answer's header map.
#[cfg(feature = "client")]
fn read_map<H: ResponseHeaders>(map: &reqwest::header::HeaderMap) -> Result<H, HeaderError> {
    let pairs = map
        .iter()
        .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())));
    H::read(&HeaderReader::new(H::HEADERS, pairs))
}

/// A success with typed headers: the answer the body alone would be, with the headers added.
#[cfg(feature = "server")]
impl<B, H, E> crate::server::Respond for Result<WithHeaders<B, H>, E>
where
    Result<B, E>: crate::server::Respond,
    B: Send,
    H: ResponseHeaders,
    E: Send,
{
    fn respond(
        self,
        info: &'static crate::operation::OperationInfo,
    ) -> Result<axum::response::Response, String> {
        use axum::http::{HeaderName, HeaderValue};
        let WithHeaders { body, headers } = match self {
            Ok(success) => success,
            Err(failure) => return Err::<B, E>(failure).respond(info),
        };
        let mut response = Ok::<B, E>(body).respond(info)?;
        for (name, value) in headers.to_pairs().map_err(|error| error.to_string())? {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` cannot be a header name"))?;
            let value = HeaderValue::from_str(&value)
                .map_err(|_| format!("the header `{name}` has characters a header cannot carry"))?;
            response.headers_mut().append(name, value);
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Limits {
        #[serde(rename = "limit")]
        limit: i32,
        #[serde(rename = "tags")]
        tags: Option<Vec<String>>,
        #[serde(rename = "etag")]
        etag: Option<String>,
    }

    impl ResponseHeaders for Limits {
        const HEADERS: &'static [Header] = &[
            Header::new("X-Rate-Limit", "limit").required(),
            Header::new("X-Tags", "tags").list(),
            Header::new("ETag", "etag"),
        ];

        fn read(input: &HeaderReader<'_>) -> Result<Self, HeaderError> {
            Ok(Limits {
                limit: input.required("limit")?,
                tags: input.optional("tags")?,
                etag: input.optional("etag")?,
            })
        }
    }

    fn read(pairs: &[(&'static str, &'static str)]) -> Result<Limits, HeaderError> {
        let pairs = pairs.iter().map(|(n, v)| (*n, Cow::Borrowed(*v)));
        Limits::read(&HeaderReader::new(Limits::HEADERS, pairs))
    }

    #[test]
    fn headers_are_read_by_name_in_any_case_with_lists_split() {
        let limits = read(&[("x-rate-limit", "40"), ("X-TAGS", "a, b"), ("x-tags", "c")]).unwrap();
        assert_eq!(
            limits,
            Limits {
                limit: 40,
                tags: Some(vec!["a".into(), "b".into(), "c".into()]),
                etag: None,
            }
        );
    }

    #[test]
    fn each_set_cookie_line_is_one_item() {
        #[derive(Debug, PartialEq, serde::Serialize)]
        struct Cookies {
            #[serde(rename = "cookies")]
            cookies: Vec<String>,
        }
        impl ResponseHeaders for Cookies {
            const HEADERS: &'static [Header] = &[Header::new("Set-Cookie", "cookies").list()];
            fn read(input: &HeaderReader<'_>) -> Result<Self, HeaderError> {
                Ok(Cookies {
                    cookies: input.required("cookies")?,
                })
            }
        }
        let expires = "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT";
        let pairs = [("set-cookie", expires), ("Set-Cookie", "b=2")];
        let pairs = pairs.iter().map(|(n, v)| (*n, Cow::Borrowed(*v)));
        let cookies = Cookies::read(&HeaderReader::new(Cookies::HEADERS, pairs)).unwrap();
        assert_eq!(cookies.cookies, [expires, "b=2"]);
        // Written back, each is a line of its own, as it was read.
        let written = cookies.to_pairs().unwrap();
        assert_eq!(
            written,
            [("Set-Cookie", expires.into()), ("Set-Cookie", "b=2".into())]
        );
    }

    #[test]
    fn a_missing_or_unreadable_header_is_named() {
        let missing = read(&[("ETag", "x")]).unwrap_err();
        assert_eq!(missing.to_string(), "the header `X-Rate-Limit` is missing");
        let bad = read(&[("X-Rate-Limit", "many")]).unwrap_err();
        assert_eq!(bad.name, "X-Rate-Limit");
        assert!(bad.message.starts_with("cannot be read"), "{bad}");
    }

    #[test]
    fn headers_are_written_in_the_simple_style_without_unset_ones() {
        let limits = Limits {
            limit: 7,
            tags: Some(vec!["a".into(), "b".into()]),
            etag: None,
        };
        assert_eq!(
            limits.to_pairs().unwrap(),
            vec![
                ("X-Rate-Limit", "7".to_owned()),
                ("X-Tags", "a,b".to_owned())
            ]
        );
    }
}
