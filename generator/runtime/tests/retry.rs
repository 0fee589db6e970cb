//! Retries and per-request options, the runtime's client against a server on loopback that
//! counts the attempts it sees and fails on purpose.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openapi_runtime::__private::Decoder;
use openapi_runtime::client::{self, Error, RequestOptions, RetryPolicy, TransportKind};
use openapi_runtime::operation::{ApiInfo, OperationInfo, Param, ResponseInfo};
use openapi_runtime::vocab::{Media, Method};
use openapi_runtime::{NoFailure, Operation};
use serde::{Deserialize, Serialize};

static API: ApiInfo = ApiInfo {
    title: "Flaky",
    servers: &[],
    schemes: &[],
};

const OK: ResponseInfo = ResponseInfo {
    status: "200",
    content_type: "application/json",
    media: Media::Json,
    success: true,
};

/// What the server answers: how many attempts it saw, and the headers the test asks about.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
struct Seen {
    attempts: u32,
    extra: Option<String>,
    key: Option<String>,
}

/// GET /things/{case}: the server's behaviour is chosen by `case`.
#[derive(Debug, Clone, Serialize)]
struct GetThing {
    case: String,
}

impl Operation for GetThing {
    type Output = Seen;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "getThing",
        method: Method::Get,
        path: "/things/{case}",
        params: &[Param::path("case")],
        responses: &[OK],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        Some(Self {
            case: input.required("case")?,
        })
    }
}

/// POST /things/{case}: the same parameters, by a method that is not idempotent.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
struct CreateThing(GetThing);

impl Operation for CreateThing {
    type Output = Seen;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "createThing",
        method: Method::Post,
        ..*GetThing::INFO
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        GetThing::decode(input).map(Self)
    }
}

type Attempts = Arc<Mutex<HashMap<String, u32>>>;

/// Answers by case: `flaky` 503 once, `limited` 429 with `Retry-After: 1` once, `busy` 503
/// always, `closed` 429 asking for an hour, `slow` after 2 s; then 200 with what it saw.
async fn thing(
    State(attempts): State<Attempts>,
    Path(case): Path<String>,
    headers: HeaderMap,
) -> Response {
    let attempt = {
        let mut attempts = attempts.lock().unwrap();
        let count = attempts.entry(case.clone()).or_default();
        *count += 1;
        *count
    };
    match (case.as_str(), attempt) {
        ("flaky", 1) | ("busy", _) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        ("limited", 1) => {
            return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response();
        }
        ("closed", _) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "3600")],
            )
                .into_response();
        }
        ("slow", _) => tokio::time::sleep(Duration::from_secs(2)).await,
        _ => {}
    }
    let text = |name: &str| Some(headers.get(name)?.to_str().ok()?.to_owned());
    let seen = Seen {
        attempts: attempt,
        extra: text("x-extra"),
        key: text("idempotency-key"),
    };
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&seen).unwrap(),
    )
        .into_response()
}

async fn serve() -> (String, Attempts) {
    let attempts = Attempts::default();
    let router = axum::Router::new()
        .route("/things/{case}", axum::routing::get(thing).post(thing))
        .with_state(attempts.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{address}"), attempts)
}

/// Retries quickly, so that the tests wait for `Retry-After` only where they mean to.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(20))
}

fn client(base: &str, policy: Option<RetryPolicy>) -> client::Client {
    let builder = client::Builder::<client::Client>::new(&API).base_url(base);
    match policy {
        Some(policy) => builder.retry(policy).build().unwrap(),
        None => builder.build().unwrap(),
    }
}

fn get(case: &str) -> GetThing {
    GetThing { case: case.into() }
}

fn create(case: &str) -> CreateThing {
    CreateThing(get(case))
}

fn attempts_of(attempts: &Attempts, case: &str) -> u32 {
    attempts.lock().unwrap().get(case).copied().unwrap_or(0)
}

#[tokio::test]
async fn a_503_then_200_is_retried_to_success() {
    let (base, _) = serve().await;
    let seen = client(&base, Some(fast_retries()))
        .call(&get("flaky"))
        .await
        .unwrap();
    assert_eq!(seen.attempts, 2);
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let (base, attempts) = serve().await;
    let error = client(&base, None).call(&get("flaky")).await.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error}");
    assert_eq!(attempts_of(&attempts, "flaky"), 1);
}

#[tokio::test]
async fn retries_stop_at_the_most_attempts() {
    let (base, attempts) = serve().await;
    let error = client(&base, Some(fast_retries()))
        .call(&get("busy"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503), "{error}");
    assert_eq!(attempts_of(&attempts, "busy"), 3);
}

#[tokio::test]
async fn a_429_waits_as_long_as_retry_after_says() {
    let (base, _) = serve().await;
    let started = Instant::now();
    let seen = client(&base, Some(fast_retries()))
        .call(&get("limited"))
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(seen.attempts, 2);
    // `Retry-After: 1`, not the backoff of at most 20 ms.
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    assert!(waited < Duration::from_secs(10), "{waited:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let (base, attempts) = serve().await;
    let policy = fast_retries().max_retry_after(Duration::from_secs(30));
    let started = Instant::now();
    let error = client(&base, Some(policy))
        .call(&get("closed"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(429), "{error}");
    assert_eq!(attempts_of(&attempts, "closed"), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_post_is_not_retried_unless_it_carries_an_idempotency_key() {
    let (base, attempts) = serve().await;
    let client = client(&base, Some(fast_retries()));
    let error = client.call(&create("busy")).await.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error}");
    assert_eq!(attempts_of(&attempts, "busy"), 1);

    let keyed = client.with(RequestOptions::new().idempotency_key("order-7"));
    let seen = keyed.call(&create("flaky")).await.unwrap();
    assert_eq!(seen.attempts, 2);
    assert_eq!(seen.key.as_deref(), Some("order-7"));
}

#[tokio::test]
async fn a_policy_may_retry_every_method() {
    let (base, _) = serve().await;
    let client = client(&base, Some(fast_retries().retry_any_method(true)));
    assert_eq!(client.call(&create("flaky")).await.unwrap().attempts, 2);
}

#[tokio::test]
async fn connection_failures_are_retried() {
    // A port nothing listens on: bind one, then close it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let started = Instant::now();
    let counted = Counter::default();
    let client = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .retry(fast_retries())
        .middleware(counted.clone())
        .build()
        .unwrap();
    match client.call(&get("flaky")).await {
        Err(Error::Transport {
            kind: TransportKind::Connect,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // Each attempt goes through the middleware.
    assert_eq!(*counted.0.lock().unwrap(), 3);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_per_request_policy_overrides_the_clients() {
    let (base, attempts) = serve().await;
    let client = client(&base, Some(fast_retries()));
    let once = client.with(RequestOptions::new().retry(RetryPolicy::never()));
    assert_eq!(
        once.call(&get("busy")).await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(attempts_of(&attempts, "busy"), 1);
}

#[tokio::test]
async fn a_per_request_timeout_fires() {
    let (base, _) = serve().await;
    // The client's own limit (60 s) would wait for the slow answer; this call's does not.
    let client = client(&base, None);
    let started = Instant::now();
    let hurried = client.with(RequestOptions::new().timeout(Duration::from_millis(200)));
    match hurried.call(&get("slow")).await {
        Err(Error::Transport {
            kind: TransportKind::Timeout,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[tokio::test]
async fn per_request_headers_arrive_and_replace_the_clients() {
    let (base, _) = serve().await;
    let client = client(&base, None);
    let options = RequestOptions::new().header("x-extra", "first");
    let tagged = client
        .with(options)
        .with(RequestOptions::new().header("X-Extra", "second"));
    let seen = tagged.call(&get("plain")).await.unwrap();
    assert_eq!(seen.extra.as_deref(), Some("second"));
    // The client itself is unchanged.
    let plain = client.call(&get("plain")).await.unwrap();
    assert_eq!(plain.extra, None);
    // A header that cannot be sent is refused before sending, by name.
    let bad = client.with(RequestOptions::new().header("x-extra", "line\nbreak"));
    let error = bad.call(&get("plain")).await.unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("`x-extra`"), "{error}");
}

/// Counts the requests it passes on.
#[derive(Clone, Default)]
struct Counter(Arc<Mutex<u32>>);

impl client::Middleware for Counter {
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        _operation: &'static OperationInfo,
        next: client::Next<'a>,
    ) -> client::BoxFuture<'a, Result<reqwest::Response, client::MiddlewareError>> {
        *self.0.lock().unwrap() += 1;
        next.run(request)
    }
}

/// A span opened: its name, its parent's name and its `attempt` field.
type Opened = (String, Option<String>, Option<u64>);

/// Records the spans opened.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Opened>>>);

struct AttemptField(Option<u64>);

impl tracing::field::Visit for AttemptField {
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "attempt" {
            self.0 = Some(value);
        }
    }
    fn record_i64(&mut self, field: &tracing::field::Field, value: i64) {
        self.record_u64(field, value as u64);
    }
    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut attempt = AttemptField(None);
        span.record(&mut attempt);
        let mut spans = self.0.lock().unwrap();
        let parent = CURRENT.with(|current| current.borrow().last().copied());
        let parent = parent.map(|index: usize| spans[index].0.clone());
        spans.push((span.metadata().name().to_owned(), parent, attempt.0));
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, span: &tracing::span::Id) {
        CURRENT.with(|current| current.borrow_mut().push(span.into_u64() as usize - 1));
    }
    fn exit(&self, _: &tracing::span::Id) {
        CURRENT.with(|current| current.borrow_mut().pop());
    }
}

thread_local! {
    static CURRENT: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[tokio::test(flavor = "current_thread")]
async fn each_attempt_is_a_span_inside_the_requests() {
    let spans = Spans::default();
    let _default = tracing::dispatcher::set_default(&tracing::Dispatch::new(spans.clone()));
    let (base, _) = serve().await;
    let seen = client(&base, Some(fast_retries()))
        .call(&get("flaky"))
        .await
        .unwrap();
    assert_eq!(seen.attempts, 2);
    let spans = spans.0.lock().unwrap();
    let attempts: Vec<(Option<&str>, Option<u64>)> = spans
        .iter()
        .filter(|(name, _, _)| name == "openapi.attempt")
        .map(|(_, parent, attempt)| (parent.as_deref(), *attempt))
        .collect();
    assert_eq!(
        attempts,
        [
            (Some("openapi.request"), Some(1)),
            (Some("openapi.request"), Some(2))
        ]
    );
}
