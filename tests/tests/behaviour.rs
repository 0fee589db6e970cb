//! Behaviour of the generated `whm-api` types: enums, parameters, responses, redaction.

use std::fs;
use std::str::FromStr;
use whm_api::runtime::cpanel::{Failure, Success};
use whm_api::runtime::reply::{Decoded, SuccessBody, decode};
use whm_api::{
    App, CreateUserSessionData, CreateUserSessionParams, Metadata, MetadataResult, Operation,
    ParamProblem, Secret, Service,
};
use whm_api_tests::workspace_root;

/// The quoted values of the `Enum:` line under a parameter in cPanel's documentation (a copy of
/// shared/seed/create_user_session.md kept in tests/fixtures).
fn documented_enum(parameter: &str) -> Vec<String> {
    let doc = fs::read_to_string(workspace_root().join("tests/fixtures/create_user_session.md"))
        .expect("read the documentation");
    let start = doc
        .find(&format!("- `{parameter}` (string"))
        .expect("the parameter is documented");
    let line = doc[start..]
        .lines()
        .find_map(|line| line.trim().strip_prefix("Enum: "))
        .expect("the parameter has an Enum line");
    line.split(", ")
        .map(|quoted| quoted.trim_matches('"').to_owned())
        .collect()
}

#[test]
fn spec_enums_equal_the_documentation_in_order() {
    let spec: serde_yaml::Value = serde_yaml::from_str(
        &fs::read_to_string(workspace_root().join("spec/whm/create_user_session.yaml")).unwrap(),
    )
    .unwrap();
    let parameters = spec["paths"]["/create_user_session"]["get"]["parameters"]
        .as_sequence()
        .unwrap();
    for name in ["app", "service"] {
        let parameter = parameters.iter().find(|p| p["name"] == name).unwrap();
        // `app` is an open enum: its documented values are `x-extensible-enum`.
        let schema = &parameter["schema"];
        let listed = if name == "app" {
            &schema["x-extensible-enum"]
        } else {
            &schema["enum"]
        };
        let values: Vec<String> = listed
            .as_sequence()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(values, documented_enum(name), "{name}");
    }
    assert_eq!(documented_enum("app").len(), 270);
}

#[test]
fn every_documented_app_round_trips() {
    let documented = documented_enum("app");
    assert_eq!(App::ALL.len(), documented.len());
    for (app, wire) in App::ALL.iter().zip(&documented) {
        assert_eq!(app.as_str(), wire);
        assert_eq!(app.to_string(), *wire);
        assert_eq!(&App::from_str(wire).unwrap(), app);
        let json = serde_json::to_string(app).unwrap();
        assert_eq!(json, serde_json::to_string(wire).unwrap());
        assert_eq!(&serde_json::from_str::<App>(&json).unwrap(), app);
    }
    assert_eq!(
        App::VALUES,
        documented.iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn every_service_round_trips() {
    assert_eq!(Service::VALUES, ["cpaneld", "whostmgrd", "webmaild"]);
    for service in Service::ALL {
        assert_eq!(&service.as_str().parse::<Service>().unwrap(), service);
        let json = serde_json::to_value(service).unwrap();
        assert_eq!(serde_json::from_value::<Service>(json).unwrap(), *service);
    }
}

#[test]
fn awkward_app_values_are_kept_exactly() {
    assert_eq!(App::SiteSoftware.as_str(), "Site_Software");
    assert_eq!(App::SiteSoftwareStar.as_str(), "Site_Software_*");
    assert_eq!(App::IcoSecurityAdvisor.as_str(), "ico-security-advisor");
    assert_eq!(App::PhpMyAdmin.as_str(), "phpMyAdmin");
    assert_eq!(
        "Site_Software_*".parse::<App>().unwrap(),
        App::SiteSoftwareStar
    );
}

#[test]
fn unknown_values_are_rejected_with_a_clear_error() {
    let err = "cpanel".parse::<Service>().unwrap_err();
    assert_eq!(err.label(), "service");
    let message = err.to_string();
    assert!(message.contains("\"cpanel\""), "{message}");
    assert!(message.contains("`service`"), "{message}");
    assert!(
        message.contains("\"cpaneld\", \"whostmgrd\", \"webmaild\""),
        "{message}"
    );
    assert_eq!(err.suggestion(), Some("cpaneld"));

    let err = "whostmgr".parse::<Service>().unwrap_err();
    assert_eq!(err.suggestion(), Some("whostmgrd"));
    let err = "zzzzzzzzzzzz".parse::<Service>().unwrap_err();
    assert_eq!(err.suggestion(), None, "no near value, no suggestion");

    // Case matters on the wire: serde accepts exactly the documented strings.
    let err = serde_json::from_str::<Service>("\"CPANELD\"").unwrap_err();
    assert!(
        err.to_string().contains("did you mean \"cpaneld\""),
        "{err}"
    );
    assert!(serde_json::from_str::<Service>("1").is_err());
}

#[test]
fn app_is_open_unknown_names_are_kept_exactly() {
    // WHM creates the session without linking it for an unknown, well-formed name.
    let app: App = "Future_Feature-2".parse().unwrap();
    assert_eq!(app, App::Other("Future_Feature-2".into()));
    assert_eq!(app.as_str(), "Future_Feature-2");
    assert_eq!(serde_json::to_string(&app).unwrap(), "\"Future_Feature-2\"");
    assert_eq!(
        serde_json::from_str::<App>("\"Future_Feature-2\"").unwrap(),
        app
    );
    // A known name is never `Other`.
    assert_eq!(
        "FileManager_Home".parse::<App>().unwrap(),
        App::FileManagerHome
    );
    assert!(!App::ALL.iter().any(|a| matches!(a, App::Other(_))));
}

#[test]
fn response_enums_are_open() {
    let result: MetadataResult = serde_json::from_str("7").unwrap();
    assert_eq!(result, MetadataResult::Other(7));
    assert_eq!(serde_json::to_string(&result).unwrap(), "7");
}

#[test]
fn long_bad_values_are_shortened_in_errors() {
    let long = "x".repeat(10_000);
    let err = long.parse::<Service>().unwrap_err();
    assert!(err.to_string().len() < 300, "{}", err.to_string().len());
}

#[test]
fn integer_enum_validates() {
    assert_eq!(MetadataResult::try_from(0).unwrap(), MetadataResult::Failed);
    assert_eq!(
        MetadataResult::try_from(1).unwrap(),
        MetadataResult::Success
    );
    assert_eq!(i64::from(MetadataResult::Success), 1);
    assert_eq!(
        MetadataResult::try_from(2).unwrap(),
        MetadataResult::Other(2)
    );
    let err = "two".parse::<MetadataResult>().unwrap_err();
    assert!(err.to_string().contains("`result`"), "{err}");
    assert_eq!(MetadataResult::VALUES, ["0", "1"]);
    assert_eq!(serde_json::to_string(&MetadataResult::Failed).unwrap(), "0");
    assert_eq!(
        "1".parse::<MetadataResult>().unwrap(),
        MetadataResult::Success
    );
}

/// The response of the documentation's example, assembled from its per-field examples.
const DOCUMENTED_RESPONSE: &str = r#"{
    "data": {
        "cp_security_token": "/cpsess1234567890",
        "expires": 1401993893,
        "service": "cpaneld",
        "session": "username:RFw6MUp9S8sRwTSgqaUJWUCq8ZQg2Zkopx5KaTHRNQXBfT3n8xvfBEF9JJC3iiwa",
        "url": "https://example.com:2083/cpsess1234567890/login/?session=username:RFw6MUp9S8sRwTSgqaUJWUCq8ZQg2Zkopx5KaTHRNQXBfT3n8xvfBEF9JJC3iiwa&locale=fr"
    },
    "metadata": {
        "command": "create_user_session",
        "reason": "Created session",
        "result": 1,
        "version": 1
    }
}"#;

/// A WHM answer read as the client reads it: the data of a success, and the whole envelope.
fn read_answer(body: &str) -> Decoded<CreateUserSessionData, Failure> {
    let info = <CreateUserSessionParams as Operation>::INFO;
    decode(info, 200, body.as_bytes())
        .unwrap_or_else(|_| panic!("the answer does not match the description: {body}"))
}

/// The data and the metadata of a successful answer.
fn success(body: &str) -> (CreateUserSessionData, Metadata) {
    let Decoded::Success(data, Some(envelope)) = read_answer(body) else {
        panic!("a success in WHM's envelope: {body}");
    };
    let metadata = serde_json::from_value(envelope["metadata"].clone()).expect("the metadata");
    (data, metadata)
}

#[test]
fn the_documented_response_deserializes() {
    let (data, metadata) = success(DOCUMENTED_RESPONSE);
    assert_eq!(data.cp_security_token, "/cpsess1234567890");
    assert_eq!(data.expires, 1401993893);
    assert_eq!(data.service, "cpaneld");
    assert!(
        data.url
            .as_str()
            .starts_with("https://example.com:2083/cpsess1234567890/login/")
    );
    assert_eq!(data.locale, None);
    assert_eq!(metadata.result, MetadataResult::Success);
    assert_eq!(metadata.reason, "Created session");
    assert_eq!(metadata.version, 1);
    let again: CreateUserSessionData =
        serde_json::from_value(serde_json::to_value(&data).unwrap()).unwrap();
    assert_eq!(again, data);
    let again: Metadata = serde_json::from_value(serde_json::to_value(&metadata).unwrap()).unwrap();
    assert_eq!(again, metadata);

    // What a server answers with that data and reason is the documented response itself.
    let info = <CreateUserSessionParams as Operation>::INFO;
    let reply = Success::new(data)
        .with_reason("Created session")
        .reply(info)
        .unwrap();
    assert_eq!(reply.status, 200);
    let body = reply.body.expect("a body");
    assert_eq!(body.content_type, "application/json");
    let written: serde_json::Value = serde_json::from_slice(&body.bytes).unwrap();
    let documented: serde_json::Value = serde_json::from_str(DOCUMENTED_RESPONSE).unwrap();
    assert_eq!(written, documented);
}

#[test]
fn a_failure_envelope_without_data_deserializes() {
    let failure = r#"{"metadata":{"command":"create_user_session","reason":"No user.","result":0,"version":1}}"#;
    let Decoded::Failure(read) = read_answer(failure) else {
        panic!("a failure");
    };
    assert_eq!(read.reason, "No user.");
    assert_eq!(read.command.as_deref(), Some("create_user_session"));
    assert_eq!(read.result, 0);
    let envelope: serde_json::Value = serde_json::from_str(failure).unwrap();
    assert!(envelope.get("data").is_none());
    let metadata: Metadata = serde_json::from_value(envelope["metadata"].clone()).unwrap();
    assert_eq!(metadata.result, MetadataResult::Failed);
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let (data, metadata) = success(DOCUMENTED_RESPONSE);
    let shown = format!("{data:?} {metadata:?}");
    assert!(!shown.contains("RFw6MUp9"), "{shown}");
    assert!(!shown.contains("cpsess1234567890"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(
        shown.contains("1401993893"),
        "non-secret fields are shown: {shown}"
    );
    assert!(shown.contains("Created session"), "{shown}");

    let mut params = CreateUserSessionParams::new(Service::Cpaneld, "bob");
    params.cp_security_token = Some("cpsess9876543210".into());
    let shown = format!("{params:?}");
    assert!(!shown.contains("9876543210"), "{shown}");
    assert!(shown.contains("bob"), "{shown}");
    // The secret still travels.
    assert_eq!(
        params.cp_security_token.as_ref().map(Secret::as_str),
        Some("cpsess9876543210")
    );
    assert!(
        params
            .to_query_string()
            .contains("cp_security_token=cpsess9876543210")
    );
}

#[test]
fn params_serialize_to_the_exact_query_string() {
    let mut params = CreateUserSessionParams::new(Service::Cpaneld, "user@example.com");
    assert_eq!(
        params.to_query_string(),
        "api.version=1&service=cpaneld&user=user%40example.com"
    );
    params.app = Some(App::SiteSoftwareStar);
    params.locale = Some("fr".into());
    params.preferred_domain = Some("example.com".into());
    params.prompt_token = Some("SSB3YW50IHRvIGNyZWF0ZSBhIHJlc3RhdXJhbnQgd2Vic2l0ZQ==".into());
    assert_eq!(
        params.to_query_string(),
        "api.version=1&service=cpaneld&user=user%40example.com&app=Site_Software_*&locale=fr\
         &preferred_domain=example.com\
         &promptToken=SSB3YW50IHRvIGNyZWF0ZSBhIHJlc3RhdXJhbnQgd2Vic2l0ZQ%3D%3D"
    );
    let info = <CreateUserSessionParams as Operation>::INFO;
    assert_eq!(info.path, "/create_user_session");
    assert_eq!(info.method.as_str(), "GET");
}

#[test]
fn params_parse_from_the_query_string_they_make() {
    let mut params = CreateUserSessionParams::new(Service::Whostmgrd, "root");
    params.app = Some(App::IcoSecurityAdvisor);
    params.locale = Some("pt_br".into());
    let parsed = CreateUserSessionParams::from_query_str(&params.to_query_string()).unwrap();
    assert_eq!(parsed, params);
}

#[test]
fn bad_queries_name_every_bad_parameter() {
    let errors = CreateUserSessionParams::from_query_str("app=No%20pe&service=cpanel").unwrap_err();
    let problems: Vec<(&str, &ParamProblem)> =
        errors.iter().map(|e| (e.parameter, &e.problem)).collect();
    assert_eq!(problems.len(), 3, "{errors}");
    assert!(
        matches!(problems[0], ("service", ParamProblem::Invalid { .. })),
        "{errors}"
    );
    assert!(
        matches!(problems[1], ("user", ParamProblem::Missing)),
        "{errors}"
    );
    assert!(
        matches!(problems[2], ("app", ParamProblem::Invalid { .. })),
        "{errors}"
    );
    let message = errors.to_string();
    assert!(
        message.contains("parameter `user` is required but missing"),
        "{message}"
    );
    assert!(
        message.contains("parameter `service` has an invalid value \"cpanel\""),
        "{message}"
    );

    let errors =
        CreateUserSessionParams::from_query_str("service=cpaneld&user=a&user=b").unwrap_err();
    assert_eq!(
        errors.iter().next().unwrap().problem,
        ParamProblem::Repeated
    );
}

#[test]
fn secret_values_are_not_echoed_in_parameter_errors() {
    let errors = CreateUserSessionParams::from_query_str(
        "service=cpaneld&user=a&cp_security_token=secret1&cp_security_token=secret2",
    )
    .unwrap_err();
    assert!(!errors.to_string().contains("secret"), "{errors}");
}
