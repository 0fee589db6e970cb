//! The typed model between the OpenAPI document and the emitted Rust.
//!
//! `lower` builds it from `openapiv3` documents and the profile adjusts it; the emitters read
//! nothing else. Every name in it is already a valid Rust identifier (see `naming`), every
//! wire string is kept exactly as the spec wrote it, and every list is in spec order, so
//! emitting is a pure function of it. It knows nothing of openapiv3 and of Rust paths: what a
//! profile decides reaches the emitters as typed data (a [`Family`], a [`RuntimeType`], a
//! [`RuntimeFeature`]), which `emit::runtime` maps to the runtime's items in one table.

use std::collections::{BTreeMap, BTreeSet};

pub use openapi_runtime::vocab::{Location, Media, Method, Style};

mod defaults;
mod lookup;
pub use defaults::DefaultValue;
pub use lookup::{TypesByName, first_by};

/// How a security scheme carries credentials: the runtime's, its words owned.
pub type SchemeKind = openapi_runtime::vocab::SchemeKind<String>;

/// Everything the emitters need to write one crate, merged from one or more spec files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    /// `info.title` of each spec file, in the order the files were read.
    pub titles: Vec<String>,
    /// Where the API is served, from the first spec that names servers.
    pub servers: Vec<Server>,
    /// The security schemes, deduplicated by name; operations refer to them by name.
    pub schemes: Vec<SecurityScheme>,
    /// Operations in spec order (files in the order given, paths and methods in spec order).
    pub operations: Vec<Operation>,
    /// Named types in definition order: components first, then types met in operations.
    pub types: Vec<TypeDef>,
    /// The runtime's cargo features the crate needs beyond `client` and `server`.
    pub runtime_features: Vec<RuntimeFeature>,
    /// Types a profile reads itself (cPanel's response envelopes, whose data is the output):
    /// generated only where something else refers to them, even when they are components.
    pub envelopes: BTreeSet<String>,
    /// Derives the crate's structs and unions have beyond their own (`Eq`, `Hash`), as the
    /// configuration names them.
    pub extra_derives: Vec<String>,
    /// Which of the client and the server the crate has (the types it always has).
    pub parts: Parts,
    /// The crate's per-tag features and what each gates (empty: everything is always there).
    pub features: crate::features::TagFeatures,
}

/// The optional parts of a generated crate: each its own module behind its own feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub client: bool,
    pub server: bool,
}

impl Default for Parts {
    fn default() -> Self {
        Parts {
            client: true,
            server: true,
        }
    }
}

impl Api {
    /// The named type called `name`, if the model has one.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|def| def.name == name)
    }

    /// Whether any operation has a security requirement.
    pub fn has_security(&self) -> bool {
        self.operations.iter().any(|op| {
            op.security
                .iter()
                .any(|alternative| !alternative.is_empty())
        })
    }
}

/// A server URL template such as `https://{host}:{port}/json-api`, with its variables.
pub type Server = openapi_runtime::vocab::Server<String, Vec<ServerVariable>>;

/// One `{name}` placeholder of a server template with its default value.
pub type ServerVariable = openapi_runtime::vocab::ServerVariable<String>;

/// A security scheme from `components.securitySchemes` (or one the profile adds).
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's key, e.g. `BasicAuth`.
    pub name: String,
    /// The name of its hook method on the server's `Authenticate` trait (snake case).
    pub hook: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
}

/// One HTTP operation: a path and a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operationId as written in the spec (or derived from method and path).
    pub wire_id: String,
    /// The Rust method name (snake case), unique in the crate.
    pub fn_name: String,
    /// The prefix of the types made for this operation (upper camel case).
    pub type_prefix: String,
    pub method: Method,
    /// The path template as requests use it, e.g. `/pets/{petId}`.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The name of the generated parameter struct, e.g. `CreateUserSessionParams`.
    pub params_type: String,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    /// Every declared response, in spec order.
    pub responses: Vec<Response>,
    /// What a success gives the caller.
    pub output: Output,
    /// What a declared failure gives the caller.
    pub failure: Failure,
    /// The security requirement: alternatives, each a set of schemes of `Api::schemes` by
    /// name. Empty: anyone may call.
    pub security: Vec<Vec<String>>,
    /// Query pairs every request carries that the caller does not choose.
    pub fixed_query: Vec<(String, String)>,
    /// The conventions of the API family the profile found the operation in: what its
    /// servers do beyond the description (booleans, envelopes, forms).
    pub family: Family,
    /// Extensions (`x-...`) of the operation, for the profile to read.
    pub extensions: BTreeMap<String, serde_json::Value>,
    /// JSON pointer of the operation in its spec file, for messages.
    pub source: Source,
    /// What its answers offer beyond the value of the body: streams and typed headers.
    pub extras: Extras,
}

impl Operation {
    /// Whether anyone may call it, with or without credentials.
    pub fn is_public(&self) -> bool {
        self.security.is_empty() || self.security.iter().any(Vec::is_empty)
    }
}

/// A request parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    /// The field name in the params struct (snake case).
    pub field_name: String,
    pub location: Location,
    pub required: bool,
    pub doc: Option<String>,
    pub ty: TypeRef,
    /// Secret values are redacted from `Debug` output and error messages.
    pub sensitive: bool,
    pub deprecated: bool,
    pub style: Style,
    pub explode: bool,
    /// It travels as JSON text (`content: application/json`), not in a style.
    pub json: bool,
    pub constraints: Constraints,
}

/// An operation's request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub doc: Option<String>,
    /// The Rust type of the body (of the first media type).
    pub ty: TypeRef,
    /// The media types accepted, the one the client sends first.
    pub media: Vec<(String, Media)>,
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status key: `200`, `2XX`, `default`.
    pub status: String,
    pub doc: Option<String>,
    /// The media type of the body, `None` for no body.
    pub content_type: Option<String>,
    pub media: Media,
    /// The body's type, `None` for no body.
    pub ty: Option<TypeRef>,
    pub success: bool,
    /// Its variant in the operation's enum by status, e.g. `NotFound`.
    pub variant: String,
    /// Where the operation declares it (`None` for the success assumed where none is).
    pub source: Option<Source>,
}

impl Response {
    /// Whether the status is a range or `default`, whose exact status the value carries.
    pub fn carries_status(&self) -> bool {
        self.status.parse::<u16>().is_err()
    }
}

/// What an operation's answers offer beyond the value of their body, each with the name of
/// the client method that gives it (unique among the crate's methods).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// The success offers `text/event-stream`.
    pub events: Option<Events>,
    /// The success is bytes: the method that streams them.
    pub bytes_fn: Option<String>,
    /// The request body is bytes: the method that sends it from a stream.
    pub upload_fn: Option<String>,
    /// The success declares headers.
    pub headers: Option<OutputHeaders>,
}

impl Extras {
    /// The types its answers hold: the events' data and the headers'.
    pub fn answer_types(&self) -> impl Iterator<Item = &TypeRef> {
        let events = self.events.iter().map(|events| &events.data);
        let headers = self.headers.iter().flat_map(|declared| &declared.headers);
        events.chain(headers.map(|header| &header.ty))
    }
}

/// A success's `text/event-stream` answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    /// The client method that reads it.
    pub fn_name: String,
    /// The type of each event's data: `String` for text, else read as JSON.
    pub data: TypeRef,
    /// The success has no other media type: the server answers with the stream.
    pub only: bool,
}

/// The typed headers of an operation's success.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputHeaders {
    /// The struct holding them.
    pub type_name: String,
    /// The client method giving them with the body.
    pub fn_name: String,
    pub headers: Vec<ResponseHeader>,
}

/// A header a response declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub wire_name: String,
    /// The field of the headers struct (snake case).
    pub field_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    /// The shape of its value in the `simple` style.
    pub shape: HeaderShape,
    pub explode: bool,
}

/// How a header's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderShape {
    Scalar,
    List,
    Object,
}

/// What a success gives the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// One type (`()` when there is no body).
    Single(TypeRef),
    /// An enum by status, named so, made of the success responses.
    ByStatus(String),
}

/// What a declared failure gives the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Nothing declared: the runtime's `NoFailure`.
    None,
    /// An enum by status, named so, made of the failure responses.
    ByStatus(String),
    /// The failure the family's envelope reports (cPanel's `Failure`).
    Envelope(Envelope),
}

/// A reference to a Rust type, as a field, parameter or item uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer(IntegerWidth),
    Number,
    Boolean,
    /// `format: binary`: bytes.
    Binary,
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A type in `Api::types`, by its Rust name.
    Named(String),
    /// Any JSON value: free-form objects, and the honest fallback for what the generator
    /// cannot express yet.
    Json,
    /// No value: a response or body without content.
    Unit,
    /// A secret value of the inner type: redacted from `Debug`.
    Secret(Box<TypeRef>),
    /// An array's item or a map's value whose schema allows `null` (`Option`). A property's
    /// own nullability is its field's (`Field::nullable`), not this.
    Nullable(Box<TypeRef>),
    /// A type of the runtime's (one a profile maps a schema to).
    Runtime(RuntimeType),
    /// A type from outside the crate that a configured replacement stands in for a schema:
    /// Rust type syntax, checked when the configuration was read
    /// (`chrono::DateTime<chrono::Utc>`).
    External(String),
}

impl TypeRef {
    /// The type this one holds: an array's item, a map's value, the value of a secret or of
    /// a nullable.
    pub fn held(&self) -> Option<&TypeRef> {
        match self {
            TypeRef::Array(inner)
            | TypeRef::Map(inner)
            | TypeRef::Secret(inner)
            | TypeRef::Nullable(inner) => Some(inner),
            _ => None,
        }
    }

    /// [`Self::held`], to change.
    pub fn held_mut(&mut self) -> Option<&mut TypeRef> {
        match self {
            TypeRef::Array(inner)
            | TypeRef::Map(inner)
            | TypeRef::Secret(inner)
            | TypeRef::Nullable(inner) => Some(inner),
            _ => None,
        }
    }

    /// The named type this is or holds, pushed onto `out`.
    pub fn named_into(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::Named(name) => out.push(name.clone()),
            _ => {
                if let Some(inner) = self.held() {
                    inner.named_into(out);
                }
            }
        }
    }
}

/// The runtime's own types a profile may map a schema to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeType {
    /// cPanel's `1`/`0` flag.
    CpanelFlag,
}

impl RuntimeType {
    /// The type's name, for the names derived from it (a union's variant).
    pub fn name(self) -> &'static str {
        match self {
            RuntimeType::CpanelFlag => "Flag",
        }
    }
}

/// A cargo feature of the runtime a crate needs beyond `client` and `server`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuntimeFeature {
    /// cPanel's envelopes, flags and operation bases.
    Cpanel,
}

/// The API family an operation belongs to, with the conventions its servers keep that the
/// description does not state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Family {
    /// OpenAPI as written: `true`/`false` booleans, bodies as declared.
    #[default]
    Plain,
    /// cPanel's: `1`/`0` booleans, a GET function served as a POSTed form too, and the data
    /// in `envelope` when the answer has one.
    Cpanel { envelope: Option<Envelope> },
}

impl Family {
    /// The envelope its answers travel in, if any.
    pub fn envelope(self) -> Option<Envelope> {
        match self {
            Family::Plain => None,
            Family::Cpanel { envelope } => envelope,
        }
    }
}

/// A response envelope a profile reads itself: the operation's value is its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// WHM API 1's `{data, metadata}`.
    Whm,
    /// UAPI's `{apiversion, func, module, result}`.
    Uapi,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerWidth {
    I32,
    I64,
}

/// A named type: a struct, an enum or an alias.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name (upper camel case), unique in the crate.
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Where the type was defined in the spec.
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    StringEnum(StringEnum),
    IntegerEnum(IntegerEnum),
    /// A component that is just another type, e.g. `Username: {type: string}`.
    Alias(TypeRef),
    /// A value of one of several types (`oneOf`/`anyOf` that no simpler type expresses), read
    /// by trying each alternative in order (serde's `untagged`).
    Untagged(Union),
    /// A `oneOf` with a `discriminator`: the property names the variant (serde's internally
    /// tagged enum).
    Tagged(Tagged),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union: a variant name and the type it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The discriminator's property.
    pub property: String,
    pub variants: Vec<TaggedVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The discriminator's value for this variant.
    pub tag: String,
    pub rust_name: String,
    /// The struct the variant holds.
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside properties: the other keys, kept in a map field.
    pub additional: Option<TypeRef>,
    /// `additionalProperties: false`: unknown keys are refused.
    pub closed: bool,
}

impl Struct {
    /// Whether every field may be absent: the struct then has an obvious empty value, its
    /// `Default`, which is also where reading it starts (see `emit::objects`).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(Field::is_optional)
    }
}

/// A property of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    /// `readOnly`: sent by the server only; optional in what a client sends.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only; optional in what a server answers.
    pub write_only: bool,
    /// The spec's `default`, used when the property is absent, as the spec writes it (which
    /// examples fill in). `settle_defaults` drops one the field cannot hold.
    pub default: Option<serde_json::Value>,
    /// What the generated code stands in for an absent value: the `default` as the field's
    /// type holds it, decided once by `settle_defaults` (lowering knows the field's type but
    /// not yet every type it names); `None` before that, and for a field without one.
    pub stand_in: Option<DefaultValue>,
    /// Held in a `Box`: the type contains itself through this field.
    pub boxed: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`: absent or `null` on the wire (or absent in one
    /// direction, for `readOnly`/`writeOnly`), and no default to stand in.
    pub fn is_optional(&self) -> bool {
        (!self.required || self.nullable || self.read_only || self.write_only)
            && self.default.is_none()
    }
}

/// An enum of strings; the error it gives names `label` (the parameter or property).
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub label: String,
    pub variants: Vec<StringVariant>,
    /// Open enums keep values outside the list in an extra variant instead of rejecting them.
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StringVariant {
    pub wire: String,
    pub rust_name: String,
}

/// An enum of integers, such as WHM's `result` (0 or 1).
#[derive(Debug, Clone, PartialEq)]
pub struct IntegerEnum {
    pub label: String,
    pub variants: Vec<IntegerVariant>,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntegerVariant {
    pub value: i64,
    pub rust_name: String,
}

/// The standard schema constraints the generated validators check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    /// The `format` keyword as written (`email`, `hostname`, `byte`, ...).
    pub format: Option<String>,
    /// For `format: byte`: the most characters the decoded value may have
    /// (`x-max-decoded-length`).
    pub max_decoded_length: Option<usize>,
    /// `anyOf` alternatives of string schemas: the value must satisfy one of them (as well as
    /// the constraints above).
    pub any_of: Vec<Constraints>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A place in a spec file: the file as given and a JSON pointer into it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub file: String,
    pub pointer: String,
}

impl Source {
    /// The key (as the pointer escapes it) of the component schema this is, if it is one
    /// rather than a schema made inline.
    pub fn component_schema(&self) -> Option<&str> {
        let key = self.pointer.strip_prefix("#/components/schemas/")?;
        (!key.contains('/')).then_some(key)
    }
}
