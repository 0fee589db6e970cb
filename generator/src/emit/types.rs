//! `types.rs`: the API's schemas as Rust types: structs for objects, enums (see `enums`),
//! unions, and aliases.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{
    Head, Module, cfg_attr, deprecated, doc, enums, gate_items, ident, objects, rust_type,
};
use crate::format::splice::Splices;
use crate::model::{Api, DefaultValue, Field, Struct, Tagged, TypeDef, TypeKind, TypeRef, Union};

pub const HEAD: Head = Head {
    docs: &["The types of the API's schemas: bodies, their parts, and enums."],
    own: Module::Types,
};

/// About how much work (emitting and formatting) a part of the types is cut at: a few
/// hundred lines of Rust. A spec with few types stays one part.
const PART_WEIGHT: usize = 256;
/// At most this many parts: more would only add joins.
const MAX_PARTS: usize = 16;

/// Into how many parts the types are cut (see [`part_ranges`]).
pub fn parts(api: &Api) -> usize {
    part_ranges(api).len()
}

/// Part `part` of the types: the definitions of its range.
pub fn body(api: &Api, part: usize, splices: &mut Splices) -> TokenStream {
    let range = part_ranges(api).into_iter().nth(part).unwrap_or_default();
    let extra = extra_derives(api);
    let mut defs = Vec::new();
    for def in api.types.get(range).unwrap_or_default() {
        let items = match &def.kind {
            TypeKind::Struct(s) => emit_struct(def, s, &extra),
            TypeKind::Alias(target) => emit_alias(def, target),
            TypeKind::StringEnum(e) => enums::string_enum(def, e, splices),
            TypeKind::IntegerEnum(e) => enums::integer_enum(def, e, splices),
            TypeKind::Untagged(u) => emit_untagged(def, u, &extra),
            TypeKind::Tagged(t) => emit_tagged(def, t, &extra),
        };
        defs.push(gate_items(
            cfg_attr(api.features.type_gate(&def.name)),
            items,
        ));
    }
    quote!(#(#defs)*)
}

/// The derives the configuration adds to structs and unions (enums derive every comparison
/// trait already), as a second `#[derive]`; nothing when it adds none.
fn extra_derives(api: &Api) -> TokenStream {
    if api.extra_derives.is_empty() {
        return TokenStream::new();
    }
    // Checked as paths when the configuration was read.
    let paths = api
        .extra_derives
        .iter()
        .filter_map(|path| syn::parse_str::<syn::Path>(path).ok());
    quote!(#[derive(#(#paths),*)])
}

/// The types cut into runs of about equal work, in order: a type weighs its fields or
/// variants, and an enum its eight items besides.
fn part_ranges(api: &Api) -> Vec<std::ops::Range<usize>> {
    let weight = |def: &TypeDef| match &def.kind {
        TypeKind::Struct(s) => 2 + s.fields.len(),
        TypeKind::Alias(_) => 1,
        TypeKind::StringEnum(e) => 16 + e.variants.len(),
        TypeKind::IntegerEnum(e) => 16 + e.variants.len(),
        TypeKind::Untagged(u) => 8 + u.variants.len(),
        TypeKind::Tagged(t) => 8 + t.variants.len(),
    };
    let total: usize = api.types.iter().map(weight).sum();
    let parts = (total / PART_WEIGHT).clamp(1, MAX_PARTS);
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut done) = (0, 0);
    for (index, def) in api.types.iter().enumerate() {
        done += weight(def);
        // Cut where the work done reaches the next part's share.
        if done * parts >= (ranges.len() + 1) * total && index + 1 < api.types.len() {
            ranges.push(start..index + 1);
            start = index + 1;
        }
    }
    ranges.push(start..api.types.len());
    ranges
}

fn type_doc(def: &TypeDef) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = doc(Some(def.doc.as_deref().unwrap_or(&fallback)));
    let deprecated = deprecated(def.deprecated);
    quote!(#docs #deprecated)
}

/// A struct, read and written through the runtime's `rt::__private::object` (see `objects`); an open one
/// keeps the keys it does not name in a map field.
fn emit_struct(def: &TypeDef, s: &Struct, extra: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_doc(def);
    let fields = s.fields.iter().map(field);
    let defaults = s.fields.iter().filter_map(|f| default_fn(def, f));
    // A struct whose every field may be absent has an obvious empty value.
    let default = s.all_optional().then(|| quote!(Default,));
    let rest = s.additional.as_ref().map(|values| {
        let field = ident(&objects::rest_name(s));
        let values = rust_type(values);
        quote! {
            /// The properties the description does not name, as they were read.
            pub #field: std::collections::BTreeMap<String, #values>,
        }
    });
    let table = objects::table(def, s);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        #extra
        pub struct #name {
            #(#fields)*
            #rest
        }
        #(#defaults)*
        #table
    }
}

/// A field of a struct: its docs and its type.
fn field(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let fallback = format!("The `{}` property.", field.wire_name);
    let mut text = field.doc.clone().unwrap_or(fallback);
    if field.read_only {
        text.push_str("\n\nRead-only: the server sends it; what a client sends leaves it out.");
    }
    if field.write_only {
        text.push_str("\n\nWrite-only: the client sends it; what a server answers leaves it out.");
    }
    let docs = doc(Some(&text));
    let deprecated = deprecated(field.deprecated);
    let ty = objects::field_type(field);
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

/// Whether an absent field takes its default from a function of its struct (see
/// [`default_fn`]).
pub(super) fn has_default_fn(field: &Field) -> bool {
    !field.is_optional() && field.stand_in.is_some()
}

pub(super) fn default_fn_name(field: &Field) -> proc_macro2::Ident {
    format_ident!("default_{}", field.rust_name.trim_start_matches("r#"))
}

/// The default of a field as a Rust expression (see [`Field::stand_in`]).
fn default_value(field: &Field) -> Option<TokenStream> {
    Some(match field.stand_in.as_ref()? {
        DefaultValue::String(text) => quote!(#text.to_owned()),
        DefaultValue::Boolean(flag) => quote!(#flag),
        DefaultValue::I32(n) => quote!(#n),
        DefaultValue::I64(n) => quote!(#n),
        DefaultValue::Number(n) => quote!(#n),
        DefaultValue::Variant(name, variant) => {
            let (name, variant) = (ident(name), ident(variant));
            quote!(#name::#variant)
        }
        DefaultValue::Empty => quote!(Default::default()),
    })
}

/// The function `serde(default = ...)` names, for a field with a default.
fn default_fn(def: &TypeDef, field: &Field) -> Option<TokenStream> {
    if !has_default_fn(field) {
        return None;
    }
    let value = default_value(field)?;
    let name = default_fn_name(field);
    // The field's own type: `Box<T>` where it holds its struct through itself.
    let ty = objects::field_type(field);
    let owner = ident(&def.name);
    let text = format!(
        " The default of [`{}::{}`] when it is absent.",
        def.name,
        field.rust_name.trim_start_matches("r#")
    );
    Some(quote! {
        impl #owner {
            #[doc = #text]
            pub fn #name() -> #ty {
                #value
            }
        }
    })
}

fn emit_alias(def: &TypeDef, target: &TypeRef) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_doc(def);
    let target = rust_type(target);
    quote! {
        #docs
        pub type #name = #target;
    }
}

/// A `oneOf`/`anyOf` union: written as its variant; read as the variant that keeps the most
/// of the value (`rt::__private::tagged::choose`), not merely the first that reads.
fn emit_untagged(def: &TypeDef, union: &Union, extra: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_doc(def);
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = rust_type(&variant.ty);
        let text = format!(
            " The `{}` alternative.",
            variant.rust_name.trim_start_matches("r#")
        );
        quote! {
            #[doc = #text]
            #variant_name(#ty),
        }
    });
    let attempts = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let label = variant.rust_name.trim_start_matches("r#");
        quote!((#label, rt::__private::tagged::attempt(&value).map(Self::#variant_name)),)
    });
    let label = def.name.trim_start_matches("r#");
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #extra
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = rt::__private::tagged::read(deserializer)?;
                rt::__private::tagged::choose(#label, &value, [#(#attempts)*])
            }
        }
    }
}

/// A `oneOf` with a `discriminator`: written as its variant (which holds the property), read
/// by the property's value.
fn emit_tagged(def: &TypeDef, tagged: &Tagged, extra: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_doc(def);
    let property = &tagged.property;
    let variants = tagged.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = rust_type(&variant.ty);
        let text = format!(" `{property}` is `{}`.", variant.tag);
        quote! {
            #[doc = #text]
            #variant_name(#ty),
        }
    });
    let arms = tagged.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let tag = &variant.tag;
        quote!(Some(#tag) => rt::__private::tagged::from_value(value).map(Self::#variant_name),)
    });
    let tags = tagged.variants.iter().map(|variant| &variant.tag);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #extra
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = rt::__private::tagged::read(deserializer)?;
                match rt::__private::tagged::tag(&value, #property) {
                    #(#arms)*
                    other => Err(rt::__private::tagged::unknown(other, #property, &[#(#tags),*])),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    /// A model of `count` string enums of `variants` values each.
    fn enums(count: usize, variants: usize) -> crate::model::Api {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for index in 0..count {
            let values: Vec<String> = (0..variants).map(|v| format!("v{v}")).collect();
            let _ = writeln!(
                spec,
                "    E{index}: {{type: string, enum: [{}]}}",
                values.join(", ")
            );
        }
        let file = crate::SpecFile {
            name: "enums.yaml".to_owned(),
            contents: spec,
        };
        crate::read_model(&[file], &crate::Options::default())
            .expect("the spec is valid")
            .0
    }

    #[test]
    fn parts_cover_every_type_once_in_order() {
        for (count, variants) in [(1, 1), (3, 2), (200, 3), (40, 500), (2000, 2)] {
            let api = enums(count, variants);
            let ranges = super::part_ranges(&api);
            assert!(!ranges.is_empty() && ranges.len() <= super::MAX_PARTS);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(api.types.len()));
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].end, pair[1].start, "{ranges:?}");
                assert!(!pair[0].is_empty(), "{ranges:?}");
            }
            assert_eq!(super::parts(&api), ranges.len());
        }
        assert_eq!(super::parts(&enums(3, 2)), 1, "a small spec stays one part");
        assert!(super::parts(&enums(200, 3)) > 1);
    }
}
