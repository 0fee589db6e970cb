//! The generated crate's `server` module (feature `server`): axum server stubs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Api;

pub fn emit(_api: &Api) -> TokenStream {
    quote! {
        #![doc = " Server stubs for the API over axum (feature `server`)."]
    }
}
