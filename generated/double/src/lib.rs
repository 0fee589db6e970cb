//! An in-memory WHM that serves `create_user_session` as cPanel's Session.pm does (accounts,
//! resellers, the port of each service, cPanel's failures and their reasons), over the server
//! stubs `whm-api` generates. A test suite starts it in-process on a free loopback port,
//! points the generated client (or any HTTP client) at it, and reads back the sessions it
//! minted; dropping it stops it.
//!
//! ```
//! use whm_api::client::{Client, Credential};
//! use whm_api::{CreateUserSessionParams, Service};
//! use whm_double::WhmDouble;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // On 127.0.0.1, a port the system picks; seeded with a token, an account and a reseller.
//! let double = WhmDouble::new()
//!     .token("root", "test-token")
//!     .account("alice", "alice.example")
//!     .reseller("rita", "rita.example")
//!     .start()?;
//!
//! let client = Client::builder()
//!     .base_url(double.base_url())
//!     .auth(Credential::user_token("root", "test-token"))
//!     .build()?;
//! let params = CreateUserSessionParams::new(Service::Cpaneld, "info@alice.example");
//! let session = client.create_user_session(&params).await?;
//! assert!(session.url.as_str().starts_with("https://127.0.0.1:2083/cpsess"));
//!
//! // What the double did: one session, alice's, asked for by root.
//! let minted = double.sessions();
//! assert_eq!(minted.len(), 1);
//! assert_eq!((minted[0].user.as_str(), minted[0].caller.as_str()), ("alice", "root"));
//! assert_eq!(minted[0].service, Service::Cpaneld);
//! assert_eq!(minted[0].session, session.session);
//!
//! // cPanel's refusals arrive as the API's failures, with cPanel's reasons.
//! let refused = client
//!     .create_user_session(&CreateUserSessionParams::new(Service::Whostmgrd, "alice"))
//!     .await
//!     .unwrap_err();
//! assert!(refused.to_string().contains("not a reseller"), "{refused}");
//! drop(double); // stops the server; its port is closed
//! # Ok(())
//! # }
//! ```
//!
//! Nothing is printed or logged: no request, credential or session.

mod auth;
mod text;
mod whm;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use whm_api::server::axum;
use whm_api::{App, Secret, Service};

use auth::{Credential, Credentials};
use whm::{Accounts, Kind, Whm};

/// How long a session's security token lives, in seconds, counted from its creation: a
/// session's `expires` is its creation's Unix time plus this.
pub const SESSION_LIFETIME: i64 = whm::SESSION_LIFETIME;

/// A double to start: its accounts and the credentials it admits.
///
/// [`WhmDouble::new`] has cPanel's `root` and three sample accounts ([`WhmDouble::empty`] has
/// `root` alone):
///
/// | user       | domain             | kind                                  |
/// |------------|--------------------|---------------------------------------|
/// | `reseller` | `reseller.example` | reseller (WHM and cPanel)             |
/// | `example`  | `example.com`      | cPanel account (cPanel and Webmail)   |
/// | `bob`      | `bob.example`      | cPanel account                        |
///
/// It admits no credential until it is given one ([`token`](Self::token),
/// [`password`](Self::password)). A WHM user with a credential who is not an account has
/// root's privileges.
#[derive(Clone)]
pub struct WhmDouble {
    accounts: Accounts,
    credentials: Credentials,
    hostname: Option<String>,
    record_sessions: bool,
}

impl Default for WhmDouble {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for WhmDouble {
    // The credentials' users, never their secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let users = |list: &[Credential]| -> Vec<String> {
            list.iter().map(|c| c.user.to_string()).collect()
        };
        f.debug_struct("WhmDouble")
            .field("token_users", &users(&self.credentials.tokens))
            .field("password_users", &users(&self.credentials.passwords))
            .field("hostname", &self.hostname)
            .field("record_sessions", &self.record_sessions)
            .finish_non_exhaustive()
    }
}

impl WhmDouble {
    /// `root` and the sample accounts, no credentials, sessions recorded.
    pub fn new() -> Self {
        Self::empty()
            .reseller("reseller", "reseller.example")
            .account("example", "example.com")
            .account("bob", "bob.example")
    }

    /// `root` alone, without the sample accounts: only the accounts a test seeds exist.
    pub fn empty() -> Self {
        WhmDouble {
            accounts: Accounts::new(),
            credentials: Credentials::default(),
            hostname: None,
            record_sessions: true,
        }
    }

    /// Adds a cPanel account owning `domain`: it may log in to cPanel and Webmail, and an
    /// email address at `domain` names it.
    pub fn account(mut self, user: &str, domain: &str) -> Self {
        self.accounts.add(user, domain, Kind::User);
        self
    }

    /// Adds a reseller owning `domain`: it may log in to WHM and cPanel.
    pub fn reseller(mut self, user: &str, domain: &str) -> Self {
        self.accounts.add(user, domain, Kind::Reseller);
        self
    }

    /// Admits `Authorization: whm USER:TOKEN` with this token for `user`.
    pub fn token(mut self, user: &str, token: &str) -> Self {
        self.credentials.tokens.push(credential(user, token));
        self
    }

    /// Admits HTTP Basic authentication with this password for `user`. Without any, Basic is
    /// refused.
    pub fn password(mut self, user: &str, password: &str) -> Self {
        self.credentials.passwords.push(credential(user, password));
        self
    }

    /// The host of the session URLs it writes when the request names no preferred domain;
    /// the listening IP address otherwise.
    pub fn hostname(mut self, hostname: &str) -> Self {
        self.hostname = Some(hostname.to_owned());
        self
    }

    /// Whether it keeps the sessions it mints for [`RunningDouble::sessions`] (by default it
    /// does). A long-running double under load may not want them kept.
    pub fn record_sessions(mut self, record: bool) -> Self {
        self.record_sessions = record;
        self
    }

    /// Starts it in this process on `127.0.0.1`, on a free port the system picks.
    pub fn start(self) -> io::Result<RunningDouble> {
        self.start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
    }

    /// Starts it in this process on `address` (port 0 picks a free one), on a thread of its
    /// own with a runtime of its own: it serves whether or not the caller runs an async
    /// runtime, of whatever kind.
    pub fn start_on(self, address: SocketAddr) -> io::Result<RunningDouble> {
        let listener = std::net::TcpListener::bind(address)?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let (router, sessions) = self.into_router(address);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name(format!("whm-double {address}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    tokio::select! {
                        served = axum::serve(listener, router).into_future() => served,
                        _ = stopped => Ok(()),
                    }
                })
                // The runtime is dropped here: every connection's task ends, its socket closed.
            })?;
        Ok(RunningDouble {
            address,
            sessions,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The double as a router, to serve on a runtime and listener of one's own, and the log
    /// of the sessions it mints. `listening` is where it is served: its IP address is the
    /// host of session URLs unless [`hostname`](Self::hostname) gave another. The router
    /// serves the API below `/json-api`.
    pub fn into_router(mut self, listening: SocketAddr) -> (axum::Router, SessionLog) {
        for credential in self
            .credentials
            .tokens
            .iter()
            .chain(&self.credentials.passwords)
        {
            self.accounts.admit_as_root(&credential.user);
        }
        let log = SessionLog(
            self.record_sessions
                .then(|| Arc::new(Mutex::new(Vec::new()))),
        );
        let whm = Whm {
            host: self.hostname.unwrap_or_else(|| listening.ip().to_string()),
            accounts: self.accounts,
            minted: log.0.clone(),
        };
        (whm_api::server::router(whm, self.credentials), log)
    }
}

fn credential(user: &str, secret: &str) -> Credential {
    Credential {
        user: user.into(),
        secret: Secret::new(secret.to_owned()),
    }
}

/// A session the double minted, with what the request asked for. The secrets are
/// [`Secret`]s: `Debug` never shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MintedSession {
    /// The WHM user whose credentials asked for it.
    pub caller: String,
    /// The account it logs in to (the owner of the domain, when an email address was given).
    pub user: String,
    pub service: Service,
    /// The application the URL opens, when a documented one was asked for.
    pub app: Option<App>,
    pub locale: Option<String>,
    /// `/cpsess` and ten digits.
    pub cp_security_token: Secret,
    /// `user:RANDOM:create_user_session,HEX`.
    pub session: Secret,
    /// The URL that logs the user in.
    pub url: Secret,
    /// Unix time, in seconds.
    pub expires: i64,
}

/// The sessions a double minted, oldest first: a handle shared with the double.
#[derive(Clone, Default)]
pub struct SessionLog(Option<Arc<Mutex<Vec<MintedSession>>>>);

impl SessionLog {
    /// Every session minted so far; always empty when sessions are not recorded.
    pub fn sessions(&self) -> Vec<MintedSession> {
        self.0.as_ref().map_or_else(Vec::new, |minted| {
            minted
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        })
    }
}

impl fmt::Debug for SessionLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.sessions()).finish()
    }
}

/// A double serving in this process; dropping it stops it.
#[derive(Debug)]
pub struct RunningDouble {
    address: SocketAddr,
    sessions: SessionLog,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl RunningDouble {
    /// Where it listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The base URL of the API, `http://ADDRESS/json-api`, for the client's `base_url`.
    pub fn base_url(&self) -> String {
        format!("http://{}/json-api", self.address)
    }

    /// Every session minted so far, oldest first.
    pub fn sessions(&self) -> Vec<MintedSession> {
        self.sessions.sessions()
    }

    /// A handle on the sessions it mints, which outlives it.
    pub fn session_log(&self) -> SessionLog {
        self.sessions.clone()
    }

    /// Stops it and closes its port: what dropping it does, but with the error that stopped
    /// it early, if one did.
    pub fn stop(mut self) -> io::Result<()> {
        self.shut_down()
    }

    fn shut_down(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            // It has stopped already when nothing receives this.
            let _ = stop.send(());
        }
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(served)) => served,
            Some(Err(_)) => Err(io::Error::other("the double's thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for RunningDouble {
    fn drop(&mut self) {
        // Dropping cannot report; `stop` does.
        let _ = self.shut_down();
    }
}
