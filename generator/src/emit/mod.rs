//! Stage 3: `model::Api` -> one token stream per generated file.
//!
//! One submodule per concern, each a set of small `quote!` fragments over the model. Generated
//! code names everything by full path (`::serde::Serialize`, `crate::types::App`) so that no
//! `use` can clash with a name taken from a spec.

mod client;
mod crate_root;
mod enums;
mod params;
mod server;
mod structs;
mod support;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, IntegerWidth, TypeKind, TypeRef};

/// A file of the generated crate's `src/`: its path, and the function that emits its tokens
/// from the model.
pub struct FileEmitter {
    pub path: &'static str,
    pub emit: fn(&Api) -> TokenStream,
}

/// Every file of the generated crate's `src/`, roughly the costliest first, so that workers
/// emitting and formatting them in parallel finish at about the same time.
pub const FILES: &[FileEmitter] = &[
    FileEmitter {
        path: "types.rs",
        emit: emit_types,
    },
    FileEmitter {
        path: "client.rs",
        emit: client::emit,
    },
    FileEmitter {
        path: "support.rs",
        emit: |_| support::emit(),
    },
    FileEmitter {
        path: "server.rs",
        emit: server::emit,
    },
    FileEmitter {
        path: "params.rs",
        emit: params::emit,
    },
    FileEmitter {
        path: "lib.rs",
        emit: crate_root::emit,
    },
];

fn emit_types(api: &Api) -> TokenStream {
    let defs = api.types.iter().map(|def| match &def.kind {
        TypeKind::Struct(s) => structs::emit_struct(def, s),
        TypeKind::Alias(target) => structs::emit_alias(def, target),
        TypeKind::StringEnum(e) => enums::emit_string_enum(def, e),
        TypeKind::IntegerEnum(e) => enums::emit_integer_enum(def, e),
        TypeKind::Untagged(u) => structs::emit_untagged(def, u),
    });
    let query_json = query_json_types(api)
        .into_iter()
        .map(structs::emit_query_json);
    quote! {
        #![doc = " The types of the API's schemas: response bodies, their parts, and enums."]
        #(#defs)*
        #(#query_json)*
    }
}

/// The structs and unions that parameters use: they travel in a query as JSON text, so they
/// need a `QueryValue` impl of their own (enums and primitives have theirs).
fn query_json_types(api: &Api) -> std::collections::BTreeSet<&str> {
    fn named<'a>(api: &'a Api, ty: &'a TypeRef, out: &mut std::collections::BTreeSet<&'a str>) {
        match ty {
            TypeRef::Array(item) => named(api, item, out),
            TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Struct(_) | TypeKind::Untagged(_)) => {
                    out.insert(name.as_str());
                }
                Some(TypeKind::Alias(target)) => named(api, target, out),
                _ => {}
            },
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for op in &api.operations {
        for param in &op.params {
            named(api, &param.ty, &mut out);
        }
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

/// The Rust type for a model type; `Named` types are written `crate::types::Name`.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Integer(IntegerWidth::I32) => quote!(i32),
        TypeRef::Integer(IntegerWidth::I64) => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Array(item) => {
            let item = rust_type(item);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        TypeRef::Json => quote!(::serde_json::Value),
    }
}

/// `#[doc]` attributes for a description from the spec, made safe for rustdoc: fenced code
/// becomes `text` (a spec's examples are not doctests) and deep indentation, which rustdoc
/// would read as a Rust code block, is reduced.
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
            format!("{}{}", " ".repeat(indent), trimmed)
        };
        let line = format!(" {}", line.trim_end());
        quote!(#[doc = #line])
    });
    let lines: Vec<TokenStream> = lines.collect();
    quote!(#(#lines)*)
}

/// A doc line quoting a wire value: `` `Site_Software_*` ``.
pub(crate) fn wire_doc(wire: &str) -> TokenStream {
    let text = if wire.is_empty() {
        " The empty string.".to_owned()
    } else {
        format!(" `{}`", wire.replace('`', "'"))
    };
    quote!(#[doc = #text])
}

/// A doc paragraph when the spec marks a thing deprecated. (Not `#[deprecated]`: the
/// generated code itself must use such things without warnings.)
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
