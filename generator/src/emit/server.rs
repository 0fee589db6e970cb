//! The generated crate's `server` module (feature `server`): axum server stubs.
//!
//! What it emits, from the model alone:
//! - `Credentials`, parsed from the `Authorization` header, and the `Authenticate` hook the
//!   implementer supplies to accept or refuse them before any operation runs;
//! - `Api`, a trait with one async method per operation (caller and validated parameters in,
//!   `Success` with the typed data or a `Failure` out);
//! - `router`, which serves every operation under the base path of the spec's server URL.
//!
//! Operations that answer with WHM's envelope get it on success and on failure (HTTP 200,
//! `metadata.result` 0 and a reason); others answer their body, and 400 with the reason.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, ident, rust_type};
use crate::cpanel::{self, Envelope};
use crate::model::{Api, Method, Operation, ParamLocation};

pub fn emit(api: &Api) -> TokenStream {
    let credentials = credentials(api);
    let outcomes = outcomes();
    let authenticate = authenticate_trait();
    let api_trait = api_trait(api);
    let router = router(api);
    let handlers = api.operations.iter().map(|op| handler(api, op));
    let responses = responses(api);
    quote! {
        #![doc = " Server stubs for the API over axum (feature `server`)."]
        #![doc = ""]
        #![doc = " Implement [`Api`] (one method per operation) and [`Authenticate`] (which callers to"]
        #![doc = " admit), then serve [`router`]. Requests are authenticated first, then their"]
        #![doc = " parameters are parsed and validated; a method only ever sees valid parameters."]
        #credentials
        #outcomes
        #authenticate
        #api_trait
        #router
        #(#handlers)*
        #responses
    }
}

/// The path part of the first server URL, e.g. `/json-api` from `https://{host}:{port}/json-api`.
fn base_path(api: &Api) -> String {
    let Some(server) = api.servers.first() else {
        return String::new();
    };
    let url = server.url_template.as_str();
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        after_scheme.find('/').map_or("", |at| &after_scheme[at..])
    } else {
        after_scheme
    };
    path.trim_end_matches('/').to_owned()
}

/// Whether the operation's responses are WHM envelopes.
fn wrapped(op: &Operation) -> bool {
    matches!(
        op.response.as_ref().and_then(|r| r.envelope.as_ref()),
        Some(Envelope::Whm { .. })
    )
}

/// The type an operation's method returns on success: the envelope's `data`, or the body.
fn data_type(op: &Operation) -> TokenStream {
    match &op.response {
        Some(response) => match &response.envelope {
            Some(Envelope::Whm { data: Some(ty), .. }) => rust_type(ty),
            Some(Envelope::Whm { data: None, .. }) => quote!(()),
            // UAPI bodies are served whole: the implementation builds the envelope.
            Some(Envelope::Uapi { .. }) | None => rust_type(&response.body),
        },
        None => quote!(()),
    }
}

fn credentials(api: &Api) -> TokenStream {
    let whm = cpanel::is_whm(api);
    let token_scheme = cpanel::TOKEN_AUTH_SCHEME;
    let token_variant = whm.then(|| {
        let doc = format!(" `Authorization: {token_scheme} USER:TOKEN`: an API token.");
        quote! {
            #[doc = #doc]
            Token {
                /// The user the token belongs to.
                user: ::std::string::String,
                /// The token.
                token: ::std::string::String,
            },
        }
    });
    let token_arms = whm.then(|| {
        quote! {
            Credentials::Token { user, .. } => user,
        }
    });
    let token_secret_arms = whm.then(|| {
        quote! {
            Credentials::Token { token, .. } => token,
        }
    });
    let token_debug = whm.then(|| {
        quote! {
            Credentials::Token { user, .. } => f
                .debug_struct("Token")
                .field("user", user)
                .field("token", &crate::support::Redacted)
                .finish(),
        }
    });
    let token_parse = whm.then(|| {
        quote! {
            if scheme.eq_ignore_ascii_case(#token_scheme) {
                let (user, token) = rest.split_once(':')?;
                if user.is_empty() {
                    return ::core::option::Option::None;
                }
                return ::core::option::Option::Some(Credentials::Token {
                    user: user.to_owned(),
                    token: token.to_owned(),
                });
            }
        }
    });
    let header_doc = if whm {
        format!(
            " Reads `Authorization: Basic BASE64(USER:PASSWORD)` or `Authorization: {token_scheme} USER:TOKEN`;"
        )
    } else {
        " Reads `Authorization: Basic BASE64(USER:PASSWORD)`;".to_owned()
    };
    quote! {
        /// The credentials a request presents in its `Authorization` header.
        ///
        /// `Debug` shows the user but never the secret.
        #[derive(Clone, PartialEq, Eq)]
        pub enum Credentials {
            /// `Authorization: Basic ...`: a user name and password.
            Basic {
                /// The user name.
                user: ::std::string::String,
                /// The password.
                password: ::std::string::String,
            },
            #token_variant
        }

        impl Credentials {
            /// Parses the value of an `Authorization` header.
            #[doc = #header_doc]
            /// `None` for any other scheme, or a value that is not well formed.
            pub fn from_authorization(value: &str) -> ::core::option::Option<Self> {
                let (scheme, rest) = value.trim().split_once(' ')?;
                let rest = rest.trim();
                if scheme.eq_ignore_ascii_case("basic") {
                    let decoded = ::base64::Engine::decode(
                        &::base64::engine::general_purpose::STANDARD,
                        rest,
                    )
                    .ok()?;
                    let text = ::std::string::String::from_utf8(decoded).ok()?;
                    let (user, password) = text.split_once(':')?;
                    if user.is_empty() {
                        return ::core::option::Option::None;
                    }
                    return ::core::option::Option::Some(Credentials::Basic {
                        user: user.to_owned(),
                        password: password.to_owned(),
                    });
                }
                #token_parse
                ::core::option::Option::None
            }

            /// The user the credentials name.
            pub fn user(&self) -> &str {
                match self {
                    Credentials::Basic { user, .. } => user,
                    #token_arms
                }
            }

            /// The secret: the password or the token. Compare it in constant time.
            pub fn secret(&self) -> &str {
                match self {
                    Credentials::Basic { password, .. } => password,
                    #token_secret_arms
                }
            }
        }

        impl ::core::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    Credentials::Basic { user, .. } => f
                        .debug_struct("Basic")
                        .field("user", user)
                        .field("password", &crate::support::Redacted)
                        .finish(),
                    #token_debug
                }
            }
        }
    }
}

fn outcomes() -> TokenStream {
    let default_reason = cpanel::DEFAULT_SUCCESS_REASON;
    let default_doc = format!(" The data with the reason `{default_reason}`.");
    quote! {
        /// What an operation answers on success: its data, and the reason the response reports.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Success<T> {
            /// The operation's data.
            pub data: T,
            /// The success message, e.g. `Created session`.
            pub reason: ::std::string::String,
        }

        impl<T> Success<T> {
            #[doc = #default_doc]
            pub fn new(data: T) -> Self {
                Success {
                    data,
                    reason: ::std::string::String::from(#default_reason),
                }
            }

            /// The same data with another success message.
            pub fn with_reason(mut self, reason: impl ::core::convert::Into<::std::string::String>) -> Self {
                self.reason = reason.into();
                self
            }
        }

        impl<T> ::core::convert::From<T> for Success<T> {
            fn from(data: T) -> Self {
                Success::new(data)
            }
        }

        /// Why an operation failed, as the response's reason reports it to the caller.
        ///
        /// The reason is sent to the caller as it is: it must not contain secrets.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Failure {
            reason: ::std::string::String,
        }

        impl Failure {
            /// A failure with this reason.
            pub fn new(reason: impl ::core::convert::Into<::std::string::String>) -> Self {
                Failure { reason: reason.into() }
            }

            /// The reason.
            pub fn reason(&self) -> &str {
                &self.reason
            }
        }

        impl ::core::fmt::Display for Failure {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.reason)
            }
        }

        impl ::std::error::Error for Failure {}

        /// What an operation's method returns.
        pub type Outcome<T> = ::core::result::Result<Success<T>, Failure>;
    }
}

fn authenticate_trait() -> TokenStream {
    quote! {
        /// The authentication hook: decides which credentials are admitted, and who they are.
        ///
        /// It runs before any operation. A request without credentials, with an
        /// `Authorization` header that cannot be read, or whose credentials this hook refuses,
        /// is answered 401 and never reaches the [`Api`].
        pub trait Authenticate: ::core::marker::Send + ::core::marker::Sync + 'static {
            /// Who the caller is, as the operations see it.
            type Caller: ::core::marker::Send + 'static;

            /// The caller these credentials identify, or `None` to refuse them. Compare
            /// secrets in constant time and never log them.
            fn authenticate(
                &self,
                credentials: &Credentials,
            ) -> impl ::core::future::Future<Output = ::core::option::Option<Self::Caller>>
                   + ::core::marker::Send;
        }
    }
}

fn api_trait(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| {
        let name = ident(&op.fn_name);
        let params = ident(&op.params_type);
        let data = data_type(op);
        let heading = format!(
            " `{}` ({} `{}`){}",
            op.wire_id,
            op.method.as_str(),
            op.path,
            op.summary
                .as_deref()
                .map(|s| format!(": {s}."))
                .unwrap_or_default()
        );
        let description = doc(op.description.as_deref());
        let description = (!description.is_empty()).then(|| quote!(#[doc = ""] #description));
        quote! {
            #[doc = #heading]
            #description
            #[doc = ""]
            #[doc = " Runs after the caller is authenticated and the parameters are validated."]
            fn #name(
                &self,
                caller: Self::Caller,
                params: crate::params::#params,
            ) -> impl ::core::future::Future<Output = Outcome<#data>> + ::core::marker::Send;
        }
    });
    quote! {
        /// The operations of the API, one method each, for a server to implement.
        pub trait Api: ::core::marker::Send + ::core::marker::Sync + 'static {
            /// Who the caller is: what the [`Authenticate`] hook returns.
            type Caller: ::core::marker::Send + 'static;

            #(#methods)*
        }
    }
}

fn handler_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("handle_{}", op.fn_name.trim_start_matches("r#"))
}

fn method_routing(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(get),
        Method::Put => quote!(put),
        Method::Post => quote!(post),
        Method::Delete => quote!(delete),
        Method::Options => quote!(options),
        Method::Head => quote!(head),
        Method::Patch => quote!(patch),
        Method::Trace => quote!(trace),
    }
}

/// The `Allow` header for a path: the methods the spec documents there (HEAD with GET).
/// POSTed forms are served for GET operations too, as cPanel's own client sends them, but
/// they are not part of the documented interface, so `Allow` does not list them.
fn allow(api: &Api, path: &str) -> String {
    let mut methods: Vec<&str> = Vec::new();
    for op in api.operations.iter().filter(|op| op.path == path) {
        methods.push(op.method.as_str());
        if op.method == Method::Get {
            methods.push(Method::Head.as_str());
        }
    }
    methods.dedup();
    methods.join(", ")
}

fn router(api: &Api) -> TokenStream {
    let base = base_path(api);
    let mut by_path: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_path.entry(op.path.as_str()).or_default().push(op);
    }
    let routes = by_path.iter().map(|(path, ops)| {
        let full = format!("{base}{path}");
        let has_post = ops.iter().any(|op| op.method == Method::Post);
        let mut chain: Vec<TokenStream> = Vec::new();
        for op in ops {
            let handler = handler_name(op);
            let method = method_routing(op.method);
            chain.push(quote!(#method(#handler::<A, H>)));
            // Like cPanel's own API client, callers may POST a form instead of a query string.
            if op.method == Method::Get && !has_post {
                chain.push(quote!(post(#handler::<A, H>)));
            }
        }
        let (first, rest) = chain.split_first().expect("every path has an operation");
        let allow = allow(api, path);
        quote! {
            .route(
                #full,
                ::axum::routing::#first #(.#rest)*
                    .fallback(|| async { not_allowed(#allow) }),
            )
        }
    });
    let paths: Vec<String> = by_path.keys().map(|p| format!(" - `{base}{p}`")).collect();
    quote! {
        /// The state every handler shares.
        struct Shared<A, H> {
            api: A,
            auth: H,
        }

        /// A router serving every operation of the API at its path:
        ///
        #(#[doc = #paths])*
        ///
        /// GET operations take their parameters from the query string, or from an
        /// `application/x-www-form-urlencoded` body when POSTed.
        pub fn router<A, H>(api: A, auth: H) -> ::axum::Router
        where
            A: Api,
            H: Authenticate<Caller = A::Caller>,
        {
            let shared = ::std::sync::Arc::new(Shared { api, auth });
            ::axum::Router::new()
                #(#routes)*
                .with_state(shared)
        }
    }
}

fn handler(api: &Api, op: &Operation) -> TokenStream {
    let name = handler_name(op);
    let method = ident(&op.fn_name);
    let params = ident(&op.params_type);
    let command = cpanel::function_name(&op.wire_id);
    let wrapped = wrapped(op);
    let has_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
    // Path parameters are read before the body, as an extractor before it would be.
    let path_extract = has_path.then(|| {
        quote! {
            let path = match <::axum::extract::RawPathParams as ::axum::extract::FromRequestParts<()>>::from_request_parts(&mut parts, &()).await {
                ::core::result::Result::Ok(path) => path,
                ::core::result::Result::Err(rejection) => {
                    return ::axum::response::IntoResponse::into_response(rejection);
                }
            };
        }
    });
    let path_pairs = if has_path {
        quote! {
            let path_pairs: ::std::vec::Vec<(&str, &str)> = path.iter().collect();
        }
    } else {
        quote! {
            let path_pairs: [(&str, &str); 0] = [];
        }
    };
    let doc = format!(" Serves `{}`.", op.wire_id);
    let allow = allow(api, &op.path);
    quote! {
        #[doc = #doc]
        ///
        /// It takes the request whole, so that nothing is copied: the headers are read in
        /// place, and the body only for a POSTed form.
        async fn #name<A, H>(
            ::axum::extract::State(shared): ::axum::extract::State<::std::sync::Arc<Shared<A, H>>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response
        where
            A: Api,
            H: Authenticate<Caller = A::Caller>,
        {
            let (mut parts, body) = request.into_parts();
            #path_extract
            let form = match form_body(&mut parts, body, #allow).await {
                ::core::result::Result::Ok(form) => form,
                ::core::result::Result::Err(response) => return response,
            };
            let caller = match authenticate(&shared.auth, &parts.headers).await {
                ::core::result::Result::Ok(caller) => caller,
                ::core::result::Result::Err(reason) => return unauthorized(#command, #wrapped, reason),
            };
            #path_pairs
            let pairs = path_pairs
                .into_iter()
                .map(|(key, value)| (::std::borrow::Cow::Borrowed(key), ::std::borrow::Cow::Borrowed(value)))
                .chain(::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes()))
                .chain(::form_urlencoded::parse(&form));
            let params = match crate::params::#params::from_pairs(pairs) {
                ::core::result::Result::Ok(params) => params,
                ::core::result::Result::Err(errors) => {
                    return failure(#command, #wrapped, &errors.to_string());
                }
            };
            respond(#command, #wrapped, shared.api.#method(caller, params).await)
        }
    }
}

fn responses(api: &Api) -> TokenStream {
    use cpanel::envelope_wire as wire;
    let (data, metadata, command, reason, result, version) = (
        wire::DATA,
        wire::METADATA,
        wire::COMMAND,
        wire::REASON,
        wire::RESULT,
        wire::VERSION,
    );
    let (success, failed, metadata_version) = (
        cpanel::RESULT_SUCCESS,
        cpanel::RESULT_FAILURE,
        cpanel::METADATA_VERSION,
    );
    let denied = cpanel::ACCESS_DENIED_REASON;
    let missing = format!("{denied}: the request has no credentials");
    let malformed = format!("{denied}: the Authorization header cannot be read");
    let mut challenges = vec![format!(
        "Basic realm=\"{}\"",
        api.titles
            .first()
            .map_or("API", String::as_str)
            .chars()
            .filter(|c| *c == ' ' || (c.is_ascii_graphic() && !matches!(c, '"' | '\\')))
            .collect::<String>()
    )];
    if cpanel::is_whm(api) {
        challenges.push(cpanel::TOKEN_AUTH_SCHEME.to_owned());
    }
    let challenge = challenges.join(", ");
    quote! {
        /// The body of a POST form, an empty one for other methods (whose body is never read),
        /// or the response refusing the request: 405 for a POST whose body is not a form, and
        /// axum's own answer for a body it cannot read (413 over axum's `DefaultBodyLimit`,
        /// 2 MB unless the router sets another; 400 for a body that breaks off).
        async fn form_body(
            parts: &mut ::axum::http::request::Parts,
            body: ::axum::body::Body,
            allow: &'static str,
        ) -> ::core::result::Result<::axum::body::Bytes, ::axum::response::Response> {
            if parts.method != ::axum::http::Method::POST {
                return ::core::result::Result::Ok(::axum::body::Bytes::new());
            }
            let is_form = parts
                .headers
                .get(::axum::http::header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split(';').next())
                .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
            if !is_form {
                return ::core::result::Result::Err(not_allowed(allow));
            }
            // axum's `Bytes` extractor reads the limit from the request's extensions; the
            // handler needs nothing else from them.
            let mut request = ::axum::extract::Request::new(body);
            *request.extensions_mut() = ::core::mem::take(&mut parts.extensions);
            <::axum::body::Bytes as ::axum::extract::FromRequest<()>>::from_request(request, &())
                .await
                .map_err(::axum::response::IntoResponse::into_response)
        }

        /// 405 for a method the path does not serve (or a POST whose body is not a form),
        /// with the documented methods in `Allow`.
        fn not_allowed(allow: &'static str) -> ::axum::response::Response {
            ::axum::response::IntoResponse::into_response((
                ::axum::http::StatusCode::METHOD_NOT_ALLOWED,
                [(::axum::http::header::ALLOW, allow)],
            ))
        }

        /// The caller the hook admits, or the reason the request is refused.
        async fn authenticate<H: Authenticate>(
            auth: &H,
            headers: &::axum::http::HeaderMap,
        ) -> ::core::result::Result<H::Caller, &'static str> {
            let ::core::option::Option::Some(value) = headers.get(::axum::http::header::AUTHORIZATION) else {
                return ::core::result::Result::Err(#missing);
            };
            let credentials = value.to_str().ok().and_then(Credentials::from_authorization);
            let ::core::option::Option::Some(credentials) = credentials else {
                return ::core::result::Result::Err(#malformed);
            };
            auth.authenticate(&credentials).await.ok_or(#denied)
        }

        /// WHM's response envelope.
        #[derive(::serde::Serialize)]
        struct Envelope<'a, T> {
            #[serde(rename = #data, skip_serializing_if = "::core::option::Option::is_none")]
            data: ::core::option::Option<T>,
            #[serde(rename = #metadata)]
            metadata: EnvelopeMetadata<'a>,
        }

        /// The `metadata` of WHM's response envelope.
        #[derive(::serde::Serialize)]
        struct EnvelopeMetadata<'a> {
            #[serde(rename = #command)]
            command: &'a str,
            #[serde(rename = #reason)]
            reason: &'a str,
            #[serde(rename = #result)]
            result: i64,
            #[serde(rename = #version)]
            version: i64,
        }

        /// A JSON response; a body that cannot be encoded becomes a failure.
        fn json<T: ::serde::Serialize>(
            status: ::axum::http::StatusCode,
            command: &str,
            wrapped: bool,
            body: &T,
        ) -> ::axum::response::Response {
            match ::serde_json::to_vec(body) {
                ::core::result::Result::Ok(bytes) => ::axum::response::IntoResponse::into_response((
                    status,
                    [(::axum::http::header::CONTENT_TYPE, "application/json")],
                    bytes,
                )),
                ::core::result::Result::Err(_) => failure(command, wrapped, "the response could not be encoded"),
            }
        }

        /// The failure response: WHM's envelope with HTTP 200, else 400 with the reason.
        fn failure(command: &str, wrapped: bool, reason: &str) -> ::axum::response::Response {
            if !wrapped {
                return ::axum::response::IntoResponse::into_response((
                    ::axum::http::StatusCode::BAD_REQUEST,
                    reason.to_owned(),
                ));
            }
            let envelope: Envelope<'_, ()> = Envelope {
                data: ::core::option::Option::None,
                metadata: EnvelopeMetadata { command, reason, result: #failed, version: #metadata_version },
            };
            let bytes = ::serde_json::to_vec(&envelope).unwrap_or_default();
            ::axum::response::IntoResponse::into_response((
                ::axum::http::StatusCode::OK,
                [(::axum::http::header::CONTENT_TYPE, "application/json")],
                bytes,
            ))
        }

        /// The 401 response for a request whose credentials are missing or refused.
        fn unauthorized(command: &str, wrapped: bool, reason: &str) -> ::axum::response::Response {
            let mut response = failure(command, wrapped, reason);
            *response.status_mut() = ::axum::http::StatusCode::UNAUTHORIZED;
            response.headers_mut().insert(
                ::axum::http::header::WWW_AUTHENTICATE,
                ::axum::http::HeaderValue::from_static(#challenge),
            );
            response
        }

        /// The response for what an operation's method returned.
        fn respond<T: ::serde::Serialize>(
            command: &str,
            wrapped: bool,
            outcome: Outcome<T>,
        ) -> ::axum::response::Response {
            match outcome {
                ::core::result::Result::Ok(success) if wrapped => json(
                    ::axum::http::StatusCode::OK,
                    command,
                    wrapped,
                    &Envelope {
                        data: ::core::option::Option::Some(success.data),
                        metadata: EnvelopeMetadata {
                            command,
                            reason: &success.reason,
                            result: #success,
                            version: #metadata_version,
                        },
                    },
                ),
                ::core::result::Result::Ok(success) => json(::axum::http::StatusCode::OK, command, wrapped, &success.data),
                ::core::result::Result::Err(error) => failure(command, wrapped, error.reason()),
            }
        }
    }
}
