//! The plumbing of `serde::Serializer`s that take some shapes of value only: their other
//! `serialize_*` methods, written once here rather than in each serializer (of a parameter
//! struct, of a map key, of an answer by status).

/// `serialize_*` methods of one scalar argument, each `fn $method(self, $value: $ty)` with
/// the body `$body`.
macro_rules! scalar_methods {
    ($value:ident => $body:expr; $($method:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method(self, $value: $ty) -> Result<Self::Ok, Self::Error> {
                $body
            }
        )*
    };
}

/// `serialize_*` methods that refuse their value with `$error`: those named, where `scalars`
/// stands for the fourteen of one scalar argument (`bool` ... `char`, `str`, `bytes`).
macro_rules! refuse {
    ($error:expr; $($method:ident)*) => {
        $($crate::serializer::refuse!(@ $method $error);)*
    };
    (@ scalars $error:expr) => {
        $crate::serializer::scalar_methods!(_value => Err($error);
            serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
            serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
            serialize_str: &str, serialize_bytes: &[u8]);
    };
    (@ serialize_bool $error:expr) => {
        $crate::serializer::scalar_methods!(_value => Err($error); serialize_bool: bool);
    };
    (@ serialize_f32 $error:expr) => {
        $crate::serializer::scalar_methods!(_value => Err($error); serialize_f32: f32);
    };
    (@ serialize_f64 $error:expr) => {
        $crate::serializer::scalar_methods!(_value => Err($error); serialize_f64: f64);
    };
    (@ serialize_bytes $error:expr) => {
        $crate::serializer::scalar_methods!(_value => Err($error); serialize_bytes: &[u8]);
    };
    (@ serialize_none $error:expr) => {
        fn serialize_none(self) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_some $error:expr) => {
        fn serialize_some<T: serde::Serialize + ?Sized>(
            self,
            _: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_unit $error:expr) => {
        fn serialize_unit(self) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_unit_struct $error:expr) => {
        fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_unit_variant $error:expr) => {
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_newtype_struct $error:expr) => {
        fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_newtype_variant $error:expr) => {
        fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_seq $error:expr) => {
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_tuple $error:expr) => {
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_tuple_struct $error:expr) => {
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_tuple_variant $error:expr) => {
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_map $error:expr) => {
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_struct $error:expr) => {
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Self::Error> {
            Err($error)
        }
    };
    (@ serialize_struct_variant $error:expr) => {
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Self::Error> {
            Err($error)
        }
    };
}

pub(crate) use {refuse, scalar_methods};
