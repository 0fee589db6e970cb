//! Debian packages the tasks need from the machine, installed with apt-get when missing: the
//! OpenSSL headers that the generated crates' `native-tls` feature builds against, and the
//! bench's load generator and timer.

use anyhow::{Context, Result, ensure};
use std::process::{Command, Stdio};

/// Installs `packages` with apt-get unless `present` says the machine has what they give.
pub fn ensure_packages(what: &str, packages: &[&str], present: impl Fn() -> bool) -> Result<()> {
    if present() {
        return Ok(());
    }
    eprintln!(
        "   installing {what} with apt-get ({})",
        packages.join(", ")
    );
    let apt = |args: &[&str]| -> Result<()> {
        let status = Command::new("apt-get")
            .args(args)
            .stdout(Stdio::null())
            .status()
            .context("running apt-get")?;
        ensure!(status.success(), "apt-get {} failed", args.join(" "));
        Ok(())
    };
    apt(&["update", "-q"])
        .and_then(|()| apt(&[&["install", "-y", "-q"][..], packages].concat()))
        .with_context(|| {
            format!(
                "{what} missing: install the Debian packages {} (or your system's equivalent)",
                packages.join(" ")
            )
        })?;
    ensure!(
        present(),
        "{what} still missing after installing {packages:?}"
    );
    Ok(())
}

/// Whether `program args` runs and succeeds.
fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The OpenSSL headers and pkg-config, which `openssl-sys` finds them with: every build of the
/// generated crates with all features needs them.
pub fn ensure_openssl_headers() -> Result<()> {
    ensure_packages("the OpenSSL headers", &["pkg-config", "libssl-dev"], || {
        succeeds("pkg-config", &["--exists", "openssl"])
    })
}
