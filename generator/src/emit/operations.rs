//! `operations.rs`: per operation, the parameter struct (its fields, `new`), its
//! `rt::Operation` impl (the operation as data, and how to read it from a request), and the
//! enums of its answers by status; then the rules statics the operations share.

use proc_macro2::TokenStream;
use quote::quote;

use super::rules::Rules;
use super::runtime;
use super::{Head, Module, cfg_attr, deprecated, doc, gate_items, ident, rust_type};
use crate::format::splice::Splices;
use crate::model::*;
use crate::naming::Scope;

pub const HEAD: Head = Head {
    docs: &[
        "The operations: for each, the parameters a caller gives (with the request body),",
        "how they travel and the rules they must pass, and the answers by status.",
    ],
    own: Module::Operations,
};

/// The file's body, in one part.
pub fn body(api: &Api, _part: usize, _: &mut Splices) -> TokenStream {
    let mut rules = Rules::default();
    let operations: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            let gate = api.features.operation(&op.fn_name);
            rules.gate = gate.clone();
            gate_items(cfg_attr(gate), operation(api, op, &mut rules))
        })
        .collect();
    let rules = rules.into_tokens();
    quote! {
        #(#operations)*
        #rules
    }
}

/// The name of the body's field: `body`, unless a parameter took it.
fn body_field(op: &Operation) -> String {
    let mut names = Scope::new();
    for param in &op.params {
        names.claim(param.field_name.clone());
    }
    names.claim("body".to_owned())
}

/// The name a struct field is serialized under, which binds it to its `rt::operation::Param`
/// (`.field(..)`) and its `decode` line: the field's name without `r#`.
fn serialized_name(field_name: &str) -> &str {
    field_name.strip_prefix("r#").unwrap_or(field_name)
}

/// A parameter's Rust type in the struct.
fn param_type(param: &Param) -> TokenStream {
    let ty = rust_type(&param.ty);
    if param.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn operation(api: &Api, op: &Operation, rules: &mut Rules) -> TokenStream {
    let name = ident(&op.params_type);
    let summary = op
        .summary
        .as_deref()
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    let mut text = format!(
        "`{}` ({} `{}`){summary}",
        op.wire_id,
        op.method.as_str(),
        op.path
    );
    if let Some(description) = &op.description {
        text.push_str("\n\n");
        text.push_str(description);
    }
    let docs = doc(Some(&text));
    let op_deprecated = deprecated(op.deprecated);
    let fields = op.params.iter().map(|param| {
        let field = ident(&param.field_name);
        let fallback = format!("The `{}` parameter.", param.wire_name);
        let docs = doc(Some(param.doc.as_deref().unwrap_or(&fallback)));
        let deprecated = deprecated(param.deprecated);
        let ty = param_type(param);
        quote! {
            #docs
            #deprecated
            pub #field: #ty,
        }
    });
    let body = op.body.as_ref().map(|body| {
        let field = ident(&body_field(op));
        let docs = doc(Some(body.doc.as_deref().unwrap_or("The request body.")));
        let ty = rust_type(&body.ty);
        let ty = if body.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let constructor = constructor(op);
    let implementation = implementation(api, op, rules);
    let answers = answers(op);
    let headers = super::headers::headers_struct(op);
    // Parameters that may all be left out have an obvious empty value.
    let all_optional =
        op.params.iter().all(|p| !p.required) && op.body.as_ref().is_none_or(|body| !body.required);
    let default = all_optional.then(|| quote!(Default,));
    quote! {
        #docs
        #op_deprecated
        #[derive(Debug, Clone, #default PartialEq, serde::Serialize)]
        pub struct #name {
            #(#fields)*
            #body
        }

        #constructor
        #implementation
        #answers
        #headers
    }
}

/// `new`: the required parameters (and body) as arguments, the optional ones unset.
fn constructor(op: &Operation) -> TokenStream {
    let mut args = Vec::new();
    let mut values = Vec::new();
    let mut set = |field: &str, ty: &TypeRef, required: bool| {
        let name = ident(field);
        if !required {
            values.push(quote!(#name: None));
            return;
        }
        match ty {
            TypeRef::String | TypeRef::Secret(_) => {
                let ty = rust_type(ty);
                args.push(quote!(#name: impl Into<#ty>));
                values.push(quote!(#name: #name.into()));
            }
            _ => {
                let ty = rust_type(ty);
                args.push(quote!(#name: #ty));
                values.push(quote!(#name));
            }
        }
    };
    for param in &op.params {
        set(&param.field_name, &param.ty, param.required);
    }
    if let Some(body) = &op.body {
        set(&body_field(op), &body.ty, body.required);
    }
    let name = ident(&op.params_type);
    quote! {
        impl #name {
            /// The parameters with every required one given and every optional one unset.
            pub fn new(#(#args),*) -> Self {
                Self { #(#values),* }
            }
        }
    }
}

/// `impl rt::Operation`: the types of its answers, the operation as data, and `decode`.
fn implementation(api: &Api, op: &Operation, rules: &mut Rules) -> TokenStream {
    let name = ident(&op.params_type);
    let output = match &op.output {
        Output::Single(ty) => rust_type(ty),
        Output::ByStatus(name) => {
            let name = ident(name);
            quote!(#name)
        }
    };
    let failure = match &op.failure {
        Failure::None => quote!(rt::NoFailure),
        Failure::ByStatus(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Failure::Envelope(envelope) => runtime::envelope_failure(*envelope),
    };
    let info = info(api, op, rules);
    let decode = decode(op);
    quote! {
        impl rt::Operation for #name {
            type Output = #output;
            type Failure = #failure;
            const INFO: &'static rt::operation::OperationInfo = &#info;

            #decode
        }
    }
}

/// The `rt::operation::OperationInfo` of an operation: what differs from its profile's base.
fn info(api: &Api, op: &Operation, rules: &mut Rules) -> TokenStream {
    let id = &op.wire_id;
    let path = &op.path;
    let method = (op.method != Method::Get).then(|| {
        let method = runtime::method(op.method);
        quote!(method: #method,)
    });
    let params = op.params.iter().map(|param| param_info(api, param, rules));
    let params = (!op.params.is_empty()).then(|| quote!(params: &[#(#params),*],));
    let body = op.body.as_ref().map(|body| {
        let media = body.media.iter().map(|(content_type, media)| {
            let media = runtime::media(*media);
            quote!(rt::operation::BodyMedia::new(#content_type, #media))
        });
        let kind = if body.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        quote!(body: Some(rt::operation::BodyInfo::#kind(&[#(#media),*])),)
    });
    let responses = op.responses.iter().map(|response| {
        let status = &response.status;
        let kind = if response.success {
            quote!(success)
        } else {
            quote!(failure)
        };
        let media = match (&response.content_type, response.media) {
            (Some(content_type), Media::Json) if content_type == "application/json" => {
                quote!(.json())
            }
            (Some(content_type), media) => {
                let media = runtime::media(media);
                quote!(.media(#content_type, #media))
            }
            (None, _) => TokenStream::new(),
        };
        quote!(rt::operation::ResponseInfo::#kind(#status)#media)
    });
    let responses = quote!(responses: &[#(#responses),*],);
    let by_status =
        matches!(op.output, Output::ByStatus(_)).then(|| quote!(output_by_status: true,));
    let security = (!op.security.is_empty()).then(|| {
        let alternatives = op
            .security
            .iter()
            .map(|alternative| quote!(&[#(#alternative),*]));
        quote!(security: &[#(#alternatives),*],)
    });
    let fixed = (!op.fixed_query.is_empty()).then(|| {
        let pairs = op.fixed_query.iter().map(|(k, v)| quote!((#k, #v)));
        quote!(fixed_query: &[#(#pairs),*],)
    });
    let base = runtime::info_base(op.family);
    quote! {
        rt::operation::OperationInfo {
            id: #id,
            #method
            path: #path,
            #params
            #body
            #responses
            #by_status
            #security
            #fixed
            ..#base
        }
    }
}

/// `rt::operation::Param::query("name").required()...`: a parameter as data.
fn param_info(api: &Api, param: &Param, rules: &mut Rules) -> TokenStream {
    let name = &param.wire_name;
    let constructor = runtime::param_constructor(param.location);
    let default_style = param.location.default_style();
    let default_explode = Location::default_explode(default_style);
    let mut modifiers = Vec::new();
    let field = serialized_name(&param.field_name);
    if field != param.wire_name {
        modifiers.push(quote!(.field(#field)));
    }
    if param.required && param.location != Location::Path {
        modifiers.push(quote!(.required()));
    }
    if param.sensitive {
        modifiers.push(quote!(.sensitive()));
    }
    if param.style != default_style {
        let style = runtime::style(param.style);
        modifiers.push(quote!(.style(#style)));
    }
    if param.explode != default_explode {
        let explode = param.explode;
        modifiers.push(quote!(.explode(#explode)));
    }
    match shape(api, &param.ty) {
        _ if param.json => modifiers.push(quote!(.json())),
        Some(true) => modifiers.push(quote!(.list())),
        Some(false) => modifiers.push(quote!(.object())),
        None => {}
    }
    if let Some(rules) = rules.for_constraints(&param.constraints, &param.field_name) {
        modifiers.push(quote!(.rules(#rules)));
    }
    quote!(rt::operation::Param::#constructor(#name) #(#modifiers)*)
}

/// `Some(true)` for an array, `Some(false)` for an object, `None` for one value.
fn shape(api: &Api, ty: &TypeRef) -> Option<bool> {
    match ty {
        TypeRef::Array(_) => Some(true),
        TypeRef::Map(_) | TypeRef::Json => Some(false),
        TypeRef::Secret(inner) | TypeRef::Nullable(inner) => shape(api, inner),
        TypeRef::Named(name) => match &api.type_def(name)?.kind {
            TypeKind::Struct(_) => Some(false),
            TypeKind::Alias(target) => shape(api, target),
            _ => None,
        },
        _ => None,
    }
}

/// `decode`: one `input.required("field")` or `input.optional("field")` per parameter, by the
/// name that binds the field to its `rt::operation::Param`. The required ones are read first into
/// locals, so that every one is read (and every problem recorded) before a missing one ends
/// the function.
fn decode(op: &Operation) -> TokenStream {
    let mut locals = Vec::new();
    let mut fields = Vec::new();
    let mut required = Vec::new();
    for param in &op.params {
        let field = ident(&param.field_name);
        let name = serialized_name(&param.field_name);
        if param.required {
            locals.push(quote!(let #field = input.required(#name);));
            required.push(quote!(#field: #field?));
        } else {
            fields.push(quote!(#field: input.optional(#name)));
        }
    }
    if let Some(body) = &op.body {
        let field = ident(&body_field(op));
        if body.required {
            locals.push(quote!(let #field = input.body();));
            required.push(quote!(#field: #field?));
        } else {
            fields.push(quote!(#field: input.optional_body()));
        }
    }
    let input = if locals.is_empty() && fields.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    quote! {
        fn decode(#input: &mut rt::__private::Decoder<'_>) -> Option<Self> {
            #(#locals)*
            Some(Self { #(#fields,)* #(#required),* })
        }
    }
}

/// The enums of an operation's answers by status, where it has them.
fn answers(op: &Operation) -> TokenStream {
    let output = match &op.output {
        Output::ByStatus(name) => {
            let successes: Vec<&Response> = op.responses.iter().filter(|r| r.success).collect();
            let text = format!(" The successful answers of `{}`, by status.", op.wire_id);
            by_status(name, &text, &successes)
        }
        Output::Single(_) => TokenStream::new(),
    };
    let failure = match &op.failure {
        Failure::ByStatus(name) => {
            let failures: Vec<&Response> = op.responses.iter().filter(|r| !r.success).collect();
            let text = format!(" The failures `{}` declares, by status.", op.wire_id);
            by_status(name, &text, &failures)
        }
        _ => TokenStream::new(),
    };
    quote!(#output #failure)
}

fn by_status(name: &str, text: &str, responses: &[&Response]) -> TokenStream {
    let name = ident(name);
    let variants = responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let status = &response.status;
        let text = match &response.doc {
            Some(doc) => format!("`{status}`: {doc}"),
            None => format!("`{status}`."),
        };
        let docs = doc(Some(&text));
        let body = response
            .ty
            .as_ref()
            .filter(|ty| **ty != TypeRef::Unit)
            .map(rust_type);
        let content = match (response.carries_status(), body) {
            (false, None) => TokenStream::new(),
            (false, Some(body)) => quote!((#body)),
            (true, None) => quote!({
                /// The HTTP status.
                status: u16,
            }),
            (true, Some(body)) => quote!({
                /// The HTTP status.
                status: u16,
                /// The body.
                body: #body,
            }),
        };
        quote! {
            #docs
            #[serde(rename = #status)]
            #variant #content,
        }
    });
    quote! {
        #[doc = #text]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum #name {
            #(#variants)*
        }
    }
}
