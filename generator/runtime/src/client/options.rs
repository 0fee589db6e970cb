//! Options for some calls rather than the whole client: a time limit, extra headers, an
//! idempotency key, a retry policy. [`Client::with`](super::Client::with) gives a client that
//! applies them, on which every typed call works as before.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::Error;
use super::retry::{IDEMPOTENCY_KEY, RetryPolicy};

/// Options for the calls of one [`Client::with`](super::Client::with).
///
/// ```
/// # use openapi_runtime::client::{RequestOptions, RetryPolicy};
/// # use std::time::Duration;
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .header("x-trace", "abc")
///     .idempotency_key("order-1234")
///     .retry(RetryPolicy::new());
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    headers: HeaderMap,
    idempotency_key: Option<HeaderValue>,
    retry: Option<RetryPolicy>,
    /// Whether the client's time limit is lifted (for event streams, which may never end)
    /// unless `timeout` sets one.
    unlimited: bool,
    /// Whether, with the limit lifted, the wait for the answer to begin keeps it (a
    /// download's, whose chunks its stream times).
    answer_limited: bool,
    /// The first header that could not be set, reported when the options are used.
    problem: Option<String>,
}

/// Shows the names of the extra headers, not their values, which may be credentials.
impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &names)
            .field("idempotency_key", &self.idempotency_key.is_some())
            .field("retry", &self.retry)
            .finish()
    }
}

impl RequestOptions {
    /// No options: calls go as the client's settings say.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time limit of the whole request, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a header, replacing one of the same name the request would carry otherwise
    /// (`User-Agent`, say). A name or value a header cannot have makes the call fail with
    /// [`Error::Config`] before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(mut value)) => {
                // Kept out of HTTP/2's header tables, and redacted where headers are shown.
                if super::shown_headers::may_be_credential(&name, &value) {
                    value.set_sensitive(true);
                }
                self.headers.append(name, value);
            }
            (Err(_), _) => self.problem(format!("`{name}` cannot be a header name")),
            (_, Err(_)) => self.problem(format!(
                "the value of header `{name}` contains characters a header cannot carry"
            )),
        }
        self
    }

    /// An idempotency key: sent in the retry policy's idempotency header (`Idempotency-Key`
    /// unless the policy names another), and making a request of any method, POST too, safe
    /// to retry. Use a new key for each distinct operation, the same key for its retries.
    pub fn idempotency_key(mut self, key: &str) -> Self {
        match HeaderValue::from_str(key) {
            Ok(value) => self.idempotency_key = Some(value),
            Err(_) => self.problem("the idempotency key contains characters a header cannot carry"),
        }
        self
    }

    /// The retry policy, instead of the client's ([`RetryPolicy::never`] for none).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Resumes an event stream after the event with this id: the `Last-Event-ID` header.
    pub fn last_event_id(self, id: &str) -> Self {
        self.header("last-event-id", id)
    }

    fn problem(&mut self, problem: impl Into<String>) {
        self.problem.get_or_insert_with(|| problem.into());
    }

    /// These options with `later`'s on top: its time limit, key and policy where set, its
    /// headers added.
    pub(super) fn merged(&self, later: RequestOptions) -> RequestOptions {
        let mut merged = self.clone();
        merged.timeout = later.timeout.or(merged.timeout);
        merged.idempotency_key = later.idempotency_key.or(merged.idempotency_key);
        merged.retry = later.retry.or(merged.retry);
        merged.unlimited |= later.unlimited;
        merged.answer_limited |= later.answer_limited;
        merged.problem = merged.problem.or(later.problem);
        replace_headers(&mut merged.headers, &later.headers);
        merged
    }

    /// Options that lift the client's time limit on the whole request.
    #[cfg(feature = "stream")]
    pub(super) fn without_time_limit() -> Self {
        RequestOptions {
            unlimited: true,
            ..Self::default()
        }
    }

    /// Options that lift the client's time limit on the whole request, and keep it on the
    /// wait for the answer to begin (a download's, whose stream times each chunk).
    #[cfg(feature = "stream")]
    pub(super) fn time_limit_per_part() -> Self {
        RequestOptions {
            unlimited: true,
            answer_limited: true,
            ..Self::default()
        }
    }

    /// Whether these options leave a call with no time limit on the whole (a stream's,
    /// unless the caller set one).
    pub(super) fn lifts_time_limit(&self) -> bool {
        self.unlimited && self.timeout.is_none()
    }

    /// Whether these options keep the client's time limit on the wait for the answer only.
    pub(super) fn limits_answer(&self) -> bool {
        self.answer_limited && self.lifts_time_limit()
    }

    /// The retry policy these options set, if any.
    pub(super) fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Puts the options on `request`, whose retries `policy` governs.
    pub(super) fn apply<E>(
        &self,
        request: &mut reqwest::Request,
        policy: Option<&RetryPolicy>,
    ) -> Result<(), Error<E>> {
        if let Some(problem) = &self.problem {
            return Err(Error::config(problem.clone()));
        }
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = Some(timeout);
        } else if self.unlimited {
            *request.timeout_mut() = None;
        }
        let headers = request.headers_mut();
        replace_headers(headers, &self.headers);
        if let Some(key) = &self.idempotency_key {
            let name = policy.map_or(HeaderName::from_static(IDEMPOTENCY_KEY), |policy| {
                policy.idempotency_header_name().clone()
            });
            headers.insert(name, key.clone());
        }
        Ok(())
    }
}

/// Puts the headers of `extra` in `headers`, each replacing all values of its name there.
fn replace_headers(headers: &mut HeaderMap, extra: &HeaderMap) {
    for name in extra.keys() {
        headers.remove(name);
    }
    for (name, value) in extra {
        headers.append(name.clone(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> reqwest::Request {
        let url = reqwest::Url::parse("http://127.0.0.1/").unwrap();
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        request
            .headers_mut()
            .insert("user-agent", HeaderValue::from_static("client/1"));
        request
    }

    #[test]
    fn later_options_win_and_headers_replace_by_name() {
        let earlier = RequestOptions::new()
            .timeout(Duration::from_secs(1))
            .header("x-a", "1")
            .header("x-a", "2")
            .header("x-b", "kept");
        let merged = earlier.merged(
            RequestOptions::new()
                .header("X-A", "3")
                .header("user-agent", "mine"),
        );
        let mut request = request();
        merged
            .apply::<crate::NoFailure>(&mut request, None)
            .unwrap();
        let headers = request.headers();
        let values = |name| -> Vec<&str> {
            headers
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap())
                .collect()
        };
        assert_eq!(values("x-a"), ["3"]);
        assert_eq!(values("x-b"), ["kept"]);
        assert_eq!(values("user-agent"), ["mine"]);
        assert_eq!(request.timeout(), Some(&Duration::from_secs(1)));
    }

    #[test]
    fn the_key_goes_in_the_policys_header_and_debug_shows_no_values() {
        let options = RequestOptions::new()
            .idempotency_key("k-123")
            .header("authorization", "Bearer s3cret");
        let policy = RetryPolicy::new().idempotency_header(HeaderName::from_static("x-once"));
        let mut request = request();
        options
            .apply::<crate::NoFailure>(&mut request, Some(&policy))
            .unwrap();
        assert_eq!(request.headers()["x-once"], "k-123");
        let shown = format!("{options:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("k-123"),
            "{shown}"
        );
        assert!(shown.contains("authorization"), "{shown}");
    }

    #[test]
    fn a_header_that_cannot_be_sent_is_a_config_error_naming_it() {
        let options = RequestOptions::new()
            .header("bad name", "x")
            .header("x-ok", "fine");
        let error = options
            .apply::<crate::NoFailure>(&mut request(), None)
            .unwrap_err();
        assert!(error.to_string().contains("`bad name`"), "{error}");
    }
}
