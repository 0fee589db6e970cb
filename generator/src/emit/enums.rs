//! Enums for `enum` schemas, with their validators: `FromStr` (and `TryFrom<i64>`) whose
//! error names the parameter and the allowed values, `Display`/`as_str` giving the exact wire
//! value, serde impls that accept exactly the allowed values, and the list of all variants.
//!
//! An open enum (`StringEnum::open`) has one more variant holding any value the spec does not
//! list, so that a newer server's value round-trips instead of failing.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated, doc, ident, wire_doc};
use crate::model::{IntegerEnum, StringEnum, TypeDef};

/// The name of the variant that holds unlisted values of an open enum: `Other`, unless a
/// listed value already took that name.
pub(crate) fn other_variant<'a>(taken: impl Iterator<Item = &'a str>) -> String {
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

pub fn emit_string_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.name);
    let docs = enum_doc(def);
    let label = &e.label;
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = e.variants.iter().map(|v| wire_doc(&v.wire));
    let other = e.open.then(|| {
        ident(&other_variant(
            e.variants.iter().map(|v| v.rust_name.as_str()),
        ))
    });

    let (derive_copy, as_str_sig, other_decl, other_as_str, unknown) = match &other {
        Some(other) => (
            TokenStream::new(),
            quote!(pub fn as_str(&self) -> &str),
            quote! {
                #[doc = " A value the API description does not list, kept exactly as received."]
                #other(::std::string::String),
            },
            quote!(#name::#other(value) => value,),
            quote!(_ => #name::#other(value.to_owned()),),
        ),
        None => (
            quote!(Copy,),
            quote!(pub const fn as_str(&self) -> &'static str),
            TokenStream::new(),
            TokenStream::new(),
            quote! {
                _ => return ::core::result::Result::Err(
                    crate::support::InvalidEnumValue::new(#label, value, Self::VALUES),
                ),
            },
        ),
    };
    let (error, from_query) = if e.open {
        (
            quote!(::core::convert::Infallible),
            quote! {
                let ::core::result::Result::Ok(parsed) = value.parse::<Self>();
                ::core::result::Result::Ok(parsed)
            },
        )
    } else {
        (
            quote!(crate::support::InvalidEnumValue),
            quote!(
                value
                    .parse()
                    .map_err(|error: crate::support::InvalidEnumValue| error.expectation())
            ),
        )
    };

    quote! {
        #docs
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            #other_decl
        }

        impl #name {
            /// Every value the API description lists, in its order.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];
            /// The wire strings of [`Self::ALL`], in the same order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The exact string the API uses for this value.
            #as_str_sig {
                match self {
                    #( #name::#variants => #wires, )*
                    #other_as_str
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = #error;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(match value {
                    #( #wires => #name::#variants, )*
                    #unknown
                })
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                deserializer.deserialize_str(crate::support::StrVisitor::<Self>::new(#label))
            }
        }

        impl crate::support::QueryValue for #name {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                #from_query
            }

            fn to_query(&self) -> ::std::string::String {
                self.as_str().to_owned()
            }
        }
    }
}

pub fn emit_integer_enum(def: &TypeDef, e: &IntegerEnum) -> TokenStream {
    let name = ident(&def.name);
    let docs = enum_doc(def);
    let label = &e.label;
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<i64> = e.variants.iter().map(|v| v.value).collect();
    let value_strings: Vec<String> = values.iter().map(i64::to_string).collect();
    let variant_docs = e.variants.iter().map(|v| wire_doc(&v.value.to_string()));
    let other = e.open.then(|| {
        ident(&other_variant(
            e.variants.iter().map(|v| v.rust_name.as_str()),
        ))
    });

    let (other_decl, other_value, unknown) = match &other {
        Some(other) => (
            quote! {
                #[doc = " A value the API description does not list, kept exactly as received."]
                #other(i64),
            },
            quote!(#name::#other(value) => *value,),
            quote!(_ => #name::#other(value),),
        ),
        None => (
            TokenStream::new(),
            TokenStream::new(),
            quote! {
                _ => return ::core::result::Result::Err(crate::support::InvalidEnumValue::new(
                    #label,
                    &value.to_string(),
                    Self::VALUES,
                )),
            },
        ),
    };

    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            #other_decl
        }

        impl #name {
            /// Every value the API description lists, in its order.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];
            /// The values of [`Self::ALL`] as the API writes them, in the same order.
            pub const VALUES: &'static [&'static str] = &[#(#value_strings),*];

            /// The integer the API uses for this value.
            pub const fn value(&self) -> i64 {
                match self {
                    #( #name::#variants => #values, )*
                    #other_value
                }
            }
        }

        impl ::core::convert::TryFrom<i64> for #name {
            type Error = crate::support::InvalidEnumValue;

            fn try_from(value: i64) -> ::core::result::Result<Self, Self::Error> {
                ::core::result::Result::Ok(match value {
                    #( #values => #name::#variants, )*
                    #unknown
                })
            }
        }

        impl ::core::convert::From<#name> for i64 {
            fn from(value: #name) -> i64 {
                value.value()
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = crate::support::InvalidEnumValue;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                match value.trim().parse::<i64>() {
                    ::core::result::Result::Ok(number) => Self::try_from(number),
                    ::core::result::Result::Err(_) => ::core::result::Result::Err(
                        crate::support::InvalidEnumValue::new(#label, value, Self::VALUES),
                    ),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                deserializer.deserialize_any(crate::support::IntegerVisitor::<Self>::new(#label))
            }
        }

        impl crate::support::QueryValue for #name {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                value.parse().map_err(|error: crate::support::InvalidEnumValue| error.expectation())
            }

            fn to_query(&self) -> ::std::string::String {
                self.value().to_string()
            }
        }
    }
}
