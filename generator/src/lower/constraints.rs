//! What a schema says beyond its type: the constraints the generated validators check, whether
//! it is secret, and the values of its enums.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::error::{Pointer, Warning};
use crate::model::{
    Constraints, IntegerEnum, IntegerVariant, IntegerWidth, StringEnum, StringVariant,
};
use crate::naming::{self, Scope};

/// The extension that marks a schema or parameter as secret: its values never appear in
/// `Debug` output or error messages. `format: password` means the same.
pub const SENSITIVE_EXTENSION: &str = "x-sensitive";
/// Names for the variants of an integer enum, in the order of its values.
pub const ENUM_VARNAMES_EXTENSION: &str = "x-enum-varnames";
/// The known values of an open string enum (Zalando's convention): any other value the
/// schema's constraints allow is kept, not rejected.
pub const EXTENSIBLE_ENUM_EXTENSION: &str = "x-extensible-enum";
/// For `format: byte`: the most characters the decoded value may have.
pub const MAX_DECODED_LENGTH_EXTENSION: &str = "x-max-decoded-length";

pub(super) fn is_sensitive(schema: &Schema) -> bool {
    let password = matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s))
            if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password))
    );
    password
        || schema.schema_data.extensions.get(SENSITIVE_EXTENSION)
            == Some(&serde_json::Value::Bool(true))
}

/// The constraints the generated validators check, from a schema's standard keywords (and
/// `x-max-decoded-length`). A rule that cannot be checked as written (a `pattern` the
/// generated code's regex engine cannot compile, a malformed extension) is skipped with a
/// warning at its place, rather than refusing the document.
pub(super) fn constraints(
    schema: &Schema,
    ptr: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Constraints {
    let format_of = |format: &dyn erased::Format| format.as_string();
    let max_decoded_length = schema
        .schema_data
        .extensions
        .get(MAX_DECODED_LENGTH_EXTENSION)
        .and_then(|value| {
            let limit = value.as_u64().and_then(|n| usize::try_from(n).ok());
            if limit.is_none() {
                warnings.push(
                    ptr.push(MAX_DECODED_LENGTH_EXTENSION)
                        .warning("expected a non-negative integer: the rule is skipped"),
                );
            }
            limit
        });
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            let pattern = s.pattern.clone().filter(|pattern| {
                let compiles = regex_lite::Regex::new(pattern);
                if let Err(err) = &compiles {
                    warnings.push(ptr.push("pattern").warning(format!(
                        "this pattern is not supported ({err}): the rule is skipped"
                    )));
                }
                compiles.is_ok()
            });
            Constraints {
                min_length: s.min_length,
                max_length: s.max_length,
                pattern,
                format: format_of(&s.format),
                max_decoded_length,
                ..Constraints::default()
            }
        }
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: i.minimum.map(|v| v as f64),
            maximum: i.maximum.map(|v| v as f64),
            exclusive_minimum: i.exclusive_minimum,
            exclusive_maximum: i.exclusive_maximum,
            multiple_of: i.multiple_of.map(|v| v as f64),
            format: format_of(&i.format),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: n.minimum,
            maximum: n.maximum,
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            multiple_of: n.multiple_of,
            format: format_of(&n.format),
            ..Constraints::default()
        },
        SchemaKind::AnyOf { any_of } => Constraints {
            any_of: alternative_constraints(any_of, ptr, warnings),
            ..Constraints::default()
        },
        // `anyOf` beside string keywords (`maxLength` for all branches, say).
        SchemaKind::Any(any) => Constraints {
            min_length: any.min_length,
            max_length: any.max_length,
            pattern: any.pattern.clone(),
            format: any.format.clone(),
            any_of: alternative_constraints(&any.any_of, ptr, warnings),
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

/// The constraints of each branch of an `anyOf` of strings; none for other `anyOf`s.
fn alternative_constraints(
    any_of: &[ReferenceOr<Schema>],
    ptr: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Vec<Constraints> {
    let Some(alternatives) = string_alternatives(any_of) else {
        return Vec::new();
    };
    alternatives
        .iter()
        .enumerate()
        .map(|(i, branch)| constraints(branch, &ptr.push("anyOf").push(i), warnings))
        .collect()
}

/// The branches of an `anyOf` when every one is an inline string schema (e.g. a username or
/// an email address): such a value is a string that must match one of them.
pub(super) fn string_alternatives(any_of: &[ReferenceOr<Schema>]) -> Option<Vec<&Schema>> {
    if any_of.is_empty() {
        return None;
    }
    any_of
        .iter()
        .map(|branch| match branch {
            ReferenceOr::Item(schema)
                if matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) =>
            {
                Some(schema)
            }
            _ => None,
        })
        .collect()
}

/// A string schema's `format` as the spec wrote it.
pub(super) fn format_text(
    format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>,
) -> Option<String> {
    use erased::Format;
    format.as_string()
}

/// openapiv3 keeps each type's `format` in its own enum; all of them serialize to the string
/// the spec wrote, which is what the model keeps.
mod erased {
    pub trait Format {
        fn as_string(&self) -> Option<String>;
    }
    impl<T: serde::Serialize> Format for openapiv3::VariantOrUnknownOrEmpty<T> {
        fn as_string(&self) -> Option<String> {
            match serde_json::to_value(self) {
                Ok(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
                _ => None,
            }
        }
    }
}

pub(super) fn integer_width(
    format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>,
) -> IntegerWidth {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
            IntegerWidth::I32
        }
        _ => IntegerWidth::I64,
    }
}

pub(super) fn string_enum(label: String, values: impl Iterator<Item = String>) -> StringEnum {
    let mut names = Scope::new();
    let mut variants: Vec<StringVariant> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for wire in values {
        if !seen.insert(wire.clone()) {
            continue;
        }
        variants.push(StringVariant {
            rust_name: names.claim(naming::type_name(&wire)),
            wire,
        });
    }
    StringEnum {
        label,
        variants,
        open: false,
    }
}

pub(super) fn integer_enum(
    label: String,
    values: &[i64],
    names: Option<Vec<String>>,
) -> IntegerEnum {
    let mut scope = Scope::new();
    let mut variants: Vec<IntegerVariant> = Vec::new();
    for (index, &value) in values.iter().enumerate() {
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let name = match names.as_ref().and_then(|names| names.get(index)) {
            Some(name) => naming::type_name(name),
            None if value < 0 => format!("Minus{}", value.unsigned_abs()),
            None => format!("V{value}"),
        };
        variants.push(IntegerVariant {
            rust_name: scope.claim(name),
            value,
        });
    }
    IntegerEnum {
        label,
        variants,
        open: false,
    }
}

/// The variant names `x-enum-varnames` gives, one per value; none (with a warning) when it
/// does not give one string per value.
pub(super) fn enum_varnames(
    schema: &Schema,
    count: usize,
    ptr: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<String>> {
    let value = schema.schema_data.extensions.get(ENUM_VARNAMES_EXTENSION)?;
    let names: Option<Vec<String>> = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect()
    });
    match names {
        Some(names) if names.len() == count => Some(names),
        _ => {
            warnings.push(ptr.push(ENUM_VARNAMES_EXTENSION).warning(format!(
                "expected a list of {count} strings, one name per enum value: the variants are \
                 named from their values"
            )));
            None
        }
    }
}
