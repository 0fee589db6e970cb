//! Long uniform lists written as text. An enum of hundreds of values has a list of variants,
//! laid out one per line, whose tokens would cost most of a crate's parsing and printing; and
//! the call that binds an enum's variants to its values is a macro's, whose insides
//! prettyplease would fill to its margin rather than lay out one per line. Their emitter
//! writes a short marker where each goes and gives the lines, unindented, to the part's
//! [`Splices`], which puts them in place of the markers once the item is printed. Where a list
//! stands for tokens, the text is what printing them gives (a test below and the snapshots
//! check it). The lines never pass through tokens: an emitter and the formatting of its part
//! run on one thread, with one `Splices` between them.
//!
//! A marker stands for a whole line: `__splice_x,` for a list of variants, `__splice_x!();` for
//! an item written whole as text.

use std::collections::HashMap;

use proc_macro2::Ident;
use quote::format_ident;

/// How every marker begins.
const MARKER: &str = "__splice_";

/// The lists an enum has spliced.
#[derive(Debug, Clone, Copy)]
pub enum List {
    /// Its variants.
    Variants,
    /// The call of the runtime's macro that binds its variants to their values.
    Values,
}

/// The marker of the list `list` of the type `owner`: distinct for each by construction, since
/// a crate's type names are distinct and the list's name has no `_`.
pub fn marker(owner: &str, list: List) -> Ident {
    let list = match list {
        List::Variants => "variants",
        List::Values => "values",
    };
    let owner = owner.strip_prefix("r#").unwrap_or(owner);
    format_ident!("{MARKER}{list}_{owner}")
}

/// The lines of each marker of a part of a file.
#[derive(Debug, Default)]
pub struct Splices(HashMap<String, Vec<String>>);

impl Splices {
    /// `lines` stand where `marker` is printed.
    pub fn add(&mut self, marker: &Ident, lines: Vec<String>) {
        self.0.insert(marker.to_string(), lines);
    }

    /// Whether no list is noted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with each marker replaced by its lines.
    pub fn apply(&self, text: String) -> String {
        if self.is_empty() || !text.contains(MARKER) {
            return text;
        }
        let mut out = String::with_capacity(text.len() * 2);
        for line in text.split_inclusive('\n') {
            let indent = &line[..line.len() - line.trim_start().len()];
            let body = line.trim();
            match (body.strip_suffix(',').or_else(|| body.strip_suffix("!();")))
                .and_then(|marker| self.0.get(marker))
            {
                Some(lines) => push_lines(&mut out, indent, lines),
                None => out.push_str(line),
            }
        }
        out
    }
}

fn push_lines(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use super::*;

    /// A list of variants and a whole item, spliced into a module (so indented), print as
    /// their tokens do.
    #[test]
    fn spliced_lines_print_as_their_tokens_do() {
        let names: Vec<Ident> = (0..40).map(|n| format_ident!("Value{n}")).collect();
        let whole = quote! {
            pub mod m {
                pub enum E {
                    #(#[doc = " a value"] #names,)*
                    Other(String),
                }
                pub const N: usize = 40;
            }
        };
        let (variants, item) = (marker("E", List::Variants), marker("E", List::Values));
        let mut splices = Splices::default();
        let lines = names
            .iter()
            .flat_map(|name| ["/// a value".into(), format!("{name},")]);
        splices.add(&variants, lines.collect());
        splices.add(&item, vec!["pub const N: usize = 40;".into()]);
        let spliced = quote! {
            pub mod m {
                pub enum E {
                    #variants,
                    Other(String),
                }
                #item!();
            }
        };
        let printed = |tokens: TokenStream, splices: &Splices| {
            let text = crate::format::items("lib.rs", tokens, splices).expect("parses");
            crate::format::join("// header", [text])
        };
        assert_eq!(
            printed(spliced, &splices),
            printed(whole, &Splices::default()),
            "spliced lines print as their tokens do"
        );
    }
}
