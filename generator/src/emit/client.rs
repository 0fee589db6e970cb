//! `client.rs` (feature `client`): the API's `Client`, one method per operation over the
//! runtime's client, which does the work.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::runtime_path;
use super::{Module, ident, module, qualified_type};
use crate::model::{Api, Failure, Operation, Output};

pub fn emit(api: &Api) -> TokenStream {
    let title = api.titles.join(", ");
    let client_doc = format!(" An async client for {title}: one method per operation.");
    let methods = api.operations.iter().map(method);
    let body = quote! {
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
    };
    module(
        api,
        &[
            "An async client for the API (feature `client`).",
            "",
            "Build a [`Client`] with [`Client::builder`], then call one method per operation.",
            "Every method checks its parameters before sending, and every failure, from the",
            "connection to the API's own verdict, is an [`Error`].",
        ],
        body,
        Module::Other,
    )
}

/// One line of docs naming the operation, and the method that calls it.
fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let params = ident(&op.params_type);
    let params = quote!(crate::operations::#params);
    let summary = op
        .summary
        .as_deref()
        .map(|s| format!(": {}", s.trim()))
        .unwrap_or_default();
    let text = format!(
        " `{}` ({} `{}`){summary}. See [`{3}`](crate::operations::{3}).",
        op.wire_id,
        op.method.as_str(),
        op.path,
        op.params_type
    );
    let output = match &op.output {
        Output::Single(ty) => qualified_type(ty),
        Output::ByStatus(name) => {
            let name = ident(name);
            quote!(crate::operations::#name)
        }
    };
    let failure = failure_type(&op.failure);
    quote! {
        #[doc = #text]
        pub async fn #name(&self, params: &#params) -> Result<#output, Error<#failure>> {
            self.0.call(params).await
        }
    }
}

/// The Rust type of an operation's declared failure.
pub(crate) fn failure_type(failure: &Failure) -> TokenStream {
    match failure {
        Failure::None => quote!(rt::NoFailure),
        Failure::ByStatus(name) => {
            let name = ident(name);
            quote!(crate::operations::#name)
        }
        Failure::Runtime(path) => runtime_path(path),
    }
}
