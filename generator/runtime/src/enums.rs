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
        let mut text = if self.allowed.len() <= LISTED_VALUES {
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

mod hash;

/// Where a generated enum's values are in its `VALUES`: an order-preserving perfect hash of
/// the values, which the generator computes, so that `FromStr` finds a value with one hash, two
/// independent loads and one comparison, and each value is written once.
#[doc(hidden)]
#[derive(Debug)]
pub struct Lookup {
    /// The seed of the hash.
    pub seed: u64,
    /// Whether keys are hashed from their sample (`hash::sampled`), which tells this enum's
    /// values apart, or whole (`hash::hash`).
    pub sampled: bool,
    /// One number per vertex of the hash's graph: the numbers at a key's two vertices (see
    /// `hash::vertices`) add up to its position in `VALUES`, modulo their count.
    pub graph: &'static [u32],
}

impl Lookup {
    /// Where `value` is in `values`, the enum's `VALUES`.
    pub fn find(&self, values: &[&str], value: &str) -> Option<usize> {
        let at = self.position(value.as_bytes(), values.len())?;
        same(values[at].as_bytes(), value.as_bytes()).then_some(at)
    }

    /// Where `number` is in `values`, the `VALUES` of an integer enum (the generator hashes
    /// its integers' little-endian bytes).
    pub fn find_integer(&self, values: &[&str], number: i64) -> Option<usize> {
        let at = self.position(&number.to_le_bytes(), values.len())?;
        (integer(values[at]) == number).then_some(at)
    }

    /// The position `key` would have among `count` values, if it is one of them.
    #[inline]
    fn position(&self, key: &[u8], count: usize) -> Option<usize> {
        if self.graph.is_empty() {
            return None;
        }
        let hash = match self.sampled {
            true => hash::sampled(self.seed, key),
            false => hash::hash(self.seed, key),
        };
        let (one, other) = hash::vertices(hash, self.graph.len());
        let sum = self.graph[one] as usize + self.graph[other] as usize;
        // Both numbers are below `count`, so one subtraction is the remainder.
        Some(if sum >= count { sum - count } else { sum })
    }
}

/// Whether `key` is `stored`, compared eight bytes at a time inline, as a `match` on string
/// literals compiles to, rather than through a call of `memcmp`: a parse takes about ten
/// nanoseconds, and the call was a measurable part of them.
#[inline]
fn same(stored: &[u8], key: &[u8]) -> bool {
    let length = key.len();
    if stored.len() != length {
        return false;
    }
    let word = |bytes: &[u8], at: usize| {
        u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
    };
    let half = |bytes: &[u8], at: usize| {
        u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
    };
    if length >= 8 {
        let mut at = 0;
        while at + 8 < length {
            if word(stored, at) != word(key, at) {
                return false;
            }
            at += 8;
        }
        word(stored, length - 8) == word(key, length - 8)
    } else if length >= 4 {
        half(stored, 0) == half(key, 0) && half(stored, length - 4) == half(key, length - 4)
    } else {
        stored == key
    }
}

/// `__private::string_enum!` (exported at the root as `__string_enum!`): the trait impls of a
/// generated string enum, in which only its name, its label and whether it is open vary:
/// `WireEnum`, `Display`, `FromStr` (a closed enum refuses an unlisted value; an open one
/// keeps it in its other variant), `Serialize` and `Deserialize`. The enum has `ALL`,
/// `VALUES`, `LOOKUP` and, open, `as_str` and `listed` of its own (a closed enum's `as_str`
/// indexes `VALUES` by the variant's position, and this macro writes it).
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident $label:literal closed) => {
        $crate::__string_enum!(@common $name $label);

        impl $name {
            /// The exact string the API uses for this value.
            pub const fn as_str(&self) -> &'static str {
                Self::VALUES[*self as usize]
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::InvalidEnumValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match Self::LOOKUP.find(Self::VALUES, value) {
                    Some(at) => Ok(Self::ALL[at]),
                    None => Err($crate::InvalidEnumValue::of::<Self>(value)),
                }
            }
        }
    };
    ($name:ident $label:literal open $other:ident) => {
        $crate::__string_enum!(@common $name $label);

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match Self::LOOKUP.find(Self::VALUES, value) {
                    Some(at) => Ok(Self::listed(at)),
                    None => Ok(Self::$other(value.to_owned())),
                }
            }
        }
    };
    (@common $name:ident $label:literal) => {
        $crate::__wire_enum!($name $label, serialize_str(as_str), deserialize_str);

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// `__private::integer_enum!` (exported at the root as `__integer_enum!`): the trait impls of
/// a generated integer enum, in which only its name, its label and whether it is open vary:
/// `WireEnum`, `TryFrom<i64>` (a closed enum refuses an unlisted integer; an open one keeps
/// it in its other variant), `From<Self> for i64`, `Display`, `FromStr` (the integer's text),
/// `Serialize` and `Deserialize` (a number, or its text). The enum has `ALL`, `VALUES`,
/// `LOOKUP` and, open, `value()` of its own (a closed enum's indexes `VALUES` by the variant's
/// position, and this macro writes it).
#[doc(hidden)]
#[macro_export]
macro_rules! __integer_enum {
    ($name:ident $label:literal closed) => {
        $crate::__integer_enum!(@common $name $label, value =>
            Err($crate::InvalidEnumValue::of::<Self>(&value.to_string())));

        impl $name {
            /// The integer the API uses for this value.
            pub const fn value(&self) -> i64 {
                $crate::__private::enums::integer(Self::VALUES[*self as usize])
            }
        }
    };
    ($name:ident $label:literal open $other:ident) => {
        $crate::__integer_enum!(@common $name $label, value => Ok(Self::$other(value)));
    };
    // `unlisted`: what `try_from` gives for an integer `value` the enum does not list.
    (@common $name:ident $label:literal, $value:ident => $unlisted:expr) => {
        $crate::__wire_enum!($name $label, serialize_i64(value), deserialize_int);

        impl ::std::convert::TryFrom<i64> for $name {
            type Error = $crate::InvalidEnumValue;

            fn try_from($value: i64) -> ::std::result::Result<Self, Self::Error> {
                match Self::LOOKUP.find_integer(Self::VALUES, $value) {
                    Some(at) => Ok(Self::ALL[at]),
                    None => $unlisted,
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

/// The integer of an integer enum's value, from its text in `VALUES` (written by the
/// generator as `i64`'s `Display` writes it).
///
/// # Panics
///
/// If `text` is not a decimal `i64` (at compile time, where it is used in a constant).
#[doc(hidden)]
pub const fn integer(text: &str) -> i64 {
    match i64::from_str_radix(text, 10) {
        Ok(number) => number,
        Err(_) => panic!("an integer enum's VALUES are decimal integers"),
    }
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

    #[test]
    fn a_lookup_confirms_the_value_at_the_position_it_finds() {
        for sampled in [false, true] {
            let one = Lookup {
                seed: 0,
                sampled,
                graph: &[0, 0, 0],
            };
            assert_eq!(one.find(&["cpaneld"], "cpaneld"), Some(0));
            assert_eq!(one.find(&["cpaneld"], "cpanel"), None);
            assert_eq!(one.find_integer(&["-7"], -7), Some(0));
            assert_eq!(one.find_integer(&["-7"], 7), None);
        }
        let none = Lookup {
            seed: 0,
            sampled: true,
            graph: &[],
        };
        assert_eq!(none.find(&[], "cpaneld"), None);
    }

    #[test]
    fn same_agrees_with_equality_at_every_length_and_every_differing_byte() {
        for length in 0..40 {
            let stored: Vec<u8> = (0..length).map(|n: usize| b'a' + (n % 26) as u8).collect();
            assert!(same(&stored, &stored.clone()));
            assert!(!same(&stored, &stored[..length.saturating_sub(1)]) || length == 0);
            for at in 0..length {
                let mut key = stored.clone();
                key[at] = b'_';
                assert!(!same(&stored, &key), "length {length}, byte {at}");
            }
        }
    }

    /// One-value integer enums, closed and open, through `integer_enum!` as generated code
    /// calls it (a graph of zeros sends every key to the one position).
    mod integer_enum_macro {
        use super::super::{Lookup, integer};

        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Closed {
            Seven,
        }

        impl Closed {
            const ALL: &'static [Self] = &[Self::Seven];
            const VALUES: &'static [&'static str] = &["7"];
            const LOOKUP: Lookup = Lookup {
                seed: 0,
                sampled: true,
                graph: &[0, 0, 0],
            };
        }

        crate::__integer_enum!(Closed "closed" closed);

        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Open {
            Seven,
            Other(i64),
        }

        impl Open {
            const ALL: &'static [Self] = &[Self::Seven];
            const VALUES: &'static [&'static str] = &["7"];
            const LOOKUP: Lookup = Lookup {
                seed: 0,
                sampled: true,
                graph: &[0, 0, 0],
            };
            const fn value(&self) -> i64 {
                match self {
                    Self::Seven => integer(Self::VALUES[0]),
                    Self::Other(value) => *value,
                }
            }
        }

        crate::__integer_enum!(Open "open" open Other);

        #[test]
        fn a_closed_enum_refuses_an_unlisted_integer_and_an_open_one_keeps_it() {
            assert_eq!(Closed::try_from(7), Ok(Closed::Seven));
            let refused = Closed::try_from(8).unwrap_err();
            assert_eq!((refused.label(), refused.value()), ("closed", "8"));
            assert_eq!(Open::try_from(7), Ok(Open::Seven));
            assert_eq!(Open::try_from(8), Ok(Open::Other(8)));
        }

        #[test]
        fn text_display_and_serde_go_through_the_integer() {
            assert_eq!(" 7 ".parse::<Closed>(), Ok(Closed::Seven));
            assert_eq!("seven".parse::<Closed>().unwrap_err().label(), "closed");
            assert_eq!("8".parse::<Open>(), Ok(Open::Other(8)));
            assert_eq!(
                (Closed::Seven.to_string(), i64::from(Open::Other(8))),
                ("7".into(), 8)
            );
            assert_eq!(serde_json::to_string(&Open::Other(8)).unwrap(), "8");
            assert_eq!(serde_json::from_str::<Closed>("7").unwrap(), Closed::Seven);
            assert_eq!(
                serde_json::from_str::<Closed>("\"7\"").unwrap(),
                Closed::Seven
            );
            assert!(serde_json::from_str::<Closed>("8").is_err());
        }
    }

    #[test]
    fn integers_are_read_from_their_text() {
        const MIN: i64 = integer("-9223372036854775808");
        assert_eq!(MIN, i64::MIN);
        assert_eq!(integer("0"), 0);
        assert_eq!(integer("42"), 42);
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
