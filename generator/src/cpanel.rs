//! cPanel's conventions, and nothing else: everything here is a rule cPanel's APIs follow
//! that an OpenAPI description does not state in standard terms.
//!
//! - WHM API 1 operations carry `x-cpanel-api-version: WHM API 1`; WHM needs `api.version=1`
//!   in the query or it silently answers with its legacy API 0.
//! - WHM answers HTTP 200 for failures too: the body is an envelope `{data, metadata}` whose
//!   `metadata.result` is 0 on failure, with `metadata.reason` saying why.
//! - operationIds are `Module-function` (`Tokens-api_token_create`); callers know the function.

use crate::model::{Api, Field, TypeKind, TypeRef};

/// The extension naming the cPanel API an operation belongs to.
pub const API_VERSION_EXTENSION: &str = "x-cpanel-api-version";
/// The extension naming the cPanel version that introduced an operation.
pub const AVAILABLE_VERSION_EXTENSION: &str = "x-cpanel-available-version";

/// The query pairs an operation must always send, from its `x-cpanel-api-version`.
pub fn fixed_query(api_version: Option<&str>) -> Vec<(String, String)> {
    match api_version.map(str::trim) {
        Some("WHM API 1") => vec![("api.version".to_owned(), "1".to_owned())],
        _ => Vec::new(),
    }
}

/// The Rust function name cPanel's users know an operation by: the part of a
/// `Module-function` operationId after the module.
pub fn function_name(operation_id: &str) -> &str {
    operation_id
        .rsplit_once('-')
        .map_or(operation_id, |(_, function)| function)
}

/// How a response body reports success, failure and its data.
#[derive(Debug, Clone, PartialEq)]
pub enum Envelope {
    /// WHM API 1: `{data, metadata: {command, reason, result, version}}`.
    Whm {
        /// The type of `data`, when the spec describes it.
        data: Option<TypeRef>,
        /// The type of `metadata`.
        metadata: TypeRef,
    },
}

/// Recognizes WHM's envelope in a response body: an object with a `metadata` object that has
/// an integer `result` and a `reason`.
pub fn envelope(api: &Api, body: &TypeRef) -> Option<Envelope> {
    let fields = struct_fields(api, body)?;
    let metadata = fields.iter().find(|f| f.wire_name == "metadata")?;
    let metadata_fields = struct_fields(api, &metadata.ty)?;
    let has = |name: &str| metadata_fields.iter().any(|f| f.wire_name == name);
    if !(has("result") && has("reason")) {
        return None;
    }
    Some(Envelope::Whm {
        data: fields
            .iter()
            .find(|f| f.wire_name == "data")
            .map(|f| f.ty.clone()),
        metadata: metadata.ty.clone(),
    })
}

/// The `Authorization` scheme of WHM API tokens: `Authorization: whm USER:TOKEN`.
pub const TOKEN_AUTH_SCHEME: &str = "whm";

/// The wire names of WHM's envelope: `{data, metadata: {command, reason, result, version}}`.
pub mod envelope_wire {
    pub const DATA: &str = "data";
    pub const METADATA: &str = "metadata";
    pub const COMMAND: &str = "command";
    pub const REASON: &str = "reason";
    pub const RESULT: &str = "result";
    pub const VERSION: &str = "version";
}

/// `metadata.result` of a call that succeeded.
pub const RESULT_SUCCESS: i64 = 1;
/// `metadata.result` of a call that failed; WHM then omits `data`.
pub const RESULT_FAILURE: i64 = 0;
/// `metadata.version` of WHM API 1 functions.
pub const METADATA_VERSION: i64 = 1;
/// The `metadata.reason` a server reports on success when the implementation gives none.
pub const DEFAULT_SUCCESS_REASON: &str = "OK";
/// The `metadata.reason` a server reports when it refuses a request's credentials.
pub const ACCESS_DENIED_REASON: &str = "Access denied";

/// Whether the API is WHM's: some operation answers with WHM's envelope. WHM accepts its
/// API tokens (`Authorization: whm USER:TOKEN`) besides the schemes a spec declares.
pub fn is_whm(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        matches!(
            op.response.as_ref().and_then(|r| r.envelope.as_ref()),
            Some(Envelope::Whm { .. })
        )
    })
}

fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [Field]> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match &api.type_def(name)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        TypeKind::Alias(inner) => struct_fields(api, inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whm_api_1_operations_send_api_version() {
        assert_eq!(
            fixed_query(Some("WHM API 1")),
            vec![("api.version".to_owned(), "1".to_owned())]
        );
        assert!(fixed_query(Some("UAPI")).is_empty());
        assert!(fixed_query(None).is_empty());
    }

    #[test]
    fn function_name_drops_the_module() {
        assert_eq!(function_name("Tokens-api_token_create"), "api_token_create");
        assert_eq!(function_name("create_user_session"), "create_user_session");
    }
}
