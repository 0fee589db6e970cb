//! Starts the WHM double (`generated/examples/whm_double.rs`) as the command line runs it:
//! built with cargo, listening on 127.0.0.1 port 0, stopped when dropped.

// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The API token the double admits for `root`.
pub const TOKEN: &str = "double-token-5f1c";
/// The password the double admits for `root` with Basic authentication.
pub const PASSWORD: &str = "double-password-9a2e";

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
        let mut child = Command::new(whm_api_tests::example_binary("whm_double", "server"))
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
