//! The client's requests against Prism (`prism mock --errors` on our spec), which validates each
//! request against the spec (parameters, enums, security) and answers a violation with an
//! error status. `cargo xtask test` installs Prism and names it in `PRISM_BIN`; without it this
//! test fails, it does not skip.

use whm_api::client::{Client, Credential, Error};
use whm_api::{App, CreateUserSessionParams, Service};

const SPEC: &str = "spec/whm/create_user_session.yaml";

use crate::prism_common::Prism;

#[tokio::test]
async fn prism_accepts_the_clients_requests() {
    let prism = Prism::start(SPEC).await;
    let client = Client::builder()
        .base_url(&prism.base_url)
        .auth(Credential::basic("root", "hunter2"))
        .build()
        .unwrap();

    // Every parameter set, then only the required ones, for each service.
    let mut full = CreateUserSessionParams::new(Service::Cpaneld, "user@example.com");
    full.app = Some(App::SiteSoftwareStar);
    full.cp_security_token = Some("cpsess1234567890".into());
    full.locale = Some("fr".to_owned());
    full.preferred_domain = Some("example.com".to_owned());
    full.prompt_token = Some("SSB3YW50IHRvIGNyZWF0ZSBhIHJlc3RhdXJhbnQgd2Vic2l0ZQ==".to_owned());
    let mut all = vec![full];
    for service in Service::ALL {
        all.push(CreateUserSessionParams::new(*service, "alice"));
    }
    for params in &all {
        match client.create_user_session(params).await {
            // Prism answers a valid request with a body made from the spec, whose
            // `metadata.result` may be either value; an invalid one gets an error status.
            Ok(_) | Err(Error::Api { .. }) => {}
            Err(error) => panic!(
                "Prism rejected {params:?}: {error}\nPrism's log:\n{}",
                prism.log()
            ),
        }
    }
    let log = prism.log();
    assert_eq!(
        log.matches("The request passed the validation rules")
            .count(),
        all.len(),
        "{log}"
    );
    assert!(!log.contains("Request terminated with error"), "{log}");
}

#[tokio::test]
async fn prism_rejects_requests_that_break_the_spec() {
    // Without this, a Prism that validated nothing would let the test above pass.
    let prism = Prism::start(SPEC).await;
    let http = whm_api_tests::http();
    let url = format!("{}/create_user_session", prism.base_url);
    let basic = "Basic cm9vdDpodW50ZXIy";

    let missing_user = http
        .get(format!("{url}?api.version=1&service=cpaneld"))
        .header("authorization", basic)
        .send()
        .await
        .unwrap();
    assert!(
        missing_user.status().is_client_error(),
        "{}",
        missing_user.status()
    );

    let bad_service = http
        .get(format!("{url}?api.version=1&service=ftpd&user=alice"))
        .header("authorization", basic)
        .send()
        .await
        .unwrap();
    assert!(
        bad_service.status().is_client_error(),
        "{}",
        bad_service.status()
    );

    let no_auth = http
        .get(format!("{url}?api.version=1&service=cpaneld&user=alice"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_auth.status().as_u16(), 401);
}
