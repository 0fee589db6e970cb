//! OpenAPI writes `pattern` in ECMA-262's dialect; the generated code checks it with
//! regex-lite. Most patterns mean the same in both; a few forms that JavaScript accepts need
//! writing differently: a `{` or `}` that starts no repetition is a literal there, any
//! punctuation may be escaped (`\/`), named groups are `(?<name>...)`, and `\uXXXX` is a
//! code point.

/// The pattern as regex-lite reads it: `Ok(None)` when it compiles as written, `Ok(Some(..))`
/// when the same pattern written in regex-lite's dialect compiles, else regex-lite's reason.
pub fn for_regex_lite(pattern: &str) -> Result<Option<String>, String> {
    let reason = match regex_lite::Regex::new(pattern) {
        Ok(_) => return Ok(None),
        Err(err) => err.to_string(),
    };
    let translated = translate(pattern);
    if translated != pattern && regex_lite::Regex::new(&translated).is_ok() {
        Ok(Some(translated))
    } else {
        Err(reason)
    }
}

/// Characters that regex-lite lets a backslash escape (and that mean something unescaped).
fn is_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '.'
            | '+'
            | '*'
            | '?'
            | '('
            | ')'
            | '|'
            | '['
            | ']'
            | '{'
            | '}'
            | '^'
            | '$'
            | '#'
            | '&'
            | '-'
            | '~'
    )
}

/// The length of a repetition `{n}`, `{n,}` or `{n,m}` at the start of `rest`, if it is one.
fn repetition(rest: &[char]) -> Option<usize> {
    let close = rest.iter().position(|&c| c == '}')?;
    let inner: String = rest[1..close].iter().collect();
    let (low, high) = inner.split_once(',').unwrap_or((&inner, "0"));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    (!low.is_empty() && digits(low) && digits(high)).then_some(close + 1)
}

fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let Some(&next) = chars.get(i) else {
                    out.push_str("\\\\");
                    continue;
                };
                i += 1;
                let hex: String = chars[i..].iter().take(4).collect();
                if next == 'u' && hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()) {
                    out.push_str(&format!("\\x{{{hex}}}"));
                    i += 4;
                } else if next.is_ascii_alphanumeric() || is_meta(next) {
                    out.push('\\');
                    out.push(next);
                } else {
                    // An identity escape (`\/`, `\@`, `\"`): the character itself.
                    out.push(next);
                }
            }
            '[' if in_class => out.push_str("\\["),
            '[' => {
                in_class = true;
                out.push('[');
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // A `]` first in a class is a literal in regex-lite, and in JavaScript
                // ends an empty class; neither is written on purpose.
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '{' if !in_class => match repetition(&chars[i - 1..]) {
                Some(length) => {
                    out.extend(&chars[i - 1..i - 1 + length]);
                    i += length - 1;
                }
                None => out.push_str("\\{"),
            },
            '}' if !in_class => out.push_str("\\}"),
            '(' if !in_class
                && chars.get(i) == Some(&'?')
                && chars.get(i + 1) == Some(&'<')
                && !matches!(chars.get(i + 2), Some('=' | '!')) =>
            {
                out.push_str("(?P<");
                i += 2;
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::for_regex_lite;

    #[test]
    fn ecma_forms_are_written_in_regex_lite_dialect() {
        let cases = [
            (
                r"^(?:{[0-9a-fA-F]{4}}|[0-9])$",
                r"^(?:\{[0-9a-fA-F]{4}\}|[0-9])$",
            ),
            (r"^\/users\/{id}$", r"^/users/\{id\}$"),
            (r"^(?<id>{\d{4}})$", r"^(?P<id>\{\d{4}\})$"),
            (r"^[\w\/\-]+\u00e9{x}$", r"^[\w/\-]+\x{00e9}\{x\}$"),
        ];
        for (ecma, rust) in cases {
            let translated = for_regex_lite(ecma)
                .unwrap()
                .unwrap_or_else(|| ecma.to_owned());
            assert_eq!(translated, rust, "{ecma}");
            let regex = regex_lite::Regex::new(&translated).unwrap();
            let _ = regex.is_match("x");
        }
        assert_eq!(for_regex_lite(r"^\d{3}$"), Ok(None), "valid as written");
        let guid = regex_lite::Regex::new(r"^(?:\{[0-9a-fA-F]{4}\}|[0-9])$").unwrap();
        assert!(guid.is_match("{12ab}") && !guid.is_match("12ab"));
    }

    #[test]
    fn what_regex_lite_cannot_do_is_an_error_with_its_reason() {
        assert!(for_regex_lite(r"^(?=.*\d)\w+$").is_err());
        assert!(for_regex_lite(r"^(?<!a)b$").is_err());
    }
}
