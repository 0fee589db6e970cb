//! Bodies that stream, the runtime's client against its server on loopback: an event stream
//! that never ends, read in part and dropped, then resumed; a download read as it arrives; an
//! upload sent from a stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use openapi_runtime::__private::Decoder;
use openapi_runtime::client::{self, Error, RequestOptions, RetryPolicy};
use openapi_runtime::operation::{
    ApiInfo, BodyInfo, BodyMedia, OperationInfo, Param, ResponseInfo,
};
use openapi_runtime::server;
use openapi_runtime::sse::Event;
use openapi_runtime::vocab::{Media, Method};
use openapi_runtime::{Binary, NoFailure, Operation};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

static API: ApiInfo = ApiInfo {
    title: "Streams",
    servers: &[],
    schemes: &[],
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Tick {
    n: u64,
}

// ticks: GET /ticks, a `text/event-stream` of ticks that never ends, resumed after
// `Last-Event-ID`.
#[derive(Debug, Clone, Serialize)]
struct Ticks {
    last_event_id: Option<String>,
}

impl Operation for Ticks {
    type Output = String;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "ticks",
        method: Method::Get,
        path: "/ticks",
        params: &[Param::header("Last-Event-ID").field("last_event_id")],
        responses: &[ResponseInfo {
            status: "200",
            content_type: "text/event-stream",
            media: Media::Text,
            success: true,
        }],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        Some(Self {
            last_event_id: input.optional("last_event_id"),
        })
    }
}

// quiet: GET /quiet, one event and then none, kept alive.
#[derive(Debug, Clone, Serialize)]
struct Quiet;

impl Operation for Quiet {
    type Output = String;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "quiet",
        path: "/quiet",
        params: &[],
        ..*Ticks::INFO
    };

    fn decode(_: &mut Decoder<'_>) -> Option<Self> {
        Some(Quiet)
    }
}

// download: GET /download?chunks=n, n chunks of 64 KiB as `application/octet-stream`;
// `pause_ms` apart, none after the first `stall_after`, and the answer `answer_delay_ms`
// late, if given.
#[derive(Debug, Clone, Serialize)]
struct Download {
    chunks: usize,
    pause_ms: Option<u64>,
    stall_after: Option<usize>,
    answer_delay_ms: Option<u64>,
}

impl Download {
    fn chunks(chunks: usize) -> Self {
        Download {
            chunks,
            pause_ms: None,
            stall_after: None,
            answer_delay_ms: None,
        }
    }
}

const CHUNK: usize = 64 * 1024;

impl Operation for Download {
    type Output = Binary;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "download",
        method: Method::Get,
        path: "/download",
        params: &[
            Param::query("chunks").required(),
            Param::query("pause_ms"),
            Param::query("stall_after"),
            Param::query("answer_delay_ms"),
        ],
        responses: &[ResponseInfo {
            status: "200",
            content_type: "application/octet-stream",
            media: Media::Binary,
            success: true,
        }],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        Some(Self {
            chunks: input.required("chunks")?,
            pause_ms: input.optional("pause_ms"),
            stall_after: input.optional("stall_after"),
            answer_delay_ms: input.optional("answer_delay_ms"),
        })
    }
}

// upload: POST /upload, a body of bytes; answers how many arrived, or 503 when `busy`.
#[derive(Debug, Clone, Serialize)]
struct Upload {
    busy: Option<bool>,
    body: Option<Binary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Received {
    bytes: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum UploadError {
    #[serde(rename = "503")]
    Busy(String),
}

impl Operation for Upload {
    type Output = Received;
    type Failure = UploadError;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "upload",
        method: Method::Post,
        path: "/upload",
        params: &[Param::query("busy")],
        body: Some(BodyInfo {
            required: false,
            media: &[BodyMedia::new("application/octet-stream", Media::Binary)],
        }),
        responses: &[
            ResponseInfo {
                status: "200",
                content_type: "application/json",
                media: Media::Json,
                success: true,
            },
            ResponseInfo {
                status: "503",
                content_type: "text/plain",
                media: Media::Text,
                success: false,
            },
        ],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        Some(Self {
            busy: input.optional("busy"),
            body: input.optional_body(),
        })
    }
}

/// What the server has done, for the tests to observe.
#[derive(Default)]
struct App {
    /// Told when an event stream's producer is dropped: its client has gone.
    stream_dropped: Arc<Notify>,
    /// Chunks of downloads produced so far.
    produced: Arc<AtomicUsize>,
    uploads: AtomicUsize,
    /// The `Transfer-Encoding` of the last upload.
    upload_encoding: std::sync::Mutex<Option<String>>,
}

/// Notifies when dropped, with the stream that owns it.
struct DropSignal(Arc<Notify>);

impl Drop for DropSignal {
    fn drop(&mut self) {
        self.0.notify_one();
    }
}

async fn serve() -> (String, Arc<App>) {
    let app = Arc::new(App::default());
    let shared = app.clone();
    let router = server::Router::new(&API, SharedApp(app.clone()), server::NoAuth)
        .public::<Ticks, _, _>(|api: Arc<SharedApp>, params: Ticks| async move {
            let after = params.last_event_id.and_then(|id| id.parse::<u64>().ok());
            let first = after.map_or(0, |n| n + 1);
            let signal = DropSignal(api.0.stream_dropped.clone());
            let ticks = futures_util::stream::unfold((first, signal), |(n, signal)| async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                let event = Event::json(&Tick { n })
                    .unwrap()
                    .event("tick")
                    .id(n.to_string());
                Some((event, (n + 1, signal)))
            });
            Ok::<_, NoFailure>(server::EventStream::new(ticks))
        })
        .public::<Quiet, _, _>(|_api: Arc<SharedApp>, _: Quiet| async move {
            let once = futures_util::stream::iter([Event::new("hello")]);
            let events = once.chain(futures_util::stream::pending());
            Ok::<_, NoFailure>(server::EventStream::new(events).keep_alive(KEEP_ALIVE))
        })
        .public::<Download, _, _>(|api: Arc<SharedApp>, params: Download| async move {
            if let Some(delay) = params.answer_delay_ms {
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            let produced = api.0.produced.clone();
            let pause = Duration::from_millis(params.pause_ms.unwrap_or(0));
            let chunks = futures_util::stream::iter(0..params.chunks).then(move |i| {
                let produced = produced.clone();
                async move {
                    if params.stall_after == Some(i) {
                        std::future::pending::<()>().await;
                    }
                    if !pause.is_zero() {
                        tokio::time::sleep(pause).await;
                    }
                    produced.fetch_add(1, Ordering::SeqCst);
                    Ok::<_, Infallible>(Bytes::from(vec![i as u8; CHUNK]))
                }
            });
            Ok::<_, NoFailure>(server::ByteStream::new(chunks))
        })
        .public::<Upload, _, _>(|api: Arc<SharedApp>, params: Upload| async move {
            api.0.uploads.fetch_add(1, Ordering::SeqCst);
            if params.busy == Some(true) {
                return Err(UploadError::Busy("try later".into()));
            }
            Ok(Received {
                bytes: params.body.map_or(0, |body| body.0.len()),
            })
        })
        .into_axum()
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                let encoding = request
                    .headers()
                    .get("transfer-encoding")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                if request.uri().path() == "/upload" {
                    *app.upload_encoding.lock().unwrap() = encoding;
                }
                next.run(request)
            },
        ));
    (listen(router).await, shared)
}

/// `router` served on a free loopback port; its base URL.
async fn listen(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

struct SharedApp(Arc<App>);

fn client(base: &str) -> client::Client {
    client::Builder::<client::Client>::new(&API)
        .base_url(base)
        .build()
        .unwrap()
}

const PATIENCE: Duration = Duration::from_secs(10);
const KEEP_ALIVE: Duration = Duration::from_millis(20);

#[tokio::test]
async fn an_endless_event_stream_is_read_in_part_dropped_and_resumed() {
    let (base, app) = serve().await;
    // The time limit of whole requests does not cut an event stream off.
    let client = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let mut ticks = client
        .call_events::<_, Tick>(&Ticks {
            last_event_id: None,
        })
        .await
        .unwrap();
    assert_eq!(ticks.status(), 200);
    assert_eq!(ticks.headers()["cache-control"], "no-cache");
    let mut read = Vec::new();
    for _ in 0..3 {
        let event = tokio::time::timeout(PATIENCE, ticks.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        read.push(event);
    }
    let numbers: Vec<u64> = read.iter().map(|event| event.data.n).collect();
    assert_eq!(numbers, [0, 1, 2]);
    assert!(read.iter().all(|event| event.event == "tick"));
    assert_eq!(read[2].id.as_deref(), Some("2"));
    let last = ticks.last_event_id().unwrap().to_owned();
    drop(ticks);
    // The server's stream is dropped once the client has gone.
    tokio::time::timeout(PATIENCE, app.stream_dropped.notified())
        .await
        .expect("the server did not notice the client leave");

    // Resumed after the last event read, as text this time.
    let resumed = client.with(RequestOptions::new().last_event_id(&last));
    let mut ticks = resumed
        .call_text_events(&Ticks {
            last_event_id: None,
        })
        .await
        .unwrap();
    let next = ticks.next().await.unwrap().unwrap();
    assert_eq!(next.data, r#"{"n":3}"#);
    assert_eq!(next.id.as_deref(), Some("3"));
}

#[tokio::test]
async fn event_data_that_does_not_match_its_type_is_an_error_naming_where() {
    let (base, _) = serve().await;
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Wrong {
        n: String,
    }
    let mut events = client(&base)
        .call_events::<_, Wrong>(&Ticks {
            last_event_id: None,
        })
        .await
        .unwrap();
    match events.next().await {
        Some(Err(Error::Schema { path, .. })) => assert_eq!(path, "n"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_download_is_read_as_it_arrives_not_buffered_whole() {
    let (base, app) = serve().await;
    let total = 1024; // 64 MiB
    let answer = client(&base)
        .send_bytes(&Download::chunks(total))
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/octet-stream");
    let mut body = answer.into_inner();
    let first = tokio::time::timeout(PATIENCE, body.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(!first.is_empty() && first.iter().all(|byte| *byte == 0));
    // Give the server time to run ahead as far as the connection lets it: with the client
    // reading no further, it stalls far short of the whole body.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let produced = app.produced.load(Ordering::SeqCst);
    assert!(
        produced < total / 2,
        "{produced} of {total} chunks produced"
    );
    drop(body);

    // The whole body in one piece, for a small one.
    let small = client(&base)
        .call_bytes(&Download::chunks(3))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(small.len(), 3 * CHUNK);
    assert_eq!(small[2 * CHUNK], 2);
}

/// The client's time limit is on the wait for each chunk of a download, not on the whole: a
/// body that keeps coming is read to its end however long it takes, one that stops coming
/// ends with an error saying so; a limit the call sets is on the whole download.
#[tokio::test]
async fn a_download_s_time_limit_is_per_chunk_unless_the_call_sets_one() {
    let (base, _) = serve().await;
    let limit = Duration::from_millis(300);
    let client = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .timeout(limit)
        .build()
        .unwrap();
    // Twelve chunks 50 ms apart: twice the limit in all, each well within it.
    let paced = Download {
        pause_ms: Some(50),
        ..Download::chunks(12)
    };
    let whole = client.call_bytes(&paced).await.unwrap().collect().await;
    assert_eq!(whole.unwrap().len(), 12 * CHUNK);

    let stalled = Download {
        stall_after: Some(2),
        ..Download::chunks(5)
    };
    let mut body = client.call_bytes(&stalled).await.unwrap();
    let mut received = 0;
    let error = loop {
        match tokio::time::timeout(PATIENCE, body.next()).await.unwrap() {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("the stalled download ended without an error"),
        }
    };
    assert_eq!(received, 2 * CHUNK, "the chunks that came are given first");
    assert!(
        matches!(&error, Error::Stream { message } if message.contains("no part of the body came")),
        "{error:?}"
    );
    assert!(error.to_string().contains("300ms"), "{error}");
    assert!(
        body.next().await.is_none(),
        "the stream ends after its error"
    );

    // The wait for the answer to begin keeps the client's limit.
    let late = Download {
        answer_delay_ms: Some(3_000),
        ..Download::chunks(1)
    };
    let error = tokio::time::timeout(PATIENCE, client.call_bytes(&late))
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Stream { message } if message.contains("did not begin within")),
        "{error:?}"
    );

    // A limit too long for a clock to hold is no limit, not a panic.
    let patient = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .timeout(Duration::MAX)
        .build()
        .unwrap();
    let whole = patient.call_bytes(&paced).await.unwrap().collect().await;
    assert_eq!(whole.unwrap().len(), 12 * CHUNK);

    let hurried = client.with(RequestOptions::new().timeout(limit));
    let cut = hurried.call_bytes(&paced).await.unwrap().collect().await;
    assert!(
        matches!(
            cut,
            Err(Error::Transport {
                kind: client::TransportKind::Timeout,
                ..
            })
        ),
        "{cut:?}"
    );
}

/// Chunks of bytes produced one at a time, with pauses, as a file or a socket would.
fn slow_chunks(
    count: usize,
    size: usize,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    futures_util::stream::unfold(0, move |i| async move {
        if i == count {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        Some((Ok(Bytes::from(vec![7u8; size])), i + 1))
    })
}

#[tokio::test]
async fn an_upload_is_sent_from_a_stream() {
    let (base, app) = serve().await;
    let upload = Upload {
        busy: None,
        body: None,
    };
    let received = client(&base)
        .call_upload(&upload, slow_chunks(5, 100_000))
        .await
        .unwrap();
    assert_eq!(received.bytes, 500_000);
    // Sent as it came, in chunks, not with a length known beforehand.
    assert_eq!(
        app.upload_encoding.lock().unwrap().as_deref(),
        Some("chunked")
    );
}

#[tokio::test]
async fn a_streamed_upload_is_not_retried_a_buffered_one_is() {
    let (base, app) = serve().await;
    let client = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .retry(
            RetryPolicy::new()
                .retry_any_method(true)
                .backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let busy = Upload {
        busy: Some(true),
        body: None,
    };
    match client.call_upload(&busy, slow_chunks(2, 10)).await {
        Err(Error::Api {
            status: 503,
            body: UploadError::Busy(reason),
            ..
        }) => assert_eq!(reason, "try later"),
        other => panic!("{other:?}"),
    }
    assert_eq!(app.uploads.load(Ordering::SeqCst), 1);
    let buffered = Upload {
        busy: Some(true),
        body: Some(Binary(vec![1, 2, 3])),
    };
    assert_eq!(
        client.call(&buffered).await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(app.uploads.load(Ordering::SeqCst), 1 + 3);
}

#[tokio::test]
async fn an_idle_event_stream_is_kept_alive_with_comments_clients_skip() {
    let (base, _) = serve().await;
    // On the wire: the event, then comments.
    let mut raw = reqwest::Client::new()
        .get(format!("{base}/quiet"))
        .send()
        .await
        .unwrap();
    let event = b"data: hello\n\n";
    let mut seen = Vec::new();
    while seen.len() < event.len() + 2 * b":\n".len() {
        let chunk = tokio::time::timeout(PATIENCE, raw.chunk()).await.unwrap();
        seen.extend_from_slice(&chunk.unwrap().unwrap());
    }
    let (first, rest) = seen.split_at(event.len());
    assert_eq!(first, event);
    assert!(rest.chunks(2).all(|comment| comment == b":\n"), "{rest:?}");
    // Read as events: the one event, and nothing for the comments.
    let mut events = client(&base).call_text_events(&Quiet).await.unwrap();
    assert_eq!(events.next().await.unwrap().unwrap().data, "hello");
    let next = tokio::time::timeout(KEEP_ALIVE * 5, events.next()).await;
    assert!(next.is_err(), "{next:?}");
}

#[tokio::test]
async fn a_failure_that_never_ends_is_read_only_so_far() {
    // Not the runtime's server: one that answers 500 with a body that never ends.
    let router = axum::Router::new().route(
        "/download",
        axum::routing::get(|| async {
            let endless = futures_util::stream::repeat_with(|| {
                Ok::<_, Infallible>(Bytes::from(vec![b'x'; CHUNK]))
            });
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                axum::body::Body::from_stream(endless),
            )
        }),
    );
    let base = listen(router).await;
    let answer = tokio::time::timeout(PATIENCE, client(&base).send_bytes(&Download::chunks(1)))
        .await
        .expect("the failure is not read for ever");
    match answer {
        Err(Error::Status {
            status,
            body_excerpt,
            ..
        }) => {
            assert_eq!(status, 500);
            assert!(body_excerpt.starts_with("xxx"), "{body_excerpt}");
        }
        other => panic!("expected the status, got {other:?}"),
    }
}

/// An event stream lifts the client's time limit for a whole request, for its success only: a
/// failure that trickles in is cut off at the limit, with what came so far.
#[tokio::test]
async fn a_failure_that_trickles_in_is_cut_off_at_the_client_s_time_limit() {
    // Not the runtime's server: one that answers 500, sends the start of a body, then nothing.
    let router = axum::Router::new().route(
        "/ticks",
        axum::routing::get(|| async {
            let start = futures_util::stream::iter([Ok::<_, Infallible>(Bytes::from("xxx"))]);
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                axum::body::Body::from_stream(start.chain(futures_util::stream::pending())),
            )
        }),
    );
    let base = listen(router).await;
    let client = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let events = client.call_events::<_, Tick>(&Ticks {
        last_event_id: None,
    });
    let answer = tokio::time::timeout(PATIENCE, events)
        .await
        .expect("the failure is not waited for for ever");
    match answer {
        Err(Error::Status {
            status,
            body_excerpt,
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(body_excerpt, "xxx");
        }
        other => panic!("expected the status, got {:?}", other.map(|_| "events")),
    }
}
