//! Writing a struct's fields: counted first, then written.

use std::marker::PhantomData;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::WriteFields;

/// Counts the fields that will be written.
pub(super) struct Count<E>(pub(super) usize, pub(super) PhantomData<E>);

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
}
