//! What the configuration asks of the lowered model before it is emitted: the operations it
//! selects (by tag and operationId), the schemas it replaces with types of other crates (by
//! name or by `format`), and then without the types that only the left-out operations and
//! replaced schemas used: a type some operation used before and none uses now goes, while a
//! component no operation ever used stays (it is API of its own). A pass over [`Api`], after
//! lowering and the profile.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::config::{Replacements, Selection};
use crate::error::{Pointer, Warning};
use crate::model::{Api, Operation, TypeDef, TypeKind, TypeRef};

/// One document as the pass reads it: its file name and the document.
pub struct Document<'a> {
    pub file: &'a str,
    pub document: &'a OpenAPI,
}

/// Applies `selection` and the schema `replacements` to `api` (format replacements are made
/// in lowering); warnings for names that match nothing.
pub fn apply(
    api: &mut Api,
    documents: &[Document<'_>],
    selection: &Selection,
    replacements: &Replacements,
) -> Vec<Warning> {
    if selection.is_everything() && replacements.schemas.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    let before = reachable(api);
    if !selection.is_everything() {
        select(api, documents, selection, &mut warnings);
    }
    let replaced = replace_schemas(api, &replacements.schemas, &mut warnings);
    let after = reachable(api);
    api.types.retain(|def| {
        !replaced.contains(&def.name) && (after.contains(&def.name) || !before.contains(&def.name))
    });
    warnings
}

/// Keeps the operations the selection selects.
fn select(
    api: &mut Api,
    documents: &[Document<'_>],
    selection: &Selection,
    out: &mut Vec<Warning>,
) {
    let tags = operation_tags(documents);
    let no_tags = Vec::new();
    let tags_of = |op: &Operation| {
        tags.get(&(op.source.file.clone(), op.source.pointer.clone()))
            .unwrap_or(&no_tags)
    };
    // Every name the selection gives should name something; one that does not is a typo.
    let known_tags: BTreeSet<&String> = tags.values().flatten().collect();
    let known_ids: BTreeSet<&str> = api
        .operations
        .iter()
        .map(|op| op.wire_id.as_str())
        .collect();
    let file = documents.first().map(|d| d.file).unwrap_or_default();
    let paths = Pointer::root(file).push("paths");
    for (list, key) in [
        (&selection.include_tags, "include-tags"),
        (&selection.exclude_tags, "exclude-tags"),
    ] {
        for tag in list.iter().filter(|tag| !known_tags.contains(tag)) {
            out.push(paths.warning(format!(
                "[operations] {key}: no operation has the tag `{tag}`"
            )));
        }
    }
    for (list, key) in [
        (&selection.include_ids, "include-ids"),
        (&selection.exclude_ids, "exclude-ids"),
    ] {
        for id in list.iter().filter(|id| !known_ids.contains(id.as_str())) {
            out.push(paths.warning(format!(
                "[operations] {key}: no operation has the id `{id}`"
            )));
        }
    }
    let includes_all = selection.include_tags.is_empty() && selection.include_ids.is_empty();
    api.operations.retain(|op| {
        let tags = tags_of(op);
        let included = includes_all
            || selection.include_ids.contains(&op.wire_id)
            || tags.iter().any(|tag| selection.include_tags.contains(tag));
        let excluded = selection.exclude_ids.contains(&op.wire_id)
            || tags.iter().any(|tag| selection.exclude_tags.contains(tag));
        included && !excluded
    });
}

/// The tags of each operation, by its place (file, JSON pointer) as the model records it.
pub(crate) fn operation_tags(
    documents: &[Document<'_>],
) -> BTreeMap<(String, String), Vec<String>> {
    let mut tags = BTreeMap::new();
    for Document { file, document } in documents {
        let paths = Pointer::root(file).push("paths");
        for (path, item) in &document.paths.paths {
            let Some(item) = item.as_item() else { continue };
            for (method, operation) in item.iter() {
                let pointer = paths.push(path).push(method).to_string();
                tags.insert(((*file).to_owned(), pointer), operation.tags.clone());
            }
        }
    }
    tags
}

/// Replaces the component schemas `replacements` names: every use of one becomes its
/// replacement. The names of the types it replaced.
fn replace_schemas(
    api: &mut Api,
    replacements: &BTreeMap<String, String>,
    out: &mut Vec<Warning>,
) -> BTreeSet<String> {
    let mut by_type = BTreeMap::new();
    for (schema, replacement) in replacements {
        let found = api
            .types
            .iter()
            .filter(|def| is_component(def, schema))
            .map(|def| def.name.clone())
            .collect::<Vec<_>>();
        if found.is_empty() {
            let file = api
                .types
                .first()
                .map(|d| d.source.file.as_str())
                .unwrap_or_default();
            let at = Pointer::root(file).push("components").push("schemas");
            out.push(at.warning(format!(
                "[replace] schemas: no schema `{schema}` is generated, so nothing is replaced"
            )));
        }
        for name in found {
            by_type.insert(name, replacement.clone());
        }
    }
    if by_type.is_empty() {
        return BTreeSet::new();
    }
    let swap = |ty: &mut TypeRef| {
        if let TypeRef::Named(name) = ty
            && let Some(replacement) = by_type.get(name)
        {
            *ty = TypeRef::External(replacement.clone());
        }
    };
    each_type_ref(api, swap);
    by_type.into_keys().collect()
}

fn is_component(def: &TypeDef, schema: &str) -> bool {
    def.source.component_schema() == Some(crate::error::escape_segment(schema).as_str())
}

/// Calls `visit` on every type reference of the model, innermost first.
fn each_type_ref(api: &mut Api, mut visit: impl FnMut(&mut TypeRef)) {
    fn walk(ty: &mut TypeRef, visit: &mut impl FnMut(&mut TypeRef)) {
        if let Some(inner) = ty.held_mut() {
            walk(inner, visit);
        }
        visit(ty);
    }
    for op in &mut api.operations {
        for param in &mut op.params {
            walk(&mut param.ty, &mut visit);
        }
        if let Some(body) = &mut op.body {
            walk(&mut body.ty, &mut visit);
        }
        for response in &mut op.responses {
            if let Some(ty) = &mut response.ty {
                walk(ty, &mut visit);
            }
        }
        if let crate::model::Output::Single(ty) = &mut op.output {
            walk(ty, &mut visit);
        }
        // What answers carry beside their body: events' data, typed headers.
        if let Some(events) = &mut op.extras.events {
            walk(&mut events.data, &mut visit);
        }
        if let Some(declared) = &mut op.extras.headers {
            for header in &mut declared.headers {
                walk(&mut header.ty, &mut visit);
            }
        }
    }
    for def in &mut api.types {
        for ty in def_refs(&mut def.kind) {
            walk(ty, &mut visit);
        }
    }
}

/// The type references a definition holds.
fn def_refs(kind: &mut TypeKind) -> Vec<&mut TypeRef> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter_mut()
            .map(|field| &mut field.ty)
            .chain(s.additional.as_mut())
            .collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Untagged(union) => union.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Tagged(tagged) => tagged.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
    }
}

/// The type references a definition holds, to read.
fn refs_of(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|field| &field.ty)
            .chain(s.additional.as_ref())
            .collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Untagged(union) => union.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Tagged(tagged) => tagged.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
    }
}

/// The named types the operations use, directly or through other types.
fn reachable(api: &Api) -> BTreeSet<String> {
    let roots = api.operations.iter().flat_map(operation_types).collect();
    closure(&api.types_by_name(), roots)
}

/// The named types an operation names itself: in its parameters, body and responses.
pub(crate) fn operation_types(op: &Operation) -> Vec<String> {
    let mut out = request_types(op);
    out.extend(answer_types(op));
    out
}

/// The named types an operation's request names: its parameters and body.
pub(crate) fn request_types(op: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    op.params.iter().for_each(|p| p.ty.named_into(&mut out));
    op.body.iter().for_each(|b| b.ty.named_into(&mut out));
    out
}

/// The named types an operation's answers name: its responses, its output, and what its
/// extra methods give (typed headers, events).
pub(crate) fn answer_types(op: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    op.responses
        .iter()
        .filter_map(|r| r.ty.as_ref())
        .for_each(|ty| ty.named_into(&mut out));
    if let crate::model::Output::Single(ty) = &op.output {
        ty.named_into(&mut out);
    }
    op.extras
        .answer_types()
        .for_each(|ty| ty.named_into(&mut out));
    out
}

/// The types `roots` name, and the types those name, and so on (names of no type included).
pub(crate) fn closure(
    by_name: &crate::model::TypesByName<'_>,
    roots: Vec<String>,
) -> BTreeSet<String> {
    let mut pending = roots;
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(def) = by_name.get(&name) else {
            continue;
        };
        for ty in refs_of(&def.kind) {
            ty.named_into(&mut pending);
        }
    }
    seen
}

#[cfg(test)]
#[path = "select_tests.rs"]
mod tests;
