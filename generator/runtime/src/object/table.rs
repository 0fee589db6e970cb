//! `__private::object!` (exported at the root as `__object!`): a generated struct's table
//! of fields, made into its impls.

/// Implements `Deserialize`, `Serialize` and [`Object`](crate::object::Object) for a generated
/// struct from its table: a row per field, its number, name on the wire and Rust name.
///
/// A struct whose every field is an `Option` is read `in place`, starting from its `Default`.
/// Any other is read into `slots`, one `Option` per field, and each field also gives its type
/// and its [`Presence`](crate::object::Presence). A `closed` struct refuses keys its table does not name; an `open` one
/// skips them, or, with `rest FIELD: V` (the field a `BTreeMap<String, V>`), keeps them there
/// and writes them back after its fields.
///
/// ```
/// use openapi_runtime as rt;
///
/// #[derive(Debug, Default, PartialEq)]
/// pub struct Tag {
///     pub name: Option<String>,
/// }
///
/// rt::__private::object!(Tag open in place {
///     0 "name" name;
/// });
///
/// #[derive(Debug, PartialEq)]
/// pub struct Pet {
///     pub id: i64,
///     pub tag: Option<Tag>,
///     pub legs: i32,
/// }
///
/// impl Pet {
///     fn default_legs() -> i32 {
///         4
///     }
/// }
///
/// rt::__private::object!(Pet closed slots {
///     0 "id" id: i64 = rt::__private::object::Required;
///     1 "tag" tag: Option<Tag> = rt::__private::object::Optional;
///     2 "legs" legs: i32 = Pet::default_legs;
/// });
///
/// let pet: Pet = serde_json::from_str(r#"{"id": 1}"#).unwrap();
/// assert_eq!(pet, Pet { id: 1, tag: None, legs: 4 });
/// assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"id":1,"legs":4}"#);
/// assert!(serde_json::from_str::<Pet>(r#"{"id": 1, "name": "Rex"}"#).is_err());
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    ($name:ident $openness:ident in place $(rest $rest:ident: $rest_ty:ty)? {
        $($number:tt $wire:literal $field:ident;)*
    }) => {
        $crate::__object!(@serde $name);
        impl $crate::__private::object::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            const CLOSED: bool = $crate::__object!(@closed $openness);
            type Partial = Self;
            type Rest = $crate::__object!(@rest $($rest_ty)?);
            fn start() -> Self {
                <Self as Default>::default()
            }
            #[allow(unused_variables)]
            fn read_field<'de, D: $crate::__private::serde::Deserializer<'de>>(
                partial: &mut Self,
                field: usize,
                value: D,
            ) -> Result<(), D::Error> {
                match field {
                    $($number => $crate::__private::object::set(&mut partial.$field, value),)*
                    _ => Ok(()),
                }
            }
            #[allow(unused_mut, unused_variables)]
            fn finish<E: $crate::__private::serde::de::Error>(
                mut partial: Self,
                rest: Self::Rest,
            ) -> Result<Self, E> {
                $(partial.$rest = rest;)?
                Ok(partial)
            }
            #[allow(unused_variables)]
            fn write_fields<W: $crate::__private::object::WriteFields>(
                &self,
                out: &mut W,
            ) -> Result<(), W::Error> {
                $(out.optional($wire, &self.$field)?;)*
                $(out.rest(&self.$rest)?;)?
                Ok(())
            }
        }
    };
    ($name:ident $openness:ident slots $(rest $rest:ident: $rest_ty:ty)? {
        $($number:tt $wire:literal $field:ident: $ty:ty = $rule:expr;)*
    }) => {
        $crate::__object!(@serde $name);
        impl $crate::__private::object::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            const CLOSED: bool = $crate::__object!(@closed $openness);
            type Partial = ($(Option<$ty>,)*);
            type Rest = $crate::__object!(@rest $($rest_ty)?);
            fn start() -> Self::Partial {
                ($($crate::__object!(@none $number),)*)
            }
            fn read_field<'de, D: $crate::__private::serde::Deserializer<'de>>(
                partial: &mut Self::Partial,
                field: usize,
                value: D,
            ) -> Result<(), D::Error> {
                match field {
                    $($number => $crate::__private::object::fill(&mut partial.$number, value),)*
                    _ => Ok(()),
                }
            }
            #[allow(unused_variables)]
            fn finish<E: $crate::__private::serde::de::Error>(
                partial: Self::Partial,
                rest: Self::Rest,
            ) -> Result<Self, E> {
                Ok(Self {
                    $($field: $crate::__private::object::take(partial.$number, &$rule, $wire)?,)*
                    $($rest: rest,)?
                })
            }
            fn write_fields<W: $crate::__private::object::WriteFields>(
                &self,
                out: &mut W,
            ) -> Result<(), W::Error> {
                $($crate::__private::object::Presence::<$ty>::write(&$rule, out, $wire, &self.$field)?;)*
                $(out.rest(&self.$rest)?;)?
                Ok(())
            }
        }
    };
    (@serde $name:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::__private::object::deserialize(deserializer)
            }
        }
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                $crate::__private::object::serialize(self, serializer)
            }
        }
    };
    (@rest) => { () };
    (@rest $values:ty) => { ::std::collections::BTreeMap<String, $values> };
    (@closed closed) => { true };
    (@closed open) => { false };
    (@none $number:tt) => { None };
}
