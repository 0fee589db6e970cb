//! Stage 1: spec text -> `openapiv3::OpenAPI`.
//!
//! The text is read as YAML (JSON is YAML too) into a plain JSON value; the files it refers
//! to are read and what they hold is brought into it (`bundle`), so that every reference is
//! to a component of one document; it is normalized where real-world files stray from
//! OpenAPI 3.0, and only then handed to openapiv3, through `serde_path_to_error` so that a
//! shape error names its place as a JSON pointer. Every walk knows each value's kind from
//! its place (`position`).

mod bundle;
mod files;
mod json;
mod keywords;
mod normalize;
mod origins;
mod pattern;
mod position;
mod scan;
mod skip;
mod unsupported;

pub use bundle::Origins;
pub use files::{Disk, Files};
pub use normalize::unescape;
pub use skip::UNREADABLE;

use crate::SpecFile;
use crate::error::{Error, Pointer, Warning};

/// A spec read: the document, with what was brought in from other files.
pub struct Loaded {
    pub document: openapiv3::OpenAPI,
    /// Warnings for what the document holds that the generator does not generate, each at
    /// the file and pointer the author wrote.
    pub warnings: Vec<Warning>,
    /// Where the parts brought into the document came from, to name them in later messages.
    pub origins: Origins,
    /// The files read besides the spec itself, in the order first read.
    pub files: Vec<String>,
}

/// Reads one spec file, and the files it refers to through `files`, into an OpenAPI document.
pub fn load(spec: &SpecFile, files: &dyn Files) -> Result<Loaded, Error> {
    let file = spec.name.as_str();
    let json::Json(value) = serde_yaml::from_str(&spec.contents).map_err(|err| Error {
        file: file.to_owned(),
        pointer: err
            .location()
            .map(|at| format!("line {} column {}", at.line(), at.column())),
        message: format!("not valid YAML: {}", strip_location(&err.to_string())),
    })?;
    check_version(&value, file)?;
    let bundled = bundle::bundle(file, value, files)?;
    let origins = bundled.origins;
    let mut value = bundled.document;
    let mut warnings = bundled.warnings;
    warnings.extend(unsupported::report(&value, file));
    warnings.extend(normalize::normalize(&mut value, file));
    let document = read_skipping(&mut value, file, &origins, &mut warnings)?;
    Ok(Loaded {
        document,
        warnings: origins.warnings(warnings),
        origins,
        files: bundled.files,
    })
}

/// The document as openapiv3 reads it. A part that does not read is skipped with a warning
/// (see `skip`) and the rest read again; only an error in a part that cannot go refuses it.
fn read_skipping(
    value: &mut serde_json::Value,
    file: &str,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Result<openapiv3::OpenAPI, Error> {
    let mut last = None;
    // Each round skips one part, so a document has at most as many rounds as it has parts;
    // the bound only keeps a skip that moves its error elsewhere from going on for ever.
    for _ in 0..MAX_SKIPS {
        // The path to an error is only needed when there is one: the document is read
        // without tracking it first, and read again with it only when that fails.
        if let Ok(document) = serde::Deserialize::deserialize(&*value) {
            return Ok(document);
        }
        let err = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&*value) {
            Ok(document) => return Ok(document),
            Err(err) => err,
        };
        // openapiv3 reads `paths` and `components` through flattened maps, which hide the
        // place of an error below them: reading their entries one by one finds it.
        let (pointer, message) = refine(value, file)
            .unwrap_or_else(|| (pointer_of(err.path(), file), err.inner().to_string()));
        let refused = || {
            origins.error(Error::at(
                &pointer,
                format!("not a valid OpenAPI document: {message}"),
            ))
        };
        // The same error again means skipping did not remove it.
        if last.as_ref() == Some(&(pointer.to_string(), message.clone())) {
            return Err(refused());
        }
        match skip::skip(value, &pointer, &message) {
            Some(warning) => warnings.extend(warning),
            None => return Err(refused()),
        }
        last = Some((pointer.to_string(), message));
    }
    Err(Error::at(
        &crate::error::Pointer::root(file),
        format!("not a valid OpenAPI document: {MAX_SKIPS} parts of it do not read"),
    ))
}

/// How many parts that do not read a document may lose before it is refused.
const MAX_SKIPS: usize = 10_000;

/// The first entry of `paths` or `components` that does not read as what it must be, with the
/// pointer of its error and the message.
fn refine(value: &serde_json::Value, file: &str) -> Option<(Pointer, String)> {
    use serde_json::Value;
    fn first_error<T: serde::de::DeserializeOwned>(
        entries: Option<&Value>,
        at: Pointer,
        file: &str,
    ) -> Option<(Pointer, String)> {
        let Some(Value::Object(entries)) = entries else {
            return None;
        };
        entries.iter().find_map(|(key, entry)| {
            if key.starts_with("x-") {
                return None;
            }
            serde_path_to_error::deserialize::<_, T>(entry)
                .err()
                .map(|err| {
                    let inner = pointer_of(err.path(), file).to_string();
                    let mut pointer = at.push(key);
                    for segment in inner.trim_start_matches("#/").split('/') {
                        if !segment.is_empty() {
                            pointer = pointer.push(segment.replace("~1", "/").replace("~0", "~"));
                        }
                    }
                    (pointer, err.inner().to_string())
                })
        })
    }
    let root = Pointer::root(file);
    let components = value.get("components");
    let section = |name: &str| components.and_then(|c| c.get(name));
    let at = |name: &str| root.push("components").push(name);
    first_error::<openapiv3::PathItem>(value.get("paths"), root.push("paths"), file)
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(
                section("schemas"),
                at("schemas"),
                file,
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Parameter>>(
                section("parameters"),
                at("parameters"),
                file,
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Response>>(
                section("responses"),
                at("responses"),
                file,
            )
        })
}

fn check_version(value: &serde_json::Value, file: &str) -> Result<(), Error> {
    let root = Pointer::root(file);
    match value.get("openapi").and_then(|v| v.as_str()) {
        Some(version) if version.starts_with("3.") => Ok(()),
        Some(version) => Err(Error::at(
            &root.push("openapi"),
            format!("OpenAPI version {version} is not supported; expected 3.x"),
        )),
        None => Err(Error::at(
            &root,
            "missing the `openapi` version field; is this an OpenAPI 3 document?",
        )),
    }
}

/// serde_path_to_error's path (`paths./x.get.parameters[2]`) as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path, file: &str) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(file), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.push(index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => pointer,
        })
}

/// serde_yaml appends " at line L column C"; the location is reported separately.
fn strip_location(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |at| &message[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(contents: &str) -> SpecFile {
        SpecFile {
            name: "test.yaml".into(),
            contents: contents.into(),
        }
    }

    fn load(spec: &SpecFile) -> Result<(openapiv3::OpenAPI, Vec<Warning>), Error> {
        let files = std::collections::BTreeMap::new();
        super::load(spec, &files).map(|loaded| (loaded.document, loaded.warnings))
    }

    #[test]
    fn yaml_syntax_error_names_line() {
        let err = load(&spec("openapi: 3.0.3\ninfo: [unclosed\n")).unwrap_err();
        assert_eq!(err.file, "test.yaml");
        assert!(err.pointer.unwrap().starts_with("line "));
    }

    #[test]
    fn rejects_swagger_2() {
        let err = load(&spec("swagger: '2.0'\n")).unwrap_err();
        assert!(err.message.contains("`openapi` version"), "{err}");
    }

    #[test]
    fn shape_error_names_pointer() {
        let err = load(&spec(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nservers: [{url: 7}]\n",
        ))
        .unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("#/servers/0/url"), "{err}");
    }

    #[test]
    fn a_3_1_nullable_type_in_a_3_0_file_loads() {
        let document = load(&spec(
            "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - {name: n, in: query, schema: {type: [integer, 'null']}}\n      responses: {'200': {description: ok}}\n",
        ))
        .unwrap();
        assert_eq!(document.0.paths.paths.len(), 1);
    }

    /// A part that does not read is skipped, and the rest read: here a response, and a
    /// schema (read as any value) at the deepest place that does not read.
    #[test]
    fn a_part_that_does_not_read_is_skipped_with_a_warning_at_its_place() {
        let (document, warnings) = load(&spec(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {'200': {description: ok}, '404': {description: gone, content: 5}}\ncomponents:\n  schemas:\n    Thing: {type: object, properties: {good: {type: string}, bad: {oneOf: [{type: string}, 5]}}}\n",
        ))
        .unwrap();
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1x/get/responses/404",
                "#/components/schemas/Thing/properties/bad/oneOf/1"
            ]
        );
        let operation = document.paths.paths["/x"]
            .as_item()
            .unwrap()
            .get
            .as_ref()
            .unwrap();
        assert_eq!(operation.responses.responses.len(), 1);
        let thing = document.components.unwrap().schemas["Thing"].clone();
        let openapiv3::ReferenceOr::Item(thing) = thing else {
            panic!()
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = thing.schema_kind else {
            panic!("{thing:?}")
        };
        assert_eq!(object.properties.len(), 2);
    }

    /// A broken part inside a component goes, not the component: a response keeps its body
    /// without its broken header; and a broken link component still reads, as a link to no
    /// operation.
    #[test]
    fn a_broken_part_of_a_component_goes_and_the_component_stays() {
        let (document, warnings) = load(&spec(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {'200': {$ref: '#/components/responses/R'}}\ncomponents:\n  responses:\n    R: {description: ok, content: {application/json: {schema: {type: string}}}, headers: {X-Good: {schema: {type: string}}, X-Bad: 5}}\n  links:\n    L: {parameters: 5}\n",
        ))
        .unwrap();
        let mut pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        pointers.sort_unstable();
        assert_eq!(
            pointers,
            [
                "#/components/links/L",
                "#/components/responses/R/headers/X-Bad"
            ],
            "{warnings:#?}"
        );
        let components = document.components.unwrap();
        let openapiv3::ReferenceOr::Item(response) = &components.responses["R"] else {
            panic!("R is kept")
        };
        assert!(
            response.content.contains_key("application/json"),
            "{response:?}"
        );
        assert_eq!(response.headers.keys().collect::<Vec<_>>(), ["X-Good"]);
        assert!(components.links.contains_key("L"));
    }

    /// A broken component that operations refer to stays as the least it can be, so that
    /// their references resolve: the document is not refused for it.
    #[test]
    fn a_broken_component_others_refer_to_stays_as_a_stand_in() {
        let (document, warnings) = load(&spec(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      parameters: [{$ref: '#/components/parameters/P'}]\n      requestBody: {$ref: '#/components/requestBodies/B'}\n      responses: {'200': {$ref: '#/components/responses/R'}}\ncomponents:\n  parameters:\n    P: {name: p, in: query, schema: 5}\n    Unused: {name: u, in: nowhere}\n  requestBodies:\n    B: {content: 5}\n  responses:\n    R: {description: ok, content: {application/json: {schema: {type: string}}}, headers: 5}\n",
        ))
        .unwrap();
        let mut pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        pointers.sort_unstable();
        // A broken parameter is said at its place, whether an operation uses it or not (one
        // does not use `Unused`, so nothing else would say it).
        assert_eq!(
            pointers,
            [
                "#/components/parameters/P",
                "#/components/parameters/Unused",
                "#/components/requestBodies/B",
                "#/components/responses/R"
            ],
            "{warnings:#?}"
        );
        assert_eq!(document.paths.paths.len(), 1);
        // The parameter is kept, marked, for lowering to skip (and warn about) where it is used.
        let components = document.components.unwrap();
        let openapiv3::ReferenceOr::Item(parameter) = &components.parameters["P"] else {
            panic!("P is kept")
        };
        assert!(
            (parameter.parameter_data_ref().extensions).contains_key(super::UNREADABLE),
            "{parameter:?}"
        );
    }

    #[test]
    fn a_document_whose_info_does_not_read_is_refused_naming_the_place() {
        let err = load(&spec(
            "openapi: 3.0.3\ninfo: {title: [t], version: '1'}\npaths: {}\n",
        ))
        .unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("#/info/title"), "{err}");
    }

    #[test]
    fn a_schema_keyword_that_does_not_fit_is_a_warning_at_its_place() {
        let (document, warnings) = load(&spec(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        - {name: n, in: query, schema: {type: integer, minimum: abc}}\n      responses: {'200': {description: ok}}\n",
        ))
        .unwrap();
        assert_eq!(document.paths.paths.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].pointer,
            "#/paths/~1x/get/parameters/0/schema/minimum"
        );
    }
}
