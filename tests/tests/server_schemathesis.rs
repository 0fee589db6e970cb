//! schemathesis against the WHM double, with our spec and valid credentials: no 5xx, every
//! status documented, every response conforming to the spec, authentication enforced.

mod server_common;

use std::process::Command;

use server_common::{Double, PASSWORD, TOKEN};

/// How many examples schemathesis generates per operation and phase.
const MAX_EXAMPLES: &str = "100";

// FAILS until the runtime is fixed: a method the operation does not take (schemathesis sends
// OPTIONS) gets axum's default 405 from `openapi_runtime::server::Router`, whose
// `Allow: GET,HEAD,POST` advertises POST, which the spec does not document (check ST205,
// "Allow header mismatch"). The same as `other_methods_get_405_with_the_same_allowed_methods`
// in server_double.rs; the stubs before the runtime answered `Allow: GET, HEAD`.
#[test]
fn schemathesis_passes_against_the_double() {
    let schemathesis = whm_api_tests::required_tool("SCHEMATHESIS_BIN");
    let root = whm_api_tests::workspace_root();
    let double = Double::start(&["--password", PASSWORD]);
    let reports = std::env::temp_dir().join(format!("whm-schemathesis-{}", std::process::id()));
    // schemathesis keeps a cache in its working directory: keep it out of the workspace.
    std::fs::create_dir_all(&reports).expect("a temporary directory");
    let output = Command::new(schemathesis)
        .current_dir(&reports)
        .arg("--no-color")
        .arg("run")
        .arg(root.join("spec/whm/create_user_session.yaml"))
        .args(["--url", &double.url("")])
        .args(["--auth", &format!("root:{PASSWORD}")])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", "4"])
        .args(["--workers", "1"])
        // WHM answers a request that breaks the schema (a missing or unknown parameter, a
        // value outside an enum) with HTTP 200 and `metadata.result` 0, naming the parameter
        // in `metadata.reason`; it never answers 4xx for it. The double behaves like WHM, so
        // this one check, which expects a 4xx, does not apply. Every other check runs.
        .args(["--exclude-checks", "negative_data_rejection"])
        .args(["--generation-database", "none"])
        .arg("--report-dir")
        .arg(&reports)
        .output()
        .expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}\n{stderr}");
    std::fs::remove_dir_all(&reports).ok();
    assert!(
        output.status.success(),
        "schemathesis failed against the double (output above)"
    );
    // The summary line reads like `455 generated, 455 passed, 2 skipped`.
    let summary = stdout
        .lines()
        .find(|line| line.contains(" generated, "))
        .expect("schemathesis reports how many test cases it generated");
    let generated: u32 = summary
        .split_whitespace()
        .next()
        .and_then(|count| count.parse().ok())
        .expect("the summary starts with the number of test cases");
    assert!(generated >= 100, "too few test cases: {summary}");
    assert!(!summary.contains("failed"), "{summary}");
    let log = double.stop();
    assert!(
        !log.contains(PASSWORD) && !log.contains(TOKEN),
        "the double logged a secret"
    );
}
