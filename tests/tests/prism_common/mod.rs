//! Prism (`prism mock --errors`) on a description, for tests of a client against it: Prism
//! validates each request against the description (parameters, bodies, security) and answers a
//! violation with an error status. `cargo xtask test` installs Prism and names it in
//! `PRISM_BIN`; without it a test fails, it does not skip.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use whm_api_tests::{required_tool, workspace_root};

pub struct Prism {
    /// Killed when dropped.
    _child: Child,
    pub base_url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Prism {
    /// Prism serving the description at `spec` (relative to the workspace root).
    pub async fn start(spec: &str) -> Prism {
        let bin = required_tool("PRISM_BIN");
        // Prism takes a port number, not port 0: ask the system for a free one.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(&bin)
            .arg("mock")
            .arg(workspace_root().join(spec))
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

    /// What Prism printed.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}
