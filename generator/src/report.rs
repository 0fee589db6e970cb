//! The API surface of a generated crate, and what changed between two of them.
//!
//! The surface is what a caller of the generated crate depends on: operations, their
//! parameters and response types, the named types, struct fields and enum values. It is kept
//! as sorted `key<TAB>value` lines (`generated/api-surface.txt`), written by every regen next to
//! the code, so that the next regen can say what it changes without parsing Rust, and a reviewer
//! sees the same changes in the diff of one small file.
//!
//! A change breaks callers when code that compiled against the old crate may not compile, or
//! may fail at run time, against the new one: anything removed, a type changed, a parameter
//! that became required, an enum value removed. Additions are not breaking.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Api, IntegerWidth, Output, TypeKind, TypeRef};

/// Entries of an API surface by key (`param create_user_session.app`), each with a value that
/// changes when callers must notice (`App required`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub entries: BTreeMap<String, String>,
}

/// The kinds of entries, as the first word of a key.
const OPERATION: &str = "operation";
const PARAM: &str = "param";
const RESPONSE: &str = "response";
const TYPE: &str = "type";
const FIELD: &str = "field";
const VALUE: &str = "value";

impl Surface {
    /// The surface of a model.
    pub fn of(api: &Api) -> Surface {
        let mut entries = BTreeMap::new();
        for op in &api.operations {
            let id = &op.fn_name;
            entries.insert(
                format!("{OPERATION} {id}"),
                format!("{} {}", op.method.as_str(), op.path),
            );
            for param in &op.params {
                entries.insert(
                    format!("{PARAM} {id}.{}", param.wire_name),
                    format!("{} {}", type_text(&param.ty), required(param.required)),
                );
            }
            if let Some(body) = &op.body {
                entries.insert(
                    format!("{PARAM} {id}.body"),
                    format!("{} {}", type_text(&body.ty), required(body.required)),
                );
            }
            let response = match &op.output {
                Output::Single(ty) => type_text(ty),
                Output::ByStatus(name) => name.clone(),
            };
            entries.insert(format!("{RESPONSE} {id}"), response);
        }
        for def in &api.types {
            let name = &def.name;
            let kind = match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        let optional = if field.is_optional() {
                            "optional"
                        } else {
                            "required"
                        };
                        entries.insert(
                            format!("{FIELD} {name}.{}", field.wire_name),
                            format!("{} {optional}", type_text(&field.ty)),
                        );
                    }
                    "struct".to_owned()
                }
                TypeKind::StringEnum(e) => {
                    for variant in &e.variants {
                        entries.insert(format!("{VALUE} {name}.{}", variant.wire), String::new());
                    }
                    if e.open {
                        "open string enum"
                    } else {
                        "string enum"
                    }
                    .to_owned()
                }
                TypeKind::IntegerEnum(e) => {
                    for variant in &e.variants {
                        entries.insert(format!("{VALUE} {name}.{}", variant.value), String::new());
                    }
                    if e.open {
                        "open integer enum"
                    } else {
                        "integer enum"
                    }
                    .to_owned()
                }
                TypeKind::Alias(target) => format!("= {}", type_text(target)),
                TypeKind::Untagged(u) => {
                    let types: Vec<String> = u.variants.iter().map(|v| type_text(&v.ty)).collect();
                    format!("one of {}", types.join(" | "))
                }
                TypeKind::Tagged(t) => {
                    let types: Vec<String> = t
                        .variants
                        .iter()
                        .map(|v| format!("{}={}", v.tag, type_text(&v.ty)))
                        .collect();
                    format!("one of {} by `{}`", types.join(" | "), t.property)
                }
            };
            entries.insert(format!("{TYPE} {name}"), kind);
        }
        Surface { entries }
    }

    /// The text form: one `key<TAB>value` line per entry, sorted.
    pub fn to_text(&self) -> String {
        let mut text = String::from(
            "# The API surface of the generated crate, written by `cargo xtask regen`; compared on the next regen.\n",
        );
        for (key, value) in &self.entries {
            text.push_str(key);
            text.push('\t');
            text.push_str(value);
            text.push('\n');
        }
        text
    }

    /// Reads the text form back; lines that are not `key<TAB>value` (comments) are skipped.
    pub fn parse(text: &str) -> Surface {
        let entries = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect();
        Surface { entries }
    }
}

fn required(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

/// A model type as the surface writes it.
fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(IntegerWidth::I32) => "i32".to_owned(),
        TypeRef::Integer(IntegerWidth::I64) => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_text(item)),
        TypeRef::Map(value) => format!("Map<{}>", type_text(value)),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Binary => "Binary".to_owned(),
        TypeRef::Unit => "()".to_owned(),
        TypeRef::Secret(inner) => format!("Secret<{}>", type_text(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
        TypeRef::Runtime(ty) => crate::emit::runtime::runtime_type_text(*ty).to_owned(),
        TypeRef::External(path) => path.clone(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One difference between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The entry's key, e.g. `value App.whostmgrd`.
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Whether callers of the old crate may break.
    pub breaking: bool,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.breaking { "BREAKING " } else { "" };
        let (kind, rest) = self.key.split_once(' ').unwrap_or(("", &self.key));
        let what = match kind {
            OPERATION => "operation",
            PARAM => "parameter",
            RESPONSE => "response of",
            TYPE => "type",
            FIELD => "response field",
            VALUE => "enum value",
            other => other,
        };
        let show = |value: &Option<String>| match value.as_deref() {
            Some("") | None => String::new(),
            Some(value) => format!(" ({value})"),
        };
        match self.kind {
            ChangeKind::Added => write!(f, "{mark}added {what} {rest}{}", show(&self.new)),
            ChangeKind::Removed => write!(f, "{mark}removed {what} {rest}{}", show(&self.old)),
            ChangeKind::Changed => write!(
                f,
                "{mark}changed {what} {rest}: {} -> {}",
                self.old.as_deref().unwrap_or(""),
                self.new.as_deref().unwrap_or("")
            ),
        }
    }
}

/// What changed from `old` to `new`, in key order.
pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        old.entries.keys().chain(new.entries.keys()).collect();
    for key in keys {
        let (before, after) = (old.entries.get(key), new.entries.get(key));
        let kind = match (before, after) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(_), Some(_)) => ChangeKind::Changed,
            (Some(_), None) => ChangeKind::Removed,
            (None, Some(_)) => ChangeKind::Added,
            (None, None) => continue,
        };
        let breaking = match kind {
            ChangeKind::Removed | ChangeKind::Changed => true,
            // A new parameter breaks callers when they must now set it.
            ChangeKind::Added => {
                key.starts_with(PARAM) && after.is_some_and(|v| v.ends_with(" required"))
            }
        };
        changes.push(Change {
            kind,
            key: key.clone(),
            old: before.cloned(),
            new: after.cloned(),
            breaking,
        });
    }
    changes
}

/// The report `cargo xtask regen` prints: one line per change, breaking ones marked, and a
/// count; `None` when nothing changed.
pub fn render(changes: &[Change]) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut text = format!("API changes: {} ({} breaking)\n", changes.len(), breaking);
    for change in changes {
        text.push_str(&format!("  {change}\n"));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(lines: &[(&str, &str)]) -> Surface {
        Surface {
            entries: lines
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn text_form_round_trips() {
        let s = surface(&[("param f.a", "String required"), ("value App.x", "")]);
        assert_eq!(Surface::parse(&s.to_text()), s);
    }

    #[test]
    fn classifies_changes() {
        let old = surface(&[
            ("param f.a", "String optional"),
            ("value App.x", ""),
            ("value App.y", ""),
        ]);
        let new = surface(&[
            ("param f.a", "String required"),
            ("param f.b", "i64 optional"),
            ("param f.c", "i64 required"),
            ("value App.x", ""),
            ("value App.z", ""),
        ]);
        let changes: Vec<(String, bool)> = diff(&old, &new)
            .iter()
            .map(|c| (c.to_string(), c.breaking))
            .collect();
        assert_eq!(
            changes,
            [
                (
                    "BREAKING changed parameter f.a: String optional -> String required".to_owned(),
                    true
                ),
                ("added parameter f.b (i64 optional)".to_owned(), false),
                (
                    "BREAKING added parameter f.c (i64 required)".to_owned(),
                    true
                ),
                ("BREAKING removed enum value App.y".to_owned(), true),
                ("added enum value App.z".to_owned(), false),
            ]
        );
    }
}
