//! Long uniform lists written as text. An enum of hundreds of values has lists (its variants,
//! `ALL`, `VALUES`, the arms of its matches) laid out one entry per line, whose tokens would
//! cost most of a crate's parsing and printing. Its emitter writes a short marker where each
//! list goes and, before the item, a content item (`__splice! { marker "line\nline" }`) with
//! the list's lines, unindented; [`Splices`] takes the content items and puts the lines in
//! place of the markers once the item is printed. The text is what printing the tokens gives
//! (a test below and the snapshots check it), at the cost of one literal per list.
//!
//! A marker stands where a list would: a whole line (`__splice_x,` for variants,
//! `__splice_x => {}` for match arms) or the inside of brackets (`&[__splice_x]`).

use std::collections::HashMap;

use proc_macro2::{Ident, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};

/// The name of the content items' macro.
const CONTENT: &str = "__splice";
/// How every marker begins.
const MARKER: &str = "__splice_";

/// The marker of the list `list` of the type `owner`: unique in a crate, as type names are.
pub fn marker(owner: &str, list: &str) -> Ident {
    format_ident!("{MARKER}{owner}_{list}")
}

/// The content item of `marker`: its lines, which replace it, in a raw string literal (which
/// costs neither escaping nor unescaping).
pub fn content(marker: &Ident, lines: &[String]) -> TokenStream {
    let text = lines.join("\n");
    let hashes = "#".repeat(longest_hash_run(&text) + 1);
    let text: Literal = format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .expect("a raw string with more `#`s than any run in it is a literal");
    let content = format_ident!("{CONTENT}");
    quote!(#content! { #marker #text })
}

/// The longest run of `#` right after a `"` in `text`.
fn longest_hash_run(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|after| after.len() - after.trim_start_matches('#').len())
        .max()
        .unwrap_or(0)
}

/// The text of a raw string literal as [`content`] writes it.
fn raw_text(literal: &str) -> Option<&str> {
    let hashes = literal.strip_prefix('r')?;
    let count = hashes.len() - hashes.trim_start_matches('#').len();
    hashes[count..]
        .strip_prefix('"')?
        .strip_suffix(&hashes[..count])?
        .strip_suffix('"')
}

/// The lines of each marker, as the content items gave them.
#[derive(Debug, Default)]
pub struct Splices(HashMap<String, Vec<String>>);

impl Splices {
    /// Takes note of `item` if it is a content item (which is then not printed).
    pub fn take(&mut self, item: &syn::Item) -> bool {
        let syn::Item::Macro(call) = item else {
            return false;
        };
        if !call.mac.path.is_ident(CONTENT) {
            return false;
        }
        let mut tokens = call.mac.tokens.clone().into_iter();
        let (Some(TokenTree::Ident(marker)), Some(TokenTree::Literal(text))) =
            (tokens.next(), tokens.next())
        else {
            return false;
        };
        let text = text.to_string();
        let Some(text) = raw_text(&text) else {
            return false;
        };
        let lines = text.lines().map(str::to_owned).collect();
        self.0.insert(marker.to_string(), lines);
        true
    }

    /// `text` with each marker replaced by its lines.
    pub fn apply(&self, text: String) -> String {
        if self.0.is_empty() || !text.contains(MARKER) {
            return text;
        }
        let mut out = String::with_capacity(text.len() * 2);
        for line in text.split_inclusive('\n') {
            let indent = &line[..line.len() - line.trim_start().len()];
            let body = line.trim();
            if let Some(lines) = body
                .strip_suffix(',')
                .or_else(|| body.strip_suffix(" => {}"))
                .and_then(|marker| self.0.get(marker))
            {
                push_lines(&mut out, indent, lines);
            } else if let Some((before, marker, after)) = bracketed(line)
                && let Some(lines) = self.0.get(marker)
            {
                out.push_str(before);
                out.push_str("[\n");
                push_lines(&mut out, &format!("{indent}    "), lines);
                out.push_str(indent);
                out.push(']');
                out.push_str(after);
            } else {
                out.push_str(line);
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

/// `line` cut around a bracketed marker: what is before `[`, the marker, what is after `]`.
fn bracketed(line: &str) -> Option<(&str, &str, &str)> {
    let start = line.find(&format!("[{MARKER}"))?;
    let end = start + line[start..].find(']')?;
    Some((&line[..start], &line[start + 1..end], &line[end + 1..]))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn spliced_lists_print_as_their_tokens_do() {
        let names: Vec<Ident> = (0..40).map(|n| format_ident!("Value{n}")).collect();
        // Quotes, and a quote with `#`s after it, which the raw string must outlast.
        let wires: Vec<String> = (0..40)
            .map(|n| match n {
                3 => "x\"##y".to_owned(),
                _ => format!("value \"{n}\""),
            })
            .collect();
        let positions = (0..40).map(Literal::usize_unsuffixed);
        let whole = quote! {
            pub enum E {
                #(#[doc = " a value"] #names,)*
                Other(String),
            }
            impl E {
                pub const ALL: &'static [Self] = &[#(Self::#names),*];
                pub const VALUES: &'static [&'static str] = &[#(#wires),*];
                fn listed(position: usize) -> Self {
                    match position {
                        #(#positions => Self::#names,)*
                        _ => Self::Other(String::new()),
                    }
                }
            }
        };
        let (variants, all, values, arms) = (
            marker("E", "variants"),
            marker("E", "all"),
            marker("E", "values"),
            marker("E", "listed"),
        );
        let lines = |each: &dyn Fn(usize) -> Vec<String>| -> Vec<String> {
            (0..40).flat_map(each).collect()
        };
        let spliced = [
            content(
                &variants,
                &lines(&|n| vec!["/// a value".into(), format!("Value{n},")]),
            ),
            content(&all, &lines(&|n| vec![format!("Self::Value{n},")])),
            content(
                &values,
                &lines(&|n| vec![format!("{},", Literal::string(&wires[n]))]),
            ),
            content(&arms, &lines(&|n| vec![format!("{n} => Self::Value{n},")])),
            quote! {
                pub enum E {
                    #variants,
                    Other(String),
                }
                impl E {
                    pub const ALL: &'static [Self] = &[#all];
                    pub const VALUES: &'static [&'static str] = &[#values];
                    fn listed(position: usize) -> Self {
                        match position {
                            #arms => {}
                            _ => Self::Other(String::new()),
                        }
                    }
                }
            },
        ];
        let printed = |tokens: TokenStream| {
            let text = crate::format::items("lib.rs", tokens).expect("parses");
            crate::format::join("// header", [text])
        };
        assert_eq!(
            printed(spliced.into_iter().collect()),
            printed(whole),
            "a spliced list prints as its tokens do"
        );
    }
}
