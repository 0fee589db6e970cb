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
    let fields = struct_fields(api, body)?;
    let has = |fields: &[Field], name: &str| fields.iter().any(|f| f.wire_name == name);
    if !(has(fields, "func") && has(fields, "module")) {
        return None;
    }
    let result = fields.iter().find(|f| f.wire_name == "result")?;
    let result_fields = struct_fields(api, &result.ty)?;
    if !(has(result_fields, "status") && has(result_fields, "errors")) {
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
        data: field("data"),
        metadata: field("metadata"),
    })
}

fn whm_envelope(api: &Api, body: &TypeRef) -> Option<Envelope> {
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
