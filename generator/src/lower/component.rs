//! A reference followed to the object it names. After bundling, every reference to a
//! parameter, request body, response, header or example names a `#/components/{kind}/{key}` of
//! the same document; this is the one place that looks it up, for lowering and the examples.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Pointer};

/// An object a document keeps under `components`.
pub(crate) trait Component: Sized {
    /// Its key under `components` (`responses`).
    const KIND: &'static str;
    /// What one is called in messages (`response`).
    const NOUN: &'static str;
    fn all(components: &openapiv3::Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! components {
    ($($ty:ty => $field:ident, $kind:literal, $noun:literal;)*) => {$(
        impl Component for $ty {
            const KIND: &'static str = $kind;
            const NOUN: &'static str = $noun;
            fn all(components: &openapiv3::Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    )*};
}

components! {
    openapiv3::Parameter => parameters, "parameters", "parameter";
    openapiv3::RequestBody => request_bodies, "requestBodies", "request body";
    openapiv3::Response => responses, "responses", "response";
    openapiv3::Header => headers, "headers", "header";
    openapiv3::Example => examples, "examples", "example";
}

/// How many references in a row are followed (a component that is itself a reference).
const MAX_HOPS: usize = 8;

/// The object `item` is or names, and the pointer of where it stands; `None` where a
/// reference names nothing in `document`.
pub(crate) fn resolve<'a, T: Component>(
    mut item: &'a ReferenceOr<T>,
    ptr: &Pointer,
    document: &'a OpenAPI,
) -> Option<(&'a T, Pointer)> {
    let mut ptr = ptr.clone();
    for _ in 0..MAX_HOPS {
        match item {
            ReferenceOr::Item(found) => return Some((found, ptr)),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix(&format!("#/components/{}/", T::KIND))?;
                item = T::all(document.components.as_ref()?).get(&crate::load::unescape(key))?;
                ptr = ptr.from_ref(reference);
            }
        }
    }
    None
}

/// [`resolve`], an error at `ptr` where the reference names nothing.
pub(crate) fn resolve_or_error<'a, T: Component>(
    item: &'a ReferenceOr<T>,
    ptr: &Pointer,
    document: &'a OpenAPI,
) -> Result<(&'a T, Pointer), Error> {
    resolve(item, ptr, document).ok_or_else(|| {
        let named = match item {
            ReferenceOr::Reference { reference } => format!("`$ref: {reference}`"),
            ReferenceOr::Item(_) => "this reference".to_owned(),
        };
        Error::at(ptr, format!("{named} names no {} in this file", T::NOUN))
    })
}
