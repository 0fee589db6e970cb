//! The command line: `openapi-rustgen [generate|check] [OPTIONS] [SPEC]...` writes (or checks)
//! a whole crate: `Cargo.toml`, `src/`, and the runtime as the configuration says (a copy
//! beside the crate by default). Options come from `openapi-rustgen.toml` (or `--config`)
//! and the command line, which wins. It is also how `cargo xtask bench` measures
//! whole-process generation. A SPEC may refer to other files (`$ref: schemas/pet.yaml`):
//! they are read from beside it, and every file read is named on stderr.
//!
//! Exit status: 0 when written (or, for `check`, up to date); 1 when generation failed (a
//! spec, the configuration, a file; nothing is written); 2 on a usage error; 3 when `check`
//! found files that are not what the specs give.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use openapi_rustgen::config::{self, Config, Part, ProfileName};
use openapi_rustgen::package::{self, PackageSettings, Runtime};
use openapi_rustgen::write::{self, Mode};

// Generation allocates and frees millions of small values (tokens, syntax trees, strings);
// mimalloc does that in fewer instructions than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates a Rust crate (types, validators, an async client and axum server stubs) from
/// OpenAPI 3.0 and 3.1 descriptions.
///
/// Without a subcommand, it generates. Options are read from `openapi-rustgen.toml` in the
/// current directory (or `--config FILE`); the command line overrides them, and adds to
/// their lists.
#[derive(Debug, Parser)]
#[command(
    name = "openapi-rustgen",
    version,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    args: Options,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the crate (the default).
    Generate(Options),
    /// Write nothing; exit with 3, naming each file, when the crate on disk is not what the
    /// specs give.
    Check(Options),
}

#[derive(Debug, Args)]
struct Options {
    /// The spec files (YAML or JSON), read in order into one crate; added to the
    /// configuration's.
    specs: Vec<PathBuf>,
    /// The configuration file [default: ./openapi-rustgen.toml, if there is one].
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where the crate goes (created if missing) [default: the configuration's folder].
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The crate's name [default: the output folder's name].
    #[arg(long, value_name = "CRATE")]
    name: Option<String>,
    /// The crate's version [default: 0.1.0].
    #[arg(long, value_name = "VERSION")]
    crate_version: Option<String>,
    /// The conventions to read the specs under [default: auto, by each spec's own markers].
    #[arg(long, value_enum)]
    profile: Option<ProfileName>,
    /// The modules the crate has, comma-separated (types always) [default: all].
    #[arg(long, value_enum, value_delimiter = ',')]
    parts: Vec<Part>,
    /// Generate only the operations with this tag (repeatable).
    #[arg(long, value_name = "TAG")]
    include_tag: Vec<String>,
    /// Leave out the operations with this tag (repeatable).
    #[arg(long, value_name = "TAG")]
    exclude_tag: Vec<String>,
    /// Generate only the operation with this operationId (repeatable).
    #[arg(long, value_name = "ID")]
    include_id: Vec<String>,
    /// Leave out the operation with this operationId (repeatable).
    #[arg(long, value_name = "ID")]
    exclude_id: Vec<String>,
    /// Generate strings of this `format` as a Rust type: `date-time=chrono::DateTime<chrono::Utc>`.
    #[arg(long, value_name = "FORMAT=TYPE", value_parser = key_value)]
    replace_format: Vec<(String, String)>,
    /// Generate the component schema NAME as a Rust type of another crate: `Money=rust_decimal::Decimal`.
    #[arg(long, value_name = "NAME=TYPE", value_parser = key_value)]
    replace_schema: Vec<(String, String)>,
    /// Add this derive to every struct and union (repeatable): `Eq`, `Hash`.
    #[arg(long, value_name = "PATH")]
    derive: Vec<String>,
    /// A Cargo feature per tag, and `full` for all of them [default: above 100 operations].
    #[arg(long, overrides_with = "no_tag_features")]
    tag_features: bool,
    /// No feature per tag, however many operations there are.
    #[arg(long, overrides_with = "tag_features")]
    no_tag_features: bool,
    /// Depend on the runtime crate at PATH (relative to the crate, or absolute).
    #[arg(long, value_name = "PATH", group = "runtime_source")]
    runtime: Option<PathBuf>,
    /// Copy the runtime into DIR (relative to the crate; crates given the same folder share
    /// it) [default: openapi-runtime].
    #[arg(long, value_name = "DIR", group = "runtime_source")]
    runtime_copy: Option<PathBuf>,
    /// Depend on the runtime from the registry, at this version requirement.
    #[arg(long, value_name = "VERSION", group = "runtime_source")]
    runtime_version: Option<String>,
    /// Depend on the runtime from this git repository (its default branch).
    #[arg(long, value_name = "URL", group = "runtime_source")]
    runtime_git: Option<String>,
    /// Write only the Rust files, into the output folder itself.
    #[arg(long)]
    src_only: bool,
    /// Print no warnings.
    #[arg(short, long)]
    quiet: bool,
}

fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.is_empty() => {
            Ok((key.to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected KEY=TYPE, found {text:?}")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (options, mode) = match cli.command {
        Some(Command::Generate(options)) => (options, Mode::Write),
        Some(Command::Check(options)) => (options, Mode::Check),
        None => (cli.args, Mode::Write),
    };
    match run(options, mode) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            if mode == Mode::Write {
                eprintln!("nothing was written");
            }
            ExitCode::FAILURE
        }
    }
}

/// The configuration file, the command line on top of it.
fn configuration(options: Options) -> Result<(Config, bool), String> {
    let file = options.config.clone().or_else(|| {
        let local = PathBuf::from(config::FILE_NAME);
        let in_out = options.out.as_ref().map(|out| out.join(config::FILE_NAME));
        [Some(local), in_out]
            .into_iter()
            .flatten()
            .find(|path| path.is_file())
    });
    let mut config = match &file {
        Some(path) => Config::load(path).map_err(|err| err.to_string())?,
        None => Config::default(),
    };
    config.specs.extend(options.specs);
    config.out = options.out.or(config.out);
    config.package.name = options.name.or(config.package.name);
    config.package.version = options.crate_version.or(config.package.version);
    config.profile = options.profile.unwrap_or(config.profile);
    if !options.parts.is_empty() {
        config.parts = Some(options.parts);
    }
    let selection = &mut config.operations;
    selection.include_tags.extend(options.include_tag);
    selection.exclude_tags.extend(options.exclude_tag);
    selection.include_ids.extend(options.include_id);
    selection.exclude_ids.extend(options.exclude_id);
    config.replace.formats.extend(options.replace_format);
    config.replace.schemas.extend(options.replace_schema);
    config.derives.extend(options.derive);
    if options.tag_features || options.no_tag_features {
        config.tag_features = Some(options.tag_features);
    }
    let runtime = config::RuntimeSource::default();
    let given = if let Some(path) = options.runtime {
        Some(config::RuntimeSource {
            path: Some(path),
            ..runtime
        })
    } else if let Some(copy) = options.runtime_copy {
        Some(config::RuntimeSource {
            copy: Some(copy),
            ..runtime
        })
    } else if let Some(version) = options.runtime_version {
        Some(config::RuntimeSource {
            version: Some(version),
            ..runtime
        })
    } else {
        options.runtime_git.map(|git| config::RuntimeSource {
            git: Some(git),
            ..runtime
        })
    };
    if let Some(given) = given {
        config.runtime = given;
    }
    config.src_only |= options.src_only;
    config
        .check("the command line")
        .map_err(|err| err.to_string())?;
    Ok((config, options.quiet))
}

fn run(options: Options, mode: Mode) -> Result<ExitCode, String> {
    let (config, quiet) = configuration(options)?;
    let Some(out) = config.out.clone() else {
        return Err("no output folder: give --out DIR or a configuration file".to_owned());
    };
    if config.specs.is_empty() {
        return Err("no spec files: name them on the command line or in `specs`".to_owned());
    }
    // Specs are named relative to the crate (or by file name), never by a path of this
    // machine, so that the output is the same wherever the command runs.
    let (generated, _) =
        openapi_rustgen::generate_configured(&config, &out).map_err(|err| err.to_string())?;
    if !quiet {
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
    let report = if config.src_only {
        write::write(&out, &generated.files, mode)
    } else {
        let options = config.options();
        let settings = PackageSettings {
            name: config
                .package
                .name
                .clone()
                .unwrap_or_else(|| crate_name(&out)),
            version: config.package.version.clone(),
            description: config.package.description.clone(),
            license: config.package.license.clone(),
            runtime: Runtime::from_config(&config.runtime),
            dependencies: config.dependencies.clone(),
            parts: options.parts,
            deny_warnings: false,
        };
        package::write_configured(&out, &settings, &generated, mode)
    }
    .map_err(|err| format!("writing {}: {err}", out.display()))?;
    if mode == Mode::Write {
        return Ok(ExitCode::SUCCESS);
    }
    if report.is_up_to_date() {
        println!("{} is up to date", out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let shown = |file: &String| out.join(file).display().to_string();
    for file in &report.changed {
        eprintln!("stale: {}", shown(file));
    }
    for file in &report.removed {
        eprintln!("stale: {} (no longer generated)", shown(file));
    }
    Ok(ExitCode::from(3))
}

/// A crate name from the output folder's name: `out/Pet Store` -> `pet-store`.
fn crate_name(out: &Path) -> String {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let stem = out
        .components()
        .next_back()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
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
