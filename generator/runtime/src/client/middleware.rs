//! The caller's own steps around each request: headers to add, retries, metrics. A
//! [`Middleware`] sees the finished `reqwest::Request` and decides when (and how often) to pass
//! it on with [`Next::run`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::operation::OperationInfo;

/// A boxed future, as middleware returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a middleware stopped a request: any error.
pub type MiddlewareError = Box<dyn std::error::Error + Send + Sync>;

/// A step around every request the client sends.
///
/// ```
/// use openapi_runtime::client::{BoxFuture, Middleware, MiddlewareError, Next};
/// use openapi_runtime::operation::OperationInfo;
///
/// /// Retries once when the server answers 503.
/// struct RetryOnce;
///
/// impl Middleware for RetryOnce {
///     fn handle<'a>(
///         &'a self,
///         request: reqwest::Request,
///         _operation: &'static OperationInfo,
///         next: Next<'a>,
///     ) -> BoxFuture<'a, Result<reqwest::Response, MiddlewareError>> {
///         Box::pin(async move {
///             let again = request.try_clone();
///             let response = next.run(request).await?;
///             match again {
///                 Some(again) if response.status() == 503 => next.run(again).await,
///                 _ => Ok(response),
///             }
///         })
///     }
/// }
/// ```
pub trait Middleware: Send + Sync + 'static {
    /// Handles `request` of `operation`, passing it on with `next.run`.
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        operation: &'static OperationInfo,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, MiddlewareError>>;
}

/// The rest of the chain: the remaining middleware, then the HTTP client.
#[derive(Clone, Copy)]
pub struct Next<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) rest: &'a [Arc<dyn Middleware>],
    pub(crate) operation: &'static OperationInfo,
    /// How long each attempt may wait for its answer to begin, where the request has no
    /// time limit of its own but that wait has one (a download's: see
    /// `ByteStream`).
    pub(crate) answer_limit: Option<Duration>,
}

impl<'a> Next<'a> {
    /// Passes `request` on to the rest of the chain.
    pub fn run(
        self,
        request: reqwest::Request,
    ) -> BoxFuture<'a, Result<reqwest::Response, MiddlewareError>> {
        match self.rest.split_first() {
            Some((first, rest)) => first.handle(request, self.operation, Next { rest, ..self }),
            None => Box::pin(async move {
                let answer = self.http.execute(request);
                let Some(limit) = self.answer_limit else {
                    return Ok(answer.await?);
                };
                match tokio::time::timeout(limit, answer).await {
                    Ok(answer) => Ok(answer?),
                    Err(_) => Err(Box::new(AnswerTimedOut(limit)) as MiddlewareError),
                }
            }),
        }
    }
}

/// The answer to an attempt did not begin within [`Next::answer_limit`].
#[derive(Debug)]
pub(crate) struct AnswerTimedOut(pub(crate) Duration);

impl fmt::Display for AnswerTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the answer did not begin within {:?}", self.0)
    }
}

impl std::error::Error for AnswerTimedOut {}
