//! Enums for `enum` schemas: the list of values (`ALL`, `VALUES`), the exact wire value
//! (`as_str`/`value`, `Display`), `FromStr` (and `TryFrom<i64>`) whose error names the
//! parameter and suggests the nearest allowed value, and serde impls that accept exactly what
//! `FromStr` does (through the runtime's `enums`).
//!
//! An open enum (`open`) has one more variant holding any value the spec does not list, so
//! that a newer server's value round-trips instead of failing.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated, doc, ident, wire_doc};
use crate::model::{IntegerEnum, StringEnum, TypeDef};

/// The name of the variant that holds unlisted values of an open enum: `Other`, unless a
/// listed value already took that name.
fn other_variant<'a>(taken: impl Iterator<Item = &'a str>) -> String {
    let taken: Vec<&str> = taken.collect();
    std::iter::once("Other".to_owned())
        .chain((2..).map(|n| format!("Other{n}")))
        .find(|name| !taken.contains(&name.as_str()))
        .expect("an unbounded range always yields a free name")
}

fn enum_doc(def: &TypeDef) -> TokenStream {
    let fallback = format!("The allowed values of `{}`.", def.name);
    let docs = doc(Some(def.doc.as_deref().unwrap_or(&fallback)));
    let deprecated = deprecated(def.deprecated);
    quote!(#docs #deprecated)
}

/// The parts every enum has: `ALL`, `VALUES` and the runtime's `WireEnum`.
fn listing(
    def: &TypeDef,
    label: &str,
    variants: &[proc_macro2::Ident],
    values: &[String],
) -> (TokenStream, TokenStream) {
    let name = ident(&def.name);
    let consts = quote! {
        /// Every value the API description lists, in its order.
        pub const ALL: &'static [Self] = &[#(Self::#variants),*];
        /// The values of [`Self::ALL`] as the API writes them, in the same order.
        pub const VALUES: &'static [&'static str] = &[#(#values),*];
    };
    let wire = quote! {
        impl rt::WireEnum for #name {
            const LABEL: &'static str = #label;
            const VALUES: &'static [&'static str] = #name::VALUES;
        }
    };
    (consts, wire)
}

pub fn string_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.name);
    let docs = enum_doc(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
    let variant_docs = e.variants.iter().map(|v| wire_doc(&v.wire));
    let (consts, wire_enum) = listing(def, &e.label, &variants, &wires);
    let other = e.open.then(|| {
        ident(&other_variant(
            e.variants.iter().map(|v| v.rust_name.as_str()),
        ))
    });
    let (derive_copy, other_variant, as_str, error, unknown) = match &other {
        Some(other) => (
            TokenStream::new(),
            quote! {
                /// A value the API description does not list, kept exactly as received.
                #other(String),
            },
            quote! {
                /// The exact string the API uses for this value.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #wires,)*
                        Self::#other(value) => value,
                    }
                }
            },
            quote!(std::convert::Infallible),
            quote!(_ => Self::#other(value.to_owned()),),
        ),
        None => (
            quote!(Copy,),
            TokenStream::new(),
            quote! {
                /// The exact string the API uses for this value.
                pub const fn as_str(&self) -> &'static str {
                    Self::VALUES[*self as usize]
                }
            },
            quote!(rt::InvalidEnumValue),
            quote!(_ => return Err(rt::InvalidEnumValue::of::<Self>(value)),),
        ),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #other_variant
        }

        impl #name {
            #consts
            #as_str
        }

        #wire_enum

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = #error;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    #(#wires => Self::#variants,)*
                    #unknown
                })
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::enums::deserialize_str(deserializer)
            }
        }
    }
}

pub fn integer_enum(def: &TypeDef, e: &IntegerEnum) -> TokenStream {
    let name = ident(&def.name);
    let docs = enum_doc(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<i64> = e.variants.iter().map(|v| v.value).collect();
    let texts: Vec<String> = values.iter().map(i64::to_string).collect();
    let variant_docs = e.variants.iter().map(|v| wire_doc(&v.value.to_string()));
    let (consts, wire_enum) = listing(def, &e.label, &variants, &texts);
    let other = e.open.then(|| {
        ident(&other_variant(
            e.variants.iter().map(|v| v.rust_name.as_str()),
        ))
    });
    let (other_variant, other_value, unknown) = match &other {
        Some(other) => (
            quote! {
                /// A value the API description does not list, kept exactly as received.
                #other(i64),
            },
            quote!(Self::#other(value) => *value,),
            quote!(_ => Self::#other(value),),
        ),
        None => (
            TokenStream::new(),
            TokenStream::new(),
            quote!(_ => return Err(rt::InvalidEnumValue::of::<Self>(&value.to_string())),),
        ),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #other_variant
        }

        impl #name {
            #consts

            /// The integer the API uses for this value.
            pub const fn value(&self) -> i64 {
                match self {
                    #(Self::#variants => #values,)*
                    #other_value
                }
            }
        }

        #wire_enum

        impl TryFrom<i64> for #name {
            type Error = rt::InvalidEnumValue;

            fn try_from(value: i64) -> Result<Self, Self::Error> {
                Ok(match value {
                    #(#values => Self::#variants,)*
                    #unknown
                })
            }
        }

        impl From<#name> for i64 {
            fn from(value: #name) -> i64 {
                value.value()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl std::str::FromStr for #name {
            type Err = rt::InvalidEnumValue;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value.trim().parse::<i64>() {
                    Ok(number) => Self::try_from(number),
                    Err(_) => Err(rt::InvalidEnumValue::of::<Self>(value)),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::enums::deserialize_int(deserializer)
            }
        }
    }
}
