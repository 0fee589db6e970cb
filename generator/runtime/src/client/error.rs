//! Everything a call can fail with, in words a person wants to read. No message or `Debug`
//! output shows a credential, a secret parameter or the request URL.

use std::fmt;

use reqwest::header::HeaderMap;

use crate::errors::ParamErrors;
use crate::operation::NoFailure;
use crate::reply::FailureBody;

/// What kind of transport failure stopped a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection: the name did not resolve, or the server refused or did not answer in
    /// the connect time limit.
    Connect,
    /// The TLS handshake failed, e.g. on a certificate the client does not trust.
    Tls,
    /// The request's time limit passed.
    Timeout,
    /// Anything else on the way: a dropped connection, a broken body.
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "could not connect",
            TransportKind::Tls => "TLS failed",
            TransportKind::Timeout => "timed out",
            TransportKind::Other => "the request failed",
        })
    }
}

/// Everything a call of an operation whose declared failure is `E` can fail with. Its `Debug`
/// shows the answer's headers with credentials redacted (a `Set-Cookie`, say).
#[non_exhaustive]
pub enum Error<E = NoFailure> {
    /// The client's settings are unusable; nothing was sent.
    Config {
        /// What is wrong.
        message: String,
    },
    /// The parameters break the API description; nothing was sent.
    InvalidParams(ParamErrors),
    /// No answer: the connection, TLS or the time limit failed.
    Transport {
        /// Which of them.
        kind: TransportKind,
        /// The underlying error, without the request URL.
        source: reqwest::Error,
    },
    /// A middleware of the client's stopped the request.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    /// The API answered with a failure it declares: a 4xx/5xx or `default` response, or the
    /// failure in the body of an API that answers HTTP 200 for failures too.
    Api {
        /// The HTTP status.
        status: u16,
        /// The answer's headers.
        headers: HeaderMap,
        /// The declared failure.
        body: E,
    },
    /// An HTTP status the API does not declare.
    Status {
        /// The HTTP status code.
        status: u16,
        /// The answer's headers.
        headers: HeaderMap,
        /// The first characters of the body, whitespace collapsed.
        body_excerpt: String,
    },
    /// An answer that is not JSON where JSON is declared, such as a login or error page.
    NotJson {
        /// The HTTP status code.
        status: u16,
        /// The `Content-Type` the server gave, if any.
        content_type: Option<String>,
        /// Whether the body is HTML, which usually means the credentials were refused or the
        /// URL points at something other than the API.
        html: bool,
        /// Why the body is not JSON, when it was meant to be.
        detail: Option<String>,
    },
    /// A streamed answer the client stopped reading: an event longer than it holds in memory,
    /// or a download whose answer or next chunk did not come within the client's time limit.
    Stream {
        /// What went wrong.
        message: String,
    },
    /// A header the success declares that is missing or does not match its schema.
    Header {
        /// The header's name as the API spells it.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A body that does not match the API description.
    Schema {
        /// Where in the body, e.g. `data.expires`.
        path: String,
        /// What does not match (without the value, if the field is secret).
        message: String,
    },
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::shown_headers::ShownHeaders;
        match self {
            Error::Config { message } => {
                f.debug_struct("Config").field("message", message).finish()
            }
            Error::InvalidParams(errors) => f.debug_tuple("InvalidParams").field(errors).finish(),
            Error::Transport { kind, source } => (f.debug_struct("Transport"))
                .field("kind", kind)
                .field("source", source)
                .finish(),
            Error::Middleware(err) => f.debug_tuple("Middleware").field(err).finish(),
            Error::Api {
                status,
                headers,
                body,
            } => (f.debug_struct("Api"))
                .field("status", status)
                .field("headers", &ShownHeaders(headers))
                .field("body", body)
                .finish(),
            Error::Status {
                status,
                headers,
                body_excerpt,
            } => (f.debug_struct("Status"))
                .field("status", status)
                .field("headers", &ShownHeaders(headers))
                .field("body_excerpt", body_excerpt)
                .finish(),
            Error::NotJson {
                status,
                content_type,
                html,
                detail,
            } => (f.debug_struct("NotJson"))
                .field("status", status)
                .field("content_type", content_type)
                .field("html", html)
                .field("detail", detail)
                .finish(),
            Error::Stream { message } => {
                f.debug_struct("Stream").field("message", message).finish()
            }
            Error::Header { name, message } => (f.debug_struct("Header"))
                .field("name", name)
                .field("message", message)
                .finish(),
            Error::Schema { path, message } => (f.debug_struct("Schema"))
                .field("path", path)
                .field("message", message)
                .finish(),
        }
    }
}

impl<E> Error<E> {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    /// A reqwest failure, classified, with the URL (and so the query) removed.
    pub(crate) fn transport(error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            TransportKind::Timeout
        } else if super::tls::describe(&error).is_some() {
            TransportKind::Tls
        } else if error.is_connect() {
            TransportKind::Connect
        } else {
            TransportKind::Other
        };
        Error::Transport {
            kind,
            source: error.without_url(),
        }
    }

    /// The HTTP status of an answer, for the errors that had one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Status { status, .. }
            | Error::NotJson { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The same error with the failure body made into another type (to gather the errors of
    /// several operations in one type, say).
    pub fn map_failure<F>(self, map: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Config { message } => Error::Config { message },
            Error::InvalidParams(errors) => Error::InvalidParams(errors),
            Error::Transport { kind, source } => Error::Transport { kind, source },
            Error::Middleware(error) => Error::Middleware(error),
            Error::Api {
                status,
                headers,
                body,
            } => Error::Api {
                status,
                headers,
                body: map(body),
            },
            Error::Status {
                status,
                headers,
                body_excerpt,
            } => Error::Status {
                status,
                headers,
                body_excerpt,
            },
            Error::NotJson {
                status,
                content_type,
                html,
                detail,
            } => Error::NotJson {
                status,
                content_type,
                html,
                detail,
            },
            Error::Stream { message } => Error::Stream { message },
            Error::Header { name, message } => Error::Header { name, message },
            Error::Schema { path, message } => Error::Schema { path, message },
        }
    }
}

impl<E: FailureBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { message } => write!(f, "invalid client settings: {message}"),
            Error::InvalidParams(errors) => {
                write!(f, "invalid parameters, nothing sent: {errors}")
            }
            Error::Transport { kind, source } => match super::tls::describe(source) {
                Some(tls) => write!(f, "{kind}: {tls}"),
                None => write!(f, "{kind}: {}", error_chain(source)),
            },
            Error::Middleware(error) => write!(f, "a middleware stopped the request: {error}"),
            Error::Api { status, body, .. } => {
                write!(f, "the API answered HTTP {status}: {}", body.describe())
            }
            Error::Status {
                status,
                body_excerpt,
                ..
            } if body_excerpt.is_empty() => {
                write!(f, "unexpected HTTP status {status} with an empty body")
            }
            Error::Status {
                status,
                body_excerpt,
                ..
            } => write!(f, "unexpected HTTP status {status}: {body_excerpt}"),
            Error::NotJson {
                status,
                content_type,
                html,
                detail,
            } => {
                let content_type = content_type.as_deref().unwrap_or("no content type");
                write!(
                    f,
                    "the server answered HTTP {status} ({content_type}), not JSON"
                )?;
                if let Some(detail) = detail {
                    write!(f, ": {detail}")?;
                }
                if *html {
                    f.write_str(
                        "; an HTML page usually means the credentials were refused (check the \
                         user and token or password) or the URL does not point at the API \
                         (check the host and port)",
                    )?;
                }
                Ok(())
            }
            Error::Stream { message } => write!(f, "the stream was cut off: {message}"),
            Error::Header { name, message } => {
                write!(f, "the answer's header `{name}` {message}")
            }
            Error::Schema { path, message } => write!(
                f,
                "the answer does not match the API description at `{path}`: {message}"
            ),
        }
    }
}

impl<E: FailureBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidParams(errors) => Some(errors),
            Error::Transport { source, .. } => Some(source),
            Error::Middleware(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

/// An error and its sources, `: `-separated, repeats skipped.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let message = inner.to_string();
        if !text.ends_with(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        source = inner.source();
    }
    text
}
