//! Profiles: the conventions of an API family that its descriptions do not state in OpenAPI's
//! own terms. A document is read under one profile, chosen here and only here:
//!
//! - [`Profile::Plain`]: OpenAPI as written, and nothing more;
//! - [`Profile::Cpanel`]: cPanel's WHM API 1 and UAPI (see `cpanel`), for a document that marks
//!   itself as cPanel's, or when the generator is told so.
//!
//! A profile names operations while they are lowered, then adjusts the lowered model: it adds
//! what its servers do beyond the description (query pairs, security schemes, envelopes), as
//! plain data the emitters write out without knowing whose convention it is.

pub mod cpanel;

use openapiv3::OpenAPI;

use crate::error::Warning;
use crate::model::Api;

/// The conventions a document is read under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Profile {
    /// OpenAPI as written.
    #[default]
    Plain,
    /// cPanel's conventions.
    Cpanel,
}

/// How the profile of each document is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProfileChoice {
    /// By the document's own markers (see [`Profile::detect`]).
    #[default]
    Auto,
    /// This profile for every document.
    Fixed(Profile),
}

impl Profile {
    /// The profile of `document`: the one `choice` fixes, or else cPanel's for a document
    /// that marks itself as cPanel's (`x-cpanel-...` extensions on operations, or a server at
    /// cPanel's `json-api`/`execute` paths on its ports), and plain for any other.
    pub fn detect(document: &OpenAPI, choice: ProfileChoice) -> Profile {
        match choice {
            ProfileChoice::Fixed(profile) => profile,
            ProfileChoice::Auto if cpanel::marks_itself(document) => Profile::Cpanel,
            ProfileChoice::Auto => Profile::Plain,
        }
    }

    /// The part of an operationId the Rust method is named after.
    pub fn operation_name(self, operation_id: &str) -> &str {
        match self {
            Profile::Plain => operation_id,
            Profile::Cpanel => cpanel::function_name(operation_id),
        }
    }

    /// Applies the profile to what the document `file` added: its operations, from
    /// `first_operation` on, and its types.
    pub fn apply(
        self,
        api: &mut Api,
        file: &str,
        first_operation: usize,
        warnings: &mut Vec<Warning>,
    ) {
        match self {
            Profile::Plain => {}
            Profile::Cpanel => cpanel::apply(api, file, first_operation, warnings),
        }
    }

    /// The profile's name, as `--profile` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Plain => "plain",
            Profile::Cpanel => "cpanel",
        }
    }
}
