//! Text pieces ([`Raw`]) -> a typed value, through serde: numbers and booleans are parsed
//! from their text when the type asks for one.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::{Booleans, ValueError};

/// A value as a request carried it, after a style took it apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw<'a> {
    /// One value's text.
    Text(Cow<'a, str>),
    /// Raw bytes (a file part of a multipart body).
    Bytes(Cow<'a, [u8]>),
    /// The items of an array.
    List(Vec<Raw<'a>>),
    /// The properties of an object.
    Map(Vec<(Cow<'a, str>, Raw<'a>)>),
}

impl Raw<'_> {
    /// The texts to check against a parameter's rules: the value's, or each item's.
    pub fn texts(&self) -> Vec<Cow<'_, str>> {
        let mut texts = Vec::new();
        self.find_text(&mut |text| {
            texts.push(Cow::Borrowed(text));
            None::<()>
        });
        texts
    }

    /// The first of [`Raw::texts`] for which `f` gives something, and what it gives, without
    /// collecting the texts (a server checks every parameter's texts this way).
    pub fn find_text<'s, T>(&'s self, f: &mut impl FnMut(&'s str) -> Option<T>) -> Option<T> {
        match self {
            Raw::Text(text) => f(text),
            Raw::Bytes(_) => None,
            Raw::List(items) => items.iter().find_map(|item| item.find_text(f)),
            Raw::Map(entries) => entries.iter().find_map(|(_, value)| value.find_text(f)),
        }
    }
}

/// Deserializes a typed value from a [`Raw`] value.
pub struct ValueDeserializer<'a> {
    raw: Raw<'a>,
    booleans: Booleans,
}

impl<'a> ValueDeserializer<'a> {
    /// A deserializer of `raw`, reading booleans as `booleans` says.
    pub fn new(raw: Raw<'a>, booleans: Booleans) -> Self {
        ValueDeserializer { raw, booleans }
    }

    fn text(&self) -> Result<&str, ValueError> {
        match &self.raw {
            Raw::Text(text) => Ok(text),
            Raw::Bytes(bytes) => std::str::from_utf8(bytes)
                .map_err(|_| ValueError("expected text, not binary data".to_owned())),
            Raw::List(_) => Err(ValueError("expected one value, not a list".to_owned())),
            Raw::Map(_) => Err(ValueError("expected one value, not an object".to_owned())),
        }
    }

    fn parse<T: std::str::FromStr>(&self, expected: &str) -> Result<T, ValueError> {
        self.text()?
            .trim()
            .parse()
            .map_err(|_| ValueError(format!("expected {expected}")))
    }
}

macro_rules! parse_number {
    ($($method:ident $visit:ident $ty:ty, $what:literal;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
                let number: $ty = self.parse($what)?;
                visitor.$visit(number)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'de> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.raw {
            Raw::Text(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Raw::Text(Cow::Owned(text)) => visitor.visit_string(text),
            Raw::Bytes(Cow::Borrowed(bytes)) => visitor.visit_borrowed_bytes(bytes),
            Raw::Bytes(Cow::Owned(bytes)) => visitor.visit_byte_buf(bytes),
            Raw::List(items) => visitor.visit_seq(ListAccess {
                items: items.into_iter(),
                booleans: self.booleans,
            }),
            Raw::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.into_iter(),
                value: None,
                booleans: self.booleans,
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        let text = self.text()?;
        match self.booleans.parse(text) {
            Some(value) => visitor.visit_bool(value),
            None => Err(ValueError(self.booleans.expected().to_owned())),
        }
    }

    parse_number! {
        deserialize_i8 visit_i8 i8, "an integer from -128 to 127";
        deserialize_i16 visit_i16 i16, "an integer from -32768 to 32767";
        deserialize_i32 visit_i32 i32, "an integer from -2147483648 to 2147483647";
        deserialize_i64 visit_i64 i64, "an integer from -9223372036854775808 to 9223372036854775807";
        deserialize_u8 visit_u8 u8, "an integer from 0 to 255";
        deserialize_u16 visit_u16 u16, "an integer from 0 to 65535";
        deserialize_u32 visit_u32 u32, "an integer from 0 to 4294967295";
        deserialize_u64 visit_u64 u64, "an integer from 0 to 18446744073709551615";
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.parse::<f64>("a number")? {
            number if number.is_finite() => visitor.visit_f64(number),
            _ => Err(ValueError("expected a finite number".to_owned())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        let items = match self.raw {
            Raw::List(items) => items,
            // One value where a list is expected is a list of one.
            one => vec![one],
        };
        visitor.visit_seq(ListAccess {
            items: items.into_iter(),
            booleans: self.booleans,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        let text = self.text()?.to_owned();
        visitor.visit_enum(text.into_deserializer())
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self.raw {
            Raw::Text(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            raw => {
                let text = ValueDeserializer::new(raw, self.booleans)
                    .text()?
                    .to_owned();
                visitor.visit_string(text)
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        self.deserialize_str(visitor)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit_struct tuple tuple_struct map struct identifier
        ignored_any
    }
}

struct ListAccess<'a> {
    items: std::vec::IntoIter<Raw<'a>>,
    booleans: Booleans,
}

impl<'de> de::SeqAccess<'de> for ListAccess<'de> {
    type Error = ValueError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ValueError> {
        self.items
            .next()
            .map(|raw| seed.deserialize(ValueDeserializer::new(raw, self.booleans)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAccess<'a> {
    entries: std::vec::IntoIter<(Cow<'a, str>, Raw<'a>)>,
    value: Option<Raw<'a>>,
    booleans: Booleans,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = ValueError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ValueError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(ValueDeserializer::new(Raw::Text(key), self.booleans))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ValueError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| ValueError("a value came without its key".to_owned()))?;
        seed.deserialize(ValueDeserializer::new(value, self.booleans))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn text(value: &str) -> Raw<'_> {
        Raw::Text(Cow::Borrowed(value))
    }

    fn read<'a, T: Deserialize<'a>>(raw: Raw<'a>) -> Result<T, ValueError> {
        T::deserialize(ValueDeserializer::new(raw, Booleans::Digits))
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Filter {
        limit: i32,
        tags: Vec<String>,
        deep: Option<bool>,
    }

    #[test]
    fn texts_become_typed_values() {
        assert_eq!(read::<i64>(text(" 42")).unwrap(), 42);
        assert!(read::<bool>(text("1")).unwrap());
        assert!(!read::<bool>(text("false")).unwrap());
        assert_eq!(read::<String>(text("bob")).unwrap(), "bob");
        assert_eq!(read::<Vec<u8>>(text("7")).unwrap(), vec![7]);
        let filter = Raw::Map(vec![
            ("limit".into(), text("10")),
            ("tags".into(), Raw::List(vec![text("a"), text("b")])),
        ]);
        assert_eq!(
            read::<Filter>(filter).unwrap(),
            Filter {
                limit: 10,
                tags: vec!["a".into(), "b".into()],
                deep: None
            }
        );
    }

    #[test]
    fn a_bad_text_says_what_was_expected() {
        assert_eq!(
            read::<i32>(text("x")).unwrap_err().0,
            "expected an integer from -2147483648 to 2147483647"
        );
        assert_eq!(read::<bool>(text("yes")).unwrap_err().0, "expected 1 or 0");
        assert_eq!(
            read::<f64>(text("inf")).unwrap_err().0,
            "expected a finite number"
        );
        assert!(read::<i64>(Raw::List(vec![])).is_err());
    }
}
