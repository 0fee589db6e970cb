//! Where the parts that `bundle` copied into the entry document came from, so that messages
//! about them name the file and pointer the author wrote; and the names copied schemas get.

use std::collections::HashSet;

use crate::error::{Error, Warning};

/// Where the parts copied into the entry document came from.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    pub(super) entry: String,
    /// (pointer in the bundled entry, file, pointer in that file), as `#/...` strings.
    pub(super) places: Vec<(String, String, String)>,
}

impl Origins {
    /// The file and pointer the author wrote for a place of the bundled entry.
    pub fn locate(&self, file: &str, pointer: &str) -> Option<(String, String)> {
        if file != self.entry {
            return None;
        }
        self.places
            .iter()
            .filter(|(bundled, _, _)| {
                pointer == bundled
                    || (pointer.starts_with(bundled.as_str())
                        && pointer[bundled.len()..].starts_with('/'))
            })
            .max_by_key(|(bundled, _, _)| bundled.len())
            .map(|(bundled, file, original)| {
                (
                    file.clone(),
                    format!("{original}{}", &pointer[bundled.len()..]),
                )
            })
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The warnings with their original places; one warning met in several copies of the same
    /// part (a shared parameter, a shared response lowered for each operation) is given once.
    pub fn warnings(&self, warnings: Vec<Warning>) -> Vec<Warning> {
        let mut seen = HashSet::new();
        warnings
            .into_iter()
            .map(|mut warning| {
                if let Some((file, pointer)) = self.locate(&warning.file, &warning.pointer) {
                    warning.file = file;
                    warning.pointer = pointer;
                }
                warning
            })
            .filter(|w| seen.insert((w.file.clone(), w.pointer.clone(), w.message.clone())))
            .collect()
    }

    pub fn error(&self, mut error: Error) -> Error {
        if let Some(pointer) = &error.pointer
            && let Some((file, original)) = self.locate(&error.file, pointer)
        {
            error.file = file;
            error.pointer = Some(original);
        }
        error
    }
}

/// The name a schema copied from elsewhere gets: its component key, else the last segment of
/// its pointer that names something (not `schema`, `items`, an index), else its file's stem.
pub(super) fn stable_name(file: &str, pointer: &str) -> String {
    const STRUCTURE: &[&str] = &[
        "schema",
        "items",
        "additionalProperties",
        "not",
        "properties",
        "allOf",
        "anyOf",
        "oneOf",
        "content",
        "schemas",
        "components",
        "definitions",
        "$defs",
    ];
    let named = pointer.rsplit('/').map(super::unescape).find(|segment| {
        segment.starts_with(|c: char| c.is_alphabetic())
            && !STRUCTURE.contains(&&**segment)
            && !segment.contains('/')
    });
    named.unwrap_or_else(|| {
        let file = file.rsplit('/').next().unwrap_or(file);
        file.split('.').next().unwrap_or(file).to_owned()
    })
}
