//! The model's types and places found through maps, for passes that look up many (the
//! model's own look-ups walk its lists).

use std::collections::HashMap;

use super::{Api, TypeDef};

/// `items` by `key`, the first of a key winning (as the model's linear look-ups find it).
pub fn first_by<'a, T, K: std::hash::Hash + Eq>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> HashMap<K, &'a T> {
    let mut by_key = HashMap::with_capacity(items.len());
    for item in items {
        by_key.entry(key(item)).or_insert(item);
    }
    by_key
}

/// The types of an [`Api`] by name: [`Api::types_by_name`].
pub struct TypesByName<'a>(HashMap<&'a str, &'a TypeDef>);

impl<'a> TypesByName<'a> {
    /// The named type called `name`, if the model has one.
    pub fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.0.get(name).copied()
    }
}

impl Api {
    /// The types by name, for a pass that looks up many (`type_def` walks the list).
    pub fn types_by_name(&self) -> TypesByName<'_> {
        TypesByName(first_by(&self.types, |def| def.name.as_str()))
    }
}
