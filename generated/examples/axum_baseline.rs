//! Bench only: the smallest hand-written axum server answering `create_user_session` with
//! the JSON the WHM double sends, and nothing else (no authentication, no parameter parsing
//! or validation). `cargo xtask bench` loads it next to `whm_double` to measure what the
//! generated server stubs cost.
//!
//! ```text
//! cargo run --release -p whm-api --features server --example axum_baseline -- 127.0.0.1:0
//! ```
//!
//! It prints `listening on ADDRESS` once it accepts connections, as the double does.

use whm_api::server::axum;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

async fn create_user_session() -> impl IntoResponse {
    // The same fields and sizes as the double's answer, serialized on every request as the
    // double's are.
    let body = serde_json::json!({
        "data": {
            "cp_security_token": "/cpsess1234567890",
            "expires": 1_700_000_300,
            "service": "cpaneld",
            "session": "bob:AbCdEfGhIjKlMnOp:create_user_session,0123456789abcdef0123456789abcdef",
            "url": "https://127.0.0.1:2083/cpsess1234567890/login/?session=bob:AbCdEfGhIjKlMnOp:create_user_session,0123456789abcdef0123456789abcdef",
        },
        "metadata": {
            "command": "create_user_session",
            "reason": "Created session",
            "result": 1,
            "version": 1,
        },
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_vec(&body).unwrap_or_default(),
    )
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".to_owned());
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("axum_baseline: cannot listen on {address}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(address) => println!("listening on {address}"),
        Err(error) => {
            eprintln!("axum_baseline: {error}");
            return std::process::ExitCode::FAILURE;
        }
    }
    let app = axum::Router::new().route("/json-api/create_user_session", get(create_user_session));
    match axum::serve(listener, app).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("axum_baseline: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
