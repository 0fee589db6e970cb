//! What every generated enum shares: the error for a value it does not allow (naming where
//! the value was given and suggesting the nearest allowed one), and serde glue that accepts
//! exactly what `FromStr` accepts.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use crate::errors::shorten;

/// Enums with at most this many values list them all in their errors.
const LISTED_VALUES: usize = 10;

/// A generated enum: its values as the API writes them, for messages and tools.
pub trait WireEnum: Sized + 'static {
    /// The parameter or property the enum is defined at, for messages.
    const LABEL: &'static str;
    /// Every value the API description lists, as the API writes it, in its order.
    const VALUES: &'static [&'static str];
}

/// A value that is not one of an enum's allowed values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEnumValue {
    label: &'static str,
    value: String,
    allowed: &'static [&'static str],
}

impl InvalidEnumValue {
    /// The error for `value` of the enum `E`.
    pub fn of<E: WireEnum>(value: &str) -> Self {
        InvalidEnumValue {
            label: E::LABEL,
            value: shorten(value),
            allowed: E::VALUES,
        }
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

    /// The allowed value the offending one most likely meant: the same but for case and
    /// separators, or the nearest by edit distance.
    pub fn suggestion(&self) -> Option<&'static str> {
        fn folded(value: &str) -> String {
            value
                .chars()
                .filter(|c| !matches!(c, '-' | '_' | ' '))
                .flat_map(char::to_lowercase)
                .collect()
        }
        let wanted = folded(&self.value);
        if let Some(same) = self.allowed.iter().find(|a| folded(a) == wanted) {
            return Some(same);
        }
        let limit = (wanted.chars().count() / 3).max(1);
        self.allowed
            .iter()
            .map(|allowed| (edit_distance(&folded(allowed), &wanted), *allowed))
            .filter(|(distance, _)| *distance <= limit)
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, allowed)| allowed)
    }

    /// What was expected instead: the allowed values, or a sample of them, and a suggestion.
    pub fn expectation(&self) -> String {
        let quoted = |values: &[&str]| {
            values
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut text = if self.allowed.is_empty() {
            "the API description lists no value".to_owned()
        } else if self.allowed.len() <= LISTED_VALUES {
            format!("expected one of {}", quoted(self.allowed))
        } else {
            format!(
                "expected one of {} allowed values, such as {}",
                self.allowed.len(),
                quoted(&self.allowed[..3])
            )
        };
        if let Some(suggestion) = self.suggestion() {
            text.push_str(&format!("; did you mean {suggestion:?}?"));
        }
        text
    }
}

impl fmt::Display for InvalidEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid value {:?} for `{}`: {}",
            self.value,
            self.label,
            self.expectation()
        )
    }
}

impl std::error::Error for InvalidEnumValue {}

/// Levenshtein distance, on characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// `__private::string_enum!` (exported at the root as `__string_enum!`): all of a generated
/// string enum but its definition, from its name, its label, whether it is open (and its other
/// variant) and each variant with its wire value, the one place the generated code writes that
/// value: `ALL`, `VALUES`, `as_str`, `WireEnum`, `Display`, `FromStr` (a closed enum refuses an
/// unlisted value; an open one keeps it in its other variant), `Serialize` and `Deserialize`.
///
/// `FromStr` is a `match` on the values, which the compiler turns into a decision tree over
/// the length and the bytes; every method binds a value to its variant by name.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident $label:literal closed { $($variant:ident = $wire:literal),* $(,)? }) => {
        $crate::__string_enum!(@common $name $label { $($variant = $wire),* });

        impl $name {
            /// The exact string the API uses for this value.
            pub const fn as_str(&self) -> &'static str {
                match *self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::InvalidEnumValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    $($wire => Ok(Self::$variant),)*
                    _ => Err($crate::InvalidEnumValue::of::<Self>(value)),
                }
            }
        }
    };
    ($name:ident $label:literal open $other:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        $crate::__string_enum!(@common $name $label { $($variant = $wire),* });

        impl $name {
            /// The exact string the API uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(match value {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value.to_owned()),
                })
            }
        }
    };
    (@common $name:ident $label:literal { $($variant:ident = $wire:literal),* }) => {
        impl $name {
            /// Every value the API description lists, in its order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];
            /// The values of [`Self::ALL`] as the API writes them, in the same order.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];
        }

        $crate::__wire_enum!($name $label, serialize_str(as_str), deserialize_str);

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// `__private::integer_enum!` (exported at the root as `__integer_enum!`): all of a generated
/// integer enum but its definition, from its name, its label, whether it is open (and its other
/// variant) and each variant with its integer: `ALL`, `VALUES` (the integers' text),
/// `value()`, `WireEnum`, `TryFrom<i64>` (a closed enum refuses an unlisted integer; an open
/// one keeps it in its other variant), `From<Self> for i64`, `Display`, `FromStr` (the
/// integer's text), `Serialize` and `Deserialize` (a number, or its text).
#[doc(hidden)]
#[macro_export]
macro_rules! __integer_enum {
    ($name:ident $label:literal closed { $($variant:ident = $value:literal),* $(,)? }) => {
        $crate::__integer_enum!(@common $name $label { $($variant = $value),* }, value =>
            Err($crate::InvalidEnumValue::of::<Self>(&value.to_string())));

        impl $name {
            /// The integer the API uses for this value.
            pub const fn value(&self) -> i64 {
                match *self {
                    $(Self::$variant => $value,)*
                }
            }
        }
    };
    ($name:ident $label:literal open $other:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        $crate::__integer_enum!(@common $name $label { $($variant = $value),* }, value =>
            Ok(Self::$other(value)));

        impl $name {
            /// The integer the API uses for this value.
            pub const fn value(&self) -> i64 {
                match *self {
                    $(Self::$variant => $value,)*
                    Self::$other(value) => value,
                }
            }
        }
    };
    // `unlisted`: what `try_from` gives for an integer `value` the enum does not list.
    (@common $name:ident $label:literal { $($variant:ident = $number:literal),* },
        $value:ident => $unlisted:expr) => {
        impl $name {
            /// Every value the API description lists, in its order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];
            /// The values of [`Self::ALL`] as the API writes them (in decimal), in the same
            /// order.
            pub const VALUES: &'static [&'static str] = &[$(stringify!($number)),*];
        }

        $crate::__wire_enum!($name $label, serialize_i64(value), deserialize_int);

        impl ::std::convert::TryFrom<i64> for $name {
            type Error = $crate::InvalidEnumValue;

            fn try_from($value: i64) -> ::std::result::Result<Self, Self::Error> {
                match $value {
                    $($number => Ok(Self::$variant),)*
                    _ => $unlisted,
                }
            }
        }

        impl ::std::convert::From<$name> for i64 {
            fn from(value: $name) -> i64 {
                value.value()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::InvalidEnumValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value.trim().parse::<i64>() {
                    Ok(number) => <Self as ::std::convert::TryFrom<i64>>::try_from(number),
                    Err(_) => Err($crate::InvalidEnumValue::of::<Self>(value)),
                }
            }
        }
    };
}

/// What `string_enum!` and `integer_enum!` share: `WireEnum`, and serde through the value's
/// wire form: `serialize` of what the enum's method `wire` gives, and the runtime's
/// `deserialize` (which accepts exactly what `FromStr` does).
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum {
    ($name:ident $label:literal, $serialize:ident($wire:ident), $deserialize:ident) => {
        impl $crate::WireEnum for $name {
            const LABEL: &'static str = $label;
            const VALUES: &'static [&'static str] = $name::VALUES;
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.$serialize(self.$wire())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::enums::$deserialize(deserializer)
            }
        }
    };
}

/// Deserializes a string enum through its `FromStr`, so that serde accepts exactly the values
/// `FromStr` does; the error says what was expected (the value is quoted by the caller's
/// context, such as a parameter error or a JSON path).
pub fn deserialize_str<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: WireEnum + FromStr,
    T::Err: Into<InvalidEnumValue>,
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_str(EnumVisitor::<T>(PhantomData))
}

/// Deserializes an integer enum from a number, or from its text (as query strings carry it).
pub fn deserialize_int<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: WireEnum + FromStr + TryFrom<i64>,
    <T as FromStr>::Err: Into<InvalidEnumValue>,
    <T as TryFrom<i64>>::Error: Into<InvalidEnumValue>,
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_any(EnumVisitor::<T>(PhantomData))
}

struct EnumVisitor<T>(PhantomData<fn() -> T>);

impl<T> serde::de::Visitor<'_> for EnumVisitor<T>
where
    T: WireEnum + FromStr,
    T::Err: Into<InvalidEnumValue>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a value of `{}`", T::LABEL)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        value
            .parse()
            .map_err(|error: T::Err| E::custom(error.into().expectation()))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
        self.visit_str(&value.to_string())
    }
}

/// `FromStr` of an open enum never fails: the error type of its parse.
impl From<std::convert::Infallible> for InvalidEnumValue {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Service(&'static str);

    impl WireEnum for Service {
        const LABEL: &'static str = "service";
        const VALUES: &'static [&'static str] = &["cpaneld", "whostmgrd", "webmaild"];
    }

    impl FromStr for Service {
        type Err = InvalidEnumValue;
        fn from_str(value: &str) -> Result<Self, Self::Err> {
            Self::VALUES
                .iter()
                .find(|v| **v == value)
                .map(|v| Service(v))
                .ok_or_else(|| InvalidEnumValue::of::<Self>(value))
        }
    }

    #[test]
    fn suggests_the_nearest_value() {
        let err = "whostmgr".parse::<Service>().unwrap_err();
        assert_eq!(err.suggestion(), Some("whostmgrd"));
        assert_eq!(
            err.to_string(),
            "invalid value \"whostmgr\" for `service`: expected one of \"cpaneld\", \
             \"whostmgrd\", \"webmaild\"; did you mean \"whostmgrd\"?"
        );
        assert_eq!(
            "WEBMAILD".parse::<Service>().unwrap_err().suggestion(),
            Some("webmaild")
        );
        assert_eq!("zzzzzz".parse::<Service>().unwrap_err().suggestion(), None);
    }

    #[test]
    fn serde_accepts_exactly_what_from_str_does() {
        struct Wrapper(Service);
        impl<'de> serde::Deserialize<'de> for Wrapper {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_str(d).map(Wrapper)
            }
        }
        assert_eq!(
            serde_json::from_str::<Wrapper>("\"cpaneld\"").unwrap().0,
            Service("cpaneld")
        );
        let err = serde_json::from_str::<Wrapper>("\"cpanel\"").err().unwrap();
        assert!(
            err.to_string().contains("did you mean \"cpaneld\""),
            "{err}"
        );
    }

    /// Enums of no, one and three values, closed and open, through the macros as generated
    /// code calls them.
    mod macros {
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Closed {
            Seven,
        }

        crate::__integer_enum!(Closed "closed" closed { Seven = 7 });

        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Open {
            Seven,
            Least,
            Other(i64),
        }

        crate::__integer_enum!(Open "open" open Other {
            Seven = 7,
            Least = -9223372036854775808,
        });

        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Mode {
            Read,
            Write,
            Quoted,
        }

        crate::__string_enum!(Mode "mode" closed {
            Write = "write",
            Read = "read",
            Quoted = "say \"hi\"",
        });

        #[derive(Debug, Clone, PartialEq)]
        enum Tag {
            One,
            Other(String),
        }

        crate::__string_enum!(Tag "tag" open Other { One = "one" });

        /// Enums that list no value: a closed one has none, an open one holds any.
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Nothing {}

        crate::__string_enum!(Nothing "nothing" closed {});

        #[derive(Debug, Clone, PartialEq)]
        enum Anything {
            Other(String),
        }

        crate::__string_enum!(Anything "anything" open Other {});

        #[derive(Debug, Clone, Copy, PartialEq)]
        enum AnyNumber {
            Other(i64),
        }

        crate::__integer_enum!(AnyNumber "any number" open Other {});

        #[test]
        fn an_enum_may_list_no_value() {
            assert!(Nothing::ALL.is_empty() && Nothing::VALUES.is_empty());
            let refused = "x".parse::<Nothing>().unwrap_err();
            assert_eq!(refused.expectation(), "the API description lists no value");
            assert_eq!("x".parse::<Anything>(), Ok(Anything::Other("x".into())));
            assert_eq!(Anything::Other("x".into()).as_str(), "x");
            assert!(Anything::ALL.is_empty());
            assert_eq!(AnyNumber::try_from(4), Ok(AnyNumber::Other(4)));
            assert_eq!(
                (AnyNumber::Other(4).value(), AnyNumber::VALUES.len()),
                (4, 0)
            );
            assert!(AnyNumber::ALL.is_empty());
        }

        #[test]
        fn a_closed_enum_refuses_an_unlisted_integer_and_an_open_one_keeps_it() {
            assert_eq!(Closed::try_from(7), Ok(Closed::Seven));
            let refused = Closed::try_from(8).unwrap_err();
            assert_eq!((refused.label(), refused.value()), ("closed", "8"));
            assert_eq!(Open::try_from(7), Ok(Open::Seven));
            assert_eq!(Open::try_from(i64::MIN), Ok(Open::Least));
            assert_eq!(Open::try_from(8), Ok(Open::Other(8)));
            assert_eq!(Open::VALUES, ["7", "-9223372036854775808"]);
            assert_eq!(Open::ALL, [Open::Seven, Open::Least]);
        }

        #[test]
        fn text_display_and_serde_go_through_the_integer() {
            assert_eq!(Closed::ALL, [Closed::Seven]);
            assert_eq!(" 7 ".parse::<Closed>(), Ok(Closed::Seven));
            assert_eq!("seven".parse::<Closed>().unwrap_err().label(), "closed");
            assert_eq!("8".parse::<Open>(), Ok(Open::Other(8)));
            assert_eq!(
                (Closed::Seven.to_string(), i64::from(Open::Other(8))),
                ("7".into(), 8)
            );
            assert_eq!(Open::Least.value(), i64::MIN);
            assert_eq!(serde_json::to_string(&Open::Other(8)).unwrap(), "8");
            assert_eq!(serde_json::from_str::<Closed>("7").unwrap(), Closed::Seven);
            assert_eq!(
                serde_json::from_str::<Closed>("\"7\"").unwrap(),
                Closed::Seven
            );
            assert!(serde_json::from_str::<Closed>("8").is_err());
        }

        /// Each variant is bound to its value by name: the list may name the variants in
        /// another order than the definition, and `ALL` and `VALUES` follow the list.
        #[test]
        fn string_values_bind_to_their_variants_by_name() {
            for (mode, wire) in [
                (Mode::Read, "read"),
                (Mode::Write, "write"),
                (Mode::Quoted, "say \"hi\""),
            ] {
                assert_eq!(mode.as_str(), wire);
                assert_eq!(wire.parse::<Mode>(), Ok(mode));
                assert_eq!(mode.to_string(), wire);
            }
            assert_eq!(Mode::ALL, [Mode::Write, Mode::Read, Mode::Quoted]);
            assert_eq!(Mode::VALUES, ["write", "read", "say \"hi\""]);
            let refused = "reed".parse::<Mode>().unwrap_err();
            assert_eq!(refused.suggestion(), Some("read"));
            assert_eq!((Tag::ALL, Tag::VALUES), (&[Tag::One][..], &["one"][..]));
            assert_eq!("one".parse::<Tag>(), Ok(Tag::One));
            assert_eq!("two".parse::<Tag>(), Ok(Tag::Other("two".into())));
            assert_eq!(Tag::Other("two".into()).as_str(), "two");
            assert_eq!(serde_json::to_string(&Tag::One).unwrap(), "\"one\"");
        }
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
