//! Stage 4: token streams -> formatted Rust source, with the "generated" header.

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};

use crate::error::Error;

/// Formats one emitted file (`path` below the crate's `src/`) with prettyplease, under a
/// header saying how it was made.
///
/// The file is parsed and printed one item at a time, so that only one item's syntax tree
/// is in memory at once (a spec of a thousand operations makes files of megabytes).
/// prettyplease prints a file as its inner attributes, then each item in turn; the pieces
/// join into what printing the whole file gives, with a blank line between items (which
/// prettyplease leaves out) so that a reader sees where each ends.
pub fn format(path: &str, tokens: TokenStream, header: &str) -> Result<String, Error> {
    let mut out = format!("{header}\n");
    let mut previous_use = false;
    let print = |input: ParseStream<'_>| -> syn::Result<()> {
        let attrs = input.call(syn::Attribute::parse_inner)?;
        out.push_str(&prettyplease::unparse(&file(attrs, Vec::new())));
        let mut first = true;
        while !input.is_empty() {
            let item: syn::Item = input.parse()?;
            let is_use = matches!(item, syn::Item::Use(_));
            if !(first || is_use && previous_use) {
                out.push('\n');
            }
            previous_use = is_use;
            first = false;
            out.push_str(&prettyplease::unparse(&file(Vec::new(), vec![item])));
        }
        Ok(())
    };
    print.parse2(tokens).map_err(|err| Error {
        file: path.to_owned(),
        pointer: None,
        message: format!("the generator emitted Rust that does not parse (a generator bug): {err}"),
    })?;
    Ok(out)
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
    use quote::quote;

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
        let pieces = super::format("lib.rs", tokens, "// header").unwrap();
        assert_eq!(pieces.replace("\n\n", "\n"), format!("// header\n{whole}"));
        assert!(
            pieces.contains("}\n\nimpl A"),
            "a blank line between items:\n{pieces}"
        );
    }

    #[test]
    fn tokens_that_do_not_parse_are_a_generator_bug_naming_the_file() {
        let err = super::format("types.rs", quote!(pub struct;), "").unwrap_err();
        assert_eq!(err.file, "types.rs");
        assert!(err.message.contains("generator bug"), "{}", err.message);
    }
}
