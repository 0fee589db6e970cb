//! Starts the WHM double (`generated/examples/whm_double.rs`) as the command line runs it:
//! built with cargo, listening on 127.0.0.1 port 0, stopped when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::OnceLock;

/// The API token the double admits for `root`.
pub const TOKEN: &str = "double-token-5f1c";
/// The password the double admits for `root` with Basic authentication.
pub const PASSWORD: &str = "double-password-9a2e";

/// Builds the example once per test binary and returns its executable.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .current_dir(whm_api_tests::workspace_root())
            .args([
                "build",
                "--locked",
                "-p",
                "whm-api",
                "--features",
                "server",
                "--example",
                "whm_double",
                "--message-format=json",
            ])
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building the whm_double example failed"
        );
        let stdout = String::from_utf8(output.stdout).expect("cargo writes UTF-8 JSON");
        stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| message["target"]["name"] == "whm_double")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the example's executable")
    })
}

/// A running double.
pub struct Double {
    child: Child,
    stdout: BufReader<ChildStdout>,
    /// `127.0.0.1:PORT`.
    pub address: String,
}

impl Double {
    /// Starts the double with `--user root --token TOKEN` and `extra`.
    pub fn start(extra: &[&str]) -> Double {
        let mut child = Command::new(binary())
            .args([
                "--listen",
                "127.0.0.1:0",
                "--user",
                "root",
                "--token",
                TOKEN,
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the double starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("the double writes a line");
        let address = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from the double: {line:?}"))
            .to_owned();
        Double {
            child,
            stdout,
            address,
        }
    }

    /// The URL of an operation path below the base path, e.g. `/create_user_session`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/json-api{path}", self.address)
    }

    /// Stops the double and returns everything it wrote after its first line.
    pub fn stop(mut self) -> String {
        self.child.kill().ok();
        self.child.wait().ok();
        let mut output = String::new();
        self.stdout.read_to_string(&mut output).ok();
        if let Some(mut stderr) = self.child.stderr.take() {
            stderr.read_to_string(&mut output).ok();
        }
        output
    }
}

impl Drop for Double {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}
