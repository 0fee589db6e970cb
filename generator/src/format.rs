//! Stage 4: token streams -> formatted Rust source, with the "generated" header.

use crate::emit::RustFile;
use crate::error::Error;

/// Formats one emitted file with prettyplease, under a header saying how it was made.
pub fn format(file: &RustFile, header: &str) -> Result<String, Error> {
    let syntax: syn::File = syn::parse2(file.tokens.clone()).map_err(|err| Error {
        file: file.path.to_owned(),
        pointer: None,
        message: format!("the generator emitted Rust that does not parse (a generator bug): {err}"),
    })?;
    Ok(format!("{header}\n{}", prettyplease::unparse(&syntax)))
}
