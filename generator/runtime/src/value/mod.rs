//! Parameter values as text: a typed value (anything serde can serialize) to the text pieces
//! a query, path, header, cookie or form carries ([`Encoded`]), and text pieces back to a typed
//! value ([`Raw`] through [`ValueDeserializer`]). The styles of OpenAPI (`form`, `simple`,
//! `deepObject`, ...) then arrange the pieces; that is `request`'s job.

mod de;
mod ser;

pub use de::{Raw, ValueDeserializer};
pub use ser::{Encoded, encode};

use std::fmt;

/// Booleans on the wire: `true`/`false` (OpenAPI's default) or `1`/`0` (cPanel's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Booleans {
    /// `true` and `false`.
    #[default]
    Words,
    /// `1` and `0`; `true` and `false` are read too.
    Digits,
}

impl Booleans {
    /// The text of `value`.
    pub fn text(self, value: bool) -> &'static str {
        match (self, value) {
            (Booleans::Words, true) => "true",
            (Booleans::Words, false) => "false",
            (Booleans::Digits, true) => "1",
            (Booleans::Digits, false) => "0",
        }
    }

    /// The boolean `text` stands for, if it is one.
    pub fn parse(self, text: &str) -> Option<bool> {
        match (self, text.trim()) {
            (_, "true") | (Booleans::Digits, "1") => Some(true),
            (_, "false") | (Booleans::Digits, "0") => Some(false),
            _ => None,
        }
    }

    /// What a boolean looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            Booleans::Words => "expected true or false",
            Booleans::Digits => "expected 1 or 0",
        }
    }
}

/// Why a value could not be turned into text or back: a message for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

impl serde::ser::Error for ValueError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ValueError(message.to_string())
    }
}

impl serde::de::Error for ValueError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ValueError(message.to_string())
    }
}

/// Bytes of `format: binary`: a file part of a multipart body, or an
/// `application/octet-stream` body.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary(pub Vec<u8>);

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl serde::Serialize for Binary {
    /// Bytes where the format has bytes (a multipart file part, a binary body); text (the
    /// bytes as UTF-8, lossily) in JSON, which has none.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&String::from_utf8_lossy(&self.0))
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Binary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Binary, E> {
                Ok(Binary(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Binary, E> {
                Ok(Binary(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Binary, E> {
                Ok(Binary(v.as_bytes().to_vec()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Binary, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(Binary(bytes))
            }
        }
        deserializer.deserialize_byte_buf(Visitor)
    }
}
