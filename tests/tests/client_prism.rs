//! The client's requests against Prism (`prism mock --errors` on our spec), which validates each
//! request against the spec (parameters, enums, security) and answers a violation with an
//! error status. `cargo xtask test` installs Prism and names it in `PRISM_BIN`; without it this
//! test fails, it does not skip.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use whm_api::client::{Client, Credential, Error};
use whm_api::{App, CreateUserSessionParams, Service};
use whm_api_tests::{required_tool, workspace_root};

const SPEC: &str = "spec/whm/create_user_session.yaml";

struct Prism {
    /// Killed when dropped.
    _child: Child,
    base_url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Prism {
    async fn start() -> Prism {
        let bin = required_tool("PRISM_BIN");
        // Prism takes a port number, not port 0: ask the system for a free one.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(&bin)
            .arg("mock")
            .arg(workspace_root().join(SPEC))
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--errors",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let mut ready_tx = Some(ready_tx);
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
        let stdout_log = log.clone();
        // Keep reading Prism's output so that it never blocks on a full pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = stdout.next_line().await {
                if line.contains("Prism is listening")
                    && let Some(ready) = ready_tx.take()
                {
                    let _ = ready.send(());
                }
                stdout_log.lock().unwrap().push(line);
            }
        });
        let stderr_log = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = stderr.next_line().await {
                stderr_log.lock().unwrap().push(line);
            }
        });
        // Bounded: Prism starts in seconds; a slow CI machine gets two minutes.
        match tokio::time::timeout(Duration::from_secs(120), ready_rx).await {
            Ok(Ok(())) => {}
            _ => panic!(
                "Prism did not start listening; its output:\n{}",
                log.lock().unwrap().join("\n")
            ),
        }
        Prism {
            _child: child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

#[tokio::test]
async fn prism_accepts_the_clients_requests() {
    let prism = Prism::start().await;
    let client = Client::builder()
        .base_url(&prism.base_url)
        .auth(Credential::basic("root", "hunter2"))
        .build()
        .unwrap();

    // Every parameter set, then only the required ones, for each service.
    let mut full = CreateUserSessionParams::new(Service::Cpaneld, "user@example.com");
    full.app = Some(App::SiteSoftwareStar);
    full.cp_security_token = Some("cpsess1234567890".into());
    full.locale = Some("fr".to_owned());
    full.preferred_domain = Some("example.com".to_owned());
    full.prompt_token = Some("SSB3YW50IHRvIGNyZWF0ZSBhIHJlc3RhdXJhbnQgd2Vic2l0ZQ==".to_owned());
    let mut all = vec![full];
    for service in Service::ALL {
        all.push(CreateUserSessionParams::new(*service, "alice"));
    }
    for params in &all {
        match client.create_user_session(params).await {
            // Prism answers a valid request with a body made from the spec, whose
            // `metadata.result` may be either value; an invalid one gets an error status.
            Ok(_) | Err(Error::Api { .. }) => {}
            Err(error) => panic!(
                "Prism rejected {params:?}: {error}\nPrism's log:\n{}",
                prism.log()
            ),
        }
    }
    let log = prism.log();
    assert_eq!(
        log.matches("The request passed the validation rules")
            .count(),
        all.len(),
        "{log}"
    );
    assert!(!log.contains("Request terminated with error"), "{log}");
}

#[tokio::test]
async fn prism_rejects_requests_that_break_the_spec() {
    // Without this, a Prism that validated nothing would let the test above pass.
    let prism = Prism::start().await;
    let http = whm_api_tests::http();
    let url = format!("{}/create_user_session", prism.base_url);
    let basic = "Basic cm9vdDpodW50ZXIy";

    let missing_user = http
        .get(format!("{url}?api.version=1&service=cpaneld"))
        .header("authorization", basic)
        .send()
        .await
        .unwrap();
    assert!(
        missing_user.status().is_client_error(),
        "{}",
        missing_user.status()
    );

    let bad_service = http
        .get(format!("{url}?api.version=1&service=ftpd&user=alice"))
        .header("authorization", basic)
        .send()
        .await
        .unwrap();
    assert!(
        bad_service.status().is_client_error(),
        "{}",
        bad_service.status()
    );

    let no_auth = http
        .get(format!("{url}?api.version=1&service=cpaneld&user=alice"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_auth.status().as_u16(), 401);
}
