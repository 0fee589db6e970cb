//! What the tests against the WHM double (`generated/double/examples/whm_double.rs`, the
//! `whm-double` library as a program) share: the double started as the command line runs it
//! (built with cargo, listening on 127.0.0.1 port 0, stopped when dropped), raw requests to
//! it, and the shapes of the sessions it creates. (`double_library` starts it in-process.)

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::Url;
use serde_json::Value;
use whm_api::Service;

/// The API token the double admits for `root`.
pub const TOKEN: &str = "double-token-5f1c";
/// The password the double admits for `root` with Basic authentication.
pub const PASSWORD: &str = "double-password-9a2e";
/// The operation's path below the base path.
pub const PATH: &str = "/create_user_session";

/// A running double.
pub struct Double {
    child: Child,
    stdout: BufReader<ChildStdout>,
    /// `127.0.0.1:PORT`.
    pub address: String,
}

impl Double {
    /// Starts the double with `--user root --token TOKEN` and `extra`.
    pub fn start(extra: &[&str]) -> Double {
        let mut child = Command::new(whm_api_tests::package_example(
            "whm-double",
            "whm_double",
            &[],
        ))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--user",
            "root",
            "--token",
            TOKEN,
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the double starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("the double writes a line");
        let address = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from the double: {line:?}"))
            .to_owned();
        Double {
            child,
            stdout,
            address,
        }
    }

    /// The URL of an operation path below the base path, e.g. `/create_user_session`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/json-api{path}", self.address)
    }

    /// Stops the double and returns everything it wrote after its first line.
    pub fn stop(mut self) -> String {
        self.child.kill().ok();
        self.child.wait().ok();
        let mut output = String::new();
        self.stdout.read_to_string(&mut output).ok();
        if let Some(mut stderr) = self.child.stderr.take() {
            stderr.read_to_string(&mut output).ok();
        }
        output
    }
}

impl Drop for Double {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Unix time, in seconds.
pub fn now() -> i64 {
    let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(elapsed.as_secs()).unwrap()
}

/// The `Authorization` header of root's API token.
pub fn token_auth() -> String {
    format!("whm root:{TOKEN}")
}

/// GETs the operation from the double with `api.version=1`, then the query pairs in order, and
/// an optional `Authorization` header: the status and the JSON body.
pub async fn get(double: &Double, query: &[(&str, &str)], auth: Option<&str>) -> (u16, Value) {
    let mut request = whm_api_tests::http()
        .get(double.url(PATH))
        .query(&[("api.version", "1")]);
    for pair in query {
        request = request.query(&[pair]);
    }
    if let Some(auth) = auth {
        request = request.header("Authorization", auth);
    }
    let response = request.send().await.expect("the double answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    (status, body)
}

/// The port of a service's session URLs.
pub fn port(service: Service) -> u16 {
    match service {
        Service::Cpaneld => 2083,
        Service::Whostmgrd => 2087,
        Service::Webmaild => 2096,
    }
}

/// A security token: `/cpsess` and ten digits.
pub fn assert_token(token: &str) {
    let digits = token
        .strip_prefix("/cpsess")
        .unwrap_or_else(|| panic!("the security token starts with /cpsess: {token}"));
    assert_eq!(
        digits.len(),
        10,
        "ten digits in the security token: {token}"
    );
    assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{token}");
}

/// A session id of `owner`'s: `owner:<16 alphanumerics>:create_user_session,<32 hex digits>`.
pub fn assert_session_id(session: &str, owner: &str) {
    let rest = session
        .strip_prefix(&format!("{owner}:"))
        .unwrap_or_else(|| panic!("the session is not {owner}'s: {session}"));
    let (random, rest) = rest
        .split_once(':')
        .unwrap_or_else(|| panic!("user:random:...: {session}"));
    assert_eq!(random.len(), 16, "{session}");
    assert!(
        random.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{session}"
    );
    let hex = rest
        .strip_prefix("create_user_session,")
        .unwrap_or_else(|| panic!("...:create_user_session,HEX: {session}"));
    assert_eq!(hex.len(), 32, "{session}");
    assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{session}");
}

/// A session URL as cPanel writes it: `https://HOST:PORT` (an IPv6 host in brackets), the
/// security token, `/login/`, then a query whose keys are in sorted order and whose `session`
/// is the session id. Returns the query's pairs, decoded, in order.
pub fn assert_session_url(
    url: &str,
    host: &str,
    port: u16,
    token: &str,
    session: &str,
) -> Vec<(String, String)> {
    let (base, _) = url
        .split_once('?')
        .unwrap_or_else(|| panic!("a query: {url}"));
    assert_eq!(
        base,
        format!("https://{host}:{port}{token}/login/"),
        "{url}"
    );
    let parsed = Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    assert_eq!(parsed.host_str(), Some(host));
    assert_eq!(parsed.port(), Some(port));
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let keys: Vec<&str> = pairs.iter().map(|(key, _)| key.as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted, "query keys are sorted: {url}");
    assert_eq!(
        query_value(&pairs, "session"),
        Some(session),
        "the URL carries the session: {url}"
    );
    pairs
}

/// The value of `key` among a URL's query pairs.
pub fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, value)| value.as_str())
}
