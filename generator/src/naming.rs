//! Rust identifiers from wire names, and the collision rules that keep them unique.
//!
//! Every name is made by heck from the wire string after symbols that carry meaning are
//! spelled out (`*` becomes `Star`), so `Site_Software_*` is `SiteSoftwareStar` and does not
//! collide with `Site_Software`. What still collides gets a numeric suffix in spec order.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Symbols worth keeping as words; every other non-alphanumeric character separates words.
const SPELLED_SYMBOLS: &[(char, &str)] = &[
    ('*', " star "),
    ('+', " plus "),
    ('@', " at "),
    ('#', " hash "),
    ('%', " percent "),
    ('&', " and "),
];

fn spell_symbols(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        match SPELLED_SYMBOLS.iter().find(|(symbol, _)| *symbol == c) {
            Some((_, word)) => out.push_str(word),
            None if c.is_alphanumeric() && unicode_ident::is_xid_continue(c) => out.push(c),
            None => out.push(' '),
        }
    }
    out
}

/// A type or variant name: `ico-security-advisor` -> `IcoSecurityAdvisor`, `` -> `Empty`,
/// `2fa` -> `V2fa`, `Self` -> `Self_`.
pub fn type_name(wire: &str) -> String {
    let name = spell_symbols(wire).to_upper_camel_case();
    let name = if name.is_empty() {
        "Empty".to_owned()
    } else if !name.starts_with(unicode_ident::is_xid_start) {
        format!("V{name}")
    } else {
        name
    };
    escape_reserved(name)
}

/// A field or function name: `promptToken` -> `prompt_token`, `type` -> `r#type`,
/// `2fa` -> `_2fa`.
pub fn value_name(wire: &str) -> String {
    let name = spell_symbols(wire).to_snake_case();
    let name = if name.is_empty() {
        "empty".to_owned()
    } else if !name.starts_with(unicode_ident::is_xid_start) {
        format!("_{name}")
    } else {
        name
    };
    escape_reserved(name)
}

/// Rust's keywords and reserved words in edition 2024 (`gen` and `try` included), which a
/// name from a spec may be.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords become raw identifiers where Rust allows it, and get a trailing `_` where it does
/// not (`self`, `Self`, `super`, `crate`, `_`).
fn escape_reserved(name: String) -> String {
    const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Names generated code uses unqualified (the prelude's, the runtime's alias), which no type
/// made from a spec may take: a schema called `Option` becomes `Option2`.
const TAKEN_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Ord",
    "PartialOrd",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "IntoIterator",
    "Future",
    "ToString",
    "ToOwned",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Self",
];

/// The scope of a crate's type names, with the names generated code uses taken already.
pub fn type_scope() -> Scope {
    let mut scope = Scope::new();
    for name in TAKEN_TYPE_NAMES {
        scope.claim((*name).to_owned());
    }
    scope
}

/// Hands out names unique within one scope (the variants of an enum, the fields of a struct,
/// the types of a crate), suffixing `2`, `3`, ... to later arrivals.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// Whether `name` is free in this scope.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// Reserves `name`, or the first free `name2`, `name3`, ... (snake-case names get `_2`).
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let separator = if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let base = name.strip_prefix("r#").unwrap_or(&name);
        // A type or variant name that ends in `_` (`Self_`, kept off a keyword) takes its
        // number without it: `Self_2` is not camel case, and rustc warns of it.
        let base = match separator {
            "" => base.trim_end_matches('_'),
            _ => base,
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_wire_values_become_valid_identifiers() {
        assert_eq!(type_name("Site_Software"), "SiteSoftware");
        assert_eq!(type_name("Site_Software_*"), "SiteSoftwareStar");
        assert_eq!(type_name("ico-security-advisor"), "IcoSecurityAdvisor");
        assert_eq!(type_name("phpMyAdmin"), "PhpMyAdmin");
        assert_eq!(type_name("Database_phpMyAdmin"), "DatabasePhpMyAdmin");
        assert_eq!(type_name("WHMCS_billing"), "WhmcsBilling");
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("***"), "StarStarStar");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(value_name("promptToken"), "prompt_token");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("2fa"), "_2fa");
        assert_eq!(value_name("api.version"), "api_version");
        assert_eq!(value_name("-"), "empty");
        assert_eq!(value_name("gen"), "r#gen");
        assert_eq!(value_name("try"), "r#try");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn spec_types_never_take_the_names_generated_code_uses() {
        let mut scope = type_scope();
        assert_eq!(scope.claim(type_name("Option")), "Option2");
        assert_eq!(scope.claim(type_name("string")), "String2");
        assert_eq!(scope.claim(type_name("Pet")), "Pet");
    }

    #[test]
    fn every_made_name_parses_as_an_identifier() {
        for wire in [
            "", "-", "_", "__", "9", "é", "a b", "fn", "async", "dyn", "Self", "\u{0}", "gen",
            "try", "yield", "type", "r#x",
        ] {
            for name in [type_name(wire), value_name(wire)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{wire:?} -> {name:?}"
                );
            }
        }
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(type_name("foo-bar")), "FooBar");
        assert_eq!(scope.claim(type_name("foo_bar")), "FooBar2");
        assert_eq!(scope.claim(type_name("FooBar")), "FooBar3");
        assert_eq!(scope.claim(type_name("Self")), "Self_");
        assert_eq!(scope.claim(type_name("self")), "Self2");
        let mut fields = Scope::new();
        assert_eq!(fields.claim(value_name("type")), "r#type");
        assert_eq!(fields.claim(value_name("Type")), "type_2");
    }
}
