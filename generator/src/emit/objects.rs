//! How a struct of `types.rs` is read and written: a table of its fields (number, wire name,
//! Rust name, and for a struct with required fields each one's type and rule) given to the
//! runtime's `rt::__private::object!`, which implements `Deserialize` and `Serialize` through
//! `rt::__private::object`. serde's derive would write a field enum, its visitor and a sequence reader
//! for every struct, which in a large description is most of the code the compiler checks;
//! what is the same for every struct is written once, in the runtime.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, rust_type};
use crate::model::{Field, Struct, TypeDef};

/// The struct's `rt::__private::object!` table, which implements `Deserialize`, `Serialize` and
/// `rt::__private::object::Object`; an open struct's map of the keys it does not name is its `rest`.
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
            quote!(rt::__private::object::Optional)
        } else if super::types::has_default_fn(field) {
            let default = super::types::default_fn_name(field);
            quote!(#name::#default)
        } else {
            quote!(rt::__private::object::Required)
        };
        quote!(#number #wire #rust_name: #ty = #rule;)
    });
    let layout = if in_place {
        quote!(in place)
    } else {
        quote!(slots)
    };
    let rest = s.additional.as_ref().map(|values| {
        let field = ident(&rest_name(s));
        let values = rust_type(values);
        quote!(rest #field: #values)
    });
    quote! {
        rt::__private::object!(#name #openness #layout #rest {
            #(#rows)*
        });
    }
}

/// The name of the field that keeps the keys an open struct does not name: `additional`,
/// unless a property holds that name.
pub fn rest_name(s: &Struct) -> String {
    let taken = |name: &str| s.fields.iter().any(|field| field.rust_name == name);
    let mut name = "additional".to_owned();
    while taken(&name) {
        name.push('_');
    }
    name
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
