//! What is decided once the whole model is there: which enums must be open, which fields need
//! a `Box`, which inline types nothing uses any more, which routes collide.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Warning;
use crate::model::*;
use crate::select::{answer_types, closure, operation_types, request_types};

pub(super) fn finish(api: &mut Api, warnings: &mut Vec<Warning>) {
    prune_unused(api, warnings);
    open_response_enums(api);
    share_identical(api);
    box_recursion(api);
    report_shared_routes(api, warnings);
}

/// A property's `default` stays where its field can hold it as a constant (see
/// [`Api::default_for`]), which becomes the field's `stand_in`; any other is dropped with a
/// warning, and the property stays optional. Run once the configuration's schema
/// replacements are made (`read_documents`), as their types take no default.
pub fn settle_defaults(api: &mut Api, warnings: &mut Vec<Warning>) {
    // Each default with what stands in for it, or `None` where it is refused: decided against
    // the types as lowering left them, then written.
    let mut settled = Vec::new();
    for (type_index, def) in api.types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for (field_index, field) in s.fields.iter().enumerate() {
            let Some(value) = &field.default else {
                continue;
            };
            let stand_in = (!field.nullable)
                .then(|| api.default_for(&field.ty, value))
                .flatten();
            if stand_in.is_none() {
                let why = if field.nullable {
                    "the property may also be `null`, which an absent value must stay distinct from"
                } else {
                    "the generator writes defaults only for scalars and enum values of the field's own type, `[]`, and `{}` for a map or an object whose properties are all optional"
                };
                let pointer = format!(
                    "{}/properties/{}/default",
                    def.source.pointer,
                    crate::error::escape_segment(&field.wire_name)
                );
                warnings.push(Warning {
                    file: def.source.file.clone(),
                    pointer,
                    message: format!(
                        "the default {value} is not applied ({why}): the property is optional, \
                         and absent it reads as `None`"
                    ),
                });
            }
            settled.push((type_index, field_index, stand_in));
        }
    }
    for (type_index, field_index, stand_in) in settled {
        if let TypeKind::Struct(s) = &mut api.types[type_index].kind {
            let field = &mut s.fields[field_index];
            if stand_in.is_none() {
                field.default = None;
            }
            field.stand_in = stand_in;
        }
    }
}

/// A type made inline whose definition is the same as an earlier type's (the same enum met at
/// many places, the same object in many answers) becomes an alias of that type: one
/// definition to compile, and every name still there.
fn share_identical(api: &mut Api) {
    // Definitions met first, by an outline of their kind (its members and their types, not
    // their docs); within one outline, compared whole.
    let mut first: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for index in 0..api.types.len() {
        let def = &api.types[index];
        if matches!(def.kind, TypeKind::Alias(_)) {
            continue;
        }
        let met = first.entry(outline(&def.kind)).or_default();
        match met
            .iter()
            .find(|&&earlier| api.types[earlier].kind == def.kind)
        {
            Some(&original) if !is_component(def) => {
                let original = api.types[original].name.clone();
                api.types[index].kind = TypeKind::Alias(TypeRef::Named(original));
            }
            Some(_) => {}
            None => met.push(index),
        }
    }
}

/// What kind a definition is, and its members with their types: equal for identical
/// definitions, and seldom for others, so that each definition is compared whole with few.
fn outline(kind: &TypeKind) -> String {
    use std::fmt::Write as _;
    let mut outline = String::new();
    let _ = match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .try_for_each(|f| write!(outline, "{}: {:?}, ", f.wire_name, f.ty)),
        TypeKind::StringEnum(e) => e
            .variants
            .iter()
            .try_for_each(|v| write!(outline, "{:?}, ", v.wire)),
        TypeKind::IntegerEnum(e) => e
            .variants
            .iter()
            .try_for_each(|v| write!(outline, "{}, ", v.value)),
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .try_for_each(|v| write!(outline, "{:?}, ", v.ty)),
        TypeKind::Tagged(t) => t
            .variants
            .iter()
            .try_for_each(|v| write!(outline, "{}: {:?}, ", v.tag, v.ty)),
        TypeKind::Alias(target) => write!(outline, "{target:?}"),
    };
    outline
}

/// Whether a type is a component (kept whether used or not) rather than made inline.
fn is_component(def: &TypeDef) -> bool {
    def.source.component_schema().is_some()
}

/// Drops the types made inline that nothing refers to any more (a response envelope the
/// profile replaced with the runtime's, say), and the components that are envelopes the
/// profile reads itself, when nothing else refers to them (each one named in a warning).
fn prune_unused(api: &mut Api, warnings: &mut Vec<Warning>) {
    let mut roots: Vec<String> = api.operations.iter().flat_map(operation_types).collect();
    roots.extend(
        api.types
            .iter()
            .filter(|d| is_component(d) && !api.envelopes.contains(&d.name))
            .map(|d| d.name.clone()),
    );
    let used = closure(&api.types_by_name(), roots);
    for def in api.types.iter().filter(|def| !used.contains(&def.name)) {
        if is_component(def) {
            warnings.push(Warning {
                file: def.source.file.clone(),
                pointer: def.source.pointer.clone(),
                message: "a response envelope the profile reads itself: the operations give \
                          its data, and the runtime reads the rest (not generated as a type)"
                    .to_owned(),
            });
        }
    }
    api.types.retain(|def| used.contains(&def.name));
}

/// Makes every enum open that an answer can contain, or that no request uses (the parts of
/// envelopes a profile reads itself, say): a value a newer server sends must reach the caller,
/// not fail the whole answer. Only an enum that requests use and no answer does stays closed,
/// so that a bad value is refused before it is sent.
fn open_response_enums(api: &mut Api) {
    let reachable = |roots: fn(&Operation) -> Vec<String>| {
        closure(
            &api.types_by_name(),
            api.operations.iter().flat_map(roots).collect(),
        )
    };
    let (in_requests, in_answers) = (reachable(request_types), reachable(answer_types));
    for def in &mut api.types {
        let closed = in_requests.contains(&def.name) && !in_answers.contains(&def.name);
        match &mut def.kind {
            TypeKind::StringEnum(e) => e.open |= !closed,
            TypeKind::IntegerEnum(e) => e.open |= !closed,
            _ => {}
        }
    }
}

/// The types a type holds in place (not behind a `Vec` or map, which are on the heap).
fn held_in_place(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Secret(inner) | TypeRef::Nullable(inner) => held_in_place(inner, out),
        TypeRef::Named(name) => out.push(name.clone()),
        _ => {}
    }
}

/// Puts in a `Box` each field through which its type holds itself in place (A holds B, B
/// holds A): such a type would have an infinite size.
fn box_recursion(api: &mut Api) {
    let edges: BTreeMap<String, Vec<String>> = api
        .types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| held_in_place(&f.ty, &mut out)),
                TypeKind::Alias(target) => held_in_place(target, &mut out),
                TypeKind::Untagged(u) => u
                    .variants
                    .iter()
                    .for_each(|v| held_in_place(&v.ty, &mut out)),
                TypeKind::Tagged(t) => t
                    .variants
                    .iter()
                    .for_each(|v| held_in_place(&v.ty, &mut out)),
                TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
            }
            (def.name.clone(), out)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut pending = vec![from.to_owned()];
        while let Some(name) = pending.pop() {
            if name == to {
                return true;
            }
            if seen.insert(name.clone()) {
                pending.extend(edges.get(&name).cloned().unwrap_or_default());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for def in &api.types {
        if let TypeKind::Struct(s) = &def.kind {
            for (index, field) in s.fields.iter().enumerate() {
                let mut held = Vec::new();
                held_in_place(&field.ty, &mut held);
                if held.iter().any(|target| reaches(target, &def.name)) {
                    to_box.push((def.name.clone(), index));
                }
            }
        }
    }
    for (name, index) in to_box {
        if let Some(TypeKind::Struct(s)) = api
            .types
            .iter_mut()
            .find(|def| def.name == name)
            .map(|def| &mut def.kind)
        {
            s.fields[index].boxed = true;
        }
    }
}

/// Operations with the same method and path (path keys that differ only by a fragment): a
/// server serves the first.
fn report_shared_routes(api: &Api, warnings: &mut Vec<Warning>) {
    let mut seen: BTreeMap<(Method, String), &str> = BTreeMap::new();
    for op in &api.operations {
        let shape = route_shape(&op.path);
        match seen.get(&(op.method, shape.clone())) {
            Some(first) => {
                warnings.push(Warning {
                    file: op.source.file.clone(),
                    pointer: op.source.pointer.clone(),
                    message: format!(
                        "`{}` has the method and path of `{first}`: the generated server serves \
                         `{first}` there (the client calls both)",
                        op.wire_id
                    ),
                });
            }
            None => {
                seen.insert((op.method, shape), &op.wire_id);
            }
        }
    }
}

/// A path with its parameters' names left out: `/pets/{}`.
fn route_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                shape.push('{');
            }
            '}' => {
                inside = false;
                shape.push('}');
            }
            _ if inside => {}
            c => shape.push(c),
        }
    }
    shape
}
