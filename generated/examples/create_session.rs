//! Creates a temporary user session through WHM API 1 and prints its URL.
//!
//! ```text
//! WHM_USER=root WHM_API_TOKEN=... cargo run -p whm-api --features rustls --example create_session -- \
//!     --host whm.example.com --user alice --service cpaneld
//! ```
//!
//! Credentials come from the environment: `WHM_USER` with `WHM_API_TOKEN` (preferred) or
//! `WHM_PASSWORD`. On success the session URL alone goes to stdout and the exit code is 0;
//! on a failure one line goes to stderr and the exit code is 1; bad arguments exit with 2.

use clap::{CommandFactory, Parser};
use std::process::ExitCode;
use whm_api::client::{Client, Credential};
use whm_api::{App, CreateUserSessionParams, Service};

#[derive(Parser)]
#[command(
    name = "create_session",
    about = "Create a temporary WHM user session and print its URL"
)]
struct Args {
    /// The API's base URL, e.g. https://whm.example.com:2087/json-api.
    #[arg(long, required_unless_present = "host", conflicts_with = "host")]
    base_url: Option<String>,
    /// The WHM server's host name (the base URL is then https://HOST:PORT/json-api).
    #[arg(long)]
    host: Option<String>,
    /// WHM's port, with --host.
    #[arg(long, requires = "host")]
    port: Option<u16>,
    /// The cPanel account (or e-mail address) to create the session for.
    #[arg(long)]
    user: String,
    /// The service: cpaneld, whostmgrd or webmaild.
    #[arg(long)]
    service: Service,
    /// The application the session opens, e.g. FileManager_Home.
    #[arg(long)]
    app: Option<App>,
    /// The session's locale, e.g. fr.
    #[arg(long)]
    locale: Option<String>,
    /// The host name or IP address the session URL uses.
    #[arg(long)]
    preferred_domain: Option<String>,
    /// Accept an invalid TLS certificate (e.g. a self-signed one). Only for a server you know.
    #[arg(long)]
    insecure: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        // --help (and the like) go to stdout with exit 0.
        Err(error) if !error.use_stderr() => error.exit(),
        // Bad arguments: the problem and the usage on stderr, exit 2. (clap shows the usage
        // itself for some problems, such as a missing argument, but not for an invalid value.)
        Err(error) => {
            let message = error.render().to_string();
            eprint!("{message}");
            if !message.contains("Usage:") {
                eprintln!("\n{}", Args::command().render_usage());
            }
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(url) => {
            println!("{url}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            // One line, whatever the message holds.
            let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!("error: {line}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<String, String> {
    let auth = auth_from_env()?;
    let mut builder = Client::builder()
        .auth(auth)
        .accept_invalid_certificates(args.insecure);
    if let Some(url) = args.base_url {
        builder = builder.base_url(url);
    }
    if let Some(host) = args.host {
        builder = builder.host(host);
    }
    if let Some(port) = args.port {
        builder = builder.port(port);
    }
    let client = builder.build().map_err(|e| e.to_string())?;

    let mut params = CreateUserSessionParams::new(args.service, args.user);
    params.app = args.app;
    params.locale = args.locale;
    params.preferred_domain = args.preferred_domain;
    let session = client
        .create_user_session(&params)
        .await
        .map_err(|e| e.to_string())?;
    // The URL is a secret (it logs the user in); it goes to stdout and nowhere else.
    Ok(session.url.into_inner())
}

fn auth_from_env() -> Result<Credential, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let user = var("WHM_USER").ok_or("set WHM_USER, and WHM_API_TOKEN or WHM_PASSWORD")?;
    match (var("WHM_API_TOKEN"), var("WHM_PASSWORD")) {
        (Some(token), _) => Ok(Credential::user_token(user, token)),
        (None, Some(password)) => Ok(Credential::basic(user, password)),
        (None, None) => Err("set WHM_API_TOKEN (or WHM_PASSWORD) for WHM_USER".to_owned()),
    }
}
