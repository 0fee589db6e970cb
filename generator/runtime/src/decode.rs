//! The server's side: the parts of a request back to an operation's parameters
//! ([`Decoder`]), in the styles OpenAPI defines, checking the same rules as the client's
//! encoding and reporting every problem by parameter.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::body::{decode_body, match_media};
use crate::errors::{ParamError, ParamErrors};
use crate::operation::{OperationInfo, Param, Shape};
use crate::rules::first_broken;
use crate::value::{Raw, ValueDeserializer, ValueError};
use crate::vocab::{Location, Style};

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
            .and_then(|body| match_media(body.media, content_type));
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

/// The value of a `label` (`.a`) or `matrix` (`;name=a`) parameter without its prefix.
pub(crate) fn strip_prefix<'a>(param: &Param, value: Cow<'a, str>) -> Cow<'a, str> {
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
pub(crate) fn split_simple<'a>(param: &Param, value: Cow<'a, str>) -> Raw<'a> {
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
