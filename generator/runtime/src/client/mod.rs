//! An async client over reqwest (feature `client`), with TLS by rustls or the platform's
//! library (features `rustls`, `native-tls`) and HTTP/2 when asked for (feature `http2`).
//!
//! A generated crate's `Client` wraps [`Client`] and has one method per operation, each a call
//! of [`Client::call`]; [`Client::send`] gives the whole answer (status, headers, value). Every
//! call checks its parameters first, sends the credentials its operation requires, runs the
//! caller's [`Middleware`], and maps every failure to one [`Error`]. A GET whose server also
//! takes it as a POSTed form goes as one when its URL would pass [`LONGEST_URL`]. Each request is a
//! `tracing` span `openapi.request` with the operation id, method, path template, status and
//! duration; no credential, parameter or URL is ever recorded.
//!
//! A [`RetryPolicy`] given to [`Builder::retry`] retries what is safe to retry, each attempt a
//! span `openapi.attempt` inside the request's; [`Client::with`] gives a client whose calls
//! take [`RequestOptions`] (a time limit, headers, an idempotency key). With the feature
//! `stream`, [`Client::call_events`], [`Client::call_bytes`] and [`Client::call_upload`] stream
//! bodies instead of holding them in memory.

mod builder;
mod error;
mod middleware;
mod options;
mod retry;
mod security;
mod shown_headers;
#[cfg(feature = "stream")]
mod stream;
mod tls;

pub use builder::{Builder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use error::{Error, TransportKind};
pub use middleware::{BoxFuture, Middleware, MiddlewareError, Next};
pub use options::RequestOptions;
pub use reqwest;
pub use retry::{IDEMPOTENCY_KEY, RetryPolicy, idempotent, retry_after};
pub use security::Credential;
#[cfg(feature = "stream")]
pub use stream::{ByteStream, EventStream};
pub use tls::install_tls_provider;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};

use crate::Operation;
use crate::encode::Request;
use crate::operation::{ApiInfo, Media, Method, OperationInfo};
use crate::reply::{self, DecodeError, Decoded};
use security::Applied;

/// An async client for an API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// What [`Client::with`] set for this client's calls.
    options: Option<Arc<RequestOptions>>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    api: &'static ApiInfo,
    /// What requests carry for each security scheme, by index.
    credentials: Vec<Option<Applied>>,
    timeout: Duration,
    user_agent: HeaderValue,
    middleware: Vec<Arc<dyn Middleware>>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api.title)
            .field("base_url", &self.inner.base_url.as_str())
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("middleware", &self.inner.middleware.len())
            .field("retry", &self.inner.retry)
            .field("options", &self.options)
            .finish()
    }
}

/// A whole answer: its status, its headers and the value of its body.
#[derive(Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
    envelope: Option<serde_json::Value>,
}

/// Shows the value (whose secrets its own `Debug` hides) and the headers, credentials
/// redacted, but not the envelope, which is raw JSON and may hold secrets.
impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &shown_headers::ShownHeaders(&self.headers))
            .field("value", &self.value)
            .field("envelope", &self.envelope.as_ref().map(|_| crate::Redacted))
            .finish()
    }
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of the body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value of the body, without the rest.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The whole JSON body, when the API's profile wraps the value in an envelope (cPanel's
    /// `{data, metadata}`, say); read its other parts from here.
    pub fn envelope(&self) -> Option<&serde_json::Value> {
        self.envelope.as_ref()
    }

    /// The member `key` of the envelope (cPanel's `metadata`) as a `M`: `None` when the answer
    /// has no envelope or the envelope no such member.
    pub fn envelope_part<M: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Option<Result<M, serde_json::Error>> {
        let part = self.envelope.as_ref()?.get(key)?;
        Some(M::deserialize(part))
    }
}

/// How many characters of an unexpected body an error shows.
const EXCERPT_CHARS: usize = 200;

impl Client {
    /// The base URL that operation paths go below.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// This client with `options` applied to every call made through it (on top of those of
    /// an earlier `with`): `client.with(options).call(&params)`. Cheap: the connection pool
    /// and settings are shared.
    pub fn with(&self, options: RequestOptions) -> Client {
        let options = match &self.options {
            Some(earlier) => earlier.merged(options),
            None => options,
        };
        Client {
            inner: self.inner.clone(),
            options: Some(Arc::new(options)),
        }
    }

    /// Calls the operation `params` are for, and returns the value of its answer.
    pub async fn call<Op: Operation>(&self, params: &Op) -> Result<Op::Output, Error<Op::Failure>> {
        self.send(params).await.map(Response::into_inner)
    }

    /// Calls the operation `params` are for, and returns the whole answer.
    pub async fn send<Op: Operation>(
        &self,
        params: &Op,
    ) -> Result<Response<Op::Output>, Error<Op::Failure>> {
        let span = request_span(Op::INFO);
        let started = Instant::now();
        let result =
            tracing::Instrument::instrument(self.exchange::<Op>(params), span.clone()).await;
        record_outcome(
            &span,
            started,
            result.as_ref().map(|response| response.status),
        );
        result
    }

    async fn exchange<Op: Operation>(
        &self,
        params: &Op,
    ) -> Result<Response<Op::Output>, Error<Op::Failure>> {
        let response = self.dispatch(params, None).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(Error::transport)?;
        read_answer::<Op>(status, headers, &bytes)
    }

    /// Sends the request for `params` (with `body` instead of the encoded body, if given)
    /// through the middleware, with retries as the policy says, and returns the answer
    /// before its body is read.
    async fn dispatch<Op: Operation>(
        &self,
        params: &Op,
        body: Option<reqwest::Body>,
    ) -> Result<reqwest::Response, Error<Op::Failure>> {
        let request = Request::encode(params).map_err(Error::InvalidParams)?;
        self.deliver(Op::INFO, request, body)
            .await
            .map_err(|error| error.map_failure(|never| match never {}))
    }

    /// [`Client::dispatch`] once the parameters are encoded: not generic, so that it is
    /// compiled once rather than once per operation.
    async fn deliver(
        &self,
        info: &'static OperationInfo,
        request: Request,
        body: Option<reqwest::Body>,
    ) -> Result<reqwest::Response, Error> {
        let credentials = security::for_operation(self.inner.api, info, &self.inner.credentials)?;
        let mut request = self.http_request(info, request, &credentials)?;
        if let Some(body) = body {
            let declared = info.body.and_then(|body| body.media.first());
            if let Some(media) = declared
                && !request.headers().contains_key(header::CONTENT_TYPE)
            {
                let content_type = HeaderValue::from_str(media.content_type)
                    .map_err(|_| Error::config("the body's media type cannot be a header"))?;
                request
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, content_type);
            }
            *request.body_mut() = Some(body);
        }
        let options = self.options.as_deref();
        let policy = options
            .and_then(RequestOptions::retry_policy)
            .or(self.inner.retry.as_ref());
        if let Some(options) = options {
            options.apply(&mut request, policy)?;
        }
        let next = Next {
            http: &self.inner.http,
            rest: &self.inner.middleware,
            operation: info,
            answer_limit: (options.is_some_and(RequestOptions::limits_answer))
                .then_some(self.inner.timeout),
        };
        retry::run(policy, info, request, next)
            .await
            .map_err(|error| match error.downcast::<reqwest::Error>() {
                Ok(error) => Error::transport(*error),
                Err(error) => match error.downcast::<middleware::AnswerTimedOut>() {
                    Ok(timed_out) => Error::Stream {
                        message: timed_out.to_string(),
                    },
                    Err(error) => Error::Middleware(error),
                },
            })
    }

    /// The reqwest request for an encoded request and the credentials it carries.
    fn http_request<E>(
        &self,
        info: &'static OperationInfo,
        request: Request,
        credentials: &[&Applied],
    ) -> Result<reqwest::Request, Error<E>> {
        let mut url = self.inner.base_url.clone();
        let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        let mut query = request.query_string();
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, self.inner.user_agent.clone());
        if info
            .responses
            .iter()
            .any(|response| response.media == Media::Json)
        {
            headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        }
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::config(format!("`{name}` cannot be a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidParams(single_error(
                    info,
                    &name,
                    "contains characters a header cannot carry",
                ))
            })?;
            headers.append(name, value);
        }
        let mut cookies = request.cookie_header();
        for credential in credentials {
            match credential {
                Applied::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Applied::Query(name, value) => {
                    let pair = form_urlencoded::Serializer::new(String::new())
                        .append_pair(name, value)
                        .finish();
                    query = if query.is_empty() {
                        pair
                    } else {
                        format!("{query}&{pair}")
                    };
                }
                Applied::Cookie(name, value) => {
                    let cookie = format!("{name}={value}");
                    cookies = Some(match cookies {
                        Some(others) => format!("{others}; {cookie}"),
                        None => cookie,
                    });
                }
            }
        }
        if let Some(cookies) = cookies {
            let mut value = HeaderValue::from_str(&cookies)
                .map_err(|_| Error::config("a cookie contains characters a header cannot carry"))?;
            value.set_sensitive(true);
            headers.insert(header::COOKIE, value);
        }
        let mut method = http_method(info.method);
        let mut form = None;
        if !query.is_empty() {
            if posts_as_form(info, &url, &query, request.body.is_some()) {
                method = reqwest::Method::POST;
                form = Some(query);
            } else {
                url.set_query(Some(&query));
            }
        }
        let mut builder = self
            .inner
            .http
            .request(method, url)
            .headers(headers)
            .timeout(self.inner.timeout);
        if let Some(form) = form {
            builder = builder
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form);
        } else if let Some(body) = request.body {
            builder = builder
                .header(header::CONTENT_TYPE, body.content_type)
                .body(body.bytes);
        }
        builder.build().map_err(Error::transport)
    }
}

/// The span of one call: `openapi.request` with what may be recorded about it.
fn request_span(info: &'static OperationInfo) -> tracing::Span {
    tracing::debug_span!(
        "openapi.request",
        operation = info.id,
        method = info.method.as_str(),
        path = info.path,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    )
}

/// Records how a call ended on its span: the status or the error, and the time it took.
fn record_outcome<E: reply::FailureBody>(
    span: &tracing::Span,
    started: Instant,
    outcome: Result<StatusCode, &Error<E>>,
) {
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match outcome {
        Ok(status) => {
            span.record("status", status.as_u16());
        }
        Err(error) => {
            if let Some(status) = error.status() {
                span.record("status", status);
            }
            span.in_scope(|| tracing::debug!(error = %error, "request failed"));
        }
    }
}

/// The longest URL the client sends: the request line limit of common servers and proxies
/// (Apache's is 8190 bytes) less room for the method and the HTTP version.
pub const LONGEST_URL: usize = 8000;

/// Whether a request goes as a POSTed form rather than with its query in the URL: only for a GET
/// without a body whose server also takes it as a form (cPanel's do), and only when the URL
/// would be too long for servers to accept (they answer `414 URI Too Long`).
fn posts_as_form(info: &OperationInfo, url: &Url, query: &str, has_body: bool) -> bool {
    info.form_posts
        && info.method == Method::Get
        && !has_body
        && url.as_str().len() + 1 + query.len() > LONGEST_URL
}

fn single_error(info: &OperationInfo, header: &HeaderName, rule: &str) -> crate::ParamErrors {
    let name = info
        .params
        .iter()
        .find(|param| param.name.eq_ignore_ascii_case(header.as_str()))
        .map_or("header", |param| param.name);
    let mut errors = crate::ParamErrors::new();
    errors.push(crate::ParamError::invalid(name, "", true, rule));
    errors
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Put => reqwest::Method::PUT,
        Method::Post => reqwest::Method::POST,
        Method::Delete => reqwest::Method::DELETE,
        Method::Options => reqwest::Method::OPTIONS,
        Method::Head => reqwest::Method::HEAD,
        Method::Patch => reqwest::Method::PATCH,
        Method::Trace => reqwest::Method::TRACE,
    }
}

/// The value of an answer, or the error it is.
fn read_answer<Op: Operation>(
    status: StatusCode,
    headers: HeaderMap,
    bytes: &[u8],
) -> Result<Response<Op::Output>, Error<Op::Failure>> {
    let info = Op::INFO;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let declared = info.response(status.as_u16());
    let expects_markup =
        declared.is_some_and(|response| matches!(response.media, Media::Text | Media::Binary));
    let html = !expects_markup
        && (content_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().contains("html"))
            || String::from_utf8_lossy(&bytes[..bytes.len().min(64)])
                .trim_start()
                .starts_with('<'));
    let not_json = |detail| Error::NotJson {
        status: status.as_u16(),
        content_type: content_type.clone(),
        html,
        detail,
    };
    if html {
        return Err(not_json(None));
    }
    match reply::decode::<Op::Output, Op::Failure>(info, status.as_u16(), bytes) {
        Ok(Decoded::Success(value, envelope)) => Ok(Response {
            status,
            headers,
            value,
            envelope,
        }),
        Ok(Decoded::Failure(body)) => Err(Error::Api {
            status: status.as_u16(),
            headers,
            body,
        }),
        Err(DecodeError::Undeclared) => Err(Error::Status {
            status: status.as_u16(),
            headers,
            body_excerpt: excerpt(bytes),
        }),
        Err(DecodeError::NotJson(detail)) => Err(not_json(Some(detail))),
        Err(DecodeError::Schema { path, message }) => Err(Error::Schema { path, message }),
    }
}

/// The first characters of a body, whitespace collapsed.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}…", &collapsed[..end]),
        None => collapsed,
    }
}
