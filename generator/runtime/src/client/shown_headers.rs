//! Headers as `Debug` shows them: each name with its value, but the value of a header that may
//! carry a credential (`Set-Cookie`, `Authorization`, one whose name speaks of a token, key,
//! secret or session, or one marked sensitive) is `<redacted>`, so that logging an answer or
//! an error never shows a session cookie.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// `Debug` of a header map, credentials redacted.
pub(crate) struct ShownHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for ShownHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if may_be_credential(name, value) {
                map.entry(&name.as_str(), &crate::Redacted);
            } else {
                map.entry(&name.as_str(), value);
            }
        }
        map.finish()
    }
}

/// Whether a header's value may be a credential: marked sensitive, or named like one.
pub(crate) fn may_be_credential(name: &HeaderName, value: &HeaderValue) -> bool {
    value.is_sensitive() || crate::vocab::is_credential_header(name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted_and_the_rest_shown() {
        let mut headers = HeaderMap::new();
        headers.insert("set-cookie", HeaderValue::from_static("cpsession=s3cret"));
        headers.insert("x-api-key", HeaderValue::from_static("k3y"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let mut marked = HeaderValue::from_static("hidden");
        marked.set_sensitive(true);
        headers.insert("x-other", marked);
        let shown = format!("{:?}", ShownHeaders(&headers));
        for secret in ["s3cret", "k3y", "hidden"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("\"set-cookie\": <redacted>"), "{shown}");
        assert!(shown.contains("application/json"), "{shown}");
    }
}
