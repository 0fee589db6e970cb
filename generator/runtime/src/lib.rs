//! The runtime of crates generated from OpenAPI descriptions.
//!
//! A generated crate holds what its description decides: types, one parameter struct per
//! operation implementing [`Operation`] (with the operation as data, an [`OperationInfo`]),
//! a thin client method and server trait method per operation. Everything that is the same
//! for every description lives here, written once:
//!
//! - [`client`] (feature `client`): an async client over reqwest;
//! - [`server`] (feature `server`): axum routing, extraction, authentication, answers;
//! - [`headers`]: the typed headers a response declares, for both sides;
//! - [`sse`] (feature `stream`): server-sent events, read and written; with `client` or
//!   `server`, bodies that stream;
//! - [`cpanel`] (feature `cpanel`): cPanel's response envelopes, for crates generated under
//!   the cPanel profile;
//! - [`Secret`]: values redacted from `Debug` output and messages;
//! - [`ParamErrors`]: every problem with a request's parameters, by parameter;
//! - [`operation`], [`vocab`] and [`rules`]: an operation as data (its parameters, styles,
//!   media types, security schemes) and the checks a description's constraints become;
//! - [`reply`]: answers by status and media type, for both sides.
//!
//! What generated code calls and a user never does is in a hidden module of its own.

mod body;
mod contract;
mod decode;
mod encode;
mod multipart;
mod serializer;
mod value;

pub mod errors;
pub mod headers;
pub mod operation;
pub mod reply;
pub mod rules;
pub mod secret;
pub mod vocab;

// Plumbing generated code names by path (`rt::object!`'s tables, enums' serde glue, tagged
// unions): public for that, and out of the documentation.
#[doc(hidden)]
pub mod enums;
#[doc(hidden)]
pub mod object;
#[doc(hidden)]
pub mod tagged;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "cpanel")]
pub mod cpanel;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "stream")]
pub mod sse;

pub use body::Body;
pub use contract::Operation;
pub use encode::Request;
pub use enums::{InvalidEnumValue, WireEnum};
pub use errors::{ParamError, ParamErrors, ParamProblem};
pub use headers::{ResponseHeaders, WithHeaders};
pub use operation::{
    ApiInfo, BodyInfo, BodyMedia, NoFailure, OperationInfo, Param, ResponseInfo, Scheme, Server,
};
pub use rules::{Format, Pattern, Rule};
pub use secret::{Redacted, Secret};
pub use value::Binary;
pub use vocab::{Location, Media, Method, SchemeKind, Style};

/// What generated code calls and a user never does: the server's reader of parameters, a
/// compiled pattern's pieces, what an envelope finds, and the crates generated code names
/// through the runtime (so that it needs no dependency of its own on them and always uses
/// the versions the runtime was built with).
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{Decoder, Incoming};
    pub use crate::enums::{deserialize_int, deserialize_str};
    pub use crate::object;
    pub use crate::operation::{Booleans, Envelope, Opened, Shape, Wrap, WriteData};
    pub use crate::rules::PatternRun;
    pub use crate::tagged;
    pub use serde;
    pub use serde_json;
    #[cfg(feature = "stream")]
    pub use {bytes, futures_core};
}

// The paths these had before `__private`, for code written against them.
#[doc(hidden)]
pub use __private::{
    Booleans, Decoder, Envelope, Incoming, Opened, PatternRun, Shape, serde, serde_json,
};
