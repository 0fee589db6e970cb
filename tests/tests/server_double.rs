//! The generated server stubs, through the WHM double over loopback: authentication,
//! WHM's envelopes, parameter errors, and the double's cPanel behaviour.

use crate::server_common::{
    Double, PASSWORD, PATH, TOKEN, assert_session_id, assert_session_url, assert_token, get, now,
    port, token_auth,
};
use serde_json::Value;
use whm_api::Service;

/// A request with valid token credentials that must succeed; returns `data`.
async fn session(double: &Double, query: &[(&str, &str)]) -> Value {
    let (status, body) = get(double, query, Some(&token_auth())).await;
    assert_eq!(status, 200);
    assert_eq!(body["metadata"]["result"], 1, "{body}");
    assert_eq!(body["metadata"]["reason"], "Created session");
    assert_eq!(body["metadata"]["command"], "create_user_session");
    assert_eq!(body["metadata"]["version"], 1);
    body["data"].clone()
}

/// A request with valid token credentials that must fail; returns the reason.
async fn failure(double: &Double, query: &[(&str, &str)]) -> String {
    let (status, body) = get(double, query, Some(&token_auth())).await;
    assert_eq!(status, 200, "WHM answers failures with HTTP 200: {body}");
    assert_eq!(body["metadata"]["result"], 0, "{body}");
    assert_eq!(body["metadata"]["command"], "create_user_session");
    assert!(body.get("data").is_none(), "a failure has no data: {body}");
    body["metadata"]["reason"].as_str().unwrap().to_owned()
}

/// The data's session URL, checked against its token and session: its query pairs.
fn url_pairs(data: &Value, host: &str, service: Service) -> Vec<(String, String)> {
    assert_session_url(
        data["url"].as_str().unwrap(),
        host,
        port(service),
        data["cp_security_token"].as_str().unwrap(),
        data["session"].as_str().unwrap(),
    )
}

#[tokio::test]
async fn every_service_gets_a_session_with_its_port() {
    let double = Double::start(&[]);
    let host = double.address.split(':').next().unwrap().to_owned();
    for (user, service, port) in [
        ("example", "cpaneld", 2083),
        ("bob", "webmaild", 2096),
        ("reseller", "whostmgrd", 2087),
        ("reseller", "cpaneld", 2083),
        ("root", "whostmgrd", 2087),
    ] {
        let before = now();
        let data = session(&double, &[("user", user), ("service", service)]).await;
        let after = now();
        assert_eq!(data["service"], service);
        let token = data["cp_security_token"].as_str().unwrap();
        assert_token(token);
        let session = data["session"].as_str().unwrap();
        assert_session_id(session, user);
        let expires = data["expires"].as_i64().unwrap();
        assert!((before + 300..=after + 300).contains(&expires), "{expires}");
        assert!(data.get("locale").is_none(), "no locale was given: {data}");
        let pairs = assert_session_url(data["url"].as_str().unwrap(), &host, port, token, session);
        assert_eq!(pairs, vec![("session".to_owned(), session.to_owned())]);
    }
}

#[tokio::test]
async fn locale_app_and_preferred_domain_shape_the_url() {
    let double = Double::start(&[]);
    let data = session(
        &double,
        &[
            ("user", "example"),
            ("service", "cpaneld"),
            ("locale", "fr"),
            ("app", "FileManager_Home"),
            ("preferred_domain", "example.com"),
        ],
    )
    .await;
    assert_eq!(data["locale"], "fr");
    let pairs = url_pairs(&data, "example.com", Service::Cpaneld);
    let keys: Vec<&str> = pairs.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(keys, ["goto_uri", "locale", "session"], "keys are sorted");
    assert!(pairs[0].1.contains("FileManager_Home"), "{pairs:?}");
    assert_eq!(pairs[1].1, "fr");
    assert_eq!(pairs[2].1, data["session"].as_str().unwrap());
}

#[tokio::test]
async fn a_given_security_token_is_used() {
    let double = Double::start(&[]);
    let data = session(
        &double,
        &[
            ("user", "example"),
            ("service", "cpaneld"),
            ("cp_security_token", "cpsess1234567890"),
        ],
    )
    .await;
    assert_eq!(data["cp_security_token"], "/cpsess1234567890");
}

#[tokio::test]
async fn an_email_address_names_the_owner_of_its_domain() {
    let double = Double::start(&["--account", "carol:carol.example"]);
    let data = session(
        &double,
        &[("user", "info@Example.com"), ("service", "cpaneld")],
    )
    .await;
    assert_session_id(data["session"].as_str().unwrap(), "example");
    let data = session(
        &double,
        &[("user", "x@carol.example"), ("service", "webmaild")],
    )
    .await;
    assert_session_id(data["session"].as_str().unwrap(), "carol");
    let reason = failure(
        &double,
        &[("user", "x@nobody.example"), ("service", "cpaneld")],
    )
    .await;
    assert!(reason.contains("does not exist"), "{reason}");
}

#[tokio::test]
async fn accounts_and_resellers_come_from_the_command_line() {
    let double = Double::start(&[
        "--account",
        "dave:dave.example",
        "--reseller",
        "rita:rita.example",
    ]);
    session(&double, &[("user", "dave"), ("service", "cpaneld")]).await;
    session(&double, &[("user", "rita"), ("service", "whostmgrd")]).await;
    let reason = failure(&double, &[("user", "dave"), ("service", "whostmgrd")]).await;
    assert!(
        reason.contains("dave") && reason.contains("reseller"),
        "{reason}"
    );
}

#[tokio::test]
async fn failures_name_the_parameter_and_the_problem() {
    let double = Double::start(&[]);
    let reason = failure(&double, &[("service", "cpaneld")]).await;
    assert!(
        reason.contains("`user`") && reason.contains("missing"),
        "{reason}"
    );
    let reason = failure(&double, &[("user", "example")]).await;
    assert!(
        reason.contains("`service`") && reason.contains("missing"),
        "{reason}"
    );
    let reason = failure(&double, &[("user", "example"), ("service", "ftpd")]).await;
    assert!(
        reason.contains("`service`") && reason.contains("ftpd"),
        "{reason}"
    );
    assert!(
        reason.contains("cpaneld"),
        "the allowed values are listed: {reason}"
    );
    let reason = failure(&double, &[("user", "nosuchuser"), ("service", "cpaneld")]).await;
    assert!(
        reason.contains("nosuchuser") && reason.contains("does not exist"),
        "{reason}"
    );
    let reason = failure(&double, &[("user", "example"), ("service", "whostmgrd")]).await;
    assert!(
        reason.contains("example") && reason.contains("reseller"),
        "{reason}"
    );
    let reason = failure(&double, &[("user", "root"), ("service", "cpaneld")]).await;
    assert!(
        reason.contains("root") && reason.contains("whostmgrd"),
        "{reason}"
    );
    let reason = failure(&double, &[("user", "root"), ("service", "webmaild")]).await;
    assert!(
        reason.contains("root") && reason.contains("whostmgrd"),
        "{reason}"
    );
    let reason = failure(
        &double,
        &[("user", "example"), ("user", "bob"), ("service", "cpaneld")],
    )
    .await;
    assert!(
        reason.contains("`user`") && reason.contains("more than once"),
        "{reason}"
    );
}

#[tokio::test]
async fn missing_or_wrong_credentials_get_401_before_the_parameters_are_read() {
    let double = Double::start(&[]);
    let wrong_token = format!("whm root:{TOKEN}x");
    let wrong_user = format!("whm bob:{TOKEN}");
    let cases = [
        None,
        Some(wrong_token.as_str()),
        Some(wrong_user.as_str()),
        Some("whm root"),
        Some("Bearer abc"),
        Some("Basic !!!not-base64"),
    ];
    for auth in cases {
        // Invalid parameters too: credentials are checked first.
        let (status, body) = get(&double, &[("service", "ftpd")], auth).await;
        assert_eq!(status, 401, "{auth:?}: {body}");
        assert_eq!(body["metadata"]["result"], 0);
        let reason = body["metadata"]["reason"].as_str().unwrap();
        assert!(reason.starts_with("Access denied"), "{reason}");
        assert!(!reason.contains(TOKEN), "{reason}");
    }
    let response = whm_api_tests::http()
        .get(double.url(PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let challenge = response.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.starts_with("Basic realm="), "{challenge}");
}

#[tokio::test]
async fn basic_credentials_are_admitted_with_the_password() {
    let double = Double::start(&["--password", PASSWORD]);
    let query = [
        ("api.version", "1"),
        ("user", "bob"),
        ("service", "cpaneld"),
    ];
    let client = whm_api_tests::http();
    let response = client
        .get(double.url(PATH))
        .query(&query)
        .basic_auth("root", Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["metadata"]["result"], 1, "{body}");
    for password in ["wrong", TOKEN] {
        let response = client
            .get(double.url(PATH))
            .query(&query)
            .basic_auth("root", Some(password))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401);
    }
}

#[tokio::test]
async fn without_a_password_basic_is_refused() {
    let double = Double::start(&[]);
    for password in ["", TOKEN, PASSWORD] {
        let response = whm_api_tests::http()
            .get(double.url(PATH))
            .query(&[("user", "bob"), ("service", "cpaneld")])
            .basic_auth("root", Some(password))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401);
    }
}

#[tokio::test]
async fn a_posted_form_is_served_and_other_posts_are_not() {
    let double = Double::start(&[]);
    let client = whm_api_tests::http();
    let response = client
        .post(double.url(PATH))
        .header("Authorization", token_auth())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("api.version=1&user=reseller&service=whostmgrd&locale=de")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["metadata"]["result"], 1, "{body}");
    assert_eq!(body["data"]["locale"], "de");
    assert_session_id(body["data"]["session"].as_str().unwrap(), "reseller");

    let response = client
        .post(double.url(PATH))
        .header("Authorization", token_auth())
        .header("Content-Type", "application/json")
        .body(r#"{"user":"reseller","service":"whostmgrd"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
}

// FAILS until the runtime is fixed: `openapi_runtime::server::Router` installs no
// method-not-allowed fallback, so another method gets axum's own 405 with
// `Allow: GET,HEAD,POST`, while the runtime's 405 for a POST that is not a form (above) says
// `Allow: GET, HEAD`: two answers for one path that disagree. The stubs before the runtime
// answered both with `GET, HEAD`.
#[tokio::test]
async fn other_methods_get_405_with_the_same_allowed_methods() {
    let double = Double::start(&[]);
    let response = whm_api_tests::http()
        .put(double.url(PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
}

#[tokio::test]
async fn odd_input_never_gets_a_server_error() {
    let double = Double::start(&[]);
    let client = whm_api_tests::http();
    let url = format!(
        "{}?user=%FF%FE&service=%00&locale=%E2%82&app=&&&=&service",
        double.url(PATH)
    );
    let response = client
        .get(&url)
        .header("Authorization", token_auth())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["metadata"]["result"], 0, "{body}");
    let huge = "a".repeat(10_000);
    let (status, body) = get(
        &double,
        &[("user", &huge), ("service", "cpaneld")],
        Some(&token_auth()),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["metadata"]["result"], 0);
    let reason = body["metadata"]["reason"].as_str().unwrap();
    assert!(reason.len() < 1_000, "long values are shortened in reasons");
}

#[tokio::test]
async fn secrets_are_never_logged() {
    let double = Double::start(&["--password", PASSWORD]);
    let data = session(&double, &[("user", "example"), ("service", "cpaneld")]).await;
    get(
        &double,
        &[("user", "example")],
        Some("whm root:not-the-token"),
    )
    .await;
    let output = double.stop();
    for secret in [
        TOKEN,
        PASSWORD,
        "not-the-token",
        data["session"].as_str().unwrap(),
        data["cp_security_token"].as_str().unwrap(),
    ] {
        assert!(
            !output.contains(secret),
            "the double logged a secret: {output}"
        );
    }
}
