//! Round trip (issue 4): the generated client against the WHM double over loopback. Every
//! service with the users it admits, a sample of apps, locales and preferred domains, WHM's
//! business failures as typed API errors, and the format rules refused by both sides: by the
//! client before anything is sent, and by the double when the same values are sent raw.

use std::net::TcpListener;
use std::time::Duration;

use crate::server_common::{
    Double, PASSWORD, TOKEN, assert_session_id, assert_session_url, assert_token, get, now, port,
    query_value, token_auth,
};
use serde_json::Value;
use whm_api::client::{Client, Credential, Error, TransportKind};
use whm_api::runtime::cpanel::Failure;
use whm_api::{
    App, CreateUserSessionData, CreateUserSessionParams, Metadata, MetadataResult, ParamProblem,
    Service,
};

/// How far `expires` may be from now + 300 seconds: wide, so a slow machine never fails it.
const EXPIRY_TOLERANCE: i64 = 120;

fn client_for(base_url: &str, auth: Credential) -> Client {
    Client::builder()
        .base_url(base_url)
        .auth(auth)
        .build()
        .expect("the client builds")
}

/// A client of the double, authenticated as root with the API token.
fn client(double: &Double) -> Client {
    client_for(&double.url(""), Credential::user_token("root", TOKEN))
}

fn params(service: Service, user: &str) -> CreateUserSessionParams {
    CreateUserSessionParams::new(service, user)
}

/// A session the call must create.
async fn create(client: &Client, params: &CreateUserSessionParams) -> CreateUserSessionData {
    match client.create_user_session(params).await {
        Ok(data) => data,
        Err(error) => panic!("{} for {}: {error}", params.service, params.user),
    }
}

/// Checks a session's typed fields: the shapes of the token and session id, the service,
/// the expiry, and a URL `https://HOST:PORT/cpsessN/login/?...` with the session in its
/// query. Returns the URL's query pairs.
fn assert_session(
    data: &CreateUserSessionData,
    service: Service,
    owner: &str,
    host: &str,
) -> Vec<(String, String)> {
    assert_eq!(data.service, service.as_str());
    assert_token(data.cp_security_token.as_str());
    assert_session_id(data.session.as_str(), owner);

    let expected = now() + 300;
    assert!(
        (data.expires - expected).abs() <= EXPIRY_TOLERANCE,
        "expires {} is not about now + 300 ({expected})",
        data.expires
    );

    let pairs = assert_session_url(
        data.url.as_str(),
        host,
        port(service),
        data.cp_security_token.as_str(),
        data.session.as_str(),
    );

    // The secrets are redacted from Debug output.
    let debug = format!("{data:?}");
    for secret in [&data.session, &data.cp_security_token, &data.url] {
        assert!(!debug.contains(secret.as_str()), "{debug}");
    }
    pairs
}

/// The API failure a call must end with: its reason.
async fn api_failure(client: &Client, params: &CreateUserSessionParams) -> String {
    match client.create_user_session(params).await {
        // WHM answers failures with HTTP 200.
        Err(Error::Api {
            status: 200, body, ..
        }) => {
            assert_eq!(body.command.as_deref(), Some("create_user_session"));
            assert_eq!(body.result, 0);
            body.reason
        }
        other => panic!("expected an API failure, got {other:?}"),
    }
}

#[tokio::test]
async fn every_service_with_the_users_it_admits() {
    let double = Double::start(&[
        "--account",
        "carol:carol.example",
        "--reseller",
        "rita:rita.example",
    ]);
    let client = client(&double);
    // (user, service, the account whose session it is)
    let cases = [
        ("root", Service::Whostmgrd, "root"),
        ("reseller", Service::Whostmgrd, "reseller"),
        ("rita", Service::Whostmgrd, "rita"),
        ("reseller", Service::Cpaneld, "reseller"),
        ("example", Service::Cpaneld, "example"),
        ("bob", Service::Cpaneld, "bob"),
        ("carol", Service::Cpaneld, "carol"),
        ("example", Service::Webmaild, "example"),
        ("bob", Service::Webmaild, "bob"),
        ("info@example.com", Service::Cpaneld, "example"),
        ("sales@carol.example", Service::Webmaild, "carol"),
        ("admin@rita.example", Service::Whostmgrd, "rita"),
    ];
    for (user, service, owner) in cases {
        let data = create(&client, &params(service, user)).await;
        let pairs = assert_session(&data, service, owner, "127.0.0.1");
        assert_eq!(data.locale, None, "no locale was asked for");
        let keys: Vec<&str> = pairs.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["session"], "{user} on {service}");
    }
}

#[tokio::test]
async fn the_metadata_and_a_given_security_token_come_back() {
    let double = Double::start(&[]);
    let client = client(&double);
    let mut params = params(Service::Cpaneld, "bob");
    params.cp_security_token = Some("/cpsess1234567890".into());
    let reply = client.send(&params).await.expect("a session");
    let metadata: Metadata = reply
        .envelope_part("metadata")
        .expect("the answer has metadata")
        .expect("the metadata reads");
    assert_eq!(metadata.command, "create_user_session");
    assert_eq!(metadata.reason, "Created session");
    assert_eq!(metadata.result, MetadataResult::Success);
    assert_eq!(i64::from(metadata.result), 1);
    assert_eq!(metadata.version, 1);
    let data = reply.value();
    assert_eq!(data.cp_security_token, "/cpsess1234567890");
    assert_session(data, Service::Cpaneld, "bob", "127.0.0.1");
}

#[tokio::test]
async fn documented_apps_are_linked_and_unknown_ones_are_not() {
    let double = Double::start(&[]);
    let client = client(&double);
    let unknown: App = "My_Own-App2".parse().unwrap();
    assert_eq!(unknown, App::Other("My_Own-App2".to_owned()));
    // (app, service, user, whether the session links to it)
    let cases = [
        (App::FileManagerHome, Service::Cpaneld, "example", true),
        (App::EmailAccounts, Service::Cpaneld, "bob", true),
        (App::SiteSoftwareStar, Service::Cpaneld, "example", true),
        (App::SiteSoftware, Service::Cpaneld, "bob", true),
        (App::IcoSecurityAdvisor, Service::Whostmgrd, "root", true),
        (
            App::IcoSecurityAdvisor,
            Service::Whostmgrd,
            "reseller",
            true,
        ),
        (unknown.clone(), Service::Cpaneld, "example", false),
        (unknown, Service::Whostmgrd, "root", false),
    ];
    for (app, service, user, linked) in cases {
        let mut params = params(service, user);
        params.app = Some(app.clone());
        let data = create(&client, &params).await;
        let pairs = assert_session(&data, service, user, "127.0.0.1");
        let goto = query_value(&pairs, "goto_uri");
        if linked {
            let goto = goto.unwrap_or_else(|| panic!("{app} is not linked"));
            assert!(goto.contains(app.as_str()), "{app}: {goto}");
        } else {
            assert_eq!(goto, None, "the unknown app {app} is linked");
        }
    }
}

#[tokio::test]
async fn locales_are_echoed_and_in_the_url() {
    let double = Double::start(&[]);
    let client = client(&double);
    for (locale, service, user) in [
        ("en", Service::Cpaneld, "example"),
        ("fr", Service::Webmaild, "bob"),
        ("pt_br", Service::Whostmgrd, "root"),
        ("i_cpanel_snowmen", Service::Cpaneld, "bob"),
        ("ééééééééééééééé", Service::Cpaneld, "bob"),
    ] {
        let mut params = params(service, user);
        params.locale = Some(locale.to_owned());
        params.app = Some(App::PasswordChange);
        let data = create(&client, &params).await;
        assert_eq!(data.locale.as_deref(), Some(locale));
        let pairs = assert_session(&data, service, user, "127.0.0.1");
        assert_eq!(query_value(&pairs, "locale"), Some(locale));
    }
}

#[tokio::test]
async fn the_preferred_domain_is_the_host_of_the_url() {
    let double = Double::start(&[]);
    let client = client(&double);
    for (domain, host, service) in [
        ("example.com", "example.com", Service::Cpaneld),
        ("sub.example.co.uk", "sub.example.co.uk", Service::Webmaild),
        ("192.0.2.10", "192.0.2.10", Service::Cpaneld),
        ("2001:db8::1", "[2001:db8::1]", Service::Cpaneld),
        ("whm.example.net", "whm.example.net", Service::Whostmgrd),
    ] {
        let user = if service == Service::Whostmgrd {
            "reseller"
        } else {
            "example"
        };
        let mut params = params(service, user);
        params.preferred_domain = Some(domain.to_owned());
        let data = create(&client, &params).await;
        assert_session(&data, service, user, host);
    }
}

#[tokio::test]
async fn business_failures_are_typed_api_errors_with_their_reason() {
    let double = Double::start(&[]);
    let client = client(&double);
    // (user, service, what the reason must contain)
    let cases: [(&str, Service, &[&str]); 7] = [
        (
            "nosuchuser",
            Service::Cpaneld,
            &["nosuchuser", "does not exist"],
        ),
        ("nosuchuser", Service::Whostmgrd, &["does not exist"]),
        ("x@nobody.example", Service::Webmaild, &["does not exist"]),
        ("example", Service::Whostmgrd, &["example", "reseller"]),
        ("bob", Service::Whostmgrd, &["bob", "reseller"]),
        ("root", Service::Cpaneld, &["root", "whostmgrd"]),
        ("root", Service::Webmaild, &["root", "whostmgrd"]),
    ];
    for (user, service, words) in cases {
        let params = params(service, user);
        let reason = api_failure(&client, &params).await;
        for word in words {
            assert!(reason.contains(word), "{user} on {service}: {reason}");
        }
        let message = client
            .create_user_session(&params)
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains(&reason), "{message}");
        assert!(!message.contains(TOKEN), "{message}");
    }
}

#[tokio::test]
async fn a_missing_user_is_refused_by_the_client_and_by_the_double() {
    let double = Double::start(&[]);
    let client = client(&double);
    match client
        .create_user_session(&params(Service::Cpaneld, ""))
        .await
    {
        Err(Error::InvalidParams(errors)) => {
            assert!(errors.iter().any(|e| e.parameter == "user"), "{errors}");
        }
        other => panic!("expected invalid parameters, got {other:?}"),
    }
    let (status, body) = raw(&double, &[("service", "cpaneld")]).await;
    assert_eq!(status, 200);
    assert_eq!(body["metadata"]["result"], 0, "{body}");
    let reason = body["metadata"]["reason"].as_str().unwrap();
    assert!(reason.contains("`user`"), "{reason}");
}

/// GETs the operation from the double with the token, `api.version=1` and these raw pairs.
async fn raw(double: &Double, query: &[(&str, &str)]) -> (u16, Value) {
    get(double, query, Some(&token_auth())).await
}

/// Values that break a format rule: (wire name of the parameter, value).
fn malformed() -> Vec<(&'static str, String)> {
    let mut cases = vec![("locale", "abcdefghijklmnopq".to_owned())];
    for domain in [
        "evil.example/@x",
        "a.com:1@b.com",
        "example.com\n",
        "exa mple.com",
        "example.com/",
        "example.com?x=1",
        "example.com#frag",
        "example.com:2083",
        "user@example.com",
        "",
    ] {
        cases.push(("preferred_domain", domain.to_owned()));
    }
    for app in ["File Manager", "app;rm", "a/b", "x?y", "Home\n", "é"] {
        cases.push(("app", app.to_owned()));
    }
    // 5001 characters once decoded: one too many.
    let too_long = base64_encode(&"x".repeat(5001));
    for token in ["not base64!", "abc", "====", too_long.as_str()] {
        cases.push(("promptToken", token.to_owned()));
    }
    cases
}

/// Standard base64 with padding.
fn base64_encode(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn with(parameter: &str, value: &str) -> CreateUserSessionParams {
    let mut params = params(Service::Cpaneld, "example");
    match parameter {
        "locale" => params.locale = Some(value.to_owned()),
        "preferred_domain" => params.preferred_domain = Some(value.to_owned()),
        "app" => params.app = Some(App::Other(value.to_owned())),
        "promptToken" => params.prompt_token = Some(value.to_owned()),
        other => unreachable!("{other}"),
    }
    params
}

#[tokio::test]
async fn valid_edge_values_pass_both_sides() {
    let double = Double::start(&[]);
    let client = client(&double);
    let at_limit = base64_encode(&"x".repeat(5000));
    for (parameter, value) in [
        ("locale", "abcdefghijklmnop"),
        ("preferred_domain", "xn--bcher-kva.example"),
        ("app", "Some_Thing-2"),
        ("promptToken", "aGVsbG8="),
        ("promptToken", at_limit.as_str()),
    ] {
        let data = create(&client, &with(parameter, value)).await;
        assert_eq!(data.service, "cpaneld", "{parameter}");
    }
}

#[tokio::test]
async fn the_client_refuses_malformed_values_without_sending() {
    // A listener that never answers: a request sent to it would be accepted by the kernel,
    // and be waiting for the test to `accept` it.
    let sentinel = TcpListener::bind("127.0.0.1:0").unwrap();
    sentinel.set_nonblocking(true).unwrap();
    let base_url = format!("http://{}/json-api", sentinel.local_addr().unwrap());
    let client = Client::builder()
        .base_url(&base_url)
        .auth(Credential::user_token("root", TOKEN))
        // The valid call at the end waits this long for the sentinel, which never answers;
        // connecting to it takes the kernel microseconds.
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    for (parameter, value) in malformed() {
        match client.create_user_session(&with(parameter, &value)).await {
            Err(Error::InvalidParams(errors)) => {
                let error = errors
                    .iter()
                    .find(|e| e.parameter == parameter)
                    .unwrap_or_else(|| panic!("{parameter}={value:?}: {errors}"));
                assert!(
                    matches!(error.problem, ParamProblem::Invalid { .. }),
                    "{error}"
                );
                let message = Error::<Failure>::InvalidParams(errors.clone()).to_string();
                assert!(message.contains(&format!("`{parameter}`")), "{message}");
                assert!(message.contains("nothing sent"), "{message}");
            }
            other => panic!("{parameter}={value:?}: expected invalid parameters, got {other:?}"),
        }
    }
    assert!(
        matches!(sentinel.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the client connected although every call had invalid parameters"
    );

    // The sentinel does see a call whose parameters are valid: the check above can fail.
    let error = client
        .create_user_session(&params(Service::Cpaneld, "example"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        sentinel.accept().is_ok(),
        "the valid call reached the sentinel"
    );
}

#[tokio::test]
async fn the_double_refuses_the_same_values_sent_raw() {
    let double = Double::start(&[]);
    for (parameter, value) in malformed() {
        let (status, body) = raw(
            &double,
            &[
                ("service", "cpaneld"),
                ("user", "example"),
                (parameter, &value),
            ],
        )
        .await;
        assert_eq!(status, 200, "{parameter}={value:?}: {body}");
        assert_eq!(
            body["metadata"]["result"], 0,
            "{parameter}={value:?}: {body}"
        );
        assert_eq!(body["metadata"]["command"], "create_user_session");
        assert!(body.get("data").is_none(), "{body}");
        let reason = body["metadata"]["reason"].as_str().unwrap();
        assert!(
            reason.contains(&format!("`{parameter}`")),
            "{parameter}={value:?}: {reason}"
        );
    }
}

#[tokio::test]
async fn a_wrong_token_is_an_error_that_does_not_show_it() {
    let double = Double::start(&[]);
    let wrong = "wrong-token-0d9c7e";
    for auth in [
        Credential::user_token("root", wrong),
        Credential::user_token("bob", TOKEN),
    ] {
        let client = client_for(&double.url(""), auth);
        let error = client
            .create_user_session(&params(Service::Whostmgrd, "root"))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::Status { status: 401, .. }),
            "{error:?}"
        );
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{client:?}"),
        ] {
            assert!(!shown.contains(wrong), "{shown}");
            assert!(!shown.contains(TOKEN), "{shown}");
        }
    }
}

#[tokio::test]
async fn basic_auth_works_with_the_password() {
    let double = Double::start(&["--password", PASSWORD]);
    let client = client_for(&double.url(""), Credential::basic("root", PASSWORD));
    let data = create(&client, &params(Service::Cpaneld, "bob")).await;
    assert_session(&data, Service::Cpaneld, "bob", "127.0.0.1");
    assert!(!format!("{client:?}").contains(PASSWORD));

    let wrong = client_for(
        &double.url(""),
        Credential::basic("root", "not-the-password"),
    );
    let error = wrong
        .create_user_session(&params(Service::Cpaneld, "bob"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 401, .. }),
        "{error:?}"
    );
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("not-the-password"), "{shown}");
        assert!(!shown.contains(PASSWORD), "{shown}");
    }
}
