//! Stage 4: token streams -> formatted Rust source, with the "generated" header: each run of
//! items formatted on its own ([`items`]), then the runs of a file joined ([`join`]). Items are
//! printed by prettyplease, but for the runtime's table macros (`table`) and the long lists an
//! emitter writes as text (`splice`).

pub mod splice;
mod table;

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};

use crate::error::Error;

/// A formatted run of a file's items, to be joined with the runs before and after it.
#[derive(Debug)]
pub struct Formatted {
    text: String,
    /// Whether its first and its last item are `use` items; `None` when it has no item.
    first_use: Option<bool>,
    last_use: Option<bool>,
}

impl Formatted {
    /// The formatted items.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Formats `tokens`, a file's inner attributes (if any) and items, with the lines of
/// `splices` in place of their markers.
///
/// The tokens are parsed and printed one item at a time, so that only one item's syntax tree
/// is in memory at once (a spec of a thousand operations makes files of megabytes).
/// prettyplease prints a file as its inner attributes, then each item in turn; the pieces
/// join into what printing the whole file gives, with a blank line between items (which
/// prettyplease leaves out) so that a reader sees where each ends, except between `use`s.
pub fn items(
    path: &str,
    tokens: TokenStream,
    splices: &splice::Splices,
) -> Result<Formatted, Error> {
    let mut out = Formatted {
        text: String::new(),
        first_use: None,
        last_use: None,
    };
    let print = |input: ParseStream<'_>| -> syn::Result<()> {
        let attrs = input.call(syn::Attribute::parse_inner)?;
        out.text
            .push_str(&prettyplease::unparse(&file(attrs, Vec::new())));
        while !input.is_empty() {
            let item: syn::Item = input.parse()?;
            let is_use = matches!(item, syn::Item::Use(_));
            if let Some(previous_use) = out.last_use
                && !(is_use && previous_use)
            {
                out.text.push('\n');
            }
            out.first_use.get_or_insert(is_use);
            out.last_use = Some(is_use);
            match table::print(&item) {
                Some(table) => out.text.push_str(&table),
                None => {
                    let printed = prettyplease::unparse(&file(Vec::new(), vec![item]));
                    out.text.push_str(&splices.apply(printed));
                }
            }
        }
        Ok(())
    };
    print.parse2(tokens).map_err(|err| {
        Error::whole(
            path,
            format!("the generator emitted Rust that does not parse (a generator bug): {err}"),
        )
    })?;
    Ok(out)
}

/// A file from its runs of items, in order, under `header`: as [`items`] would have printed
/// them all at once.
pub fn join(header: &str, parts: impl IntoIterator<Item = Formatted>) -> String {
    let mut out = format!("{header}\n");
    let mut previous_use: Option<bool> = None;
    for part in parts {
        if let (Some(previous), Some(first)) = (previous_use, part.first_use)
            && !(previous && first)
        {
            out.push('\n');
        }
        out.push_str(&part.text);
        previous_use = part.last_use.or(previous_use);
    }
    out
}

fn file(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> syn::File {
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    /// A whole file in one run.
    fn format(path: &str, tokens: TokenStream, header: &str) -> Result<String, super::Error> {
        Ok(super::join(
            header,
            [super::items(
                path,
                tokens,
                &super::splice::Splices::default(),
            )?],
        ))
    }

    #[test]
    fn item_by_item_is_what_whole_file_printing_gives_with_blank_lines_between() {
        let tokens = quote! {
            #![doc = " A module."]
            /// A struct.
            #[derive(Debug)]
            pub struct A { pub x: i64 }
            impl A {
                pub fn new() -> Self { Self { x: match 1 { 1 => 2, _ => 3 } } }
            }
            pub const B: &[&str] = &["b"];
            pub enum C { D, E(String) }
        };
        let whole = prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap());
        let pieces = format("lib.rs", tokens, "// header").unwrap();
        assert_eq!(pieces.replace("\n\n", "\n"), format!("// header\n{whole}"));
        assert!(
            pieces.contains("}\n\nimpl A"),
            "a blank line between items:\n{pieces}"
        );
    }

    #[test]
    fn runs_joined_are_the_file_printed_at_once() {
        let head = quote! {
            #![doc = " A module."]
            use a::b;
        };
        let body = quote! {
            use c::d;
            pub struct A;
            pub struct B;
        };
        let tail = quote!(
            pub struct C;
        );
        let whole = format("lib.rs", quote!(#head #body #tail), "// h").unwrap();
        let parts = [head, body, quote!(), tail]
            .map(|part| super::items("lib.rs", part, &Default::default()).unwrap());
        assert_eq!(super::join("// h", parts), whole);
        assert!(
            whole.contains("use a::b;\nuse c::d;\n\npub struct A;"),
            "{whole}"
        );
    }

    /// A table macro is printed a row per line, spaced as rustfmt would, and reads back as the
    /// same tokens; other macros are prettyplease's.
    #[test]
    fn table_macros_are_printed_a_row_per_line() {
        let tokens = quote! {
            rt::__private::object!(Node closed slots {
                0 "label" label: String = rt::__private::object::Required;
                1 "r#type" r#type: Option<std::collections::BTreeMap<String, Vec<(i64, ())>>> = rt::__private::object::Optional;
                2 "weight" weight: i64 = Node::default_weight;
            });
            other::object!(A open in place { 0 "a" a; });
        };
        let text = format("types.rs", tokens.clone(), "").unwrap();
        let expected = r#"rt::__private::object!(Node closed slots {
    0 "label" label: String = rt::__private::object::Required;
    1 "r#type" r#type: Option<std::collections::BTreeMap<String, Vec<(i64, ())>>> = rt::__private::object::Optional;
    2 "weight" weight: i64 = Node::default_weight;
});
"#;
        assert!(text.starts_with(&format!("\n{expected}")), "{text}");
        assert!(
            text.contains("other::object!(A open in place { 0 \"a\" a; });"),
            "{text}"
        );
        let reread: TokenStream = text.parse().unwrap();
        assert_eq!(flat(reread), flat(tokens));
    }

    /// Each token's text, groups opened: `>>` and `> >` are the same tokens to a parser.
    fn flat(tokens: TokenStream) -> Vec<String> {
        tokens
            .into_iter()
            .flat_map(|token| match token {
                proc_macro2::TokenTree::Group(group) => {
                    let mut inner = vec![format!("{:?}", group.delimiter())];
                    inner.extend(flat(group.stream()));
                    inner
                }
                other => vec![other.to_string()],
            })
            .collect()
    }

    #[test]
    fn tokens_that_do_not_parse_are_a_generator_bug_naming_the_file() {
        let err = format("types.rs", quote!(pub struct;), "").unwrap_err();
        assert_eq!(err.file, "types.rs");
        assert!(err.message.contains("generator bug"), "{}", err.message);
    }
}
