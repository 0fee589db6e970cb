//! The build-script front door: [`Builder`] generates a crate's API into one file of
//! `OUT_DIR`, which the crate includes at its root.

use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::error::Error;
use crate::{GeneratedFile, SpecFile, Warning};

/// Generates an API from OpenAPI descriptions in a build script, into one Rust file that the
/// crate includes at its root (the generated code names its modules from `crate::`).
///
/// The crate depends on `openapi-runtime` and `serde` (with `derive`) and has features
/// `client` and `server` that turn on the runtime's, as a crate the command line writes
/// does (see its manifest). With the cPanel profile it also needs the runtime's `cpanel`
/// feature ([`Built::runtime_features`]).
///
/// ```no_run
/// // build.rs: `fn main` does this.
/// let built = openapi_rustgen::Builder::new()
///     .spec("petstore.yaml")
///     .config("openapi-rustgen.toml") // optional: selection, replacements, ...
///     .generate()
///     .unwrap_or_else(|err| panic!("{err}"));
/// for warning in &built.warnings {
///     println!("cargo::warning={warning}");
/// }
/// ```
///
/// ```ignore
/// // src/lib.rs
/// include!(concat!(env!("OUT_DIR"), "/api.rs"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Builder {
    specs: Vec<PathBuf>,
    config_file: Option<PathBuf>,
    config: Option<Config>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
}

/// What [`Builder::generate`] wrote.
#[derive(Debug, Clone)]
pub struct Built {
    /// The file to include.
    pub path: PathBuf,
    pub warnings: Vec<Warning>,
    /// The runtime's features the code needs beyond `client` and `server` (`cpanel`).
    pub runtime_features: Vec<String>,
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// Adds a spec file (relative to the current directory, which in a build script is the
    /// crate's), after those of the configuration.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(path.into());
        self
    }

    /// Reads the configuration from this file (see [`crate::config`]); its `specs` come
    /// first.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Uses this configuration, built in code, instead of a file.
    pub fn with_config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// Where the file goes: `OUT_DIR` (cargo sets it for build scripts) by default.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The file's name in the output folder: `api.rs` by default.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Reads the specs, generates, and writes the file if its contents changed. In a build
    /// script (cargo sets `OUT_DIR`), it also tells cargo to run it again when a spec or the
    /// configuration changes.
    pub fn generate(self) -> Result<Built, Error> {
        let in_build_script = std::env::var_os("OUT_DIR").is_some();
        let mut config = match (&self.config_file, self.config) {
            (Some(file), _) => Config::load(file)?,
            (None, Some(config)) => config,
            (None, None) => Config::default(),
        };
        config.specs.extend(self.specs);
        let out_dir = match self
            .out_dir
            .or_else(|| std::env::var_os("OUT_DIR").map(Into::into))
        {
            Some(dir) => dir,
            None => {
                return Err(plain_error(
                    "the builder",
                    "no out_dir given and no OUT_DIR set",
                ));
            }
        };
        let crate_dir = std::env::current_dir().unwrap_or_default();
        if config.specs.is_empty() {
            return Err(plain_error("the builder", "no spec files given"));
        }
        let (generated, roots) = generate_configured(&config, &crate_dir)?;
        let path = out_dir.join(self.file_name.as_deref().unwrap_or("api.rs"));
        let text = one_file(&generated.files)?;
        let write = |path: &Path| -> std::io::Result<()> {
            if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
                std::fs::create_dir_all(&out_dir)?;
                std::fs::write(path, &text)?;
            }
            Ok(())
        };
        write(&path).map_err(|err| plain_error(&path.display().to_string(), &err.to_string()))?;
        if in_build_script {
            // A folder is watched whole: cargo looks at every file below it.
            let watched = config.specs.iter().chain(&self.config_file);
            for file in watched {
                println!("cargo::rerun-if-changed={}", file.display());
            }
            // And every file the specs refer to, wherever it is.
            for name in &generated.spec_files {
                if let Some(file) = roots
                    .iter()
                    .map(|root| root.join(name))
                    .find(|f| f.is_file())
                {
                    println!("cargo::rerun-if-changed={}", file.display());
                }
            }
        }
        Ok(Built {
            path,
            warnings: generated.warnings,
            runtime_features: generated.runtime_features,
        })
    }
}

fn plain_error(file: &str, message: &str) -> Error {
    Error::whole(file, message)
}

/// Reads the spec at `path`, named relative to `crate_dir` when it is inside it and by its
/// file name when not: never by a path of the machine, so that output is the same wherever
/// it is made.
pub fn read_spec(path: &Path, crate_dir: &Path) -> Result<SpecFile, Error> {
    let contents = std::fs::read_to_string(path)
        .map_err(|err| plain_error(&path.display().to_string(), &format!("cannot read: {err}")))?;
    Ok(SpecFile {
        name: spec_name(path, crate_dir),
        contents,
    })
}

/// Generates what `config` describes, its specs named relative to `crate_dir` (or by file name
/// when elsewhere) and what they refer to read from beside them; also the folders those
/// names are relative to, where a build script finds the files to watch.
pub fn generate_configured(
    config: &Config,
    crate_dir: &Path,
) -> Result<(crate::Generated, Vec<PathBuf>), Error> {
    let files = config.spec_files()?;
    let specs = files
        .iter()
        .map(|path| read_spec(path, crate_dir))
        .collect::<Result<Vec<_>, _>>()?;
    let roots = spec_roots(&files, &specs);
    let referred = crate::load::Disk::at_any(roots.clone());
    let generated = crate::generate_from(&specs, &config.options(), &referred)?;
    Ok((generated, roots))
}

/// The folder each spec's name is relative to (its path less its name), where the files it
/// refers to are read from.
pub fn spec_roots(paths: &[PathBuf], specs: &[SpecFile]) -> Vec<PathBuf> {
    paths
        .iter()
        .zip(specs)
        .map(|(path, spec)| {
            let mut root = absolute(path);
            for _ in spec.name.split('/') {
                root.pop();
            }
            root
        })
        .collect()
}

/// `path` relative to `dir` if it is below it, else its file name; `/`-separated.
pub fn spec_name(path: &Path, dir: &Path) -> String {
    let path = absolute(path);
    let dir = absolute(dir);
    let named = match path.strip_prefix(&dir) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => PathBuf::from(path.file_name().unwrap_or_default()),
    };
    named
        .components()
        .filter_map(|part| match part {
            Component::Normal(part) => Some(part.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` made absolute with links and `..` resolved, as far as it exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The generated files as one: `lib.rs` without its inner attributes (the including crate
/// has its own), each `mod NAME;` of a generated file replaced by the module inline.
fn one_file(files: &[GeneratedFile]) -> Result<String, Error> {
    let lib = files
        .iter()
        .find(|file| file.path == "lib.rs")
        .ok_or_else(|| plain_error("lib.rs", "the generator wrote no lib.rs (a generator bug)"))?;
    let mut out = String::with_capacity(files.iter().map(|f| f.contents.len() + 16).sum());
    for line in lib.contents.lines() {
        if line.starts_with("//!") || line.starts_with("#![") {
            continue;
        }
        let module = line
            .trim_start_matches("pub ")
            .strip_prefix("mod ")
            .and_then(|rest| rest.strip_suffix(';'));
        let file = module.and_then(|name| {
            let path = format!("{name}.rs");
            files.iter().find(|file| file.path == path)
        });
        match (module, file) {
            (Some(name), Some(file)) => {
                out.push_str(&format!("pub mod {name} {{\n"));
                out.push_str(&file.contents);
                out.push_str("}\n");
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_named_relative_to_the_crate_or_by_file_name() {
        let dir = std::env::temp_dir().join(format!("rustgen-names-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("crate/spec")).unwrap();
        let crate_dir = dir.join("crate");
        assert_eq!(
            spec_name(&crate_dir.join("spec/a.yaml"), &crate_dir),
            "spec/a.yaml"
        );
        assert_eq!(
            spec_name(&crate_dir.join("spec/../spec/a.yaml"), &crate_dir),
            "spec/a.yaml"
        );
        assert_eq!(
            spec_name(&dir.join("elsewhere/b.yaml"), &crate_dir),
            "b.yaml"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn one_file_inlines_the_modules() {
        let file = |path: &str, contents: &str| GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        };
        let text = one_file(&[
            file(
                "lib.rs",
                "// @generated\n//! Docs.\n#![deny(missing_docs)]\n#[cfg(feature = \"client\")]\npub mod client;\npub mod types;\npub use types::*;\n",
            ),
            file("types.rs", "//! Types.\npub struct A;\n"),
            file("client.rs", "//! Client.\npub struct C;\n"),
        ])
        .unwrap();
        assert_eq!(
            text,
            "// @generated\n#[cfg(feature = \"client\")]\npub mod client {\n//! Client.\npub struct C;\n}\npub mod types {\n//! Types.\npub struct A;\n}\npub use types::*;\n"
        );
        syn::parse_file(&text).unwrap();
    }
}
