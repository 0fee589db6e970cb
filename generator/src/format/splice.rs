//! Long uniform lists written as text. An enum of hundreds of values has lists (its variants,
//! `ALL`, `VALUES`, the arms of its matches) laid out one entry per line, whose tokens would
//! cost most of a crate's parsing and printing. Its emitter writes a short marker where each
//! list goes and gives the list's lines, unindented, to the part's [`Splices`], which puts them
//! in place of the markers once the item is printed. The text is what printing the tokens
//! gives (a test below and the snapshots check it). The lines never pass through tokens: an
//! emitter and the formatting of its part run on one thread, with one `Splices` between them.
//!
//! A marker stands where a list would: a whole line (`__splice_x,` for variants,
//! `__splice_x => {}` for match arms) or the inside of brackets (`&[__splice_x]`). A packed
//! list ([`Splices::add_packed`], words) is an array of integers, which prettyplease fills line
//! by line to its margin: so are its words, once the indent is known.

use std::collections::HashMap;

use proc_macro2::Ident;
use quote::format_ident;

/// How every marker begins.
const MARKER: &str = "__splice_";
/// The column prettyplease fills lines to, and its indent.
pub const MARGIN: usize = 89;
const INDENT: &str = "    ";

/// The marker of the list `list` of the type `owner`: a hash of both (type names are unique
/// in a crate), so that it is short whatever the type's name, and a line that holds it is
/// laid out as one that holds a short list would be.
pub fn marker(owner: &str, list: &str) -> Ident {
    // FNV-1a: the same on every machine and in every run.
    let hash = (owner.bytes().chain([b'/']).chain(list.bytes()))
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format_ident!("{MARKER}{hash:016x}")
}

/// The lines of each marker of a part of a file, and whether they are words to pack.
#[derive(Debug, Default)]
pub struct Splices(HashMap<String, (Vec<String>, bool)>);

impl Splices {
    /// `lines` stand where `marker` is printed.
    pub fn add(&mut self, marker: &Ident, lines: Vec<String>) {
        self.0.insert(marker.to_string(), (lines, false));
    }

    /// `words` (integer literals) stand where `marker` is printed inside an array's brackets,
    /// packed as prettyplease packs them; `false` (and nothing noted) where the array might
    /// fit on one line, which only printing its tokens decides.
    pub fn add_packed(&mut self, marker: &Ident, words: Vec<String>) -> bool {
        let width: usize = words.iter().map(|word| word.len() + ", ".len()).sum();
        let long = width > MARGIN;
        if long {
            self.0.insert(marker.to_string(), (words, true));
        }
        long
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
            if let Some((lines, packed)) = body
                .strip_suffix(',')
                .or_else(|| body.strip_suffix(" => {}"))
                .and_then(|marker| self.0.get(marker))
            {
                match packed {
                    true => push_lines(&mut out, indent, &pack(lines, indent.len())),
                    false => push_lines(&mut out, indent, lines),
                }
            } else if let Some((before, marker, after)) = bracketed(line)
                && let Some((lines, packed)) = self.0.get(marker)
            {
                let inner = format!("{indent}{INDENT}");
                out.push_str(before);
                out.push_str("[\n");
                match packed {
                    true => push_lines(&mut out, &inner, &pack(lines, inner.len())),
                    false => push_lines(&mut out, &inner, lines),
                }
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

/// `words` as prettyplease fills an array of integers at `indent`: each word followed by a
/// comma, as many on a line as the margin allows. The last word's comma is written only
/// because the array is broken, so it does not count towards the margin.
fn pack(words: &[String], indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for (at, word) in words.iter().enumerate() {
        let comma = usize::from(at + 1 < words.len());
        if !line.is_empty() && indent + line.len() + 1 + word.len() + comma > MARGIN {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        line.push(',');
    }
    lines.push(line);
    lines
}

/// `line` cut around a bracketed marker: what is before `[`, the marker, what is after `]`.
fn bracketed(line: &str) -> Option<(&str, &str, &str)> {
    let start = line.find(&format!("[{MARKER}"))?;
    let end = start + line[start..].find(']')?;
    Some((&line[..start], &line[start + 1..end], &line[end + 1..]))
}

#[cfg(test)]
mod tests {
    use proc_macro2::{Literal, TokenStream};
    use quote::quote;

    use super::*;

    #[test]
    fn spliced_lists_print_as_their_tokens_do() {
        let name = |n: usize| format!("Value{n}");
        let names: Vec<Ident> = (0..40).map(|n| format_ident!("{}", name(n))).collect();
        // Quotes, and a quote with `#`s after it.
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
        let mut splices = Splices::default();
        splices.add(
            &variants,
            lines(&|n| vec!["/// a value".into(), format!("{},", name(n))]),
        );
        splices.add(&all, lines(&|n| vec![format!("Self::{},", name(n))]));
        splices.add(
            &values,
            lines(&|n| vec![format!("{},", Literal::string(&wires[n]))]),
        );
        splices.add(
            &arms,
            lines(&|n| vec![format!("{n} => Self::{},", name(n))]),
        );
        let spliced = quote! {
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
        };
        let printed = |tokens: TokenStream, splices: &Splices| {
            let text = crate::format::items("lib.rs", tokens, splices).expect("parses");
            crate::format::join("// header", [text])
        };
        assert_eq!(
            printed(spliced, &splices),
            printed(whole, &Splices::default()),
            "a spliced list prints as its tokens do"
        );
    }

    #[test]
    fn packed_arrays_print_as_their_tokens_do() {
        // Runs of one number of one to four digits, of every length from 20 to 200 (the last
        // number's comma at the margin is among them: 85 sevens at the outer depth), then
        // numbers of one to five digits in arrays of random lengths.
        let mut cases: Vec<Vec<u64>> = (1..=4)
            .flat_map(|digits| (20..=200).map(move |length| vec![10u64.pow(digits) - 1; length]))
            .collect();
        let mut state = 0x2545_f491_u64;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % below
        };
        for _ in 0..60 {
            let length = 12 + next(300) as usize;
            cases.push(
                (0..length)
                    .map(|_| {
                        let digits = 1 + next(5) as u32;
                        next(10u64.pow(digits))
                    })
                    .collect(),
            );
        }
        for (case, numbers) in cases.iter().enumerate() {
            let literals = numbers.iter().map(|&n| Literal::u64_unsuffixed(n));
            let words: Vec<String> = numbers.iter().map(u64::to_string).collect();
            let marker = marker("T", &format!("case{case}"));
            let (whole, spliced) = if case % 2 == 0 {
                (
                    quote! {
                        impl T {
                            const L: Lookup = Lookup { seed: 1, graph: &[#(#literals),*] };
                        }
                    },
                    quote! {
                        impl T {
                            const L: Lookup = Lookup { seed: 1, graph: &[#marker] };
                        }
                    },
                )
            } else {
                (
                    quote!(pub static T: &[u64] = &[#(#literals),*];),
                    quote!(pub static T: &[u64] = &[#marker];),
                )
            };
            let mut splices = Splices::default();
            if !splices.add_packed(&marker, words) {
                continue;
            }
            let printed = |tokens: TokenStream, splices: &Splices| {
                crate::format::join(
                    "",
                    [crate::format::items("lib.rs", tokens, splices).expect("parses")],
                )
            };
            assert_eq!(
                printed(spliced, &splices),
                printed(whole, &Splices::default()),
                "case {case}: {numbers:?}"
            );
        }
    }
}
