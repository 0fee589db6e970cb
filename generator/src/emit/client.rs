//! The generated crate's `client` module (feature `client`): an async client over reqwest.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Api;

pub fn emit(_api: &Api) -> TokenStream {
    quote! {
        #![doc = " An async client for the API (feature `client`)."]
    }
}
