//! Generated structs read and written field by field.
//!
//! serde's derive writes, for every struct, a field enum with a visitor of its own, a map
//! reader, a sequence reader and a check of each field; in a description of hundreds of
//! schemas that is most of the code the compiler checks. Here that machinery is written once:
//! a generated struct gives its fields' wire names, a `match` from a field's number to the
//! field, how the fields read make the struct, and its fields in order for writing
//! ([`Object`]). The loop over the keys, the refusal of a repeated or (for a closed object)
//! unknown key, the rule for an absent field and the skipping of unset optional fields are
//! here.
//!
//! The behaviour is serde's derive's, with one difference: an object is read from a map only,
//! never from a sequence of its fields' values, as JSON's objects are never arrays.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// A struct read field by field: what a generated struct tells [`deserialize`].
pub trait Object: Sized {
    /// The struct's name, for messages.
    const NAME: &'static str;
    /// Each field's name on the wire; a field's number is its place here.
    const FIELDS: &'static [&'static str];
    /// Whether a key that is not in [`Self::FIELDS`] is refused (the description's
    /// `additionalProperties: false`) rather than skipped.
    const CLOSED: bool = false;
    /// The fields read so far: the struct itself when every field may be absent, else a slot
    /// per field.
    type Partial;

    /// Nothing read yet.
    fn start() -> Self::Partial;

    /// Reads field number `field` (a place in [`Self::FIELDS`]) from `value`.
    fn read_field<'de, D: Deserializer<'de>>(
        partial: &mut Self::Partial,
        field: usize,
        value: D,
    ) -> Result<(), D::Error>;

    /// The struct from the fields read: defaults for those absent, an error for an absent
    /// required one.
    fn finish<E: de::Error>(partial: Self::Partial) -> Result<Self, E>;

    /// Gives each field to `out`, in order: what [`serialize`] writes.
    fn write_fields<W: WriteFields>(&self, out: &mut W) -> Result<(), W::Error>;
}

/// Where [`Object::write_fields`] gives a struct's fields.
pub trait WriteFields {
    type Error;

    /// A field that is always written.
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error>;

    /// An optional field: written when it is set, skipped when it is not.
    fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), Self::Error>;
}

/// Reads an [`Object`]: a generated struct's `Deserialize::deserialize`.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor::<T>(PhantomData))
}

/// Reads an optional field (its slot is an `Option`, and `null` leaves it unset).
pub fn set<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    slot: &mut T,
    value: D,
) -> Result<(), D::Error> {
    *slot = T::deserialize(value)?;
    Ok(())
}

/// Reads a required field, or one with a default, into its slot.
pub fn fill<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    slot: &mut Option<T>,
    value: D,
) -> Result<(), D::Error> {
    *slot = Some(T::deserialize(value)?);
    Ok(())
}

/// A required field's value: an error naming it when it was absent, unless its type reads
/// absence as a value (a nullable field, an `Option`, is then `None`), as serde's derive does.
pub fn required<T: DeserializeOwned, E: de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Absent(name, PhantomData)),
    }
}

/// Writes an [`Object`]: a generated struct's `Serialize::serialize`. The fields are counted
/// first, as formats that write a map's length before it (CBOR, MessagePack) need the number
/// of fields written, not of fields declared.
pub fn serialize<T: Object, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut count = Count(0, PhantomData);
    value.write_fields(&mut count)?;
    let mut writer = Writer(serializer.serialize_struct(T::NAME, count.0)?);
    value.write_fields(&mut writer)?;
    writer.0.end()
}

/// Counts the fields that will be written.
struct Count<E>(usize, PhantomData<E>);

impl<E> WriteFields for Count<E> {
    type Error = E;

    fn field<T: Serialize + ?Sized>(&mut self, _: &'static str, _: &T) -> Result<(), E> {
        self.0 += 1;
        Ok(())
    }

    fn optional<T: Serialize>(&mut self, _: &'static str, value: &Option<T>) -> Result<(), E> {
        self.0 += usize::from(value.is_some());
        Ok(())
    }
}

/// Writes the fields to a serializer's struct.
struct Writer<S>(S);

impl<S: SerializeStruct> WriteFields for Writer<S> {
    type Error = S::Error;

    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(name, value)
    }

    /// As serde's `skip_serializing_if = "Option::is_none"`: the `Option` itself is written
    /// when it is set, as formats that mark a present value (`serialize_some`) expect.
    fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        if value.is_some() {
            self.0.serialize_field(name, value)
        } else {
            self.0.skip_field(name)
        }
    }
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut partial = T::start();
        let mut seen = Seen::new(T::FIELDS.len());
        let key = Key {
            fields: T::FIELDS,
            closed: T::CLOSED,
        };
        while let Some(field) = map.next_key_seed(key)? {
            let Some(field) = field else {
                map.next_value::<de::IgnoredAny>()?;
                continue;
            };
            if seen.insert(field) {
                return Err(de::Error::duplicate_field(T::FIELDS[field]));
            }
            map.next_value_seed(Field::<T> {
                partial: &mut partial,
                field,
            })?;
        }
        T::finish(partial)
    }
}

/// The fields read so far, to refuse a key given twice.
enum Seen {
    Few(u128),
    Many(Vec<bool>),
}

impl Seen {
    fn new(fields: usize) -> Self {
        if fields <= 128 {
            Seen::Few(0)
        } else {
            Seen::Many(vec![false; fields])
        }
    }

    /// Marks `field` read; whether it was already.
    fn insert(&mut self, field: usize) -> bool {
        match self {
            Seen::Few(bits) => {
                let bit = 1u128 << field;
                let was = *bits & bit != 0;
                *bits |= bit;
                was
            }
            Seen::Many(flags) => std::mem::replace(&mut flags[field], true),
        }
    }
}

/// A key: the number of the field it names, `None` for one to skip.
#[derive(Clone, Copy)]
struct Key {
    fields: &'static [&'static str],
    closed: bool,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        match self.fields.iter().position(|name| *name == key) {
            Some(field) => Ok(Some(field)),
            None if self.closed => Err(E::unknown_field(key, self.fields)),
            None => Ok(None),
        }
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) if self.closed => Err(E::invalid_value(de::Unexpected::Bytes(key), &self)),
            Err(_) => Ok(None),
        }
    }

    /// Formats that number fields rather than name them.
    fn visit_u64<E: de::Error>(self, field: u64) -> Result<Option<usize>, E> {
        match usize::try_from(field) {
            Ok(field) if field < self.fields.len() => Ok(Some(field)),
            _ if self.closed => Err(E::invalid_value(de::Unexpected::Unsigned(field), &self)),
            _ => Ok(None),
        }
    }
}

/// A field's value, read into the partial struct.
struct Field<'a, T: Object> {
    partial: &'a mut T::Partial,
    field: usize,
}

impl<'de, T: Object> DeserializeSeed<'de> for Field<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::read_field(self.partial, self.field, deserializer)
    }
}

/// The value of an absent field: `None` for an `Option`, else an error that names the field.
struct Absent<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Absent<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

#[cfg(test)]
#[path = "object_tests.rs"]
mod tests;
