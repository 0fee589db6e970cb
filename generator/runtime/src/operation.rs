//! What a generated crate says about its API and each operation, as data: the runtime reads
//! it to build and check requests, route and authenticate them, and read and write answers.

#[cfg(doc)]
use crate::Operation;
use crate::rules::Rule;
pub use crate::value::Booleans;
pub use crate::vocab::{Location, Media, Method, SchemeKind, Server, ServerVariable, Style};

/// The shape of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Scalar,
    /// An array.
    List,
    /// An object.
    Object,
}

/// One parameter of an operation. Built with `const fn`s:
/// `Param::query("user").required().rules(USER)`.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name as the API spells it.
    pub name: &'static str,
    /// The field of the operation's struct that holds it, as its `Serialize` names it: the
    /// same as `name` unless set with [`Param::field`].
    pub field: &'static str,
    /// Where it travels.
    pub location: Location,
    /// Whether every request must carry it.
    pub required: bool,
    /// How its value is written.
    pub style: Style,
    /// Whether arrays and objects are exploded (`explode`).
    pub explode: bool,
    /// The shape of its value.
    pub shape: Shape,
    /// A secret: never shown in messages.
    pub sensitive: bool,
    /// The checks its value (each item of an array) must pass.
    pub rules: &'static [Rule],
    /// It travels as JSON text (a parameter with `content: application/json`), not in a style.
    pub json: bool,
}

impl Param {
    /// A parameter at `location`, in its default style (OpenAPI's).
    const fn at(name: &'static str, location: Location) -> Self {
        let style = location.default_style();
        Param {
            name,
            field: name,
            location,
            required: false,
            style,
            explode: Location::default_explode(style),
            shape: Shape::Scalar,
            sensitive: false,
            rules: &[],
            json: false,
        }
    }

    /// A query parameter: style `form`, exploded.
    pub const fn query(name: &'static str) -> Self {
        Param::at(name, Location::Query)
    }

    /// A path parameter: style `simple`, required.
    pub const fn path(name: &'static str) -> Self {
        Param::at(name, Location::Path).required()
    }

    /// A header parameter: style `simple`.
    pub const fn header(name: &'static str) -> Self {
        Param::at(name, Location::Header)
    }

    /// A cookie parameter: style `form`, exploded.
    pub const fn cookie(name: &'static str) -> Self {
        Param::at(name, Location::Cookie)
    }

    /// It is held in the struct's field `field` (when that is not spelled as the API spells
    /// the parameter).
    pub const fn field(mut self, field: &'static str) -> Self {
        self.field = field;
        self
    }

    /// Every request must carry it.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Its values are secrets.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// The checks its value must pass.
    pub const fn rules(mut self, rules: &'static [Rule]) -> Self {
        self.rules = rules;
        self
    }

    /// Another style.
    pub const fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    /// Another `explode`.
    pub const fn explode(mut self, explode: bool) -> Self {
        self.explode = explode;
        self
    }

    /// Its value is an array.
    pub const fn list(mut self) -> Self {
        self.shape = Shape::List;
        self
    }

    /// Its value is an object.
    pub const fn object(mut self) -> Self {
        self.shape = Shape::Object;
        self
    }

    /// Its value travels as JSON text.
    pub const fn json(mut self) -> Self {
        self.json = true;
        self.shape = Shape::Scalar;
        self
    }
}

/// One media type a request body may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyMedia {
    /// The media type as the description writes it, e.g. `application/json`.
    pub content_type: &'static str,
    /// How it travels.
    pub media: Media,
}

impl BodyMedia {
    /// `content_type`, travelling as `media`.
    pub const fn new(content_type: &'static str, media: Media) -> Self {
        BodyMedia {
            content_type,
            media,
        }
    }
}

/// An operation's request body. The client sends the first media type; the server accepts
/// every one listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyInfo {
    /// Whether every request must carry a body.
    pub required: bool,
    /// The media types it may come in, the preferred first.
    pub media: &'static [BodyMedia],
}

impl BodyInfo {
    /// A body every request must carry, in one of `media`.
    pub const fn required(media: &'static [BodyMedia]) -> Self {
        BodyInfo {
            required: true,
            media,
        }
    }

    /// A body a request may carry, in one of `media`.
    pub const fn optional(media: &'static [BodyMedia]) -> Self {
        BodyInfo {
            required: false,
            media,
        }
    }
}

/// One declared response of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseInfo {
    /// The status as the description keys it: `200`, `2XX` or `default`.
    pub status: &'static str,
    /// The media type of its body (`""` when it has none).
    pub content_type: &'static str,
    /// How the body travels.
    pub media: Media,
    /// Whether it is a success ([`Operation::Output`]) or a failure ([`Operation::Failure`]).
    pub success: bool,
}

impl ResponseInfo {
    /// A success response with `status` and no body.
    pub const fn success(status: &'static str) -> Self {
        ResponseInfo {
            status,
            content_type: "",
            media: Media::Empty,
            success: true,
        }
    }

    /// A failure response with `status` and no body.
    pub const fn failure(status: &'static str) -> Self {
        ResponseInfo {
            success: false,
            ..ResponseInfo::success(status)
        }
    }

    /// The same response with a body of `content_type`, travelling as `media`.
    pub const fn media(mut self, content_type: &'static str, media: Media) -> Self {
        self.content_type = content_type;
        self.media = media;
        self
    }

    /// The same response with an `application/json` body.
    pub const fn json(self) -> Self {
        self.media("application/json", Media::Json)
    }

    /// Whether the response is declared for `status`: exactly, by its range (`4XX`), or as
    /// the `default`. Ranks exact matches first, ranges second, `default` last.
    pub fn rank(&self, status: u16) -> Option<u8> {
        let key = self.status.as_bytes();
        if self.status == "default" {
            return Some(2);
        }
        if key.len() == 3 && key[1..].eq_ignore_ascii_case(b"XX") {
            return (u16::from(key[0].wrapping_sub(b'0')) == status / 100).then_some(1);
        }
        (self.status.parse::<u16>().ok() == Some(status)).then_some(0)
    }

    /// The status the server answers with for this response: its code, the first of its range,
    /// or 200 for a success `default` and 500 for a failure `default`.
    pub fn default_status(&self) -> u16 {
        if let Ok(code) = self.status.parse() {
            return code;
        }
        match self.status.as_bytes().first() {
            Some(digit @ b'1'..=b'5') => u16::from(digit - b'0') * 100,
            _ if self.success => 200,
            _ => 500,
        }
    }
}

/// Wraps a success's data and a failure's reason in one JSON body answered with HTTP 200, the
/// way some APIs do (cPanel's). Given by the profile the crate was generated under.
#[derive(Debug)]
pub struct Envelope {
    /// What the convention is called, for messages.
    pub name: &'static str,
    /// Where the data is in a body, for messages (`data`, `result.data`).
    pub data_path: &'static str,
    /// A body's data, or the failure it reports.
    pub open: fn(&serde_json::Value) -> Opened<'_>,
    /// Writes the body of a success onto the bytes given: the envelope, with the success
    /// message if any, and the data where it goes, written by the [`WriteData`] given. (Bytes
    /// rather than a `serde_json::Value`: building the value tree and dropping it cost a
    /// server more than the rest of a request.)
    pub wrap: Wrap,
    /// The body of a failure with `reason`.
    pub fail: fn(&'static OperationInfo, &str) -> serde_json::Value,
}

/// Writes a success's body: see [`Envelope::wrap`].
pub type Wrap = fn(
    &'static OperationInfo,
    Option<&str>,
    &mut Vec<u8>,
    &mut WriteData<'_>,
) -> Result<(), String>;

/// Writes a success's data as JSON at the end of the bytes given, for [`Envelope::wrap`].
pub type WriteData<'a> = dyn FnMut(&mut Vec<u8>) -> Result<(), String> + 'a;

/// What an [`Envelope`] found in a body.
#[derive(Debug)]
pub enum Opened<'a> {
    /// A success, with its data.
    Data(&'a serde_json::Value),
    /// A failure: the JSON the operation's `Failure` reads.
    Failure(serde_json::Value),
    /// Not a body of the convention.
    Malformed {
        /// Where the body strays, e.g. `metadata.result`.
        path: String,
        /// How.
        message: String,
    },
}

/// One operation, as data: everything the runtime needs that is not a type.
#[derive(Debug)]
pub struct OperationInfo {
    /// The operationId.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template below the server's base URL, e.g. `/pets/{petId}`.
    pub path: &'static str,
    /// The parameters, each naming the struct field that holds it.
    pub params: &'static [Param],
    /// The request body, if the operation takes one.
    pub body: Option<BodyInfo>,
    /// The declared responses.
    pub responses: &'static [ResponseInfo],
    /// Whether [`Operation::Output`] is an enum by status (several success responses).
    pub output_by_status: bool,
    /// The security requirement: alternatives, each a set of schemes (by their names in
    /// [`ApiInfo::schemes`]) that must all be met. No alternatives, or an empty one, means
    /// anyone may call.
    pub security: &'static [&'static [&'static str]],
    /// Query pairs every request carries that the caller does not choose.
    pub fixed_query: &'static [(&'static str, &'static str)],
    /// How booleans are written.
    pub booleans: Booleans,
    /// The body convention of the API's profile, if it has one.
    pub envelope: Option<&'static Envelope>,
    /// Whether a GET operation is also served as a POSTed form (cPanel's servers do).
    pub form_posts: bool,
    /// Whether the method says what is safe to repeat (GET, PUT, DELETE, ... are), as HTTP
    /// defines it; not for an API that calls functions by GET whatever they do (cPanel's).
    pub method_says_idempotent: bool,
}

impl OperationInfo {
    /// An operation with nothing set: generated code takes the rest from it
    /// (`..OperationInfo::DEFAULT`).
    pub const DEFAULT: OperationInfo = OperationInfo {
        id: "",
        method: Method::Get,
        path: "/",
        params: &[],
        body: None,
        responses: &[],
        output_by_status: false,
        security: &[],
        fixed_query: &[],
        booleans: Booleans::Words,
        envelope: None,
        form_posts: false,
        method_says_idempotent: true,
    };

    /// The declared response for `status`, the most specific first.
    pub fn response(&self, status: u16) -> Option<&'static ResponseInfo> {
        self.responses
            .iter()
            .filter_map(|response| Some((response.rank(status)?, response)))
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, response)| response)
    }

    /// The success response the server answers with when [`Operation::Output`] is one type.
    pub fn success(&self) -> Option<&'static ResponseInfo> {
        self.responses.iter().find(|response| response.success)
    }

    /// Whether anyone may call the operation, without credentials.
    pub fn is_public(&self) -> bool {
        self.security.is_empty()
            || self
                .security
                .iter()
                .any(|alternative| alternative.is_empty())
    }
}

/// A security scheme of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The scheme's name in the description (`components.securitySchemes`).
    pub name: &'static str,
    /// How it carries credentials.
    pub kind: SchemeKind,
}

/// The API as a whole: its title, servers and security schemes.
#[derive(Debug)]
pub struct ApiInfo {
    /// The description's title.
    pub title: &'static str,
    /// Where it is served, the first being the default.
    pub servers: &'static [Server],
    /// Its security schemes; operations refer to them by name.
    pub schemes: &'static [Scheme],
}

impl ApiInfo {
    /// The position in [`ApiInfo::schemes`] of the scheme called `name`.
    pub fn scheme_index(&self, name: &str) -> Option<usize> {
        self.schemes.iter().position(|scheme| scheme.name == name)
    }

    /// The scheme called `name`.
    pub fn scheme(&self, name: &str) -> Option<&'static Scheme> {
        self.schemes.iter().find(|scheme| scheme.name == name)
    }
}

/// The failure type of an operation that declares no failure response: there is no value of
/// it, so the client's `Error::Api` never happens for such an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFailure {}

impl<'de> serde::Deserialize<'de> for NoFailure {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "the operation declares no failure response",
        ))
    }
}

impl std::fmt::Display for NoFailure {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn response(status: &'static str, success: bool) -> ResponseInfo {
        ResponseInfo {
            status,
            content_type: "application/json",
            media: Media::Json,
            success,
        }
    }

    #[test]
    fn the_most_specific_declared_response_matches() {
        static INFO: OperationInfo = OperationInfo {
            responses: &[
                response("default", false),
                response("2XX", true),
                response("404", false),
            ],
            ..OperationInfo::DEFAULT
        };
        assert_eq!(INFO.response(404).unwrap().status, "404");
        assert_eq!(INFO.response(201).unwrap().status, "2XX");
        assert_eq!(INFO.response(500).unwrap().status, "default");
        assert_eq!(response("4XX", false).default_status(), 400);
        assert_eq!(response("default", false).default_status(), 500);
        assert_eq!(response("201", true).default_status(), 201);
    }

    #[test]
    fn public_operations() {
        let mut info = OperationInfo::DEFAULT;
        assert!(info.is_public());
        info.security = &[&["BasicAuth"]];
        assert!(!info.is_public());
        info.security = &[&["BasicAuth"], &[]];
        assert!(info.is_public());
    }
}
