//! The generated server stubs, through the WHM double over loopback: authentication,
//! WHM's envelopes, parameter errors, and the double's cPanel behaviour.

mod server_common;

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use server_common::{Double, PASSWORD, TOKEN};

const PATH: &str = "/create_user_session";

fn now() -> i64 {
    let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(elapsed.as_secs()).unwrap()
}

fn token_auth() -> String {
    format!("whm root:{TOKEN}")
}

/// GETs the operation with the query pairs and an optional `Authorization` header.
async fn get(double: &Double, query: &[(&str, &str)], auth: Option<&str>) -> (u16, Value) {
    let mut request = whm_api_tests::http()
        .get(double.url(PATH))
        .query(&[("api.version", "1")]);
    for pair in query {
        request = request.query(&[pair]);
    }
    if let Some(auth) = auth {
        request = request.header("Authorization", auth);
    }
    let response = request.send().await.expect("the double answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON body, got {text:?}"));
    (status, body)
}

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

/// `/cpsess` and ten digits.
fn assert_token(token: &str) {
    let digits = token
        .strip_prefix("/cpsess")
        .expect("token starts with /cpsess");
    assert_eq!(digits.len(), 10, "{token}");
    assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{token}");
}

/// `user:<16 alphanumerics>:create_user_session,<32 hex>`.
fn assert_session(session: &str, user: &str) {
    let rest = session
        .strip_prefix(&format!("{user}:"))
        .unwrap_or_else(|| panic!("session of {user}: {session}"));
    let (random, rest) = rest.split_once(':').unwrap();
    assert_eq!(random.len(), 16, "{session}");
    assert!(
        random.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{session}"
    );
    let hex = rest.strip_prefix("create_user_session,").unwrap();
    assert_eq!(hex.len(), 32, "{session}");
    assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{session}");
}

/// The query keys of a session URL, in order, and the URL before the query.
fn url_parts(url: &str) -> (String, Vec<(String, String)>) {
    let (base, query) = url.split_once('?').unwrap();
    let pairs = form_pairs(query);
    (base.to_owned(), pairs)
}

fn form_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            (key.to_owned(), percent_decode(value))
        })
        .collect()
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&value[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
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
        assert_session(session, user);
        let expires = data["expires"].as_i64().unwrap();
        assert!((before + 300..=after + 300).contains(&expires), "{expires}");
        assert!(data.get("locale").is_none(), "no locale was given: {data}");
        let (base, pairs) = url_parts(data["url"].as_str().unwrap());
        assert_eq!(base, format!("https://{host}:{port}{token}/login/"));
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
    let token = data["cp_security_token"].as_str().unwrap();
    let (base, pairs) = url_parts(data["url"].as_str().unwrap());
    assert_eq!(base, format!("https://example.com:2083{token}/login/"));
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
    assert_session(data["session"].as_str().unwrap(), "example");
    let data = session(
        &double,
        &[("user", "x@carol.example"), ("service", "webmaild")],
    )
    .await;
    assert_session(data["session"].as_str().unwrap(), "carol");
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
    assert_session(body["data"]["session"].as_str().unwrap(), "reseller");

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

    let response = client.put(double.url(PATH)).send().await.unwrap();
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
