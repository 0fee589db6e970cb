//! Reading a struct from a map: the loop over its keys, each key to a field number, and the
//! value of an absent field.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::{Object, Rest};

/// Reads a map into the [`Object`] `T`, key by key.
pub(super) struct ObjectVisitor<T>(pub(super) PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut partial = T::start();
        let mut rest = T::Rest::default();
        let mut seen = Seen::new(T::FIELDS.len());
        let key = Key {
            fields: T::FIELDS,
            closed: T::CLOSED,
            keep: T::Rest::KEEPS,
        };
        while let Some(field) = map.next_key_seed(key)? {
            let field = match field {
                Named::Field(field) => field,
                Named::Other(other) => {
                    map.next_value_seed(Other {
                        rest: &mut rest,
                        key: other,
                    })?;
                    continue;
                }
                Named::Skipped => {
                    map.next_value::<de::IgnoredAny>()?;
                    continue;
                }
            };
            if seen.insert(field) {
                return Err(de::Error::duplicate_field(T::FIELDS[field]));
            }
            map.next_value_seed(Field::<T> {
                partial: &mut partial,
                field,
            })?;
        }
        T::finish(partial, rest)
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

/// What a key names.
enum Named {
    /// The field of this number.
    Field(usize),
    /// No field: a key the object keeps.
    Other(String),
    /// No field: a key the object skips.
    Skipped,
}

/// A key: the number of the field it names, or another key kept or skipped.
#[derive(Clone, Copy)]
struct Key {
    fields: &'static [&'static str],
    closed: bool,
    /// Other keys are kept (their text is then needed).
    keep: bool,
}

impl Key {
    fn other<E: de::Error>(self, key: impl FnOnce() -> String) -> Result<Named, E> {
        match self.keep {
            true => Ok(Named::Other(key())),
            false => Ok(Named::Skipped),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Named;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Named;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Named, E> {
        match self.fields.iter().position(|name| *name == key) {
            Some(field) => Ok(Named::Field(field)),
            None if self.closed => Err(E::unknown_field(key, self.fields)),
            None => self.other(|| key.to_owned()),
        }
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Named, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) if self.closed || self.keep => {
                Err(E::invalid_value(de::Unexpected::Bytes(key), &self))
            }
            Err(_) => Ok(Named::Skipped),
        }
    }

    /// Formats that number fields rather than name them.
    fn visit_u64<E: de::Error>(self, field: u64) -> Result<Named, E> {
        match usize::try_from(field) {
            Ok(field) if field < self.fields.len() => Ok(Named::Field(field)),
            _ if self.closed => Err(E::invalid_value(de::Unexpected::Unsigned(field), &self)),
            _ => self.other(|| field.to_string()),
        }
    }
}

/// The value of a key the object keeps, read into its [`Rest`].
struct Other<'a, R> {
    rest: &'a mut R,
    key: String,
}

impl<'de, R: Rest> DeserializeSeed<'de> for Other<'_, R> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.rest.read(self.key, deserializer)
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
pub(super) struct Absent<E>(pub(super) &'static str, pub(super) PhantomData<E>);

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
