//! cPanel's conventions, and nothing else: everything here is a rule cPanel's APIs follow
//! that an OpenAPI description does not state in standard terms.
//!
//! - WHM API 1 operations carry `x-cpanel-api-version: WHM API 1`; WHM needs `api.version=1`
//!   in the query or it silently answers with its legacy API 0.
//! - WHM answers HTTP 200 for failures too: the body is an envelope `{data, metadata}` whose
//!   `metadata.result` is 0 on failure, with `metadata.reason` saying why.
//! - UAPI answers with `{apiversion, func, module, result: {status, errors, warnings, messages,
//!   metadata, data}}`, where `result.status` 0 is a failure and `result.errors` says why.
//! - operationIds are `Module-function` (`Tokens-api_token_create`); callers know the function.
//! - WHM's API tokens authenticate with `Authorization: whm USER:TOKEN`, a scheme cPanel's
//!   descriptions do not declare (they declare only `BasicAuth`).

use crate::model::{Api, Field, IntegerWidth, Operation, TypeKind, TypeRef};

/// The extension naming the cPanel API an operation belongs to.
pub const API_VERSION_EXTENSION: &str = "x-cpanel-api-version";
/// The extension naming the cPanel version that introduced an operation.
pub const AVAILABLE_VERSION_EXTENSION: &str = "x-cpanel-available-version";

/// The `x-cpanel-api-version` of WHM API 1 operations.
pub const WHM_API_1: &str = "WHM API 1";
/// The query key that selects WHM's API version, and the value that selects API 1.
const WHM_API_VERSION_PAIR: (&str, &str) = ("api.version", "1");

/// The query pairs an operation must always send, from its `x-cpanel-api-version`.
pub fn fixed_query(api_version: Option<&str>) -> Vec<(String, String)> {
    match api_version.map(str::trim) {
        Some(WHM_API_1) => vec![(
            WHM_API_VERSION_PAIR.0.to_owned(),
            WHM_API_VERSION_PAIR.1.to_owned(),
        )],
        _ => Vec::new(),
    }
}

/// Whether an operation belongs to WHM API 1 (it sends `api.version=1`).
pub fn is_whm_api_1(op: &Operation) -> bool {
    op.fixed_query
        .iter()
        .any(|(key, value)| (key.as_str(), value.as_str()) == WHM_API_VERSION_PAIR)
}

/// An authentication scheme cPanel's servers accept that the descriptions do not declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAuth {
    /// The `Authorization` scheme word: the header is `Authorization: SCHEME USER:TOKEN`.
    pub scheme: &'static str,
    /// What the token is called in documentation, e.g. `WHM API token`.
    pub label: &'static str,
}

/// WHM's API token scheme, when the API is WHM's.
pub fn token_auth(api: &Api) -> Option<TokenAuth> {
    is_whm(api).then_some(TokenAuth {
        scheme: TOKEN_AUTH_SCHEME,
        label: "WHM API token",
    })
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
    /// UAPI: `{apiversion, func, module, result: {status, errors, warnings, messages, metadata,
    /// data}}`; `result.status` 0 is a failure, `result.errors` the reasons.
    Uapi {
        /// The type of `result`.
        result: TypeRef,
        /// The type of `result.data`, when the spec describes it.
        data: Option<TypeRef>,
        /// The type of `result.metadata`, when the spec describes it.
        metadata: Option<TypeRef>,
    },
}

/// Recognizes WHM's envelope in a response body (an object with a `metadata` object that has
/// an integer `result` and a `reason`), or UAPI's (an object with `func`, `module` and a
/// `result` object that has `status` and `errors`).
pub fn envelope(api: &Api, body: &TypeRef) -> Option<Envelope> {
    whm_envelope(api, body).or_else(|| uapi_envelope(api, body))
}

fn uapi_envelope(api: &Api, body: &TypeRef) -> Option<Envelope> {
    use uapi_wire as wire;
    let fields = struct_fields(api, body)?;
    let has = |fields: &[Field], name: &str| fields.iter().any(|f| f.wire_name == name);
    if !(has(fields, wire::FUNC) && has(fields, wire::MODULE)) {
        return None;
    }
    let result = fields.iter().find(|f| f.wire_name == wire::RESULT)?;
    let result_fields = struct_fields(api, &result.ty)?;
    if !(has(result_fields, wire::STATUS) && has(result_fields, wire::ERRORS)) {
        return None;
    }
    let field = |name: &str| {
        result_fields
            .iter()
            .find(|f| f.wire_name == name)
            .map(|f| f.ty.clone())
    };
    Some(Envelope::Uapi {
        result: result.ty.clone(),
        data: field(wire::DATA),
        metadata: field(wire::METADATA),
    })
}

/// The wire names of UAPI's envelope:
/// `{apiversion, func, module, result: {status, errors, warnings, messages, metadata, data}}`.
pub mod uapi_wire {
    pub const FUNC: &str = "func";
    pub const MODULE: &str = "module";
    pub const RESULT: &str = "result";
    pub const STATUS: &str = "status";
    pub const ERRORS: &str = "errors";
    pub const DATA: &str = "data";
    pub const METADATA: &str = "metadata";
}

/// UAPI's `result.status` of a call that succeeded; anything else is a failure.
pub const UAPI_STATUS_SUCCESS: i64 = 1;

fn whm_envelope(api: &Api, body: &TypeRef) -> Option<Envelope> {
    let fields = struct_fields(api, body)?;
    let metadata = fields
        .iter()
        .find(|f| f.wire_name == envelope_wire::METADATA)?;
    let metadata_fields = struct_fields(api, &metadata.ty)?;
    let has = |name: &str| metadata_fields.iter().any(|f| f.wire_name == name);
    if !(has(envelope_wire::RESULT) && has(envelope_wire::REASON)) {
        return None;
    }
    Some(Envelope::Whm {
        data: fields
            .iter()
            .find(|f| f.wire_name == envelope_wire::DATA)
            .map(|f| f.ty.clone()),
        metadata: metadata.ty.clone(),
    })
}

/// Where the parts of WHM's envelope are, by wire and Rust name, for code that reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct WhmEnvelopeFields {
    /// The wire name of the body's `metadata` object.
    pub metadata: String,
    /// The wire name of the body's `data`, when the spec describes it.
    pub data: Option<String>,
    /// The Rust name of `metadata.result` (a required integer or integer enum) and its type.
    pub result: (String, TypeRef),
    /// The Rust name of `metadata.reason`, and whether it is an `Option`.
    pub reason: (String, bool),
    /// The Rust name of `metadata.command`, and whether it is an `Option`, if the spec has it.
    pub command: Option<(String, bool)>,
    /// The value of `result` that means success.
    pub success: i64,
}

/// The fields a client reads from WHM's envelope, if `body` is one whose parts have types a
/// client can check: a required `metadata` object with a required integer `result` and a
/// string `reason`. `None` otherwise, and the body is then read as a whole.
pub fn whm_envelope_fields(api: &Api, body: &TypeRef) -> Option<WhmEnvelopeFields> {
    let fields = struct_fields(api, body)?;
    let metadata = fields
        .iter()
        .find(|f| f.wire_name == envelope_wire::METADATA)?;
    if metadata.is_optional() {
        return None;
    }
    let metadata_fields = struct_fields(api, &metadata.ty)?;
    let field = |name: &str| metadata_fields.iter().find(|f| f.wire_name == name);
    let result =
        field(envelope_wire::RESULT).filter(|f| !f.is_optional() && is_integer(api, &f.ty))?;
    let reason = field(envelope_wire::REASON).filter(|f| f.ty == TypeRef::String)?;
    let command = field(envelope_wire::COMMAND).filter(|f| f.ty == TypeRef::String);
    Some(WhmEnvelopeFields {
        metadata: metadata.wire_name.clone(),
        data: fields
            .iter()
            .find(|f| f.wire_name == envelope_wire::DATA)
            .map(|f| f.wire_name.clone()),
        result: (result.rust_name.clone(), result.ty.clone()),
        reason: (reason.rust_name.clone(), reason.is_optional()),
        command: command.map(|f| (f.rust_name.clone(), f.is_optional())),
        success: RESULT_SUCCESS,
    })
}

/// Whether `i64::from` takes a value of this type: integers and integer enums.
fn is_integer(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Integer(IntegerWidth::I32 | IntegerWidth::I64) => true,
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::IntegerEnum(_)) => true,
            Some(TypeKind::Alias(inner)) => is_integer(api, inner),
            _ => false,
        },
        _ => false,
    }
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

/// Whether the API is WHM's: some operation is WHM API 1 or answers with WHM's envelope.
/// WHM accepts its API tokens (`Authorization: whm USER:TOKEN`) besides the schemes a spec
/// declares.
pub fn is_whm(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        is_whm_api_1(op)
            || matches!(
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
