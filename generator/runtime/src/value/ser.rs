//! A typed value -> [`Encoded`] text pieces, through serde.

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{Booleans, ValueError};
use crate::serializer::{refuse, scalar_methods};

/// A value as text pieces, before a style arranges them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoded {
    /// No value: an unset optional (`None`), or a unit.
    Absent,
    /// One value's text.
    Text(String),
    /// Raw bytes (`format: binary`).
    Bytes(Vec<u8>),
    /// The items of an array, in order.
    List(Vec<Encoded>),
    /// The properties of an object, in order.
    Map(Vec<(String, Encoded)>),
}

impl Encoded {
    /// The text of a scalar, or of bytes read as UTF-8; `None` for the rest.
    pub fn as_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Encoded::Text(text) => Some(text.as_str().into()),
            Encoded::Bytes(bytes) => Some(String::from_utf8_lossy(bytes)),
            _ => None,
        }
    }
}

/// `value` as text pieces; booleans are written as `booleans` says.
pub fn encode<T: Serialize + ?Sized>(value: &T, booleans: Booleans) -> Result<Encoded, ValueError> {
    value.serialize(ValueSerializer { booleans })
}

/// Serializes a value into [`Encoded`].
#[derive(Clone, Copy)]
pub struct ValueSerializer {
    booleans: Booleans,
}

fn text(value: impl ToString) -> Result<Encoded, ValueError> {
    Ok(Encoded::Text(value.to_string()))
}

fn finite(value: f64) -> Result<Encoded, ValueError> {
    if value.is_finite() {
        text(value)
    } else {
        Err(ValueError(format!(
            "{value} is not a number a request can carry"
        )))
    }
}

impl ser::Serializer for ValueSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    type SerializeSeq = ListSerializer;
    type SerializeTuple = ListSerializer;
    type SerializeTupleStruct = ListSerializer;
    type SerializeTupleVariant = ListSerializer;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = MapSerializer;

    /// Not human-readable: binary values give their bytes (see `Binary`).
    fn is_human_readable(&self) -> bool {
        false
    }

    scalar_methods!(value => text(value);
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_char: char, serialize_str: &str);

    fn serialize_bool(self, v: bool) -> Result<Encoded, ValueError> {
        text(self.booleans.text(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Encoded, ValueError> {
        finite(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Encoded, ValueError> {
        finite(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Encoded, ValueError> {
        Ok(Encoded::Bytes(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::Absent)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Encoded, ValueError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::Absent)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Encoded, ValueError> {
        Ok(Encoded::Absent)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Encoded, ValueError> {
        text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Encoded, ValueError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<Encoded, ValueError> {
        // Unions (`untagged`) travel as their content.
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<ListSerializer, ValueError> {
        Ok(ListSerializer {
            items: Vec::with_capacity(len.unwrap_or(0)),
            inner: self,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<ListSerializer, ValueError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<ListSerializer, ValueError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<ListSerializer, ValueError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapSerializer, ValueError> {
        Ok(MapSerializer {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
            inner: self,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapSerializer, ValueError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<MapSerializer, ValueError> {
        self.serialize_map(Some(len))
    }
}

/// Collects the items of an array.
pub struct ListSerializer {
    items: Vec<Encoded>,
    inner: ValueSerializer,
}

impl ListSerializer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        match value.serialize(self.inner)? {
            Encoded::Absent => {}
            item => self.items.push(item),
        }
        Ok(())
    }
}

impl ser::SerializeSeq for ListSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        self.push(value)
    }
    fn end(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::List(self.items))
    }
}

impl ser::SerializeTuple for ListSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        self.push(value)
    }
    fn end(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::List(self.items))
    }
}

impl ser::SerializeTupleStruct for ListSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        self.push(value)
    }
    fn end(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::List(self.items))
    }
}

impl ser::SerializeTupleVariant for ListSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        self.push(value)
    }
    fn end(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::List(self.items))
    }
}

/// Collects the properties of an object, in order; unset optional ones are left out.
pub struct MapSerializer {
    entries: Vec<(String, Encoded)>,
    key: Option<String>,
    inner: ValueSerializer,
}

impl MapSerializer {
    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), ValueError> {
        match value.serialize(self.inner)? {
            Encoded::Absent => {}
            value => self.entries.push((key, value)),
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ValueError> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ValueError("a map value came without its key".to_owned()))?;
        self.entry(key, value)
    }
    fn end(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::Map(self.entries))
    }
}

impl ser::SerializeStruct for MapSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        self.entry(key.to_owned(), value)
    }
    fn end(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::Map(self.entries))
    }
}

impl ser::SerializeStructVariant for MapSerializer {
    type Ok = Encoded;
    type Error = ValueError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        self.entry(key.to_owned(), value)
    }
    fn end(self) -> Result<Encoded, ValueError> {
        Ok(Encoded::Map(self.entries))
    }
}

/// Map keys: strings, or numbers and enums that print as one.
struct KeySerializer;

fn unsupported_key() -> ValueError {
    ValueError("a map key must be a string".to_owned())
}

impl ser::Serializer for KeySerializer {
    scalar_methods!(value => Ok(value.to_string());
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_char: char, serialize_str: &str);
    refuse!(unsupported_key(); serialize_bool serialize_f32 serialize_f64 serialize_bytes serialize_none serialize_unit serialize_unit_struct serialize_seq serialize_tuple serialize_tuple_struct serialize_tuple_variant serialize_map serialize_struct serialize_struct_variant);

    type Ok = String;
    type Error = ValueError;
    type SerializeSeq = Impossible<String, ValueError>;
    type SerializeTuple = Impossible<String, ValueError>;
    type SerializeTupleStruct = Impossible<String, ValueError>;
    type SerializeTupleVariant = Impossible<String, ValueError>;
    type SerializeMap = Impossible<String, ValueError>;
    type SerializeStruct = Impossible<String, ValueError>;
    type SerializeStructVariant = Impossible<String, ValueError>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, ValueError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, ValueError> {
        value.serialize(self)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, ValueError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<String, ValueError> {
        value.serialize(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Pet {
        name: String,
        age: Option<i64>,
        tags: Vec<&'static str>,
        vaccinated: bool,
    }

    #[test]
    fn values_become_text_pieces() {
        let pet = Pet {
            name: "Rex".into(),
            age: None,
            tags: vec!["a", "b"],
            vaccinated: true,
        };
        assert_eq!(
            encode(&pet, Booleans::Digits).unwrap(),
            Encoded::Map(vec![
                ("name".into(), Encoded::Text("Rex".into())),
                (
                    "tags".into(),
                    Encoded::List(vec![Encoded::Text("a".into()), Encoded::Text("b".into())])
                ),
                ("vaccinated".into(), Encoded::Text("1".into())),
            ])
        );
        assert_eq!(
            encode(&true, Booleans::Words).unwrap(),
            Encoded::Text("true".into())
        );
        assert_eq!(
            encode(&None::<u8>, Booleans::Words).unwrap(),
            Encoded::Absent
        );
        assert!(encode(&f64::NAN, Booleans::Words).is_err());
        assert_eq!(
            encode(&2.5f64, Booleans::Words).unwrap(),
            Encoded::Text("2.5".into())
        );
    }
}
