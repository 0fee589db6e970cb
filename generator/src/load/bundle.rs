//! A document split across files, or with references to any place in itself, made into the
//! one document that `lower` reads, in which every reference is to a component:
//!
//! - a schema that is not a component of the entry file (in another file, or at any other
//!   place of the entry) is copied into `components/schemas` under a stable name: its
//!   component key where it has one, else the pointer's last meaningful segment, else the
//!   file's stem, with `2`, `3`, ... added where the name is taken; the reference is
//!   rewritten to it. A cycle of references, across files or not, becomes a cycle of
//!   component references, as within one file;
//! - any other object (path item, parameter, response, request body, header, example,
//!   security scheme, link, callback) is copied where the reference stands, except a
//!   reference to the entry's own parameters, responses, request bodies, examples and headers,
//!   which `lower` resolves itself;
//! - a reference where text belongs (a `description`) is replaced by the text, or by nothing
//!   with a warning.
//!
//! Every copy remembers where it came from ([`Origins`]), so that errors and warnings about it
//! name the file and JSON pointer the author wrote. A reference that cannot be followed (a
//! missing file or place, a URL: nothing is fetched) is an error at the reference.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::{Map, Value};

use super::files::{Files, join, percent_decode};
pub use super::origins::Origins;
use super::origins::stable_name;
use super::position::{Kind, Slot};
use super::scan::{local_targets, needs_bundling};
use crate::error::{Error, Pointer, Warning};

/// The document with every reference made local, and what making it so found.
pub struct Bundled {
    pub document: Value,
    pub origins: Origins,
    /// The files read besides the entry, in the order first read.
    pub files: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// A place of a file that a reference names: the file, and the JSON pointer in it (`""` or
/// `/a/b`, still escaped as RFC 6901 writes it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Target {
    file: String,
    pointer: String,
}

impl Target {
    fn place(&self) -> Pointer {
        Pointer::root(&self.file).from_ref(&self.pointer)
    }
}

/// Where a value is: in the file the author wrote, and in the bundled entry.
#[derive(Clone)]
struct Place {
    at: Pointer,
    bundled: Pointer,
}

impl Place {
    fn push(&self, segment: &str) -> Place {
        Place {
            at: self.at.push(segment),
            bundled: self.bundled.push(segment),
        }
    }
}

/// The entry `document` of `entry` with every reference made local (see the module doc).
pub fn bundle(entry: &str, document: Value, files: &dyn Files) -> Result<Bundled, Error> {
    if !needs_bundling(&document) {
        return Ok(Bundled {
            document,
            origins: Origins::default(),
            files: Vec::new(),
            warnings: Vec::new(),
        });
    }
    let document = Rc::new(document);
    let mut bundler = Bundler {
        entry: entry.to_owned(),
        files,
        documents: HashMap::from([(entry.to_owned(), document.clone())]),
        read: Vec::new(),
        hoisted: HashMap::new(),
        taken: HashSet::new(),
        slots: HashSet::new(),
        schemas: Vec::new(),
        inlining: Vec::new(),
        local_targets: HashSet::new(),
        origins: Vec::new(),
        warnings: Vec::new(),
    };
    bundler.claim_slots(&document);
    local_targets(&document, &mut bundler.local_targets);
    let root = Place {
        at: Pointer::root(entry),
        bundled: Pointer::root(entry),
    };
    let mut bundled = bundler.value(&document, Kind::Document, &root)?;
    if !bundler.schemas.is_empty()
        && let Value::Object(top) = &mut bundled
    {
        let components = top
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(components) = components {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(schemas) = schemas {
                schemas.extend(bundler.schemas.drain(..));
            }
        }
    }
    Ok(Bundled {
        document: bundled,
        origins: Origins {
            entry: entry.to_owned(),
            places: bundler.origins,
        },
        files: bundler.read,
        warnings: bundler.warnings,
    })
}

/// The component section of the entry that `lower` resolves references to, for a kind.
fn local_section(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Schema => Some("schemas"),
        Kind::Parameter => Some("parameters"),
        Kind::Response => Some("responses"),
        Kind::RequestBody => Some("requestBodies"),
        Kind::Example => Some("examples"),
        Kind::Header => Some("headers"),
        _ => None,
    }
}

struct Bundler<'a> {
    entry: String,
    files: &'a dyn Files,
    /// Every file read, by name, as written (the entry included).
    documents: HashMap<String, Rc<Value>>,
    read: Vec<String>,
    /// The component key each schema copied into the entry has.
    hoisted: HashMap<Target, String>,
    /// Keys of `components/schemas` in use.
    taken: HashSet<String>,
    /// Keys of the entry's components that are references to a schema elsewhere: the
    /// component holds that schema itself.
    slots: HashSet<String>,
    schemas: Vec<(String, Value)>,
    /// The non-schema references being copied, to refuse a cycle of them.
    inlining: Vec<Target>,
    /// Places of the entry (`#/...`) that references name, other than its components.
    local_targets: HashSet<String>,
    origins: Vec<(String, String, String)>,
    warnings: Vec<Warning>,
}

impl Bundler<'_> {
    /// Reserves the entry's component keys, and gives a schema that a component refers to
    /// (`Pet: {$ref: pet.yaml}`) that component's key.
    fn claim_slots(&mut self, document: &Value) {
        let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
            return;
        };
        self.taken.extend(schemas.keys().cloned());
        let root = Pointer::root(&self.entry);
        for (key, schema) in schemas {
            let Some(Value::Object(map)) = Some(schema) else {
                continue;
            };
            let Some(Value::String(reference)) = map.get("$ref") else {
                continue;
            };
            if map.len() != 1 {
                continue;
            }
            let Ok(target) = self.target(reference, &root) else {
                continue;
            };
            if self.entry_component(&target, Kind::Schema).is_some()
                || self.hoisted.contains_key(&target)
            {
                continue;
            }
            self.hoisted.insert(target, key.clone());
            self.slots.insert(key.clone());
        }
    }

    fn value(&mut self, value: &Value, kind: Kind, here: &Place) -> Result<Value, Error> {
        // A schema of the entry that a reference names from elsewhere is that component,
        // here too: one type, not two.
        if kind == Kind::Schema
            && !self.local_targets.is_empty()
            && here.at.file() == self.entry
            && here.bundled == here.at
        {
            let pointer = here.at.to_string();
            if self.local_targets.contains(&pointer) {
                let target = Target {
                    file: self.entry.clone(),
                    pointer: pointer[1..].to_owned(),
                };
                let key = self.hoist(&target, &pointer, here)?;
                let mut reference = Map::new();
                reference.insert(
                    "$ref".to_owned(),
                    Value::String(slot_pointer(&self.entry, &key).to_string()),
                );
                return Ok(Value::Object(reference));
            }
        }
        self.walk(value, kind, here)
    }

    /// A value and what is below it, with references made local.
    fn walk(&mut self, value: &Value, kind: Kind, here: &Place) -> Result<Value, Error> {
        let map = match value {
            Value::Object(map) if kind != Kind::Data => map,
            // Draft 4's `items: [..]`: each item is a schema; `tags` and the like.
            Value::Array(items) if matches!(kind, Kind::Schema | Kind::Other) => {
                return self.list(items, kind, here);
            }
            _ => return Ok(value.clone()),
        };
        if let Some(Value::String(reference)) = map.get("$ref") {
            return match kind {
                Kind::Schema => self.schema_ref(map, reference, here),
                Kind::Text => Ok(self.text_ref(reference, here)),
                _ => self.inline(map, reference, kind, here),
            };
        }
        if kind == Kind::Text {
            return Ok(value.clone());
        }
        let mut out = Map::with_capacity(map.len());
        for (key, child) in map {
            let value = self.child(key, child, kind, here)?;
            out.insert(key.clone(), value);
        }
        Ok(Value::Object(out))
    }

    fn child(
        &mut self,
        key: &str,
        child: &Value,
        kind: Kind,
        here: &Place,
    ) -> Result<Value, Error> {
        // Webhooks are not generated (`normalize` takes them out with a warning): the files
        // they refer to are not read.
        if kind == Kind::Document && key == "webhooks" {
            return Ok(child.clone());
        }
        if kind == Kind::Schema && key == "discriminator" {
            return self.discriminator(child, &here.push(key));
        }
        match (kind.child(key), child) {
            (Slot::One(Kind::Data), _) => Ok(child.clone()),
            (Slot::One(kind), _) => self.value(child, kind, &here.push(key)),
            (Slot::Map(kind), Value::Object(entries)) => {
                let place = here.push(key);
                let mut out = Map::with_capacity(entries.len());
                for (name, entry) in entries {
                    out.insert(name.clone(), self.value(entry, kind, &place.push(name))?);
                }
                Ok(Value::Object(out))
            }
            (Slot::List(kind), Value::Array(items)) => self.list(items, kind, &here.push(key)),
            _ => Ok(child.clone()),
        }
    }

    fn list(&mut self, items: &[Value], kind: Kind, here: &Place) -> Result<Value, Error> {
        items
            .iter()
            .enumerate()
            .map(|(index, item)| self.value(item, kind, &here.push(&index.to_string())))
            .collect::<Result<_, _>>()
            .map(Value::Array)
    }

    /// A schema reference, made a reference to a component of the entry.
    fn schema_ref(
        &mut self,
        map: &Map<String, Value>,
        reference: &str,
        here: &Place,
    ) -> Result<Value, Error> {
        let target = self.target(reference, &here.at)?;
        let key = match self.entry_component(&target, Kind::Schema) {
            Some(key) => key,
            None => {
                if let Some(key) = self.hoisted.get(&target)
                    && self.slots.contains(key)
                    && map.len() == 1
                    && here.bundled == slot_pointer(&self.entry, key)
                {
                    return self.copy(&target, reference, Kind::Schema, here);
                }
                self.hoist(&target, reference, here)?
            }
        };
        let mut out = Map::with_capacity(map.len());
        out.insert(
            "$ref".to_owned(),
            Value::String(slot_pointer(&self.entry, &key).to_string()),
        );
        for (name, child) in map.iter().filter(|(name, _)| *name != "$ref") {
            let value = self.child(name, child, Kind::Schema, here)?;
            out.insert(name.clone(), value);
        }
        Ok(Value::Object(out))
    }

    /// A discriminator whose `mapping` names schemas by reference (`dog: Dog.yaml`), each
    /// made a reference to the entry's component; mapped schema names stay as they are.
    fn discriminator(&mut self, value: &Value, here: &Place) -> Result<Value, Error> {
        let mut value = value.clone();
        let Some(Value::Object(mapping)) = value.get_mut("mapping") else {
            return Ok(value);
        };
        let here = here.push("mapping");
        for (name, reference) in mapping.iter_mut() {
            let Value::String(text) = reference else {
                continue;
            };
            let is_reference = text.contains(['#', '/'])
                || [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|ext| text.ends_with(ext));
            if !is_reference {
                continue;
            }
            let text = text.clone();
            let place = here.push(name);
            let target = self.target(&text, &place.at)?;
            let key = match self.entry_component(&target, Kind::Schema) {
                Some(key) => key,
                None => self.hoist(&target, &text, &place)?,
            };
            *reference = Value::String(slot_pointer(&self.entry, &key).to_string());
        }
        Ok(value)
    }

    /// The key of the schema at `target` among the entry's components, copying it there first.
    fn hoist(&mut self, target: &Target, reference: &str, here: &Place) -> Result<String, Error> {
        if let Some(key) = self.hoisted.get(target) {
            return Ok(key.clone());
        }
        let key = self.claim(stable_name(&target.file, &target.pointer));
        self.hoisted.insert(target.clone(), key.clone());
        let index = self.schemas.len();
        self.schemas.push((key.clone(), Value::Null));
        let place = Place {
            at: here.at.clone(),
            bundled: slot_pointer(&self.entry, &key),
        };
        let schema = self.copy(target, reference, Kind::Schema, &place)?;
        self.schemas[index].1 = schema;
        Ok(key)
    }

    /// The value at `target`, with its own references made local, to stand at `here`.
    fn copy(
        &mut self,
        target: &Target,
        reference: &str,
        kind: Kind,
        here: &Place,
    ) -> Result<Value, Error> {
        let document = self.document(&target.file, reference, &here.at)?;
        let Some(value) = document.pointer(&target.pointer) else {
            return Err(Error::at(
                &here.at,
                format!(
                    "`$ref: {reference}` cannot be followed: {} has nothing at #{}",
                    target.file, target.pointer
                ),
            ));
        };
        self.origins.push((
            here.bundled.to_string(),
            target.file.clone(),
            target.place().to_string(),
        ));
        let place = Place {
            at: target.place(),
            bundled: here.bundled.clone(),
        };
        self.walk(value, kind, &place)
    }

    /// An object of another kind than schema, copied where its reference stands (3.1's
    /// `summary` and `description` beside the reference replace the target's).
    fn inline(
        &mut self,
        map: &Map<String, Value>,
        reference: &str,
        kind: Kind,
        here: &Place,
    ) -> Result<Value, Error> {
        let target = self.target(reference, &here.at)?;
        if let Some(key) = self.entry_component(&target, kind) {
            let section = local_section(kind).unwrap_or_default();
            let mut local = map.clone();
            let pointer = Pointer::root(&self.entry)
                .push("components")
                .push(section)
                .push(&key);
            local.insert("$ref".to_owned(), Value::String(pointer.to_string()));
            return Ok(Value::Object(local));
        }
        if self.inlining.contains(&target) {
            return Err(Error::at(
                &here.at,
                format!(
                    "`$ref: {reference}` cannot be followed: it is part of a cycle of references \
                     that never reaches a {kind:?}"
                ),
            ));
        }
        self.inlining.push(target.clone());
        let copied = self.copy(&target, reference, kind, here);
        self.inlining.pop();
        let mut copied = copied?;
        if let Value::Object(object) = &mut copied {
            for (name, sibling) in map.iter().filter(|(name, _)| *name != "$ref") {
                let value = self.child(name, sibling, kind, here)?;
                object.insert(name.clone(), value);
            }
        }
        Ok(copied)
    }

    /// Text that a reference names, or nothing with a warning: a description is never worth
    /// refusing a document for.
    fn text_ref(&mut self, reference: &str, here: &Place) -> Value {
        let text = self.target(reference, &here.at).and_then(|target| {
            if target.pointer.is_empty() {
                // A whole file (`README.md`) is its text, whatever its format: only one beside
                // the document or below its folder, so that a description cannot copy a file
                // of the machine (`/proc/self/environ`, `../../.ssh/...`) into the code.
                if !self.below_entry(&target.file) {
                    return Err(Error::at(
                        &here.at,
                        format!(
                            "{} is outside the document's folder, and only files in it are \
                             copied in as text",
                            target.file
                        ),
                    ));
                }
                let text = self.files.read(&target.file).map_err(|err| {
                    Error::at(&here.at, format!("{} cannot be read: {err}", target.file))
                })?;
                if !self.read.contains(&target.file) {
                    self.read.push(target.file.clone());
                }
                return Ok(text);
            }
            let document = self.document(&target.file, reference, &here.at)?;
            match document.pointer(&target.pointer) {
                Some(Value::String(text)) => Ok(text.clone()),
                Some(_) => Err(Error::at(&here.at, "it names something other than text")),
                None => Err(Error::at(
                    &here.at,
                    format!("{} has nothing at #{}", target.file, target.pointer),
                )),
            }
        });
        match text {
            Ok(text) => Value::String(text),
            Err(err) => {
                self.warnings.push(here.at.warning(format!(
                    "`$ref: {reference}` where text belongs is left out: {}",
                    err.message
                )));
                Value::String(String::new())
            }
        }
    }

    /// Whether `file` is in the entry's folder or below it.
    fn below_entry(&self, file: &str) -> bool {
        let folder = self.entry.rsplit_once('/').map_or("", |(folder, _)| folder);
        let below = match folder {
            "" => file,
            folder => match file.strip_prefix(folder) {
                Some(rest) => match rest.strip_prefix('/') {
                    Some(rest) => rest,
                    None => return false,
                },
                None => return false,
            },
        };
        !below.starts_with("../") && !below.starts_with('/')
    }

    /// The place a reference written at `at` names.
    fn target(&self, reference: &str, at: &Pointer) -> Result<Target, Error> {
        if reference.contains("://") || reference.starts_with("//") {
            return Err(Error::at(
                at,
                format!(
                    "`$ref: {reference}` cannot be followed: it is a URL, and nothing is fetched \
                     over the network; save the file beside this one and refer to it by its path"
                ),
            ));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        // A path of the machine (`/etc/...`, `C:\\...`, `\\\\host\\share`) ties the document to
        // one machine, and the last is a network share: only relative paths are followed.
        let drive = path.as_bytes().get(1) == Some(&b':');
        if path.starts_with('/') || path.contains('\\') || drive {
            return Err(Error::at(
                at,
                format!(
                    "`$ref: {reference}` cannot be followed: it is an absolute path; refer to \
                     files by a path relative to this one"
                ),
            ));
        }
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(Error::at(
                at,
                format!(
                    "`$ref: {reference}` cannot be followed: `#{pointer}` is not a JSON pointer"
                ),
            ));
        }
        let file = if path.is_empty() {
            at.file().to_owned()
        } else {
            join(at.file(), &percent_decode(path))
        };
        Ok(Target { file, pointer })
    }

    /// The key of the entry's own component that `target` is, for kinds `lower` resolves.
    fn entry_component(&self, target: &Target, kind: Kind) -> Option<String> {
        if target.file != self.entry {
            return None;
        }
        let section = local_section(kind)?;
        let rest = target.pointer.strip_prefix("/components/")?;
        let (found, key) = rest.split_once('/')?;
        if found != section || key.contains('/') {
            return None;
        }
        let key = super::unescape(key);
        let entry = self.documents.get(&self.entry)?;
        let component = entry.get("components")?.get(section)?.get(&key)?;
        // A component that is itself a reference elsewhere is followed like any other
        // (schemas excepted: their component holds what the reference names).
        let is_reference = component.get("$ref").is_some();
        (kind == Kind::Schema || !is_reference).then_some(key)
    }

    /// The parsed file `name`, read once.
    fn document(&mut self, name: &str, reference: &str, at: &Pointer) -> Result<Rc<Value>, Error> {
        if let Some(document) = self.documents.get(name) {
            return Ok(document.clone());
        }
        let fail = |reason: String| {
            Error::at(
                at,
                format!("`$ref: {reference}` cannot be followed: {reason}"),
            )
        };
        let text = self
            .files
            .read(name)
            .map_err(|err| fail(format!("{name} cannot be read ({err})")))?;
        let super::json::Json(value) = serde_yaml::from_str(&text).map_err(|err| {
            let location = err
                .location()
                .map(|at| format!(" at line {} column {}", at.line(), at.column()))
                .unwrap_or_default();
            fail(format!(
                "{name} is not valid YAML{location}: {}",
                super::strip_location(&err.to_string())
            ))
        })?;
        let document = Rc::new(value);
        self.documents.insert(name.to_owned(), document.clone());
        self.read.push(name.to_owned());
        Ok(document)
    }

    /// `name`, or the first of `name2`, `name3`, ... that no component holds.
    fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        (2..)
            .map(|n| format!("{name}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// `#/components/schemas/{key}` of the entry.
fn slot_pointer(entry: &str, key: &str) -> Pointer {
    Pointer::root(entry)
        .push("components")
        .push("schemas")
        .push(key)
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;
