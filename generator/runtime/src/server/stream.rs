//! Answers that stream (features `server` and `stream`): server-sent events and bodies of
//! bytes, written as the application produces them rather than held whole in memory.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_core::Stream;

use super::{Respond, into_response};
use crate::operation::OperationInfo;
use crate::reply::{FailureBody, SuccessBody};
use crate::sse::Event;

/// A `text/event-stream` answer: each event of `events` written as it comes. The answer ends
/// when `events` does; a client that disconnects drops `events`, which is how the application
/// learns it has gone.
pub struct EventStream {
    events: Pin<Box<dyn Stream<Item = Event> + Send>>,
    keep_alive: Option<Duration>,
}

impl fmt::Debug for EventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl EventStream {
    /// The answer that streams `events`.
    pub fn new<S>(events: S) -> Self
    where
        S: Stream<Item = Event> + Send + 'static,
    {
        EventStream {
            events: Box::pin(events),
            keep_alive: None,
        }
    }

    /// Writes a comment line when no event has come for `interval`, so that proxies and
    /// clients that close idle connections keep this one open; clients ignore comments.
    pub fn keep_alive(mut self, interval: Duration) -> Self {
        self.keep_alive = Some(interval);
        self
    }

    fn into_body(self) -> Body {
        let idle = self
            .keep_alive
            .map(|interval| (interval, Box::pin(tokio::time::sleep(interval))));
        Body::from_stream(Wire {
            events: self.events,
            idle,
        })
    }
}

/// Events as the bytes the stream carries, with a comment after each idle interval.
struct Wire {
    events: Pin<Box<dyn Stream<Item = Event> + Send>>,
    idle: Option<(Duration, Pin<Box<tokio::time::Sleep>>)>,
}

/// What a keep-alive writes: an empty comment.
const KEEP_ALIVE: &[u8] = b":\n";

impl Stream for Wire {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let written = match this.events.as_mut().poll_next(cx) {
            Poll::Ready(Some(event)) => Bytes::from(event.to_wire()),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {
                let idle_over = match &mut this.idle {
                    Some((_, sleep)) => sleep.as_mut().poll(cx).is_ready(),
                    None => false,
                };
                if !idle_over {
                    return Poll::Pending;
                }
                Bytes::from_static(KEEP_ALIVE)
            }
        };
        if let Some((interval, sleep)) = &mut this.idle {
            sleep
                .as_mut()
                .reset(tokio::time::Instant::now() + *interval);
        }
        Poll::Ready(Some(Ok(written)))
    }
}

/// The answer of an operation whose success offers both a whole body and a
/// `text/event-stream` (OpenAI's `"stream": true`, say): which one the request asked for.
pub enum BodyOrEvents<T> {
    /// The whole body, in the media type declared beside the event stream.
    Body(T),
    /// The event stream.
    Events(EventStream),
}

impl<T> fmt::Debug for BodyOrEvents<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyOrEvents::Body(_) => "BodyOrEvents::Body(..)",
            BodyOrEvents::Events(_) => "BodyOrEvents::Events(..)",
        })
    }
}

impl<T: SuccessBody + Send, E: FailureBody + Send> Respond for Result<BodyOrEvents<T>, E> {
    fn respond(self, info: &'static OperationInfo) -> Result<Response, String> {
        match self {
            Ok(BodyOrEvents::Body(body)) => Ok::<T, E>(body).respond(info),
            Ok(BodyOrEvents::Events(events)) => Ok::<EventStream, E>(events).respond(info),
            Err(failure) => Err::<T, E>(failure).respond(info),
        }
    }
}

/// A body of bytes answered as it comes, in the media type the operation declares for its
/// success (`application/octet-stream` when it declares none) unless
/// [`ByteStream::content_type`] gives another.
pub struct ByteStream {
    body: Body,
    content_type: Option<HeaderValue>,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    /// The answer that streams `chunks`; an error in it cuts the answer off.
    pub fn new<S>(chunks: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Ok: Into<Bytes>,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        ByteStream {
            body: Body::from_stream(chunks),
            content_type: None,
        }
    }

    /// The answer with this `Content-Type`; one a header cannot carry is ignored.
    pub fn content_type(mut self, content_type: &str) -> Self {
        self.content_type = HeaderValue::from_str(content_type).ok();
        self
    }
}

/// The success status the operation declares, 200 when it declares none.
fn success_status(info: &'static OperationInfo) -> StatusCode {
    info.success()
        .and_then(|response| StatusCode::from_u16(response.default_status()).ok())
        .unwrap_or(StatusCode::OK)
}

impl<E: FailureBody + Send> Respond for Result<EventStream, E> {
    fn respond(self, info: &'static OperationInfo) -> Result<Response, String> {
        match self {
            Ok(events) => Ok((
                success_status(info),
                [
                    (
                        CONTENT_TYPE,
                        HeaderValue::from_static(crate::vocab::EVENT_STREAM),
                    ),
                    // Proxies and caches must pass events on as they come.
                    (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                ],
                events.into_body(),
            )
                .into_response()),
            Err(failure) => failure.reply(info).map(into_response),
        }
    }
}

impl<E: FailureBody + Send> Respond for Result<ByteStream, E> {
    fn respond(self, info: &'static OperationInfo) -> Result<Response, String> {
        match self {
            Ok(bytes) => {
                let content_type = bytes.content_type.unwrap_or_else(|| {
                    info.success()
                        .and_then(|response| HeaderValue::from_str(response.content_type).ok())
                        .filter(|value| !value.is_empty())
                        .unwrap_or(HeaderValue::from_static("application/octet-stream"))
                });
                Ok((
                    success_status(info),
                    [(CONTENT_TYPE, content_type)],
                    bytes.body,
                )
                    .into_response())
            }
            Err(failure) => failure.reply(info).map(into_response),
        }
    }
}
