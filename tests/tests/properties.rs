//! Property tests of the generated parameter code: valid values survive the trip through a
//! query string, each validator accepts exactly what its rule allows, and no input panics.

use base64::Engine as _;
use proptest::prelude::*;
use proptest::sample::select;
use std::net::{Ipv4Addr, Ipv6Addr};
use whm_api::{App, CreateUserSessionParams, Operation, Secret, Service};

fn base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn username() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,15}"
}

fn email() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._+-]{1,20}@[a-z0-9]{1,10}(\\.[a-z]{2,5}){1,2}"
}

fn hostname() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,5}[a-z0-9])?){0,3}"
}

fn domain_or_address() -> impl Strategy<Value = String> {
    prop_oneof![
        hostname(),
        any::<Ipv4Addr>().prop_map(|ip| ip.to_string()),
        any::<Ipv6Addr>().prop_map(|ip| ip.to_string()),
    ]
}

fn app() -> impl Strategy<Value = App> {
    prop_oneof![
        select(App::ALL).prop_map(|app| app.clone()),
        "[A-Za-z0-9_-]{0,24}".prop_map(|name| name.parse().expect("App parses any string")),
    ]
}

prop_compose! {
    fn valid_params()(
        service in select(Service::ALL),
        user in prop_oneof![username(), email()],
        app in proptest::option::of(app()),
        cp_security_token in proptest::option::of(any::<String>().prop_map(Secret::new)),
        locale in proptest::option::of("\\PC{0,16}"),
        preferred_domain in proptest::option::of(domain_or_address()),
        prompt_token in proptest::option::of("\\PC{0,300}".prop_map(|t| base64(&t))),
    ) -> CreateUserSessionParams {
        let mut params = CreateUserSessionParams::new(service, user);
        params.app = app;
        params.cp_security_token = cp_security_token;
        params.locale = locale;
        params.preferred_domain = preferred_domain;
        params.prompt_token = prompt_token;
        params
    }
}

/// An independent reading of RFC 1123 host names, to check the generated rule against.
fn is_hostname(value: &str) -> bool {
    value.len() <= 253
        && value.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn domain_error(value: &str) -> bool {
    let mut params = CreateUserSessionParams::new(Service::Cpaneld, "bob");
    params.preferred_domain = Some(value.to_owned());
    params.validate().is_err()
}

proptest! {
    #[test]
    fn valid_params_survive_the_query_string(params in valid_params()) {
        prop_assert_eq!(params.validate(), Ok(()));
        let query = params.to_query_string();
        prop_assert!(query.starts_with("api.version=1&"));
        let parsed = CreateUserSessionParams::from_query_str(&query);
        prop_assert_eq!(parsed, Ok(params));
    }

    #[test]
    fn locale_rule_is_exactly_16_characters(locale in "\\PC{0,24}") {
        let mut params = CreateUserSessionParams::new(Service::Cpaneld, "bob");
        params.locale = Some(locale.clone());
        prop_assert_eq!(params.validate().is_ok(), locale.chars().count() <= 16);
    }

    #[test]
    fn preferred_domain_rule_is_hostname_or_ip(value in prop_oneof![
        domain_or_address(),
        "[a-z0-9.:/@?#\\- \\n\\[\\]]{0,30}",
        any::<String>(),
    ]) {
        let allowed = is_hostname(&value)
            || value.parse::<Ipv4Addr>().is_ok()
            || value.parse::<Ipv6Addr>().is_ok();
        prop_assert_eq!(!domain_error(&value), allowed, "{:?}", value);
        if allowed {
            // What reaches the session URL's host can never carry a path, query,
            // fragment, user part or whitespace.
            prop_assert!(!value.contains(['/', '?', '#', '@']) && !value.contains(char::is_whitespace));
        }
    }

    #[test]
    fn prompt_token_rejects_what_is_not_base64(value in "[A-Za-z0-9+/=!*. ]{1,40}") {
        let decodes = base64::engine::general_purpose::STANDARD.decode(&value).is_ok();
        let mut params = CreateUserSessionParams::new(Service::Cpaneld, "bob");
        params.prompt_token = Some(value);
        prop_assert_eq!(params.validate().is_ok(), decodes);
    }

    #[test]
    fn user_rule_is_username_or_email(user in prop_oneof![username(), email(), any::<String>()]) {
        let params = CreateUserSessionParams::new(Service::Cpaneld, user.clone());
        if params.validate().is_ok() {
            let username = user.len() <= 16
                && user.starts_with(|c: char| c.is_ascii_lowercase())
                && user.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            let email = user.rsplit_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && local.len() <= 64 && is_hostname(domain)
            });
            prop_assert!(username || email, "{:?} accepted", user);
        }
    }

    #[test]
    fn no_query_string_panics(query in prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            (select(&["service", "user", "app", "locale", "preferred_domain", "promptToken", "cp_security_token", "api.version", "x"][..]), any::<String>()),
            0..8,
        )
        .prop_map(|pairs| pairs.iter().map(|(k, v)| format!("{k}={}", v.replace(['&', '='], ""))).collect::<Vec<_>>().join("&")),
    ]) {
        if let Ok(params) = CreateUserSessionParams::from_query_str(&query) {
            // Whatever parses is valid and re-encodes to something that parses the same.
            prop_assert_eq!(params.validate(), Ok(()));
            prop_assert_eq!(CreateUserSessionParams::from_query_str(&params.to_query_string()), Ok(params));
        }
    }
}

proptest! {
    // Values of 5000 characters: fewer cases keep this test quick in debug builds.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn prompt_token_rule_is_decoded_length(text in "\\PC{4990,5010}") {
        let mut params = CreateUserSessionParams::new(Service::Cpaneld, "bob");
        params.prompt_token = Some(base64(&text));
        prop_assert_eq!(params.validate().is_ok(), text.chars().count() <= 5000);
    }
}
