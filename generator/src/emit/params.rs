//! One parameter struct per operation, with its query-string encoding, its parsing (which
//! names every bad or missing parameter) and `validate()`, which checks the spec's
//! constraints. Client and server both go through these, so each rule is written once.

use proc_macro2::TokenStream;
use quote::quote;

use super::structs::{redacting_debug, serde_rename};
use super::{deprecated, doc, ident, rust_type};
use crate::model::{Api, Constraints, Operation, Param, ParamLocation, TypeKind, TypeRef};

pub fn emit(api: &Api) -> TokenStream {
    let operations = api.operations.iter().map(|op| operation(api, op));
    quote! {
        #![doc = " The parameters of each operation: what the caller chooses, how it is encoded in"]
        #![doc = " the query string, and the checks made before a request is sent or served."]
        #(#operations)*
    }
}

/// The Rust type of a parameter's value: `Option` unless required.
fn field_type(param: &Param) -> TokenStream {
    let ty = rust_type(&param.ty);
    if param.required {
        ty
    } else {
        quote!(::core::option::Option<#ty>)
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.params_type);
    let summary = op
        .summary
        .as_deref()
        .map(|s| format!(": {s}"))
        .unwrap_or_default();
    let type_doc = format!(
        "The parameters of `{}` ({} {}){summary}.",
        op.wire_id,
        op.method.as_str(),
        op.path
    );
    let type_doc = doc(Some(&type_doc));
    let fields = op.params.iter().map(field);
    let sensitive = op.params.iter().any(|p| p.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug_impl = sensitive.then(|| {
        redacting_debug(
            &op.params_type,
            op.params
                .iter()
                .map(|p| (p.field_name.as_str(), p.sensitive, !p.required)),
        )
    });
    let constructor = constructor(op);
    let (wire_id, method, path) = (&op.wire_id, op.method.as_str(), &op.path);
    let to_query_pairs = to_query_pairs(op);
    let from_pairs = from_pairs(api, op);
    let validate = validate(api, op);
    let check_fns = op.params.iter().filter_map(|p| check_fn(api, p));
    let path_fn = path_fn(op);

    quote! {
        #type_doc
        #[derive(#derive_debug Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The operation's id in the API description.
            pub const OPERATION_ID: &'static str = #wire_id;
            /// The HTTP method of the operation.
            pub const METHOD: &'static str = #method;
            /// The operation's path below the server's base URL, as the spec writes it.
            pub const PATH: &'static str = #path;

            #constructor
            #path_fn
            #to_query_pairs

            /// The query string of this request, percent-encoded.
            pub fn to_query_string(&self) -> ::std::string::String {
                crate::support::encode_query(self.to_query_pairs())
            }

            /// Parses a query string (or form body), then checks it as [`Self::validate`]
            /// does. Unknown keys are ignored; every problem is reported, by parameter.
            pub fn from_query_str(
                query: &str,
            ) -> ::core::result::Result<Self, crate::support::ParamErrors> {
                Self::from_pairs(::form_urlencoded::parse(query.as_bytes()))
            }

            #from_pairs
            #validate
            #(#check_fns)*
        }

        #debug_impl
    }
}

fn field(param: &Param) -> TokenStream {
    let name = ident(&param.field_name);
    let fallback = format!("The `{}` parameter.", param.wire_name);
    let docs = doc(Some(param.doc.as_deref().unwrap_or(&fallback)));
    let deprecated = deprecated(param.deprecated);
    let rename = serde_rename(&param.wire_name, &param.field_name);
    let optional = (!param.required).then(
        || quote!(#[serde(default, skip_serializing_if = "::core::option::Option::is_none")]),
    );
    let ty = field_type(param);
    quote! {
        #docs
        #deprecated
        #rename
        #optional
        pub #name: #ty,
    }
}

/// `new` taking the required parameters, leaving the optional ones unset.
fn constructor(op: &Operation) -> TokenStream {
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let name = ident(&p.field_name);
        match p.ty {
            TypeRef::String => quote!(#name: impl ::core::convert::Into<::std::string::String>),
            _ => {
                let ty = rust_type(&p.ty);
                quote!(#name: #ty)
            }
        }
    });
    let inits = op.params.iter().map(|p| {
        let name = ident(&p.field_name);
        match (p.required, &p.ty) {
            (true, TypeRef::String) => quote!(#name: #name.into()),
            (true, _) => quote!(#name),
            (false, _) => quote!(#name: ::core::option::Option::None),
        }
    });
    // Clippy's limit; a long argument list mirrors the API here, which is the point.
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        /// The parameters with every required one given and every optional one unset.
        #allow
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// `path()`: the operation's path with its path parameters filled in.
fn path_fn(op: &Operation) -> TokenStream {
    let replacements = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| {
            let placeholder = format!("{{{}}}", p.wire_name);
            let name = ident(&p.field_name);
            quote! {
                path = path.replace(
                    #placeholder,
                    &::form_urlencoded::byte_serialize(
                        crate::support::QueryValue::to_query(&self.#name).as_bytes(),
                    )
                    .collect::<::std::string::String>()
                    .replace('+', "%20"),
                );
            }
        })
        .collect::<Vec<_>>();
    let body = if replacements.is_empty() {
        quote!(Self::PATH.to_owned())
    } else {
        quote! {
            let mut path = Self::PATH.to_owned();
            #(#replacements)*
            path
        }
    };
    quote! {
        /// The path of this request, with path parameters filled in and percent-encoded.
        pub fn path(&self) -> ::std::string::String {
            #body
        }
    }
}

fn to_query_pairs(op: &Operation) -> TokenStream {
    let fixed = op
        .fixed_query
        .iter()
        .map(|(key, value)| quote!(pairs.push((#key, ::std::string::String::from(#value)));))
        .collect::<Vec<_>>();
    let params = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let name = ident(&p.field_name);
            let wire = &p.wire_name;
            let push = |value: TokenStream| match &p.ty {
                TypeRef::Array(_) if p.explode => quote! {
                    for item in #value {
                        pairs.push((#wire, crate::support::QueryValue::to_query(item)));
                    }
                },
                _ => quote!(pairs.push((#wire, crate::support::QueryValue::to_query(#value)));),
            };
            if p.required {
                push(quote!(&self.#name))
            } else {
                let push = push(quote!(value));
                quote! {
                    if let ::core::option::Option::Some(value) = &self.#name {
                        #push
                    }
                }
            }
        })
        .collect::<Vec<_>>();
    let capacity = proc_macro2::Literal::usize_unsuffixed(op.fixed_query.len() + op.params.len());
    let binding = if fixed.len() + params.len() == 0 {
        quote!(pairs)
    } else {
        quote!(mut pairs)
    };
    quote! {
        /// The query pairs of this request in spec order, unencoded: fixed pairs the API
        /// requires first, then every parameter that is set.
        pub fn to_query_pairs(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            let #binding = ::std::vec::Vec::with_capacity(#capacity);
            #(#fixed)*
            #(#params)*
            pairs
        }
    }
}

/// `from_pairs`: decoded key-value pairs -> the struct, collecting every problem.
fn from_pairs(api: &Api, op: &Operation) -> TokenStream {
    let slots = op.params.iter().map(|p| {
        let name = slot(&p.field_name);
        match &p.ty {
            TypeRef::Array(item) if p.explode => {
                let item = rust_type(item);
                quote!(let mut #name: ::std::vec::Vec<#item> = ::std::vec::Vec::new();)
            }
            ty => {
                let ty = rust_type(ty);
                quote!(let mut #name: ::core::option::Option<#ty> = ::core::option::Option::None;)
            }
        }
    });
    let arms = op.params.iter().map(|p| {
        let name = slot(&p.field_name);
        let wire = &p.wire_name;
        let sensitive = p.sensitive;
        let parse = match &p.ty {
            TypeRef::Array(_) if p.explode => quote!(crate::support::parse_push),
            _ => quote!(crate::support::parse_into),
        };
        quote!(#wire => #parse(&mut #name, #wire, value, #sensitive, &mut errors),)
    });
    let finish = op.params.iter().map(|p| {
        let name = slot(&p.field_name);
        let wire = &p.wire_name;
        match (&p.ty, p.explode, p.required) {
            (TypeRef::Array(_), true, true) => quote! {
                if #name.is_empty() {
                    errors.push(crate::support::ParamError::missing(#wire));
                }
            },
            (TypeRef::Array(_), true, false) => {
                quote!(let #name = (!#name.is_empty()).then_some(#name);)
            }
            (_, _, true) => quote! {
                if #name.is_none() && !errors.iter().any(|error| error.parameter == #wire) {
                    errors.push(crate::support::ParamError::missing(#wire));
                }
            },
            (_, _, false) => TokenStream::new(),
        }
    });
    // The constraints are checked here on whatever parsed, so that one answer names every
    // problem; arrays (`explode`) are lists of items, which carry no string constraints.
    let checks = op
        .params
        .iter()
        .filter(|p| !(matches!(p.ty, TypeRef::Array(_)) && p.explode))
        .filter_map(|p| {
            let name = slot(&p.field_name);
            check(api, p, &quote!(#name), false)
        });
    let unwrap_required = op
        .params
        .iter()
        .filter(|p| p.required && !(matches!(p.ty, TypeRef::Array(_)) && p.explode))
        .map(|p| {
            let name = slot(&p.field_name);
            quote! {
                let ::core::option::Option::Some(#name) = #name else {
                    return ::core::result::Result::Err(errors);
                };
            }
        });
    let names = op.params.iter().map(|p| {
        let field = ident(&p.field_name);
        let slot = slot(&p.field_name);
        quote!(#field: #slot)
    });
    let wires = op.params.iter().map(|p| p.wire_name.as_str());
    let pairs_binding = if op.params.is_empty() {
        quote!(_pairs)
    } else {
        quote!(pairs)
    };
    let loop_body = if op.params.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            for (key, value) in pairs {
                let value = value.as_ref();
                match key.as_ref() {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    // With no parameters there is nothing to parse or report.
    let (errors_binding, report) = if op.params.is_empty() {
        (TokenStream::new(), TokenStream::new())
    } else {
        (
            quote!(let mut errors = crate::support::ParamErrors::new();),
            quote! {
                if !errors.is_empty() {
                    errors.sort_by_parameter(&[#(#wires),*]);
                    return ::core::result::Result::Err(errors);
                }
            },
        )
    };
    quote! {
        /// Builds the parameters from decoded key-value pairs (a parsed query string or
        /// form), then checks them as [`Self::validate`] does. Unknown keys are ignored.
        pub fn from_pairs<K, V>(
            #pairs_binding: impl ::core::iter::IntoIterator<Item = (K, V)>,
        ) -> ::core::result::Result<Self, crate::support::ParamErrors>
        where
            K: ::core::convert::AsRef<str>,
            V: ::core::convert::AsRef<str>,
        {
            #errors_binding
            #(#slots)*
            #loop_body
            #(#finish)*
            #(#checks)*
            #report
            #(#unwrap_required)*
            ::core::result::Result::Ok(Self { #(#names),* })
        }
    }
}

/// The local variable holding a parameter while `from_pairs` parses: `slot_` and the field
/// name, so that no parameter name can shadow the function's own locals (`key`, `errors`, ...).
fn slot(field_name: &str) -> proc_macro2::Ident {
    quote::format_ident!("slot_{}", field_name.trim_start_matches("r#"))
}

/// `validate()`: the constraints of the spec over every set parameter.
fn validate(api: &Api, op: &Operation) -> TokenStream {
    let checks: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|p| {
            let name = ident(&p.field_name);
            check(api, p, &quote!(self.#name), p.required)
        })
        .collect();
    let body = if checks.is_empty() {
        quote!(crate::support::ParamErrors::new().into_result())
    } else {
        quote! {
            let mut errors = crate::support::ParamErrors::new();
            #(#checks)*
            errors.into_result()
        }
    };
    quote! {
        /// Checks every parameter against the constraints of the API description and
        /// reports every problem found, by parameter.
        pub fn validate(&self) -> ::core::result::Result<(), crate::support::ParamErrors> {
            #body
        }
    }
}

/// Whether values of `ty` are text with an `as_str()`: strings, string enums, aliases of them.
fn is_text(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::StringEnum(_)) => true,
            Some(TypeKind::Alias(target)) => is_text(api, target),
            _ => false,
        },
        _ => false,
    }
}

/// How a parameter's constraints are checked: a private associated function of the params
/// struct (`check_` and the field name) that both `from_pairs` and `validate` call, so that
/// each constraint is written once.
enum Check {
    /// Text constraints (length, pattern, format, ...) on `value.as_str()`.
    Text(Vec<TokenStream>, Vec<TokenStream>),
    /// A range, on the value as `f64`; `true` when it is an integer that needs the cast.
    Range(Option<f64>, Option<f64>, bool),
}

fn constraint_check(api: &Api, param: &Param) -> Option<Check> {
    let c = &param.constraints;
    if is_text(api, &param.ty) && !c.is_empty() {
        let mut patterns = Vec::new();
        let rules = string_rules(c, &mut patterns);
        (!rules.is_empty()).then_some(Check::Text(patterns, rules))
    } else if matches!(param.ty, TypeRef::Integer(_) | TypeRef::Number)
        && (c.minimum.is_some() || c.maximum.is_some())
    {
        let integer = !matches!(param.ty, TypeRef::Number);
        Some(Check::Range(c.minimum, c.maximum, integer))
    } else {
        None
    }
}

fn check_fn_name(param: &Param) -> proc_macro2::Ident {
    quote::format_ident!("check_{}", param.field_name.trim_start_matches("r#"))
}

/// The `check_<field>` function of a parameter with constraints that apply.
fn check_fn(api: &Api, param: &Param) -> Option<TokenStream> {
    let check = constraint_check(api, param)?;
    let name = check_fn_name(param);
    let wire = &param.wire_name;
    let doc = format!(" Adds to `errors` every constraint of `{wire}` that `value` breaks.");
    let (value_type, body) = match check {
        Check::Text(patterns, rules) => {
            let sensitive = param.sensitive;
            (
                quote!(&str),
                quote! {
                    #(#patterns)*
                    crate::support::check_rules(errors, #wire, value, #sensitive, &[#(#rules),*]);
                },
            )
        }
        Check::Range(min, max, _) => {
            let bound = |v: Option<f64>| match v {
                Some(v) => quote!(::core::option::Option::Some(#v)),
                None => quote!(::core::option::Option::None),
            };
            let (min, max) = (bound(min), bound(max));
            (
                quote!(f64),
                quote!(crate::support::check_range(errors, #wire, value, #min, #max);),
            )
        }
    };
    Some(quote! {
        #[doc = #doc]
        fn #name(value: #value_type, errors: &mut crate::support::ParamErrors) {
            #body
        }
    })
}

/// The call of a parameter's `check_<field>` on the value at `place` (an `Option` unless
/// `present`), or `None` if it has no constraints that apply.
fn check(api: &Api, param: &Param, place: &TokenStream, present: bool) -> Option<TokenStream> {
    let name = check_fn_name(param);
    let argument = match constraint_check(api, param)? {
        Check::Text(..) => quote!(value.as_str()),
        Check::Range(_, _, true) => quote!(*value as f64),
        Check::Range(_, _, false) => quote!(*value),
    };
    let call = quote!(Self::#name(#argument, &mut errors););
    Some(if present {
        quote! {
            {
                let value = &#place;
                #call
            }
        }
    } else {
        quote! {
            if let ::core::option::Option::Some(value) = &#place {
                #call
            }
        }
    })
}

/// A run of a simple pattern: `min` to `max` ASCII bytes, each within one of `ranges`.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    ranges: Vec<(u8, u8)>,
    min: usize,
    max: usize,
}

/// The runs of a pattern simple enough to check without a regex, or `None` (regex-lite).
///
/// Simple means: `^`, then character classes of ASCII letters, digits and `_` (single
/// characters or ranges `a-z`; no negation, escapes or other syntax), each with no quantifier
/// or `{n}`, the last also `{n,m}`, then `$`. Such a pattern matches a value exactly when the
/// value is those runs in sequence: `^` and `$` are the start and end of the value (no
/// multi-line flag can be set without other syntax), a class of ASCII ranges matches one ASCII
/// character (one byte) in them, and with only the last run varying in length there is
/// nothing to backtrack over.
fn simple_pattern(source: &str) -> Option<Vec<Run>> {
    let body = source.strip_prefix('^')?.strip_suffix('$')?;
    let plain = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let count = |text: &str| -> Option<usize> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    };
    let bytes = body.as_bytes();
    let mut runs: Vec<Run> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'[' {
            return None;
        }
        at += 1;
        let mut ranges = Vec::new();
        loop {
            let byte = *bytes.get(at)?;
            if byte == b']' && !ranges.is_empty() {
                at += 1;
                break;
            }
            if !plain(byte) {
                return None;
            }
            match (bytes.get(at + 1), bytes.get(at + 2)) {
                (Some(b'-'), Some(&high)) if plain(high) => {
                    if high < byte {
                        return None;
                    }
                    ranges.push((byte, high));
                    at += 3;
                }
                _ => {
                    ranges.push((byte, byte));
                    at += 1;
                }
            }
        }
        let (min, max) = if bytes.get(at) == Some(&b'{') {
            let close = at + body[at..].find('}')?;
            let inner = &body[at + 1..close];
            at = close + 1;
            match inner.split_once(',') {
                Some((min, max)) => (count(min)?, count(max)?),
                None => (count(inner)?, count(inner)?),
            }
        } else {
            (1, 1)
        };
        if min > max {
            return None;
        }
        runs.push(Run { ranges, min, max });
    }
    let fixed_but_last = runs.iter().rev().skip(1).all(|run| run.min == run.max);
    (!runs.is_empty() && fixed_but_last).then_some(runs)
}

/// `crate::support::Rule`s for string constraints, in the order they are cheapest to check;
/// each pattern becomes a `static` pushed onto `patterns`, compiled once on first use.
fn string_rules(c: &Constraints, patterns: &mut Vec<TokenStream>) -> Vec<TokenStream> {
    let mut rules = Vec::new();
    let number = proc_macro2::Literal::usize_unsuffixed;
    if let Some(min) = c.min_length.map(number) {
        rules.push(quote!(crate::support::Rule::MinLength(#min)));
    }
    if let Some(max) = c.max_length.map(number) {
        rules.push(quote!(crate::support::Rule::MaxLength(#max)));
    }
    if let Some(pattern) = &c.pattern {
        let name = quote::format_ident!("PATTERN_{}", patterns.len() + 1);
        let value = match simple_pattern(pattern) {
            Some(runs) => {
                let runs = runs.iter().map(|run| {
                    let ranges = run.ranges.iter().map(|(low, high)| {
                        let (low, high) = (
                            proc_macro2::Literal::byte_character(*low),
                            proc_macro2::Literal::byte_character(*high),
                        );
                        quote!((#low, #high))
                    });
                    let (min, max) = (number(run.min), number(run.max));
                    quote!(crate::support::PatternRun { ranges: &[#(#ranges),*], min: #min, max: #max })
                });
                quote!(crate::support::Pattern::simple(#pattern, &[#(#runs),*]))
            }
            None => quote!(crate::support::Pattern::new(#pattern)),
        };
        patterns.push(quote! {
            static #name: crate::support::Pattern = #value;
        });
        rules.push(quote!(crate::support::Rule::Pattern(&#name)));
    }
    let format = match c.format.as_deref() {
        Some("email") => Some(quote!(Email)),
        Some("hostname") => Some(quote!(Hostname)),
        Some("ipv4") => Some(quote!(Ipv4)),
        Some("ipv6") => Some(quote!(Ipv6)),
        Some("byte") => Some(quote!(Byte)),
        _ => None,
    };
    if let Some(format) = format {
        rules.push(quote!(crate::support::Rule::Format(crate::support::Format::#format)));
    }
    if let Some(max) = c.max_decoded_length.map(number) {
        rules.push(quote!(crate::support::Rule::MaxDecodedLength(#max)));
    }
    if !c.any_of.is_empty() {
        let branches: Vec<TokenStream> = c
            .any_of
            .iter()
            .map(|branch| {
                let branch = string_rules(branch, patterns);
                quote!(&[#(#branch),*])
            })
            .collect();
        rules.push(quote!(crate::support::Rule::AnyOf(&[#(#branches),*])));
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::{Run, simple_pattern};

    fn run(ranges: &[(u8, u8)], min: usize, max: usize) -> Run {
        Run {
            ranges: ranges.to_vec(),
            min,
            max,
        }
    }

    #[test]
    fn simple_patterns_become_runs() {
        assert_eq!(
            simple_pattern("^[a-z][a-z0-9]{0,15}$"),
            Some(vec![
                run(&[(b'a', b'z')], 1, 1),
                run(&[(b'a', b'z'), (b'0', b'9')], 0, 15),
            ])
        );
        // tests/tests/validators.rs matches these three with the generated matcher.
        assert_eq!(
            simple_pattern("^[a0-9_]{2}[b-z]{1,2}$"),
            Some(vec![
                run(&[(b'a', b'a'), (b'0', b'9'), (b'_', b'_')], 2, 2),
                run(&[(b'b', b'z')], 1, 2),
            ])
        );
        assert_eq!(
            simple_pattern("^[a-z]{0,0}$"),
            Some(vec![run(&[(b'a', b'z')], 0, 0)])
        );
        assert_eq!(
            simple_pattern("^[A-Z_]{2}[0-9]{3}$"),
            Some(vec![
                run(&[(b'A', b'Z'), (b'_', b'_')], 2, 2),
                run(&[(b'0', b'9')], 3, 3),
            ])
        );
    }

    #[test]
    fn anything_else_is_left_to_the_regex() {
        for pattern in [
            "[a-z]",             // unanchored
            "^[a-z]",            // no end anchor
            "^[a-z]{0,3}[a-c]$", // a variable run before another
            "^[^a-z]$",          // negated
            "^[a-z.]$",          // punctuation
            r"^[\w]$",           // escape
            "^[a-]$",            // a trailing hyphen
            "^[z-a]$",           // a reversed range
            "^[]$",              // empty class
            "^[a-z]{2,}$",       // unbounded
            "^[a-z]{,2}$",       // no minimum
            "^[a-z]{3,2}$",      // min above max
            "^[a-z]*$",          // other quantifiers
            "^[a-z]+$",
            "^[a-z]?$",
            "^(?i)[a-z]$", // flags
            "^(?:[A-Za-z0-9_-]*|Site_Software_\\*)$",
            "^a[a-z]$", // a literal outside a class
            "^$",       // no runs
        ] {
            assert_eq!(simple_pattern(pattern), None, "{pattern}");
        }
    }
}
