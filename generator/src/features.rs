//! Per-tag Cargo features, for APIs too large to compile whole: each tag of the documents
//! becomes a feature of the generated crate, which gates that tag's operations (parameter
//! structs, `Operation` impls, client methods, server methods and routes) and the types that
//! only those operations use. A pass over the model after the selection; the emitters ask it
//! for each item's gate.
//!
//! A type's gate is the union of the gates of everything that uses it: the operations that
//! name it, directly or through other types, and any type that is not gated at all (a
//! component no operation uses, or one an untagged operation uses) keeps everything it names
//! ungated. So whatever set of features is on, every item that is compiled finds the items it
//! names.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use crate::model::Api;
use crate::select::{Document, closure, operation_tags, operation_types};

/// Above this many operations, a document with tags gets per-tag features unless the
/// configuration says otherwise (`tag-features`).
pub const AUTO_THRESHOLD: usize = 100;

/// Feature names a tag's feature must not take: the crate's own features.
const RESERVED: &[&str] = &[
    "default",
    "full",
    "client",
    "server",
    "rustls",
    "native-tls",
    "http2",
    "stream",
];

/// When an item is compiled: always, or when any of these features is on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    #[default]
    Always,
    AnyOf(BTreeSet<String>),
}

impl Gate {
    /// The gate of something both `self`'s and `other`'s users need.
    pub fn join(&mut self, other: &Gate) {
        match (&mut *self, other) {
            (Gate::Always, _) => {}
            (_, Gate::Always) => *self = Gate::Always,
            (Gate::AnyOf(mine), Gate::AnyOf(theirs)) => mine.extend(theirs.iter().cloned()),
        }
    }

    /// Joins `gate` into `slot`, empty until something uses the item.
    fn join_into(slot: &mut Option<Gate>, gate: &Gate) {
        match slot {
            Some(current) => current.join(gate),
            None => *slot = Some(gate.clone()),
        }
    }
}

/// The crate's per-tag features and the gate of every gated item; empty when the crate has
/// none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagFeatures {
    /// Each feature and the tag it stands for, sorted by feature name.
    pub features: Vec<(String, String)>,
    /// Operations by `fn_name` (unique in the crate).
    pub operations: BTreeMap<String, Gate>,
    /// Types by name.
    pub types: BTreeMap<String, Gate>,
}

impl TagFeatures {
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// The gate of the operation whose method is `fn_name`.
    pub fn operation(&self, fn_name: &str) -> &Gate {
        self.operations.get(fn_name).unwrap_or(&Gate::Always)
    }

    /// The gate of the type called `name`.
    pub fn type_gate(&self, name: &str) -> &Gate {
        self.types.get(name).unwrap_or(&Gate::Always)
    }

    /// The feature names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.features.iter().map(|(feature, _)| feature.as_str())
    }
}

/// Whether the crate gets per-tag features: as `forced` says, or when the operations have
/// tags and there are more than [`AUTO_THRESHOLD`] of them.
pub fn compute(api: &Api, documents: &[Document<'_>], forced: Option<bool>) -> TagFeatures {
    let tags = operation_tags(documents);
    let tags_of = |op: &crate::model::Operation| {
        tags.get(&(op.source.file.clone(), op.source.pointer.clone()))
            .cloned()
            .unwrap_or_default()
    };
    let any_tag = api.operations.iter().any(|op| !tags_of(op).is_empty());
    let wanted = forced.unwrap_or(api.operations.len() > AUTO_THRESHOLD);
    if !wanted || !any_tag {
        return TagFeatures::default();
    }
    let mut all_tags: BTreeSet<String> = BTreeSet::new();
    for op in &api.operations {
        all_tags.extend(tags_of(op));
    }
    let names = feature_names(&all_tags);
    let mut operations = BTreeMap::new();
    for op in &api.operations {
        let features: BTreeSet<String> = tags_of(op).iter().map(|t| names[t].clone()).collect();
        let gate = if features.is_empty() {
            Gate::Always
        } else {
            Gate::AnyOf(features)
        };
        operations.insert(op.fn_name.clone(), gate);
    }
    let types = type_gates(api, &operations);
    let mut features: Vec<(String, String)> = names
        .into_iter()
        .map(|(tag, feature)| (feature, tag))
        .collect();
    features.sort();
    TagFeatures {
        features,
        operations,
        types,
    }
}

/// A feature name for each tag: snake case, ASCII letters, digits and `_`, starting with a
/// letter or `_`, none reserved and none twice (later tags, in sorted order, get `_2`, `_3`).
fn feature_names(tags: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    let mut names = BTreeMap::new();
    for tag in tags {
        let mut base: String = tag
            .to_snake_case()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert_str(0, "tag_");
        }
        if RESERVED.contains(&base.as_str()) {
            base.push_str("_tag");
        }
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        names.insert(tag.clone(), name);
    }
    names
}

/// The gate of every type: joined over the operations that reach it and over the ungated
/// types (those no operation reaches) that reach it.
fn type_gates(api: &Api, operations: &BTreeMap<String, Gate>) -> BTreeMap<String, Gate> {
    let by_name = api.types_by_name();
    let mut gates: BTreeMap<String, Option<Gate>> = api
        .types
        .iter()
        .map(|def| (def.name.clone(), None))
        .collect();
    let reached = closure(
        &by_name,
        api.operations.iter().flat_map(operation_types).collect(),
    );
    let unreached: Vec<String> = api
        .types
        .iter()
        .filter(|def| !reached.contains(&def.name))
        .map(|def| def.name.clone())
        .collect();
    // Everything reachable from `roots` gets `gate` joined in.
    let mut spread = |roots: Vec<String>, gate: &Gate| {
        for name in closure(&by_name, roots) {
            if let Some(slot) = gates.get_mut(&name) {
                Gate::join_into(slot, gate);
            }
        }
    };
    for op in &api.operations {
        let gate = operations.get(&op.fn_name).cloned().unwrap_or_default();
        spread(operation_types(op), &gate);
    }
    // Types no operation reaches are API of their own, and so is all they name.
    spread(unreached, &Gate::Always);
    gates
        .into_iter()
        .filter_map(|(name, gate)| match gate {
            Some(Gate::AnyOf(features)) => Some((name, Gate::AnyOf(features))),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
#[path = "features_tests.rs"]
mod tests;
