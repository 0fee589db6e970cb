//! Errors and warnings, each naming the spec file and the JSON pointer of the place.

use std::fmt;

/// Why generation stopped. Nothing is written when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", location(.pointer))]
pub struct Error {
    /// The spec file as it was named to the generator.
    pub file: String,
    /// A JSON pointer into the file (`#/paths/~1x/get/parameters/2/schema`), or a line and
    /// column for syntax errors, or nothing when the whole file is concerned.
    pub pointer: Option<String>,
    pub message: String,
}

fn location(pointer: &Option<String>) -> String {
    pointer
        .as_deref()
        .map(|p| format!(" at {p}"))
        .unwrap_or_default()
}

impl Error {
    /// An error about a whole file (a configuration, a folder, generated code), at no place
    /// in it.
    pub(crate) fn whole(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            file: file.into(),
            pointer: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(pointer: &Pointer, message: impl Into<String>) -> Self {
        Error {
            file: pointer.file.to_string(),
            pointer: Some(pointer.to_string()),
            message: message.into(),
        }
    }
}

/// Something the generator could only approximate; the output still compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.file, self.pointer, self.message)
    }
}

/// A JSON pointer (RFC 6901) into one spec file, built up while walking the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    /// Shared: a walk makes a pointer for every value it visits, and all name one file.
    file: std::sync::Arc<str>,
    /// Already escaped segments, each starting with `/`.
    path: String,
}

impl Pointer {
    pub fn root(file: &str) -> Self {
        Pointer {
            file: file.into(),
            path: String::new(),
        }
    }

    /// This pointer with one more segment; `~` and `/` in it are escaped.
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        use fmt::Write as _;
        let mut path = String::with_capacity(self.path.len() + 16);
        path.push_str(&self.path);
        path.push('/');
        // Escaped as it is written, without a String of the segment first.
        let _ = write!(Escape(&mut path), "{segment}");
        Pointer {
            file: self.file.clone(),
            path,
        }
    }

    /// A pointer to a `$ref` target such as `#/components/schemas/Metadata` in the same file.
    pub fn from_ref(&self, reference: &str) -> Self {
        Pointer {
            file: self.file.clone(),
            path: reference.trim_start_matches('#').to_owned(),
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn warning(&self, message: impl Into<String>) -> Warning {
        Warning {
            file: self.file.to_string(),
            pointer: self.to_string(),
            message: message.into(),
        }
    }
}

/// Writes into a pointer's path with `~` and `/` escaped.
/// `segment` escaped as a JSON pointer's segment (`~` as `~0`, `/` as `~1`).
pub(crate) fn escape_segment(segment: &str) -> String {
    use fmt::Write as _;
    let mut escaped = String::with_capacity(segment.len());
    let _ = Escape(&mut escaped).write_str(segment);
    escaped
}

struct Escape<'a>(&'a mut String);

impl fmt::Write for Escape<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for c in text.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.path)
    }
}
