//! The runtime's table macros (`rt::__private::object!`), printed one row per line. prettyplease prints a
//! macro's body as a stream of tokens filled to the line width, which makes a table of fields
//! unreadable; a table's rows end with `;`, so each can be printed on a line of its own.

use proc_macro2::{Delimiter, Spacing, TokenTree};

/// The macros printed as tables: their paths as the generated code writes them.
const TABLE_MACROS: &[&str] = &["rt::__private::object"];

/// `item` printed as a table, if it is a call of a table macro whose body ends with a
/// brace-delimited group of rows.
pub fn print(item: &syn::Item) -> Option<String> {
    let syn::Item::Macro(call) = item else {
        return None;
    };
    let path = call.mac.path.segments.iter().map(|s| s.ident.to_string());
    let path = path.collect::<Vec<_>>().join("::");
    if !TABLE_MACROS.contains(&path.as_str()) || !call.attrs.is_empty() {
        return None;
    }
    let mut head: Vec<TokenTree> = call.mac.tokens.clone().into_iter().collect();
    let Some(TokenTree::Group(rows)) = head.pop() else {
        return None;
    };
    if rows.delimiter() != Delimiter::Brace {
        return None;
    }
    let mut out = format!("{path}!({} {{\n", line(head));
    let mut row = Vec::new();
    for token in rows.stream() {
        let ends_row = matches!(&token, TokenTree::Punct(p) if p.as_char() == ';');
        row.push(token);
        if ends_row {
            out.push_str(&format!("    {}\n", line(std::mem::take(&mut row))));
        }
    }
    if !row.is_empty() {
        out.push_str(&format!("    {}\n", line(row)));
    }
    out.push_str("});\n");
    Some(out)
}

/// Tokens on one line, spaced as rustfmt spaces paths, types and `name: Type = value;`.
fn line(tokens: impl IntoIterator<Item = TokenTree>) -> String {
    let mut out = String::new();
    // Whether the next token goes straight after the last one, without a space.
    let mut glued = true;
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                if !glued && !matches!(c, ';' | ',' | '>' | ':' | '<') {
                    out.push(' ');
                }
                out.push(c);
                glued = match c {
                    ':' => punct.spacing() == Spacing::Joint || out.ends_with("::"),
                    '<' | '&' | '\'' => true,
                    _ => false,
                };
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                if !glued && !out.ends_with(['(', '[']) {
                    out.push(' ');
                }
                out.push_str(open);
                out.push_str(&line(group.stream()));
                out.push_str(close);
                glued = false;
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if !glued {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
                glued = false;
            }
        }
    }
    out
}
