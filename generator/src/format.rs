//! Stage 4: token streams -> formatted Rust source, with the "generated" header.

use proc_macro2::TokenStream;

use crate::error::Error;

/// Formats one emitted file (`path` below the crate's `src/`) with prettyplease, under a
/// header saying how it was made.
pub fn format(path: &str, tokens: TokenStream, header: &str) -> Result<String, Error> {
    let syntax: syn::File = syn::parse2(tokens).map_err(|err| Error {
        file: path.to_owned(),
        pointer: None,
        message: format!("the generator emitted Rust that does not parse (a generator bug): {err}"),
    })?;
    Ok(format!("{header}\n{}", prettyplease::unparse(&syntax)))
}
