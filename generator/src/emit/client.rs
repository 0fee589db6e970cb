//! `client.rs` (feature `client`): the API's `Client`, one method per operation over the
//! runtime's client, which does the work.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime;
use super::{Head, Module, cfg_attr, ident, operation_item, type_in};
use crate::model::{Api, Failure, Operation, Output};

pub const HEAD: Head = Head {
    docs: &[
        "An async client for the API (feature `client`).",
        "",
        "Build a [`Client`] with [`Client::builder`], then call one method per operation.",
        "Every method checks its parameters before sending, and every failure, from the",
        "connection to the API's own verdict, is an [`Error`].",
    ],
    own: Module::Other,
};

/// The file's body, in one part.
pub fn body(api: &Api, _part: usize) -> TokenStream {
    let title = api.titles.join(", ");
    let client_doc = format!(" An async client for {title}: one method per operation.");
    let methods = api.operations.iter().map(|op| {
        let gate = cfg_attr(api.features.operation(&op.fn_name));
        let method = method(op);
        quote!(#gate #method)
    });
    quote! {
        pub use rt::client::{
            Builder, Credential, Error, Middleware, MiddlewareError, Next, BoxFuture, Response,
            TransportKind, install_tls_provider, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
        };

        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share one connection pool. It dereferences to the runtime's
        /// client, whose `send` gives a whole answer (status, headers, value).
        #[derive(Debug, Clone)]
        pub struct Client(rt::client::Client);

        impl Client {
            /// A builder: where the server is, the credentials, time limits, TLS, middleware.
            pub fn builder() -> Builder<Self> {
                Builder::new(&crate::API)
                    .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            #(#methods)*
        }

        impl From<rt::client::Client> for Client {
            fn from(client: rt::client::Client) -> Self {
                Client(client)
            }
        }

        impl std::ops::Deref for Client {
            type Target = rt::client::Client;

            fn deref(&self) -> &rt::client::Client {
                &self.0
            }
        }
    }
}

/// The names `client.rs` imports of its own, which the API's items must not be named by.
const TAKEN: &[&str] = &[
    "Client",
    "Builder",
    "Credential",
    "Error",
    "Middleware",
    "MiddlewareError",
    "Next",
    "BoxFuture",
    "Response",
    "TransportKind",
];

/// The doc line of an operation's method: what the spec says of it, and where its
/// parameters are documented.
pub(crate) fn method_doc(op: &Operation, taken: &[&str]) -> String {
    let summary = op
        .summary
        .as_deref()
        .map(|s| format!(": {}", s.trim()))
        .unwrap_or_default();
    let link = if taken.contains(&op.params_type.as_str()) {
        format!("[`{0}`](crate::operations::{0})", op.params_type)
    } else {
        format!("[`{}`]", op.params_type)
    };
    format!(" `{}`{summary}. Parameters: {link}.", op.wire_id)
}

/// One line of docs naming the operation, and the method that calls it.
fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let params = operation_item(&op.params_type, TAKEN);
    let text = method_doc(op, TAKEN);
    let output = output_type(&op.output, TAKEN);
    let failure = failure_type(&op.failure, TAKEN);
    quote! {
        #[doc = #text]
        pub async fn #name(&self, params: &#params) -> Result<#output, Error<#failure>> {
            self.0.call(params).await
        }
    }
}

/// The Rust type of what an operation gives on success, in a module importing `taken`.
pub(crate) fn output_type(output: &Output, taken: &[&str]) -> TokenStream {
    match output {
        Output::Single(ty) => type_in(ty, taken),
        Output::ByStatus(name) => operation_item(name, taken),
    }
}

/// The Rust type of an operation's declared failure, in a module importing `taken`.
pub(crate) fn failure_type(failure: &Failure, taken: &[&str]) -> TokenStream {
    match failure {
        Failure::None => quote!(rt::NoFailure),
        Failure::ByStatus(name) => operation_item(name, taken),
        Failure::Envelope(envelope) => runtime::envelope_failure(*envelope),
    }
}
