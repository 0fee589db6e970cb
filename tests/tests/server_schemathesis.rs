//! schemathesis against the WHM double, with our spec and valid credentials: no 5xx, every
//! status documented, every response conforming to the spec, authentication enforced.

use std::process::Command;

use crate::server_common::{Double, PASSWORD, TOKEN};

/// How many examples schemathesis generates per operation and phase, unless
/// `WHM_SCHEMATHESIS_EXAMPLES` says.
const MAX_EXAMPLES: &str = "100";

/// The seed that makes the run repeatable, unless `WHM_SCHEMATHESIS_SEED` gives another, or
/// `none` for an unseeded run (`cargo xtask schemathesis` runs several).
const SEED: &str = "4";

#[test]
fn schemathesis_passes_against_the_double() {
    let schemathesis = whm_api_tests::required_tool("SCHEMATHESIS_BIN");
    let root = whm_api_tests::workspace_root();
    let examples =
        std::env::var("WHM_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| MAX_EXAMPLES.to_owned());
    let seed = match std::env::var("WHM_SCHEMATHESIS_SEED") {
        Ok(seed) if seed == "none" => vec![],
        Ok(seed) => vec!["--seed".to_owned(), seed],
        Err(_) => vec!["--seed".to_owned(), SEED.to_owned()],
    };
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
        .args(["--max-examples", &examples])
        .args(seed)
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
