//! Structs for object schemas, and aliases for components that name another type.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated, doc, ident, rust_type};
use crate::model::{Field, Struct, TypeDef, TypeRef, Untagged};

pub fn emit_struct(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_doc(def);
    let fields = s.fields.iter().map(field);
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let derive_debug = if sensitive {
        TokenStream::new()
    } else {
        quote!(Debug,)
    };
    let debug_impl = sensitive.then(|| {
        redacting_debug(
            &def.name,
            s.fields
                .iter()
                .map(|f| (f.rust_name.as_str(), f.sensitive, f.is_optional())),
        )
    });
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
    }
}

pub fn emit_alias(def: &TypeDef, target: &TypeRef) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_doc(def);
    let target = rust_type(target);
    quote! {
        #docs
        pub type #name = #target;
    }
}

/// A `oneOf`/`anyOf` union: serde tries the variants in order.
pub fn emit_untagged(def: &TypeDef, union: &Untagged) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_doc(def);
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = rust_type(&variant.ty);
        let text = format!(" The `{}` alternative.", variant.rust_name);
        quote! {
            #[doc = #text]
            #variant_name(#ty),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// `QueryValue` for a struct or union a parameter uses: it travels as JSON text; a bare string
/// that is not JSON is read as a JSON string.
pub fn emit_query_json(name: &str) -> TokenStream {
    let name = ident(name);
    quote! {
        impl crate::support::QueryValue for #name {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                ::serde_json::from_str(value)
                    .or_else(|_| ::serde_json::from_value(::serde_json::Value::String(value.to_owned())))
                    .map_err(|err| ::std::format!("expected JSON of the parameter's schema: {err}"))
            }

            fn to_query(&self) -> ::std::string::String {
                match ::serde_json::to_value(self) {
                    ::core::result::Result::Ok(::serde_json::Value::String(text)) => text,
                    ::core::result::Result::Ok(other) => other.to_string(),
                    ::core::result::Result::Err(_) => ::std::string::String::new(),
                }
            }
        }
    }
}

fn type_doc(def: &TypeDef) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = doc(Some(def.doc.as_deref().unwrap_or(&fallback)));
    let deprecated = deprecated(def.deprecated);
    quote!(#docs #deprecated)
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let fallback = format!("The `{}` property.", field.wire_name);
    let docs = doc(Some(field.doc.as_deref().unwrap_or(&fallback)));
    let deprecated = deprecated(field.deprecated);
    let rename = serde_rename(&field.wire_name, &field.rust_name);
    let ty = rust_type(&field.ty);
    let (ty, optional) = if field.is_optional() {
        (
            quote!(::core::option::Option<#ty>),
            quote!(#[serde(default, skip_serializing_if = "::core::option::Option::is_none")]),
        )
    } else {
        (ty, TokenStream::new())
    };
    quote! {
        #docs
        #deprecated
        #rename
        #optional
        pub #name: #ty,
    }
}

/// `#[serde(rename = "wire")]` when the Rust name differs from the wire name.
pub(crate) fn serde_rename(wire: &str, rust_name: &str) -> TokenStream {
    if rust_name.trim_start_matches("r#") == wire {
        TokenStream::new()
    } else {
        quote!(#[serde(rename = #wire)])
    }
}

/// A `Debug` impl that prints `<redacted>` for secret fields (and `Some(<redacted>)` for set
/// optional ones), so that a logged value never shows a secret.
pub(crate) fn redacting_debug<'a>(
    type_name: &str,
    fields: impl Iterator<Item = (&'a str, bool, bool)>,
) -> TokenStream {
    let name = ident(type_name);
    let label = type_name;
    let fields = fields.map(|(rust_name, sensitive, optional)| {
        let field = ident(rust_name);
        let shown = rust_name.trim_start_matches("r#");
        match (sensitive, optional) {
            (false, _) => quote!(.field(#shown, &self.#field)),
            (true, false) => quote!(.field(#shown, &crate::support::Redacted)),
            (true, true) => {
                quote!(.field(#shown, &self.#field.as_ref().map(|_| crate::support::Redacted)))
            }
        }
    });
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}
