//! `lib.rs`: the crate's docs listing the operations, its modules, and the API as data
//! (servers and security schemes) for the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use crate::features::Gate;
use crate::format::splice::Splices;
use crate::model::Api;

/// The whole file, its own head included, in one part.
pub fn body(api: &Api, _part: usize, _: &mut Splices) -> TokenStream {
    let mut docs = vec![
        format!(
            " Types, a client and server stubs for {}.",
            api.titles.join(", ")
        ),
        String::new(),
        " Operations:".to_owned(),
        String::new(),
    ];
    for op in &api.operations {
        let summary = op
            .summary
            .as_deref()
            .map(|s| format!(": {}", s.trim()))
            .unwrap_or_default();
        // An item behind a feature that is off is no link target: named, with its features.
        let params = match api.features.operation(&op.fn_name) {
            Gate::Always => format!("[`{}`]", op.params_type),
            Gate::AnyOf(features) => {
                let features: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
                format!("`{}` (feature {})", op.params_type, features.join(" or "))
            }
        };
        docs.push(format!(
            " - `{}` ({} `{}`){summary}; parameters: {params}.",
            op.wire_id,
            op.method.as_str(),
            op.path,
        ));
    }
    let title = api.titles.join(", ");
    let servers = api.servers.iter().map(|server| {
        let url = &server.url;
        let description = option_text(&server.description);
        let variables = server.variables.iter().map(|v| {
            let (name, default) = (&v.name, &v.default);
            let description = option_text(&v.description);
            quote!(rt::vocab::ServerVariable { name: #name, default: #default, description: #description })
        });
        quote!(rt::vocab::Server { url: #url, description: #description, variables: &[#(#variables),*] })
    });
    let schemes = api.schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = super::runtime::scheme_kind(&scheme.kind);
        quote!(rt::operation::Scheme { name: #name, kind: #kind })
    });
    let scheme_docs: Vec<String> = api
        .schemes
        .iter()
        .map(|scheme| {
            let description = scheme
                .description
                .as_deref()
                .map(|d| format!(": {}", d.trim().replace('\n', " ")))
                .unwrap_or_default();
            format!(" - `{}`{description}", scheme.name)
        })
        .collect();
    let scheme_docs = (!scheme_docs.is_empty()).then(|| {
        quote! {
            ///
            /// Its security schemes, which operations refer to by name:
            ///
            #(#[doc = #scheme_docs])*
        }
    });
    // A glob of an empty module would be an unused import.
    let operations_glob = (!api.operations.is_empty()).then(|| {
        quote!(
            pub use operations::*;
        )
    });
    let types_glob = (!api.types.is_empty()).then(|| {
        quote!(
            pub use types::*;
        )
    });
    // Behind per-tag features, either module may hold nothing with the features on.
    let allow = (!api.features.is_empty()).then(|| quote!(#[allow(unused_imports)]));
    let (operations_glob, types_glob) = (
        operations_glob.map(|glob| quote!(#allow #glob)),
        types_glob.map(|glob| quote!(#allow #glob)),
    );
    // A part the configuration leaves out has no module (and no feature in the manifest).
    let client = api.parts.client.then(|| {
        quote!(
            #[cfg(feature = "client")]
            pub mod client;
        )
    });
    let server = api.parts.server.then(|| {
        quote!(
            #[cfg(feature = "server")]
            pub mod server;
        )
    });
    quote! {
        #(#![doc = #docs])*
        #![deny(missing_docs)]

        use openapi_runtime as rt;

        #client
        pub mod operations;
        #server
        pub mod types;

        #operations_glob
        pub use rt::{InvalidEnumValue, Operation, ParamError, ParamErrors, ParamProblem, Secret, WireEnum};
        #types_glob
        /// The runtime the crate is built on, for what its API names (`runtime::Binary`, ...).
        pub use openapi_runtime as runtime;

        /// The API as the runtime needs it: its servers and security schemes.
        #scheme_docs
        pub static API: rt::operation::ApiInfo = rt::operation::ApiInfo {
            title: #title,
            servers: &[#(#servers),*],
            schemes: &[#(#schemes),*],
        };
    }
}

/// `Some("text")` or `None`, for a description in a static.
fn option_text(text: &Option<String>) -> TokenStream {
    match text {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}
