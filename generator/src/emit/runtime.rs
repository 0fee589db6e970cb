//! The one table from the model's typed words to the runtime's items: every path into
//! `openapi_runtime` that depends on what the model says is written here, so that a rename in
//! the runtime is a change to this file (and fails `cargo test -p generator`, which compiles
//! what these paths name in its snapshots' crates), not a string met somewhere in the model.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{
    Envelope, Family, Location, Media, Method, RuntimeFeature, RuntimeType, SchemeKind, Style,
};

/// `rt::Method::Post`.
pub(crate) fn method(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(rt::Method::Get),
        Method::Put => quote!(rt::Method::Put),
        Method::Post => quote!(rt::Method::Post),
        Method::Delete => quote!(rt::Method::Delete),
        Method::Options => quote!(rt::Method::Options),
        Method::Head => quote!(rt::Method::Head),
        Method::Patch => quote!(rt::Method::Patch),
        Method::Trace => quote!(rt::Method::Trace),
    }
}

/// `rt::Media::Json`.
pub(crate) fn media(media: Media) -> TokenStream {
    match media {
        Media::Json => quote!(rt::Media::Json),
        Media::Form => quote!(rt::Media::Form),
        Media::Multipart => quote!(rt::Media::Multipart),
        Media::Text => quote!(rt::Media::Text),
        Media::Binary => quote!(rt::Media::Binary),
        Media::Empty => quote!(rt::Media::Empty),
    }
}

/// `rt::Style::Label`.
pub(crate) fn style(style: Style) -> TokenStream {
    match style {
        Style::Form => quote!(rt::Style::Form),
        Style::Simple => quote!(rt::Style::Simple),
        Style::Label => quote!(rt::Style::Label),
        Style::Matrix => quote!(rt::Style::Matrix),
        Style::SpaceDelimited => quote!(rt::Style::SpaceDelimited),
        Style::PipeDelimited => quote!(rt::Style::PipeDelimited),
        Style::DeepObject => quote!(rt::Style::DeepObject),
    }
}

/// The constructor of a parameter at `location`: `query` for `rt::Param::query(..)`.
pub(crate) fn param_constructor(location: Location) -> TokenStream {
    match location {
        Location::Query => quote!(query),
        Location::Path => quote!(path),
        Location::Header => quote!(header),
        Location::Cookie => quote!(cookie),
    }
}

/// `rt::SchemeKind::...` with its words.
pub(crate) fn scheme_kind(kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::Basic => quote!(rt::SchemeKind::Basic),
        SchemeKind::Bearer => quote!(rt::SchemeKind::Bearer),
        SchemeKind::UserToken { scheme } => quote!(rt::SchemeKind::UserToken { scheme: #scheme }),
        SchemeKind::ApiKey { location, name } => {
            // An API key never travels in the path; the loader refuses that.
            let location = match location {
                Location::Header => quote!(rt::Location::Header),
                Location::Query => quote!(rt::Location::Query),
                Location::Cookie | Location::Path => quote!(rt::Location::Cookie),
            };
            quote!(rt::SchemeKind::ApiKey { location: #location, name: #name })
        }
    }
}

/// The `rt::OperationInfo` an operation of `family` takes what it does not say from.
pub(crate) fn info_base(family: Family) -> TokenStream {
    match family {
        Family::Plain => quote!(rt::OperationInfo::DEFAULT),
        Family::Cpanel { envelope: None } => quote!(rt::cpanel::BASE),
        Family::Cpanel {
            envelope: Some(Envelope::Whm),
        } => quote!(rt::cpanel::WHM_FUNCTION),
        Family::Cpanel {
            envelope: Some(Envelope::Uapi),
        } => quote!(rt::cpanel::UAPI_FUNCTION),
    }
}

/// The failure an envelope reports.
pub(crate) fn envelope_failure(envelope: Envelope) -> TokenStream {
    match envelope {
        Envelope::Whm | Envelope::Uapi => quote!(rt::cpanel::Failure),
    }
}

/// What a server method of an operation in `envelope` returns, given its output type.
pub(crate) fn envelope_outcome(envelope: Envelope, output: TokenStream) -> TokenStream {
    match envelope {
        Envelope::Whm | Envelope::Uapi => quote!(rt::cpanel::Outcome<#output>),
    }
}

/// The items of the server's module a crate with `feature` re-exports for its servers.
pub(crate) fn server_exports(feature: RuntimeFeature) -> TokenStream {
    match feature {
        RuntimeFeature::Cpanel => quote!(
            pub use rt::cpanel::{Failure, Outcome, Success};
        ),
    }
}

/// A runtime type.
pub(crate) fn runtime_type(ty: RuntimeType) -> TokenStream {
    match ty {
        RuntimeType::CpanelFlag => quote!(rt::cpanel::Flag),
    }
}

/// The runtime type as the API surface report writes it.
pub(crate) fn runtime_type_text(ty: RuntimeType) -> &'static str {
    match ty {
        RuntimeType::CpanelFlag => "cpanel::Flag",
    }
}

/// The cargo feature's name.
pub(crate) fn feature_name(feature: RuntimeFeature) -> &'static str {
    match feature {
        RuntimeFeature::Cpanel => "cpanel",
    }
}
