//! The outside tools the tests need, installed into `.tools/` from the package registries so
//! that a fresh machine needs nothing but Rust, Python and Node: a real OpenAPI validator,
//! Prism (validates the client's requests against the spec) and schemathesis (tests the
//! server against the spec).

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Pinned versions: a new release must not change what CI checks without a commit saying so.
const PYTHON_PACKAGES: &[&str] = &["openapi-spec-validator==0.9.0", "schemathesis==4.32.5"];
/// The installer of the Python tools: pip's own install of them costs about 24 s of CPU, beside
/// the build, and uv's about 10 s (mostly compiling their bytecode, which the tests would
/// otherwise compile on every run where Python writes none, as under
/// `PYTHONDONTWRITEBYTECODE`).
const UV: &str = "uv==0.13.9";
const NODE_PACKAGES: &[&str] = &["@stoplight/prism-cli@5.16.0"];

/// Paths of the installed tools.
pub struct Tools {
    pub spec_validator: PathBuf,
    pub schemathesis: PathBuf,
    pub prism: PathBuf,
}

impl Tools {
    /// The environment the test binaries read the tool paths from.
    pub fn env(&self) -> [(&'static str, &Path); 2] {
        [
            ("PRISM_BIN", self.prism.as_path()),
            ("SCHEMATHESIS_BIN", self.schemathesis.as_path()),
        ]
    }
}

/// Installs whatever is missing (or of another version) and returns the tool paths.
pub fn ensure(root: &Path) -> Result<Tools> {
    let dir = root.join(".tools");
    fs::create_dir_all(&dir)?;
    let venv = dir.join("venv");
    let node = dir.join("node");
    // The Python and Node installs spend their time waiting on the registries: run them side
    // by side.
    let install_python = || {
        install_once(
            &dir.join("python.installed"),
            &format!("{UV} {}", PYTHON_PACKAGES.join(" ")),
            || {
                run(Command::new("python3")
                    .args(["-m", "venv", "--without-pip"])
                    .arg(&venv))?;
                let python = venv.join("bin/python");
                run(Command::new("python3")
                    .args(["-m", "pip", "--python"])
                    .arg(&python)
                    .args(["install", "--quiet", "--disable-pip-version-check", UV]))?;
                run(Command::new(venv.join("bin/uv"))
                    .env("UV_CACHE_DIR", dir.join("uv-cache"))
                    .args(["pip", "install", "--quiet", "--compile-bytecode"])
                    .arg("--python")
                    .arg(&python)
                    .args(PYTHON_PACKAGES))
            },
        )
    };
    let install_node = || {
        install_once(
            &dir.join("node.installed"),
            &NODE_PACKAGES.join(" "),
            || {
                fs::create_dir_all(&node)?;
                run(Command::new("npm")
                    .args([
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--loglevel=error",
                        "--prefix",
                    ])
                    .arg(&node)
                    .args(NODE_PACKAGES))
            },
        )
    };
    std::thread::scope(|scope| {
        let python = scope.spawn(install_python);
        let node = install_node();
        let python = python
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("installing the Python tools panicked")));
        python.and(node)
    })?;
    let tools = Tools {
        spec_validator: venv.join("bin/openapi-spec-validator"),
        schemathesis: venv.join("bin/schemathesis"),
        prism: node.join("node_modules/.bin/prism"),
    };
    for path in [&tools.spec_validator, &tools.schemathesis, &tools.prism] {
        if !path.exists() {
            bail!("{} is missing after installation", path.display());
        }
    }
    Ok(tools)
}

/// Makes sure clippy is installed (rustup's minimal profile leaves it out).
pub fn ensure_clippy() -> Result<()> {
    let present = Command::new("clippy-driver")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !present {
        eprintln!("installing clippy with rustup");
        run(Command::new("rustup").args(["component", "add", "clippy"]))?;
    }
    Ok(())
}

/// Runs `install` unless `marker` records that `versions` are installed already.
fn install_once(marker: &Path, versions: &str, install: impl FnOnce() -> Result<()>) -> Result<()> {
    if fs::read_to_string(marker).is_ok_and(|installed| installed == versions) {
        return Ok(());
    }
    eprintln!("installing {versions} into .tools/");
    install()?;
    fs::write(marker, versions)?;
    Ok(())
}

pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("starting {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed: {status}");
    }
    Ok(())
}
