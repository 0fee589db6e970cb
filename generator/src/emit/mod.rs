//! Stage 3: `model::Api` -> one token stream per generated file.
//!
//! One submodule per file of the generated crate, each a set of small `quote!` fragments over
//! the model. Generated code refers to the runtime as `rt` (`use openapi_runtime as rt;`), to
//! the API's own types by their names (`use crate::types::*;`: `naming` keeps spec names off
//! the prelude's), and to everything else by full path.

mod client;
mod crate_root;
mod enum_lists;
mod enums;
mod headers;
mod idents;
pub use idents::Idents;
mod objects;
mod operations;
mod rules;
pub(crate) mod runtime;
mod server;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::features::Gate;
use crate::format::splice::Splices;
use crate::model::{Api, IntegerWidth, TypeRef};

/// A file of the generated crate's `src/`: its path, and how to emit its tokens from the
/// model.
pub struct FileEmitter {
    pub path: &'static str,
    /// The docs and imports of a module (`lib.rs` writes its own head).
    pub head: Option<Head>,
    /// How many parts the body is emitted in. Each part is emitted and formatted by a worker
    /// of its own, so that one large file does not keep a single core busy while the others
    /// wait for it; the head, which depends on what every part names, comes after.
    pub parts: fn(&Api) -> usize,
    /// Part `part` of the body, and the lines its markers stand for.
    pub body: fn(&Api, usize, &mut Splices) -> TokenStream,
}

/// A module's head: its doc (one line per element), and which glob imports it may take.
pub struct Head {
    pub docs: &'static [&'static str],
    pub own: Module,
}

fn one_part(_: &Api) -> usize {
    1
}

/// Every file of the generated crate's `src/`, the costliest part first (`operations.rs`,
/// which is one part, then the parts of `types.rs`, which is larger but cut up), so that the
/// workers emitting and formatting them in parallel finish at about the same time.
pub const FILES: &[FileEmitter] = &[
    FileEmitter {
        path: "operations.rs",
        head: Some(operations::HEAD),
        parts: one_part,
        body: operations::body,
    },
    FileEmitter {
        path: "types.rs",
        head: Some(types::HEAD),
        parts: types::parts,
        body: types::body,
    },
    FileEmitter {
        path: "client.rs",
        head: Some(client::HEAD),
        parts: one_part,
        body: client::body,
    },
    FileEmitter {
        path: "server.rs",
        head: Some(server::HEAD),
        parts: one_part,
        body: server::body,
    },
    FileEmitter {
        path: "lib.rs",
        head: None,
        parts: one_part,
        body: crate_root::body,
    },
];

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", ...))]` for an item behind per-tag
/// features (see `crate::features`); nothing for one always compiled.
pub(crate) fn cfg_attr(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::AnyOf(features) if features.len() == 1 => {
            let feature = features.iter().next();
            quote!(#[cfg(feature = #feature)])
        }
        Gate::AnyOf(features) => {
            let features = features.iter();
            quote!(#[cfg(any(#(feature = #features),*))])
        }
    }
}

/// `items` with `attr` (a [`cfg_attr`]) in front of each top-level item: an item ends at a
/// `;` or at a `{ ... }` block that no `;` follows.
pub(crate) fn gate_items(attr: TokenStream, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if attr.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut at_start = true;
    let mut trees = items.into_iter().peekable();
    while let Some(tree) = trees.next() {
        if at_start {
            out.extend(attr.clone());
        }
        at_start = match &tree {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => {
                group.delimiter() == Delimiter::Brace
                    && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        out.extend([tree]);
    }
    out
}

/// An identifier from a name the model made (raw identifiers spelled `r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type for a model type, as `types.rs` and `operations.rs` name it (the API's types
/// by their bare names).
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    type_tokens(ty, &[])
}

/// The name of one of the operations' items (a parameter struct, an enum by status) in a
/// module that imports `taken` names of its own.
pub(crate) fn operation_item(name: &str, taken: &[&str]) -> TokenStream {
    let ident = ident(name);
    if taken.contains(&name) {
        quote!(crate::operations::#ident)
    } else {
        quote!(#ident)
    }
}

/// The Rust type for a model type in a module that imports `taken` names of its own (the
/// runtime's `Error`, `Response`, ...): the API's types that have one of those names are named
/// by path (`crate::types::Error`), the others by their bare names.
pub(crate) fn type_in(ty: &TypeRef, taken: &[&str]) -> TokenStream {
    type_tokens(ty, taken)
}

fn type_tokens(ty: &TypeRef, taken: &[&str]) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer(IntegerWidth::I32) => quote!(i32),
        TypeRef::Integer(IntegerWidth::I64) => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Binary => quote!(rt::Binary),
        TypeRef::Array(item) => {
            let item = type_tokens(item, taken);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, taken);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Named(name) if taken.contains(&name.as_str()) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Json => quote!(rt::json::Value),
        TypeRef::Unit => quote!(()),
        TypeRef::Secret(inner) if **inner == TypeRef::String => quote!(rt::Secret),
        TypeRef::Secret(inner) => {
            let inner = type_tokens(inner, taken);
            quote!(rt::Secret<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, taken);
            quote!(Option<#inner>)
        }
        TypeRef::Runtime(ty) => runtime::runtime_type(*ty),
        // Checked as Rust type syntax when the configuration was read.
        TypeRef::External(path) => syn::parse_str::<syn::Type>(path)
            .map(|ty| quote!(#ty))
            .unwrap_or_else(|err| syn::Error::new(Span::call_site(), err).to_compile_error()),
    }
}

/// A module's head: its doc, then the `use` lines its body needs (`names`: what the body
/// names, see [`Idents`]). The runtime is `rt` wherever it is named; the API's types and the
/// operations' items are named by their bare names through glob imports, each only where the
/// body names one (an unused import would warn). Names a module imports of its own win over
/// the globs, so the emitters name an item with such a name by path (see [`type_in`]).
pub(crate) fn module_head(api: &Api, head: &Head, names: &Idents) -> TokenStream {
    let own = head.own;
    let named = |name: &String| names.contains(name.trim_start_matches("r#"));
    let rt = names.contains("rt").then(|| {
        quote!(
            use openapi_runtime as rt;
        )
    });
    let types = (own != Module::Types && api.types.iter().any(|def| named(&def.name))).then(|| {
        quote!(
            use crate::types::*;
        )
    });
    let operations = (own == Module::Other
        && api.operations.iter().any(|op| {
            named(&op.params_type)
                || matches!(&op.output, crate::model::Output::ByStatus(n) if named(n))
                || matches!(&op.failure, crate::model::Failure::ByStatus(n) if named(n))
        }))
    .then(|| {
        quote!(
            use crate::operations::*;
        )
    });
    let docs = head.docs.iter().map(|line| format!(" {line}"));
    // With per-tag features off, the items that name what these import may all be left out.
    let allow = (!api.features.is_empty()).then(|| quote!(#[allow(unused_imports)]));
    let (rt, types, operations) = if allow.is_some() {
        let gated = |import: Option<TokenStream>| import.map(|import| quote!(#allow #import));
        (gated(rt), gated(types), gated(operations))
    } else {
        (rt, types, operations)
    };
    quote! {
        #(#![doc = #docs])*
        #rt
        #types
        #operations
    }
}

/// The modules of the generated crate, as far as their imports differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Types,
    Operations,
    Other,
}

/// `#[doc]` attributes for a description from the spec, made safe for rustdoc: fenced code
/// becomes `text` (a spec's examples are not doctests), deep indentation, which rustdoc would
/// read as a Rust code block, is reduced, and bare URLs are linked.
pub(crate) fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let lines = text.lines().map(|line| {
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("```") {
            in_fence = !in_fence;
            if in_fence && trimmed.trim() == "```" {
                "```text".to_owned()
            } else if in_fence {
                format!("```text {}", trimmed.trim_start_matches('`'))
            } else {
                "```".to_owned()
            }
        } else if in_fence {
            line.to_owned()
        } else {
            let indent = (line.len() - trimmed.len()).min(2);
            format!("{}{}", " ".repeat(indent), escape_doc(trimmed))
        };
        let line = format!(" {}", line.trim_end());
        quote!(#[doc = #line])
    });
    let lines: Vec<TokenStream> = lines.collect();
    quote!(#(#lines)*)
}

/// Markdown that rustdoc would warn about made plain: bare URLs in angle brackets, and
/// brackets that would read as broken intra-doc links escaped.
fn escape_doc(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("http") {
        let candidate = &rest[start..];
        let is_url = candidate.starts_with("http://") || candidate.starts_with("https://");
        let preceded = rest[..start].ends_with(['(', '<', '[', '"', '\'', '`', '=']);
        out.push_str(&escape_brackets(&rest[..start]));
        if is_url && !preceded {
            let end = candidate
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | ']'))
                .unwrap_or(candidate.len());
            let url = candidate[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &candidate[url.len()..];
        } else {
            out.push_str("http");
            rest = &candidate[4..];
        }
    }
    out.push_str(&escape_brackets(rest));
    out
}

/// `[x]` that is not a Markdown link (`[x](...)`) escaped, so rustdoc does not take it for an
/// intra-doc link it cannot resolve.
fn escape_brackets(text: &str) -> String {
    if !text.contains(['[', ']']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if c == '[' {
            let close = chars[index..]
                .iter()
                .position(|c| *c == ']')
                .map(|at| index + at);
            let is_link = close.is_some_and(|close| matches!(chars.get(close + 1), Some('(')));
            if !is_link {
                out.push('\\');
            }
        } else if c == ']' && !matches!(chars.get(index + 1), Some('(')) {
            out.push('\\');
        }
        out.push(c);
        index += 1;
    }
    out
}

/// A doc line quoting a wire value: `` `Site_Software_*` ``.
pub(crate) fn wire_doc(wire: &str) -> TokenStream {
    let text = wire_doc_text(wire);
    quote!(#[doc = #text])
}

/// The text of [`wire_doc`].
pub(crate) fn wire_doc_text(wire: &str) -> String {
    if wire.is_empty() {
        " The empty string.".to_owned()
    } else {
        format!(" `{}`", wire.replace('`', "'"))
    }
}

/// A doc paragraph when the spec marks a thing deprecated. (Not `#[deprecated]`: the generated
/// code itself must use such things without warnings.)
pub(crate) fn deprecated(is: bool) -> TokenStream {
    if is {
        quote! {
            #[doc = ""]
            #[doc = " **Deprecated** in the API description."]
        }
    } else {
        TokenStream::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_link_bare_urls_and_escape_stray_brackets() {
        assert_eq!(
            escape_doc("See https://example.com/a. Or [this](https://x.y) [0-9]"),
            "See <https://example.com/a>. Or [this](https://x.y) \\[0-9\\]"
        );
        assert_eq!(escape_doc("<https://a.b>"), "<https://a.b>");
    }
}

#[cfg(test)]
mod binding_tests;
