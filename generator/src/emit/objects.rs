//! How a struct of `types.rs` is read and written: a table of its fields (number, wire name,
//! Rust name, and for a struct with required fields each one's type and rule) given to the
//! runtime's `rt::object!`, which implements `Deserialize` and `Serialize` through
//! `rt::object`. serde's derive would write a field enum, its visitor and a sequence reader
//! for every struct, which in a large description is most of the code the compiler checks;
//! what is the same for every struct is written once, in the runtime.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, rust_type};
use crate::model::{Field, Struct, TypeDef};

/// The struct's `rt::object!` table, which implements `Deserialize`, `Serialize` and
/// `rt::object::Object` (for a struct without a map of other properties: that one keeps
/// serde's derive, for its `flatten`).
pub fn table(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let openness = if s.closed {
        quote!(closed)
    } else {
        quote!(open)
    };
    // Read in place, the struct starts as its `Default`, derived when every field is optional.
    let in_place = s.all_optional();
    // Read in place, a row is the field's number, wire name and Rust name; read into slots,
    // also its type and rule.
    let rows = s.fields.iter().enumerate().map(|(index, field)| {
        let number = Literal::usize_unsuffixed(index);
        let wire = &field.wire_name;
        let rust_name = ident(&field.rust_name);
        if in_place {
            return quote!(#number #wire #rust_name;);
        }
        let ty = field_type(field);
        let rule = if field.is_optional() {
            quote!(rt::object::Optional)
        } else if super::types::has_default_fn(field) {
            let default = super::types::default_fn_name(field);
            quote!(#name::#default)
        } else {
            quote!(rt::object::Required)
        };
        quote!(#number #wire #rust_name: #ty = #rule;)
    });
    let layout = if in_place {
        quote!(in place)
    } else {
        quote!(slots)
    };
    quote! {
        rt::object!(#name #openness #layout {
            #(#rows)*
        });
    }
}

/// A field's type in the struct: optional fields are `Option`s, boxed ones `Box`es.
pub fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.is_optional() {
        quote!(Option<#ty>)
    } else {
        ty
    }
}
