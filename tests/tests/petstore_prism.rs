//! The generated client of a public description with request bodies (the OpenAPI Initiative's
//! expanded petstore, `tests/petstore`) against Prism (`prism mock --errors`), which validates
//! every request against the description: a body that breaks it would be answered 422, and
//! the test's control shows Prism does refuse one.

use crate::prism_common::Prism;
use petstore_api::client::Client;
use petstore_api::{AddPetParams, DeletePetParams, FindPetByIdParams, FindPetsParams, NewPet};

const SPEC: &str = "tests/corpus/public/oai/v3.0/petstore-expanded.yaml";

#[tokio::test]
async fn prism_accepts_every_request_of_the_client_and_its_answers_decode() {
    let prism = Prism::start(SPEC).await;
    let client = Client::builder().base_url(&prism.base_url).build().unwrap();

    let added = client
        .add_pet(&AddPetParams::new(NewPet {
            additional: Default::default(),
            name: "Rex".into(),
            tag: Some("dog".into()),
        }))
        .await
        .unwrap_or_else(|err| panic!("{err}\n{}", prism.log()));
    assert!(!added.name.is_empty());
    client
        .find_pets(&FindPetsParams {
            tags: Some(vec!["dog".into(), "cat".into()]),
            limit: Some(10),
        })
        .await
        .unwrap_or_else(|err| panic!("{err}\n{}", prism.log()));
    client
        .find_pet_by_id(&FindPetByIdParams::new(1))
        .await
        .unwrap_or_else(|err| panic!("{err}\n{}", prism.log()));
    let deleted = client
        .send(&DeletePetParams::new(1))
        .await
        .unwrap_or_else(|err| panic!("{err}\n{}", prism.log()));
    assert_eq!(deleted.status(), 204);

    // The control: a body without the required `name`, sent raw, is refused.
    let refused = whm_api_tests::http()
        .post(format!("{}/pets", prism.base_url))
        .header("content-type", "application/json")
        .body("{\"tag\": \"dog\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422, "{}", prism.log());
}
