//! The typed headers of an operation's success, in `operations.rs`: a struct with one field
//! per declared header and its `rt::ResponseHeaders` impl (the headers as data, each bound to
//! its field by name, and a `read` of one line per header).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, rust_type};
use crate::model::{HeaderShape, Operation};

/// The headers struct of `op`, if its success declares headers.
pub(crate) fn headers_struct(op: &Operation) -> Option<TokenStream> {
    let declared = op.extras.headers.as_ref()?;
    let name = ident(&declared.type_name);
    let text = format!(
        " The headers of a success of `{}`, as the API declares them.",
        op.wire_id
    );
    let fields = declared.headers.iter().map(|header| {
        let field = ident(&header.field_name);
        let fallback = format!("The `{}` header.", header.wire_name);
        let docs = doc(Some(header.doc.as_deref().unwrap_or(&fallback)));
        let ty = rust_type(&header.ty);
        let ty = if header.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let table = declared.headers.iter().map(|header| {
        let wire = &header.wire_name;
        let serialized = header.field_name.trim_start_matches("r#");
        let required = header.required.then(|| quote!(.required()));
        let shape = match header.shape {
            HeaderShape::Scalar => TokenStream::new(),
            HeaderShape::List => quote!(.list()),
            HeaderShape::Object => {
                let explode = header.explode;
                quote!(.object(#explode))
            }
        };
        quote!(rt::headers::Header::new(#wire, #serialized) #required #shape)
    });
    let reads = declared.headers.iter().map(|header| {
        let field = ident(&header.field_name);
        let serialized = header.field_name.trim_start_matches("r#");
        let read = if header.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        quote!(#field: input.#read(#serialized)?,)
    });
    Some(quote! {
        #[doc = #text]
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        pub struct #name {
            #(#fields)*
        }

        impl rt::ResponseHeaders for #name {
            const HEADERS: &'static [rt::headers::Header] = &[#(#table),*];

            fn read(
                input: &rt::headers::HeaderReader<'_>,
            ) -> Result<Self, rt::headers::HeaderError> {
                Ok(#name { #(#reads)* })
            }
        }
    })
}
