//! What stands in for an absent field: a property's `default`, where the field's type can
//! hold it as a constant that `emit::types` writes.

use super::{Api, IntegerWidth, TypeKind, TypeRef};

/// What stands in for an absent field: [`Api::default_for`].
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    String(String),
    Boolean(bool),
    I32(i32),
    I64(i64),
    Number(f64),
    /// A variant of an enum: the enum's name (the enum itself, past any alias) and the
    /// variant's.
    Variant(String, String),
    /// The type's empty value (`Default::default()`): `[]`, `{}`.
    Empty,
}

impl Api {
    /// What stands in for an absent value of type `ty` whose property's `default` is `value`,
    /// if a field of that type can hold it as a constant: a scalar of the field's own type, a
    /// listed value of an enum, or an empty array, map or struct whose every field is
    /// optional.
    pub fn default_for(&self, ty: &TypeRef, value: &serde_json::Value) -> Option<DefaultValue> {
        self.default_through_aliases(ty, value, 0)
    }

    /// [`Self::default_for`], `depth` aliases deep (a few at most: an alias of an alias of
    /// an enum).
    fn default_through_aliases(
        &self,
        ty: &TypeRef,
        value: &serde_json::Value,
        depth: usize,
    ) -> Option<DefaultValue> {
        use serde_json::Value;
        Some(match (ty, value) {
            (TypeRef::String, Value::String(text)) => DefaultValue::String(text.clone()),
            (TypeRef::Boolean, Value::Bool(flag)) => DefaultValue::Boolean(*flag),
            (TypeRef::Integer(IntegerWidth::I32), Value::Number(n)) => {
                DefaultValue::I32(i32::try_from(n.as_i64()?).ok()?)
            }
            (TypeRef::Integer(IntegerWidth::I64), Value::Number(n)) => {
                DefaultValue::I64(n.as_i64()?)
            }
            (TypeRef::Number, Value::Number(n)) => DefaultValue::Number(n.as_f64()?),
            (TypeRef::Array(_), Value::Array(items)) if items.is_empty() => DefaultValue::Empty,
            (TypeRef::Map(_), Value::Object(map)) if map.is_empty() => DefaultValue::Empty,
            (TypeRef::Named(name), _) => match &self.type_def(name)?.kind {
                TypeKind::Alias(target) if depth < 16 => {
                    return self.default_through_aliases(target, value, depth + 1);
                }
                TypeKind::StringEnum(e) => {
                    let variant = e
                        .variants
                        .iter()
                        .find(|v| Some(v.wire.as_str()) == value.as_str())?;
                    DefaultValue::Variant(name.clone(), variant.rust_name.clone())
                }
                TypeKind::IntegerEnum(e) => {
                    let variant = e
                        .variants
                        .iter()
                        .find(|v| Some(v.value) == value.as_i64())?;
                    DefaultValue::Variant(name.clone(), variant.rust_name.clone())
                }
                TypeKind::Struct(s) if s.all_optional() && value.as_object()?.is_empty() => {
                    DefaultValue::Empty
                }
                _ => return None,
            },
            _ => return None,
        })
    }
}
