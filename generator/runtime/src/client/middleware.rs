//! The caller's own steps around each request: headers to add, retries, metrics. A
//! [`Middleware`] sees the finished `reqwest::Request` and decides when (and how often) to pass
//! it on with [`Next::run`].

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

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
}

impl<'a> Next<'a> {
    /// Passes `request` on to the rest of the chain.
    pub fn run(
        self,
        request: reqwest::Request,
    ) -> BoxFuture<'a, Result<reqwest::Response, MiddlewareError>> {
        match self.rest.split_first() {
            Some((first, rest)) => first.handle(request, self.operation, Next { rest, ..self }),
            None => Box::pin(async move { Ok(self.http.execute(request).await?) }),
        }
    }
}
