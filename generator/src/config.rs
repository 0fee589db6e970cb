//! The configuration file, `openapi-rustgen.toml`: everything the command line says, and what
//! only a file says well (operations to keep, replacements, the runtime's source, extra
//! dependencies). Paths in it are relative to the file's folder. The command line, the
//! build-script [`Builder`](crate::Builder) and `cargo xtask regen` all read it through
//! [`Config::load`].
//!
//! ```toml
//! specs = ["openapi.yaml"]           # relative to this file; a folder: every spec in it
//! out = "."                          # where the crate goes (default: this file's folder)
//! profile = "plain"                  # auto (the default), plain or cpanel
//! parts = ["types", "client"]        # which modules the crate has (default: all three)
//! derives = ["Eq", "Hash"]           # extra derives of the structs and unions
//! tag-features = true                # a Cargo feature per tag (default: above 100 operations)
//!
//! [package]
//! name = "petstore"
//! version = "1.2.0"
//!
//! [operations]                       # which operations to generate; unused types go too
//! include-tags = ["pets"]
//! exclude-ids = ["deletePet"]
//!
//! [replace]                          # schemas as types of other crates
//! formats = { date-time = "chrono::DateTime<chrono::Utc>" }
//! schemas = { Money = "rust_decimal::Decimal" }
//!
//! [runtime]                          # one of: copy (the default), path, version, git
//! version = "0.1"
//!
//! [dependencies]                     # added to the crate's manifest as written
//! chrono = { version = "0.4", default-features = false, features = ["serde"] }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::{Profile, ProfileChoice};

/// The name the command line looks for when `--config` is not given.
pub const FILE_NAME: &str = "openapi-rustgen.toml";

/// A configuration, as read from a file (paths made relative to the current directory) or
/// built in code.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The spec files, read in order into one crate; a folder is every spec file below it.
    #[serde(default)]
    pub specs: Vec<PathBuf>,
    /// Where the crate goes; the configuration file's folder when not given.
    pub out: Option<PathBuf>,
    /// Write only the Rust files, into `out` itself (no manifest, no runtime).
    #[serde(default)]
    pub src_only: bool,
    /// How each document's profile is chosen.
    #[serde(default)]
    pub profile: ProfileName,
    #[serde(default)]
    pub package: Package,
    /// The modules the crate has: `types` always, `client` and `server` when listed.
    pub parts: Option<Vec<Part>>,
    #[serde(default)]
    pub operations: Selection,
    #[serde(default)]
    pub replace: Replacements,
    /// Derives added to every struct and union (`Eq`, `Hash`, `serde::Serialize` is there
    /// already).
    #[serde(default)]
    pub derives: Vec<String>,
    /// A Cargo feature per tag (see `openapi_rustgen::features`): `true`, `false`, or when
    /// not given, for documents with tags and more than 100 operations.
    pub tag_features: Option<bool>,
    #[serde(default)]
    pub runtime: RuntimeSource,
    /// Dependencies added to the generated manifest as written: what replacements and
    /// derives need.
    #[serde(default)]
    pub dependencies: toml::Table,
}

/// The profile, as the configuration and `--profile` name it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ProfileName {
    /// Each document's own markers decide.
    #[default]
    Auto,
    /// OpenAPI as written, nothing more.
    Plain,
    /// cPanel's conventions (envelopes, `Module-function` ids, `1`/`0` booleans).
    Cpanel,
}

impl ProfileName {
    pub fn choice(self) -> ProfileChoice {
        match self {
            ProfileName::Auto => ProfileChoice::Auto,
            ProfileName::Plain => ProfileChoice::Fixed(Profile::Plain),
            ProfileName::Cpanel => ProfileChoice::Fixed(Profile::Cpanel),
        }
    }
}

/// The generated package's own fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Package {
    /// The crate's name; the output folder's when not given.
    pub name: Option<String>,
    /// `0.1.0` when not given.
    pub version: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
}

/// A module of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Part {
    Types,
    Client,
    Server,
}

/// Which operations are generated: those with an included tag or id (every one when nothing
/// is included), less those with an excluded tag or id. Types only they used are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Selection {
    #[serde(default)]
    pub include_tags: Vec<String>,
    #[serde(default)]
    pub exclude_tags: Vec<String>,
    /// operationIds as the spec writes them.
    #[serde(default)]
    pub include_ids: Vec<String>,
    #[serde(default)]
    pub exclude_ids: Vec<String>,
}

impl Selection {
    /// Whether every operation is kept.
    pub fn is_everything(&self) -> bool {
        *self == Selection::default()
    }
}

/// Schemas generated as a type of another crate (written as Rust type syntax) instead of a
/// type of the crate's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Replacements {
    /// By the schema's `format` (`date-time`): string properties, items, parameters and
    /// named string schemas of that format.
    #[serde(default)]
    pub formats: BTreeMap<String, String>,
    /// By the name of a component schema (`Pet`): the schema is not generated, and every use
    /// of it is the replacement.
    #[serde(default)]
    pub schemas: BTreeMap<String, String>,
}

impl Replacements {
    pub fn is_empty(&self) -> bool {
        self.formats.is_empty() && self.schemas.is_empty()
    }
}

/// Where the generated crate's runtime (`openapi-runtime`) comes from: at most one is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuntimeSource {
    /// A copy the generator writes, to this folder (relative to the crate; default
    /// `openapi-runtime`). Two crates given the same folder share one runtime.
    pub copy: Option<PathBuf>,
    /// An existing runtime crate at this path (relative to the crate, or absolute).
    pub path: Option<PathBuf>,
    /// The runtime from the registry, at this version requirement.
    pub version: Option<String>,
    /// The runtime from a git repository, with at most one of `branch`, `tag`, `rev`.
    pub git: Option<String>,
    pub branch: Option<String>,
    pub tag: Option<String>,
    pub rev: Option<String>,
}

impl Config {
    /// Reads the configuration at `path`. Paths in it become relative to the current
    /// directory (they are written relative to the file), and `out` is the file's folder
    /// when it names none.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            Error::whole(
                path.display().to_string(),
                format!("cannot read the configuration: {err}"),
            )
        })?;
        let mut config = Config::parse(&text, &path.display().to_string())?;
        let base = path.parent().unwrap_or(Path::new(""));
        let base = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        };
        for spec in &mut config.specs {
            *spec = base.join(&*spec);
        }
        config.out = Some(match &config.out {
            Some(out) => base.join(out),
            None => base.to_path_buf(),
        });
        Ok(config)
    }

    /// Reads a configuration from its text; `file` names it in errors. Paths stay as written.
    pub fn parse(text: &str, file: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text)
            .map_err(|err| Error::whole(file, format!("not a valid configuration: {err}")))?;
        config.check(file)?;
        Ok(config)
    }

    /// The problems [`Config::parse`] refuses: Rust syntax that does not parse, a runtime
    /// named twice, a crate without types.
    pub fn check(&self, file: &str) -> Result<(), Error> {
        let error = |message: String| Error::whole(file, message);
        let replacements = self.replace.formats.iter().chain(&self.replace.schemas);
        for (key, ty) in replacements {
            syn::parse_str::<syn::Type>(ty).map_err(|err| {
                error(format!(
                    "replacement of `{key}`: `{ty}` is not a Rust type: {err}"
                ))
            })?;
        }
        for derive in &self.derives {
            syn::parse_str::<syn::Path>(derive)
                .map_err(|err| error(format!("derive `{derive}` is not a Rust path: {err}")))?;
        }
        let runtime = &self.runtime;
        let sources = [
            runtime.copy.is_some(),
            runtime.path.is_some(),
            runtime.version.is_some(),
            runtime.git.is_some(),
        ];
        if sources.into_iter().filter(|set| *set).count() > 1 {
            return Err(error(
                "[runtime] takes one of `copy`, `path`, `version` and `git`".to_owned(),
            ));
        }
        let git_refs = [&runtime.branch, &runtime.tag, &runtime.rev];
        let refs = git_refs.iter().filter(|r| r.is_some()).count();
        if refs > 1 || (refs == 1 && runtime.git.is_none()) {
            return Err(error(
                "[runtime] takes at most one of `branch`, `tag` and `rev`, with `git`".to_owned(),
            ));
        }
        if let Some(parts) = &self.parts
            && !parts.contains(&Part::Types)
        {
            return Err(error(
                "`parts` must list \"types\": the client and server are built on them".to_owned(),
            ));
        }
        Ok(())
    }

    /// The spec files: each of `specs`, a folder standing for every `.yaml`, `.yml` and
    /// `.json` file below it, sorted by path (or for its `openapi.yaml`, see [`collect_specs`]).
    pub fn spec_files(&self) -> Result<Vec<PathBuf>, Error> {
        let mut files = Vec::new();
        for spec in &self.specs {
            if spec.is_dir() {
                let mut found = Vec::new();
                collect_specs(spec, &mut found).map_err(|err| {
                    Error::whole(
                        spec.display().to_string(),
                        format!("cannot read the folder: {err}"),
                    )
                })?;
                found.sort();
                files.extend(found);
            } else {
                files.push(spec.clone());
            }
        }
        Ok(files)
    }

    /// The options of the generation itself (not where it is written).
    pub fn options(&self) -> crate::Options {
        let parts = self.parts.as_deref();
        crate::Options {
            profile: self.profile.choice(),
            selection: self.operations.clone(),
            replacements: self.replace.clone(),
            derives: self.derives.clone(),
            tag_features: self.tag_features,
            parts: crate::model::Parts {
                client: parts.is_none_or(|p| p.contains(&Part::Client)),
                server: parts.is_none_or(|p| p.contains(&Part::Server)),
            },
            ..crate::Options::default()
        }
    }
}

/// Spec files below `dir`, unsorted. A folder that holds an `openapi.yaml` (or `.yml`,
/// `.json`) is one document split across files: that file is its entry, and the files it
/// refers to are read from it, not as documents of their own.
pub fn collect_specs(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let entry = ["openapi.yaml", "openapi.yml", "openapi.json"]
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file());
    if let Some(entry) = entry {
        out.push(entry);
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // A linked folder is not followed: a link back up would be walked for ever.
        if entry.file_type()?.is_dir() {
            collect_specs(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_configuration_reads() {
        let config = Config::parse(
            r#"
specs = ["a.yaml", "b.yaml"]
profile = "plain"
parts = ["types", "client"]
derives = ["Eq", "Hash"]
[package]
name = "pets"
version = "2.0.1"
[operations]
include-tags = ["pets"]
exclude-ids = ["deletePet"]
[replace]
formats = { date-time = "chrono::DateTime<chrono::Utc>" }
schemas = { Money = "rust_decimal::Decimal" }
[runtime]
git = "https://example.com/runtime.git"
tag = "v1"
[dependencies]
chrono = { version = "0.4", features = ["serde"] }
"#,
            "c.toml",
        )
        .unwrap();
        assert_eq!(config.specs.len(), 2);
        assert_eq!(config.package.version.as_deref(), Some("2.0.1"));
        assert_eq!(config.operations.include_tags, ["pets"]);
        assert_eq!(config.runtime.tag.as_deref(), Some("v1"));
        assert!(config.dependencies.contains_key("chrono"));
        let options = config.options();
        assert!(options.parts.client && !options.parts.server);
        assert_eq!(options.profile, ProfileChoice::Fixed(Profile::Plain));
    }

    #[test]
    fn mistakes_are_named() {
        let refused = |text: &str| Config::parse(text, "c.toml").unwrap_err().to_string();
        assert!(refused("spec = []").contains("unknown field `spec`"));
        assert!(refused("[replace]\nschemas = { A = \"Vec<\" }").contains("`A`"));
        assert!(refused("[runtime]\npath = \"a\"\nversion = \"1\"").contains("one of"));
        assert!(refused("[runtime]\nrev = \"abc\"").contains("with `git`"));
        assert!(refused("parts = [\"client\"]").contains("\"types\""));
        assert!(refused("profile = \"odd\"").starts_with("c.toml: not a valid configuration"));
    }

    #[test]
    fn paths_are_relative_to_the_file() {
        let dir = std::env::temp_dir().join(format!("rustgen-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(FILE_NAME);
        std::fs::write(&file, "specs = [\"spec\"]\n").unwrap();
        std::fs::create_dir_all(dir.join("spec/b")).unwrap();
        for name in ["spec/b/c.yaml", "spec/a.json", "spec/notes.txt"] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let config = Config::load(&file).unwrap();
        assert_eq!(config.specs, [dir.join("spec")]);
        assert_eq!(
            config.spec_files().unwrap(),
            [dir.join("spec/a.json"), dir.join("spec/b/c.yaml")]
        );
        assert_eq!(config.out.as_deref(), Some(dir.as_path()));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
