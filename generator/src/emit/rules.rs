//! The rules parameters must pass, as data: each distinct set of constraints becomes one
//! `static` of `rt::rules::Rule`s that every parameter with those constraints shares, and each
//! pattern one `static` `rt::rules::Pattern`, compiled once on first use (or, when it is simple
//! enough, checked without a regex).

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::features::Gate;
use crate::model::Constraints;
use crate::naming::Scope;

/// The rules statics of a crate, each made once.
#[derive(Default)]
pub struct Rules {
    /// Each set of constraints' statics (its patterns and rules), and the gate of the
    /// operations that use them (see `crate::features`).
    statics: Vec<(TokenStream, Gate)>,
    /// Constraints (as their `Debug` text) -> the static holding their rules, and its index
    /// in `statics`.
    made: BTreeMap<String, (Ident, usize)>,
    /// The gate of the operation whose parameters are being emitted.
    pub gate: Gate,
    names: Scope,
}

impl Rules {
    /// The static of rules for `constraints`, made the first time they are met and named after
    /// `place` (a parameter's field name); `None` when there is nothing to check.
    pub fn for_constraints(&mut self, constraints: &Constraints, place: &str) -> Option<Ident> {
        let key = format!("{constraints:?}");
        if let Some((name, index)) = self.made.get(&key) {
            self.statics[*index].1.join(&self.gate);
            return Some(name.clone());
        }
        let mut patterns = Vec::new();
        let base = place.trim_start_matches("r#").to_ascii_uppercase();
        let rules = self.rules(constraints, &base, &mut patterns);
        if rules.is_empty() {
            return None;
        }
        let name = format_ident!("{}", self.names.claim(base));
        let statics = quote! {
            #(#patterns)*
            static #name: &[rt::rules::Rule] = &[#(#rules),*];
        };
        self.made.insert(key, (name.clone(), self.statics.len()));
        self.statics.push((statics, self.gate.clone()));
        Some(name)
    }

    /// Every static made, in the order they were made.
    pub fn into_tokens(self) -> TokenStream {
        let statics = self
            .statics
            .into_iter()
            .map(|(statics, gate)| super::gate_items(super::cfg_attr(&gate), statics));
        quote!(#(#statics)*)
    }

    /// `rt::rules::Rule`s for constraints, in the order they are cheapest to check; each pattern
    /// becomes a `static` pushed onto `patterns`.
    fn rules(
        &mut self,
        c: &Constraints,
        base: &str,
        patterns: &mut Vec<TokenStream>,
    ) -> Vec<TokenStream> {
        let mut rules = Vec::new();
        let count = Literal::usize_unsuffixed;
        if let Some(min) = c.min_length.map(count) {
            rules.push(quote!(rt::rules::Rule::MinLength(#min)));
        }
        if let Some(max) = c.max_length.map(count) {
            rules.push(quote!(rt::rules::Rule::MaxLength(#max)));
        }
        if let Some(pattern) = &c.pattern {
            let name = format_ident!("{}", self.names.claim(format!("{base}_PATTERN")));
            let value = match simple_pattern(pattern) {
                Some(runs) => {
                    let runs = runs.iter().map(|run| {
                        let ranges = run.ranges.iter().map(|(low, high)| {
                            let (low, high) = (
                                Literal::byte_character(*low),
                                Literal::byte_character(*high),
                            );
                            quote!((#low, #high))
                        });
                        let (min, max) = (count(run.min), count(run.max));
                        quote!(rt::__private::PatternRun { ranges: &[#(#ranges),*], min: #min, max: #max })
                    });
                    quote!(rt::rules::Pattern::simple(#pattern, &[#(#runs),*]))
                }
                None => quote!(rt::rules::Pattern::new(#pattern)),
            };
            patterns.push(quote!(static #name: rt::rules::Pattern = #value;));
            rules.push(quote!(rt::rules::Rule::Pattern(&#name)));
        }
        let format = match c.format.as_deref() {
            Some("email") => Some(quote!(Email)),
            Some("hostname") => Some(quote!(Hostname)),
            Some("ipv4") => Some(quote!(Ipv4)),
            Some("ipv6") => Some(quote!(Ipv6)),
            Some("byte") => Some(quote!(Byte)),
            Some("uuid") => Some(quote!(Uuid)),
            _ => None,
        };
        if let Some(format) = format {
            rules.push(quote!(rt::rules::Rule::Format(rt::rules::Format::#format)));
        }
        if let Some(max) = c.max_decoded_length.map(count) {
            rules.push(quote!(rt::rules::Rule::MaxDecodedLength(#max)));
        }
        let bound = |value: f64| Literal::f64_unsuffixed(value);
        match (c.minimum, c.exclusive_minimum) {
            (Some(min), false) => rules.push({
                let min = bound(min);
                quote!(rt::rules::Rule::Minimum(#min))
            }),
            (Some(min), true) => rules.push({
                let min = bound(min);
                quote!(rt::rules::Rule::ExclusiveMinimum(#min))
            }),
            (None, _) => {}
        }
        match (c.maximum, c.exclusive_maximum) {
            (Some(max), false) => rules.push({
                let max = bound(max);
                quote!(rt::rules::Rule::Maximum(#max))
            }),
            (Some(max), true) => rules.push({
                let max = bound(max);
                quote!(rt::rules::Rule::ExclusiveMaximum(#max))
            }),
            (None, _) => {}
        }
        if let Some(step) = c.multiple_of {
            let step = bound(step);
            rules.push(quote!(rt::rules::Rule::MultipleOf(#step)));
        }
        if !c.any_of.is_empty() {
            let branches: Vec<TokenStream> = c
                .any_of
                .iter()
                .map(|branch| {
                    let branch = self.rules(branch, base, patterns);
                    quote!(&[#(#branch),*])
                })
                .collect();
            rules.push(quote!(rt::rules::Rule::AnyOf(&[#(#branches),*])));
        }
        rules
    }
}

/// A run of a simple pattern: `min` to `max` ASCII bytes, each within one of `ranges`.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    ranges: Vec<(u8, u8)>,
    min: usize,
    max: usize,
}

/// The runs of a pattern simple enough to check without a regex, or `None` (regex-lite).
///
/// Simple means: `^`, then character classes of ASCII letters, digits and `_` (single
/// characters or ranges `a-z`; no negation, escapes or other syntax), each with no quantifier
/// or `{n}`, the last also `{n,m}`, then `$`. Such a pattern matches a value exactly when the
/// value is those runs in sequence: `^` and `$` are the start and end of the value (no
/// multi-line flag can be set without other syntax), a class of ASCII ranges matches one ASCII
/// character (one byte) in them, and with only the last run varying in length there is
/// nothing to backtrack over.
fn simple_pattern(source: &str) -> Option<Vec<Run>> {
    let body = source.strip_prefix('^')?.strip_suffix('$')?;
    let plain = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let count = |text: &str| -> Option<usize> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    };
    let bytes = body.as_bytes();
    let mut runs: Vec<Run> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'[' {
            return None;
        }
        at += 1;
        let mut ranges = Vec::new();
        loop {
            let byte = *bytes.get(at)?;
            if byte == b']' && !ranges.is_empty() {
                at += 1;
                break;
            }
            if !plain(byte) {
                return None;
            }
            match (bytes.get(at + 1), bytes.get(at + 2)) {
                (Some(b'-'), Some(&high)) if plain(high) => {
                    if high < byte {
                        return None;
                    }
                    ranges.push((byte, high));
                    at += 3;
                }
                _ => {
                    ranges.push((byte, byte));
                    at += 1;
                }
            }
        }
        let (min, max) = if bytes.get(at) == Some(&b'{') {
            let close = at + body[at..].find('}')?;
            let inner = &body[at + 1..close];
            at = close + 1;
            match inner.split_once(',') {
                Some((min, max)) => (count(min)?, count(max)?),
                None => (count(inner)?, count(inner)?),
            }
        } else {
            (1, 1)
        };
        if min > max {
            return None;
        }
        runs.push(Run { ranges, min, max });
    }
    let fixed_but_last = runs.iter().rev().skip(1).all(|run| run.min == run.max);
    (!runs.is_empty() && fixed_but_last).then_some(runs)
}

#[cfg(test)]
mod tests {
    use super::{Run, simple_pattern};

    fn run(ranges: &[(u8, u8)], min: usize, max: usize) -> Run {
        Run {
            ranges: ranges.to_vec(),
            min,
            max,
        }
    }

    #[test]
    fn simple_patterns_become_runs() {
        assert_eq!(
            simple_pattern("^[a-z][a-z0-9]{0,15}$"),
            Some(vec![
                run(&[(b'a', b'z')], 1, 1),
                run(&[(b'a', b'z'), (b'0', b'9')], 0, 15),
            ])
        );
        // tests/tests/validators.rs matches these three with the generated matcher.
        assert_eq!(
            simple_pattern("^[a0-9_]{2}[b-z]{1,2}$"),
            Some(vec![
                run(&[(b'a', b'a'), (b'0', b'9'), (b'_', b'_')], 2, 2),
                run(&[(b'b', b'z')], 1, 2),
            ])
        );
        assert_eq!(
            simple_pattern("^[a-z]{0,0}$"),
            Some(vec![run(&[(b'a', b'z')], 0, 0)])
        );
        assert_eq!(
            simple_pattern("^[A-Z_]{2}[0-9]{3}$"),
            Some(vec![
                run(&[(b'A', b'Z'), (b'_', b'_')], 2, 2),
                run(&[(b'0', b'9')], 3, 3),
            ])
        );
    }

    #[test]
    fn anything_else_is_left_to_the_regex() {
        for pattern in [
            "[a-z]",             // unanchored
            "^[a-z]",            // no end anchor
            "^[a-z]{0,3}[a-c]$", // a variable run before another
            "^[^a-z]$",          // negated
            "^[a-z.]$",          // punctuation
            r"^[\w]$",           // escape
            "^[a-]$",            // a trailing hyphen
            "^[z-a]$",           // a reversed range
            "^[]$",              // empty class
            "^[a-z]{2,}$",       // unbounded
            "^[a-z]{,2}$",       // no minimum
            "^[a-z]{3,2}$",      // min above max
            "^[a-z]*$",          // other quantifiers
            "^[a-z]+$",
            "^[a-z]?$",
            "^(?i)[a-z]$", // flags
            "^(?:[A-Za-z0-9_-]*|Site_Software_\\*)$",
            "^a[a-z]$", // a literal outside a class
            "^$",       // no runs
        ] {
            assert_eq!(simple_pattern(pattern), None, "{pattern}");
        }
    }
}
