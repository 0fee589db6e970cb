//! A string enum's long lists: its variants, `ALL`, `VALUES` and the arms of `as_str` and
//! `listed`. As tokens; or, for an enum of many values, as text spliced in after printing
//! (`format::splice`), since each list is one entry per line and its tokens would be most of
//! what a crate with such an enum costs to print (cPanel's `App` has 270 values).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::wire_doc_text;
use crate::format::splice::{self, Splices};

/// From how many values an enum's lists are spliced: with fewer, a list may fit on one line,
/// which only printing its tokens decides.
const SPLICED_FROM: usize = 16;
/// How deep the arms of a match in an `impl` are.
const ARM_INDENT: usize = 12;

/// What stands where each list goes (see the module's docs).
pub(super) struct Lists {
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
    /// The lists of the enum `owner`, each spliced where it can be (see [`Spliced`], its lines
    /// added to `splices`) and tokens where not; `open`: whether it has the arms' lists.
    pub fn of(
        owner: &str,
        variants: &[Ident],
        wires: &[String],
        open: bool,
        splices: &mut Splices,
    ) -> Lists {
        if variants.len() < SPLICED_FROM {
            return Lists::tokens(variants, wires, open);
        }
        let mut spliced = Spliced { owner, splices };
        // Each line is built by pushing onto one string: `format!` per line was most of the
        // cost of an enum of hundreds of values.
        let names: Vec<String> = variants.iter().map(Ident::to_string).collect();
        let line = |parts: &[&str]| {
            let mut line = String::with_capacity(parts.iter().map(|part| part.len()).sum());
            parts.iter().for_each(|part| line.push_str(part));
            line
        };
        let declared = names.iter().zip(wires).map(|(name, wire)| {
            // prettyplease writes a doc of one line, not starting with `/`, as `///`.
            let doc = wire_doc_text(wire);
            let plain = !doc.contains(['\n', '\r']) && !doc.starts_with('/') && !doc.ends_with(' ');
            plain.then(|| [line(&["///", &doc]), line(&[name, ","])])
        });
        let variants_list = match declared.collect::<Option<Vec<_>>>() {
            Some(declared) => spliced.line_list("variants", declared.concat(), quote!(,)),
            None => tokens::variants(variants, wires),
        };
        let all = names.iter().map(|name| line(&["Self::", name, ","]));
        let all = spliced.list("all", all.collect());
        let values = wires.iter().map(|wire| line(&[&string_literal(wire), ","]));
        let values = spliced.list("values", values.collect());
        let (mut as_str, mut listed) = (TokenStream::new(), TokenStream::new());
        if open {
            let arms = (names.iter().enumerate()).map(|(at, name)| {
                line(&["Self::", name, " => Self::VALUES[", &at.to_string(), "],"])
            });
            as_str = (spliced.arms("as_str", arms.collect()))
                .unwrap_or_else(|| tokens::as_str(variants));
            let arms = (names[..names.len() - 1].iter().enumerate())
                .map(|(at, name)| line(&[&at.to_string(), " => Self::", name, ","]));
            listed = (spliced.arms("listed", arms.collect()))
                .unwrap_or_else(|| tokens::listed(variants));
        }
        Lists {
            variants: variants_list,
            all,
            values,
            as_str,
            listed,
        }
    }

    /// Every list as tokens (the arms' lists only for an open enum, which has them).
    pub(super) fn tokens(variants: &[Ident], wires: &[String], open: bool) -> Lists {
        let arms = |make: fn(&[Ident]) -> TokenStream| match open {
            true => make(variants),
            false => TokenStream::new(),
        };
        Lists {
            variants: tokens::variants(variants, wires),
            all: quote!(#(Self::#variants),*),
            values: quote!(#(#wires),*),
            as_str: arms(tokens::as_str),
            listed: arms(tokens::listed),
        }
    }
}

/// `wire` as a string literal, as `Literal::string` writes it: as it is, in quotes, when it is
/// printable ASCII without a quote or a backslash (which is what an enum's values mostly are).
fn string_literal(wire: &str) -> String {
    let plain = wire
        .bytes()
        .all(|byte| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\');
    match plain {
        true => ["\"", wire, "\""].concat(),
        false => Literal::string(wire).to_string(),
    }
}

/// The lists that may not be spliced, as tokens.
mod tokens {
    use proc_macro2::{Ident, Literal, TokenStream};
    use quote::quote;

    use super::super::wire_doc;

    pub fn variants(variants: &[Ident], wires: &[String]) -> TokenStream {
        let docs = wires.iter().map(|wire| wire_doc(wire));
        quote!(#(#docs #variants,)*)
    }

    pub fn as_str(variants: &[Ident]) -> TokenStream {
        let positions = (0..variants.len()).map(Literal::usize_unsuffixed);
        quote!(#(Self::#variants => Self::VALUES[#positions],)*)
    }

    pub fn listed(variants: &[Ident]) -> TokenStream {
        let earlier = &variants[..variants.len().saturating_sub(1)];
        let positions = (0..earlier.len()).map(Literal::usize_unsuffixed);
        quote!(#(#positions => Self::#earlier,)*)
    }
}

/// The splices of one enum's lists.
struct Spliced<'a> {
    owner: &'a str,
    splices: &'a mut Splices,
}

impl Spliced<'_> {
    /// A list inside brackets: its marker.
    fn list(&mut self, name: &str, lines: Vec<String>) -> TokenStream {
        let marker = splice::marker(self.owner, name);
        self.splices.add(&marker, lines);
        quote!(#marker)
    }

    /// A list of lines standing where a line `marker` + `after` would.
    fn line_list(&mut self, name: &str, lines: Vec<String>, after: TokenStream) -> TokenStream {
        let marker = self.list(name, lines);
        quote!(#marker #after)
    }

    /// The arms of a match, where each fits the line: prettyplease puts a longer one's value
    /// in a block. The comma after an arm is not counted (it is written only when the arm
    /// stays on one line).
    fn arms(&mut self, name: &str, arms: Vec<String>) -> Option<TokenStream> {
        let fits = (arms.iter()).all(|arm| ARM_INDENT + arm.len() - ",".len() <= splice::MARGIN);
        fits.then(|| self.line_list(name, arms, quote!(=> {})))
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
