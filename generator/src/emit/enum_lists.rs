//! A string enum's long lists: its variants, `ALL`, `VALUES` and the arms of `as_str` and
//! `listed`. As tokens; or, for an enum of many values, as text spliced in after printing
//! (`format::splice`), since each list is one entry per line and its tokens would be most of
//! what a crate with such an enum costs to print (cPanel's `App` has 270 values).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{wire_doc, wire_doc_text};
use crate::format::splice;

/// From how many values an enum's lists are spliced: with fewer, a list may fit on one line,
/// which only printing its tokens decides.
const SPLICED_FROM: usize = 16;
/// How deep the arms of a match in an `impl` are.
const ARM_INDENT: usize = 12;

/// What stands where each list goes (see the module's docs), and the content items of the
/// spliced ones, which go before the enum.
pub(super) struct Lists {
    pub splices: TokenStream,
    /// The variants with their docs, each followed by a comma.
    pub variants: TokenStream,
    /// The inside of `ALL`'s and `VALUES`'s brackets.
    pub all: TokenStream,
    pub values: TokenStream,
    /// The arms of `as_str` that give a listed value (an open enum's).
    pub as_str: TokenStream,
    /// The arms of `listed`, but for its last.
    pub listed: TokenStream,
}

impl Lists {
    /// The lists of the enum `owner`; `open`: whether it has the arms' lists.
    pub fn of(owner: &str, variants: &[Ident], wires: &[String], open: bool) -> Lists {
        Self::spliced(owner, variants, wires, open).unwrap_or_else(|| Self::tokens(variants, wires))
    }

    fn tokens(variants: &[Ident], wires: &[String]) -> Lists {
        let docs = wires.iter().map(|wire| wire_doc(wire));
        let positions = (0..variants.len()).map(Literal::usize_unsuffixed);
        let earlier = &variants[..variants.len().saturating_sub(1)];
        let earlier_positions = (0..earlier.len()).map(Literal::usize_unsuffixed);
        Lists {
            splices: TokenStream::new(),
            variants: quote!(#(#docs #variants,)*),
            all: quote!(#(Self::#variants),*),
            values: quote!(#(#wires),*),
            as_str: quote!(#(Self::#variants => Self::VALUES[#positions],)*),
            listed: quote!(#(#earlier_positions => Self::#earlier,)*),
        }
    }

    /// The lists as splices, where the enum has enough values and each line is as printing
    /// its tokens would make it (a doc of one line; an arm that fits the width).
    fn spliced(owner: &str, variants: &[Ident], wires: &[String], open: bool) -> Option<Lists> {
        if variants.len() < SPLICED_FROM {
            return None;
        }
        let mut declared = Vec::with_capacity(variants.len() * 2);
        for (variant, wire) in variants.iter().zip(wires) {
            let doc = wire_doc_text(wire);
            if doc.contains(['\n', '\r']) || doc.starts_with('/') || doc.ends_with(' ') {
                return None;
            }
            declared.push(format!("///{doc}"));
            declared.push(format!("{variant},"));
        }
        let as_str: Vec<String> = variants
            .iter()
            .enumerate()
            .map(|(position, variant)| format!("Self::{variant} => Self::VALUES[{position}],"))
            .collect();
        let listed: Vec<String> = variants[..variants.len() - 1]
            .iter()
            .enumerate()
            .map(|(position, variant)| format!("{position} => Self::{variant},"))
            .collect();
        if as_str
            .iter()
            .any(|arm| ARM_INDENT + arm.len() > splice::MARGIN)
        {
            return None;
        }
        let all: Vec<String> = variants.iter().map(|v| format!("Self::{v},")).collect();
        let values: Vec<String> = (wires.iter())
            .map(|wire| format!("{},", Literal::string(wire)))
            .collect();
        let mut splices = TokenStream::new();
        let mut list = |name: &str, lines: &[String]| {
            let marker = splice::marker(owner, name);
            splices.extend(splice::content(&marker, lines));
            marker
        };
        let (variants, all, values) = (
            list("variants", &declared),
            list("all", &all),
            list("values", &values),
        );
        let (as_str, listed) = match open {
            true => (list("as_str", &as_str), list("listed", &listed)),
            false => {
                return Some(Lists {
                    splices,
                    variants: quote!(#variants,),
                    all: quote!(#all),
                    values: quote!(#values),
                    as_str: TokenStream::new(),
                    listed: TokenStream::new(),
                });
            }
        };
        Some(Lists {
            splices,
            variants: quote!(#variants,),
            all: quote!(#all),
            values: quote!(#values),
            as_str: quote!(#as_str => {}),
            listed: quote!(#listed => {}),
        })
    }
}
