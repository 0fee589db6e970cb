//! The generated crate's `lib.rs`: crate docs listing the operations, and the modules.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Api;

pub fn emit(api: &Api) -> TokenStream {
    let mut docs = vec![
        format!(" Types for {}.", api.titles.join(", ")),
        String::new(),
    ];
    docs.push(" Operations:".to_owned());
    docs.push(String::new());
    for op in &api.operations {
        let summary = op
            .summary
            .as_deref()
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        let since = op
            .since
            .as_deref()
            .map(|version| format!(" Available since version {version}."))
            .unwrap_or_default();
        docs.push(format!(
            " - `{}` ({} `{}`){summary}; parameters: [`{}`].{since}",
            op.wire_id,
            op.method.as_str(),
            op.path,
            op.params_type
        ));
    }
    quote! {
        #(#![doc = #docs])*
        #![deny(missing_docs)]

        #[cfg(feature = "client")]
        pub mod client;
        pub mod params;
        #[cfg(feature = "server")]
        pub mod server;
        pub mod support;
        pub mod types;

        pub use params::*;
        pub use support::{InvalidEnumValue, ParamError, ParamErrors, ParamProblem};
        pub use types::*;
    }
}
