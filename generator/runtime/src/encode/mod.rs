//! The client's side: an operation's parameters to the parts of a request
//! ([`Request::encode`]), in the styles OpenAPI defines, checking every rule and reporting
//! every problem by parameter. The server's side reads them back the same way
//! (`crate::decode`); the two share no code but the rules and the value model.

mod fields;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::body::{Body, items, joined};
use crate::errors::{ParamError, ParamErrors};
use crate::operation::{OperationInfo, Param, Shape};
use crate::rules::first_broken;
use crate::value::Encoded;
use crate::vocab::{Location, Style};
use fields::FieldsSerializer;

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

impl Request {
    /// The request for the parameters `params` of the operation `info`, after checking every
    /// parameter; every problem is reported.
    pub fn encode_info<T: Serialize + ?Sized>(
        params: &T,
        info: &'static OperationInfo,
    ) -> Result<Request, ParamErrors> {
        let (request, errors) = encode(params, info);
        errors.into_result(request)
    }

    /// The request for `params` of `info` as far as it can be made, without checking it.
    pub fn encode_info_unchecked<T: Serialize + ?Sized>(
        params: &T,
        info: &'static OperationInfo,
    ) -> Request {
        encode(params, info).0
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

fn encode<T: Serialize + ?Sized>(op: &T, info: &'static OperationInfo) -> (Request, ParamErrors) {
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

pub(crate) fn collect_texts<'v>(value: &'v Encoded, out: &mut Vec<&'v str>) {
    match value {
        Encoded::Text(text) => out.push(text),
        Encoded::List(items) => items.iter().for_each(|item| collect_texts(item, out)),
        Encoded::Map(entries) => entries.iter().for_each(|(_, v)| collect_texts(v, out)),
        Encoded::Absent | Encoded::Bytes(_) => {}
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

pub(crate) fn path_value(param: &Param, value: &Encoded) -> String {
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
