//! An enum's two lists: its variants, and the call of the runtime's `string_enum!` (or
//! `integer_enum!`) that binds each variant to its wire value, the one place the generated
//! code writes that value. The call is written as text, one variant a line (prettyplease
//! would fill a macro's insides to its margin), and spliced in after printing
//! (`format::splice`). So are the variants of an enum of many values, whose tokens would be
//! most of what a crate with such an enum costs to print (cPanel's `App` has 270 values).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{wire_doc, wire_doc_text};
use crate::format::splice::{self, List, Splices};

/// From how many values an enum's variants are spliced rather than printed from tokens: below
/// it, splicing saves less than it costs to read.
const SPLICED_FROM: usize = 16;

/// The variants of the enum `owner`, each with its wire value quoted as its doc and followed
/// by a comma: spliced (its lines added to `splices`) where the enum has many values and every
/// doc is a plain line, else tokens.
pub(super) fn variants(
    owner: &str,
    variants: &[Ident],
    wires: &[String],
    splices: &mut Splices,
) -> TokenStream {
    if variants.len() < SPLICED_FROM {
        return variant_tokens(variants, wires);
    }
    let mut lines = Vec::with_capacity(variants.len() * 2);
    for (variant, wire) in variants.iter().zip(wires) {
        // prettyplease writes a doc of one line, not starting with `/`, as `///`.
        let doc = wire_doc_text(wire);
        if doc.contains(['\n', '\r']) || doc.starts_with('/') || doc.ends_with(' ') {
            return variant_tokens(variants, wires);
        }
        lines.push(["///", &doc].concat());
        lines.push([&variant.to_string(), ","].concat());
    }
    let marker = splice::marker(owner, List::Variants);
    splices.add(&marker, lines);
    quote!(#marker,)
}

/// [`variants`] as tokens.
pub(super) fn variant_tokens(variants: &[Ident], wires: &[String]) -> TokenStream {
    let docs = wires.iter().map(|wire| wire_doc(wire));
    quote!(#(#docs #variants,)*)
}

/// The call `rt::__private::<enum_macro>!(<head> { <variant> = <literal>, ... });` of the enum
/// `owner`, its text added to `splices`: what stands in its place. `literals` are the wire
/// values as Rust literals, in the order of `variants`.
pub(super) fn values_call(
    owner: &str,
    enum_macro: &str,
    head: &str,
    variants: &[Ident],
    literals: &[String],
    splices: &mut Splices,
) -> TokenStream {
    let mut lines = Vec::with_capacity(variants.len() + 2);
    lines.push(["rt::__private::", enum_macro, "!(", head, " {"].concat());
    for (variant, literal) in variants.iter().zip(literals) {
        lines.push(["    ", &variant.to_string(), " = ", literal, ","].concat());
    }
    lines.push("});".to_owned());
    let marker = splice::marker(owner, List::Values);
    splices.add(&marker, lines);
    quote!(#marker!();)
}

/// `wire` as a string literal, as `Literal::string` writes it: as it is, in quotes, when it is
/// printable ASCII without a quote or a backslash (which is what an enum's values mostly are).
pub(super) fn string_literal(wire: &str) -> String {
    let plain = wire
        .bytes()
        .all(|byte| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\');
    match plain {
        true => ["\"", wire, "\""].concat(),
        false => Literal::string(wire).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::Literal;

    #[test]
    fn a_string_literal_is_written_as_literal_string_writes_it() {
        let mut wires: Vec<String> = (0u8..=127)
            .map(|byte| format!("a{}b", byte as char))
            .collect();
        wires.extend(
            [
                "",
                "'",
                "\"q\"",
                "back\\slash",
                "é",
                "\u{200b}",
                "tab\there",
                "\0",
            ]
            .map(String::from),
        );
        for wire in wires {
            assert_eq!(
                super::string_literal(&wire),
                Literal::string(&wire).to_string(),
                "{wire:?}"
            );
        }
    }
}
