//! Stage 2: `openapiv3::OpenAPI` documents -> the `model::Api`.
//!
//! Walks each document in spec order, keeping a JSON pointer to where it is so that every
//! error and warning names its place. Schemas become `TypeRef`s; the ones that need a Rust
//! type of their own (objects, enums, unions, components) become `TypeDef`s named from their
//! path (`schema`). Operations bring their parameters, body, responses and security
//! (`operation`). The document's profile (`crate::profile`) names operations and, at the end,
//! applies its conventions.
//!
//! Naming of types made inline:
//! - components keep their key: `#/components/schemas/Metadata` is `Metadata`;
//! - an operation's one success body is `{Operation}Response`, other responses
//!   `{Operation}{Status}` (`AddPetNotFound`), a request body `{Operation}Body`; their
//!   properties `{Operation}{Prop}`, and deeper properties `{Parent}{Prop}` (array items add
//!   `Item`);
//! - an enum defined at a parameter is named after the parameter (`app` -> `App`) unless a
//!   different type holds that name already, then `{Operation}{Param}`; an identical enum met
//!   again is the same type;
//! - an operation with several success bodies answers with `{Operation}Response`, an enum by
//!   status, and one with declared failures fails with `{Operation}Error`.

pub(crate) mod component;
mod constraints;
mod extras;
mod finish;
pub use finish::settle_defaults;
pub(crate) use operation::location;
mod implied;
mod infer;
mod operation;
mod response;
mod schema;

pub use constraints::{
    ENUM_VARNAMES_EXTENSION, EXTENSIBLE_ENUM_EXTENSION, MAX_DECODED_LENGTH_EXTENSION,
    SENSITIVE_EXTENSION,
};

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Pointer, Warning};
use crate::model::*;
use crate::naming::{self, Scope};
use crate::profile::Profile;
use operation::OperationContext;

/// Lowers every document, in order, under the profile each chose, into one model. A string
/// whose `format` is a key of `formats` becomes the type it names (the configuration's
/// `[replace.formats]`), wherever the string stands.
pub fn lower(
    documents: &[(String, OpenAPI, Profile)],
    formats: &BTreeMap<String, String>,
) -> Result<(Api, Vec<Warning>), Error> {
    let mut lowerer = Lowerer {
        type_names: naming::type_scope(),
        formats: formats.clone(),
        ..Lowerer::default()
    };
    // The generated client's own methods.
    for method in ["builder", "with"] {
        lowerer.fn_names.claim(method.to_owned());
    }
    for (file, document, profile) in documents {
        lowerer.profile = *profile;
        let first_operation = lowerer.api.operations.len();
        lowerer.document(file, document)?;
        profile.apply(
            &mut lowerer.api,
            file,
            first_operation,
            &mut lowerer.warnings,
        );
    }
    finish::finish(&mut lowerer.api, &mut lowerer.warnings);
    // A part lowered for each operation that refers to it (a shared response) warns once:
    // `Origins::warnings`, which `read_documents` passes every warning through, keeps one.
    Ok((lowerer.api, lowerer.warnings))
}

#[derive(Default)]
pub(crate) struct Lowerer {
    api: Api,
    warnings: Vec<Warning>,
    type_names: Scope,
    fn_names: Scope,
    /// The profile of the document being lowered.
    profile: Profile,
    /// How deep the inline schema being lowered is.
    depth: usize,
    /// (file, component key) -> Rust type name, assigned before any schema is lowered so that
    /// references, recursive ones included, resolve.
    components: BTreeMap<(String, String), String>,
    /// Where each name of `api.types` is, for [`Lowerer::type_def`]: the model's own lookup
    /// scans every type, and lowering looks a name up for every type it defines.
    type_index: HashMap<String, usize>,
    /// `format` -> the Rust type that stands for strings of that format.
    formats: BTreeMap<String, String>,
}

/// What to call a type made at some place, and what to call the types made inside it.
#[derive(Debug, Clone)]
struct NameHint {
    preferred: String,
    /// Used when `preferred` is held by a different type.
    qualified: String,
    /// Prefix of the names of types made for this type's properties.
    child_base: Option<String>,
    /// The wire name of the place (parameter, property, component) an enum's errors name.
    label: String,
}

impl NameHint {
    fn new(name: String, label: &str) -> Self {
        NameHint {
            preferred: name.clone(),
            qualified: name,
            child_base: None,
            label: label.to_owned(),
        }
    }

    fn child(&self, wire: &str) -> NameHint {
        let base = self.child_base.as_deref().unwrap_or(&self.preferred);
        NameHint::new(format!("{base}{}", naming::type_name(wire)), wire)
    }
}

impl Lowerer {
    /// Adds a named type to the model; its index in `api.types`.
    fn push_type(&mut self, def: TypeDef) -> usize {
        let index = self.api.types.len();
        // The first of a name wins, as with `Api::type_def`.
        self.type_index.entry(def.name.clone()).or_insert(index);
        self.api.types.push(def);
        index
    }

    /// The named type called `name`, as `Api::type_def` finds it. Lowering only adds types
    /// (profiles change their kinds, never their names), so the index stays right.
    fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.type_index
            .get(name)
            .and_then(|&index| self.api.types.get(index))
    }

    fn document(&mut self, file: &str, document: &OpenAPI) -> Result<(), Error> {
        let root = Pointer::root(file);
        self.api.titles.push(document.info.title.clone());
        if self.api.servers.is_empty() {
            self.api.servers = document.servers.iter().map(server).collect();
        }
        let components = document.components.clone().unwrap_or_default();
        self.security_schemes(&components.security_schemes, &root);

        for key in components.schemas.keys() {
            let name = self.type_names.claim(naming::type_name(key));
            self.components.insert((file.to_owned(), key.clone()), name);
        }
        let schemas_ptr = root.push("components").push("schemas");
        for (key, schema) in &components.schemas {
            self.component(file, key, schema, &schemas_ptr.push(key), document)?;
        }

        let paths_ptr = root.push("paths");
        for (path, item) in &document.paths.paths {
            let item_ptr = paths_ptr.push(path);
            let ReferenceOr::Item(item) = item else {
                // The loader brings referenced path items in; one it could not is skipped.
                self.warn(
                    &item_ptr,
                    "a `$ref` to a path item that was not brought in: the path is skipped",
                );
                continue;
            };
            for (method, operation) in item.iter() {
                let method = match method {
                    "get" => Method::Get,
                    "put" => Method::Put,
                    "post" => Method::Post,
                    "delete" => Method::Delete,
                    "options" => Method::Options,
                    "head" => Method::Head,
                    "patch" => Method::Patch,
                    _ => Method::Trace,
                };
                let context = OperationContext {
                    document,
                    path,
                    method,
                    shared_params: &item.parameters,
                    ptr: item_ptr.push(method.as_str().to_ascii_lowercase()),
                    item_ptr: item_ptr.clone(),
                };
                self.operation(&context, operation)?;
            }
        }
        Ok(())
    }

    fn security_schemes(
        &mut self,
        schemes: &IndexMap<String, ReferenceOr<openapiv3::SecurityScheme>>,
        root: &Pointer,
    ) {
        use openapiv3::{APIKeyLocation, SecurityScheme};
        let mut hooks = Scope::new();
        for scheme in &self.api.schemes {
            hooks.claim(scheme.hook.clone());
        }
        for (name, scheme) in schemes {
            if self.api.schemes.iter().any(|known| &known.name == name) {
                continue;
            }
            let ptr = root.push("components").push("securitySchemes").push(name);
            let (kind, description) = match scheme {
                ReferenceOr::Item(SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                }) if scheme.eq_ignore_ascii_case("basic") => (SchemeKind::Basic, description),
                ReferenceOr::Item(SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                }) if scheme.eq_ignore_ascii_case("bearer") => (SchemeKind::Bearer, description),
                ReferenceOr::Item(SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                }) => (
                    SchemeKind::ApiKey {
                        location: match location {
                            APIKeyLocation::Query => Location::Query,
                            APIKeyLocation::Header => Location::Header,
                            APIKeyLocation::Cookie => Location::Cookie,
                        },
                        name: name.clone(),
                    },
                    description,
                ),
                ReferenceOr::Item(
                    SecurityScheme::OAuth2 { description, .. }
                    | SecurityScheme::OpenIDConnect { description, .. },
                ) => {
                    self.warnings.push(ptr.warning(
                        "OAuth 2 and OpenID Connect flows are not run: the client sends an \
                         access token you give it as a bearer token, and the server hands it \
                         to your hook",
                    ));
                    (SchemeKind::Bearer, description)
                }
                _ => {
                    self.warnings
                        .push(ptr.warning("this security scheme is not supported; ignored"));
                    continue;
                }
            };
            self.api.schemes.push(crate::model::SecurityScheme {
                name: name.clone(),
                hook: hooks.claim(naming::value_name(name)),
                kind,
                description: description.clone(),
            });
        }
    }

    fn component(
        &mut self,
        file: &str,
        key: &str,
        schema: &ReferenceOr<openapiv3::Schema>,
        ptr: &Pointer,
        document: &OpenAPI,
    ) -> Result<(), Error> {
        let name = self.components[&(file.to_owned(), key.to_owned())].clone();
        // Reserved first, so that references to it (recursive ones too) find it.
        let index = self.push_type(TypeDef {
            name: name.clone(),
            doc: None,
            deprecated: false,
            kind: TypeKind::Alias(TypeRef::Json),
            source: source(ptr),
        });
        let hint = NameHint::new(name.clone(), key);
        let (kind, doc, deprecated) = match schema {
            ReferenceOr::Reference { reference } => (
                TypeKind::Alias(self.schema_ref(reference, ptr)?),
                None,
                false,
            ),
            ReferenceOr::Item(schema) => (
                self.component_kind(schema, ptr, &hint, document)?,
                text(&schema.schema_data.description),
                schema.schema_data.deprecated,
            ),
        };
        let def = &mut self.api.types[index];
        def.kind = kind;
        def.doc = doc;
        def.deprecated = deprecated;
        Ok(())
    }

    fn warn(&mut self, ptr: &Pointer, message: &str) {
        self.warnings.push(ptr.warning(message));
    }
}

/// A description that says something: blank ones are none (the emitters then write a
/// generated doc line instead).
fn text(description: &Option<String>) -> Option<String> {
    description.clone().filter(|d| !d.trim().is_empty())
}

fn server(server: &openapiv3::Server) -> Server {
    Server {
        url: server.url.clone(),
        description: server.description.clone(),
        variables: server
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                description: variable.description.clone(),
            })
            .collect(),
    }
}

fn source(ptr: &Pointer) -> Source {
    Source {
        file: ptr.file().to_owned(),
        pointer: ptr.to_string(),
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
