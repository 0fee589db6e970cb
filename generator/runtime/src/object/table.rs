//! [`object!`](crate::object!): a generated struct's table of fields, made into its impls.

/// Implements `Deserialize`, `Serialize` and [`Object`](crate::object::Object) for a generated
/// struct from its table: a row per field, its number, name on the wire and Rust name.
///
/// A struct whose every field is an `Option` is read `in place`, starting from its `Default`.
/// Any other is read into `slots`, one `Option` per field, and each field also gives its type
/// and its [`Presence`](crate::object::Presence). A `closed` struct refuses keys its table does not name; an `open` one
/// skips them.
///
/// ```
/// use openapi_runtime as rt;
///
/// #[derive(Debug, Default, PartialEq)]
/// pub struct Tag {
///     pub name: Option<String>,
/// }
///
/// rt::object!(Tag open in place {
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
/// rt::object!(Pet closed slots {
///     0 "id" id: i64 = rt::object::Required;
///     1 "tag" tag: Option<Tag> = rt::object::Optional;
///     2 "legs" legs: i32 = Pet::default_legs;
/// });
///
/// let pet: Pet = serde_json::from_str(r#"{"id": 1}"#).unwrap();
/// assert_eq!(pet, Pet { id: 1, tag: None, legs: 4 });
/// assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"id":1,"legs":4}"#);
/// assert!(serde_json::from_str::<Pet>(r#"{"id": 1, "name": "Rex"}"#).is_err());
/// ```
#[macro_export]
macro_rules! object {
    ($name:ident $openness:ident in place {
        $($number:tt $wire:literal $field:ident;)*
    }) => {
        $crate::object!(@serde $name);
        impl $crate::object::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            const CLOSED: bool = $crate::object!(@closed $openness);
            type Partial = Self;
            fn start() -> Self {
                <Self as Default>::default()
            }
            #[allow(unused_variables)]
            fn read_field<'de, D: $crate::serde::Deserializer<'de>>(
                partial: &mut Self,
                field: usize,
                value: D,
            ) -> Result<(), D::Error> {
                match field {
                    $($number => $crate::object::set(&mut partial.$field, value),)*
                    _ => Ok(()),
                }
            }
            fn finish<E: $crate::serde::de::Error>(partial: Self) -> Result<Self, E> {
                Ok(partial)
            }
            #[allow(unused_variables)]
            fn write_fields<W: $crate::object::WriteFields>(
                &self,
                out: &mut W,
            ) -> Result<(), W::Error> {
                $(out.optional($wire, &self.$field)?;)*
                Ok(())
            }
        }
    };
    ($name:ident $openness:ident slots {
        $($number:tt $wire:literal $field:ident: $ty:ty = $rule:expr;)*
    }) => {
        $crate::object!(@serde $name);
        impl $crate::object::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            const CLOSED: bool = $crate::object!(@closed $openness);
            type Partial = ($(Option<$ty>,)*);
            fn start() -> Self::Partial {
                ($($crate::object!(@none $number),)*)
            }
            fn read_field<'de, D: $crate::serde::Deserializer<'de>>(
                partial: &mut Self::Partial,
                field: usize,
                value: D,
            ) -> Result<(), D::Error> {
                match field {
                    $($number => $crate::object::fill(&mut partial.$number, value),)*
                    _ => Ok(()),
                }
            }
            fn finish<E: $crate::serde::de::Error>(partial: Self::Partial) -> Result<Self, E> {
                Ok(Self {
                    $($field: $crate::object::take(partial.$number, &$rule, $wire)?,)*
                })
            }
            fn write_fields<W: $crate::object::WriteFields>(
                &self,
                out: &mut W,
            ) -> Result<(), W::Error> {
                $($crate::object::Presence::<$ty>::write(&$rule, out, $wire, &self.$field)?;)*
                Ok(())
            }
        }
    };
    (@serde $name:ident) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::object::deserialize(deserializer)
            }
        }
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                $crate::object::serialize(self, serializer)
            }
        }
    };
    (@closed closed) => { true };
    (@closed open) => { false };
    (@none $number:tt) => { None };
}
