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
//! A generated struct states its table in one `object!` call, which writes
//! the `Deserialize`, `Serialize` and [`Object`] impls.
//!
//! The behaviour is serde's derive's, with two differences: an object is read from a map only,
//! never from a sequence of its fields' values, as JSON's objects are never arrays; and an open
//! object can keep the keys it does not name ([`Object::Rest`], a map) and write them back, as
//! serde's `flatten` would, without its buffering of every value.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

use read::{Absent, ObjectVisitor};
use write::{Count, MapWriter, Writer};

mod read;
mod table;
mod write;

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

    /// Where the keys that are not in [`Self::FIELDS`] go: `()` skips them, a map keeps them.
    type Rest: Rest;

    /// Nothing read yet.
    fn start() -> Self::Partial;

    /// Reads field number `field` (a place in [`Self::FIELDS`]) from `value`.
    fn read_field<'de, D: Deserializer<'de>>(
        partial: &mut Self::Partial,
        field: usize,
        value: D,
    ) -> Result<(), D::Error>;

    /// The struct from the fields read and the other keys kept: defaults for the fields
    /// absent, an error for an absent required one.
    fn finish<E: de::Error>(partial: Self::Partial, rest: Self::Rest) -> Result<Self, E>;

    /// Gives each field to `out`, in order, then the other keys kept: what [`serialize`]
    /// writes.
    fn write_fields<W: WriteFields>(&self, out: &mut W) -> Result<(), W::Error>;
}

/// The keys of an object that its struct does not name: skipped (`()`) or kept in a map.
pub trait Rest: Default {
    /// Whether keys are kept, so that the reader must have their text.
    const KEEPS: bool;

    /// Reads the value of the other key `key`.
    fn read<'de, D: Deserializer<'de>>(&mut self, key: String, value: D) -> Result<(), D::Error>;
}

impl Rest for () {
    const KEEPS: bool = false;

    fn read<'de, D: Deserializer<'de>>(&mut self, _: String, value: D) -> Result<(), D::Error> {
        de::IgnoredAny::deserialize(value).map(|_| ())
    }
}

impl<V: DeserializeOwned> Rest for BTreeMap<String, V> {
    const KEEPS: bool = true;

    fn read<'de, D: Deserializer<'de>>(&mut self, key: String, value: D) -> Result<(), D::Error> {
        let value = V::deserialize(value)?;
        if self.contains_key(&key) {
            return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
        }
        self.insert(key, value);
        Ok(())
    }
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

    /// The keys the struct does not name, kept when it was read: each written as it is.
    fn rest<V: Serialize>(&mut self, rest: &BTreeMap<String, V>) -> Result<(), Self::Error>;
}

/// What a field read into a slot is when it is absent, and how it is written: [`Required`],
/// [`Optional`], or the function that gives its default.
pub trait Presence<T: Serialize> {
    /// The field's value when the object did not give it.
    fn absent<E: de::Error>(&self, name: &'static str) -> Result<T, E>;

    /// Writes the field: always, but for an [`Optional`] one that is unset.
    fn write<W: WriteFields>(
        &self,
        out: &mut W,
        name: &'static str,
        value: &T,
    ) -> Result<(), W::Error> {
        out.field(name, value)
    }
}

/// A required field: absent, it is an error naming it, unless its type reads absence as a
/// value (an `Option` is then `None`), as serde's derive does.
pub struct Required;

/// An optional field (an `Option`): absent or `null`, it is `None`, and then it is not written.
pub struct Optional;

impl<T: DeserializeOwned + Serialize> Presence<T> for Required {
    fn absent<E: de::Error>(&self, name: &'static str) -> Result<T, E> {
        T::deserialize(Absent(name, PhantomData))
    }
}

impl<T: Serialize> Presence<Option<T>> for Optional {
    fn absent<E: de::Error>(&self, _: &'static str) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn write<W: WriteFields>(
        &self,
        out: &mut W,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), W::Error> {
        out.optional(name, value)
    }
}

/// A field with a default: the function gives its value when it is absent.
impl<T: Serialize, F: Fn() -> T> Presence<T> for F {
    fn absent<E: de::Error>(&self, _: &'static str) -> Result<T, E> {
        Ok(self())
    }
}

/// Reads an [`Object`]: a generated struct's `Deserialize::deserialize`.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor::<T>(PhantomData))
}

/// A field read into a slot: its value, or what its rule makes of its absence.
pub fn take<T: Serialize, R: Presence<T>, E: de::Error>(
    slot: Option<T>,
    rule: &R,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => rule.absent(name),
    }
}

/// Reads a field of a struct read in place (an `Option`: `null` leaves it unset).
pub fn set<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    slot: &mut T,
    value: D,
) -> Result<(), D::Error> {
    *slot = T::deserialize(value)?;
    Ok(())
}

/// Reads a field into its slot.
pub fn fill<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    slot: &mut Option<T>,
    value: D,
) -> Result<(), D::Error> {
    *slot = Some(T::deserialize(value)?);
    Ok(())
}

/// Writes an [`Object`]: a generated struct's `Serialize::serialize`. The fields are counted
/// first, as formats that write a map's length before it (CBOR, MessagePack) need the number
/// of fields written, not of fields declared. A struct is written as a struct, whose keys are
/// its fields' names; one that kept other keys, whose names are only known when it is written,
/// as a map.
pub fn serialize<T: Object, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut count = Count {
        fields: 0,
        rest: 0,
        error: PhantomData,
    };
    value.write_fields(&mut count)?;
    if count.rest > 0 {
        let mut writer = MapWriter(serializer.serialize_map(Some(count.fields + count.rest))?);
        value.write_fields(&mut writer)?;
        return writer.0.end();
    }
    let mut writer = Writer(serializer.serialize_struct(T::NAME, count.fields)?);
    value.write_fields(&mut writer)?;
    writer.0.end()
}

#[cfg(test)]
mod tests;
