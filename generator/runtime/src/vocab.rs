//! The words an operation is described in, shared by the generator (which reads them from a
//! description) and the runtime (which acts on them): one definition of each, with its
//! defaults, available without any feature.

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method as HTTP writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// In the path, filling `{name}` in the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl Location {
    /// The style a parameter here has when the description names none (OpenAPI's default).
    pub const fn default_style(self) -> Style {
        match self {
            Location::Query | Location::Cookie => Style::Form,
            Location::Path | Location::Header => Style::Simple,
        }
    }

    /// The `explode` a parameter of `style` has when the description does not say: true for
    /// `form` only (OpenAPI's default).
    pub const fn default_explode(style: Style) -> bool {
        matches!(style, Style::Form)
    }
}

/// How a parameter's value is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// `form`: `name=a&name=b` (exploded) or `name=a,b`.
    Form,
    /// `simple`: `a,b`.
    Simple,
    /// `label`: `.a.b` (exploded) or `.a,b`.
    Label,
    /// `matrix`: `;name=a;name=b` (exploded) or `;name=a,b`.
    Matrix,
    /// `spaceDelimited`: `name=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited`: `name=a|b`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// How a body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Media {
    /// JSON (`application/json`, `*+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: text parts, and file parts for binary fields.
    Multipart,
    /// Text (`text/plain` and other text types): a `String`.
    Text,
    /// Bytes (`application/octet-stream` and anything else): [`crate::Binary`].
    Binary,
    /// No body.
    Empty,
}

impl Media {
    /// The media of a content type a generated crate can carry, or `None`.
    pub fn of(content_type: &str) -> Option<Media> {
        let essence = essence(content_type);
        Some(match essence.as_str() {
            "application/json" => Media::Json,
            json if json.ends_with("+json") || json == "text/json" => Media::Json,
            "application/x-www-form-urlencoded" => Media::Form,
            "multipart/form-data" => Media::Multipart,
            text if text.starts_with("text/") => Media::Text,
            "application/octet-stream" | "*/*" => Media::Binary,
            binary
                if binary.starts_with("image/")
                    || binary.starts_with("audio/")
                    || binary.starts_with("video/")
                    || binary == "application/pdf"
                    || binary == "application/zip" =>
            {
                Media::Binary
            }
            _ => return None,
        })
    }
}

/// The media type of server-sent events, which the client asks for and the server answers with.
pub const EVENT_STREAM: &str = "text/event-stream";

/// The essence of a media type: type and subtype, lower case, without parameters
/// (`Text/Plain; charset=utf-8` is `text/plain`).
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// How a security scheme carries credentials. `S` is how its words are held: `&'static str`
/// in a generated crate's statics, `String` in the generator's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemeKind<S = &'static str> {
    /// HTTP Basic: `Authorization: Basic base64(user:password)`.
    Basic,
    /// HTTP Bearer: `Authorization: Bearer token`.
    Bearer,
    /// Another HTTP scheme whose credentials are a user and a token:
    /// `Authorization: SCHEME user:token`.
    UserToken {
        /// The scheme word.
        scheme: S,
    },
    /// An API key in a header, query parameter or cookie of this name.
    ApiKey {
        /// Where the key travels (never in the path).
        location: Location,
        /// The header, parameter or cookie name.
        name: S,
    },
}

/// A server the API is served from, from the description's `servers`. `S` is how its words
/// are held and `V` its list of variables: `&'static` in a generated crate's statics, owned
/// in the generator's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Server<S = &'static str, V = &'static [ServerVariable]> {
    /// The URL template, e.g. `https://{host}:{port}/json-api`.
    pub url: S,
    /// What the description says of it.
    pub description: Option<S>,
    /// The template's `{name}` placeholders with their defaults, in the description's order.
    pub variables: V,
}

/// One `{name}` placeholder of a server's URL template, with its default value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServerVariable<S = &'static str> {
    /// The placeholder's name.
    pub name: S,
    /// The value it has when none is set.
    pub default: S,
    /// What the description says of it.
    pub description: Option<S>,
}

/// Words in a header's name that say its value may be a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "auth",
    "cookie",
    "token",
    "key",
    "secret",
    "session",
    "password",
    "signature",
];

/// Whether a header named `name` may carry a credential (`Set-Cookie`, `Authorization`, one
/// whose name speaks of a token, key, secret or session): the client keeps such values out of
/// `Debug` output, and the generator types them as secrets.
pub fn is_credential_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    CREDENTIAL_WORDS.iter().any(|word| name.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_by_essence() {
        assert_eq!(
            Media::of("Application/JSON; charset=utf-8"),
            Some(Media::Json)
        );
        assert_eq!(Media::of("application/problem+json"), Some(Media::Json));
        assert_eq!(Media::of("text/csv"), Some(Media::Text));
        assert_eq!(Media::of("image/png"), Some(Media::Binary));
        assert_eq!(Media::of("application/xml"), None);
        assert_eq!(essence(" Text/Plain ; q=1"), "text/plain");
    }

    #[test]
    fn openapi_defaults_by_location() {
        assert_eq!(Location::Query.default_style(), Style::Form);
        assert_eq!(Location::Cookie.default_style(), Style::Form);
        assert_eq!(Location::Path.default_style(), Style::Simple);
        assert_eq!(Location::Header.default_style(), Style::Simple);
        assert!(Location::default_explode(Style::Form));
        assert!(!Location::default_explode(Style::DeepObject));
    }

    #[test]
    fn credential_headers_are_known_by_their_names() {
        for name in ["Set-Cookie", "authorization", "X-Api-Key", "X-Session-Id"] {
            assert!(super::is_credential_header(name), "{name}");
        }
        for name in ["Content-Type", "ETag", "X-Rate-Limit"] {
            assert!(!super::is_credential_header(name), "{name}");
        }
    }
}
