//! The texts of a session as cPanel writes them: its security token, its id and its URL.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rand::RngExt;
use rand::distr::Alphanumeric;
use whm_api::App;

/// `https://HOST:PORT/cpsess.../login/?QUERY`, the query keys in sorted order as cPanel
/// writes them: `goto_uri` (for a linked application), `locale`, `session`.
pub(crate) fn session_url(
    host: &str,
    port: &str,
    token: &str,
    app: Option<&App>,
    locale: Option<&str>,
    session: &str,
) -> String {
    let mut url = String::with_capacity(64 + host.len() + token.len() + 3 * session.len());
    url.push_str("https://");
    // IPv6 addresses in brackets.
    if host.contains(':') && !host.starts_with('[') {
        url.push('[');
        url.push_str(host);
        url.push(']');
    } else {
        url.push_str(host);
    }
    url.push(':');
    url.push_str(port);
    url.push_str(token);
    url.push_str("/login/?");
    if let Some(app) = app {
        url.push_str("goto_uri=");
        encode_into(&mut url, "/?goto_app=");
        encode_into(&mut url, app.as_str());
        url.push('&');
    }
    if let Some(locale) = locale {
        url.push_str("locale=");
        encode_into(&mut url, locale);
        url.push('&');
    }
    url.push_str("session=");
    encode_into(&mut url, session);
    url
}

/// `/cpsess` and ten digits, from a given token if it has that shape.
pub(crate) fn well_formed_token(token: &str) -> Option<String> {
    let digits = token
        .strip_prefix('/')
        .unwrap_or(token)
        .strip_prefix("cpsess")?;
    (digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("/cpsess{digits}"))
}

/// `/cpsess` and ten random digits.
pub(crate) fn new_token(rng: &mut impl RngExt) -> String {
    let mut token = String::with_capacity(17);
    token.push_str("/cpsess");
    // Uniform over the 10-digit strings, as ten uniform digits are.
    push_ten_digits(&mut token, rng.random_range(0..10_000_000_000u64));
    token
}

/// `user:<16 characters>:create_user_session,<32 hex digits>`.
pub(crate) fn new_session(rng: &mut impl RngExt, user: &str) -> String {
    const MIDDLE: &str = ":create_user_session,";
    let mut session = String::with_capacity(user.len() + 1 + 16 + MIDDLE.len() + 32);
    session.push_str(user);
    session.push(':');
    // Into bytes first: one push of the text rather than a push per character.
    let letters: [u8; 16] = std::array::from_fn(|_| rng.sample(Alphanumeric));
    push_ascii(&mut session, &letters);
    session.push_str(MIDDLE);
    // Uniform over the 32-digit hex strings, as 32 uniform hex digits are.
    push_hex(&mut session, rng.random::<u128>());
    session
}

/// Writes `number` as ten decimal digits, with leading zeros (it is below 10^10).
fn push_ten_digits(out: &mut String, mut number: u64) {
    let mut digits = [b'0'; 10];
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (number % 10) as u8;
        number /= 10;
    }
    push_ascii(out, &digits);
}

/// Writes `number` as 32 lower-case hex digits, with leading zeros.
fn push_hex(out: &mut String, number: u128) {
    let digits: [u8; 32] =
        std::array::from_fn(|at| b"0123456789abcdef"[((number >> (4 * (31 - at))) & 0xF) as usize]);
    push_ascii(out, &digits);
}

/// Writes ASCII bytes (digits, letters) as text.
fn push_ascii(out: &mut String, bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        out.push_str(text);
    }
}

/// What a query value percent-encodes: all but ASCII letters and digits and `-._~:,/`, the
/// characters a session id is made of.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b',')
    .remove(b'/');

/// Percent-encodes a query value onto `out`.
fn encode_into(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, QUERY_VALUE));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_sessions_have_cpanels_shapes() {
        let mut rng = rand::rng();
        let token = new_token(&mut rng);
        assert_eq!(token.len(), 17);
        assert!(token.starts_with("/cpsess"), "{token}");
        assert_eq!(well_formed_token(&token), Some(token.clone()));
        assert_eq!(
            well_formed_token("cpsess0123456789").as_deref(),
            Some("/cpsess0123456789")
        );
        assert_eq!(well_formed_token("/cpsess012345678"), None);
        let session = new_session(&mut rng, "bob");
        let (random, hex) = session
            .strip_prefix("bob:")
            .and_then(|rest| rest.split_once(":create_user_session,"))
            .expect("user:random:create_user_session,hex");
        assert_eq!((random.len(), hex.len()), (16, 32), "{session}");
    }

    #[test]
    fn urls_bracket_ipv6_hosts_and_encode_values() {
        let url = session_url(
            "::1",
            "2083",
            "/cpsess0123456789",
            Some(&App::FileManagerHome),
            Some("pt br"),
            "bob:x:create_user_session,00",
        );
        assert_eq!(
            url,
            "https://[::1]:2083/cpsess0123456789/login/?goto_uri=/%3Fgoto_app%3DFileManager_Home\
             &locale=pt%20br&session=bob:x:create_user_session,00"
        );
    }
}
