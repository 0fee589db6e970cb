//! Enums for `enum` schemas. The generator writes an enum's definition (each variant's doc
//! quotes its wire value) and one call of the runtime's `string_enum!` or `integer_enum!` that
//! binds each variant to its wire value by name, the one place the value is written. The
//! macro makes the rest: `ALL`, `VALUES`, the exact wire value (`as_str`/`value`, `Display`),
//! `FromStr` (and `TryFrom<i64>`) whose error names the parameter and suggests the nearest
//! allowed value, and serde impls that accept exactly what `FromStr` does.
//!
//! An open enum (`open`) has one more variant holding any value the spec does not list, so
//! that a newer server's value round-trips instead of failing.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::enum_lists::{self, string_literal};
use super::{deprecated, doc, ident};
use crate::format::splice::Splices;
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

/// The variant of an open enum that holds unlisted values, if the enum is open.
fn open_variant<'a>(open: bool, names: impl Iterator<Item = &'a str>) -> Option<Ident> {
    open.then(|| ident(&other_variant(names)))
}

/// An enum's definition and the call of the runtime's `enum_macro` that binds its `variants`
/// to their `wires` (`literals`: the same as Rust literals). `other`: an open enum's variant
/// for unlisted values and the type it holds; `copy`: whether the enum can derive `Copy`.
struct Shape<'a> {
    def: &'a TypeDef,
    enum_macro: &'a str,
    label: &'a str,
    variants: Vec<Ident>,
    wires: Vec<String>,
    literals: Vec<String>,
    other: Option<(Ident, TokenStream)>,
    copy: bool,
}

impl Shape<'_> {
    fn emit(self, splices: &mut Splices) -> TokenStream {
        let def = self.def;
        let name = ident(&def.name);
        let fallback = format!("The allowed values of `{}`.", def.name);
        let docs = doc(Some(def.doc.as_deref().unwrap_or(&fallback)));
        let deprecated = deprecated(def.deprecated);
        let copy = self.copy.then(|| quote!(Copy,));
        let declared = enum_lists::variants(&def.name, &self.variants, &self.wires, splices);
        let label = string_literal(self.label);
        let (openness, other_variant) = match &self.other {
            Some((other, held)) => (
                format!("{name} {label} open {other}"),
                quote! {
                    /// A value the API description does not list, kept exactly as received.
                    #other(#held),
                },
            ),
            None => (format!("{name} {label} closed"), TokenStream::new()),
        };
        let call = enum_lists::values_call(
            &def.name,
            self.enum_macro,
            &openness,
            &self.variants,
            &self.literals,
            splices,
        );
        quote! {
            #docs
            #deprecated
            #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #declared
                #other_variant
            }

            #call
        }
    }
}

/// A string enum: its definition, and the runtime's `string_enum!` for the rest.
pub fn string_enum(def: &TypeDef, e: &StringEnum, splices: &mut Splices) -> TokenStream {
    let other = open_variant(e.open, e.variants.iter().map(|v| v.rust_name.as_str()));
    let wires: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
    Shape {
        def,
        enum_macro: "string_enum",
        label: &e.label,
        variants: e.variants.iter().map(|v| ident(&v.rust_name)).collect(),
        literals: wires.iter().map(|wire| string_literal(wire)).collect(),
        wires,
        copy: other.is_none(),
        other: other.map(|other| (other, quote!(String))),
    }
    .emit(splices)
}

/// An integer enum: its definition, and the runtime's `integer_enum!` for the rest.
pub fn integer_enum(def: &TypeDef, e: &IntegerEnum, splices: &mut Splices) -> TokenStream {
    let other = open_variant(e.open, e.variants.iter().map(|v| v.rust_name.as_str()));
    let texts: Vec<String> = e.variants.iter().map(|v| v.value.to_string()).collect();
    Shape {
        def,
        enum_macro: "integer_enum",
        label: &e.label,
        variants: e.variants.iter().map(|v| ident(&v.rust_name)).collect(),
        literals: texts.clone(),
        wires: texts,
        copy: true,
        other: other.map(|other| (other, quote!(i64))),
    }
    .emit(splices)
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;

    use crate::format::splice::Splices;
    use crate::model::TypeKind;

    /// `tokens` printed, with `splices` in place.
    fn printed(tokens: TokenStream, splices: &Splices) -> String {
        let items = crate::format::items("types.rs", tokens, splices).expect("parses");
        crate::format::join("", [items])
    }

    /// The code emitted for each enum of `schemas` (YAML under `components/schemas`).
    fn emitted(schemas: &str) -> Vec<String> {
        let file = crate::SpecFile {
            name: "enums.yaml".to_owned(),
            contents: format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
                 components:\n  schemas:\n{schemas}"
            ),
        };
        let api = crate::read_model(&[file], &crate::Options::default())
            .expect("the spec is valid")
            .0;
        api.types
            .iter()
            .filter_map(|def| {
                let mut splices = Splices::default();
                let tokens = match &def.kind {
                    TypeKind::StringEnum(e) => super::string_enum(def, e, &mut splices),
                    TypeKind::IntegerEnum(e) => super::integer_enum(def, e, &mut splices),
                    _ => return None,
                };
                Some(printed(tokens, &splices))
            })
            .collect()
    }

    #[test]
    fn each_wire_value_is_written_once_and_bound_to_its_variant_by_name() {
        let code = emitted(
            "    Closed: {type: string, enum: [b_two, a_one, c_three]}\n\
             \x20   Open: {type: string, x-extensible-enum: [b_two, a_one, Other]}\n\
             \x20   Level: {type: integer, enum: [20, -3, 7]}\n",
        );
        assert_eq!(code.len(), 3, "{code:?}");
        for code in &code[..2] {
            for (variant, wire) in [("BTwo", "b_two"), ("AOne", "a_one")] {
                // Once as a string literal (in the macro's call), once quoted in the
                // variant's doc.
                assert_eq!(code.matches(&format!("\"{wire}\"")).count(), 1, "{code}");
                assert_eq!(code.matches(wire).count(), 2, "{code}");
                assert!(
                    code.contains(&format!("\n    {variant} = \"{wire}\",\n")),
                    "{code}"
                );
            }
        }
        assert!(
            code[0].contains("rt::__private::string_enum!(Closed \"Closed\" "),
            "{}",
            code[0]
        );
        assert!(code[1].contains("Other2(String)"), "{}", code[1]);
        assert!(
            code[1].contains("(Open \"Open\" open Other2 {\n"),
            "{}",
            code[1]
        );
        assert!(
            code[2].contains("integer_enum!(Level \"Level\" "),
            "{}",
            code[2]
        );
        for (variant, number) in [("V20", "20"), ("Minus3", "-3"), ("V7", "7")] {
            assert_eq!(code[2].matches(&format!(" = {number},")).count(), 1);
            assert!(
                code[2].contains(&format!("    {variant} = {number},\n")),
                "{}",
                code[2]
            );
        }
    }

    /// An enum's variants spliced as text print as their tokens do: names of every length
    /// up to 120 characters, wire values with quotes, backticks and a line break (whose doc
    /// is not spliced), of 15 to 300 values.
    #[test]
    fn spliced_variants_print_as_their_tokens_do() {
        use proc_macro2::Ident;
        use quote::{format_ident, quote};
        for (count, odd) in [
            (15, false),
            (16, false),
            (40, false),
            (40, true),
            (300, false),
        ] {
            let wires: Vec<String> = (0..count)
                .map(|n: usize| match n {
                    3 if odd => "line\nbreak".to_owned(),
                    _ => format!("value \"{n}\" `{n}`"),
                })
                .collect();
            let names: Vec<Ident> = (0..count)
                .map(|n| format_ident!("Value{n}{}", "X".repeat(n % 120)))
                .collect();
            let mut splices = Splices::default();
            let spliced = super::enum_lists::variants("Sample", &names, &wires, &mut splices);
            let tokens = super::enum_lists::variant_tokens(&names, &wires);
            let def = |declared| quote!(pub enum Sample { #declared Other(String), });
            assert_eq!(
                printed(def(spliced), &splices),
                printed(def(tokens), &Splices::default()),
                "{count} values"
            );
            assert_eq!(splices.is_empty(), count < 16 || odd, "{count} values");
        }
    }
}
