//! The WHM double as a program: [`whm_double::WhmDouble`] served on an address of one's
//! choice until Ctrl-C.
//!
//! ```text
//! cargo run -p whm-double --example whm_double -- \
//!     --listen 127.0.0.1:2087 --user root --token SECRET [--password PW] \
//!     [--account USER:DOMAIN]... [--reseller USER:DOMAIN]...
//! ```
//!
//! It prints `listening on ADDRESS` once it accepts connections, and nothing else: no
//! request, credential or session is ever logged.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use whm_api::server::axum;
use whm_double::WhmDouble;

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
            Ok((user.to_owned(), domain.to_owned()))
        }
        _ => Err(format!("expected USER:DOMAIN, got {text:?}")),
    }
}

impl Args {
    fn double(self) -> WhmDouble {
        let mut double = WhmDouble::new()
            .token(&self.user, &self.token)
            // Nobody reads them here, and under load they would only grow.
            .record_sessions(false);
        if let Some(password) = &self.password {
            double = double.password(&self.user, password);
        }
        if let Some(hostname) = &self.hostname {
            double = double.hostname(hostname);
        }
        for (user, domain) in &self.accounts {
            double = double.account(user, domain);
        }
        for (user, domain) in &self.resellers {
            double = double.reseller(user, domain);
        }
        double
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let listen = args.listen;
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("whm_double: cannot listen on {listen}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => {
            eprintln!("whm_double: {error}");
            return ExitCode::FAILURE;
        }
    };
    let (app, _sessions) = args.double().into_router(address);
    println!("listening on {address}");
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
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("whm_double: {error}");
            ExitCode::FAILURE
        }
    }
}
