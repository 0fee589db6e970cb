//! The generated client against a WHM-like HTTP server on loopback that records every request
//! and answers as told: what goes on the wire, and how each kind of answer is reported.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use whm_api::client::{Builder, Client, Credential, Error, TransportKind};
use whm_api::{App, CreateUserSessionParams, Metadata, MetadataResult, Secret, Service};

const SESSION_URL: &str =
    "https://whm.example.com:2083/cpsess0123456789/login/?session=alice:SeSsIoNsEcReT&locale=fr";
const TOKEN: &str = "TOKENSECRET0123456789";

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    query: Option<String>,
    authorization: Option<String>,
}

/// How the server answers.
#[derive(Clone)]
enum Answer {
    Reply {
        status: u16,
        content_type: &'static str,
        body: String,
    },
    /// Never answers.
    Hang,
}

#[derive(Clone)]
struct Shared {
    answer: Answer,
    seen: Arc<Mutex<Vec<Seen>>>,
}

struct TestServer {
    base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl TestServer {
    async fn start(answer: Answer) -> TestServer {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            answer,
            seen: seen.clone(),
        };
        let app = axum::Router::new().fallback(record).with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        TestServer {
            base_url: format!("http://{addr}/json-api"),
            seen,
        }
    }

    async fn json(body: serde_json::Value) -> TestServer {
        TestServer::start(Answer::Reply {
            status: 200,
            content_type: "application/json",
            body: body.to_string(),
        })
        .await
    }

    fn client(&self, auth: Credential) -> Client {
        Client::builder()
            .base_url(&self.base_url)
            .auth(auth)
            .build()
            .unwrap()
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn record(State(shared): State<Shared>, request: Request) -> Response {
    shared.seen.lock().unwrap().push(Seen {
        path: request.uri().path().to_owned(),
        query: request.uri().query().map(str::to_owned),
        authorization: request
            .headers()
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap().to_owned()),
    });
    match shared.answer {
        Answer::Reply {
            status,
            content_type,
            body,
        } => (
            StatusCode::from_u16(status).unwrap(),
            [(header::CONTENT_TYPE, content_type)],
            Body::from(body),
        )
            .into_response(),
        Answer::Hang => std::future::pending().await,
    }
}

fn success() -> serde_json::Value {
    serde_json::json!({
        "data": {
            "cp_security_token": "/cpsess0123456789",
            "expires": 1_401_993_893,
            "locale": "fr",
            "service": "cpaneld",
            "session": "alice:SeSsIoNsEcReT",
            "url": SESSION_URL,
        },
        "metadata": {
            "command": "create_user_session",
            "reason": "Created session",
            "result": 1,
            "version": 1,
        },
    })
}

fn params() -> CreateUserSessionParams {
    let mut params = CreateUserSessionParams::new(Service::Cpaneld, "alice");
    params.app = Some(App::FileManagerHome);
    params.locale = Some("fr".to_owned());
    params
}

fn token() -> Credential {
    Credential::user_token("root", TOKEN)
}

#[tokio::test]
async fn sends_api_version_and_the_token_and_decodes_the_session() {
    let server = TestServer::json(success()).await;
    let client = server.client(token());

    // The whole answer: the data, and the rest of WHM's envelope.
    let reply = client.send(&params()).await.unwrap();

    assert_eq!(reply.status(), 200);
    assert_eq!(reply.value().url, SESSION_URL);
    assert_eq!(reply.value().expires, 1_401_993_893);
    let metadata: Metadata = reply
        .envelope_part("metadata")
        .expect("the answer has metadata")
        .expect("the metadata reads");
    assert_eq!(metadata.reason, "Created session");
    assert_eq!(metadata.command, "create_user_session");
    assert_eq!(metadata.result, MetadataResult::Success);
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/json-api/create_user_session");
    assert_eq!(
        seen[0].query.as_deref(),
        Some("api.version=1&service=cpaneld&user=alice&app=FileManager_Home&locale=fr")
    );
    assert_eq!(
        seen[0].authorization.as_deref(),
        Some(format!("whm root:{TOKEN}").as_str())
    );

    // Neither the client, the credentials, the data nor the metadata shows a secret.
    let shown = format!("{client:?} {:?} {:?} {metadata:?}", token(), reply.value());
    for secret in [TOKEN, "SeSsIoNsEcReT", "cpsess0123456789"] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
}

// FAILS until the runtime is fixed: `openapi_runtime::client::Response` derives `Debug`, which
// prints the whole JSON envelope it keeps (`envelope: Some(Object {"data": ... "session":
// String("alice:SeSsIoNsEcReT") ...`), so the session id, security token and session URL that
// `CreateUserSessionData` redacts show in `{response:?}`. The old
// `create_user_session_with_metadata` reply redacted them.
#[tokio::test]
async fn the_whole_answer_does_not_show_secrets_in_debug_output() {
    let server = TestServer::json(success()).await;
    let reply = server.client(token()).send(&params()).await.unwrap();
    let shown = format!("{reply:?}");
    for secret in ["SeSsIoNsEcReT", "cpsess0123456789"] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
}

#[tokio::test]
async fn the_plain_method_returns_the_data() {
    let server = TestServer::json(success()).await;
    let data = server
        .client(token())
        .create_user_session(&CreateUserSessionParams::new(
            Service::Webmaild,
            "a+b@example.com",
        ))
        .await
        .unwrap();
    assert_eq!(data.service, "cpaneld");
    assert_eq!(
        server.seen()[0].query.as_deref(),
        Some("api.version=1&service=webmaild&user=a%2Bb%40example.com")
    );
}

#[tokio::test]
async fn sends_basic_auth() {
    let server = TestServer::json(success()).await;
    for (user, password, expected) in [
        ("root", "hunter2", "Basic cm9vdDpodW50ZXIy"),
        ("ro", "x", "Basic cm86eA=="),
        ("ro", "xy", "Basic cm86eHk="),
    ] {
        server
            .client(Credential::basic(user, password))
            .create_user_session(&params())
            .await
            .unwrap();
        assert_eq!(
            server.seen().last().unwrap().authorization.as_deref(),
            Some(expected)
        );
    }
}

#[tokio::test]
async fn result_0_is_the_api_error_with_its_reason() {
    let server = TestServer::json(serde_json::json!({
        "data": {},
        "metadata": {
            "command": "create_user_session",
            "reason": "The user “bob” does not exist.",
            "result": 0,
            "version": 1,
        },
    }))
    .await;
    let error = server
        .client(token())
        .create_user_session(&params())
        .await
        .unwrap_err();
    match &error {
        // WHM answers failures with HTTP 200.
        Error::Api {
            status: 200, body, ..
        } => {
            assert_eq!(body.command.as_deref(), Some("create_user_session"));
            assert_eq!(body.reason, "The user “bob” does not exist.");
            assert_eq!(body.result, 0);
            assert_eq!(
                body.to_string(),
                "`create_user_session` failed: The user “bob” does not exist."
            );
        }
        other => panic!("expected the API error, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "the API answered HTTP 200: `create_user_session` failed: The user “bob” does not exist."
    );
}

#[tokio::test]
async fn an_html_login_page_is_not_json_and_hints_at_credentials() {
    for status in [401, 403, 200] {
        let server = TestServer::start(Answer::Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body: "<!DOCTYPE html><html><body>Login</body></html>".to_owned(),
        })
        .await;
        let error = server
            .client(token())
            .create_user_session(&params())
            .await
            .unwrap_err();
        match &error {
            Error::NotJson {
                status: got,
                content_type,
                html,
                ..
            } => {
                assert_eq!(*got, status);
                assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
                assert!(html);
            }
            other => panic!("expected not-JSON, got {other:?}"),
        }
        let message = error.to_string();
        assert!(message.contains(&format!("HTTP {status}")), "{message}");
        assert!(message.contains("not JSON"), "{message}");
        assert!(message.contains("credentials"), "{message}");
        assert!(!message.contains(TOKEN), "{message}");
    }
}

#[tokio::test]
async fn malformed_json_is_not_json() {
    let server = TestServer::start(Answer::Reply {
        status: 200,
        content_type: "application/json",
        body: r#"{"metadata": {"result": 1,"#.to_owned(),
    })
    .await;
    let error = server
        .client(token())
        .create_user_session(&params())
        .await
        .unwrap_err();
    match &error {
        Error::NotJson {
            status: 200,
            html: false,
            detail: Some(detail),
            ..
        } => assert!(detail.contains("malformed JSON"), "{detail}"),
        other => panic!("expected not-JSON, got {other:?}"),
    }
}

#[tokio::test]
async fn json_that_breaks_the_schema_names_the_path() {
    let mut body = success();
    body["data"]["expires"] = "soon".into();
    let server = TestServer::json(body).await;
    let error = server
        .client(token())
        .create_user_session(&params())
        .await
        .unwrap_err();
    match &error {
        Error::Schema { path, message } => {
            assert_eq!(path, "data.expires");
            assert!(message.contains("soon"), "{message}");
        }
        other => panic!("expected a schema error, got {other:?}"),
    }
    assert!(error.to_string().contains("`data.expires`"));
}

#[tokio::test]
async fn a_schema_error_in_a_secret_field_hides_the_value() {
    let mut body = success();
    body["data"]["session"] = 987_654_321.into();
    let server = TestServer::json(body).await;
    let error = server
        .client(token())
        .create_user_session(&params())
        .await
        .unwrap_err();
    let Error::Schema { path, .. } = &error else {
        panic!("expected a schema error, got {error:?}");
    };
    assert_eq!(path, "data.session");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("987654321"), "{shown}");
}

#[tokio::test]
async fn a_success_without_data_is_a_schema_error() {
    let mut body = success();
    body.as_object_mut().unwrap().remove("data");
    let server = TestServer::json(body).await;
    let error = server
        .client(token())
        .create_user_session(&params())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Schema { path, .. } if path == "data"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_unexpected_status_shows_an_excerpt_of_the_body() {
    let server = TestServer::start(Answer::Reply {
        status: 500,
        content_type: "text/plain",
        body: format!("Internal\n   error: {}", "x".repeat(1000)),
    })
    .await;
    let error = server
        .client(token())
        .create_user_session(&params())
        .await
        .unwrap_err();
    match &error {
        Error::Status {
            status: 500,
            body_excerpt,
            ..
        } => {
            assert!(
                body_excerpt.starts_with("Internal error: xxx"),
                "{body_excerpt}"
            );
            assert!(body_excerpt.chars().count() < 300, "{body_excerpt}");
        }
        other => panic!("expected a status error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_does_not_answer_times_out_without_showing_secrets() {
    let server = TestServer::start(Answer::Hang).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .auth(token())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut params = params();
    params.cp_security_token = Some(Secret::from("cpsessQUERYSECRET"));
    let error = client.create_user_session(&params).await.unwrap_err();
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
    let shown = format!("{error} {error:?}");
    for secret in [TOKEN, "cpsessQUERYSECRET"] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let error = Client::builder()
        .base_url(format!("http://{addr}/json-api"))
        .auth(token())
        .build()
        .unwrap()
        .create_user_session(&params())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_tls_error() {
    let server = TestServer::json(success()).await;
    let error = Client::builder()
        .base_url(server.base_url.replace("http://", "https://"))
        .auth(token())
        .build()
        .unwrap()
        .create_user_session(&params())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn the_builder_fills_the_server_template() {
    let client = Client::builder()
        .host("whm.example.com")
        .auth(token())
        .build()
        .unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://whm.example.com:2087/json-api"
    );
    let client = Client::builder()
        .host("127.0.0.1")
        .port(8443)
        .build()
        .unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://127.0.0.1:8443/json-api"
    );
}

#[test]
fn the_builder_rejects_bad_settings() {
    let config = |builder: Builder<Client>| match builder.build() {
        Err(Error::Config { message }) => message,
        other => panic!("expected a config error, got {other:?}"),
    };
    assert!(config(Client::builder()).contains("no server given"));
    assert!(config(Client::builder().host("evil.example/x?")).contains("`host`"));
    assert!(config(Client::builder().base_url("ftp://whm.example.com")).contains("scheme"));
    let message = config(Client::builder().base_url("https://root:PASSWORD1@whm.example.com"));
    assert!(!message.contains("PASSWORD1"), "{message}");
    assert!(
        config(
            Client::builder()
                .base_url("https://whm.example.com")
                .auth(Credential::user_token("root", "bad\ntoken"))
        )
        .contains("credentials")
    );
    assert!(
        config(
            Client::builder()
                .base_url("https://whm.example.com")
                .http_client(whm_api_tests::http())
                .accept_invalid_certificates(true)
        )
        .contains("http_client")
    );
}
