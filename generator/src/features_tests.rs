use super::*;
use crate::{Options, SpecFile};

fn fixture() -> SpecFile {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/tag_features.yaml"
    );
    SpecFile {
        name: "tag_features.yaml".to_owned(),
        contents: std::fs::read_to_string(path).expect("the fixture"),
    }
}

fn features(forced: Option<bool>) -> TagFeatures {
    let options = Options {
        tag_features: forced,
        ..Options::default()
    };
    crate::read_model(&[fixture()], &options)
        .unwrap()
        .0
        .features
}

fn any_of(features: &[&str]) -> Gate {
    Gate::AnyOf(features.iter().map(|f| (*f).to_owned()).collect())
}

#[test]
fn each_tag_is_a_feature_and_gates_its_operations() {
    let gated = features(Some(true));
    let names: Vec<&str> = gated.names().collect();
    assert_eq!(names, ["pet_owners", "pets", "stores"]);
    assert_eq!(gated.operation("list_pets"), &any_of(&["pets"]));
    assert_eq!(gated.operation("stock_pet"), &any_of(&["pets", "stores"]));
    assert_eq!(gated.operation("list_owners"), &any_of(&["pet_owners"]));
    // Without tags, an operation is always there.
    assert_eq!(gated.operation("health"), &Gate::Always);
}

#[test]
fn a_type_is_gated_by_every_operation_that_reaches_it() {
    let gated = features(Some(true));
    assert_eq!(gated.type_gate("Store"), &any_of(&["stores"]));
    assert_eq!(gated.type_gate("Pet"), &any_of(&["pets", "stores"]));
    assert_eq!(gated.type_gate("Stock"), &any_of(&["pets", "stores"]));
    assert_eq!(
        gated.type_gate("Address"),
        &any_of(&["pet_owners", "stores"])
    );
    // An untagged operation's type, a component no operation uses, and what that names.
    for always in ["Status", "Catalogue", "Size"] {
        assert_eq!(gated.type_gate(always), &Gate::Always, "{always}");
    }
}

#[test]
fn small_apis_have_no_tag_features_unless_asked() {
    assert!(features(None).is_empty());
    assert!(features(Some(false)).is_empty());
}

#[test]
fn feature_names_are_valid_distinct_and_never_the_crates_own() {
    let tags: BTreeSet<String> = ["Pet Owners", "pet-owners", "full", "2FA", "Ünïcode", ""]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
    let names = feature_names(&tags);
    let mut seen = BTreeSet::new();
    for (tag, name) in &names {
        assert!(seen.insert(name.clone()), "{name} twice");
        assert!(!RESERVED.contains(&name.as_str()), "{tag}: {name}");
        assert!(
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{tag}: {name}"
        );
    }
    assert_eq!(names["full"], "full_tag");
    assert_eq!(names["2FA"], "tag_2fa");
    assert_eq!(names["Pet Owners"], "pet_owners");
    assert_eq!(names["pet-owners"], "pet_owners_2");
}

#[test]
fn gated_items_each_carry_the_cfg() {
    let attr = crate::emit::cfg_attr(&any_of(&["a", "b"]));
    assert_eq!(
        attr.to_string(),
        "# [cfg (any (feature = \"a\" , feature = \"b\"))]"
    );
    let items: proc_macro2::TokenStream = "#[derive(Debug)] pub struct A { x: u8 } \
         impl A { fn f() {} } static R: S = S { a: 1 }; pub struct B(u8); \
         pub fn g() -> u8 { 1 }"
        .parse()
        .unwrap();
    let gated = crate::emit::gate_items(crate::emit::cfg_attr(&any_of(&["a"])), items);
    let file: syn::File = syn::parse2(gated).unwrap();
    assert_eq!(file.items.len(), 5);
    for item in &file.items {
        let text = quote::quote!(#item).to_string();
        assert!(text.starts_with("# [cfg (feature = \"a\")]"), "{text}");
    }
}
