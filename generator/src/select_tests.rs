use crate::config::{Replacements, Selection};
use crate::model::{Api, TypeKind, TypeRef};
use crate::{Options, SpecFile, read_model};

/// Two tags, types used by one tag only, by both, and by none.
const SPEC: &str = r##"
openapi: 3.0.3
info: {title: shop, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: since, in: query, schema: {type: string, format: date-time}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    post:
      operationId: createPet
      tags: [pets, admin]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses: {'204': {description: done}}
  /orders:
    get:
      operationId: listOrders
      tags: [store]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  orders: {type: array, items: {$ref: '#/components/schemas/Order'}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        born: {type: string, format: date-time}
        visits: {type: array, items: {type: string, format: date-time}}
        price: {$ref: '#/components/schemas/Money'}
    NewPet:
      type: object
      properties:
        name: {type: string}
    Order:
      type: object
      properties:
        id: {type: integer}
        price: {$ref: '#/components/schemas/Money'}
    Money:
      type: object
      properties:
        cents: {type: integer}
        currency: {$ref: '#/components/schemas/Currency'}
    Currency:
      type: string
      enum: [EUR, USD]
    Stamp: {type: string, format: date-time}
"##;

fn model(options: &Options) -> (Api, Vec<crate::Warning>) {
    let spec = SpecFile {
        name: "shop.yaml".into(),
        contents: SPEC.into(),
    };
    read_model(&[spec], options).unwrap_or_else(|err| panic!("{err}"))
}

fn selecting(selection: Selection) -> (Api, Vec<crate::Warning>) {
    model(&Options {
        selection,
        ..Options::default()
    })
}

fn operations(api: &Api) -> Vec<&str> {
    api.operations
        .iter()
        .map(|op| op.wire_id.as_str())
        .collect()
}

fn types(api: &Api) -> Vec<&str> {
    api.types.iter().map(|def| def.name.as_str()).collect()
}

#[test]
fn everything_is_kept_by_default() {
    let (api, warnings) = model(&Options::default());
    assert_eq!(operations(&api), ["listPets", "createPet", "listOrders"]);
    assert!(
        types(&api).contains(&"ListOrdersResponse"),
        "{:?}",
        types(&api)
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn tags_select_operations_and_prune_the_types_only_the_others_used() {
    let (api, warnings) = selecting(Selection {
        include_tags: vec!["pets".into()],
        ..Selection::default()
    });
    assert_eq!(operations(&api), ["listPets", "createPet"]);
    // The store's answer and what only it used go; what the pets use stays, and so does a
    // component no operation ever used (it is API of its own).
    assert_eq!(types(&api), ["Pet", "NewPet", "Money", "Currency", "Stamp"]);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn exclusions_win_and_ids_select_too() {
    let (api, _) = selecting(Selection {
        include_ids: vec!["listOrders".into(), "createPet".into()],
        exclude_tags: vec!["admin".into()],
        ..Selection::default()
    });
    assert_eq!(operations(&api), ["listOrders"]);
    let (api, _) = selecting(Selection {
        exclude_ids: vec!["listPets".into()],
        ..Selection::default()
    });
    assert_eq!(operations(&api), ["createPet", "listOrders"]);
}

#[test]
fn a_name_that_matches_nothing_is_a_warning() {
    let (api, warnings) = selecting(Selection {
        include_tags: vec!["pest".into()],
        exclude_ids: vec!["nope".into()],
        ..Selection::default()
    });
    assert!(api.operations.is_empty());
    let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("shop.yaml at #/paths") && messages[0].contains("`pest`"));
    assert!(messages[1].contains("exclude-ids") && messages[1].contains("`nope`"));
}

#[test]
fn a_replaced_schema_is_not_generated_and_what_only_it_used_goes() {
    let (api, warnings) = model(&Options {
        replacements: Replacements {
            schemas: [("Money".to_owned(), "rusty_money::Money".to_owned())].into(),
            ..Replacements::default()
        },
        ..Options::default()
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    let kept = types(&api);
    assert!(
        !kept.contains(&"Money") && !kept.contains(&"Currency"),
        "{kept:?}"
    );
    let TypeKind::Struct(order) = &api.type_def("Order").unwrap().kind else {
        panic!("Order is a struct")
    };
    assert_eq!(
        order.fields[1].ty,
        TypeRef::External("rusty_money::Money".into())
    );
}

#[test]
fn formats_are_replaced_in_properties_items_parameters_and_aliases() {
    let (api, _) = model(&Options {
        replacements: Replacements {
            formats: [(
                "date-time".to_owned(),
                "chrono::DateTime<chrono::Utc>".to_owned(),
            )]
            .into(),
            ..Replacements::default()
        },
        ..Options::default()
    });
    let time = TypeRef::External("chrono::DateTime<chrono::Utc>".into());
    let TypeKind::Struct(pet) = &api.type_def("Pet").unwrap().kind else {
        panic!("Pet is a struct")
    };
    let field = |name: &str| &pet.fields.iter().find(|f| f.wire_name == name).unwrap().ty;
    assert_eq!(field("born"), &time);
    assert_eq!(field("visits"), &TypeRef::Array(Box::new(time.clone())));
    assert_eq!(field("name"), &TypeRef::String);
    assert_eq!(api.operations[0].params[0].ty, time);
    assert_eq!(
        api.type_def("Stamp").unwrap().kind,
        TypeKind::Alias(time.clone())
    );
}

#[test]
fn formats_are_replaced_in_union_members_and_bodies_too() {
    let spec = SpecFile {
        name: "times.yaml".into(),
        contents: r##"
openapi: 3.0.3
info: {title: times, version: '1'}
paths:
  /at:
    put:
      operationId: setTime
      requestBody:
        content:
          application/json:
            schema: {type: string, format: date-time}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                oneOf: [{type: string, format: date-time}, {type: integer}]
"##
        .into(),
    };
    let options = Options {
        replacements: Replacements {
            formats: [("date-time".to_owned(), "jiff::Timestamp".to_owned())].into(),
            ..Replacements::default()
        },
        ..Options::default()
    };
    let (api, _) = read_model(&[spec], &options).unwrap_or_else(|err| panic!("{err}"));
    let time = TypeRef::External("jiff::Timestamp".into());
    assert_eq!(api.operations[0].body.as_ref().unwrap().ty, time);
    let unions: Vec<_> = (api.types.iter())
        .filter_map(|def| match &def.kind {
            TypeKind::Untagged(union) => Some(union),
            _ => None,
        })
        .collect();
    assert_eq!(unions.len(), 1, "{:#?}", api.types);
    assert_eq!(unions[0].variants[0].ty, time);
}

#[test]
fn replaced_types_are_emitted_as_written() {
    let options = Options {
        replacements: Replacements {
            formats: [("date-time".to_owned(), "std::time::SystemTime".to_owned())].into(),
            schemas: [("Money".to_owned(), "crate::money::Money".to_owned())].into(),
        },
        derives: vec!["Eq".to_owned()],
        ..Options::default()
    };
    let spec = SpecFile {
        name: "shop.yaml".into(),
        contents: SPEC.into(),
    };
    let generated = crate::generate_with(&[spec], &options).unwrap();
    let types = &generated
        .files
        .iter()
        .find(|f| f.path == "types.rs")
        .unwrap()
        .contents;
    assert!(
        types.contains("pub born: Option<std::time::SystemTime>,"),
        "{types}"
    );
    assert!(
        types.contains("pub price: Option<crate::money::Money>,"),
        "{types}"
    );
    assert!(types.contains("#[derive(Eq)]"), "{types}");
    assert!(!types.contains("pub struct Money"), "{types}");
}

#[test]
fn a_replaced_schema_is_replaced_in_typed_headers_and_event_data_too() {
    let spec = SpecFile {
        name: "feed.yaml".into(),
        contents: r##"
openapi: 3.0.3
info: {title: feed, version: '1'}
paths:
  /feed:
    get:
      operationId: feed
      responses:
        '200':
          description: ok
          headers:
            X-Updated: {schema: {$ref: '#/components/schemas/Stamp'}}
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Tick'}
components:
  schemas:
    Stamp: {type: string, format: date-time}
    Tick: {type: object, properties: {n: {type: integer}}}
"##
        .into(),
    };
    let options = Options {
        replacements: Replacements {
            schemas: [
                ("Stamp".to_owned(), "my::Stamp".to_owned()),
                ("Tick".to_owned(), "my::Tick".to_owned()),
            ]
            .into(),
            ..Replacements::default()
        },
        ..Options::default()
    };
    let (api, _) = read_model(&[spec], &options).unwrap_or_else(|err| panic!("{err}"));
    assert!(
        types(&api)
            .iter()
            .all(|name| *name != "Stamp" && *name != "Tick")
    );
    let extras = &api.operations[0].extras;
    let header = &extras.headers.as_ref().expect("typed headers").headers[0];
    assert_eq!(header.ty, TypeRef::External("my::Stamp".into()));
    let events = extras.events.as_ref().expect("an event stream");
    assert_eq!(events.data, TypeRef::External("my::Tick".into()));
}

#[test]
fn a_replaced_schema_takes_no_default_and_says_so() {
    let spec = SpecFile {
        name: "paint.yaml".into(),
        contents: r##"
openapi: 3.0.3
info: {title: paint, version: '1'}
paths: {}
components:
  schemas:
    Color: {type: string, enum: [red, blue]}
    Can:
      type: object
      properties:
        color: {allOf: [{$ref: '#/components/schemas/Color'}], default: red}
"##
        .into(),
    };
    let options = Options {
        replacements: Replacements {
            schemas: [("Color".to_owned(), "palette::Color".to_owned())].into(),
            ..Replacements::default()
        },
        ..Options::default()
    };
    let (api, warnings) = read_model(&[spec], &options).unwrap_or_else(|err| panic!("{err}"));
    let TypeKind::Struct(can) = &api.type_def("Can").unwrap().kind else {
        panic!("Can is a struct")
    };
    assert_eq!(can.fields[0].ty, TypeRef::External("palette::Color".into()));
    assert!(can.fields[0].is_optional(), "absent, it reads as None");
    assert!(
        warnings
            .iter()
            .any(|w| w.pointer.ends_with("/properties/color/default")),
        "{warnings:#?}"
    );
}

#[test]
fn a_boxed_field_s_default_is_boxed_too() {
    let spec = SpecFile {
        name: "tree.yaml".into(),
        contents: r##"
openapi: 3.0.3
info: {title: tree, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b: {allOf: [{$ref: '#/components/schemas/B'}], default: {}}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
"##
        .into(),
    };
    let generated = crate::generate_with(&[spec], &Options::default()).unwrap();
    let types = &(generated.files.iter())
        .find(|f| f.path == "types.rs")
        .unwrap()
        .contents;
    assert!(types.contains("pub b: Box<B>,"), "{types}");
    assert!(types.contains("pub fn default_b() -> Box<B> {"), "{types}");
}
