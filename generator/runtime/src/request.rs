//! An operation's parameters to the parts of a request ([`Request::encode`]), and the parts of
//! a request back to the parameters ([`Decoder`]), in the styles OpenAPI defines. Both check
//! the same rules and report every problem by parameter, so that a client and a server built
//! on this agree on what is valid.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde::ser::{self, Impossible};

use crate::errors::{ParamError, ParamErrors};
use crate::multipart::{self, Part};
use crate::operation::{Location, Media, Operation, OperationInfo, Param, Shape, Style};
use crate::rules::first_broken;
use crate::value::{self, Booleans, Encoded, Raw, ValueDeserializer, ValueError};

/// What a path segment keeps unencoded: RFC 3986's unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request as an operation's parameters make it, before it meets HTTP.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The path below the server's base URL, parameters filled in and percent-encoded.
    pub path: String,
    /// The query pairs, unencoded: fixed pairs first, then the parameters in order.
    pub query: Vec<(String, String)>,
    /// Header parameters.
    pub headers: Vec<(&'static str, String)>,
    /// Cookie parameters.
    pub cookies: Vec<(String, String)>,
    /// The body, if there is one.
    pub body: Option<Body>,
}

/// A request or response body, encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The `Content-Type` to send it with.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl Request {
    /// The request for `op`, after checking every parameter; every problem is reported.
    pub fn encode<Op: Operation>(op: &Op) -> Result<Request, ParamErrors> {
        let (request, errors) = encode(op);
        errors.into_result(request)
    }

    /// The request for `op` as far as it can be made, without checking it.
    pub fn encode_unchecked<Op: Operation>(op: &Op) -> Request {
        encode(op).0
    }

    /// The query string, percent-encoded as a form (`application/x-www-form-urlencoded`).
    pub fn query_string(&self) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.query {
            serializer.append_pair(key, value);
        }
        serializer.finish()
    }

    /// The `Cookie` header for the cookie parameters, if there are any.
    pub fn cookie_header(&self) -> Option<String> {
        (!self.cookies.is_empty()).then(|| {
            self.cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

fn encode<Op: Operation>(op: &Op) -> (Request, ParamErrors) {
    let info = Op::INFO;
    let mut errors = ParamErrors::new();
    let (params, body) = match op.serialize(FieldsSerializer { info }) {
        Ok(fields) => fields,
        Err(error) => {
            errors.push(ParamError::invalid("body", "", true, error.0));
            return (Request::default(), errors);
        }
    };
    let mut request = Request {
        query: info
            .fixed_query
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect(),
        ..Request::default()
    };
    let mut path_values = Vec::new();
    for (param, value) in info.params.iter().zip(params) {
        let value = match value.unwrap_or(Ok(Encoded::Absent)) {
            Ok(Encoded::Absent) if param.required => {
                errors.push(ParamError::missing(param.name));
                continue;
            }
            Ok(Encoded::Absent) => continue,
            Ok(value) => value,
            Err(error) => {
                errors.push(ParamError::invalid(
                    param.name,
                    "",
                    param.sensitive,
                    error.0,
                ));
                continue;
            }
        };
        check(param, &value, &mut errors);
        match param.location {
            Location::Path => path_values.push((param, value)),
            Location::Query => query_pairs(param, value, &mut request.query),
            Location::Header => request.headers.push((param.name, simple(param, &value))),
            Location::Cookie => request
                .cookies
                .push((param.name.to_owned(), joined(&value, ","))),
        }
    }
    request.path = fill_path(info.path, &path_values);
    match body {
        Ok(Some(body)) => request.body = Some(body),
        Ok(None) if info.body.is_some_and(|body| body.required) => {
            errors.push(ParamError::missing("body"));
        }
        Ok(None) => {}
        Err(error) => errors.push(ParamError::invalid("body", "", true, error.0)),
    }
    (request, errors)
}

/// Records the first rule each text of `value` breaks, and an empty path parameter.
fn check(param: &Param, value: &Encoded, errors: &mut ParamErrors) {
    let mut texts = Vec::new();
    collect_texts(value, &mut texts);
    if param.location == Location::Path && texts.iter().all(|text| text.is_empty()) {
        errors.push(ParamError::invalid(
            param.name,
            "",
            param.sensitive,
            "a path parameter must not be empty",
        ));
    }
    for text in texts {
        if let Some(broken) = first_broken(param.rules, text) {
            errors.push(ParamError::invalid(
                param.name,
                text,
                param.sensitive,
                format!("must {}", broken.describe()),
            ));
            return;
        }
    }
}

fn collect_texts<'v>(value: &'v Encoded, out: &mut Vec<&'v str>) {
    match value {
        Encoded::Text(text) => out.push(text),
        Encoded::List(items) => items.iter().for_each(|item| collect_texts(item, out)),
        Encoded::Map(entries) => entries.iter().for_each(|(_, v)| collect_texts(v, out)),
        Encoded::Absent | Encoded::Bytes(_) => {}
    }
}

/// The text of a value that must be one string: a scalar, or items joined by `separator`
/// (nested lists and objects too, flattened).
fn joined(value: &Encoded, separator: &str) -> String {
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

/// `simple` style: `a,b`; an object `k,v,k,v`, or `k=v,k=v` exploded.
fn simple(param: &Param, value: &Encoded) -> String {
    match value {
        Encoded::Map(entries) if param.explode => entries
            .iter()
            .map(|(key, value)| format!("{key}={}", joined(value, ",")))
            .collect::<Vec<_>>()
            .join(","),
        other => joined(other, ","),
    }
}

fn query_pairs(param: &Param, value: Encoded, out: &mut Vec<(String, String)>) {
    let name = param.name;
    match (param.style, value) {
        (Style::DeepObject, Encoded::Map(entries)) => {
            for (key, value) in entries {
                for item in items(value) {
                    out.push((format!("{name}[{key}]"), joined(&item, ",")));
                }
            }
        }
        (Style::SpaceDelimited, value) => out.push((name.to_owned(), joined(&value, " "))),
        (Style::PipeDelimited, value) => out.push((name.to_owned(), joined(&value, "|"))),
        (_, Encoded::List(items)) if param.explode => {
            out.extend(
                items
                    .iter()
                    .map(|item| (name.to_owned(), joined(item, ","))),
            );
        }
        (_, Encoded::Map(entries)) if param.explode => {
            for (key, value) in entries {
                for item in items(value) {
                    out.push((key.clone(), joined(&item, ",")));
                }
            }
        }
        (_, value) => out.push((name.to_owned(), joined(&value, ","))),
    }
}

fn items(value: Encoded) -> Vec<Encoded> {
    match value {
        Encoded::List(items) => items,
        one => vec![one],
    }
}

/// The path template with each `{name}` replaced by its parameter, percent-encoded.
fn fill_path(template: &str, values: &[(&Param, Encoded)]) -> String {
    let mut path = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|at| open + at) else {
            break;
        };
        path.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        if let Some((param, value)) = values.iter().find(|(param, _)| param.name == name) {
            path.push_str(&path_value(param, value));
        }
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    path
}

fn path_value(param: &Param, value: &Encoded) -> String {
    let encode = |text: &str| utf8_percent_encode(text, PATH_SEGMENT).to_string();
    let texts: Vec<(Option<String>, String)> = match value {
        Encoded::List(items) => items
            .iter()
            .map(|i| (None, encode(&joined(i, ","))))
            .collect(),
        Encoded::Map(entries) => entries
            .iter()
            .map(|(k, v)| (Some(encode(k)), encode(&joined(v, ","))))
            .collect(),
        other => vec![(None, encode(&joined(other, ",")))],
    };
    let pairs = |separator: &str, between: &str| {
        texts
            .iter()
            .map(|(key, value)| match key {
                Some(key) => format!("{key}{between}{value}"),
                None => value.clone(),
            })
            .collect::<Vec<_>>()
            .join(separator)
    };
    let kv = if param.explode { "=" } else { "," };
    match param.style {
        Style::Label if param.explode => format!(".{}", pairs(".", kv)),
        Style::Label => format!(".{}", pairs(",", kv)),
        Style::Matrix if param.explode && param.shape == Shape::Object => {
            format!(";{}", pairs(";", "="))
        }
        Style::Matrix if param.explode => texts
            .iter()
            .map(|(_, value)| format!(";{}={value}", param.name))
            .collect(),
        Style::Matrix => format!(";{}={}", param.name, pairs(",", ",")),
        _ => pairs(",", kv),
    }
}

/// Serializes a parameter struct: each field by its name, a parameter's (see
/// [`Param::field`]) to [`Encoded`], the body's (the field that is no parameter's) to its
/// media type.
struct FieldsSerializer {
    info: &'static OperationInfo,
}

/// Each parameter's value, in the order of [`OperationInfo::params`] (`None`: no field gave
/// it), and the body.
type Fields = (
    Vec<Option<Result<Encoded, ValueError>>>,
    Result<Option<Body>, ValueError>,
);

struct FieldsCollector {
    info: &'static OperationInfo,
    params: Vec<Option<Result<Encoded, ValueError>>>,
    /// Where the next field's parameter is looked for first: fields usually come in the
    /// order of the parameters, and then each is found at the first comparison.
    next: usize,
    body: Result<Option<Body>, ValueError>,
}

impl FieldsCollector {
    /// The index of the parameter held in the field `field`.
    fn param_index(&mut self, field: &str) -> Option<usize> {
        let params = self.info.params;
        let index = match params.get(self.next) {
            Some(param) if param.field == field => self.next,
            _ => params.iter().position(|param| param.field == field)?,
        };
        self.next = index + 1;
        Some(index)
    }
}

fn not_a_struct() -> ValueError {
    ValueError("an operation's parameters must be a struct".to_owned())
}

impl ser::SerializeStruct for FieldsCollector {
    type Ok = Fields;
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        if let Some(index) = self.param_index(field) {
            let param = &self.info.params[index];
            let encoded = if param.json {
                match serde_json::to_string(value) {
                    Ok(text) if text == "null" => Ok(Encoded::Absent),
                    Ok(text) => Ok(Encoded::Text(text)),
                    Err(error) => Err(ValueError(error.to_string())),
                }
            } else {
                value::encode(value, self.info.booleans)
            };
            self.params[index] = Some(encoded);
        } else if let Some(body) = self.info.body {
            self.body = encode_body(
                value,
                body.media[0].content_type,
                body.media[0].media,
                self.info.booleans,
            );
        } else {
            return Err(ValueError(format!(
                "the field `{field}` holds no parameter of `{}`",
                self.info.id
            )));
        }
        Ok(())
    }

    fn end(self) -> Result<Fields, ValueError> {
        Ok((self.params, self.body))
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

impl ser::Serializer for FieldsSerializer {
    type Ok = Fields;
    type Error = ValueError;
    type SerializeSeq = Impossible<Fields, ValueError>;
    type SerializeTuple = Impossible<Fields, ValueError>;
    type SerializeTupleStruct = Impossible<Fields, ValueError>;
    type SerializeTupleVariant = Impossible<Fields, ValueError>;
    type SerializeMap = Impossible<Fields, ValueError>;
    type SerializeStruct = FieldsCollector;
    type SerializeStructVariant = Impossible<Fields, ValueError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<FieldsCollector, ValueError> {
        Ok(FieldsCollector {
            info: self.info,
            params: vec![None; self.info.params.len()],
            next: 0,
            body: Ok(None),
        })
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Fields, ValueError> {
        Ok((vec![None; self.info.params.len()], Ok(None)))
    }

    fn serialize_bool(self, _: bool) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_i8(self, _: i8) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_i16(self, _: i16) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_i32(self, _: i32) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_i64(self, _: i64) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_u8(self, _: u8) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_u16(self, _: u16) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_u32(self, _: u32) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_u64(self, _: u64) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_f32(self, _: f32) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_f64(self, _: f64) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_char(self, _: char) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_str(self, _: &str) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_none(self) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_unit(self) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Fields, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ValueError> {
        Err(not_a_struct())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ValueError> {
        Err(not_a_struct())
    }
}

/// The parts of a request as a server received them, decoded from their transport (query
/// pairs percent-decoded, path parameters matched by name).
#[derive(Debug, Default)]
pub struct Incoming<'a> {
    /// Path parameters by name.
    pub path: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Query pairs, in order (and a POSTed form's, where the profile accepts one).
    pub query: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Headers, by name in any case.
    pub headers: Vec<(&'a str, &'a str)>,
    /// Cookies from the `Cookie` header.
    pub cookies: Vec<(&'a str, &'a str)>,
    /// The body and its `Content-Type`, if the request has one.
    pub body: Option<(&'a str, &'a [u8])>,
}

impl<'a> Incoming<'a> {
    /// The cookies of `Cookie` header values: `a=1; b=2`.
    pub fn parse_cookies(header: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        header.split(';').filter_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            Some((name.trim(), value.trim().trim_matches('"')))
        })
    }
}

/// A query pair as the parameter of an index claims it: the property it gives (for an
/// object's pair) and the value.
type Claimed<'a> = (usize, Option<Cow<'a, str>>, Cow<'a, str>);

/// Reads an operation's parameters from a request, recording every problem: a generated
/// `decode` calls [`Decoder::required`] or [`Decoder::optional`] once per parameter, by the
/// name of the field that holds it, then [`Decoder::finish`] says whether all went well.
pub struct Decoder<'a> {
    info: &'static OperationInfo,
    values: Vec<Option<Raw<'a>>>,
    body: Option<(&'a str, &'a [u8])>,
    /// Problems with the parameter (or body, at `params.len()`) of each index.
    errors: Vec<(usize, ParamError)>,
}

impl<'a> Decoder<'a> {
    /// Reads `Op` from `incoming`: every parameter, then every problem at once.
    pub fn decode<Op: Operation>(incoming: Incoming<'a>) -> Result<Op, ParamErrors> {
        let mut decoder = Decoder::new(Op::INFO, incoming);
        let decoded = Op::decode(&mut decoder);
        decoder.finish(decoded)
    }

    /// A decoder of the request `incoming` for the operation `info`.
    pub fn new(info: &'static OperationInfo, incoming: Incoming<'a>) -> Self {
        let mut decoder = Decoder {
            info,
            values: vec![None; info.params.len()],
            body: incoming.body,
            errors: Vec::new(),
        };
        decoder.collect(incoming);
        decoder
    }

    fn collect(&mut self, incoming: Incoming<'a>) {
        let params = self.info.params;
        // An exploded `form` object takes the pairs no other parameter claims.
        let free_object = params.iter().position(|param| {
            param.location == Location::Query
                && param.shape == Shape::Object
                && param.style == Style::Form
                && param.explode
        });
        // Each pair with the parameter that claims it (and, for an object's pair, the
        // property), in the order given: one list for all parameters rather than one per
        // parameter, which cost a server an allocation per value.
        let mut claimed: Vec<Claimed<'a>> = Vec::with_capacity(incoming.query.len());
        for (key, value) in incoming.query {
            let owner = params
                .iter()
                .position(|param| param.location == Location::Query && param.name == key);
            if let Some(index) = owner {
                claimed.push((index, None, value));
                continue;
            }
            // `name[key]=value` of a deepObject parameter.
            let deep = key.strip_suffix(']').and_then(|key| key.split_once('['));
            if let Some((name, property)) = deep {
                let owner = params.iter().position(|param| {
                    param.location == Location::Query
                        && param.style == Style::DeepObject
                        && param.name == name
                });
                if let Some(index) = owner {
                    let property = Cow::Owned(property.to_owned());
                    claimed.push((index, Some(property), value));
                    continue;
                }
            }
            if let Some(index) = free_object {
                claimed.push((index, Some(key), value));
            }
        }
        for (index, param) in params.iter().enumerate() {
            let raw = match param.location {
                Location::Query
                    if Some(index) == free_object || param.style == Style::DeepObject =>
                {
                    let entries: Vec<(Cow<'a, str>, Raw<'a>)> = claimed
                        .iter_mut()
                        .filter(|(owner, property, _)| *owner == index && property.is_some())
                        .filter_map(|(_, property, value)| {
                            Some((property.take()?, Raw::Text(std::mem::take(value))))
                        })
                        .collect();
                    (!entries.is_empty()).then_some(Raw::Map(entries))
                }
                Location::Query => self.query_value(index, &mut claimed),
                Location::Path => incoming
                    .path
                    .iter()
                    .find(|(name, _)| name == param.name)
                    .map(|(_, value)| split_simple(param, strip_prefix(param, value.clone()))),
                Location::Header => {
                    let values: Vec<&str> = incoming
                        .headers
                        .iter()
                        .filter(|(name, _)| name.eq_ignore_ascii_case(param.name))
                        .map(|(_, value)| *value)
                        .collect();
                    match values.as_slice() {
                        [] => None,
                        [one] => Some(split_simple(param, Cow::Borrowed(*one))),
                        _ if param.shape == Shape::List => {
                            Some(split_simple(param, Cow::Owned(values.join(","))))
                        }
                        _ => {
                            self.errors.push((index, ParamError::repeated(param.name)));
                            None
                        }
                    }
                }
                Location::Cookie => incoming
                    .cookies
                    .iter()
                    .find(|(name, _)| *name == param.name)
                    .map(|(_, value)| split_simple(param, Cow::Borrowed(*value))),
            };
            self.values[index] = raw;
        }
    }

    /// The raw value of the query parameter `index` from the values `claimed` for its name
    /// (which it takes).
    fn query_value(&mut self, index: usize, claimed: &mut [Claimed<'a>]) -> Option<Raw<'a>> {
        let param = &self.info.params[index];
        let separator = match param.style {
            Style::SpaceDelimited => ' ',
            Style::PipeDelimited => '|',
            _ => ',',
        };
        let mut values = claimed
            .iter_mut()
            .filter(|(owner, property, _)| *owner == index && property.is_none())
            .map(|(_, _, value)| std::mem::take(value))
            .peekable();
        let first = values.next()?;
        match param.shape {
            Shape::List if param.explode && param.style == Style::Form => Some(Raw::List(
                std::iter::once(first)
                    .chain(values)
                    .map(Raw::Text)
                    .collect(),
            )),
            _ if values.peek().is_some() => {
                self.errors.push((index, ParamError::repeated(param.name)));
                None
            }
            Shape::Scalar => Some(Raw::Text(first)),
            Shape::List => Some(split(first, separator)),
            Shape::Object => Some(pairs(split(first, separator))),
        }
    }

    /// The index of the parameter held in the field `field`; a field that holds none is a
    /// problem of the operation's own, recorded after those of its parameters.
    fn param_index(&mut self, field: &'static str) -> Option<usize> {
        let index = self
            .info
            .params
            .iter()
            .position(|param| param.field == field);
        if index.is_none() {
            let message = format!("no parameter of `{}` is held in it", self.info.id);
            let error = ParamError::invalid(field, "", false, message);
            self.errors.push((usize::MAX, error));
        }
        index
    }

    /// The parameter held in the field `field`, which the operation requires: `None` (with
    /// the reason recorded) when it is missing or invalid.
    pub fn required<T: DeserializeOwned>(&mut self, field: &'static str) -> Option<T> {
        let index = self.param_index(field)?;
        if self.values[index].is_none() && !self.errors.iter().any(|(at, _)| *at == index) {
            let name = self.info.params[index].name;
            self.errors.push((index, ParamError::missing(name)));
        }
        self.value(index)
    }

    /// The optional parameter held in the field `field`: `None` when it is absent, or
    /// invalid (the reason is recorded).
    pub fn optional<T: DeserializeOwned>(&mut self, field: &'static str) -> Option<T> {
        let index = self.param_index(field)?;
        self.value(index)
    }

    /// The value of the parameter `index`, if it is present and valid.
    fn value<T: DeserializeOwned>(&mut self, index: usize) -> Option<T> {
        let raw = self.values[index].take()?;
        let param = &self.info.params[index];
        let shown = |raw: &Raw<'_>| raw.texts().join(",");
        let read = if param.json {
            let text = raw.texts().join(",");
            serde_json::from_str::<T>(&text).map_err(|e| ValueError(format!("expected JSON: {e}")))
        } else {
            T::deserialize(ValueDeserializer::new(raw.clone(), self.info.booleans))
        };
        let value = match read {
            Ok(value) => value,
            Err(error) => {
                let error = ParamError::invalid(param.name, &shown(&raw), param.sensitive, error.0);
                self.errors.push((index, error));
                return None;
            }
        };
        let broken = raw.find_text(&mut |text| {
            let broken = first_broken(param.rules, text)?;
            let rule = format!("must {}", broken.describe());
            Some(ParamError::invalid(param.name, text, param.sensitive, rule))
        });
        if let Some(error) = broken {
            self.errors.push((index, error));
            return None;
        }
        Some(value)
    }

    /// The request body, which the operation requires.
    pub fn body<T: DeserializeOwned>(&mut self) -> Option<T> {
        if self.body.is_none() {
            let index = self.info.params.len();
            self.errors.push((index, ParamError::missing("body")));
            return None;
        }
        self.optional_body()
    }

    /// The optional request body.
    pub fn optional_body<T: DeserializeOwned>(&mut self) -> Option<T> {
        let (content_type, bytes) = self.body.take()?;
        let index = self.info.params.len();
        let media = self
            .info
            .body
            .and_then(|body| crate::reply::match_media(body.media, content_type));
        let result = match media {
            Some(media) => decode_body(media, content_type, bytes, self.info.booleans),
            None => Err(format!("the media type {content_type:?} is not accepted")),
        };
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors
                    .push((index, ParamError::invalid("body", "", true, message)));
                None
            }
        }
    }

    /// `Ok` with the decoded parameters when no problem was recorded, else every problem, in
    /// the order of the parameters.
    pub fn finish<Op>(mut self, decoded: Option<Op>) -> Result<Op, ParamErrors> {
        self.errors.sort_by_key(|(index, _)| *index);
        let mut errors = ParamErrors::new();
        for (_, error) in self.errors {
            errors.push(error);
        }
        match decoded {
            Some(decoded) if errors.is_empty() => Ok(decoded),
            _ => Err(errors),
        }
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

/// The value of a `label` (`.a`) or `matrix` (`;name=a`) parameter without its prefix.
fn strip_prefix<'a>(param: &Param, value: Cow<'a, str>) -> Cow<'a, str> {
    let strip = |value: &str| -> String {
        match param.style {
            Style::Label => value.strip_prefix('.').unwrap_or(value).replace('.', ","),
            Style::Matrix => {
                let prefix = format!(";{}=", param.name);
                value
                    .split(';')
                    .filter(|piece| !piece.is_empty())
                    .map(|piece| piece.strip_prefix(&prefix[1..]).unwrap_or(piece))
                    .collect::<Vec<_>>()
                    .join(",")
            }
            _ => value.to_owned(),
        }
    };
    match param.style {
        Style::Label | Style::Matrix => Cow::Owned(strip(&value)),
        _ => value,
    }
}

/// A `simple` value: one text, a list split on commas, or an object's pairs.
fn split_simple<'a>(param: &Param, value: Cow<'a, str>) -> Raw<'a> {
    match param.shape {
        Shape::Scalar => Raw::Text(value),
        Shape::List => split(value, ','),
        Shape::Object if param.explode => Raw::Map(
            value
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| {
                    (
                        Cow::Owned(k.to_owned()),
                        Raw::Text(Cow::Owned(v.to_owned())),
                    )
                })
                .collect(),
        ),
        Shape::Object => pairs(split(value, ',')),
    }
}

fn split(value: Cow<'_, str>, separator: char) -> Raw<'_> {
    if value.is_empty() {
        return Raw::List(Vec::new());
    }
    Raw::List(
        value
            .split(separator)
            .map(|item| Raw::Text(Cow::Owned(item.to_owned())))
            .collect(),
    )
}

/// `k,v,k,v` as an object.
fn pairs(list: Raw<'_>) -> Raw<'_> {
    let Raw::List(items) = list else {
        return list;
    };
    let mut entries = Vec::with_capacity(items.len() / 2);
    let mut items = items.into_iter();
    while let (Some(Raw::Text(key)), Some(value)) = (items.next(), items.next()) {
        entries.push((key, value));
    }
    Raw::Map(entries)
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
