//! `server.rs` (feature `server`): the `Api` trait to implement (one method per operation),
//! the `Authenticate` trait (one hook per security scheme), and `router`, one line per
//! operation over the runtime's router, which does the work.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{failure_type, method_doc, output_type};
use super::runtime;
use super::{Head, Module, cfg_attr, ident, operation_item};
use crate::format::splice::Splices;
use crate::model::{Api, Operation, SchemeKind};

/// The names `server.rs` defines or imports of its own, which the API's items must not be
/// named by.
const TAKEN: &[&str] = &[
    "Api",
    "Authenticate",
    "Hooks",
    "Failure",
    "Outcome",
    "Success",
];

pub const HEAD: Head = Head {
    docs: &[
        "Server stubs for the API over axum (feature `server`).",
        "",
        "Implement [`Api`] (one method per operation), then serve [`router`]. Requests are",
        "authenticated first where the operation requires it, then their parameters and body",
        "are read and checked; a bad request is answered without reaching the method.",
    ],
    own: Module::Other,
};

/// The file's body, in one part.
pub fn body(api: &Api, _part: usize, _: &mut Splices) -> TokenStream {
    let secured = api.has_security();
    let methods = api.operations.iter().map(|op| {
        // Gated by the operation's tags (where tags are features), each declaration of it.
        let gate = cfg_attr(api.features.operation(&op.fn_name));
        trait_method(op, secured, &gate)
    });
    let caller = secured.then(|| {
        quote! {
            /// Who the caller is: what the [`Authenticate`] hooks return.
            type Caller: Send + 'static;
        }
    });
    let authenticate = secured.then(|| authenticate(api));
    let routes: Vec<TokenStream> = api.operations.iter().map(|op| route(op, secured)).collect();
    // Behind per-tag features, each route is a statement of its own, which a `cfg` can leave
    // out (a link of a method chain cannot have one).
    let serve = |router: TokenStream| {
        if api.features.is_empty() {
            return quote!(#router #(#routes)* .into_axum());
        }
        let gates = api
            .operations
            .iter()
            .map(|op| cfg_attr(api.features.operation(&op.fn_name)));
        quote! {
            let router = #router;
            #(#gates let router = router #routes;)*
            router.into_axum()
        }
    };
    let paths: Vec<String> = api
        .operations
        .iter()
        .map(|op| format!(" - {} `{}`: `{}`", op.method.as_str(), op.path, op.wire_id))
        .collect();
    let serve_secured = serve(quote!(rt::server::Router::new(
        &crate::API,
        api,
        Hooks(auth)
    )));
    let serve_public = serve(quote!(rt::server::Router::new(
        &crate::API,
        api,
        rt::server::NoAuth
    )));
    let router = if secured {
        quote! {
            pub fn router<A, H>(api: A, auth: H) -> rt::server::axum::Router
            where
                A: Api,
                H: Authenticate<Caller = A::Caller>,
            {
                #serve_secured
            }
        }
    } else {
        quote! {
            pub fn router<A: Api>(api: A) -> rt::server::axum::Router {
                #serve_public
            }
        }
    };
    let exports = api
        .runtime_features
        .iter()
        .map(|&feature| runtime::server_exports(feature));
    quote! {
        pub use rt::server::axum;
        #(#exports)*

        /// The operations of the API, one method each, for a server to implement. A method
        /// runs after the caller is authenticated and the parameters are checked: it only
        /// ever sees valid parameters.
        pub trait Api: Send + Sync + 'static {
            #caller
            #(#methods)*
        }

        #authenticate

        /// A router serving every operation of the API at its path:
        ///
        #(#[doc = #paths])*
        #router
    }
}

/// The trait method of an operation.
fn trait_method(op: &Operation, secured: bool, gate: &TokenStream) -> TokenStream {
    let name = ident(&op.fn_name);
    let params = operation_item(&op.params_type, TAKEN);
    let text = method_doc(op, TAKEN);
    let output = output_type(&op.output, TAKEN);
    let caller = match (secured && !op.security.is_empty(), op.is_public()) {
        (true, false) => quote!(caller: Self::Caller,),
        (true, true) => quote!(caller: Option<Self::Caller>,),
        (false, _) => TokenStream::new(),
    };
    let declare = |result: TokenStream| {
        quote! {
            #gate
            #[doc = #text]
            fn #name(&self, #caller params: #params) -> impl Future<Output = #result> + Send;
        }
    };
    let failure = failure_type(&op.failure, TAKEN);
    let with_headers = |ty: TokenStream| match &op.extras.headers {
        Some(declared) => {
            let headers = ident(&declared.type_name);
            quote!(rt::WithHeaders<#ty, crate::operations::#headers>)
        }
        None => ty,
    };
    if let Some(envelope) = op.family.envelope() {
        return declare(runtime::envelope_outcome(envelope, output));
    }
    // An answer that streams is the runtime's stream with the feature `stream`, and the
    // whole body without it.
    let streamed = if let Some(events) = &op.extras.events {
        if events.only {
            Some(quote!(rt::server::EventStream))
        } else {
            Some(quote!(rt::server::BodyOrEvents<#output>))
        }
    } else if op.extras.bytes_fn.is_some() {
        Some(quote!(rt::server::ByteStream))
    } else {
        None
    };
    let whole = with_headers(output);
    let whole = declare(quote!(Result<#whole, #failure>));
    match streamed {
        Some(stream) => {
            let stream = with_headers(stream);
            let stream = declare(quote!(Result<#stream, #failure>));
            quote! {
                #[cfg(feature = "stream")]
                #stream
                #[cfg(not(feature = "stream"))]
                #whole
            }
        }
        None => whole,
    }
}

/// The router's line for an operation.
fn route(op: &Operation, secured: bool) -> TokenStream {
    let name = ident(&op.fn_name);
    let params = operation_item(&op.params_type, TAKEN);
    match (secured && !op.security.is_empty(), op.is_public()) {
        (true, false) => quote! {
            .secured(|api, caller, params: #params| async move { api.#name(caller, params).await })
        },
        (true, true) => quote! {
            .optional(|api, caller, params: #params| async move { api.#name(caller, params).await })
        },
        (false, _) => quote! {
            .public(|api, params: #params| async move { api.#name(params).await })
        },
    }
}

/// The `Authenticate` trait, one hook per scheme, and its bridge to the runtime.
fn authenticate(api: &Api) -> TokenStream {
    let hooks = api.schemes.iter().map(|scheme| {
        let name = ident(&scheme.hook);
        let kind = match &scheme.kind {
            SchemeKind::Basic => "HTTP Basic".to_owned(),
            SchemeKind::Bearer => "a bearer token".to_owned(),
            SchemeKind::UserToken { scheme } => format!("`Authorization: {scheme} USER:TOKEN`"),
            SchemeKind::ApiKey { location, name } => format!(
                "an API key in the {} `{name}`",
                match location {
                    crate::model::Location::Header => "header",
                    crate::model::Location::Query => "query parameter",
                    crate::model::Location::Cookie | crate::model::Location::Path => "cookie",
                }
            ),
        };
        let text = format!(
            " `{}` ({kind}): the caller these credentials identify, or `None` to refuse them. \
             Refuses all unless implemented.",
            scheme.name
        );
        let args = match &scheme.kind {
            SchemeKind::Basic => quote!(user: &str, password: &str),
            SchemeKind::UserToken { .. } => quote!(user: &str, token: &str),
            SchemeKind::Bearer => quote!(token: &str),
            SchemeKind::ApiKey { .. } => quote!(key: &str),
        };
        let unused = match &scheme.kind {
            SchemeKind::Basic => quote!(let _ = (user, password);),
            SchemeKind::UserToken { .. } => quote!(let _ = (user, token);),
            SchemeKind::Bearer => quote!(let _ = token;),
            SchemeKind::ApiKey { .. } => quote!(let _ = key;),
        };
        quote! {
            #[doc = #text]
            fn #name(&self, #args) -> impl Future<Output = Option<Self::Caller>> + Send {
                #unused
                async { None }
            }
        }
    });
    let arms = api.schemes.iter().map(|scheme| {
        let name = ident(&scheme.hook);
        let scheme_name = &scheme.name;
        match &scheme.kind {
            SchemeKind::Basic => quote! {
                (#scheme_name, rt::server::Presented::Basic { user, password }) => {
                    self.0.#name(user, password).await
                }
            },
            SchemeKind::UserToken { .. } => quote! {
                (#scheme_name, rt::server::Presented::UserToken { user, token }) => {
                    self.0.#name(user, token).await
                }
            },
            SchemeKind::Bearer => quote! {
                (#scheme_name, rt::server::Presented::Bearer(token)) => self.0.#name(token).await,
            },
            SchemeKind::ApiKey { .. } => quote! {
                (#scheme_name, rt::server::Presented::ApiKey(key)) => self.0.#name(key).await,
            },
        }
    });
    quote! {
        /// The authentication hooks, one per security scheme of the API. Each decides whether
        /// the credentials a request presents are admitted, and who they are; an operation
        /// runs only when its requirement is met. Compare secrets in constant time and never
        /// log them.
        pub trait Authenticate: Send + Sync + 'static {
            /// Who the caller is, as the operations see it.
            type Caller: Send + 'static;
            #(#hooks)*
        }

        /// The hooks as the runtime calls them.
        struct Hooks<H>(H);

        impl<H: Authenticate> rt::server::Authenticator for Hooks<H> {
            type Caller = H::Caller;

            async fn authenticate<'a>(
                &'a self,
                scheme: &'static str,
                presented: rt::server::Presented<'a>,
            ) -> Option<H::Caller> {
                match (scheme, presented) {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    }
}
