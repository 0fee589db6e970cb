//! The generated crate's `support` module: the error types and helpers that every generated
//! type shares. It is the same for every spec, so it is one fixed fragment.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit() -> TokenStream {
    let errors = errors();
    let query = query_values();
    let serde_glue = serde_glue();
    let rules = rules();
    quote! {
        #![doc = " Pieces every generated type shares: errors, query-string values, redaction."]
        #errors
        #query
        #serde_glue
        #rules
    }
}

fn errors() -> TokenStream {
    quote! {
        /// Stands in for a secret in `Debug` output.
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub struct Redacted;

        impl ::core::fmt::Debug for Redacted {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("<redacted>")
            }
        }

        /// How many characters of an offending value an error message shows.
        const SHOWN_CHARS: usize = 64;
        /// Enums with at most this many values list them all in their errors.
        const LISTED_VALUES: usize = 10;

        /// The first 64 characters of `value` (`SHOWN_CHARS`), marked with `…` when cut.
        pub fn shorten(value: &str) -> ::std::string::String {
            match value.char_indices().nth(SHOWN_CHARS) {
                ::core::option::Option::Some((end, _)) => ::std::format!("{}…", &value[..end]),
                ::core::option::Option::None => value.to_owned(),
            }
        }

        /// A value that is not one of an enum's allowed values.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct InvalidEnumValue {
            label: &'static str,
            value: ::std::string::String,
            allowed: &'static [&'static str],
        }

        impl InvalidEnumValue {
            /// The error for `value`, given where the enum is used and what it allows.
            pub fn new(label: &'static str, value: &str, allowed: &'static [&'static str]) -> Self {
                InvalidEnumValue { label, value: shorten(value), allowed }
            }

            /// The parameter or property the value was given for.
            pub fn label(&self) -> &'static str {
                self.label
            }

            /// The offending value (its first characters, if it was long).
            pub fn value(&self) -> &str {
                &self.value
            }

            /// Every allowed value.
            pub fn allowed(&self) -> &'static [&'static str] {
                self.allowed
            }

            /// The allowed value the offending one most likely meant: the same but for case
            /// and separators, or the nearest by edit distance.
            pub fn suggestion(&self) -> ::core::option::Option<&'static str> {
                fn folded(value: &str) -> ::std::string::String {
                    value
                        .chars()
                        .filter(|c| !matches!(c, '-' | '_' | ' '))
                        .flat_map(char::to_lowercase)
                        .collect()
                }
                let wanted = folded(&self.value);
                if let ::core::option::Option::Some(same) =
                    self.allowed.iter().find(|allowed| folded(allowed) == wanted)
                {
                    return ::core::option::Option::Some(same);
                }
                let limit = (wanted.chars().count() / 3).max(1);
                self.allowed
                    .iter()
                    .map(|allowed| (edit_distance(&folded(allowed), &wanted), *allowed))
                    .filter(|(distance, _)| *distance <= limit)
                    .min_by_key(|(distance, _)| *distance)
                    .map(|(_, allowed)| allowed)
            }

            /// What was expected instead, for messages: the allowed values, or a sample of
            /// them, and a suggestion.
            pub fn expectation(&self) -> ::std::string::String {
                let quoted = |values: &[&str]| {
                    values.iter().map(|v| ::std::format!("{v:?}")).collect::<::std::vec::Vec<_>>().join(", ")
                };
                let mut text = if self.allowed.len() <= LISTED_VALUES {
                    ::std::format!("expected one of {}", quoted(self.allowed))
                } else {
                    ::std::format!(
                        "expected one of {} allowed values, such as {}",
                        self.allowed.len(),
                        quoted(&self.allowed[..3]),
                    )
                };
                if let ::core::option::Option::Some(suggestion) = self.suggestion() {
                    text.push_str(&::std::format!("; did you mean {suggestion:?}?"));
                }
                text
            }
        }

        impl ::core::fmt::Display for InvalidEnumValue {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "invalid value {:?} for `{}`: {}", self.value, self.label, self.expectation())
            }
        }

        impl ::std::error::Error for InvalidEnumValue {}

        /// Levenshtein distance, on characters.
        fn edit_distance(a: &str, b: &str) -> usize {
            let b: ::std::vec::Vec<char> = b.chars().collect();
            let mut previous: ::std::vec::Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.chars().enumerate() {
                let mut current = ::std::vec![i + 1];
                for (j, cb) in b.iter().enumerate() {
                    let substitution = previous[j] + usize::from(ca != *cb);
                    current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
                }
                previous = current;
            }
            previous[b.len()]
        }

        /// What is wrong with one request parameter.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum ParamProblem {
            /// A required parameter was not given.
            Missing,
            /// A parameter that takes one value was given several times.
            Repeated,
            /// The value breaks a rule of the API description.
            Invalid {
                /// The offending value, shortened; `None` for secrets, which are never shown.
                value: ::core::option::Option<::std::string::String>,
                /// The rule it breaks, e.g. `expected one of "cpaneld", ...`.
                rule: ::std::string::String,
            },
        }

        /// A problem with one request parameter, naming the parameter as the API spells it.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct ParamError {
            /// The parameter's wire name.
            pub parameter: &'static str,
            /// What is wrong with it.
            pub problem: ParamProblem,
        }

        impl ParamError {
            /// `parameter` is required but was not given.
            pub fn missing(parameter: &'static str) -> Self {
                ParamError { parameter, problem: ParamProblem::Missing }
            }

            /// `parameter` was given more than once.
            pub fn repeated(parameter: &'static str) -> Self {
                ParamError { parameter, problem: ParamProblem::Repeated }
            }

            /// `value` breaks `rule`; the value is kept only if it is not secret.
            pub fn invalid(
                parameter: &'static str,
                value: &str,
                sensitive: bool,
                rule: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                ParamError {
                    parameter,
                    problem: ParamProblem::Invalid {
                        value: (!sensitive).then(|| shorten(value)),
                        rule: rule.into(),
                    },
                }
            }
        }

        impl ::core::fmt::Display for ParamError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let parameter = self.parameter;
                match &self.problem {
                    ParamProblem::Missing => write!(f, "parameter `{parameter}` is required but missing"),
                    ParamProblem::Repeated => write!(f, "parameter `{parameter}` is given more than once"),
                    ParamProblem::Invalid { value: ::core::option::Option::Some(value), rule } => {
                        write!(f, "parameter `{parameter}` has an invalid value {value:?}: {rule}")
                    }
                    ParamProblem::Invalid { value: ::core::option::Option::None, rule } => {
                        write!(f, "parameter `{parameter}` has an invalid value: {rule}")
                    }
                }
            }
        }

        impl ::std::error::Error for ParamError {}

        /// Every problem found with a request's parameters, in parameter order.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct ParamErrors {
            errors: ::std::vec::Vec<ParamError>,
        }

        impl ParamErrors {
            /// No problems yet.
            pub fn new() -> Self {
                Self::default()
            }

            /// Records a problem.
            pub fn push(&mut self, error: ParamError) {
                self.errors.push(error);
            }

            /// Whether no problem was found.
            pub fn is_empty(&self) -> bool {
                self.errors.is_empty()
            }

            /// The problems, in parameter order.
            pub fn iter(&self) -> ::core::slice::Iter<'_, ParamError> {
                self.errors.iter()
            }

            /// Orders the problems by the position of their parameter in `parameters` (the
            /// spec's order), keeping the order of several problems with one parameter.
            pub fn sort_by_parameter(&mut self, parameters: &[&str]) {
                self.errors.sort_by_key(|error| {
                    parameters.iter().position(|p| *p == error.parameter).unwrap_or(usize::MAX)
                });
            }

            /// `Ok` when no problem was found, else these errors.
            pub fn into_result(self) -> ::core::result::Result<(), Self> {
                if self.is_empty() { ::core::result::Result::Ok(()) } else { ::core::result::Result::Err(self) }
            }
        }

        impl<'a> ::core::iter::IntoIterator for &'a ParamErrors {
            type Item = &'a ParamError;
            type IntoIter = ::core::slice::Iter<'a, ParamError>;

            fn into_iter(self) -> Self::IntoIter {
                self.errors.iter()
            }
        }

        impl ::core::fmt::Display for ParamErrors {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                for (index, error) in self.errors.iter().enumerate() {
                    if index > 0 {
                        f.write_str("; ")?;
                    }
                    ::core::fmt::Display::fmt(error, f)?;
                }
                ::core::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for ParamErrors {}
    }
}

fn query_values() -> TokenStream {
    let integers = [quote!(i32), quote!(i64)].into_iter().map(|ty| {
        quote! {
            impl QueryValue for #ty {
                fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                    value.trim().parse().map_err(|_| {
                        ::std::format!("expected an integer from {} to {}", #ty::MIN, #ty::MAX)
                    })
                }

                fn to_query(&self) -> ::std::string::String {
                    self.to_string()
                }
            }
        }
    });
    quote! {
        /// A value that travels in a query string or form body.
        pub trait QueryValue: ::core::marker::Sized {
            /// Parses the decoded text of one value; the error says what was expected.
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String>;
            /// The text of this value, before percent-encoding.
            fn to_query(&self) -> ::std::string::String;
        }

        impl QueryValue for ::std::string::String {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                ::core::result::Result::Ok(value.to_owned())
            }

            fn to_query(&self) -> ::std::string::String {
                self.clone()
            }
        }

        #(#integers)*

        impl QueryValue for f64 {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                match value.trim().parse::<f64>() {
                    ::core::result::Result::Ok(number) if number.is_finite() => ::core::result::Result::Ok(number),
                    _ => ::core::result::Result::Err("expected a finite number".to_owned()),
                }
            }

            fn to_query(&self) -> ::std::string::String {
                self.to_string()
            }
        }

        /// cPanel writes booleans as `1` and `0`; `true` and `false` are read too.
        impl QueryValue for bool {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                match value.trim() {
                    "1" | "true" => ::core::result::Result::Ok(true),
                    "0" | "false" => ::core::result::Result::Ok(false),
                    _ => ::core::result::Result::Err("expected 1 or 0".to_owned()),
                }
            }

            fn to_query(&self) -> ::std::string::String {
                ::std::string::String::from(if *self { "1" } else { "0" })
            }
        }

        /// A list that travels as one value joins its items with commas (`explode: false`).
        impl<T: QueryValue> QueryValue for ::std::vec::Vec<T> {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                if value.is_empty() {
                    return ::core::result::Result::Ok(::std::vec::Vec::new());
                }
                value.split(',').map(T::from_query).collect()
            }

            fn to_query(&self) -> ::std::string::String {
                self.iter().map(T::to_query).collect::<::std::vec::Vec<_>>().join(",")
            }
        }

        /// Values of schemas the generator has no Rust type for travel as JSON text; a bare
        /// string travels as itself.
        impl QueryValue for ::serde_json::Value {
            fn from_query(value: &str) -> ::core::result::Result<Self, ::std::string::String> {
                ::core::result::Result::Ok(
                    ::serde_json::from_str(value)
                        .unwrap_or_else(|_| ::serde_json::Value::String(value.to_owned())),
                )
            }

            fn to_query(&self) -> ::std::string::String {
                match self {
                    ::serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                }
            }
        }

        /// Parses `value` into `slot`, recording a problem if it is invalid or the slot is
        /// already filled.
        pub fn parse_into<T: QueryValue>(
            slot: &mut ::core::option::Option<T>,
            parameter: &'static str,
            value: &str,
            sensitive: bool,
            errors: &mut ParamErrors,
        ) {
            if slot.is_some() {
                errors.push(ParamError::repeated(parameter));
                return;
            }
            match T::from_query(value) {
                ::core::result::Result::Ok(parsed) => *slot = ::core::option::Option::Some(parsed),
                ::core::result::Result::Err(rule) => {
                    errors.push(ParamError::invalid(parameter, value, sensitive, rule))
                }
            }
        }

        /// Parses one more item of a repeated (`explode`) parameter.
        pub fn parse_push<T: QueryValue>(
            list: &mut ::std::vec::Vec<T>,
            parameter: &'static str,
            value: &str,
            sensitive: bool,
            errors: &mut ParamErrors,
        ) {
            match T::from_query(value) {
                ::core::result::Result::Ok(parsed) => list.push(parsed),
                ::core::result::Result::Err(rule) => {
                    errors.push(ParamError::invalid(parameter, value, sensitive, rule))
                }
            }
        }

        /// Checks that a number lies within inclusive bounds.
        pub fn check_range(
            errors: &mut ParamErrors,
            parameter: &'static str,
            value: f64,
            min: ::core::option::Option<f64>,
            max: ::core::option::Option<f64>,
        ) {
            let text = value.to_string();
            if let ::core::option::Option::Some(min) = min.filter(|min| value < *min) {
                errors.push(ParamError::invalid(parameter, &text, false, ::std::format!("must be at least {min}")));
            }
            if let ::core::option::Option::Some(max) = max.filter(|max| value > *max) {
                errors.push(ParamError::invalid(parameter, &text, false, ::std::format!("must be at most {max}")));
            }
        }

        /// `application/x-www-form-urlencoded` text of the pairs, in order.
        pub fn encode_query<'a>(
            pairs: impl ::core::iter::IntoIterator<Item = (&'a str, ::std::string::String)>,
        ) -> ::std::string::String {
            let mut serializer = ::form_urlencoded::Serializer::new(::std::string::String::new());
            for (key, value) in pairs {
                serializer.append_pair(key, &value);
            }
            serializer.finish()
        }
    }
}

fn serde_glue() -> TokenStream {
    quote! {
        /// Deserializes a string enum through its `FromStr`, so that serde accepts exactly the
        /// values `FromStr` does and reports the same error.
        pub struct StrVisitor<T> {
            label: &'static str,
            marker: ::core::marker::PhantomData<fn() -> T>,
        }

        impl<T> StrVisitor<T> {
            /// A visitor for the enum used at `label`.
            pub fn new(label: &'static str) -> Self {
                StrVisitor { label, marker: ::core::marker::PhantomData }
            }
        }

        impl<T> ::serde::de::Visitor<'_> for StrVisitor<T>
        where
            T: ::core::str::FromStr,
            T::Err: ::core::fmt::Display,
        {
            type Value = T;

            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "a string value for `{}`", self.label)
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::core::result::Result<T, E> {
                value.parse().map_err(E::custom)
            }
        }

        /// Deserializes an integer enum from a JSON number or from text (query strings).
        pub struct IntegerVisitor<T> {
            label: &'static str,
            marker: ::core::marker::PhantomData<fn() -> T>,
        }

        impl<T> IntegerVisitor<T> {
            /// A visitor for the enum used at `label`.
            pub fn new(label: &'static str) -> Self {
                IntegerVisitor { label, marker: ::core::marker::PhantomData }
            }
        }

        impl<T> ::serde::de::Visitor<'_> for IntegerVisitor<T>
        where
            T: ::core::convert::TryFrom<i64, Error = InvalidEnumValue>
                + ::core::str::FromStr<Err = InvalidEnumValue>,
        {
            type Value = T;

            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "an integer value for `{}`", self.label)
            }

            fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::core::result::Result<T, E> {
                T::try_from(value).map_err(E::custom)
            }

            fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::core::result::Result<T, E> {
                match i64::try_from(value) {
                    ::core::result::Result::Ok(value) => self.visit_i64(value),
                    ::core::result::Result::Err(_) => {
                        ::core::result::Result::Err(E::custom(::std::format!("{value} is out of range for `{}`", self.label)))
                    }
                }
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::core::result::Result<T, E> {
                value.parse().map_err(E::custom)
            }
        }
    }
}

fn rules() -> TokenStream {
    quote! {
        /// A regular expression from the API description, compiled on first use; or, for a
        /// pattern the generator proved simple, checked without a regex.
        pub struct Pattern {
            source: &'static str,
            runs: ::core::option::Option<&'static [PatternRun]>,
            regex: ::std::sync::OnceLock<::core::option::Option<::regex_lite::Regex>>,
        }

        /// One step of a simple pattern: from `min` to `max` ASCII characters, each within
        /// one of `ranges`. `^[a-z][a-z0-9]{0,15}$` is two runs: one character `a` to `z`,
        /// then 0 to 15 of `a` to `z` or `0` to `9`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct PatternRun {
            /// Inclusive ranges of ASCII bytes.
            pub ranges: &'static [(u8, u8)],
            /// The fewest characters.
            pub min: usize,
            /// The most characters.
            pub max: usize,
        }

        impl Pattern {
            /// A pattern not compiled yet. (The generator checked that it compiles.)
            pub const fn new(source: &'static str) -> Self {
                Pattern { source, runs: ::core::option::Option::None, regex: ::std::sync::OnceLock::new() }
            }

            /// A pattern that matches exactly the values made of `runs` in sequence, checked
            /// without a regex. The generator uses it only for a pattern of the form `^`,
            /// character classes of ASCII ranges, `$`, where every class but the last has a
            /// fixed count, so that the two agree on every value.
            ///
            /// # Panics
            ///
            /// (At compile time, for a `static`.) If a run has `min` above `max`, or a run
            /// other than the last varies in length.
            pub const fn simple(source: &'static str, runs: &'static [PatternRun]) -> Self {
                let mut i = 0;
                while i < runs.len() {
                    assert!(runs[i].min <= runs[i].max, "a run's min is above its max");
                    assert!(
                        i + 1 == runs.len() || runs[i].min == runs[i].max,
                        "only the last run of a simple pattern may vary in length"
                    );
                    i += 1;
                }
                Pattern { source, runs: ::core::option::Option::Some(runs), regex: ::std::sync::OnceLock::new() }
            }

            /// The pattern as the API description writes it.
            pub fn source(&self) -> &'static str {
                self.source
            }

            /// Whether `value` matches (a pattern that fails to compile matches nothing).
            pub fn is_match(&self, value: &str) -> bool {
                if let ::core::option::Option::Some(runs) = self.runs {
                    return match_runs(runs, value.as_bytes());
                }
                self.regex
                    .get_or_init(|| ::regex_lite::Regex::new(self.source).ok())
                    .as_ref()
                    .is_some_and(|regex| regex.is_match(value))
            }
        }

        /// Whether `bytes` is `runs` in sequence and nothing else. Taking as many bytes as a
        /// run allows is exact because only the last run varies in length; a byte that is not
        /// ASCII is in no range.
        fn match_runs(runs: &[PatternRun], bytes: &[u8]) -> bool {
            let mut rest = bytes;
            for run in runs {
                let taken = rest
                    .iter()
                    .take(run.max)
                    .take_while(|byte| run.ranges.iter().any(|(low, high)| (*low..=*high).contains(*byte)))
                    .count();
                if taken < run.min {
                    return false;
                }
                rest = &rest[taken..];
            }
            rest.is_empty()
        }

        /// The `format`s the generated validators check; other formats are documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Format {
            /// `email`: an address `local@hostname`.
            Email,
            /// `hostname`: RFC 1123 labels of letters, digits and `-`, at most 253 characters.
            Hostname,
            /// `ipv4`: a dotted-quad IPv4 address.
            Ipv4,
            /// `ipv6`: an IPv6 address.
            Ipv6,
            /// `byte`: standard, padded base64.
            Byte,
        }

        /// One constraint of the API description on a string value.
        #[derive(Clone, Copy)]
        pub enum Rule<'a> {
            /// `minLength`, in characters.
            MinLength(usize),
            /// `maxLength`, in characters.
            MaxLength(usize),
            /// `pattern`.
            Pattern(&'a Pattern),
            /// `format`.
            Format(Format),
            /// `x-max-decoded-length`: base64 that decodes to at most this many characters.
            MaxDecodedLength(usize),
            /// `anyOf`: the value satisfies every rule of at least one branch.
            AnyOf(&'a [&'a [Rule<'a>]]),
        }

        static HOSTNAME: Pattern = Pattern::new(
            r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$",
        );
        static EMAIL_LOCAL_PART: Pattern = Pattern::new(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$");

        fn is_hostname(value: &str) -> bool {
            value.len() <= 253 && HOSTNAME.is_match(value)
        }

        fn decode_base64(value: &str) -> ::core::option::Option<::std::vec::Vec<u8>> {
            use ::base64::Engine as _;
            ::base64::engine::general_purpose::STANDARD.decode(value).ok()
        }

        impl Rule<'_> {
            /// Whether `value` satisfies the rule.
            pub fn allows(&self, value: &str) -> bool {
                match *self {
                    Rule::MinLength(min) => value.chars().count() >= min,
                    Rule::MaxLength(max) => value.chars().count() <= max,
                    Rule::Pattern(pattern) => pattern.is_match(value),
                    Rule::Format(Format::Email) => value
                        .rsplit_once('@')
                        .is_some_and(|(local, domain)| EMAIL_LOCAL_PART.is_match(local) && is_hostname(domain)),
                    Rule::Format(Format::Hostname) => is_hostname(value),
                    Rule::Format(Format::Ipv4) => value.parse::<::std::net::Ipv4Addr>().is_ok(),
                    Rule::Format(Format::Ipv6) => value.parse::<::std::net::Ipv6Addr>().is_ok(),
                    Rule::Format(Format::Byte) => decode_base64(value).is_some(),
                    Rule::MaxDecodedLength(max) => decode_base64(value).is_some_and(|bytes| {
                        match ::core::str::from_utf8(&bytes) {
                            ::core::result::Result::Ok(text) => text.chars().count() <= max,
                            ::core::result::Result::Err(_) => bytes.len() <= max,
                        }
                    }),
                    Rule::AnyOf(branches) => branches
                        .iter()
                        .any(|branch| branch.iter().all(|rule| rule.allows(value))),
                }
            }

            /// What the rule asks, after "must": `be at most 16 characters long`.
            pub fn describe(&self) -> ::std::string::String {
                match *self {
                    Rule::MinLength(min) => ::std::format!("be at least {min} characters long"),
                    Rule::MaxLength(max) => ::std::format!("be at most {max} characters long"),
                    Rule::Pattern(pattern) => ::std::format!("match the pattern `{}`", pattern.source()),
                    Rule::Format(Format::Email) => "be an email address".to_owned(),
                    Rule::Format(Format::Hostname) => "be a hostname".to_owned(),
                    Rule::Format(Format::Ipv4) => "be an IPv4 address".to_owned(),
                    Rule::Format(Format::Ipv6) => "be an IPv6 address".to_owned(),
                    Rule::Format(Format::Byte) => "be base64 (standard alphabet, padded)".to_owned(),
                    Rule::MaxDecodedLength(max) => ::std::format!("decode to at most {max} characters"),
                    Rule::AnyOf(branches) => {
                        let branches: ::std::vec::Vec<::std::string::String> = branches
                            .iter()
                            .map(|branch| {
                                branch.iter().map(Rule::describe).collect::<::std::vec::Vec<_>>().join(" and ")
                            })
                            .collect();
                        ::std::format!("either {}", branches.join(", or "))
                    }
                }
            }
        }

        /// Checks `value` against `rules` in order and records the first it breaks: later
        /// rules may be costlier (a length limit is checked before base64 is decoded).
        pub fn check_rules(
            errors: &mut ParamErrors,
            parameter: &'static str,
            value: &str,
            sensitive: bool,
            rules: &[Rule<'_>],
        ) {
            if let ::core::option::Option::Some(broken) = rules.iter().find(|rule| !rule.allows(value)) {
                errors.push(ParamError::invalid(
                    parameter,
                    value,
                    sensitive,
                    ::std::format!("must {}", broken.describe()),
                ));
            }
        }
    }
}
