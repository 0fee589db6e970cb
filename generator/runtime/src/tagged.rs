//! `oneOf` with a `discriminator`: a generated enum reads the body as JSON, looks at the
//! discriminating property, and reads the whole value (the property included) as the variant
//! it names.

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer};
use serde_json::Value;

/// The value being read, as JSON.
pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    Value::deserialize(deserializer)
}

/// The discriminating property `property` of `value`, when it is a string.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// `value` as the variant's type, its errors as the deserializer's.
pub fn from_value<T: DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// The error for a value whose property `property` is `found`, when it should be one of `tags`.
pub fn unknown<E: de::Error>(found: Option<&str>, property: &str, tags: &[&str]) -> E {
    let expected = tags
        .iter()
        .map(|tag| format!("{tag:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    match found {
        Some(found) => E::custom(format!(
            "`{property}` is {found:?}: expected one of {expected}"
        )),
        None => E::custom(format!(
            "`{property}` is missing or not a string: expected one of {expected}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Dog {
        kind: String,
        barks: bool,
    }

    #[derive(Debug, PartialEq)]
    enum Pet {
        Dog(Dog),
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = read(deserializer)?;
            match tag(&value, "kind") {
                Some("dog") => from_value(value).map(Pet::Dog),
                other => Err(unknown(other, "kind", &["dog"])),
            }
        }
    }

    #[test]
    fn the_property_picks_the_variant_and_stays_in_it() {
        let pet: Pet = serde_json::from_str(r#"{"kind": "dog", "barks": true}"#).unwrap();
        assert_eq!(
            pet,
            Pet::Dog(Dog {
                kind: "dog".into(),
                barks: true
            })
        );
        let err = serde_json::from_str::<Pet>(r#"{"kind": "cat"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("`kind` is \"cat\": expected one of \"dog\""),
            "{err}"
        );
    }
}
