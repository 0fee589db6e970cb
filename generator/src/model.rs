//! The typed model between the OpenAPI document and the emitted Rust.
//!
//! `lower` builds it from an `openapiv3::OpenAPI`; the emitters read nothing else. Every name
//! in it is already a valid Rust identifier (see `naming`), every wire string is kept exactly as
//! the spec wrote it, and every list is in spec order, so emitting is a pure function of it.

/// Everything the emitters need to write one crate, merged from one or more spec files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    /// `info.title` of each spec file, in the order the files were read.
    pub titles: Vec<String>,
    /// Where the API is served, from the first spec that names servers.
    pub servers: Vec<Server>,
    /// The authentication schemes the specs declare, deduplicated by name.
    pub auth: Vec<AuthScheme>,
    /// Operations in spec order (files in the order given, paths and methods in spec order).
    pub operations: Vec<Operation>,
    /// Named types in definition order: components first, then types met in operations.
    pub types: Vec<TypeDef>,
}

impl Api {
    /// The named type called `name`, if the model has one.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|def| def.name == name)
    }
}

/// A server URL template such as `https://{host}:{port}/json-api`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url_template: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

/// One `{name}` placeholder of a server template with its default value.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    pub description: Option<String>,
}

/// An authentication scheme from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// The scheme's key in `components.securitySchemes`, e.g. `BasicAuth`.
    pub name: String,
    pub kind: AuthKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    HttpBasic,
    HttpBearer,
    /// An API key in a header, query parameter or cookie, by that name.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
}

/// One HTTP operation: a path and a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operationId as written in the spec (or derived from method and path).
    pub wire_id: String,
    /// The Rust method name (snake case), unique in the crate.
    pub fn_name: String,
    /// The prefix of the types made for this operation (upper camel case), e.g. `CreateUserSession`.
    pub type_prefix: String,
    pub method: Method,
    /// The path as written in the spec, e.g. `/create_user_session`.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The product version that introduced the operation, when the spec says.
    pub since: Option<String>,
    /// The name of the generated parameter struct, e.g. `CreateUserSessionParams`.
    pub params_type: String,
    pub params: Vec<Param>,
    /// Query pairs every request carries that the caller does not choose, e.g. `api.version=1`.
    pub fixed_query: Vec<(String, String)>,
    /// The JSON body of the success response, if the spec describes one.
    pub response: Option<Response>,
    /// JSON pointer of the operation in its spec file, for messages.
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A request parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    /// The field name in the params struct (snake case).
    pub field_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub doc: Option<String>,
    pub ty: TypeRef,
    /// Secret values are redacted from `Debug` output and error messages.
    pub sensitive: bool,
    pub deprecated: bool,
    /// For arrays in a query: `true` repeats the key (`a=1&a=2`), `false` joins with commas.
    pub explode: bool,
    pub constraints: Constraints,
    pub example: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Query,
    Path,
    Header,
    Cookie,
}

/// The success response body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The type of the whole JSON body.
    pub body: TypeRef,
    /// How the body wraps success, failure and data, when it follows a cPanel convention.
    pub envelope: Option<crate::cpanel::Envelope>,
}

/// A reference to a Rust type, as a field, parameter or item uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer(IntegerWidth),
    Number,
    Boolean,
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A type in `Api::types`, by its Rust name.
    Named(String),
    /// Any JSON value: free-form objects, and the honest fallback for what the generator
    /// cannot express yet.
    Json,
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
    Untagged(Untagged),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Untagged {
    pub variants: Vec<UntaggedVariant>,
}

/// One alternative of an [`Untagged`] union: a variant name and the type it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    pub rust_name: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
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
    pub sensitive: bool,
    pub deprecated: bool,
    pub constraints: Constraints,
}

impl Field {
    /// Whether the Rust field is an `Option`: absent or `null` on the wire.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
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
    /// The `format` keyword as written (`email`, `hostname`, `byte`, ...).
    pub format: Option<String>,
    /// For `format: byte`: the most characters the decoded value may have
    /// (`x-max-decoded-length`).
    pub max_decoded_length: Option<usize>,
    /// `anyOf` alternatives of string schemas: the value must satisfy one of them (as well
    /// as the constraints above).
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
