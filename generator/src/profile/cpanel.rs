//! cPanel's conventions, and nothing else: every rule here is one cPanel's APIs follow that
//! their descriptions do not state in OpenAPI's terms.
//!
//! - A description is cPanel's when its operations carry `x-cpanel-...` extensions or its
//!   server is a cPanel server (`https://{host}:{port}/json-api` or `/execute`, on one of
//!   cPanel's ports).
//! - operationIds are `Module-function` (`Tokens-api_token_create`); callers know the function.
//! - WHM API 1 operations carry `x-cpanel-api-version: WHM API 1`; WHM needs `api.version=1`
//!   in the query or it silently answers with its legacy API 0.
//! - WHM answers HTTP 200 for failures too: the body is an envelope `{data, metadata}` whose
//!   `metadata.result` is 0 on failure, with `metadata.reason` saying why. UAPI's envelope is
//!   `{apiversion, func, module, result: {status, errors, ..., data}}`. The operation's value
//!   is the envelope's data; the runtime's `cpanel` module reads and writes the envelopes.
//! - WHM's API tokens authenticate with `Authorization: whm USER:TOKEN`, cPanel's (UAPI) with
//!   `Authorization: cpanel USER:TOKEN`: schemes the descriptions do not declare (they declare
//!   only `BasicAuth`).
//! - Booleans are `1` and `0`, and a GET function is served as a POSTed form too (in the
//!   runtime's `cpanel` operation bases). Integer enums of just 0 and 1 whose values the
//!   description does not name are such flags: the runtime's `cpanel::Flag`.

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::Warning;
use crate::model::*;

/// The extension naming the cPanel API an operation belongs to.
pub const API_VERSION_EXTENSION: &str = "x-cpanel-api-version";
/// The extension naming the cPanel version that introduced an operation.
pub const AVAILABLE_VERSION_EXTENSION: &str = "x-cpanel-available-version";
/// The `x-cpanel-api-version` of WHM API 1 operations.
pub const WHM_API_1: &str = "WHM API 1";
/// The ports cPanel's services listen on.
const PORTS: [&str; 6] = ["2082", "2083", "2086", "2087", "2095", "2096"];

/// Whether a document marks itself as cPanel's.
pub fn marks_itself(document: &OpenAPI) -> bool {
    let extension = document.paths.paths.values().any(|item| match item {
        ReferenceOr::Item(item) => item
            .iter()
            .any(|(_, op)| op.extensions.keys().any(|key| key.starts_with("x-cpanel-"))),
        ReferenceOr::Reference { .. } => false,
    });
    let server = document.servers.iter().any(|server| {
        let api_path = server.url.ends_with("/json-api") || server.url.ends_with("/execute");
        let port =
            server.variables.iter().flatten().any(|(name, variable)| {
                name == "port" && PORTS.contains(&variable.default.as_str())
            });
        api_path && (port || PORTS.iter().any(|p| server.url.contains(&format!(":{p}/"))))
    });
    extension || server
}

/// The Rust function name cPanel's users know an operation by: the part of a
/// `Module-function` operationId after the module.
pub fn function_name(operation_id: &str) -> &str {
    operation_id
        .rsplit_once('-')
        .map_or(operation_id, |(_, function)| function)
}

/// The query pair that selects WHM API 1: without it WHM answers with its legacy API 0.
pub const API_VERSION_1: (&str, &str) = ("api.version", "1");

/// The envelope found around a success body.
struct Found {
    kind: Envelope,
    /// The type of the data it holds: the operation's output.
    data: TypeRef,
    /// The named types that make up the envelope around the data (UAPI's has two levels):
    /// the runtime reads them, so they are generated only if something else uses them.
    wrappers: Vec<String>,
}

/// Applies cPanel's conventions to the operations from `first` on, and the types of `file`.
pub fn apply(api: &mut Api, file: &str, first: usize, warnings: &mut Vec<Warning>) {
    flags(api, file);
    let mut whm = false;
    let mut uapi = false;
    // Whether each operation from `first` on says it is WHM API 1.
    let mut whm_api_1 = Vec::new();
    for index in first..api.operations.len() {
        let op = &api.operations[index];
        let versioned = op
            .extensions
            .get(API_VERSION_EXTENSION)
            .and_then(|v| v.as_str())
            .is_some_and(|v| v.trim() == WHM_API_1);
        let envelope = match &op.output {
            Output::Single(body) => envelope(api, body),
            Output::ByStatus(_) => None,
        };
        let since = op
            .extensions
            .get(AVAILABLE_VERSION_EXTENSION)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
        let op = &mut api.operations[index];
        if let Some(since) = since {
            let line = format!("Available since cPanel & WHM version {since}.");
            op.description = Some(match op.description.take() {
                Some(description) => format!("{description}\n\n{line}"),
                None => line,
            });
        }
        let kind = envelope.as_ref().map(|e| e.kind);
        op.family = Family::Cpanel { envelope: kind };
        if versioned {
            // First, as WHM's own clients send it; beside any pair the path itself fixes.
            let (key, value) = API_VERSION_1;
            op.fixed_query.insert(0, (key.to_owned(), value.to_owned()));
        }
        if let Some(Found {
            kind,
            data,
            wrappers,
        }) = envelope
        {
            op.output = Output::Single(data.clone());
            op.failure = Failure::Envelope(kind);
            for response in op.responses.iter_mut().filter(|r| r.success) {
                response.ty = Some(data.clone());
            }
            // Failures travel in the envelope, with HTTP 200; another status (a 401 with a
            // login page, say) is not the API's answer, and the client reports it as it is.
            for dropped in op.responses.iter().filter(|r| !r.success) {
                if let Some(source) = &dropped.source {
                    warnings.push(Warning {
                        file: source.file.clone(),
                        pointer: source.pointer.clone(),
                        message: "this failure is not typed: cPanel answers failures with \
                                  HTTP 200 and says why in the envelope, which is what the \
                                  client reads; this status comes back as `Error::Status`, \
                                  with the start of its body"
                            .to_owned(),
                    });
                }
            }
            op.responses.retain(|r| r.success);
            match kind {
                Envelope::Whm => whm = true,
                Envelope::Uapi => uapi = true,
            }
            api.envelopes.extend(wrappers);
        } else if versioned {
            whm = true;
        }
        whm_api_1.push(versioned);
    }
    let whm_scheme = whm.then(|| {
        add_scheme(
            api,
            "WhmApiToken",
            "whm",
            "A WHM API token: `Authorization: whm USER:TOKEN`.",
        )
    });
    let uapi_scheme = uapi.then(|| {
        add_scheme(
            api,
            "CpanelApiToken",
            "cpanel",
            "A cPanel API token: `Authorization: cpanel USER:TOKEN`.",
        )
    });
    for (op, versioned) in api.operations[first..].iter_mut().zip(whm_api_1) {
        let token = match op.family.envelope() {
            Some(Envelope::Uapi) => uapi_scheme,
            Some(Envelope::Whm) => whm_scheme,
            None if versioned => whm_scheme,
            None => None,
        };
        if let Some(token) = token
            && !op.is_public()
            && !op
                .security
                .iter()
                .any(|alternative| alternative == &[token])
        {
            op.security.push(vec![token.to_owned()]);
        }
    }
    if !api.runtime_features.contains(&RuntimeFeature::Cpanel) {
        api.runtime_features.push(RuntimeFeature::Cpanel);
    }
}

/// Integer enums of `file` with the values 0 and 1, unnamed (`V0`, `V1`): cPanel's flags,
/// the runtime's `Flag` (the enum's name stays, as an alias).
fn flags(api: &mut Api, file: &str) {
    for def in api.types.iter_mut().filter(|def| def.source.file == file) {
        let TypeKind::IntegerEnum(e) = &def.kind else {
            continue;
        };
        let mut values: Vec<(i64, &str)> = e
            .variants
            .iter()
            .map(|v| (v.value, v.rust_name.as_str()))
            .collect();
        values.sort();
        if values == [(0, "V0"), (1, "V1")] {
            def.kind = TypeKind::Alias(TypeRef::Runtime(RuntimeType::CpanelFlag));
        }
    }
}

/// Adds (once) a scheme of `Authorization: WORD USER:TOKEN`, called `name`; its name.
fn add_scheme(api: &mut Api, name: &'static str, word: &str, description: &str) -> &'static str {
    if api.schemes.iter().any(|s| s.name == name) {
        return name;
    }
    api.schemes.push(SecurityScheme {
        name: name.to_owned(),
        hook: crate::naming::value_name(name),
        kind: SchemeKind::UserToken {
            scheme: word.to_owned(),
        },
        description: Some(description.to_owned()),
    });
    name
}

/// Recognizes WHM's envelope in a response body (an object with a `metadata` object that has a
/// `result` and a `reason`), or UAPI's (an object with `func`, `module` and a `result` object
/// that has `status` and `errors`), and the type of the data it holds.
fn envelope(api: &Api, body: &TypeRef) -> Option<Found> {
    let fields = struct_fields(api, body)?;
    let field =
        |fields: &'_ [Field], name: &str| fields.iter().find(|f| f.wire_name == name).cloned();
    if let Some(metadata) = field(fields, "metadata") {
        let metadata_fields = struct_fields(api, &metadata.ty)?;
        if field(metadata_fields, "result").is_some() && field(metadata_fields, "reason").is_some()
        {
            return Some(Found {
                kind: Envelope::Whm,
                data: field(fields, "data").map_or(TypeRef::Json, |f| f.ty),
                wrappers: type_name(body).into_iter().collect(),
            });
        }
    }
    if field(fields, "func").is_some() && field(fields, "module").is_some() {
        let result = field(fields, "result")?;
        let result_fields = struct_fields(api, &result.ty)?;
        if field(result_fields, "status").is_some() && field(result_fields, "errors").is_some() {
            return Some(Found {
                kind: Envelope::Uapi,
                data: field(result_fields, "data").map_or(TypeRef::Json, |f| f.ty),
                wrappers: [type_name(body), type_name(&result.ty)]
                    .into_iter()
                    .flatten()
                    .collect(),
            });
        }
    }
    None
}

/// The name of a named type.
fn type_name(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
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
    fn function_name_drops_the_module() {
        assert_eq!(function_name("Tokens-api_token_create"), "api_token_create");
        assert_eq!(function_name("create_user_session"), "create_user_session");
    }
}
