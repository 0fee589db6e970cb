//! `generator [OPTIONS] --out DIR SPEC...`: the generator as a command of its own. It writes a
//! whole crate to `DIR`: `Cargo.toml` (features `client` and `server`), `src/`, and a copy of
//! the runtime beside it (`DIR/openapi-runtime/`), so that the crate builds anywhere. It is
//! also how `cargo xtask bench` measures whole-process generation. A SPEC may refer to other
//! files (`$ref: schemas/pet.yaml`): they are read too, and every file read is named. `cargo xtask regen`
//! remains the way to regenerate this repository's own crate.
//!
//! Exit status: 0 when written, 1 on a spec error (nothing written), 2 on a usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use generator::package::{self, Runtime};
use generator::{Options, Profile, ProfileChoice, SpecFile};

// Generation allocates and frees millions of small values (tokens, syntax trees, strings);
// mimalloc does that in fewer instructions than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: generator [--name CRATE] [--profile auto|plain|cpanel] \
[--runtime PATH] [--src-only] --out DIR SPEC...

  --out DIR        where the crate goes (created if missing)
  --name CRATE     the crate's name (default: DIR's name)
  --profile P      the conventions to read the specs under: `auto` (each spec's own
                   markers, the default), `plain` (OpenAPI only) or `cpanel`
  --runtime PATH   depend on the runtime crate at PATH instead of copying it into DIR
  --src-only       write only the Rust files, into DIR itself";

fn main() -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut name: Option<String> = None;
    let mut runtime = Runtime::Vendored;
    let mut src_only = false;
    let mut options = Options::default();
    let mut specs = Vec::new();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(|v| v.to_string_lossy().into_owned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let parsed = match arg.to_str() {
            Some("--out") => value("--out").map(|v| out = Some(PathBuf::from(v))),
            Some("--name") => value("--name").map(|v| name = Some(v)),
            Some("--runtime") => value("--runtime").map(|v| runtime = Runtime::At(v.into())),
            Some("--src-only") => {
                src_only = true;
                Ok(())
            }
            Some("--profile") => value("--profile").and_then(|v| {
                options.profile = match v.as_str() {
                    "auto" => ProfileChoice::Auto,
                    "plain" => ProfileChoice::Fixed(Profile::Plain),
                    "cpanel" => ProfileChoice::Fixed(Profile::Cpanel),
                    other => return Err(format!("unknown profile {other:?}")),
                };
                Ok(())
            }),
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Some(flag) if flag.starts_with('-') => Err(format!("unknown flag {flag}")),
            _ => {
                specs.push(PathBuf::from(arg));
                Ok(())
            }
        };
        if let Err(problem) = parsed {
            return usage(&problem);
        }
    }
    let Some(out) = out else {
        return usage("--out is required");
    };
    if specs.is_empty() {
        return usage("no spec files given");
    }
    let name = name.unwrap_or_else(|| crate_name(&out));

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
    let generated = match generator::generate_with(&files, &options) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("error: {err}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    {
        // One write for all the warnings: stderr is unbuffered, and `eprintln!` writes each
        // piece of a line on its own (a large spec gives a thousand warnings).
        use std::io::Write as _;
        let mut stderr = std::io::BufWriter::new(std::io::stderr().lock());
        for warning in &generated.warnings {
            let _ = writeln!(stderr, "warning: {warning}");
        }
        for file in &generated.spec_files {
            let _ = writeln!(stderr, "read {file}");
        }
        let _ = stderr.flush();
    }
    let written = if src_only {
        generator::write::write(&out, &generated.files, generator::write::Mode::Write)
    } else {
        package::write_package(&out, &name, &generated, &runtime)
    };
    match written {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: writing {}: {err}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// A crate name from the output folder's name: `out/Pet Store` -> `pet-store`.
fn crate_name(out: &std::path::Path) -> String {
    let stem = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    match name.trim_matches('-') {
        "" => "generated-api".to_owned(),
        name if name.starts_with(|c: char| c.is_ascii_digit()) => format!("api-{name}"),
        name => name.to_owned(),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}
