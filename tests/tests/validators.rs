//! The constraints of the spec, checked by the generated validators in both directions:
//! `validate()` (what the client runs before sending) and `from_query_str` (what the server
//! runs on receipt) accept and reject the same values, naming the parameter and the rule.

use whm_api::runtime::__private::PatternRun;
use whm_api::runtime::rules::{Pattern, Rule};
use whm_api::{CreateUserSessionParams, Operation, ParamProblem, Service};

fn params() -> CreateUserSessionParams {
    CreateUserSessionParams::new(Service::Cpaneld, "bob")
}

/// The rule `parameter` breaks in `params`, checked both ways; `None` if it is valid.
fn broken_rule(params: &CreateUserSessionParams, parameter: &str) -> Option<String> {
    let sent = params.validate();
    let received = CreateUserSessionParams::from_query_str(&params.to_query_string());
    match (sent, received) {
        (Ok(()), Ok(parsed)) => {
            assert_eq!(&parsed, params, "a valid request round-trips");
            None
        }
        (Err(sent), Err(received)) => {
            assert_eq!(sent, received, "both sides report the same problems");
            let error = sent
                .iter()
                .find(|e| e.parameter == parameter)
                .unwrap_or_else(|| panic!("no problem with `{parameter}`: {sent}"));
            match &error.problem {
                ParamProblem::Invalid { rule, .. } => Some(rule.clone()),
                other => panic!("{other:?}"),
            }
        }
        (sent, received) => panic!("the sides disagree: {sent:?} vs {received:?}"),
    }
}

#[test]
fn user_is_a_username_or_an_email_address() {
    for good in [
        "bob",
        "root",
        "a",
        "reseller1",
        "abcdefghijklmnop",
        "x@example.com",
        "first.last+tag@sub.example.co",
    ] {
        let mut p = params();
        p.user = good.into();
        assert_eq!(broken_rule(&p, "user"), None, "{good}");
    }
    for bad in [
        "",
        "Bob",
        "1bob",
        "bob smith",
        "abcdefghijklmnopq",
        "bob@",
        "@example.com",
        "a@b@c",
        "x@exa mple.com",
        "bob;rm",
    ] {
        let mut p = params();
        p.user = bad.into();
        let rule = broken_rule(&p, "user").unwrap_or_else(|| panic!("{bad:?} accepted"));
        assert!(rule.contains("be an email address"), "{rule}");
    }
}

#[test]
fn locale_is_at_most_16_characters() {
    let mut p = params();
    p.locale = Some("i_cpanel_snowmen".into());
    assert_eq!(broken_rule(&p, "locale"), None);
    p.locale = Some("ééééééééééééééé".into()); // 16 characters, 32 bytes
    assert_eq!(broken_rule(&p, "locale"), None);
    p.locale = Some("abcdefghijklmnopq".into());
    assert_eq!(
        broken_rule(&p, "locale").as_deref(),
        Some("must be at most 16 characters long")
    );
}

#[test]
fn preferred_domain_is_a_hostname_or_an_ip_address_and_nothing_else() {
    for good in [
        "example.com",
        "sub.example.co.uk",
        "localhost",
        "xn--bcher-kva.example",
        "192.0.2.10",
        "2001:db8::1",
        "::1",
    ] {
        let mut p = params();
        p.preferred_domain = Some(good.into());
        assert_eq!(broken_rule(&p, "preferred_domain"), None, "{good}");
    }
    let long_label = format!("{}.com", "a".repeat(64));
    for hostile in [
        "evil.example/@x",
        "a.com:1@b.com",
        "example.com\n",
        "exa mple.com",
        "example.com/",
        "example.com?x=1",
        "example.com#frag",
        "example.com:2083",
        "user@example.com",
        "-example.com",
        "example-.com",
        "",
        "[2001:db8::1]",
        long_label.as_str(),
    ] {
        let mut p = params();
        p.preferred_domain = Some(hostile.into());
        let rule =
            broken_rule(&p, "preferred_domain").unwrap_or_else(|| panic!("{hostile:?} accepted"));
        assert!(rule.contains("be a hostname"), "{rule}");
    }
}

#[test]
fn prompt_token_is_base64_of_at_most_5000_characters() {
    use base64::Engine as _;
    let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let mut p = params();
    for good in [
        encode("I want to create a restaurant website"),
        encode(&"x".repeat(5000)),
        encode(&"é".repeat(5000)),
    ] {
        p.prompt_token = Some(good);
        assert_eq!(broken_rule(&p, "promptToken"), None);
    }
    p.prompt_token = Some(encode(&"x".repeat(5001)));
    assert_eq!(
        broken_rule(&p, "promptToken").as_deref(),
        Some("must decode to at most 5000 characters")
    );
    p.prompt_token = Some("not base64!".into());
    assert_eq!(
        broken_rule(&p, "promptToken").as_deref(),
        Some("must be base64 (standard alphabet, padded)")
    );
    // Oversized input is refused by its length, before any decoding.
    p.prompt_token = Some("A".repeat(1_000_000));
    assert_eq!(
        broken_rule(&p, "promptToken").as_deref(),
        Some("must be at most 26668 characters long")
    );
}

#[test]
fn app_names_outside_letters_digits_dash_underscore_are_rejected() {
    for good in [
        "FileManager_Home",
        "Site_Software_*",
        "ico-security-advisor",
        "Not_Documented-9",
    ] {
        let mut p = params();
        p.app = Some(good.parse().unwrap());
        assert_eq!(broken_rule(&p, "app"), None, "{good}");
    }
    for bad in ["File Manager", "a/b", "x*", "<script>", "ünïcode"] {
        let mut p = params();
        p.app = Some(bad.parse().unwrap());
        let rule = broken_rule(&p, "app").unwrap_or_else(|| panic!("{bad:?} accepted"));
        assert!(rule.contains("match the pattern"), "{rule}");
    }
}

#[test]
fn every_problem_is_reported_at_once_with_value_and_rule() {
    let errors = CreateUserSessionParams::from_query_str(
        "service=cpaneld&user=Bad%20User&locale=abcdefghijklmnopqrstu&preferred_domain=a.com:1@b.com",
    )
    .unwrap_err();
    let parameters: Vec<&str> = errors.iter().map(|e| e.parameter).collect();
    assert_eq!(parameters, ["user", "locale", "preferred_domain"]);
    let message = errors.to_string();
    assert!(message.contains("parameter `preferred_domain` has an invalid value \"a.com:1@b.com\": must either be a hostname"), "{message}");
}

#[test]
fn offending_values_are_shortened_in_messages() {
    let mut p = params();
    p.locale = Some("x".repeat(5000));
    let message = p.validate().unwrap_err().to_string();
    assert!(message.len() < 200, "{message}");
    assert!(message.contains('…'), "{message}");
}

/// The first pattern among `rules`, in `anyOf` branches too.
fn first_pattern(rules: &'static [Rule]) -> Option<&'static Pattern> {
    rules.iter().find_map(|rule| match rule {
        Rule::Pattern(pattern) => Some(*pattern),
        Rule::AnyOf(branches) => branches.iter().copied().find_map(first_pattern),
        _ => None,
    })
}

/// The pattern the generated crate checks `user` with (its username branch), as generated:
/// reached through the operation's description, not copied.
fn user_pattern() -> &'static Pattern {
    let info = <CreateUserSessionParams as Operation>::INFO;
    let user = info
        .params
        .iter()
        .find(|param| param.name == "user")
        .expect("`user` is a parameter");
    first_pattern(user.rules).expect("`user` has a pattern")
}

/// A pattern the generator checks without a regex (`user`'s) agrees with regex-lite on
/// values around its edges.
#[test]
fn a_simple_pattern_matches_as_the_regex_does() {
    let simple = user_pattern();
    assert_eq!(simple.source(), "^[a-z][a-z0-9]{0,15}$");
    let regex = regex_lite::Regex::new(simple.source()).unwrap();
    let sixteen = format!("a{}", "0".repeat(15));
    let seventeen = format!("{sixteen}z");
    for value in [
        "", "a", "z", "bob", "b0b9", "0bob", "Bob", "boB", "bob\n", "\nbob", "bo b", "bob@x.io",
        "é", "bé", "b_b", "b-b", "`", "{", "/", ":", &sixteen, &seventeen,
    ] {
        assert_eq!(
            simple.is_match(value),
            regex.is_match(value),
            "{} on {value:?}",
            simple.source()
        );
    }
    assert!(simple.is_match(&sixteen) && !simple.is_match(&seventeen));
    // The validator of `user` uses it (an email address is the other branch).
    let mut params = params();
    params.user = seventeen;
    assert!(params.validate().is_err());
}

/// Patterns of the shapes the generator checks without a regex, each with the runs the
/// generator emits for it: generated from a small description now, and read back from the
/// generated code (`Pattern::simple("SOURCE", &[PatternRun { .. }, ..])`).
fn generated_simple_patterns(sources: &[&str]) -> Vec<Pattern> {
    let parameters: String = sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            format!(
                "        - {{name: p{i}, in: query, schema: {{type: string, pattern: '{source}'}}}}\n"
            )
        })
        .collect();
    let spec = format!(
        "openapi: 3.0.3\n\
         info: {{title: Patterns, version: '1'}}\n\
         paths:\n  /patterns:\n    get:\n      operationId: patterns\n      parameters:\n\
         {parameters}      responses:\n        '200': {{description: OK}}\n"
    );
    let generated = openapi_rustgen::generate(&[openapi_rustgen::SpecFile {
        name: "patterns.yaml".to_owned(),
        contents: spec,
    }])
    .expect("the description generates");
    let code = generated
        .files
        .iter()
        .map(|file| file.contents.as_str())
        .collect::<String>();
    let call =
        regex_lite::Regex::new(r#"(?s)Pattern::simple\(\s*"([^"\\]*)",\s*&\[(.*?)\],?\s*\)"#)
            .unwrap();
    let run = regex_lite::Regex::new(
        r"(?s)PatternRun\s*\{\s*ranges:\s*&\[(.*?)\],\s*min:\s*(\d+),\s*max:\s*(\d+),?\s*\}",
    )
    .unwrap();
    let range = regex_lite::Regex::new(r"\(b'(.)',\s*b'(.)'\)").unwrap();
    let byte = |text: &str| -> u8 {
        let [byte] = text.as_bytes() else {
            panic!("one ASCII byte: {text:?}")
        };
        *byte
    };
    let patterns: Vec<Pattern> = call
        .captures_iter(&code)
        .map(|pattern| {
            let runs: Vec<PatternRun> = run
                .captures_iter(&pattern[2])
                .map(|run| {
                    let ranges: Vec<(u8, u8)> = range
                        .captures_iter(&run[1])
                        .map(|range| (byte(&range[1]), byte(&range[2])))
                        .collect();
                    PatternRun {
                        ranges: ranges.leak(),
                        min: run[2].parse().unwrap(),
                        max: run[3].parse().unwrap(),
                    }
                })
                .collect();
            assert!(!runs.is_empty(), "runs read from {}", &pattern[0]);
            let source: &'static str = pattern[1].to_owned().leak();
            Pattern::simple(source, runs.leak())
        })
        .collect();
    let found: Vec<&str> = patterns.iter().map(Pattern::source).collect();
    assert_eq!(
        found, sources,
        "the generator checks each of these without a regex; its code:\n{code}"
    );
    patterns
}

/// The generated matcher agrees with regex-lite on every value of up to 4 characters from an
/// alphabet around the classes' edges: for `user`'s pattern in the generated crate, and for
/// the runs the generator makes of patterns of other shapes (fixed runs of several characters
/// before a varying one, a run of none).
#[test]
fn simple_patterns_agree_with_the_regex_on_every_short_value() {
    let others = generated_simple_patterns(&[
        "^[a-z][a-z0-9]{0,2}$",
        "^[a0-9_]{2}[b-z]{1,2}$",
        "^[a-z]{0,0}$",
    ]);
    let alphabet = ["a", "z", "b", "0", "9", "A", "_", "-", "\n", "é", "@"];
    let mut values = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = values
            .iter()
            .flat_map(|v| alphabet.iter().map(move |c| format!("{v}{c}")))
            .collect();
        values.extend(longer);
    }
    values.sort();
    values.dedup();
    for pattern in std::iter::once(user_pattern()).chain(&others) {
        let regex = regex_lite::Regex::new(pattern.source()).unwrap();
        for value in &values {
            assert_eq!(
                pattern.is_match(value),
                regex.is_match(value),
                "{} on {value:?}",
                pattern.source()
            );
        }
    }
}
