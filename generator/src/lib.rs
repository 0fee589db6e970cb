//! Reads OpenAPI 3.0 and 3.1 descriptions and writes a Rust crate for them: types, enum
//! validators, parameter structs, an async client and axum server stubs over the hand-written
//! runtime (`openapi-runtime`, in `runtime/`).
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! spec text --load--> openapiv3::OpenAPI --lower (+ profile)--> model::Api --emit--> tokens
//!           --format--> Rust source --write--> the generated crate's src/
//! ```
//!
//! `profile` holds the conventions of API families (cPanel's) that a document opts into;
//! `naming` makes Rust identifiers from wire names; `select` applies a configuration's
//! operation selection and replacements to the model. [`generate`] runs every stage but the
//! last, in memory; [`write::write`] is the last; [`package::write_package`] writes a crate of
//! its own (manifest, `src/`, runtime).
//!
//! Three front doors use it: the command line (`src/bin/`), a build script ([`Builder`]) and
//! a configuration file ([`config::Config`]) that both read.

mod builder;
pub mod config;
mod emit;
pub mod error;
pub mod examples;
pub mod features;
mod format;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod package;
pub mod pool;
pub mod profile;
pub mod report;
pub mod select;
pub mod write;

pub use builder::{Builder, Built, generate_configured, read_spec, spec_name, spec_roots};
pub use config::Config;
pub use error::{Error, Warning};
pub use profile::{Profile, ProfileChoice};

/// One spec file: its name (as messages and the generated header show it) and its text.
#[derive(Debug, Clone)]
pub struct SpecFile {
    pub name: String,
    pub contents: String,
}

/// One file of the generated crate's `src/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path below `src/`, e.g. `types.rs`.
    pub path: String,
    pub contents: String,
}

/// How to generate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The profile of each document: by its own markers, or fixed.
    pub profile: ProfileChoice,
    /// The operations to generate (all by default).
    pub selection: config::Selection,
    /// Schemas generated as types of other crates.
    pub replacements: config::Replacements,
    /// Derives added to every struct and union.
    pub derives: Vec<String>,
    /// Whether the crate has a client and a server.
    pub parts: model::Parts,
    /// Per-tag features: on, off, or (`None`) on for documents with tags and more than
    /// [`features::AUTO_THRESHOLD`] operations.
    pub tag_features: Option<bool>,
    /// What the header of every file names as its writer; this tool (`openapi-rustgen`) when
    /// `None`.
    pub tool: Option<String>,
}

/// The generated crate, in memory, and what the generator noticed on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Warning>,
    /// Every file read: the specs, then the files they refer to, each once.
    pub spec_files: Vec<String>,
    pub summary: Summary,
    /// The public API of the crate, for the API-change report.
    pub surface: report::Surface,
    /// The runtime's features the crate needs beyond `client` and `server`.
    pub runtime_features: Vec<String>,
    /// The documents' own examples, each with the type that must read it.
    pub examples: examples::Examples,
    /// The crate's per-tag features, sorted (empty when it has none).
    pub tag_features: Vec<String>,
}

/// Counts for the one-line report after a regen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub operations: usize,
    pub types: usize,
    pub enum_values: usize,
}

/// Reads the spec files, in order, into one model, each under its profile. Files they refer
/// to are read from disk, their names relative to the current directory (see [`read_model_from`]).
pub fn read_model(
    specs: &[SpecFile],
    options: &Options,
) -> Result<(model::Api, Vec<Warning>), Error> {
    read_model_from(specs, options, &load::Disk::current()).map(|model| (model.api, model.warnings))
}

/// What reading the specs gave.
pub struct Model {
    pub api: model::Api,
    pub warnings: Vec<Warning>,
    /// Every file read: the specs, then the files they refer to, each once.
    pub spec_files: Vec<String>,
}

/// Reads the spec files, in order, into one model, each under its profile, and the files
/// they refer to (`$ref: schemas/pet.yaml`) through `files`.
pub fn read_model_from(
    specs: &[SpecFile],
    options: &Options,
    files: &dyn load::Files,
) -> Result<Model, Error> {
    read_documents(specs, options, files).map(|read| read.model)
}

/// Spec documents read (their references brought in), each with its file name and profile.
type Documents = Vec<(String, openapiv3::OpenAPI, Profile)>;

/// What [`read_model_from`] gives, the documents it was lowered from, and where the parts
/// brought in from other files came from.
struct Read {
    model: Model,
    documents: Documents,
    origins: Vec<load::Origins>,
}

fn read_documents(
    specs: &[SpecFile],
    options: &Options,
    files: &dyn load::Files,
) -> Result<Read, Error> {
    let mut warnings = Vec::new();
    let mut documents = Vec::with_capacity(specs.len());
    let mut origins = Vec::with_capacity(specs.len());
    let mut spec_files: Vec<String> = specs.iter().map(|spec| spec.name.clone()).collect();
    for spec in specs {
        let loaded = load::load(spec, files)?;
        warnings.extend(loaded.warnings);
        for file in loaded.files {
            if !spec_files.contains(&file) {
                spec_files.push(file);
            }
        }
        let profile = Profile::detect(&loaded.document, options.profile);
        documents.push((spec.name.clone(), loaded.document, profile));
        origins.push(loaded.origins);
    }
    // What `lower` says about a part brought in from another file names that file.
    let (mut api, lowered) = lower::lower(&documents, &options.replacements.formats)
        .map_err(|err| origins.iter().fold(err, |err, origins| origins.error(err)))?;
    warnings.extend(relocated(&origins, lowered));
    let selected: Vec<select::Document<'_>> = documents
        .iter()
        .map(|(file, document, _)| select::Document { file, document })
        .collect();
    warnings.extend(select::apply(
        &mut api,
        &selected,
        &options.selection,
        &options.replacements,
    ));
    // Defaults are settled once every type is known, replacements included.
    let mut settled = Vec::new();
    lower::settle_defaults(&mut api, &mut settled);
    warnings.extend(relocated(&origins, settled));
    api.parts = options.parts;
    api.extra_derives = options.derives.clone();
    api.features = features::compute(&api, &selected, options.tag_features);
    Ok(Read {
        model: Model {
            api,
            warnings,
            spec_files,
        },
        documents,
        origins,
    })
}

/// `warnings` with the places they name moved back to the files the parts came from (a part
/// brought in from another file names that file), each given once.
fn relocated(origins: &[load::Origins], warnings: Vec<Warning>) -> Vec<Warning> {
    origins
        .iter()
        .fold(warnings, |warnings, origins| origins.warnings(warnings))
}

/// Runs the whole pipeline but the write, with the profiles the documents choose.
pub fn generate(specs: &[SpecFile]) -> Result<Generated, Error> {
    generate_with(specs, &Options::default())
}

/// Runs the whole pipeline but the write: spec files in, formatted Rust files out. Files the
/// specs refer to are read from disk, their names relative to the current directory.
pub fn generate_with(specs: &[SpecFile], options: &Options) -> Result<Generated, Error> {
    generate_from(specs, options, &load::Disk::current())
}

/// Runs the whole pipeline but the write, reading the files the specs refer to through
/// `files`.
pub fn generate_from(
    specs: &[SpecFile],
    options: &Options,
    files: &dyn load::Files,
) -> Result<Generated, Error> {
    let Read {
        model: Model {
            api,
            mut warnings,
            spec_files,
        },
        documents,
        origins,
    } = read_documents(specs, options, files)?;
    let (examples, findings) = examples::collect(&documents, &api);
    warnings.extend(relocated(&origins, findings));
    let mut files = emit_files(&api, &header(specs, options.tool.as_deref()))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated {
        files,
        warnings,
        spec_files,
        summary: summary(&api),
        surface: report::Surface::of(&api),
        runtime_features: api
            .runtime_features
            .iter()
            .map(|&feature| emit::runtime::feature_name(feature).to_owned())
            .collect(),
        examples,
        tag_features: api.features.names().map(str::to_owned).collect(),
    })
}

/// Every file of the crate's `src/`, emitted and formatted in parts on the pool's workers,
/// then each module's head (its docs and the imports its parts need) and the join.
fn emit_files(api: &model::Api, header: &str) -> Result<Vec<GeneratedFile>, Error> {
    // The client and server files of a crate the configuration leaves them out of.
    let left_out = |path: &str| {
        (path == "client.rs" && !api.parts.client) || (path == "server.rs" && !api.parts.server)
    };
    let units: Vec<(usize, usize)> = emit::FILES
        .iter()
        .enumerate()
        .filter(|(_, file)| !left_out(file.path))
        .flat_map(|(index, file)| (0..(file.parts)(api)).map(move |part| (index, part)))
        .collect();
    // Each worker emits its part's tokens itself: proc-macro2's token streams cannot cross
    // threads. A module with a head (its imports) learns what it names from its text.
    let mut done = pool::map(&units, |&(index, part)| {
        let file = &emit::FILES[index];
        let mut splices = format::splice::Splices::default();
        let tokens = (file.body)(api, part, &mut splices);
        let formatted = format::items(file.path, tokens, &splices)?;
        let names = match file.head {
            Some(_) => emit::Idents::of_source(formatted.text()),
            None => emit::Idents::default(),
        };
        Ok((formatted, names))
    })
    .into_iter();
    let mut files = Vec::with_capacity(emit::FILES.len());
    for (index, file) in emit::FILES.iter().enumerate() {
        if left_out(file.path) {
            continue;
        }
        let mut parts = Vec::new();
        let mut names = emit::Idents::default();
        for _ in units.iter().filter(|(of, _)| *of == index) {
            let Some(result) = done.next() else { break };
            let (formatted, seen) = result?;
            parts.push(formatted);
            names.merge(seen);
        }
        if let Some(head) = &file.head {
            let head = emit::module_head(api, head, &names);
            let head = format::items(file.path, head, &Default::default())?;
            parts.insert(0, head);
        }
        files.push(GeneratedFile {
            path: file.path.to_owned(),
            contents: format::join(header, parts),
        });
    }
    Ok(files)
}

/// The first line of every file: the tool that wrote it and the specs, as they were named
/// (relative to the crate, or by file name, so that the text is the same on every machine).
fn header(specs: &[SpecFile], tool: Option<&str>) -> String {
    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    let tool = tool.unwrap_or("`openapi-rustgen`");
    format!(
        "// @generated by {tool} from {}. Do not edit by hand: change the spec and regenerate.",
        names.join(", ")
    )
}

fn summary(api: &model::Api) -> Summary {
    use model::TypeKind;
    Summary {
        operations: api.operations.len(),
        types: api.types.len() + api.operations.len(),
        enum_values: api
            .types
            .iter()
            .map(|def| match &def.kind {
                TypeKind::StringEnum(e) => e.variants.len(),
                TypeKind::IntegerEnum(e) => e.variants.len(),
                _ => 0,
            })
            .sum(),
    }
}
