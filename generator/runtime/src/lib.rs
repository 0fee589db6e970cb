//! The runtime of crates generated from OpenAPI descriptions.
//!
//! A generated crate holds what its description decides: types, one parameter struct per
//! operation implementing [`Operation`], a thin client method and server trait method per
//! operation. Everything that is the same for every description lives here, written once:
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
//! - [`Operation`]: an operation's parameters, answers and description as data;
//! - [`reply`]: answers by status and media type, for both sides.
//!
//! What generated code writes to describe an operation is in [`operation`] (its parameters,
//! bodies, answers and security schemes), [`vocab`] (the words shared with the generator:
//! methods, styles, media, servers) and [`rules`] (the checks a description's constraints
//! become). What generated code calls and a user never does is in a hidden module of its own.

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

// Plumbing only generated code names (`object!`'s tables, enums' serde glue, tagged unions):
// reached through `__private`.
mod enums;
mod object;
mod tagged;

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
pub use operation::NoFailure;
pub use secret::{Redacted, Secret};
pub use value::Binary;

/// JSON values, the type of a schema that says nothing of its values' shape (and of the
/// properties an open object keeps beside the ones it names).
pub mod json {
    pub use serde_json::{Map, Value};
}

/// What generated code calls and a user never does: the server's reader of parameters, a
/// compiled pattern's pieces, what an envelope finds, the glue of generated types (structs'
/// field tables, enums' lookups, tagged unions), and the crates generated code names through
/// the runtime (so that it needs no dependency of its own on them and always uses the
/// versions the runtime was built with).
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{Decoder, Incoming};
    pub use crate::operation::{Booleans, Envelope, Opened, Shape, Wrap, WriteData};
    pub use crate::rules::PatternRun;
    pub use serde;
    pub use serde_json;
    #[cfg(feature = "stream")]
    pub use {bytes, futures_core};

    /// A generated struct's field table, which `object!` makes into its impls.
    pub use crate::__object as object;

    /// All of a generated integer enum but its definition: its values, bound to its variants.
    pub use crate::__integer_enum as integer_enum;
    /// All of a generated string enum but its definition: its values, bound to its variants.
    pub use crate::__string_enum as string_enum;

    /// What `object!` implements, and the pieces it calls.
    pub mod object {
        pub use crate::object::*;
    }

    /// The serde glue of a generated enum.
    pub mod enums {
        pub use crate::enums::{deserialize_int, deserialize_str};
    }

    /// A union's reading: by its tag, or by trying each branch.
    pub mod tagged {
        pub use crate::tagged::*;
    }
}
