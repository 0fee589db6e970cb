//! Criterion benches of the generated crate's hot paths: the 270-value `App` enum's
//! `FromStr` and `Display`, and parsing plus validating a full `create_user_session`
//! query string. `cargo bench -p whm-api-tests --bench parse`; `cargo xtask bench` runs it
//! and reads the medians.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use whm_api::{App, CreateUserSessionParams, Operation, Service};

/// One iteration parses every documented value once; per-parse time is the median / 270.
fn app_from_str(c: &mut Criterion) {
    let mut group = c.benchmark_group("app");
    group.throughput(Throughput::Elements(App::VALUES.len() as u64));
    group.bench_function("from_str_all", |b| {
        b.iter(|| {
            for value in App::VALUES {
                black_box(black_box(*value).parse::<App>().unwrap());
            }
        });
    });
    let mut out = String::with_capacity(64);
    group.bench_function("display_all", |b| {
        b.iter(|| {
            for app in App::ALL {
                out.clear();
                write!(out, "{}", black_box(app)).unwrap();
                black_box(&out);
            }
        });
    });
    group.finish();
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

fn query_parse(c: &mut Criterion) {
    let query = full_request();
    let mut group = c.benchmark_group("create_user_session");
    group.bench_function("from_query_str", |b| {
        b.iter(|| CreateUserSessionParams::from_query_str(black_box(&query)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, app_from_str, query_parse);
criterion_main!(benches);
