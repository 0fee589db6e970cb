use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::bundle;

fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect()
}

/// The error bundling gives, which there must be.
fn refused(entry: Value, others: &BTreeMap<String, String>) -> crate::Error {
    match bundle("api.yaml", entry, others) {
        Ok(_) => panic!("the reference was followed"),
        Err(err) => err,
    }
}

fn yaml(text: &str) -> Value {
    let super::super::json::Json(value) = serde_yaml::from_str(text).unwrap();
    value
}

#[test]
fn schemas_of_other_files_become_components_with_stable_names() {
    let entry = yaml(
        "openapi: 3.0.3\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: 'pet.yaml#/Pet'}}\ncomponents:\n  schemas:\n    Owner: {$ref: 'schemas/owner.yaml'}\n",
    );
    let others = files(&[
        (
            "api/pet.yaml",
            "Pet:\n  type: object\n  properties:\n    owner: {$ref: 'schemas/owner.yaml'}\n    parent: {$ref: '#/Pet'}\n",
        ),
        (
            "api/schemas/owner.yaml",
            "type: object\nproperties:\n  pets: {type: array, items: {$ref: '../pet.yaml#/Pet'}}\n",
        ),
    ]);
    let bundled = bundle("api/openapi.yaml", entry, &others).unwrap();
    let document = &bundled.document;
    let items = &document
        .pointer("/paths/~1pets/get/responses/200/content/application~1json/schema/items")
        .unwrap();
    assert_eq!(items, &&json!({"$ref": "#/components/schemas/Pet"}));
    let schemas = &document["components"]["schemas"];
    // The component that referred to the file holds the schema itself, under its own key.
    assert_eq!(
        schemas["Owner"]["properties"]["pets"]["items"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    // A cycle across files is a cycle of components.
    assert_eq!(
        schemas["Pet"]["properties"]["owner"],
        json!({"$ref": "#/components/schemas/Owner"})
    );
    assert_eq!(
        schemas["Pet"]["properties"]["parent"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(bundled.files, ["api/pet.yaml", "api/schemas/owner.yaml"]);
    // A place inside a copied schema is named in the file it came from.
    assert_eq!(
        bundled.origins.locate(
            "api/openapi.yaml",
            "#/components/schemas/Pet/properties/owner"
        ),
        Some(("api/pet.yaml".into(), "#/Pet/properties/owner".into()))
    );
}

#[test]
fn path_items_parameters_and_responses_are_copied_where_they_are_referred_to() {
    let entry = yaml(
        "openapi: 3.1.0\npaths:\n  /menu: {$ref: 'paths/menu.yaml'}\n  /shared: {$ref: '#/components/pathItems/Shared'}\ncomponents:\n  pathItems:\n    Shared: {get: {responses: {'204': {description: none}}}}\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
    );
    let others = files(&[
        (
            "paths/menu.yaml",
            "get:\n  parameters:\n    - $ref: '../openapi.yaml#/components/parameters/Limit'\n    - $ref: '../parameters/Sort.yaml'\n  responses:\n    '200': {$ref: '../responses.yaml#/Ok'}\n",
        ),
        (
            "parameters/Sort.yaml",
            "name: sort\nin: query\nschema: {type: string, pattern: '^(?=a)'}\n",
        ),
        (
            "responses.yaml",
            "Ok: {description: fine, content: {application/json: {schema: {$ref: '#/Item'}}}}\nItem: {type: string}\n",
        ),
    ]);
    let bundled = bundle("openapi.yaml", entry, &others).unwrap();
    let get = &bundled.document["paths"]["/menu"]["get"];
    assert_eq!(
        get["parameters"][0],
        json!({"$ref": "#/components/parameters/Limit"})
    );
    assert_eq!(get["parameters"][1]["name"], "sort");
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Item"})
    );
    assert_eq!(
        bundled.document["paths"]["/shared"]["get"]["responses"]["204"]["description"],
        "none"
    );
    assert_eq!(
        bundled.origins.locate(
            "openapi.yaml",
            "#/paths/~1menu/get/parameters/1/schema/pattern"
        ),
        Some(("parameters/Sort.yaml".into(), "#/schema/pattern".into()))
    );
}

#[test]
fn a_local_reference_to_any_place_names_the_place() {
    let entry = yaml(
        "openapi: 3.0.3\npaths:\n  /anything:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                circular: {type: object, properties: {next: {$ref: '#/paths/~1anything/post/requestBody/content/application~1json/schema/properties/circular'}}}\n      responses: {'200': {description: ok}}\n",
    );
    let bundled = bundle("a.yaml", entry, &files(&[])).unwrap();
    let schemas = &bundled.document["components"]["schemas"];
    assert_eq!(
        schemas["circular"]["properties"]["next"],
        json!({"$ref": "#/components/schemas/circular"})
    );
}

#[test]
fn text_references_are_inlined_or_left_out_with_a_warning() {
    let entry = yaml(
        "openapi: 3.0.3\ninfo: {title: t, version: '1', description: {$ref: 'intro.md'}}\ntags:\n  - name: a\n    description: {$ref: 'description.yml#/introduction'}\n  - name: b\n    description: {$ref: 'missing.yml#/x'}\npaths: {}\n",
    );
    let others = files(&[
        ("intro.md", "# Intro\n"),
        ("description.yml", "introduction: Hello\n"),
    ]);
    let bundled = bundle("a.yaml", entry, &others).unwrap();
    assert_eq!(bundled.document["info"]["description"], "# Intro\n");
    assert_eq!(bundled.document["tags"][0]["description"], "Hello");
    assert_eq!(bundled.document["tags"][1]["description"], "");
    assert_eq!(bundled.warnings.len(), 1);
    assert_eq!(bundled.warnings[0].pointer, "#/tags/1/description");
}

#[test]
fn text_is_copied_in_only_from_the_documents_folder() {
    let entry = yaml(
        "openapi: 3.0.3\ninfo: {title: t, version: '1', description: {$ref: '../secrets.txt'}}\npaths: {}\n",
    );
    let others = files(&[("secrets.txt", "TOKEN=1\n"), ("api/notes.md", "ok")]);
    let bundled = bundle("api/openapi.yaml", entry, &others).unwrap();
    assert_eq!(bundled.document["info"]["description"], "");
    assert!(
        bundled.warnings[0]
            .message
            .contains("outside the document's folder")
    );
}

#[test]
fn a_reference_that_cannot_be_followed_names_both_ends() {
    let cases = [
        ("missing.yaml#/Pet", "missing.yaml cannot be read"),
        ("pet.yaml#/Pett", "pet.yaml has nothing at #/Pett"),
        ("https://example.com/pet.yaml", "nothing is fetched"),
        ("pet.yaml#Pet", "is not a JSON pointer"),
        ("/etc/pet.yaml#/Pet", "an absolute path"),
        ("C:/specs/pet.yaml#/Pet", "an absolute path"),
        ("\\\\host\\share\\pet.yaml#/Pet", "an absolute path"),
    ];
    for (reference, expected) in cases {
        let entry = yaml(&format!(
            "openapi: 3.0.3\npaths: {{}}\ncomponents:\n  schemas:\n    List: {{type: array, items: {{$ref: '{reference}'}}}}\n"
        ));
        let err = refused(entry, &files(&[("pet.yaml", "Pet: {}\n")]));
        assert_eq!(err.file, "api.yaml");
        assert_eq!(
            err.pointer.as_deref(),
            Some("#/components/schemas/List/items")
        );
        assert!(err.message.contains(expected), "{reference}: {err}");
    }
}

#[test]
fn a_document_with_component_references_only_is_left_as_it_is() {
    let entry = yaml(
        "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\n",
    );
    let bundled = bundle("a.yaml", entry.clone(), &files(&[])).unwrap();
    assert_eq!(bundled.document, entry);
    assert!(bundled.origins.is_empty());
}

#[test]
fn a_cycle_of_references_that_reaches_no_object_is_an_error() {
    let entry = yaml(
        "openapi: 3.0.3\npaths:\n  /x:\n    get:\n      parameters: [{$ref: 'params.yaml#/A'}]\n      responses: {'200': {description: ok}}\n",
    );
    let others = files(&[("params.yaml", "A: {$ref: '#/B'}\nB: {$ref: '#/A'}\n")]);
    let err = refused(entry, &others);
    assert_eq!(err.file, "params.yaml");
    assert_eq!(err.pointer.as_deref(), Some("#/B"));
    assert!(err.message.contains("cycle"), "{err}");
}

#[test]
fn a_discriminator_mapping_to_files_maps_to_their_components() {
    let entry = yaml(
        "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{$ref: 'dog.yaml'}]\n      discriminator:\n        propertyName: kind\n        mapping: {dog: 'dog.yaml', cat: Cat}\n",
    );
    let others = files(&[(
        "dog.yaml",
        "type: object\nproperties: {kind: {type: string}}\n",
    )]);
    let bundled = bundle("api.yaml", entry, &others).unwrap();
    let pet = &bundled.document["components"]["schemas"]["Pet"];
    assert_eq!(pet["oneOf"][0], json!({"$ref": "#/components/schemas/dog"}));
    assert_eq!(
        pet["discriminator"]["mapping"],
        json!({"dog": "#/components/schemas/dog", "cat": "Cat"})
    );
}
