//! What a value of an OpenAPI document is, known from where it stands rather than from its
//! key: a property called `default` or `items` is a schema, while a schema's own `default` is
//! data. The loader's walks (references, 3.1 rewriting, reports) all go by this.

/// The keys of a path item that are operations.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The kind of a value, as its place in the document says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Example,
    Link,
    SecurityScheme,
    Callback,
    Components,
    Schema,
    /// Text (`description`, `summary`): a `$ref` here is replaced by the text it names.
    Text,
    /// Instance data (`default`, `example`, `enum`, `const`) or an extension: never rewritten.
    Data,
    /// Any other part of the structure (`info`, `tags`, `servers`, OAuth flows).
    Other,
}

/// What the value under a key is: one value of a kind, or a map or list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    One(Kind),
    /// An object whose keys are names and whose values are all of the kind.
    Map(Kind),
    List(Kind),
}

impl Kind {
    /// What the value under `key` of an object of this kind is.
    pub fn child(self, key: &str) -> Slot {
        use Kind::*;
        use Slot::{List, Map, One};
        if self == Data {
            return One(Data);
        }
        if key.starts_with("x-") {
            return One(Data);
        }
        if self != Schema && matches!(key, "description" | "summary") {
            return One(Text);
        }
        match (self, key) {
            (Document, "paths") => One(Paths),
            (Document, "components") => One(Components),
            (Document, "webhooks") => Map(PathItem),
            (Paths, _) => One(PathItem),
            (Callback, _) => One(PathItem),
            (Responses, _) => One(Response),
            (PathItem, method) if METHODS.contains(&method) => One(Operation),
            (PathItem | Operation, "parameters") => List(Parameter),
            (Operation, "requestBody") => One(RequestBody),
            (Operation, "responses") => One(Responses),
            (Operation | Components, "callbacks") => Map(Callback),
            (Parameter | Header | MediaType, "schema") => One(Schema),
            (Parameter | Header | RequestBody | Response, "content") => Map(MediaType),
            (Parameter | Header | MediaType, "example") => One(Data),
            (Parameter | Header | MediaType | Components, "examples") => Map(Example),
            (MediaType, "encoding") => Map(Encoding),
            (Encoding | Response | Components, "headers") => Map(Header),
            (Response | Components, "links") => Map(Link),
            (Example, "value") | (Link, "parameters" | "requestBody") => One(Data),
            (Components, "schemas") => Map(Schema),
            (Components, "responses") => Map(Response),
            (Components, "parameters") => Map(Parameter),
            (Components, "requestBodies") => Map(RequestBody),
            (Components, "securitySchemes") => Map(SecurityScheme),
            (Components, "pathItems") => Map(PathItem),
            (Schema, _) => schema_child(key),
            _ => One(Other),
        }
    }
}

fn schema_child(key: &str) -> Slot {
    use Kind::{Data, Other, Schema, Text};
    use Slot::{List, Map, One};
    match key {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
            Map(Schema)
        }
        "items"
        | "additionalProperties"
        | "additionalItems"
        | "not"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "contentSchema" => One(Schema),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => List(Schema),
        "description" | "title" => One(Text),
        "discriminator" | "xml" | "externalDocs" => One(Other),
        // `default`, `example(s)`, `enum`, `const`, and every keyword whose value is a plain
        // value (`type`, `required`, `pattern`).
        _ => One(Data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_property_named_like_a_keyword_is_a_schema() {
        let properties = Kind::Schema.child("properties");
        assert_eq!(properties, Slot::Map(Kind::Schema));
        assert_eq!(Kind::Schema.child("default"), Slot::One(Kind::Data));
        assert_eq!(Kind::Schema.child("items"), Slot::One(Kind::Schema));
        assert_eq!(Kind::Parameter.child("x-anything"), Slot::One(Kind::Data));
        assert_eq!(
            Kind::Components.child("parameters"),
            Slot::Map(Kind::Parameter)
        );
        assert_eq!(Kind::Other.child("description"), Slot::One(Kind::Text));
    }
}
