//! The `create_session` example program (issues 3 and 4, "done when"), built with cargo and
//! run against the WHM double on loopback: the session URL alone on stdout and exit 0; one
//! line on stderr and exit 1 on a failure; exit 2 on bad arguments. Credentials come from
//! the environment.

use std::process::{Command, Output};

use crate::server_common::{Double, PASSWORD, TOKEN};
use reqwest::Url;

/// Credentials in the environment of a run.
enum Env<'a> {
    Token(&'a str, &'a str),
    Password(&'a str, &'a str),
    None,
}

fn run(env: Env<'_>, args: &[&str]) -> Output {
    let mut command = Command::new(whm_api_tests::example_binary("create_session", "rustls"));
    command
        .args(args)
        .env_remove("WHM_USER")
        .env_remove("WHM_API_TOKEN")
        .env_remove("WHM_PASSWORD");
    match env {
        Env::Token(user, token) => command.env("WHM_USER", user).env("WHM_API_TOKEN", token),
        Env::Password(user, password) => {
            command.env("WHM_USER", user).env("WHM_PASSWORD", password)
        }
        Env::None => &mut command,
    };
    command.output().expect("create_session runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// A successful run: the URL alone on stdout, nothing on stderr, exit 0. Returns the URL.
fn session_url(output: &Output) -> Url {
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(text(&output.stderr), "", "nothing on stderr");
    let line = stdout
        .strip_suffix('\n')
        .expect("the URL ends with a newline");
    assert!(!line.contains('\n'), "one line on stdout: {stdout:?}");
    Url::parse(line).expect("stdout is the session URL")
}

/// A failed run: exit `code`, nothing on stdout, one line on stderr. Returns the line.
fn failure(output: &Output, code: i32) -> String {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(text(&output.stdout), "", "nothing on stdout");
    stderr
}

fn one_line(stderr: &str) -> &str {
    let line = stderr.strip_suffix('\n').expect("a line on stderr");
    assert!(!line.is_empty() && !line.contains('\n'), "{stderr:?}");
    line
}

#[test]
fn prints_the_session_url_with_a_token_from_the_environment() {
    let double = Double::start(&[]);
    let base_url = double.url("");
    let url = session_url(&run(
        Env::Token("root", TOKEN),
        &[
            "--base-url",
            &base_url,
            "--user",
            "example",
            "--service",
            "cpaneld",
            "--locale",
            "fr",
            "--app",
            "FileManager_Home",
        ],
    ));
    assert_eq!(url.scheme(), "https");
    assert_eq!(url.host_str(), Some("127.0.0.1"));
    assert_eq!(url.port(), Some(2083));
    assert!(url.path().starts_with("/cpsess"), "{url}");
    assert!(url.path().ends_with("/login/"), "{url}");
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(
        pairs.contains(&("locale".to_owned(), "fr".to_owned())),
        "{pairs:?}"
    );
    let session = &pairs.iter().find(|(key, _)| key == "session").unwrap().1;
    assert!(session.starts_with("example:"), "the session is example's");

    let url = session_url(&run(
        Env::Token("root", TOKEN),
        &[
            "--base-url",
            &base_url,
            "--user",
            "reseller",
            "--service",
            "whostmgrd",
            "--preferred-domain",
            "whm.example.net",
        ],
    ));
    assert_eq!(url.host_str(), Some("whm.example.net"));
    assert_eq!(url.port(), Some(2087));
}

#[test]
fn prints_the_session_url_with_a_password_from_the_environment() {
    let double = Double::start(&["--password", PASSWORD]);
    let url = session_url(&run(
        Env::Password("root", PASSWORD),
        &[
            "--base-url",
            &double.url(""),
            "--user",
            "bob",
            "--service",
            "webmaild",
        ],
    ));
    assert_eq!(url.port(), Some(2096));
}

#[test]
fn a_failing_call_is_one_line_on_stderr_and_exit_1() {
    let double = Double::start(&[]);
    let base_url = double.url("");
    let call = |env: Env<'_>, user: &str, service: &str, extra: &[&str]| {
        let mut args = vec![
            "--base-url",
            &base_url,
            "--user",
            user,
            "--service",
            service,
        ];
        args.extend_from_slice(extra);
        run(env, &args)
    };

    // WHM's verdict: the reason, as the double gave it.
    let stderr = failure(
        &call(Env::Token("root", TOKEN), "nosuchuser", "cpaneld", &[]),
        1,
    );
    let line = one_line(&stderr);
    assert!(
        line.contains("nosuchuser") && line.contains("does not exist"),
        "{line}"
    );
    let stderr = failure(&call(Env::Token("root", TOKEN), "root", "cpaneld", &[]), 1);
    assert!(one_line(&stderr).contains("whostmgrd"), "{stderr}");

    // Refused by the client before sending.
    let stderr = failure(
        &call(
            Env::Token("root", TOKEN),
            "bob",
            "cpaneld",
            &["--preferred-domain", "evil.example/@x"],
        ),
        1,
    );
    assert!(one_line(&stderr).contains("`preferred_domain`"), "{stderr}");

    // Refused credentials: neither the wrong nor the right secret is shown.
    let stderr = failure(
        &call(
            Env::Token("root", "wrong-token-41d2"),
            "bob",
            "cpaneld",
            &[],
        ),
        1,
    );
    let line = one_line(&stderr);
    assert!(line.contains("401"), "{line}");
    assert!(!line.contains("wrong-token-41d2") && !line.contains(TOKEN));
    let stderr = failure(
        &call(
            Env::Password("root", "wrong-password-7c"),
            "bob",
            "cpaneld",
            &[],
        ),
        1,
    );
    assert!(!one_line(&stderr).contains("wrong-password-7c"), "{stderr}");

    // No credentials at all.
    let stderr = failure(&call(Env::None, "bob", "cpaneld", &[]), 1);
    assert!(one_line(&stderr).contains("WHM_USER"), "{stderr}");
}

#[test]
fn bad_arguments_exit_2() {
    let env = || Env::Token("root", TOKEN);
    let base = ["--base-url", "http://127.0.0.1:9/json-api"];
    for args in [
        vec!["--user", "bob", "--service", "cpaneld"],
        [&base[..], &["--user", "bob"]].concat(),
        [&base[..], &["--service", "cpaneld"]].concat(),
        [&base[..], &["--user", "bob", "--service", "cpanel"]].concat(),
        [
            &base[..],
            &["--user", "bob", "--service", "cpaneld", "--bogus"],
        ]
        .concat(),
        vec![
            "--host",
            "whm.example.com",
            "--base-url",
            "http://127.0.0.1:9/json-api",
            "--user",
            "bob",
            "--service",
            "cpaneld",
        ],
    ] {
        let output = run(env(), &args);
        let stderr = failure(&output, 2);
        assert!(
            stderr.contains("Usage: create_session"),
            "{args:?}: {stderr}"
        );
    }
}
