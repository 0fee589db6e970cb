//! `generator --out DIR SPEC...`: the generator as one small process, without cargo's
//! start-up, so that whole-process generation time and peak memory can be measured (and
//! compared with other generators' command-line tools). `cargo xtask regen` remains the way
//! to regenerate this repository's crate; this writes wherever it is told.
//!
//! Exit status: 0 when written, 1 on a spec error (nothing written), 2 on a usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use generator::SpecFile;
use generator::write::{self, Mode};

const USAGE: &str = "usage: generator [--check] --out DIR SPEC...";

fn main() -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut check = false;
    let mut specs = Vec::new();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--out") => match args.next() {
                Some(dir) => out = Some(PathBuf::from(dir)),
                None => return usage("--out needs a directory"),
            },
            Some("--check") => check = true,
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Some(flag) if flag.starts_with('-') => return usage(&format!("unknown flag {flag}")),
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    let Some(out) = out else {
        return usage("--out is required");
    };
    if specs.is_empty() {
        return usage("no spec files given");
    }

    let mut files = Vec::with_capacity(specs.len());
    for path in &specs {
        match std::fs::read_to_string(path) {
            Ok(contents) => files.push(SpecFile {
                name: path.to_string_lossy().replace('\\', "/"),
                contents,
            }),
            Err(err) => {
                eprintln!("error: reading {}: {err}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let generated = match generator::generate(&files) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    match write::write(&out, &generated.files, mode) {
        Ok(report) if check && !report.is_up_to_date() => {
            for file in report.changed.iter().chain(&report.removed) {
                eprintln!("stale: {}", out.join(file).display());
            }
            ExitCode::FAILURE
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: writing {}: {err}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}
