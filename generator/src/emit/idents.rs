//! The identifiers a module's printed source names, outside comments and literals: what its
//! imports must bring in (see `module_head`). Read from the text rather than from the tokens:
//! the text is one pass over bytes, where a walk of the tokens of a large spec's module
//! (hundreds of thousands of identifiers) cost a tenth of generating it.

use rustc_hash::FxHashSet;

/// The identifiers of a module (raw ones without their `r#`).
#[derive(Debug, Default)]
pub struct Idents {
    names: FxHashSet<String>,
}

impl Idents {
    pub(super) fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Adds the names `other` saw (another part of the same module).
    pub fn merge(&mut self, other: Idents) {
        self.names.extend(other.names);
    }

    /// The identifiers of `source`, Rust as prettyplease prints it.
    pub fn of_source(source: &str) -> Idents {
        let bytes = source.as_bytes();
        let mut names = FxHashSet::default();
        let mut at = 0;
        while at < bytes.len() {
            let rest = &bytes[at..];
            at += match rest {
                // Indentation and spaces, a run at a time.
                [b' ' | b'\n', ..] => rest
                    .iter()
                    .position(|&b| b != b' ' && b != b'\n')
                    .unwrap_or(rest.len()),
                // `str::find` of one ASCII character is a word-at-a-time search: comments
                // (docs) are much of a module's text.
                [b'/', b'/', ..] => source[at..].find('\n').map_or(rest.len(), |end| end + 1),
                [b'/', b'*', ..] => block_comment_length(rest),
                [b'"', ..] => 1 + string_length(&rest[1..]),
                [b'b', b'"', ..] => 2 + string_length(&rest[2..]),
                [b'r', b'#', next, ..] if is_ident(*next) => 2,
                _ if raw_string(rest).is_some() => {
                    let (hashes, opening) = raw_string(rest).unwrap_or_default();
                    let closing = [b"\"".as_slice(), &b"#".repeat(hashes)].concat();
                    opening + find(&rest[opening..], &closing)
                }
                [b'b', b'\'', ..] => 1 + char_length(&rest[1..]),
                [b'\'', ..] => char_length(rest),
                [first, ..] if first.is_ascii_digit() => ident_length(rest),
                [first, ..] if is_ident(*first) => {
                    let length = ident_length(rest);
                    let name = &source[at..at + length];
                    if may_be_imported(name) && !names.contains(name) {
                        names.insert(name.to_owned());
                    }
                    length
                }
                _ => 1,
            };
        }
        Idents { names }
    }
}

/// Whether `name` may be one a module imports: the runtime's `rt`, or a type's name, which
/// `naming::type_name` always begins with a capital (or a non-ASCII letter). The many other
/// identifiers (keywords, fields, functions) are not looked up.
fn may_be_imported(name: &str) -> bool {
    name == "rt" || name.as_bytes()[0].is_ascii_uppercase() || name.as_bytes()[0] >= 0x80
}

/// A byte of an identifier (or of a number's digits and suffix); any byte of a multi-byte
/// character counts, as identifiers may be Unicode.
fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

fn ident_length(text: &[u8]) -> usize {
    text.iter()
        .position(|&b| !is_ident(b))
        .unwrap_or(text.len())
}

/// How far into `text` the end of the first `needle` is (all of `text` if there is none).
fn find(text: &[u8], needle: &[u8]) -> usize {
    let found = match needle {
        [byte] => text.iter().position(|b| b == byte),
        _ => text
            .windows(needle.len())
            .position(|window| window == needle),
    };
    found.map_or(text.len(), |at| at + needle.len())
}

/// How long a string literal is from just after its opening quote to its closing one.
fn string_length(text: &[u8]) -> usize {
    let mut at = 0;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    text.len()
}

/// How long a character literal starting at its quote is; a lifetime's quote alone (its
/// name is then read as an identifier, which no import is named after).
fn char_length(text: &[u8]) -> usize {
    match text {
        // An escape: the escaped character (a quote, say) is not the closing one.
        [b'\'', b'\\', _, ..] => 3 + find(&text[3..], b"'"),
        [b'\'', ..] => {
            // One character, of up to four bytes, then the closing quote.
            let width = (2..=5).find(|&end| text.get(end) == Some(&b'\''));
            match width {
                Some(end)
                    if std::str::from_utf8(&text[1..end]).is_ok_and(|c| c.chars().count() == 1) =>
                {
                    end + 1
                }
                _ => 1,
            }
        }
        _ => 1,
    }
}

/// How long a block comment starting at `text` is; block comments nest.
fn block_comment_length(text: &[u8]) -> usize {
    let (mut depth, mut at) = (0usize, 0);
    while at < text.len() {
        match &text[at..] {
            [b'/', b'*', ..] => (depth, at) = (depth + 1, at + 2),
            [b'*', b'/', ..] => {
                (depth, at) = (depth - 1, at + 2);
                if depth == 0 {
                    return at;
                }
            }
            _ => at += 1,
        }
    }
    text.len()
}

/// A raw string literal's opening at the start of `text` (`r"`, `r#"`, `br##"`): how many
/// `#`s it has and how long it is.
fn raw_string(text: &[u8]) -> Option<(usize, usize)> {
    let after_r = match text {
        [b'r', ..] => 1,
        [b'b', b'r', ..] => 2,
        _ => return None,
    };
    let hashes = text[after_r..].iter().take_while(|&&b| b == b'#').count();
    (text.get(after_r + hashes) == Some(&b'"')).then_some((hashes, after_r + hashes + 1))
}

#[cfg(test)]
mod tests {
    use super::Idents;

    #[test]
    fn names_outside_comments_and_literals_are_found() {
        let source = r####"
//! Module docs naming Hidden1.
/// Docs naming Hidden2 and `Hidden9`.
pub struct Shown1 {
    pub r#type: Shown2,
    /* a block comment naming Hidden3, /* nested */ Hidden10 */
    pub size: u8,
}
const TEXT: &str = "a string naming Hidden4 \" and \\ Hidden5";
const BYTES: &[u8] = b"Hidden6";
const RAW: &str = r#"raw "Hidden7" text"#;
const CHARS: [char; 5] = ['"', '\'','é', '\u{1F600}', '\\'];
fn life<'a>(x: &'a Shown3) -> rt::Secret { 0x1F_u32 + 12Hidden8 }
"####;
        let idents = Idents::of_source(source);
        for shown in ["Shown1", "Shown2", "Shown3", "Secret", "rt"] {
            assert!(idents.contains(shown), "{shown} is named");
        }
        // Only names an import may bring in are kept.
        for skipped in ["type", "pub", "u8", "str", "life"] {
            assert!(!idents.contains(skipped), "{skipped} is not kept");
        }
        for hidden in (1..=10).map(|n| format!("Hidden{n}")) {
            assert!(
                !idents.contains(&hidden),
                "{hidden} is in a comment or literal"
            );
        }
    }
}
