//! The one table from the model's typed words to the runtime's items: every path into
//! `openapi_runtime` that depends on what the model says is written here, so that a rename in
//! the runtime is a change to this file (and fails `cargo test -p generator`, which compiles
//! what these paths name in its snapshots' crates), not a string met somewhere in the model.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{
    Envelope, Family, Location, Media, Method, RuntimeFeature, RuntimeType, SchemeKind, Style,
};

/// `rt::vocab::Method::Post`.
pub(crate) fn method(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(rt::vocab::Method::Get),
        Method::Put => quote!(rt::vocab::Method::Put),
        Method::Post => quote!(rt::vocab::Method::Post),
        Method::Delete => quote!(rt::vocab::Method::Delete),
        Method::Options => quote!(rt::vocab::Method::Options),
        Method::Head => quote!(rt::vocab::Method::Head),
        Method::Patch => quote!(rt::vocab::Method::Patch),
        Method::Trace => quote!(rt::vocab::Method::Trace),
    }
}

/// `rt::vocab::Media::Json`.
pub(crate) fn media(media: Media) -> TokenStream {
    match media {
        Media::Json => quote!(rt::vocab::Media::Json),
        Media::Form => quote!(rt::vocab::Media::Form),
        Media::Multipart => quote!(rt::vocab::Media::Multipart),
        Media::Text => quote!(rt::vocab::Media::Text),
        Media::Binary => quote!(rt::vocab::Media::Binary),
        Media::Empty => quote!(rt::vocab::Media::Empty),
    }
}

/// `rt::vocab::Style::Label`.
pub(crate) fn style(style: Style) -> TokenStream {
    match style {
        Style::Form => quote!(rt::vocab::Style::Form),
        Style::Simple => quote!(rt::vocab::Style::Simple),
        Style::Label => quote!(rt::vocab::Style::Label),
        Style::Matrix => quote!(rt::vocab::Style::Matrix),
        Style::SpaceDelimited => quote!(rt::vocab::Style::SpaceDelimited),
        Style::PipeDelimited => quote!(rt::vocab::Style::PipeDelimited),
        Style::DeepObject => quote!(rt::vocab::Style::DeepObject),
    }
}

/// The constructor of a parameter at `location`: `query` for `rt::operation::Param::query(..)`.
pub(crate) fn param_constructor(location: Location) -> TokenStream {
    match location {
        Location::Query => quote!(query),
        Location::Path => quote!(path),
        Location::Header => quote!(header),
        Location::Cookie => quote!(cookie),
    }
}

/// `rt::vocab::SchemeKind::...` with its words.
pub(crate) fn scheme_kind(kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::Basic => quote!(rt::vocab::SchemeKind::Basic),
        SchemeKind::Bearer => quote!(rt::vocab::SchemeKind::Bearer),
        SchemeKind::UserToken { scheme } => {
            quote!(rt::vocab::SchemeKind::UserToken { scheme: #scheme })
        }
        SchemeKind::ApiKey { location, name } => {
            // An API key never travels in the path; the loader refuses that.
            let location = match location {
                Location::Header => quote!(rt::vocab::Location::Header),
                Location::Query => quote!(rt::vocab::Location::Query),
                Location::Cookie | Location::Path => quote!(rt::vocab::Location::Cookie),
            };
            quote!(rt::vocab::SchemeKind::ApiKey { location: #location, name: #name })
        }
    }
}

/// The `rt::operation::OperationInfo` an operation of `family` takes what it does not say from.
pub(crate) fn info_base(family: Family) -> TokenStream {
    match family {
        Family::Plain => quote!(rt::operation::OperationInfo::DEFAULT),
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

/// Every feature of the runtime a profile may need, with the source file only it compiles:
/// a copy of the runtime leaves out the files of the features its crate does not name.
pub(crate) const FEATURE_MODULES: &[(RuntimeFeature, &str)] =
    &[(RuntimeFeature::Cpanel, "src/cpanel.rs")];
