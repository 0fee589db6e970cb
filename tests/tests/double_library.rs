//! The WHM double as a library (`whm-double`), as a billing system's test suite uses it:
//! started in-process on a free loopback port, seeded, driven with the generated client, its
//! minted sessions read back, stopped on drop.

use std::io::{Read, Write};
use std::net::TcpStream;

use whm_api::client::{Client, Credential, Error};
use whm_api::{App, CreateUserSessionParams, Service};
use whm_double::WhmDouble;

use crate::server_common::{assert_session_id, assert_session_url, assert_token, now, port};

fn client(double: &whm_double::RunningDouble, auth: Credential) -> Client {
    Client::builder()
        .base_url(double.base_url())
        .auth(auth)
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn a_session_created_through_the_client_is_the_one_the_double_minted() {
    let double = WhmDouble::new()
        .token("root", "billing-token")
        .account("alice", "alice.example")
        .start()
        .expect("the double starts");
    let address = double.address();
    assert!(
        address.ip().is_loopback() && address.port() != 0,
        "{address}"
    );
    assert_eq!(double.base_url(), format!("http://{address}/json-api"));
    assert!(double.sessions().is_empty());

    let client = client(&double, Credential::user_token("root", "billing-token"));
    let mut params = CreateUserSessionParams::new(Service::Webmaild, "Info@Alice.example");
    params.locale = Some("fr".to_owned());
    let before = now();
    let data = client
        .create_user_session(&params)
        .await
        .expect("a session");
    assert_token(data.cp_security_token.as_str());
    assert_session_id(data.session.as_str(), "alice");
    assert_session_url(
        data.url.as_str(),
        "127.0.0.1",
        port(Service::Webmaild),
        data.cp_security_token.as_str(),
        data.session.as_str(),
    );

    let minted = double.sessions();
    assert_eq!(minted.len(), 1, "{minted:?}");
    let session = &minted[0];
    assert_eq!(session.caller, "root");
    assert_eq!(session.user, "alice", "the owner of the address's domain");
    assert_eq!(session.service, Service::Webmaild);
    assert_eq!(session.locale.as_deref(), Some("fr"));
    assert_eq!(session.app, None);
    assert_eq!(session.cp_security_token, data.cp_security_token);
    assert_eq!(session.session, data.session);
    assert_eq!(session.url, data.url);
    assert_eq!(session.expires, data.expires);
    assert!(
        (before + whm_double::SESSION_LIFETIME..=now() + whm_double::SESSION_LIFETIME)
            .contains(&session.expires)
    );

    // A failure mints nothing.
    let refused = client
        .create_user_session(&CreateUserSessionParams::new(Service::Whostmgrd, "alice"))
        .await
        .expect_err("alice is not a reseller");
    assert!(
        matches!(refused, Error::Api { status: 200, .. }),
        "{refused}"
    );
    assert_eq!(double.sessions().len(), 1);

    let log = double.session_log();
    drop(double);
    assert!(
        TcpStream::connect(address).is_err(),
        "the port is closed once the double is dropped"
    );
    assert_eq!(log.sessions().len(), 1, "the log outlives the double");
}

#[tokio::test]
async fn every_seeded_credential_is_admitted_and_names_its_caller() {
    let double = WhmDouble::new()
        .token("root", "root-token")
        .token("rita", "rita-token")
        .reseller("rita", "rita.example")
        .password("ops", "ops-password")
        .hostname("whm.example.net")
        .start()
        .expect("the double starts");
    let params = CreateUserSessionParams::new(Service::Whostmgrd, "rita");
    for (auth, caller) in [
        (Credential::user_token("root", "root-token"), "root"),
        (Credential::user_token("rita", "rita-token"), "rita"),
        (Credential::basic("ops", "ops-password"), "ops"),
    ] {
        let data = client(&double, auth)
            .create_user_session(&params)
            .await
            .unwrap_or_else(|error| panic!("{caller}: {error}"));
        assert!(
            data.url
                .as_str()
                .starts_with("https://whm.example.net:2087/"),
            "the hostname given"
        );
        let last = double.sessions().pop().expect("a session");
        assert_eq!((last.caller.as_str(), last.user.as_str()), (caller, "rita"));
    }
    // `ops` has root's privileges (it is not an account), so it may log in to WHM itself.
    let mut params = CreateUserSessionParams::new(Service::Whostmgrd, "ops");
    params.app = Some(App::FileManagerHome);
    let data = client(&double, Credential::user_token("root", "root-token"))
        .create_user_session(&params)
        .await
        .expect("a session for ops");
    assert!(data.url.as_str().contains("goto_app%3DFileManager_Home"));
    assert_eq!(
        double.sessions().pop().unwrap().app,
        Some(App::FileManagerHome)
    );

    for auth in [
        Credential::user_token("rita", "root-token"),
        Credential::user_token("root", "rita-token"),
        Credential::basic("root", "root-token"),
        Credential::user_token("ops", "ops-password"),
    ] {
        let error = client(&double, auth)
            .create_user_session(&params)
            .await
            .expect_err("refused");
        assert!(
            matches!(error, Error::Status { status: 401, .. }),
            "{error}"
        );
    }
    assert_eq!(double.sessions().len(), 4, "refused requests mint nothing");
}

#[tokio::test]
async fn an_empty_double_knows_only_root_and_the_seeded_accounts() {
    let double = WhmDouble::empty()
        .token("root", "t")
        .account("carol", "carol.example")
        .start()
        .expect("the double starts");
    let client = client(&double, Credential::user_token("root", "t"));
    for user in ["bob", "example", "reseller", "x@bob.example"] {
        let error = client
            .create_user_session(&CreateUserSessionParams::new(Service::Cpaneld, user))
            .await
            .expect_err("no sample accounts");
        assert!(
            error.to_string().contains("does not exist"),
            "{user}: {error}"
        );
    }
    client
        .create_user_session(&CreateUserSessionParams::new(Service::Cpaneld, "carol"))
        .await
        .expect("a seeded account");
    assert_eq!(double.sessions().len(), 1);
}

#[test]
fn it_serves_callers_without_an_async_runtime_and_never_shows_secrets() {
    let builder = WhmDouble::new().token("root", "hidden-token");
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("root") && !shown.contains("hidden-token"),
        "{shown}"
    );
    let double = builder.start().expect("the double starts");
    let mut stream = TcpStream::connect(double.address()).expect("it accepts connections");
    write!(
        stream,
        "GET /json-api/create_user_session?api.version=1&user=bob&service=cpaneld HTTP/1.1\r\n\
         Host: localhost\r\nAuthorization: whm root:hidden-token\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""reason":"Created session""#), "{answer}");
    let minted = double.sessions();
    assert_eq!(minted.len(), 1);
    let shown = format!("{minted:?}");
    assert!(
        !shown.contains(minted[0].session.as_str()) && !shown.contains("/cpsess"),
        "{shown}"
    );
    double.stop().expect("it stops cleanly");
}
