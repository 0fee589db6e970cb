//! Bodies as streams (features `client` and `stream`): event streams read event by event,
//! downloads chunk by chunk, uploads from a stream. A declared failure or an unexpected status
//! is read (up to 1 MiB, and within the client's time limit for a stream, which has no limit
//! on the whole of its own) and answered as the same [`Error`] a buffered call gives.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::{Client, Error, Response, read_answer, record_outcome, request_span};
use crate::Operation;
use crate::sse::{self, Parser};

use crate::vocab::EVENT_STREAM;

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// The body of an answer as it arrives, chunk by chunk. Unless the call set a time limit of
/// its own, the client's is on the wait for each chunk rather than on the whole body (a large
/// body that keeps coming is read however long it takes): a wait longer than that ends the
/// stream with [`Error::Stream`]. The time between chunks that the reader takes is not
/// counted.
pub struct ByteStream {
    chunks: Chunks,
    idle: Option<IdleLimit>,
    /// Whether the stream has ended (after an error too).
    ended: bool,
}

/// How long a [`ByteStream`] waits for its next chunk.
struct IdleLimit {
    limit: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    /// Whether `timer` runs for the current wait: it is set when a wait begins, that is
    /// when the stream is polled and has no chunk ready.
    running: bool,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

/// `limit` from now, or far ahead where that passes what a clock can hold (a client given
/// `Duration::MAX` to mean no limit).
fn deadline(limit: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(limit)
        .unwrap_or_else(|| now + Duration::from_secs(30 * 365 * 24 * 60 * 60))
}

impl ByteStream {
    /// The chunks of `response`, each waited for at most `idle`, if given.
    fn new(response: reqwest::Response, idle: Option<Duration>) -> Self {
        ByteStream {
            chunks: Box::pin(response.bytes_stream()),
            idle: idle.map(|limit| IdleLimit {
                limit,
                timer: Box::pin(tokio::time::sleep_until(deadline(limit))),
                running: false,
            }),
            ended: false,
        }
    }

    /// The rest of the body in one piece, for a body known to be small.
    pub async fn collect(mut self) -> Result<Bytes, Error> {
        let mut whole = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            whole.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(whole))
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let this = &mut *self;
        if let Poll::Ready(chunk) = this.chunks.as_mut().poll_next(cx) {
            if let Some(idle) = &mut this.idle {
                idle.running = false;
            }
            this.ended = !matches!(chunk, Some(Ok(_)));
            return Poll::Ready(chunk.map(|chunk| chunk.map_err(Error::transport)));
        }
        let Some(idle) = &mut this.idle else {
            return Poll::Pending;
        };
        if !idle.running {
            idle.timer.as_mut().reset(deadline(idle.limit));
            idle.running = true;
        }
        if idle.timer.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        this.ended = true;
        let message = format!("no part of the body came for {:?}", idle.limit);
        Poll::Ready(Some(Err(Error::Stream { message })))
    }
}

/// The events of a `text/event-stream` answer as they arrive, their data read as `T`. The
/// stream ends when the server closes it; dropping it closes the connection. The client's time
/// limit on a whole request does not apply to it (one set with
/// [`Client::with`](super::Client::with) does). An event longer than
/// [`sse::MAX_EVENT_BYTES`] ends the stream with [`Error::Stream`]. To resume after
/// a dropped connection, call again with
/// [`RequestOptions::last_event_id`](super::RequestOptions::last_event_id) set to
/// [`EventStream::last_event_id`].
pub struct EventStream<T> {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
    parser: Parser,
    ready: VecDeque<sse::Event>,
    read: fn(&str) -> Result<T, Error>,
    ended: bool,
    /// Why the stream ended early, given after the events read before.
    cut_off: Option<Error>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("last_event_id", &self.last_event_id())
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The id of the last event received (ids persist from event to event): what to send as
    /// `Last-Event-ID` to resume after it.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id()
    }

    /// How long the server asked clients to wait before reconnecting, if it did.
    pub fn reconnection_time(&self) -> Option<Duration> {
        self.parser.reconnection_time()
    }
}

impl<T> Unpin for EventStream<T> {}

impl<T> Stream for EventStream<T> {
    type Item = Result<sse::Event<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(event) = this.ready.pop_front() {
                let data = (this.read)(&event.data);
                return Poll::Ready(Some(data.map(|data| sse::Event {
                    event: event.event,
                    data,
                    id: event.id,
                    retry: event.retry,
                })));
            }
            if this.ended {
                return Poll::Ready(this.cut_off.take().map(Err));
            }
            match std::task::ready!(this.chunks.as_mut().poll_next(cx)) {
                Some(Ok(chunk)) => {
                    let mut events = Vec::new();
                    let fed = this.parser.feed(&chunk, &mut events);
                    this.ready.extend(events);
                    if let Err(too_large) = fed {
                        // The events before it first; then the error, and the end.
                        this.ended = true;
                        this.cut_off = Some(Error::Stream {
                            message: too_large.to_string(),
                        });
                    }
                }
                Some(Err(error)) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(Error::transport(error))));
                }
                None => this.ended = true,
            }
        }
    }
}

/// Data read as JSON into `T`; a mismatch names where.
fn read_json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, Error> {
    let deserializer = &mut serde_json::Deserializer::from_str(data);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        if error.inner().is_syntax() || error.inner().is_eof() {
            return Error::NotJson {
                status: 200,
                content_type: Some(EVENT_STREAM.to_owned()),
                html: false,
                detail: Some(format!("the data of an event: {}", error.inner())),
            };
        }
        Error::Schema {
            path: error.path().to_string(),
            message: error.into_inner().to_string(),
        }
    })
}

fn read_text(data: &str) -> Result<String, Error> {
    Ok(data.to_owned())
}

impl Client {
    /// Calls the operation `params` are for, whose answer is a `text/event-stream`, and gives
    /// its events with their data read as JSON into `T`.
    pub async fn call_events<Op: Operation, T: serde::de::DeserializeOwned>(
        &self,
        params: &Op,
    ) -> Result<EventStream<T>, Error<Op::Failure>> {
        let response = self.expecting_events().send_streamed(params, None).await?;
        Ok(events(response, read_json::<T>))
    }

    /// As [`Client::call_events`], with each event's data kept as text.
    pub async fn call_text_events<Op: Operation>(
        &self,
        params: &Op,
    ) -> Result<EventStream<String>, Error<Op::Failure>> {
        let response = self.expecting_events().send_streamed(params, None).await?;
        Ok(events(response, read_text))
    }

    /// Calls the operation `params` are for, and gives the body of its answer as it arrives.
    /// The client's time limit is on the wait for the answer and then for each chunk (see
    /// [`ByteStream`]), not on the whole download; one set with
    /// [`Client::with`](super::Client::with) is on the whole download.
    pub async fn call_bytes<Op: Operation>(
        &self,
        params: &Op,
    ) -> Result<ByteStream, Error<Op::Failure>> {
        self.send_bytes(params).await.map(Response::into_inner)
    }

    /// As [`Client::call_bytes`], with the status and headers.
    pub async fn send_bytes<Op: Operation>(
        &self,
        params: &Op,
    ) -> Result<Response<ByteStream>, Error<Op::Failure>> {
        let client = self.with(super::RequestOptions::time_limit_per_part());
        let per_chunk = client.lifts_time_limit().then_some(self.inner.timeout);
        let response = client.send_streamed(params, None).await?;
        Ok(Response {
            status: response.status(),
            headers: response.headers().clone(),
            value: ByteStream::new(response, per_chunk),
            envelope: None,
        })
    }

    /// Calls the operation `params` are for with `body` as the request body, sent as it comes
    /// (in the media type the operation declares first, unless the parameters give one). The
    /// body of `params` is not sent. A streamed body cannot be sent twice, so the call is not
    /// retried.
    pub async fn call_upload<Op, S>(
        &self,
        params: &Op,
        body: S,
    ) -> Result<Op::Output, Error<Op::Failure>>
    where
        Op: Operation,
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        let span = request_span(Op::INFO);
        let started = Instant::now();
        let upload = async {
            let response = self
                .dispatch(params, Some(reqwest::Body::wrap_stream(body)))
                .await?;
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.bytes().await.map_err(Error::transport)?;
            read_answer::<Op>(status, headers, &bytes)
        };
        let result = tracing::Instrument::instrument(upload, span.clone()).await;
        record_outcome(
            &span,
            started,
            result.as_ref().map(|response| response.status),
        );
        result.map(Response::into_inner)
    }

    /// Whether this client's calls have no time limit on the whole (a stream's, unless the
    /// caller set one).
    fn lifts_time_limit(&self) -> bool {
        (self.options.as_deref()).is_some_and(|options| options.lifts_time_limit())
    }

    /// This client asking for an event stream (`Accept: text/event-stream`), without the
    /// client's time limit on the whole request: a live stream may never end.
    fn expecting_events(&self) -> Client {
        self.with(super::RequestOptions::without_time_limit().header("accept", EVENT_STREAM))
    }

    /// Sends the request and returns the answer unread when it is a success; a failure is
    /// read (up to [`MAX_FAILURE_BYTES`], and within the client's time limit where the call
    /// has none) and made the error it declares, or, longer or slower than that, an
    /// [`Error::Status`] with its first characters.
    async fn send_streamed<Op: Operation>(
        &self,
        params: &Op,
        body: Option<reqwest::Body>,
    ) -> Result<reqwest::Response, Error<Op::Failure>> {
        let span = request_span(Op::INFO);
        let started = Instant::now();
        let answer = async {
            let mut response = self.dispatch(params, body).await?;
            let status = response.status();
            let success = Op::INFO
                .response(status.as_u16())
                .map_or(status.is_success(), |declared| declared.success);
            if success {
                return Ok(response);
            }
            let headers = response.headers().clone();
            let mut bytes = Vec::new();
            let read = failure_body(&mut response, &mut bytes);
            // Where the call has no time limit (an event stream), a failure that trickles in
            // is cut off at the client's, with what came so far; elsewhere the limit on the
            // whole request holds.
            let whole = match self.lifts_time_limit() {
                true => tokio::time::timeout(self.inner.timeout, read)
                    .await
                    .unwrap_or(Ok(false)),
                false => read.await,
            }
            .map_err(Error::transport)?;
            Err(match whole {
                true => failure::<Op>(status, headers, &bytes),
                // Too long or too slow to be a failure the API declares: its status and
                // first characters.
                false => Error::Status {
                    status: status.as_u16(),
                    headers,
                    body_excerpt: super::excerpt(&bytes),
                },
            })
        };
        let result = tracing::Instrument::instrument(answer, span.clone()).await;
        record_outcome(
            &span,
            started,
            result.as_ref().map(reqwest::Response::status),
        );
        result
    }
}

/// The most bytes of a failure's body a streamed call reads: the call has no time limit, so
/// an answer that never ends must not be read for ever.
const MAX_FAILURE_BYTES: usize = 1 << 20;

/// The body of a failure answered to a streamed call, into `body`, up to
/// [`MAX_FAILURE_BYTES`]; whether that is all of it. What was read stays in `body` when the
/// read is cut off.
async fn failure_body(
    response: &mut reqwest::Response,
    body: &mut Vec<u8>,
) -> Result<bool, reqwest::Error> {
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_FAILURE_BYTES - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok(false);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(true)
}

/// The error an answer that is not a success is.
fn failure<Op: Operation>(
    status: StatusCode,
    headers: HeaderMap,
    bytes: &[u8],
) -> Error<Op::Failure> {
    match read_answer::<Op>(status, headers.clone(), bytes) {
        Err(error) => error,
        Ok(_) => Error::Status {
            status: status.as_u16(),
            headers,
            body_excerpt: super::excerpt(bytes),
        },
    }
}

fn events<T>(response: reqwest::Response, read: fn(&str) -> Result<T, Error>) -> EventStream<T> {
    EventStream {
        status: response.status(),
        headers: response.headers().clone(),
        chunks: Box::pin(response.bytes_stream()),
        parser: Parser::new(),
        ready: VecDeque::new(),
        read,
        ended: false,
        cut_off: None,
    }
}
