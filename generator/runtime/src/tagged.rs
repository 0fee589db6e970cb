//! Unions. A `oneOf` with a `discriminator`: a generated enum reads the body as JSON, looks at
//! the discriminating property, and reads the whole value (the property included) as the
//! variant it names. Any other `oneOf`/`anyOf` ([`choose`]): every variant is tried, and the
//! one whose value, written back, keeps the most of what was read wins; the first such in
//! order. The first variant that reads at all (serde's `untagged`) would drop what only a
//! later one holds: an object variant with no required field reads any object.

use serde::Serialize;
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

/// `value` read as one variant's type: an attempt for [`choose`].
pub fn attempt<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(value)
}

/// The variant of the union `union` that keeps the most of `value` among those that read it
/// (`attempts`: each variant's name and what reading it gave). When none reads, the error
/// names each variant and why it did not.
pub fn choose<T: Serialize, E: de::Error>(
    union: &str,
    value: &Value,
    attempts: impl IntoIterator<Item = (&'static str, Result<T, serde_json::Error>)>,
) -> Result<T, E> {
    let mut best: Option<(usize, T)> = None;
    let mut failures = Vec::new();
    for (variant, attempt) in attempts {
        match attempt {
            Ok(read) => {
                let score = serde_json::to_value(&read).map_or(0, |written| kept(value, &written));
                if best.as_ref().is_none_or(|(most, _)| score > *most) {
                    best = Some((score, read));
                }
            }
            Err(error) => failures.push(format!("{variant}: {error}")),
        }
    }
    match best {
        Some((_, read)) => Ok(read),
        None => Err(E::custom(format_args!(
            "no alternative of {union} matches ({})",
            failures.join("; ")
        ))),
    }
}

/// How much of `read` `written` keeps: one for each value (object, array, scalar) of `read`
/// found at the same place in `written`. A `null` member counts as kept when it is absent, as
/// an unset optional field is not written.
fn kept(read: &Value, written: &Value) -> usize {
    match (read, written) {
        (Value::Object(read), Value::Object(written)) => {
            1 + read
                .iter()
                .map(|(key, value)| match (value, written.get(key)) {
                    (Value::Null, None) => 1,
                    (_, Some(other)) => kept(value, other),
                    (_, None) => 0,
                })
                .sum::<usize>()
        }
        (Value::Array(read), Value::Array(written)) => {
            1 + read
                .iter()
                .zip(written)
                .map(|(value, other)| kept(value, other))
                .sum::<usize>()
        }
        (Value::Number(read), Value::Number(written)) => {
            usize::from(read == written || read.as_f64() == written.as_f64())
        }
        _ => usize::from(read == written),
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

    /// An object that only names `a`, and one that names `a` and `b`.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Small {
        a: i64,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Large {
        a: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        b: Option<String>,
    }

    #[derive(Debug, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    enum Either {
        Small(Small),
        Large(Large),
    }

    fn either(value: &Value) -> Result<Either, serde_json::Error> {
        choose(
            "Either",
            value,
            [
                ("Small", attempt(value).map(Either::Small)),
                ("Large", attempt(value).map(Either::Large)),
            ],
        )
    }

    #[test]
    fn the_variant_that_keeps_the_most_wins_and_ties_go_to_the_first() {
        let both = serde_json::json!({"a": 1, "b": "x"});
        assert_eq!(
            either(&both).unwrap(),
            Either::Large(Large {
                a: 1,
                b: Some("x".into())
            })
        );
        let only_a = serde_json::json!({"a": 1});
        assert_eq!(either(&only_a).unwrap(), Either::Small(Small { a: 1 }));
    }

    #[test]
    fn when_no_variant_reads_the_error_says_why_each_did_not() {
        let err = either(&serde_json::json!({"a": "one"}))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("no alternative of Either matches"), "{err}");
        assert!(err.contains("Small: invalid type: string \"one\""), "{err}");
        assert!(err.contains("Large: invalid type"), "{err}");
    }
}
