//! Builds a client: where the server is, how to authenticate, time limits, TLS, middleware.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use super::security::{self, Credential};
use super::{Client, Error, Inner, Middleware, RetryPolicy, error::error_chain, tls};
use crate::errors::shorten;
use crate::operation::ApiInfo;
use crate::vocab::ServerVariable;

/// The time limit of a whole request unless [`Builder::timeout`] sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The time limit to connect unless [`Builder::connect_timeout`] sets another.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds a client `C` (a generated crate's `Client`, which wraps [`Client`]).
///
/// Give the server as a full base URL ([`Builder::base_url`]), or by the variables of the API
/// description's server template ([`Builder::host`], [`Builder::port`],
/// [`Builder::server_variable`]); a description whose first server has no variables is the
/// default.
pub struct Builder<C = Client> {
    api: &'static ApiInfo,
    base_url: Option<String>,
    variables: Vec<(String, String)>,
    credentials: Vec<(Option<String>, Credential)>,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    accept_invalid_certificates: bool,
    user_agent: String,
    http_client: Option<reqwest::Client>,
    middleware: Vec<Arc<dyn Middleware>>,
    retry: Option<RetryPolicy>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for Builder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("api", &self.api.title)
            .field("base_url", &self.base_url)
            .field("variables", &self.variables)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field(
                "accept_invalid_certificates",
                &self.accept_invalid_certificates,
            )
            .field("user_agent", &self.user_agent)
            .field("middleware", &self.middleware.len())
            .field("retry", &self.retry)
            .finish()
    }
}

impl<C: From<Client>> Builder<C> {
    /// A builder for the API `api`, with no server chosen, no credentials and the default
    /// limits.
    pub fn new(api: &'static ApiInfo) -> Self {
        Builder {
            api,
            base_url: None,
            variables: Vec::new(),
            credentials: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: None,
            accept_invalid_certificates: false,
            user_agent: concat!("openapi-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
            http_client: None,
            middleware: Vec::new(),
            retry: None,
            client: PhantomData,
        }
    }

    /// The full base URL that operation paths go below, e.g. `https://api.example.com/v1`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets a `{variable}` of the server template.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.variables.push((name.into(), value.to_string()));
        self
    }

    /// The server's host: the template's `{host}`, or the host of its URL.
    pub fn host(self, host: impl fmt::Display) -> Self {
        self.server_variable("host", host)
    }

    /// The server's port: the template's `{port}`, or the port of its URL.
    pub fn port(self, port: impl fmt::Display) -> Self {
        self.server_variable("port", port)
    }

    /// Credentials for the one security scheme of the API that takes their kind.
    pub fn auth(mut self, credential: Credential) -> Self {
        self.credentials.push((None, credential));
        self
    }

    /// Credentials for the security scheme called `scheme` in the API description.
    pub fn auth_for(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        self.credentials.push((Some(scheme.into()), credential));
        self
    }

    /// The time limit of a whole request, from sending to the end of the body (default
    /// [`DEFAULT_TIMEOUT`]). A streamed download has it on the wait for the answer and then
    /// for each chunk instead (see `ByteStream`, feature `stream`); an event stream has no
    /// limit of its own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit to connect (default [`DEFAULT_CONNECT_TIMEOUT`]). Not with
    /// [`Builder::http_client`], whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Accepts any TLS certificate, such as a server's self-signed one. This gives up the
    /// protection TLS offers against anyone on the path: opt in only for a server you know, on
    /// a network you trust. Not with [`Builder::http_client`].
    pub fn accept_invalid_certificates(mut self, accept: bool) -> Self {
        self.accept_invalid_certificates = accept;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends through an existing reqwest client (sharing its connection pool and settings)
    /// instead of building one. The request time limit still applies.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Adds a step around every request; the first added runs first.
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// Retries failures that say "try later" as `policy` says (default: no retries). Only
    /// requests that are safe to send twice are retried: see [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The client, or [`Error::Config`] saying what is wrong with the settings.
    pub fn build(self) -> Result<C, Error> {
        let base_url = match (&self.base_url, self.variables.is_empty()) {
            (Some(url), true) => parse_base_url(url)?,
            (None, _) => self.server_url()?,
            (Some(_), false) => {
                return Err(Error::config(
                    "both a base URL and server variables given: set the server one way",
                ));
            }
        };
        let credentials = security::resolve(self.api, self.credentials)?;
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            Error::config("the user agent contains characters a header cannot carry")
        })?;
        let http = match self.http_client {
            Some(client) => {
                if self.accept_invalid_certificates || self.connect_timeout.is_some() {
                    return Err(Error::config(
                        "`accept_invalid_certificates` and `connect_timeout` configure the \
                         client the builder makes: set them on the reqwest client given with \
                         `http_client` instead",
                    ));
                }
                client
            }
            None => {
                tls::check_scheme(&base_url)?;
                let builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT));
                tls::configure(builder, self.accept_invalid_certificates)?
                    .build()
                    .map_err(|error| {
                        Error::config(format!("could not set up HTTP: {}", error_chain(&error)))
                    })?
            }
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                api: self.api,
                credentials,
                timeout: self.timeout,
                user_agent,
                middleware: self.middleware,
                retry: self.retry,
            }),
            options: None,
        }))
    }

    /// The first server of the description, its variables filled in: those set (the last
    /// value given for each), the defaults of the others. `host` and `port` that the template
    /// does not have replace those of its URL.
    fn server_url(&self) -> Result<Url, Error> {
        let Some(server) = self.api.servers.first() else {
            return Err(Error::config(
                "the API description names no server: give the client a base URL",
            ));
        };
        if self.variables.is_empty() && !server.variables.is_empty() {
            let names: Vec<String> = server
                .variables
                .iter()
                .map(|variable| format!("`{}`", variable.name))
                .collect();
            return Err(Error::config(format!(
                "no server given: set the server with `base_url`, or its variables {} \
                 (`host`, `port`, `server_variable`)",
                names.join(", ")
            )));
        }
        let value_of = |name: &str| {
            self.variables
                .iter()
                .rev()
                .find(|(set, _)| set == name)
                .map(|(_, value)| value.as_str())
        };
        for (name, _) in &self.variables {
            let known = server.variables.iter().any(|v| v.name == name);
            if !known && !matches!(name.as_str(), "host" | "port") {
                return Err(Error::config(format!(
                    "the server template `{}` has no variable `{name}`",
                    server.url
                )));
            }
        }
        let mut url = server.url.to_owned();
        for &ServerVariable { name, default, .. } in server.variables {
            let value = value_of(name).unwrap_or(default);
            let unfit = |c: char| {
                matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control()
            };
            if value.is_empty() || value.contains(unfit) {
                return Err(Error::config(format!(
                    "invalid server `{name}` {:?}: expected a bare name or number, without a \
                     scheme or path",
                    shorten(value)
                )));
            }
            url = url.replace(&format!("{{{name}}}"), value);
        }
        if url.starts_with('/') {
            return Err(Error::config(format!(
                "the description's server `{url}` is relative: give the client a base URL"
            )));
        }
        let mut url = parse_base_url(&url)?;
        let is_variable = |name: &str| server.variables.iter().any(|v| v.name == name);
        if let Some(host) = value_of("host").filter(|_| !is_variable("host")) {
            url.set_host(Some(host))
                .map_err(|error| Error::config(format!("invalid host {host:?}: {error}")))?;
        }
        if let Some(port) = value_of("port").filter(|_| !is_variable("port")) {
            let port: u16 = port
                .parse()
                .map_err(|_| Error::config(format!("invalid port {port:?}")))?;
            url.set_port(Some(port))
                .map_err(|()| Error::config("this URL cannot have a port"))?;
        }
        Ok(url)
    }
}

/// A base URL the client can put paths below: http or https, with a host, and no credentials,
/// query or fragment of its own.
fn parse_base_url(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text)
        .map_err(|error| Error::config(format!("invalid base URL {:?}: {error}", shorten(text))))?;
    let problem = if !matches!(url.scheme(), "http" | "https") {
        Some("its scheme must be http or https")
    } else if url.host_str().is_none_or(str::is_empty) {
        Some("it has no host")
    } else if !url.username().is_empty() || url.password().is_some() {
        Some("it must not carry credentials: give them with `auth`")
    } else if url.query().is_some() || url.fragment().is_some() {
        Some("it must not have a query or fragment")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::config(format!("invalid base URL: {problem}"))),
        None => Ok(url),
    }
}
