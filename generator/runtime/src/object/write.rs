//! Writing a struct's fields: counted first, then written, as a struct or (with other keys
//! kept) as a map.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::Serialize;
use serde::ser::{self, SerializeMap, SerializeStruct};

use super::WriteFields;

/// Counts the fields that will be written, and the other keys kept.
pub(super) struct Count<E> {
    pub(super) fields: usize,
    pub(super) rest: usize,
    pub(super) error: PhantomData<E>,
}

impl<E> WriteFields for Count<E> {
    type Error = E;

    fn field<T: Serialize + ?Sized>(&mut self, _: &'static str, _: &T) -> Result<(), E> {
        self.fields += 1;
        Ok(())
    }

    fn optional<T: Serialize>(&mut self, _: &'static str, value: &Option<T>) -> Result<(), E> {
        self.fields += usize::from(value.is_some());
        Ok(())
    }

    fn rest<V: Serialize>(&mut self, rest: &BTreeMap<String, V>) -> Result<(), E> {
        self.rest += rest.len();
        Ok(())
    }
}

/// Writes the fields to a serializer's struct.
pub(super) struct Writer<S>(pub(super) S);

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

    /// Only reached with no other keys kept: [`super::serialize`] writes a map otherwise.
    fn rest<V: Serialize>(&mut self, rest: &BTreeMap<String, V>) -> Result<(), S::Error> {
        match rest.is_empty() {
            true => Ok(()),
            false => Err(ser::Error::custom(
                "other keys to write as a struct's fields",
            )),
        }
    }
}

/// Writes the fields and the other keys kept to a serializer's map.
pub(super) struct MapWriter<S>(pub(super) S);

impl<S: SerializeMap> WriteFields for MapWriter<S> {
    type Error = S::Error;

    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_entry(name, value)
    }

    fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(_) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    fn rest<V: Serialize>(&mut self, rest: &BTreeMap<String, V>) -> Result<(), S::Error> {
        rest.iter()
            .try_for_each(|(key, value)| self.0.serialize_entry(key, value))
    }
}
