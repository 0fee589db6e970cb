//! Secrets: values that never appear in `Debug` output, logs or error messages.

use std::fmt;

/// Stands in for a secret in `Debug` output: prints `<redacted>`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A value the API description marks secret (`format: password`, `x-sensitive: true`): a
/// password, a token, a session id.
///
/// It travels on the wire as the value itself, but `Debug` prints `<redacted>` and there is no
/// `Display`, so that logging a request or a response never shows it. Read it with
/// [`Secret::expose`] where it is needed.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Secret<T = String>(T);

impl<T> Secret<T> {
    /// Wraps a secret value.
    pub const fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value itself. Take care where it goes.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The value itself, unwrapped.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl Secret<String> {
    /// The secret text. Take care where it goes.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Redacted.fmt(f)
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl PartialEq<str> for Secret<String> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Secret<String> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<T: serde::Serialize> serde::Serialize for Secret<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Secret<T> {
    /// Reads the value itself; an error never quotes it (serde's messages may).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret).map_err(|_| {
            serde::de::Error::custom("the value does not fit its type (not shown: it is secret)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::from("hunter2");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some(<redacted>)");
        assert_eq!(secret.as_str(), "hunter2");
        assert!(secret == "hunter2");
    }

    #[test]
    fn travels_as_the_value_and_errors_do_not_quote_it() {
        let secret: Secret = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
        let err = serde_json::from_str::<Secret<u8>>("\"hunter2\"").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
