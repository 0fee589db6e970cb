//! The generated server stubs with a minimal implementation, in process on loopback:
//! the default success reason, failures, the body limit of a POSTed form, and what the
//! authentication hooks are given for each scheme (and what its `Debug` shows).

use std::sync::{Arc, Mutex};

use serde_json::Value;
use whm_api::runtime::server::Presented;
use whm_api::server::{Api, Authenticate, Failure, Outcome, Success};
use whm_api::{CreateUserSessionData, CreateUserSessionParams};

/// Admits `alice` with any API token; the caller is her name. (Basic is not implemented, so
/// it is refused.)
struct AnyoneNamedAlice;

impl Authenticate for AnyoneNamedAlice {
    type Caller = String;

    async fn whm_api_token(&self, user: &str, _token: &str) -> Option<String> {
        (user == "alice").then(|| user.to_owned())
    }
}

/// Fails for user `fail`, else succeeds without choosing a reason.
struct Echo;

impl Api for Echo {
    type Caller = String;

    async fn create_user_session(
        &self,
        caller: String,
        params: CreateUserSessionParams,
    ) -> Outcome<CreateUserSessionData> {
        if params.user == "fail" {
            return Err(Failure::new(format!("refused for {caller}")));
        }
        Ok(Success::new(CreateUserSessionData {
            additional: Default::default(),
            cp_security_token: "/cpsess0000000000".into(),
            expires: 0,
            locale: None,
            service: params.service.to_string(),
            session: format!("{caller}:{}", params.user).into(),
            url: "".into(),
        }))
    }
}

async fn serve() -> String {
    serve_app(whm_api::server::router(Echo, AnyoneNamedAlice)).await
}

async fn serve_app(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum_serve(listener, app).await });
    format!("http://{address}/json-api/create_user_session")
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    axum::serve(listener, app).await.unwrap();
}

async fn call(url: &str, user: &str) -> Value {
    let response = whm_api_tests::http()
        .get(url)
        .query(&[("user", user), ("service", "webmaild")])
        .header("Authorization", "whm alice:anything")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

#[tokio::test]
async fn the_caller_and_params_reach_the_method_and_the_default_reason_is_ok() {
    let url = serve().await;
    let body = call(&url, "bob").await;
    assert_eq!(body["metadata"]["result"], 1);
    assert_eq!(body["metadata"]["reason"], "OK");
    assert_eq!(body["data"]["session"], "alice:bob");
    assert_eq!(body["data"]["service"], "webmaild");
}

#[tokio::test]
async fn a_failure_from_the_method_is_whms_failure_envelope() {
    let url = serve().await;
    let body = call(&url, "fail").await;
    assert_eq!(body["metadata"]["result"], 0);
    assert_eq!(body["metadata"]["reason"], "refused for alice");
    assert_eq!(body["metadata"]["command"], "create_user_session");
    assert!(body.get("data").is_none(), "{body}");
}

#[tokio::test]
async fn a_posted_form_is_read_within_the_routers_body_limit() {
    // The stubs read a POSTed form with axum's own limit: 2 MB by default, or what the
    // router's `DefaultBodyLimit` says.
    let form = "user=bob&service=webmaild";
    let post = |url: String, body: String| async move {
        whm_api_tests::http()
            .post(url)
            .header("Authorization", "whm alice:anything")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    };
    let url = serve().await;
    let response = post(url.clone(), form.to_owned()).await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["data"]["session"], "alice:bob");
    let oversized = format!("{form}&locale={}", "x".repeat(2 * 1024 * 1024));
    assert_eq!(post(url, oversized).await.status().as_u16(), 413);

    let limited = whm_api::server::router(Echo, AnyoneNamedAlice)
        .layer(axum::extract::DefaultBodyLimit::max(form.len()));
    let url = serve_app(limited).await;
    assert_eq!(
        post(url.clone(), form.to_owned()).await.status().as_u16(),
        200
    );
    assert_eq!(post(url, format!("{form}&")).await.status().as_u16(), 413);
}

/// What a hook was given: (scheme, user, secret).
type Seen = (&'static str, String, String);

/// What each hook was given. Refuses everyone.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Authenticate for Recorder {
    type Caller = String;

    async fn basic_auth(&self, user: &str, password: &str) -> Option<String> {
        let seen = ("basic", user.to_owned(), password.to_owned());
        self.0.lock().unwrap().push(seen);
        None
    }

    async fn whm_api_token(&self, user: &str, token: &str) -> Option<String> {
        let seen = ("whm", user.to_owned(), token.to_owned());
        self.0.lock().unwrap().push(seen);
        None
    }
}

#[tokio::test]
async fn each_scheme_reaches_its_hook_parsed_and_malformed_ones_reach_none() {
    let recorder = Recorder::default();
    let url = serve_app(whm_api::server::router(Echo, recorder.clone())).await;
    let send = |authorization: &'static str| {
        let url = url.clone();
        async move {
            let response = whm_api_tests::http()
                .get(url)
                .query(&[("user", "bob"), ("service", "webmaild")])
                .header("Authorization", authorization)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    // "root:pa:ss" in base64: the password is everything after the first colon.
    for (authorization, expected) in [
        ("whm root:TOKENVALUE", ("whm", "root", "TOKENVALUE")),
        ("Basic cm9vdDpwYTpzcw==", ("basic", "root", "pa:ss")),
    ] {
        let (status, body) = send(authorization).await;
        assert_eq!(status, 401, "refused by the hook: {body}");
        assert!(
            !body.contains("TOKENVALUE") && !body.contains("pa:ss"),
            "{body}"
        );
        let seen = std::mem::take(&mut *recorder.0.lock().unwrap());
        let (scheme, user, secret) = expected;
        assert_eq!(
            seen,
            [(scheme, user.to_owned(), secret.to_owned())],
            "{authorization}"
        );
    }
    for bad in [
        "",
        "whm",
        "whm :token",
        "Basic",
        "Basic cm9vdA==",
        "Digest x",
        "whmroot:x",
    ] {
        let (status, body) = send(bad).await;
        assert_eq!(status, 401, "{bad:?}: {body}");
        assert!(
            recorder.0.lock().unwrap().is_empty(),
            "{bad:?} reached a hook"
        );
    }
}

#[test]
fn presented_credentials_hide_the_secret() {
    for presented in [
        Presented::UserToken {
            user: "root",
            token: "TOKENVALUE",
        },
        Presented::Basic {
            user: "root",
            password: "pa:ss",
        },
    ] {
        let shown = format!("{presented:?}");
        assert!(shown.contains("root"), "{shown}");
        assert!(
            !shown.contains("TOKENVALUE") && !shown.contains("pa:ss"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn a_hook_that_is_not_implemented_refuses() {
    let url = serve().await;
    let response = whm_api_tests::http()
        .get(url)
        .query(&[("user", "bob"), ("service", "webmaild")])
        .basic_auth("alice", Some("anything"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
}
