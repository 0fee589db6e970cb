//! Server plumbing over axum (feature `server`).
//!
//! A generated crate's `router` builds a [`Router`] with one line per operation; every request
//! then goes the same way, written once here: authenticate as the operation's security
//! requirement says (401 before anything else), read the body if the operation takes one (415
//! for a media type it does not accept), read and check every parameter (a bad request names
//! each bad parameter), call the application's method, and write what it returns as the
//! declared response. Each served request is a `tracing` span `openapi.serve` with the
//! operation id, method, path template, status and duration; no credential or parameter is
//! recorded.

mod auth;
mod path;
mod query;
#[cfg(feature = "stream")]
mod stream;

pub use auth::{Authenticator, NoAuth, Presented, Refusal};
pub use axum;
#[cfg(feature = "stream")]
pub use stream::{BodyOrEvents, ByteStream, EventStream};

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header::{ALLOW, CONTENT_TYPE, COOKIE, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};

use crate::Operation;
use crate::decode::{Decoder, Incoming};
use crate::operation::{ApiInfo, Location, Method, OperationInfo};
use crate::reply::{FailureBody, Reply, SuccessBody};

/// What an application's method may return: a success or a declared failure (with the
/// feature `stream`, also a streamed success: [`EventStream`], [`ByteStream`]).
pub trait Respond: Send {
    /// The answer, or why it could not be written.
    fn respond(self, info: &'static OperationInfo) -> Result<Response, String>;
}

impl<T: SuccessBody + Send, E: FailureBody + Send> Respond for Result<T, E> {
    fn respond(self, info: &'static OperationInfo) -> Result<Response, String> {
        match self {
            Ok(success) => success.reply(info),
            Err(failure) => failure.reply(info),
        }
        .map(into_response)
    }
}

struct Shared<A, H> {
    api: Arc<A>,
    auth: H,
    info: &'static ApiInfo,
    /// The path of the API's first server, which every operation's path goes below.
    base_path: String,
}

/// The routes of an API being built: one line per operation, then [`Router::into_axum`].
pub struct Router<A, H = NoAuth> {
    shared: Arc<Shared<A, H>>,
    routes: BTreeMap<String, Route>,
}

impl<A: Send + Sync + 'static, H: Authenticator> Router<A, H> {
    /// Routes for the API described by `info`, served by `api`, with `auth` deciding who may
    /// call.
    pub fn new(info: &'static ApiInfo, api: A, auth: H) -> Self {
        Router {
            shared: Arc::new(Shared {
                api: Arc::new(api),
                auth,
                info,
                base_path: info.servers.first().map(base_path).unwrap_or_default(),
            }),
            routes: BTreeMap::new(),
        }
    }

    /// An operation that requires credentials: `handler` gets the admitted caller.
    pub fn secured<Op, F, Fut>(self, handler: F) -> Self
    where
        Op: Operation,
        F: Fn(Arc<A>, H::Caller, Op) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future + Send,
        Fut::Output: Respond,
    {
        self.route::<Op, _, _>(move |api, caller, params| {
            let handler = handler.clone();
            async move {
                match caller {
                    Some(caller) => Ok(handler(api, caller, params).await),
                    // `admit` returns a caller for every operation that is not public.
                    None => Err(Refusal::NoCredentials),
                }
            }
        })
    }

    /// An operation anyone may call.
    pub fn public<Op, F, Fut>(self, handler: F) -> Self
    where
        Op: Operation,
        F: Fn(Arc<A>, Op) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future + Send,
        Fut::Output: Respond,
    {
        self.route::<Op, _, _>(move |api, _, params| {
            let handler = handler.clone();
            async move { Ok(handler(api, params).await) }
        })
    }

    /// An operation anyone may call, that knows the caller when credentials are given.
    pub fn optional<Op, F, Fut>(self, handler: F) -> Self
    where
        Op: Operation,
        F: Fn(Arc<A>, Option<H::Caller>, Op) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future + Send,
        Fut::Output: Respond,
    {
        self.route::<Op, _, _>(move |api, caller, params| {
            let handler = handler.clone();
            async move { Ok(handler(api, caller, params).await) }
        })
    }

    fn route<Op, F, Fut>(mut self, call: F) -> Self
    where
        Op: Operation,
        F: Fn(Arc<A>, Option<H::Caller>, Op) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<<Fut as RespondFuture>::Respond, Refusal>> + Send,
        Fut: RespondFuture,
    {
        let info = Op::INFO;
        let shared = self.shared.clone();
        let template = Arc::new(path::Template::parse(&format!(
            "{}{}",
            shared.base_path, info.path
        )));
        let route = template.route();
        let handler = move |request: Request| {
            let shared = shared.clone();
            let template = template.clone();
            let call = call.clone();
            async move { serve::<Op, A, H, F, Fut>(&shared, &template, request, call).await }
        };
        let entry = self.routes.entry(route).or_default();
        // Two operations on one method and path: the first keeps it (the generator warns).
        if !entry
            .methods
            .iter()
            .any(|(method, _)| *method == info.method)
        {
            let served = axum::routing::on(filter(info.method), handler.clone());
            entry.methods.push((info.method, served));
            if info.form_posts && info.method == Method::Get && entry.form_post.is_none() {
                entry.form_post = Some(axum::routing::on(MethodFilter::POST, handler));
            }
        }
        self
    }

    /// The axum router serving every operation added. A method a path does not serve gets
    /// 405 with the path's documented methods in `Allow` (a GET also served as a POSTed form
    /// does not advertise the POST, which the description does not document).
    pub fn into_axum(self) -> axum::Router {
        let mut router = axum::Router::new();
        for (path, route) in self.routes {
            let documented: Vec<Method> = route.methods.iter().map(|(method, _)| *method).collect();
            let allow = allow_header(&documented);
            let mut served = MethodRouter::new();
            for (_, method) in route.methods {
                served = served.merge(method);
            }
            if let Some(form_post) = route.form_post
                && !documented.contains(&Method::Post)
            {
                served = served.merge(form_post);
            }
            let served = served.fallback(move || async move {
                (StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, allow)]).into_response()
            });
            router = router.route(&path, served);
        }
        router
    }
}

/// The `Allow` header for a path's documented methods: `GET, HEAD` for a GET (axum serves
/// HEAD with it).
fn allow_header(methods: &[Method]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for method in methods {
        names.push(method.as_str());
        if *method == Method::Get && !methods.contains(&Method::Head) {
            names.push("HEAD");
        }
    }
    names.join(", ")
}

/// The path part of a server's URL template, variables filled with their defaults:
/// `https://{host}:{port}/json-api` serves below `/json-api`, `/v1` below `/v1`.
fn base_path(server: &crate::vocab::Server) -> String {
    let mut url = server.url.to_owned();
    for variable in server.variables {
        url = url.replace(&format!("{{{}}}", variable.name), variable.default);
    }
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url.as_str(),
    };
    path.split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned()
}

/// The operations of one path, by method.
#[derive(Default)]
struct Route {
    /// The documented methods, the first operation for each.
    methods: Vec<(Method, MethodRouter)>,
    /// The POST that serves a GET's parameters as a form, where the profile wants one.
    form_post: Option<MethodRouter>,
}

/// The future of a route's call, naming what it resolves to.
pub trait RespondFuture: Future {
    /// What the application's method returned.
    type Respond: Respond;
}

impl<F, R> RespondFuture for F
where
    F: Future<Output = Result<R, Refusal>>,
    R: Respond,
{
    type Respond = R;
}

fn filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Put => MethodFilter::PUT,
        Method::Post => MethodFilter::POST,
        Method::Delete => MethodFilter::DELETE,
        Method::Options => MethodFilter::OPTIONS,
        Method::Head => MethodFilter::HEAD,
        Method::Patch => MethodFilter::PATCH,
        Method::Trace => MethodFilter::TRACE,
    }
}

async fn serve<Op, A, H, F, Fut>(
    shared: &Shared<A, H>,
    template: &path::Template,
    request: Request,
    call: F,
) -> Response
where
    Op: Operation,
    A: Send + Sync + 'static,
    H: Authenticator,
    F: Fn(Arc<A>, Option<H::Caller>, Op) -> Fut,
    Fut: Future<Output = Result<<Fut as RespondFuture>::Respond, Refusal>> + RespondFuture,
{
    let info = Op::INFO;
    let span = tracing::debug_span!(
        "openapi.serve",
        operation = info.id,
        method = info.method.as_str(),
        path = info.path,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    // The clock is read only for a span that records the duration: without a subscriber
    // there is none, and reading it twice cost a request about 1% (perf, under wrk).
    if span.is_disabled() {
        // Without a subscriber, neither the span nor the heap: the future polled in place
        // cost some 490 instructions and 38 I-cache misses a request less (callgrind).
        return handle::<Op, A, H, F, Fut>(shared, template, request, call).await;
    }
    let started = Instant::now();
    // The request's future (some 1.4 kB with a typical operation's) on the heap: axum's and
    // tower's layers move the future they are given several times before it is polled,
    // and copying it cost more than this one allocation.
    let handled = Box::pin(handle::<Op, A, H, F, Fut>(shared, template, request, call));
    let response = tracing::Instrument::instrument(handled, span.clone()).await;
    span.record("status", response.status().as_u16());
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    response
}

async fn handle<Op, A, H, F, Fut>(
    shared: &Shared<A, H>,
    template: &path::Template,
    request: Request,
    call: F,
) -> Response
where
    Op: Operation,
    A: Send + Sync + 'static,
    H: Authenticator,
    F: Fn(Arc<A>, Option<H::Caller>, Op) -> Fut,
    Fut: Future<Output = Result<<Fut as RespondFuture>::Respond, Refusal>> + RespondFuture,
{
    let info = Op::INFO;
    let (mut parts, body) = request.into_parts();
    let form_post =
        info.form_posts && info.method == Method::Get && parts.method == axum::http::Method::POST;
    // Before the body: reading it takes the request's extensions, the matched path among them.
    // The router finds no parameters in a route without any, and says so as an error.
    let path_params = match info.path.contains('{') {
        true => match RawPathParams::from_request_parts(&mut parts, &()).await {
            Ok(params) => Some(params),
            Err(rejection) => return rejection.into_response(),
        },
        false => None,
    };
    let body = match read_body(info, &mut parts, body, form_post).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let matched = path_params.iter().flat_map(|params| params.iter());
    let Some(path) = template.params(matched) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Headers and cookies are gathered only where a parameter or a scheme reads them.
    let takes = |location| info.params.iter().any(|param| param.location == location);
    let mut incoming = Incoming {
        path,
        query: query::pairs(parts.uri.query().unwrap_or_default()).collect(),
        headers: if takes(Location::Header) {
            parts
                .headers
                .iter()
                .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
                .collect()
        } else {
            Vec::new()
        },
        cookies: if takes(Location::Cookie) || auth::reads_cookies(shared.info, info) {
            parts
                .headers
                .get_all(COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(Incoming::parse_cookies)
                .collect()
        } else {
            Vec::new()
        },
        body: None,
    };
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if form_post {
        incoming.query.extend(form_urlencoded::parse(&body));
    } else if !body.is_empty() {
        incoming.body = Some((content_type, &body));
    }
    let caller = match auth::admit(&shared.auth, shared.info, info, &parts.headers, &incoming).await
    {
        Ok(caller) => caller,
        Err(refusal) => return unauthorized(shared.info, info, refusal),
    };
    let params = match Decoder::decode::<Op>(incoming) {
        Ok(params) => params,
        Err(errors) => return failure(info, StatusCode::BAD_REQUEST, &errors.to_string()),
    };
    let respond = match call(shared.api.clone(), caller, params).await {
        Ok(respond) => respond,
        Err(refusal) => return unauthorized(shared.info, info, refusal),
    };
    match respond.respond(info) {
        Ok(response) => response,
        Err(problem) => {
            tracing::warn!(operation = info.id, problem = %problem, "the answer could not be written");
            failure(
                info,
                StatusCode::INTERNAL_SERVER_ERROR,
                "the response could not be encoded",
            )
        }
    }
}

/// The body, read only where the operation takes one (or for a POSTed form); the response
/// refusing the request otherwise: 405 for a POST to a GET operation that is not a form, 415
/// for a media type the operation does not accept, and axum's own answer for a body it cannot
/// read (413 over axum's `DefaultBodyLimit`, 2 MB unless the router sets another).
async fn read_body(
    info: &'static OperationInfo,
    parts: &mut Parts,
    body: axum::body::Body,
    form_post: bool,
) -> Result<Bytes, Response> {
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    if form_post {
        let is_form = content_type
            .and_then(|value| value.split(';').next())
            .is_some_and(|media| {
                media
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            });
        if !is_form {
            return Err((StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, "GET, HEAD")]).into_response());
        }
    } else {
        let Some(accepted) = info.body else {
            return Ok(Bytes::new());
        };
        if let Some(content_type) = content_type
            && crate::body::match_media(accepted.media, content_type).is_none()
        {
            let listed: Vec<&str> = accepted.media.iter().map(|m| m.content_type).collect();
            return Err(failure(
                info,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &format!("the body must be one of: {}", listed.join(", ")),
            ));
        }
    }
    let mut request = Request::new(body);
    *request.extensions_mut() = std::mem::take(&mut parts.extensions);
    let bytes = Bytes::from_request(request, &()).await;
    bytes.map_err(IntoResponse::into_response)
}

fn into_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply.body {
        Some(body) => {
            // JSON, the usual answer, without copying the text into a new header value.
            let content_type = match body.content_type.as_str() {
                crate::reply::JSON => HeaderValue::from_static(crate::reply::JSON),
                other => HeaderValue::from_str(other)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            };
            // Built in place: the tuple's `IntoResponse` goes through axum's `ResponseParts`.
            let mut response = Response::new(axum::body::Body::from(body.bytes));
            *response.status_mut() = status;
            response.headers_mut().insert(CONTENT_TYPE, content_type);
            response
        }
        None => status.into_response(),
    }
}

/// A refusal: the profile's envelope with HTTP 200, else `status` with the reason as text.
/// Cold: kept out of line so that the path of an admitted request stays small in the I-cache.
#[cold]
#[inline(never)]
fn failure(info: &'static OperationInfo, status: StatusCode, reason: &str) -> Response {
    if let Some(envelope) = info.envelope
        && let Ok(reply) = crate::reply::json_reply(200, &(envelope.fail)(info, reason))
    {
        return into_response(reply);
    }
    (
        status,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        reason.to_owned(),
    )
        .into_response()
}

/// 401, with the challenges of the operation's HTTP schemes.
#[cold]
#[inline(never)]
fn unauthorized(api: &'static ApiInfo, info: &'static OperationInfo, refusal: Refusal) -> Response {
    let mut response = failure(info, StatusCode::UNAUTHORIZED, refusal.reason());
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    let challenges = auth::challenges(api, info);
    if let Ok(value) = HeaderValue::from_str(&challenges)
        && !challenges.is_empty()
    {
        response.headers_mut().insert(WWW_AUTHENTICATE, value);
    }
    response
}
