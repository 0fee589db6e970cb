//! A WHM double: serves `create_user_session` from memory, answering as cPanel's own
//! implementation does, over the generated server stubs.
//!
//! ```text
//! cargo run -p whm-api --features server --example whm_double -- \
//!     --listen 127.0.0.1:2087 --user root --token SECRET [--password PW] \
//!     [--account USER:DOMAIN]... [--reseller USER:DOMAIN]...
//! ```
//!
//! It prints `listening on ADDRESS` once it accepts connections, and nothing else: no
//! request, credential or session is ever logged.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Parser;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rand::RngExt;
use rand::distr::Alphanumeric;
use subtle::ConstantTimeEq;
use whm_api::runtime::errors::shorten;
use whm_api::server::{Api, Authenticate, Failure, Outcome, Success, axum};
use whm_api::{App, CreateUserSessionData, CreateUserSessionParams, Secret, Service};

/// How long a new session's security token lives, in seconds.
const SESSION_LIFETIME: i64 = 300;

/// Command-line arguments. (No `Debug`: it would show the secrets.)
#[derive(Parser)]
#[command(about = "An in-memory WHM that serves create_user_session like cPanel does")]
struct Args {
    /// The address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:2087")]
    listen: SocketAddr,
    /// The WHM user the API admits.
    #[arg(long, default_value = "root")]
    user: String,
    /// The API token the user authenticates with (`Authorization: whm USER:TOKEN`).
    #[arg(long)]
    token: String,
    /// A password for Basic authentication; without it, Basic is refused.
    #[arg(long)]
    password: Option<String>,
    /// The server's hostname for session URLs; the listening IP address by default.
    #[arg(long)]
    hostname: Option<String>,
    /// An ordinary cPanel account and the domain it owns; repeatable.
    #[arg(long = "account", value_name = "USER:DOMAIN", value_parser = user_and_domain)]
    accounts: Vec<(String, String)>,
    /// A reseller account and the domain it owns; repeatable.
    #[arg(long = "reseller", value_name = "USER:DOMAIN", value_parser = user_and_domain)]
    resellers: Vec<(String, String)>,
}

fn user_and_domain(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((user, domain)) if !user.is_empty() && !domain.is_empty() => {
            Ok((user.to_owned(), domain.to_ascii_lowercase()))
        }
        _ => Err(format!("expected USER:DOMAIN, got {text:?}")),
    }
}

/// What an account may log in to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Reseller,
    User,
}

/// The accounts of the server, and the domains they own.
struct Whm {
    host: String,
    accounts: BTreeMap<String, Kind>,
    domains: BTreeMap<String, String>,
}

impl Whm {
    fn new(host: String) -> Self {
        let mut whm = Whm {
            host,
            accounts: BTreeMap::new(),
            domains: BTreeMap::new(),
        };
        whm.accounts.insert("root".to_owned(), Kind::Root);
        whm.add("reseller", "reseller.example", Kind::Reseller);
        whm.add("example", "example.com", Kind::User);
        whm.add("bob", "bob.example", Kind::User);
        whm
    }

    fn add(&mut self, user: &str, domain: &str, kind: Kind) {
        self.accounts.insert(user.to_owned(), kind);
        self.domains
            .insert(domain.to_ascii_lowercase(), user.to_owned());
    }

    /// The account a `user` parameter names: a user name, or an email address at a domain
    /// the account owns.
    fn account(&self, user: &str) -> Option<(&str, Kind)> {
        let name = match user.rsplit_once('@') {
            Some((_, domain)) => self.domains.get(&domain.to_ascii_lowercase())?.as_str(),
            None => user,
        };
        self.accounts
            .get_key_value(name)
            .map(|(name, kind)| (name.as_str(), *kind))
    }

    fn create_session(&self, params: &CreateUserSessionParams) -> Outcome<CreateUserSessionData> {
        if params.user.is_empty() {
            return Err(Failure::new(
                "The parameter “user” is required: give a username or an email address.",
            ));
        }
        let Some((user, kind)) = self.account(&params.user) else {
            return Err(Failure::new(format!(
                "The user “{}” does not exist.",
                shorten(&params.user)
            )));
        };
        match (kind, params.service) {
            (Kind::Root, Service::Whostmgrd) => {}
            (Kind::Root, service) => {
                return Err(Failure::new(format!(
                    "The user “root” can only log in to “whostmgrd”, not “{service}”."
                )));
            }
            (Kind::User, Service::Whostmgrd) => {
                return Err(Failure::new(format!(
                    "The user “{user}” is not a reseller, and cannot log in to “whostmgrd”."
                )));
            }
            _ => {}
        }
        let service = params.service;
        let port = match service {
            Service::Cpaneld => "2083",
            Service::Whostmgrd => "2087",
            Service::Webmaild => "2096",
        };
        let mut rng = rand::rng();
        let token = params
            .cp_security_token
            .as_ref()
            .and_then(|token| well_formed_token(token.as_str()))
            .unwrap_or_else(|| new_token(&mut rng));
        let session = new_session(&mut rng, user);
        let host = params.preferred_domain.as_deref().unwrap_or(&self.host);
        // A documented application is linked; any other well-formed name creates the session
        // without linking it, as cPanel does.
        let app = params
            .app
            .as_ref()
            .filter(|app| !matches!(app, App::Other(_)));
        let url = session_url(host, port, &token, app, params.locale.as_deref(), &session);
        let data = CreateUserSessionData {
            cp_security_token: Secret::new(token),
            expires: now() + SESSION_LIFETIME,
            locale: params.locale.clone(),
            service: service.as_str().to_owned(),
            session: Secret::new(session),
            url: Secret::new(url),
            additional: Default::default(),
        };
        Ok(Success::new(data).with_reason("Created session"))
    }
}

/// `https://HOST:PORT/cpsess.../login/?QUERY`, the query keys in sorted order as cPanel
/// writes them: `goto_uri` (for a linked application), `locale`, `session`.
fn session_url(
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
fn well_formed_token(token: &str) -> Option<String> {
    let digits = token
        .strip_prefix('/')
        .unwrap_or(token)
        .strip_prefix("cpsess")?;
    (digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("/cpsess{digits}"))
}

/// `/cpsess` and ten random digits.
fn new_token(rng: &mut impl RngExt) -> String {
    let mut token = String::with_capacity(17);
    token.push_str("/cpsess");
    // Uniform over the 10-digit strings, as ten uniform digits are.
    push_ten_digits(&mut token, rng.random_range(0..10_000_000_000u64));
    token
}

/// `user:<16 characters>:create_user_session,<32 hex digits>`.
fn new_session(rng: &mut impl RngExt, user: &str) -> String {
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

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

impl Api for Whm {
    type Caller = String;

    async fn create_user_session(
        &self,
        _caller: String,
        params: CreateUserSessionParams,
    ) -> Outcome<CreateUserSessionData> {
        self.create_session(&params)
    }
}

/// The one WHM user the API admits, with its token and, optionally, password. (The secrets
/// are `Secret`s: `Debug` never shows them.)
struct Admin {
    user: String,
    token: Secret,
    password: Option<Secret>,
}

impl Admin {
    /// The admitted user when `user` and `secret` are this user's and `expected`, compared in
    /// constant time.
    fn admit(&self, user: &str, secret: &str, expected: &Secret) -> Option<String> {
        let user = user.as_bytes().ct_eq(self.user.as_bytes());
        let secret = secret.as_bytes().ct_eq(expected.as_str().as_bytes());
        bool::from(user & secret).then(|| self.user.clone())
    }
}

impl Authenticate for Admin {
    type Caller = String;

    /// HTTP Basic: refused unless the double was given a password.
    async fn basic_auth(&self, user: &str, password: &str) -> Option<String> {
        self.admit(user, password, self.password.as_ref()?)
    }

    /// `Authorization: whm USER:TOKEN`.
    async fn whm_api_token(&self, user: &str, token: &str) -> Option<String> {
        self.admit(user, token, &self.token)
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let mut whm = Whm::new(
        args.hostname
            .clone()
            .unwrap_or_else(|| args.listen.ip().to_string()),
    );
    for (user, domain) in &args.accounts {
        whm.add(user, domain, Kind::User);
    }
    for (user, domain) in &args.resellers {
        whm.add(user, domain, Kind::Reseller);
    }
    // The admitted WHM user is root-like unless it is one of the accounts.
    whm.accounts.entry(args.user.clone()).or_insert(Kind::Root);
    let admin = Admin {
        user: args.user,
        token: Secret::new(args.token),
        password: args.password.map(Secret::new),
    };
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("whm_double: cannot listen on {}: {error}", args.listen);
            return std::process::ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(address) => println!("listening on {address}"),
        Err(error) => {
            eprintln!("whm_double: {error}");
            return std::process::ExitCode::FAILURE;
        }
    }
    let app = whm_api::server::router(whm, admin);
    let shutdown = async {
        // Without a signal handler, stop only when killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("whm_double: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
