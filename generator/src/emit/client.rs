//! The generated crate's `client` module (feature `client`): an async client over reqwest
//! (rustls), with one method per operation.
//!
//! What depends on the spec is emitted from the model: the server template and its
//! variables, the authentication schemes, the operations and the secret fields. cPanel's
//! conventions (WHM's token scheme, its envelope) come from `crate::cpanel`; everything else
//! is a fixed fragment.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{doc, ident, rust_type};
use crate::cpanel::{self, Envelope, WhmEnvelopeFields};
use crate::model::{Api, AuthKind, IntegerWidth, Operation, ParamLocation, TypeKind, TypeRef};
use crate::naming;

pub fn emit(api: &Api) -> TokenStream {
    let server = server(api);
    let auth = auth(api);
    let builder = builder(api);
    let client = client();
    let methods = api.operations.iter().map(|op| operation(api, op));
    let errors = errors();
    let body = body(api);
    let uapi_verdict = api.operations.iter().any(is_uapi).then(uapi_verdict);
    quote! {
        #![doc = " An async client for the API (feature `client`), over reqwest with rustls."]
        #![doc = ""]
        #![doc = " Build a [`Client`] with [`Client::builder`], then call one method per operation."]
        #![doc = " Every method checks its parameters before sending, and every failure, from the"]
        #![doc = " connection to the API's own verdict, is an [`Error`]."]

        #[doc(no_inline)]
        pub use ::reqwest;

        /// Installs rustls's *ring* crypto provider as the process default, unless the
        /// application installed one already.
        ///
        /// This crate builds reqwest's rustls on ring, which compiles in seconds, instead of
        /// reqwest's default aws-lc-rs, whose C build takes minutes. The client calls this
        /// itself; call it first if the process also builds reqwest clients of its own, since
        /// reqwest's TLS needs a provider to be installed.
        pub fn install_tls_provider() {
            if ::rustls::crypto::CryptoProvider::get_default().is_none() {
                let _ = ::rustls::crypto::ring::default_provider().install_default();
            }
        }

        #server
        #auth
        #builder
        #client

        impl Client {
            #(#methods)*
        }

        #errors
        #body
        #uapi_verdict
    }
}

/// Whether the operation answers with UAPI's envelope.
fn is_uapi(op: &Operation) -> bool {
    matches!(
        op.response.as_ref().and_then(|r| r.envelope.as_ref()),
        Some(Envelope::Uapi { .. })
    )
}

/// UAPI answers HTTP 200 for failures too; `result.status` says which it is.
fn uapi_verdict() -> TokenStream {
    use cpanel::uapi_wire as wire;
    let success = Literal::i64_unsuffixed(cpanel::UAPI_STATUS_SUCCESS);
    let status_path = format!("{}.{}", wire::RESULT, wire::STATUS);
    let (result, status, errors, func) = (wire::RESULT, wire::STATUS, wire::ERRORS, wire::FUNC);
    quote! {
        /// UAPI's verdict on a call: `Ok` when `result.status` is success, else
        /// [`Error::Api`] with `result.errors` as the reason.
        fn uapi_verdict(body: &Body) -> ::core::result::Result<(), Error> {
            let result = body.0.get(#result);
            let status = result
                .and_then(|result| result.get(#status))
                .and_then(::serde_json::Value::as_i64)
                .ok_or_else(|| Error::Schema {
                    path: ::std::string::String::from(#status_path),
                    message: ::std::string::String::from("missing, or not an integer"),
                })?;
            if status == #success {
                return ::core::result::Result::Ok(());
            }
            let reason = result
                .and_then(|result| result.get(#errors))
                .and_then(::serde_json::Value::as_array)
                .map(|errors| {
                    errors
                        .iter()
                        .map(|error| error.as_str().map_or_else(|| error.to_string(), str::to_owned))
                        .collect::<::std::vec::Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            ::core::result::Result::Err(Error::Api {
                command: body.0.get(#func).and_then(::serde_json::Value::as_str).map(str::to_owned),
                reason,
                result: status,
            })
        }
    }
}

// ---------------------------------------------------------------------------------------
// The server: the spec's URL template and its variables.

fn server(api: &Api) -> TokenStream {
    let template = match api.servers.first() {
        Some(server) => {
            let url = &server.url_template;
            quote!(::core::option::Option::Some(#url))
        }
        None => quote!(::core::option::Option::None),
    };
    let variables = api
        .servers
        .first()
        .map(|server| &server.variables[..])
        .unwrap_or_default()
        .iter()
        .map(|v| {
            let (name, default) = (&v.name, &v.default);
            quote!((#name, #default))
        });
    quote! {
        /// The server URL template of the API description, whose `{variables}` the
        /// [`ClientBuilder`] fills in.
        pub const SERVER_URL_TEMPLATE: ::core::option::Option<&str> = #template;

        /// The variables of [`SERVER_URL_TEMPLATE`] and their defaults, in template order.
        pub const SERVER_VARIABLES: &[(&str, &str)] = &[#(#variables),*];

        /// The server template filled in with the variables that were set (the last value
        /// given for each) and the defaults of the others.
        fn server_url(
            set: &[(&'static str, ::std::string::String)],
        ) -> ::core::result::Result<::reqwest::Url, Error> {
            let ::core::option::Option::Some(template) = SERVER_URL_TEMPLATE else {
                return ::core::result::Result::Err(Error::config(
                    "the API description names no server: give the client a base URL",
                ));
            };
            let mut url = template.to_owned();
            for (name, default) in SERVER_VARIABLES {
                let value = set
                    .iter()
                    .rev()
                    .find(|(set_name, _)| set_name == name)
                    .map_or(*default, |(_, value)| value.as_str());
                let unfit = |c: char| {
                    matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control()
                };
                if value.is_empty() || value.contains(unfit) {
                    return ::core::result::Result::Err(Error::config(::std::format!(
                        "invalid server `{name}` {:?}: expected a bare name or number, without a scheme or path",
                        crate::support::shorten(value),
                    )));
                }
                url = url.replace(&::std::format!("{{{name}}}"), value);
            }
            parse_base_url(&url)
        }

        /// A base URL the client can put paths below: http or https, with a host, and no
        /// credentials, query or fragment of its own.
        fn parse_base_url(text: &str) -> ::core::result::Result<::reqwest::Url, Error> {
            let url = ::reqwest::Url::parse(text).map_err(|error| {
                Error::config(::std::format!("invalid base URL {:?}: {error}", crate::support::shorten(text)))
            })?;
            let problem = if !matches!(url.scheme(), "http" | "https") {
                ::core::option::Option::Some("its scheme must be http or https")
            } else if url.host_str().is_none_or(str::is_empty) {
                ::core::option::Option::Some("it has no host")
            } else if !url.username().is_empty() || url.password().is_some() {
                ::core::option::Option::Some("it must not carry credentials: give them with `auth`")
            } else if url.query().is_some() || url.fragment().is_some() {
                ::core::option::Option::Some("it must not have a query or fragment")
            } else {
                ::core::option::Option::None
            };
            match problem {
                // Credentials are the one part not shown.
                ::core::option::Option::Some(problem) => ::core::result::Result::Err(Error::config(
                    ::std::format!("invalid base URL: {problem}"),
                )),
                ::core::option::Option::None => ::core::result::Result::Ok(url),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Authentication: the spec's schemes, and the schemes cPanel adds.

/// One way to authenticate, as the generated `Auth` enum offers it.
struct Scheme {
    variant: proc_macro2::Ident,
    constructor: proc_macro2::Ident,
    doc: String,
    kind: SchemeKind,
}

enum SchemeKind {
    /// `Authorization: SCHEME USER:TOKEN`.
    UserToken {
        scheme: &'static str,
    },
    Basic,
    Bearer,
    ApiKey {
        location: ParamLocation,
        name: String,
    },
}

fn schemes(api: &Api) -> Vec<Scheme> {
    let token = cpanel::token_auth(api).map(|token| Scheme {
        variant: format_ident!("ApiToken"),
        constructor: format_ident!("api_token"),
        doc: format!(
            " A {}: the header `Authorization: {} USER:TOKEN`.",
            token.label, token.scheme
        ),
        kind: SchemeKind::UserToken {
            scheme: token.scheme,
        },
    });
    let declared = api.auth.iter().map(|scheme| {
        let (doc, kind) = match &scheme.kind {
            AuthKind::HttpBasic => (
                format!(
                    " HTTP Basic with a user name and password (`{}` in the API description).",
                    scheme.name
                ),
                SchemeKind::Basic,
            ),
            AuthKind::HttpBearer => (
                format!(
                    " An HTTP Bearer token (`{}` in the API description).",
                    scheme.name
                ),
                SchemeKind::Bearer,
            ),
            AuthKind::ApiKey { location, name } => (
                format!(
                    " An API key sent as `{name}` (`{}` in the API description).",
                    scheme.name
                ),
                SchemeKind::ApiKey {
                    location: *location,
                    name: name.clone(),
                },
            ),
        };
        Scheme {
            variant: ident(&naming::type_name(&scheme.name)),
            constructor: ident(&naming::value_name(&scheme.name)),
            doc,
            kind,
        }
    });
    token.into_iter().chain(declared).collect()
}

/// The secret-bearing fields of a scheme's variant: (field, is the secret).
fn scheme_fields(kind: &SchemeKind) -> &'static [(&'static str, bool)] {
    match kind {
        SchemeKind::UserToken { .. } => &[("user", false), ("token", true)],
        SchemeKind::Basic => &[("user", false), ("password", true)],
        SchemeKind::Bearer => &[("token", true)],
        SchemeKind::ApiKey { .. } => &[("key", true)],
    }
}

fn auth(api: &Api) -> TokenStream {
    let schemes = schemes(api);
    let variants = schemes.iter().map(|s| {
        let variant = &s.variant;
        let doc = &s.doc;
        let fields = scheme_fields(&s.kind).iter().map(|(field, secret)| {
            let name = format_ident!("{field}");
            let text = if *secret {
                format!(" The {field}: a secret, never shown.")
            } else {
                format!(" The {field}.")
            };
            quote!(#[doc = #text] #name: ::std::string::String,)
        });
        quote!(#[doc = #doc] #variant { #(#fields)* },)
    });
    let constructors = schemes.iter().map(|s| {
        let (variant, constructor) = (&s.variant, &s.constructor);
        let doc = &s.doc;
        let names: Vec<_> = scheme_fields(&s.kind)
            .iter()
            .map(|(field, _)| format_ident!("{field}"))
            .collect();
        quote! {
            #[doc = #doc]
            pub fn #constructor(#(#names: impl ::core::convert::Into<::std::string::String>),*) -> Self {
                Auth::#variant { #(#names: #names.into()),* }
            }
        }
    });
    let debug_arms = schemes.iter().map(|s| {
        let variant = &s.variant;
        let label = variant.to_string();
        let shown = scheme_fields(&s.kind).iter().map(|(field, secret)| {
            let name = format_ident!("{field}");
            if *secret {
                quote!(.field(#field, &crate::support::Redacted))
            } else {
                quote!(.field(#field, #name))
            }
        });
        let bindings = scheme_fields(&s.kind).iter().map(|(field, secret)| {
            let name = format_ident!("{field}");
            if *secret {
                quote!(#name: _)
            } else {
                quote!(#name)
            }
        });
        quote!(Auth::#variant { #(#bindings),* } => f.debug_struct(#label) #(#shown)* .finish(),)
    });
    let credential_arms = schemes.iter().map(credentials_arm);
    let has_query = schemes.iter().any(|s| {
        matches!(
            s.kind,
            SchemeKind::ApiKey {
                location: ParamLocation::Query,
                ..
            }
        )
    });
    let has_header = schemes.iter().any(|s| {
        !matches!(
            s.kind,
            SchemeKind::ApiKey {
                location: ParamLocation::Query,
                ..
            }
        )
    });
    let has_basic = schemes.iter().any(|s| matches!(s.kind, SchemeKind::Basic));
    let credentials = credentials(has_header, has_query);
    let base64 = has_basic.then(base64);
    quote! {
        /// How the client proves who it is. `Debug` never shows a secret.
        #[derive(Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Auth {
            #(#variants)*
        }

        impl Auth {
            #(#constructors)*

            /// What the client sends for these credentials, checked once when it is built.
            fn credentials(&self) -> ::core::result::Result<Credentials, Error> {
                match self {
                    #(#credential_arms)*
                }
            }
        }

        impl ::core::fmt::Debug for Auth {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(#debug_arms)*
                }
            }
        }

        #credentials
        #base64
    }
}

fn credentials_arm(s: &Scheme) -> TokenStream {
    let variant = &s.variant;
    let header = |name: TokenStream, value: TokenStream| quote!(Credentials::header(#name, #value));
    let auth = quote!(::reqwest::header::AUTHORIZATION);
    match &s.kind {
        SchemeKind::UserToken { scheme } => {
            let format = format!("{scheme} {{user}}:{{token}}");
            let value = header(auth, quote!(::std::format!(#format)));
            quote!(Auth::#variant { user, token } => #value,)
        }
        SchemeKind::Basic => {
            let value = header(
                auth,
                quote!(::std::format!(
                    "Basic {}",
                    base64(::std::format!("{user}:{password}").as_bytes())
                )),
            );
            quote!(Auth::#variant { user, password } => #value,)
        }
        SchemeKind::Bearer => {
            let value = header(auth, quote!(::std::format!("Bearer {token}")));
            quote!(Auth::#variant { token } => #value,)
        }
        SchemeKind::ApiKey {
            location: ParamLocation::Query,
            name,
        } => quote! {
            Auth::#variant { key } => ::core::result::Result::Ok(Credentials::Query(#name, key.clone())),
        },
        SchemeKind::ApiKey {
            location: ParamLocation::Cookie,
            name,
        } => {
            let format = format!("{name}={{key}}");
            let value = header(
                quote!(::reqwest::header::COOKIE),
                quote!(::std::format!(#format)),
            );
            quote!(Auth::#variant { key } => #value,)
        }
        SchemeKind::ApiKey { name, .. } => {
            // `from_static` takes lower case only; HTTP header names ignore case.
            let lower = name.to_ascii_lowercase();
            let value = header(
                quote!(::reqwest::header::HeaderName::from_static(#lower)),
                quote!(key.clone()),
            );
            quote!(Auth::#variant { key } => #value,)
        }
    }
}

/// The private `Credentials`: what the client adds to each request, secrets marked so.
fn credentials(has_header: bool, has_query: bool) -> TokenStream {
    let header_variant = has_header.then(|| {
        quote! {
            /// A header, its value marked sensitive.
            Header(::reqwest::header::HeaderName, ::reqwest::header::HeaderValue),
        }
    });
    let query_variant = has_query.then(|| {
        quote! {
            /// A query pair.
            Query(&'static str, ::std::string::String),
        }
    });
    let header_fn = has_header.then(|| {
        quote! {
            fn header(
                name: ::reqwest::header::HeaderName,
                value: ::std::string::String,
            ) -> ::core::result::Result<Self, Error> {
                let mut value = ::reqwest::header::HeaderValue::from_str(&value).map_err(|_| {
                    Error::config(::std::format!(
                        "the credentials for the `{name}` header contain characters a header cannot carry"
                    ))
                })?;
                value.set_sensitive(true);
                ::core::result::Result::Ok(Credentials::Header(name, value))
            }
        }
    });
    let header_arm = has_header.then(|| {
        quote! {
            Credentials::Header(name, value) => {
                headers.insert(name.clone(), value.clone());
            }
        }
    });
    let query_arm = has_query.then(|| {
        quote! {
            Credentials::Query(name, value) => {
                url.query_pairs_mut().append_pair(name, value);
            }
        }
    });
    let debug_header = has_header.then(|| {
        quote! {
            Credentials::Header(name, _) => f.debug_tuple("Header").field(name).field(&crate::support::Redacted).finish(),
        }
    });
    let debug_query = has_query.then(|| {
        quote! {
            Credentials::Query(name, _) => f.debug_tuple("Query").field(name).field(&crate::support::Redacted).finish(),
        }
    });
    let url = if has_query { quote!(url) } else { quote!(_url) };
    let headers = if has_header {
        quote!(headers)
    } else {
        quote!(_headers)
    };
    quote! {
        /// What a request carries to authenticate.
        #[derive(Clone)]
        enum Credentials {
            #header_variant
            #query_variant
        }

        impl Credentials {
            #header_fn

            /// Adds the credentials to a request's URL or headers.
            fn apply(&self, #url: &mut ::reqwest::Url, #headers: &mut ::reqwest::header::HeaderMap) {
                match self {
                    #header_arm
                    #query_arm
                }
            }
        }

        impl ::core::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #debug_header
                    #debug_query
                }
            }
        }
    }
}

fn base64() -> TokenStream {
    quote! {
        /// Standard base64 with padding, for HTTP Basic credentials.
        fn base64(bytes: &[u8]) -> ::std::string::String {
            const ALPHABET: &[u8; 64] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut text = ::std::string::String::with_capacity(bytes.len().div_ceil(3) * 4);
            for chunk in bytes.chunks(3) {
                let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
                let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
                for i in 0..4 {
                    if i <= chunk.len() {
                        text.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                    } else {
                        text.push('=');
                    }
                }
            }
            text
        }
    }
}

// ---------------------------------------------------------------------------------------
// The builder.

/// Builder methods a server variable's setter must not take the name of.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "auth",
    "timeout",
    "connect_timeout",
    "accept_invalid_certificates",
    "user_agent",
    "http_client",
    "build",
];

fn builder(api: &Api) -> TokenStream {
    let variables = api
        .servers
        .first()
        .map(|server| &server.variables[..])
        .unwrap_or_default();
    let setters: Vec<(String, TokenStream)> = variables
        .iter()
        .map(|v| {
            let mut setter = naming::value_name(&v.name);
            if BUILDER_METHODS.contains(&setter.as_str()) {
                setter = format!("server_{}", setter.trim_start_matches("r#"));
            }
            let name = &v.name;
            let fn_name = ident(&setter);
            let description = v
                .description
                .as_deref()
                .map(|d| format!("{} ", d.trim()))
                .unwrap_or_default();
            let text = format!(
                "Sets `{{{name}}}` in the server template: {description}The default is `{}`.",
                v.default
            );
            let docs = doc(Some(&text));
            let tokens = quote! {
                #docs
                pub fn #fn_name(mut self, value: impl ::core::fmt::Display) -> Self {
                    self.variables.push((#name, value.to_string()));
                    self
                }
            };
            (format!("`{}`", setter.trim_start_matches("r#")), tokens)
        })
        .collect();
    let how = if setters.is_empty() {
        "set the server with `base_url`".to_owned()
    } else {
        let names: Vec<&str> = setters.iter().map(|(n, _)| n.as_str()).collect();
        format!("set the server with `base_url` or {}", names.join(", "))
    };
    let no_server = format!("no server given: {how}");
    let both = format!("both a base URL and server variables given: {how}, not both");
    let setters = setters.iter().map(|(_, tokens)| tokens);
    quote! {
        /// The time limit of a whole request unless [`ClientBuilder::timeout`] sets another.
        pub const DEFAULT_TIMEOUT: ::core::time::Duration = ::core::time::Duration::from_secs(60);
        /// The time limit to connect unless [`ClientBuilder::connect_timeout`] sets another.
        pub const DEFAULT_CONNECT_TIMEOUT: ::core::time::Duration = ::core::time::Duration::from_secs(10);
        /// The `User-Agent` sent unless [`ClientBuilder::user_agent`] sets another.
        pub const DEFAULT_USER_AGENT: &str =
            ::core::concat!(::core::env!("CARGO_PKG_NAME"), "/", ::core::env!("CARGO_PKG_VERSION"));

        /// Builds a [`Client`]: where the server is, how to authenticate, time limits, TLS.
        ///
        /// Give the server either as a full base URL ([`ClientBuilder::base_url`]) or by the
        /// variables of the API description's server template.
        #[derive(Debug)]
        pub struct ClientBuilder {
            base_url: ::core::option::Option<::std::string::String>,
            variables: ::std::vec::Vec<(&'static str, ::std::string::String)>,
            auth: ::core::option::Option<Auth>,
            timeout: ::core::time::Duration,
            connect_timeout: ::core::option::Option<::core::time::Duration>,
            accept_invalid_certificates: bool,
            user_agent: ::std::string::String,
            http_client: ::core::option::Option<::reqwest::Client>,
        }

        impl ::core::default::Default for ClientBuilder {
            fn default() -> Self {
                ClientBuilder::new()
            }
        }

        impl ClientBuilder {
            /// A builder with no server, no credentials and the default limits.
            pub fn new() -> Self {
                ClientBuilder {
                    base_url: ::core::option::Option::None,
                    variables: ::std::vec::Vec::new(),
                    auth: ::core::option::Option::None,
                    timeout: DEFAULT_TIMEOUT,
                    connect_timeout: ::core::option::Option::None,
                    accept_invalid_certificates: false,
                    user_agent: DEFAULT_USER_AGENT.to_owned(),
                    http_client: ::core::option::Option::None,
                }
            }

            /// The full base URL that operation paths go below, e.g.
            /// `https://whm.example.com:2087/json-api`.
            pub fn base_url(mut self, url: impl ::core::convert::Into<::std::string::String>) -> Self {
                self.base_url = ::core::option::Option::Some(url.into());
                self
            }

            #(#setters)*

            /// The credentials every request carries.
            pub fn auth(mut self, auth: Auth) -> Self {
                self.auth = ::core::option::Option::Some(auth);
                self
            }

            /// The time limit of a whole request, from sending to the end of the body
            /// (default [`DEFAULT_TIMEOUT`]).
            pub fn timeout(mut self, timeout: ::core::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// The time limit to connect (default [`DEFAULT_CONNECT_TIMEOUT`]). Not with
            /// [`ClientBuilder::http_client`], whose own setting applies.
            pub fn connect_timeout(mut self, timeout: ::core::time::Duration) -> Self {
                self.connect_timeout = ::core::option::Option::Some(timeout);
                self
            }

            /// Accepts any TLS certificate, such as a server's self-signed one. This gives up
            /// the protection TLS offers against anyone on the path: opt in only for a server
            /// you know, on a network you trust. Not with [`ClientBuilder::http_client`].
            pub fn accept_invalid_certificates(mut self, accept: bool) -> Self {
                self.accept_invalid_certificates = accept;
                self
            }

            /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
            pub fn user_agent(mut self, user_agent: impl ::core::convert::Into<::std::string::String>) -> Self {
                self.user_agent = user_agent.into();
                self
            }

            /// Sends through an existing reqwest client (sharing its connection pool and
            /// settings) instead of building one. The request time limit still applies.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.http_client = ::core::option::Option::Some(client);
                self
            }

            /// The client, or [`Error::Config`] saying what is wrong with the settings.
            pub fn build(self) -> ::core::result::Result<Client, Error> {
                let base_url = match (&self.base_url, self.variables.is_empty()) {
                    (::core::option::Option::Some(url), true) => parse_base_url(url)?,
                    (::core::option::Option::None, false) => server_url(&self.variables)?,
                    (::core::option::Option::Some(_), false) => {
                        return ::core::result::Result::Err(Error::config(#both));
                    }
                    (::core::option::Option::None, true) => {
                        return ::core::result::Result::Err(Error::config(#no_server));
                    }
                };
                let credentials = self.auth.as_ref().map(Auth::credentials).transpose()?;
                let user_agent = ::reqwest::header::HeaderValue::from_str(&self.user_agent)
                    .map_err(|_| Error::config("the user agent contains characters a header cannot carry"))?;
                let http = match self.http_client {
                    ::core::option::Option::Some(client) => {
                        if self.accept_invalid_certificates || self.connect_timeout.is_some() {
                            return ::core::result::Result::Err(Error::config(
                                "`accept_invalid_certificates` and `connect_timeout` configure the client the builder makes: set them on the reqwest client given with `http_client` instead",
                            ));
                        }
                        client
                    }
                    ::core::option::Option::None => {
                        install_tls_provider();
                        ::reqwest::Client::builder()
                        .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                        .tls_danger_accept_invalid_certs(self.accept_invalid_certificates)
                        .build()
                        .map_err(|error| {
                            Error::config(::std::format!("could not set up HTTP: {}", error_chain(&error)))
                        })?
                    }
                };
                ::core::result::Result::Ok(Client {
                    http,
                    base_url,
                    credentials,
                    timeout: self.timeout,
                    user_agent,
                })
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The client and its sending.

fn client() -> TokenStream {
    quote! {
        /// An async client for the API. Cheap to clone: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            http: ::reqwest::Client,
            base_url: ::reqwest::Url,
            credentials: ::core::option::Option<Credentials>,
            timeout: ::core::time::Duration,
            user_agent: ::reqwest::header::HeaderValue,
        }

        impl ::core::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    .field("credentials", &self.credentials)
                    .field("timeout", &self.timeout)
                    .field("user_agent", &self.user_agent)
                    .finish()
            }
        }

        /// The data of a successful call, with the metadata the API sent alongside it.
        #[derive(Debug, Clone, PartialEq)]
        pub struct WithMetadata<D, M> {
            /// What the operation returns.
            pub data: D,
            /// What the API says about the call.
            pub metadata: M,
        }

        impl Client {
            /// A builder for a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// The base URL that operation paths go below.
            pub fn base_url(&self) -> &::reqwest::Url {
                &self.base_url
            }

            /// Sends one request and reads its answer as JSON.
            async fn send(
                &self,
                method: ::reqwest::Method,
                path: &str,
                query: ::std::vec::Vec<(&'static str, ::std::string::String)>,
            ) -> ::core::result::Result<Body, Error> {
                let mut url = self.base_url.clone();
                let full_path = ::std::format!("{}{}", url.path().trim_end_matches('/'), path);
                url.set_path(&full_path);
                if !query.is_empty() {
                    url.set_query(::core::option::Option::Some(&crate::support::encode_query(query)));
                }
                let mut headers = ::reqwest::header::HeaderMap::new();
                headers.insert(::reqwest::header::USER_AGENT, self.user_agent.clone());
                headers.insert(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                );
                if let ::core::option::Option::Some(credentials) = &self.credentials {
                    credentials.apply(&mut url, &mut headers);
                }
                let response = self
                    .http
                    .request(method, url)
                    .headers(headers)
                    .timeout(self.timeout)
                    .send()
                    .await
                    .map_err(Error::transport)?;
                let status = response.status();
                let content_type = response
                    .headers()
                    .get(::reqwest::header::CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                let bytes = response.bytes().await.map_err(Error::transport)?;
                Body::read(status, content_type, &bytes)
            }
        }
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let params = ident(&op.params_type);
    let method = format_ident!("{}", op.method.as_str());
    let heading = format!(
        "`{}` ({} `{}`){}",
        op.wire_id,
        op.method.as_str(),
        op.path,
        op.summary
            .as_deref()
            .map(|s| format!(": {}", s.trim()))
            .unwrap_or_default()
    );
    let send = quote! {
        params.validate().map_err(Error::InvalidParams)?;
        let body = self
            .send(::reqwest::Method::#method, &params.path(), params.to_query_pairs())
            .await?;
    };
    let errors_doc = quote! {
        #[doc = ""]
        #[doc = " Checks the parameters first ([`Error::InvalidParams`], nothing sent)."]
    };
    let envelope = op.response.as_ref().and_then(|response| {
        let Some(Envelope::Whm { data, metadata }) = &response.envelope else {
            return None;
        };
        let fields = cpanel::whm_envelope_fields(api, &response.body)?;
        Some((data.clone(), metadata.clone(), fields))
    });
    match (envelope, &op.response) {
        (Some((data, metadata, fields)), _) => {
            let with_metadata =
                format_ident!("{}_with_metadata", op.fn_name.trim_start_matches("r#"));
            let data_ty = data.as_ref().map_or(quote!(()), rust_type);
            let metadata_ty = rust_type(&metadata);
            let check = envelope_check(&fields, &metadata_ty);
            let data_wire = fields.data.as_deref();
            let read_data = match (data, data_wire) {
                (Some(_), Some(wire)) => quote!(body.decode(::core::option::Option::Some(#wire))?),
                _ => quote!(()),
            };
            let doc_main = doc(Some(&format!(
                "{heading}.\n\nReturns the operation's data; [`Self::{with_metadata}`] also returns the metadata."
            )));
            let doc_with = doc(Some(&format!(
                "{heading}, returning the metadata the API sent along with the data."
            )));
            quote! {
                #doc_main
                #errors_doc
                #[doc = " A reply in which the API reports failure is [`Error::Api`]."]
                pub async fn #fn_name(
                    &self,
                    params: &crate::params::#params,
                ) -> ::core::result::Result<#data_ty, Error> {
                    self.#with_metadata(params).await.map(|reply| reply.data)
                }

                #doc_with
                #errors_doc
                #[doc = " A reply in which the API reports failure is [`Error::Api`]."]
                pub async fn #with_metadata(
                    &self,
                    params: &crate::params::#params,
                ) -> ::core::result::Result<WithMetadata<#data_ty, #metadata_ty>, Error> {
                    #send
                    #check
                    let data = #read_data;
                    ::core::result::Result::Ok(WithMetadata { data, metadata })
                }
            }
        }
        (None, Some(response)) => {
            let body_ty = rust_type(&response.body);
            let docs = doc(Some(&format!("{heading}.")));
            let (verdict, verdict_doc) = if is_uapi(op) {
                (
                    quote!(uapi_verdict(&body)?;),
                    quote!(#[doc = " A reply whose `result.status` reports failure is [`Error::Api`]."]),
                )
            } else {
                (TokenStream::new(), TokenStream::new())
            };
            quote! {
                #docs
                #errors_doc
                #verdict_doc
                pub async fn #fn_name(
                    &self,
                    params: &crate::params::#params,
                ) -> ::core::result::Result<#body_ty, Error> {
                    #send
                    #verdict
                    body.decode(::core::option::Option::None)
                }
            }
        }
        (None, None) => {
            let docs = doc(Some(&format!(
                "{heading}.\n\nThe API description gives no JSON body for its answer; any JSON answer is accepted."
            )));
            quote! {
                #docs
                #errors_doc
                pub async fn #fn_name(
                    &self,
                    params: &crate::params::#params,
                ) -> ::core::result::Result<(), Error> {
                    #send
                    let _ = body;
                    ::core::result::Result::Ok(())
                }
            }
        }
    }
}

/// Reads the envelope's metadata and turns a failure verdict into [`Error::Api`].
fn envelope_check(fields: &WhmEnvelopeFields, metadata_ty: &TokenStream) -> TokenStream {
    let metadata_wire = &fields.metadata;
    let result = ident(&fields.result.0);
    let result_value = match &fields.result.1 {
        TypeRef::Integer(IntegerWidth::I64) => quote!(metadata.#result),
        _ => quote!(i64::from(metadata.#result)),
    };
    let reason = ident(&fields.reason.0);
    let reason = if fields.reason.1 {
        quote!(metadata.#reason.clone().unwrap_or_default())
    } else {
        quote!(metadata.#reason.clone())
    };
    let command = match &fields.command {
        Some((name, true)) => {
            let name = ident(name);
            quote!(metadata.#name.clone())
        }
        Some((name, false)) => {
            let name = ident(name);
            quote!(::core::option::Option::Some(metadata.#name.clone()))
        }
        None => quote!(::core::option::Option::None),
    };
    let success = Literal::i64_unsuffixed(fields.success);
    quote! {
        let metadata: #metadata_ty = body.decode(::core::option::Option::Some(#metadata_wire))?;
        let result: i64 = #result_value;
        if result != #success {
            return ::core::result::Result::Err(Error::Api {
                command: #command,
                reason: #reason,
                result,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Errors.

fn errors() -> TokenStream {
    quote! {
        /// What kind of transport failure stopped a request.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum TransportKind {
            /// No connection: the name did not resolve, or the server refused or did not
            /// answer in the connect time limit.
            Connect,
            /// The TLS handshake failed, e.g. on a certificate the client does not trust.
            Tls,
            /// The request's time limit passed.
            Timeout,
            /// Anything else on the way: a dropped connection, a broken body.
            Other,
        }

        impl ::core::fmt::Display for TransportKind {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(match self {
                    TransportKind::Connect => "could not connect",
                    TransportKind::Tls => "TLS failed",
                    TransportKind::Timeout => "timed out",
                    TransportKind::Other => "the request failed",
                })
            }
        }

        /// Everything a call can fail with. No message or `Debug` output shows a
        /// credential, a secret parameter or the request URL.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The client's settings are unusable; nothing was sent.
            Config {
                /// What is wrong.
                message: ::std::string::String,
            },
            /// The parameters break the API description; nothing was sent.
            InvalidParams(crate::support::ParamErrors),
            /// No answer: the connection, TLS or the time limit failed.
            Transport {
                /// Which of them.
                kind: TransportKind,
                /// The underlying error, without the request URL.
                source: ::reqwest::Error,
            },
            /// An HTTP status the API does not answer with.
            Status {
                /// The HTTP status code.
                status: u16,
                /// The first characters of the body, whitespace collapsed.
                body_excerpt: ::std::string::String,
            },
            /// An answer that is not JSON, such as a login or error page.
            NotJson {
                /// The HTTP status code.
                status: u16,
                /// The `Content-Type` the server gave, if any.
                content_type: ::core::option::Option<::std::string::String>,
                /// Whether the body is HTML, which usually means the credentials were
                /// refused or the URL points at something other than the API.
                html: bool,
                /// Why the body is not JSON, when it was meant to be.
                detail: ::core::option::Option<::std::string::String>,
            },
            /// JSON that does not match the API description.
            Schema {
                /// Where in the body, e.g. `data.expires`.
                path: ::std::string::String,
                /// What does not match (without the value, if the field is secret).
                message: ::std::string::String,
            },
            /// The API answered and reports failure.
            Api {
                /// The function the API says it ran.
                command: ::core::option::Option<::std::string::String>,
                /// Why it failed, in the API's words.
                reason: ::std::string::String,
                /// The API's result code.
                result: i64,
            },
        }

        impl Error {
            fn config(message: impl ::core::convert::Into<::std::string::String>) -> Self {
                Error::Config { message: message.into() }
            }

            /// A reqwest failure, classified, with the URL (and so the query) removed.
            fn transport(error: ::reqwest::Error) -> Self {
                let kind = if error.is_timeout() {
                    TransportKind::Timeout
                } else if is_tls(&error) {
                    TransportKind::Tls
                } else if error.is_connect() {
                    TransportKind::Connect
                } else {
                    TransportKind::Other
                };
                Error::Transport { kind, source: error.without_url() }
            }

            /// A body that does not match the schema at `path`.
            fn schema(path: ::std::string::String, error: &::serde_json::Error) -> Self {
                let field = path
                    .rsplit('.')
                    .next()
                    .map(|last| last.split('[').next().unwrap_or(last))
                    .unwrap_or_default();
                let message = if SECRET_FIELDS.contains(&field) {
                    ::std::string::String::from("the value does not fit its type (not shown: the field is secret)")
                } else {
                    error.to_string()
                };
                Error::Schema { path, message }
            }
        }

        impl ::core::fmt::Display for Error {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    Error::Config { message } => write!(f, "invalid client settings: {message}"),
                    Error::InvalidParams(errors) => write!(f, "invalid parameters, nothing sent: {errors}"),
                    Error::Transport { kind, source } => write!(f, "{kind}: {}", error_chain(source)),
                    Error::Status { status, body_excerpt } if body_excerpt.is_empty() => {
                        write!(f, "unexpected HTTP status {status} with an empty body")
                    }
                    Error::Status { status, body_excerpt } => {
                        write!(f, "unexpected HTTP status {status}: {body_excerpt}")
                    }
                    Error::NotJson { status, content_type, html, detail } => {
                        let content_type = content_type.as_deref().unwrap_or("no content type");
                        write!(f, "the server answered HTTP {status} ({content_type}), not JSON")?;
                        if let ::core::option::Option::Some(detail) = detail {
                            write!(f, ": {detail}")?;
                        }
                        if *html {
                            f.write_str("; an HTML page usually means the credentials were refused (check the user and token or password) or the URL does not point at the API (check the host and port)")?;
                        }
                        ::core::result::Result::Ok(())
                    }
                    Error::Schema { path, message } => {
                        write!(f, "the answer does not match the API description at `{path}`: {message}")
                    }
                    Error::Api { command: ::core::option::Option::Some(command), reason, .. } => {
                        write!(f, "`{command}` failed: {reason}")
                    }
                    Error::Api { command: ::core::option::Option::None, reason, .. } => {
                        write!(f, "the API reports failure: {reason}")
                    }
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Error::InvalidParams(errors) => ::core::option::Option::Some(errors),
                    Error::Transport { source, .. } => ::core::option::Option::Some(source),
                    _ => ::core::option::Option::None,
                }
            }
        }

        /// An error and its sources, `: `-separated, repeats skipped.
        fn error_chain(error: &dyn ::std::error::Error) -> ::std::string::String {
            let mut text = error.to_string();
            let mut source = error.source();
            while let ::core::option::Option::Some(inner) = source {
                let message = inner.to_string();
                if !text.ends_with(&message) {
                    text.push_str(": ");
                    text.push_str(&message);
                }
                source = inner.source();
            }
            text
        }

        /// Whether a rustls error is among the sources, directly or inside I/O errors (whose
        /// `source` skips the error they wrap).
        fn is_tls(error: &(dyn ::std::error::Error + 'static)) -> bool {
            let wrapped = error
                .downcast_ref::<::std::io::Error>()
                .and_then(::std::io::Error::get_ref);
            error.is::<::rustls::Error>()
                || wrapped.is_some_and(|wrapped| is_tls(wrapped))
                || error.source().is_some_and(is_tls)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading an answer.

fn body(api: &Api) -> TokenStream {
    let mut secret: Vec<&str> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => Some(s.fields.iter()),
            _ => None,
        })
        .flatten()
        .filter(|field| field.sensitive)
        .map(|field| field.wire_name.as_str())
        .collect();
    secret.sort_unstable();
    secret.dedup();
    quote! {
        /// The wire names of response fields the API description marks secret.
        const SECRET_FIELDS: &[&str] = &[#(#secret),*];
        /// How many characters of an unexpected body an error shows.
        const EXCERPT_CHARS: usize = 200;

        /// A JSON answer, read as a value so that its parts can be checked one at a time.
        struct Body(::serde_json::Value);

        impl Body {
            /// The body of an answer, if it is a success and JSON.
            fn read(
                status: ::reqwest::StatusCode,
                content_type: ::core::option::Option<::std::string::String>,
                bytes: &[u8],
            ) -> ::core::result::Result<Body, Error> {
                let text = ::std::string::String::from_utf8_lossy(bytes);
                let html = content_type.as_deref().is_some_and(|t| t.to_ascii_lowercase().contains("html"))
                    || text.trim_start().starts_with('<');
                let not_json = |detail| Error::NotJson {
                    status: status.as_u16(),
                    content_type: content_type.clone(),
                    html,
                    detail,
                };
                if html {
                    return ::core::result::Result::Err(not_json(::core::option::Option::None));
                }
                if !status.is_success() {
                    let excerpt = text.split_whitespace().collect::<::std::vec::Vec<_>>().join(" ");
                    let body_excerpt = match excerpt.char_indices().nth(EXCERPT_CHARS) {
                        ::core::option::Option::Some((end, _)) => ::std::format!("{}…", &excerpt[..end]),
                        ::core::option::Option::None => excerpt,
                    };
                    return ::core::result::Result::Err(Error::Status { status: status.as_u16(), body_excerpt });
                }
                match ::serde_json::from_slice(bytes) {
                    ::core::result::Result::Ok(value) => ::core::result::Result::Ok(Body(value)),
                    ::core::result::Result::Err(error) => ::core::result::Result::Err(not_json(
                        ::core::option::Option::Some(::std::format!("malformed JSON: {error}")),
                    )),
                }
            }

            /// The body's member `key` (or the whole body) as a `T`; a mismatch names the
            /// path where it is.
            fn decode<T: ::serde::de::DeserializeOwned>(
                &self,
                key: ::core::option::Option<&str>,
            ) -> ::core::result::Result<T, Error> {
                let value = match key {
                    ::core::option::Option::None => &self.0,
                    ::core::option::Option::Some(key) => match self.0.get(key) {
                        ::core::option::Option::Some(value) => value,
                        ::core::option::Option::None => {
                            return ::core::result::Result::Err(Error::Schema {
                                path: key.to_owned(),
                                message: ::std::string::String::from("missing"),
                            });
                        }
                    },
                };
                ::serde_path_to_error::deserialize(value).map_err(|error| {
                    let inner = error.path().to_string();
                    let path = match (key, inner.as_str()) {
                        (::core::option::Option::Some(key), ".") => key.to_owned(),
                        (::core::option::Option::Some(key), inner) => ::std::format!("{key}.{inner}"),
                        (::core::option::Option::None, inner) => inner.to_owned(),
                    };
                    Error::schema(path, error.inner())
                })
            }
        }
    }
}
