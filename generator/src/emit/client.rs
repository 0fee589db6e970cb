//! `client.rs` (feature `client`): the API's `Client`, one method per operation over the
//! runtime's client, which does the work.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime;
use super::{Head, Module, cfg_attr, ident, operation_item, type_in};
use crate::format::splice::Splices;
use crate::model::{Api, Failure, Operation, Output, TypeRef};

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
pub fn body(api: &Api, _part: usize, _: &mut Splices) -> TokenStream {
    let title = api.titles.join(", ");
    let client_doc = format!(" An async client for {title}: one method per operation.");
    let methods = api.operations.iter().map(|op| {
        // Each of the operation's methods is gated by its tags (where tags are features).
        let gate = cfg_attr(api.features.operation(&op.fn_name));
        method(op, &gate)
    });
    quote! {
        pub use rt::client::{
            Builder, Credential, Error, Middleware, MiddlewareError, Next, BoxFuture, Response,
            TransportKind, install_tls_provider, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
            RequestOptions, RetryPolicy, IDEMPOTENCY_KEY,
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

            /// This client with `options` (a time limit, headers, an idempotency key, a retry
            /// policy) applied to every call made through it, on top of those of an earlier
            /// `with`: `client.with(options).some_operation(&params)`. Cheap: the connection
            /// pool and settings are shared.
            pub fn with(&self, options: RequestOptions) -> Self {
                Client(self.0.with(options))
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
    "RequestOptions",
    "RetryPolicy",
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
fn method(op: &Operation, gate: &TokenStream) -> TokenStream {
    let name = ident(&op.fn_name);
    let params = operation_item(&op.params_type, TAKEN);
    let mut text = method_doc(op, TAKEN);
    if let Some(events) = op.extras.events.as_ref().filter(|events| events.only) {
        text.push_str(&format!(
            " Waits for the event stream to end and gives it whole; `{}` reads it as it comes.",
            events.fn_name
        ));
    }
    let output = output_type(&op.output, TAKEN);
    let failure = failure_type(&op.failure, TAKEN);
    let extras = extra_methods(op, &params, &output, &failure, gate);
    quote! {
        #gate
        #[doc = #text]
        pub async fn #name(&self, params: &#params) -> Result<#output, Error<#failure>> {
            self.0.call(params).await
        }
        #extras
    }
}

/// The methods beside an operation's own: its success with its typed headers, its event
/// stream, its bytes as a stream, its body from a stream (these three with the feature
/// `stream`).
fn extra_methods(
    op: &Operation,
    params: &TokenStream,
    output: &TokenStream,
    failure: &TokenStream,
    gate: &TokenStream,
) -> TokenStream {
    let extras = &op.extras;
    let id = &op.wire_id;
    let headers = extras.headers.as_ref().map(|declared| {
        let name = ident(&declared.fn_name);
        let headers = ident(&declared.type_name);
        let text = format!(
            " `{id}`, with the headers its success declares ([`{0}`]). \
             A declared header that is missing or cannot be read is `Error::Header`.",
            declared.type_name
        );
        quote! {
            #gate
            #[doc = #text]
            pub async fn #name(
                &self,
                params: &#params,
            ) -> Result<rt::WithHeaders<#output, crate::operations::#headers>, Error<#failure>> {
                self.0.call_with_headers(params).await
            }
        }
    });
    let events = extras.events.as_ref().map(|events| {
        let name = ident(&events.fn_name);
        let (data, call) = match &events.data {
            TypeRef::String => (quote!(String), quote!(self.0.call_text_events(params))),
            data => {
                let data = type_in(data, TAKEN);
                (
                    quote!(#data),
                    quote!(self.0.call_events::<_, #data>(params)),
                )
            }
        };
        let text = format!(
            " `{id}` as a `text/event-stream` (feature `stream`): its events as they come. \
             Dropping the stream closes the connection."
        );
        quote! {
            #[cfg(feature = "stream")]
            #gate
            #[doc = #text]
            pub async fn #name(
                &self,
                params: &#params,
            ) -> Result<rt::client::EventStream<#data>, Error<#failure>> {
                #call.await
            }
        }
    });
    let bytes = extras.bytes_fn.as_ref().map(|name| {
        let name = ident(name);
        let text = format!(
            " `{id}` with the body of its answer as it arrives (feature `stream`), rather than \
             whole in memory."
        );
        quote! {
            #[cfg(feature = "stream")]
            #gate
            #[doc = #text]
            pub async fn #name(
                &self,
                params: &#params,
            ) -> Result<rt::client::ByteStream, Error<#failure>> {
                self.0.call_bytes(params).await
            }
        }
    });
    let upload = extras.upload_fn.as_ref().map(|name| {
        let name = ident(name);
        let text = format!(
            " `{id}` with its request body sent from `body` as it comes (feature `stream`); \
             the body in `params` is not sent. A streamed body is never retried."
        );
        quote! {
            #[cfg(feature = "stream")]
            #gate
            #[doc = #text]
            pub async fn #name<S>(
                &self,
                params: &#params,
                body: S,
            ) -> Result<#output, Error<#failure>>
            where
                S: rt::__private::futures_core::TryStream + Send + 'static,
                S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
                rt::__private::bytes::Bytes: From<S::Ok>,
            {
                self.0.call_upload(params, body).await
            }
        }
    });
    quote! {
        #headers
        #events
        #bytes
        #upload
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
