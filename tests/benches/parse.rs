//! Micro-benchmarks (divan) of the generated crate's hot paths: the 270-value `App` enum's
//! `FromStr` and `Display`, and parsing plus validating a full `create_user_session` query
//! string. `cargo bench -p whm-api-tests --bench parse`; `cargo xtask bench` runs it and reads
//! the medians. Under `cargo test`, divan runs each bench once, as a smoke test.

use std::fmt::Write as _;

use divan::{Bencher, black_box};
use whm_api::{App, CreateUserSessionParams, Operation, Service};

fn main() {
    divan::main();
}

/// One iteration parses every documented value once; per-parse time is the median / 270.
#[divan::bench]
fn app_from_str_all() {
    for value in App::VALUES {
        black_box(black_box(*value).parse::<App>().unwrap());
    }
}

/// One iteration writes every value into a reused `String`.
#[divan::bench]
fn app_display_all(bencher: Bencher) {
    let mut out = String::with_capacity(64);
    bencher.bench_local(|| {
        for app in App::ALL {
            out.clear();
            write!(out, "{}", black_box(app)).unwrap();
            black_box(&out);
        }
    });
}

/// A request with every parameter set, as a billing system would send it.
fn full_request() -> String {
    let mut params = CreateUserSessionParams::new(Service::Cpaneld, "bob@example.com");
    params.app = Some(App::FileManagerHome);
    params.cp_security_token = Some("/cpsess1234567890".into());
    params.locale = Some("en".to_owned());
    params.preferred_domain = Some("bob.example".to_owned());
    params.prompt_token = Some("QnVpbGQgYSBzaXRlIGZvciBteSBiYWtlcnk=".to_owned());
    let query = params.to_query_string();
    CreateUserSessionParams::from_query_str(&query).expect("the bench's request is valid");
    query
}

#[divan::bench]
fn create_user_session_from_query_str(bencher: Bencher) {
    let query = full_request();
    bencher.bench_local(|| CreateUserSessionParams::from_query_str(black_box(&query)).unwrap());
}
