//! Retries: which failures are tried again, how long to wait, and which requests are safe to
//! send twice.
//!
//! A request is retried only when sending it twice does no harm: its operation's method is
//! one HTTP defines as idempotent (GET, HEAD, OPTIONS, PUT, DELETE, TRACE), or it carries an
//! idempotency key, or the policy says every method may be retried. A request whose body is a
//! stream cannot be sent twice and is never retried. The failures retried are those that say
//! "try later": no connection, and the statuses 408, 429, 502, 503 and 504.

use std::hash::{BuildHasher, RandomState};
use std::time::{Duration, Instant, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderName, HeaderValue, RETRY_AFTER};

use super::{MiddlewareError, Next};
use crate::operation::{Method, OperationInfo};

/// The header that marks a request as safe to retry whatever its method, unless
/// [`RetryPolicy::idempotency_header`] names another.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// When and how a client tries a request again. Off unless given to
/// [`Builder::retry`](super::Builder::retry) or [`RequestOptions::retry`](super::RequestOptions::retry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    any_method: bool,
    idempotency_header: HeaderName,
}

impl Default for RetryPolicy {
    /// Three attempts, waits drawn from 0 to 250 ms doubling up to 8 s, and a server's
    /// `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            any_method: false,
            idempotency_header: HeaderName::from_static(IDEMPOTENCY_KEY),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt only: no retries (to turn the client's policy off for one request).
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a request is sent at most, the first time included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Exponential backoff with full jitter: before retry `n` the client waits a random time
    /// between zero and `base × 2ⁿ⁻¹`, at most `cap`.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = cap;
        self
    }

    /// The longest `Retry-After` the client waits for. A server that asks for a longer wait
    /// gets no retry: its answer is returned at once.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Retries requests of every method, POST and PATCH too: only for an API whose operations
    /// are all safe to repeat.
    pub fn retry_any_method(mut self, any: bool) -> Self {
        self.any_method = any;
        self
    }

    /// The header whose presence makes a request of any method safe to retry (default
    /// `Idempotency-Key`); [`RequestOptions::idempotency_key`](super::RequestOptions::idempotency_key)
    /// sets it.
    pub fn idempotency_header(mut self, name: HeaderName) -> Self {
        self.idempotency_header = name;
        self
    }

    /// The header an idempotency key goes in.
    pub fn idempotency_header_name(&self) -> &HeaderName {
        &self.idempotency_header
    }

    /// Whether `request` of `operation` may be sent more than once.
    fn may_retry(&self, operation: &OperationInfo, request: &reqwest::Request) -> bool {
        let idempotent = operation.method_says_idempotent && idempotent(operation.method);
        self.max_attempts > 1
            && (idempotent
                || self.any_method
                || request.headers().contains_key(&self.idempotency_header))
    }

    /// The wait before attempt `attempt + 1`, with full jitter.
    fn backoff_delay(&self, attempt: u32) -> Duration {
        let ceiling = self
            .base_delay
            .saturating_mul(1 << attempt.saturating_sub(1).min(31))
            .min(self.max_delay);
        ceiling.mul_f64(unit_random())
    }
}

/// The methods HTTP (RFC 9110, section 9.2.2) defines as idempotent.
pub fn idempotent(method: Method) -> bool {
    matches!(
        method,
        Method::Get | Method::Head | Method::Options | Method::Put | Method::Delete | Method::Trace
    )
}

/// The wait a `Retry-After` value asks for at time `now`: delay-seconds or an HTTP date (a date
/// already past asks for none). `None` for a value that is neither.
pub fn retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) for jitter. The standard library's randomly keyed hasher gives one without
/// a dependency: each `RandomState` has fresh keys, and jitter needs spread, not secrecy.
fn unit_random() -> f64 {
    let bits = RandomState::new().hash_one(Instant::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Whether a failure to send says "try later", and why, for the trace.
fn retryable_error(error: &MiddlewareError) -> Option<&'static str> {
    let error = error.downcast_ref::<reqwest::Error>()?;
    (error.is_connect() && super::tls::describe(error).is_none()).then_some("could not connect")
}

/// Whether a status says "try later".
fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// Sends `request` down the middleware chain `next` as often as `policy` allows: each attempt
/// in a span `openapi.attempt`, each retry a debug event saying why and how long the client
/// waits. Not generic, so that it is compiled once rather than once per operation.
pub(super) async fn run(
    policy: Option<&RetryPolicy>,
    operation: &'static OperationInfo,
    request: reqwest::Request,
    next: Next<'_>,
) -> Result<reqwest::Response, MiddlewareError> {
    let send = |request| next.run(request);
    let policy = match policy {
        Some(policy) if policy.may_retry(operation, &request) => policy,
        _ => {
            tracing::Span::current().record("attempts", 1);
            return send(request).await;
        }
    };
    let mut request = request;
    let mut attempt = 1;
    loop {
        // A streamed body cannot be cloned, and so is sent once.
        let spare = (attempt < policy.max_attempts)
            .then(|| request.try_clone())
            .flatten();
        let span = tracing::debug_span!("openapi.attempt", attempt);
        let outcome = tracing::Instrument::instrument(send(request), span).await;
        tracing::Span::current().record("attempts", attempt);
        let Some(next) = spare else {
            return outcome;
        };
        let (reason, wait) = match &outcome {
            Ok(response) if retryable_status(response.status()) => {
                let asked = response
                    .headers()
                    .get(RETRY_AFTER)
                    .and_then(|value| retry_after(value, SystemTime::now()));
                match asked {
                    Some(wait) if wait > policy.max_retry_after => {
                        tracing::debug!(
                            retry_after_s = wait.as_secs(),
                            "not retried: Retry-After is longer than the policy waits"
                        );
                        return outcome;
                    }
                    Some(wait) => ("the server asked to retry after a wait", wait),
                    None => (
                        "the server answered a retryable status",
                        policy.backoff_delay(attempt),
                    ),
                }
            }
            Err(error) => match retryable_error(error) {
                Some(reason) => (reason, policy.backoff_delay(attempt)),
                None => return outcome,
            },
            Ok(_) => return outcome,
        };
        let status = outcome
            .as_ref()
            .ok()
            .map(|response| response.status().as_u16());
        tracing::debug!(
            attempt,
            status,
            reason,
            wait_ms = wait.as_millis() as u64,
            "retrying"
        );
        drop(outcome);
        tokio::time::sleep(wait).await;
        request = next;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let seconds = HeaderValue::from_static(" 120 ");
        assert_eq!(retry_after(&seconds, now), Some(Duration::from_secs(120)));
        // 2015-10-21 07:28:00 UTC is `now`; the date is 90 s later.
        let date = HeaderValue::from_static("Wed, 21 Oct 2015 07:29:30 GMT");
        assert_eq!(retry_after(&date, now), Some(Duration::from_secs(90)));
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT");
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
        for bad in ["soon", "-1", "1.5", ""] {
            assert_eq!(
                retry_after(&HeaderValue::from_static(bad), now),
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_ceiling_with_a_cap() {
        let policy =
            RetryPolicy::new().backoff(Duration::from_millis(100), Duration::from_millis(350));
        for (attempt, ceiling) in [(1, 100), (2, 200), (3, 350), (40, 350)] {
            let waits: Vec<Duration> = (0..50).map(|_| policy.backoff_delay(attempt)).collect();
            assert!(
                waits
                    .iter()
                    .all(|wait| *wait < Duration::from_millis(ceiling))
            );
            // Full jitter: the waits spread over the range rather than sitting at its top.
            assert!(
                waits
                    .iter()
                    .any(|wait| *wait < Duration::from_millis(ceiling / 2))
            );
            assert!(waits.windows(2).any(|pair| pair[0] != pair[1]));
        }
    }

    #[test]
    fn only_idempotent_methods_retry_by_default() {
        let retried: Vec<Method> = [
            Method::Get,
            Method::Put,
            Method::Post,
            Method::Delete,
            Method::Options,
            Method::Head,
            Method::Patch,
            Method::Trace,
        ]
        .into_iter()
        .filter(|method| idempotent(*method))
        .collect();
        assert!(!retried.contains(&Method::Post) && !retried.contains(&Method::Patch));
        assert_eq!(retried.len(), 6);
    }

    #[cfg(feature = "cpanel")]
    #[test]
    fn a_get_of_a_cpanel_function_is_retried_only_with_a_key() {
        let policy = RetryPolicy::new();
        let plain = OperationInfo::DEFAULT;
        let whm = crate::cpanel::WHM_FUNCTION;
        assert_eq!((plain.method, whm.method), (Method::Get, Method::Get));
        let request = || {
            reqwest::Request::new(
                reqwest::Method::GET,
                "http://127.0.0.1/json-api/create_user_session"
                    .parse()
                    .unwrap(),
            )
        };
        assert!(policy.may_retry(&plain, &request()));
        assert!(!policy.may_retry(&whm, &request()));
        let mut keyed = request();
        keyed.headers_mut().insert(
            policy.idempotency_header_name().clone(),
            "k1".parse().unwrap(),
        );
        assert!(policy.may_retry(&whm, &keyed));
    }
}
