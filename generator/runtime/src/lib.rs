//! The runtime of crates generated from OpenAPI descriptions.
//!
//! A generated crate holds what its description decides: types, one parameter struct per
//! operation with a compact [`OperationInfo`], a thin client method and server trait method
//! per operation. Everything that is the same for every description lives here, written once:
//!
//! - [`request`]: parameters to a request (path, query, headers, cookies, body) and back, in
//!   the styles OpenAPI defines, with every problem reported by parameter ([`ParamErrors`]);
//! - [`rules`]: the checks a description's constraints become (`maxLength`, `pattern`, ...);
//! - [`reply`]: response bodies by status and media type, for both sides;
//! - [`headers`]: the typed headers a response declares, for both sides;
//! - [`client`] (feature `client`): an async client over reqwest;
//! - [`server`] (feature `server`): axum routing, extraction, authentication, answers;
//! - [`sse`] (feature `stream`): server-sent events, read and written; with `client` or
//!   `server`, bodies that stream;
//! - [`cpanel`] (feature `cpanel`): cPanel's response envelopes, for crates generated under
//!   the cPanel profile.

pub mod enums;
pub mod errors;
pub mod headers;
pub mod multipart;
pub mod object;
pub mod operation;
pub mod reply;
pub mod request;
pub mod rules;
pub mod secret;
pub mod tagged;
pub mod value;
pub mod vocab;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "cpanel")]
pub mod cpanel;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "stream")]
pub mod sse;

pub use enums::{InvalidEnumValue, WireEnum};
pub use errors::{ParamError, ParamErrors, ParamProblem};
pub use headers::{ResponseHeaders, WithHeaders};
pub use operation::{
    ApiInfo, BodyInfo, BodyMedia, Booleans, Envelope, Location, Media, Method, NoFailure, Opened,
    Operation, OperationInfo, Param, ResponseInfo, Scheme, SchemeKind, Server, Shape, Style,
};
pub use request::{Decoder, Request};
pub use rules::{Format, Pattern, PatternRun, Rule};
pub use secret::{Redacted, Secret};
pub use value::Binary;

// Generated code names these through the runtime, so that it needs no dependency of its own
// on them and always uses the versions the runtime was built with.
#[doc(hidden)]
pub use serde;
#[doc(hidden)]
pub use serde_json;
#[cfg(feature = "stream")]
#[doc(hidden)]
pub use {bytes, futures_core};
