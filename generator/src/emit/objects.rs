//! How a struct of `types.rs` is read and written: `Deserialize` and `Serialize` through the
//! runtime's `rt::object`, given a field table, a `match` from a field's number to the field
//! and one call per field to write it. serde's derive would write a field enum, its visitor and
//! a sequence reader for every struct, which in a large description is most of the code the
//! compiler checks; what is the same for every struct is written once, in the runtime.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, rust_type};
use crate::model::{Field, Struct, TypeDef};

/// The `Deserialize`, `Serialize` and `rt::object::Object` impls of a struct without a map of
/// other properties (that one keeps serde's derive, for its `flatten`).
pub fn impls(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let object = object(def, s);
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::object::deserialize(deserializer)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                rt::object::serialize(self, serializer)
            }
        }

        #object
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

/// Whether the struct, while it is read, is the struct itself (every field may be absent, so
/// it starts as its `Default`), rather than a slot per field.
fn reads_in_place(s: &Struct) -> bool {
    s.fields.iter().all(Field::is_optional)
}

/// The `rt::object::Object` impl: the field table, reading a field by its number, making the
/// struct of the fields read, and writing the fields.
fn object(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let label = def.name.trim_start_matches("r#");
    let wire_names = s.fields.iter().map(|field| &field.wire_name);
    let closed = s.closed.then(|| {
        quote!(
            const CLOSED: bool = true;
        )
    });
    let (partial, start, finish) = if reads_in_place(s) {
        (quote!(Self), quote!(Self::default()), quote!(Ok(partial)))
    } else {
        // An optional field's slot is its `Option`; the others are wrapped in one.
        let slots = s.fields.iter().map(|field| {
            let ty = field_type(field);
            if field.is_optional() {
                ty
            } else {
                quote!(Option<#ty>)
            }
        });
        // Tuples of up to 12 have a `Default`; longer ones are spelled out.
        let start = if s.fields.len() <= 12 {
            quote!(Default::default())
        } else {
            let nones = s.fields.iter().map(|_| quote!(None));
            quote!((#(#nones,)*))
        };
        let values = s.fields.iter().enumerate().map(|(index, field)| {
            let rust_name = ident(&field.rust_name);
            let slot = Literal::usize_unsuffixed(index);
            let wire = &field.wire_name;
            let value = if field.is_optional() {
                quote!(partial.#slot)
            } else if super::types::has_default_fn(field) {
                let default = super::types::default_fn_name(field);
                quote!(partial.#slot.unwrap_or_else(Self::#default))
            } else {
                quote!(rt::object::required(partial.#slot, #wire)?)
            };
            quote!(#rust_name: #value,)
        });
        (
            quote!((#(#slots,)*)),
            start,
            quote!(Ok(Self { #(#values)* })),
        )
    };
    let in_place = reads_in_place(s);
    let arms = s.fields.iter().enumerate().map(|(index, field)| {
        let number = Literal::usize_unsuffixed(index);
        let target = if in_place {
            let rust_name = ident(&field.rust_name);
            quote!(partial.#rust_name)
        } else {
            quote!(partial.#number)
        };
        let read = if field.is_optional() {
            quote!(set)
        } else {
            quote!(fill)
        };
        quote!(#number => rt::object::#read(&mut #target, value),)
    });
    // Without fields nothing is read, and the parameters are unused.
    let (partial_arg, field_arg, value_arg) = if s.fields.is_empty() {
        (quote!(_partial), quote!(_field), quote!(_value))
    } else {
        (quote!(partial), quote!(field), quote!(value))
    };
    let read = if s.fields.is_empty() {
        quote!(Ok(()))
    } else {
        quote!(match field {
            #(#arms)*
            _ => Ok(()),
        })
    };
    let write_fields = write_fields(s);
    quote! {
        impl rt::object::Object for #name {
            const NAME: &'static str = #label;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];
            #closed
            type Partial = #partial;
            fn start() -> Self::Partial {
                #start
            }
            fn read_field<'de, D: serde::Deserializer<'de>>(
                #partial_arg: &mut Self::Partial,
                #field_arg: usize,
                #value_arg: D,
            ) -> Result<(), D::Error> {
                #read
            }
            fn finish<E: serde::de::Error>(partial: Self::Partial) -> Result<Self, E> {
                #finish
            }
            #write_fields
        }
    }
}

/// `write_fields`: each field given to the runtime's writer, in order.
fn write_fields(s: &Struct) -> TokenStream {
    let writes = s.fields.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        if field.is_optional() {
            quote!(out.optional(#wire, &self.#rust_name)?;)
        } else {
            quote!(out.field(#wire, &self.#rust_name)?;)
        }
    });
    let out = if s.fields.is_empty() {
        quote!(_out)
    } else {
        quote!(out)
    };
    quote! {
        fn write_fields<W: rt::object::WriteFields>(&self, #out: &mut W) -> Result<(), W::Error> {
            #(#writes)*
            Ok(())
        }
    }
}
