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
//! `naming` makes Rust identifiers from wire names. [`generate`] runs every stage but the
//! last, in memory; [`write::write`] is the last; [`package::write_package`] writes a crate of
//! its own (manifest, `src/`, runtime).

mod emit;
pub mod error;
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
pub mod write;

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The profile of each document: by its own markers, or fixed.
    pub profile: ProfileChoice,
}

/// The generated crate, in memory, and what the generator noticed on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Warning>,
    pub summary: Summary,
    /// The public API of the crate, for the API-change report.
    pub surface: report::Surface,
    /// The runtime's features the crate needs beyond `client` and `server`.
    pub runtime_features: Vec<String>,
}

/// Counts for the one-line report after a regen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub operations: usize,
    pub types: usize,
    pub enum_values: usize,
}

/// Reads the spec files, in order, into one model, each under its profile.
pub fn read_model(
    specs: &[SpecFile],
    options: &Options,
) -> Result<(model::Api, Vec<Warning>), Error> {
    let mut warnings = Vec::new();
    let mut documents = Vec::with_capacity(specs.len());
    for spec in specs {
        let (document, found) = load::load(spec)?;
        warnings.extend(found);
        let profile = Profile::detect(&document, options.profile);
        documents.push((spec.name.clone(), document, profile));
    }
    let (api, lowered) = lower::lower(&documents)?;
    warnings.extend(lowered);
    Ok((api, warnings))
}

/// Runs the whole pipeline but the write, with the profiles the documents choose.
pub fn generate(specs: &[SpecFile]) -> Result<Generated, Error> {
    generate_with(specs, &Options::default())
}

/// Runs the whole pipeline but the write: spec files in, formatted Rust files out.
pub fn generate_with(specs: &[SpecFile], options: &Options) -> Result<Generated, Error> {
    let (api, warnings) = read_model(specs, options)?;
    let mut files = emit_files(&api, &header(specs))?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated {
        files,
        warnings,
        summary: summary(&api),
        surface: report::Surface::of(&api),
        runtime_features: api
            .runtime_features
            .iter()
            .map(|&feature| emit::runtime::feature_name(feature).to_owned())
            .collect(),
    })
}

/// Every file of the crate's `src/`, emitted and formatted in parts on the pool's workers,
/// then each module's head (its docs and the imports its parts need) and the join.
fn emit_files(api: &model::Api, header: &str) -> Result<Vec<GeneratedFile>, Error> {
    let units: Vec<(usize, usize)> = emit::FILES
        .iter()
        .enumerate()
        .flat_map(|(index, file)| (0..(file.parts)(api)).map(move |part| (index, part)))
        .collect();
    // Each worker emits its part's tokens itself: proc-macro2's token streams cannot cross
    // threads.
    let mut done = pool::map(&units, |&(index, part)| {
        let file = &emit::FILES[index];
        let mut names = emit::Idents::default();
        let mut tokens = (file.body)(api, part);
        if file.head.is_some() {
            tokens = names.collect(tokens);
        }
        format::items(file.path, tokens).map(|formatted| (formatted, names))
    })
    .into_iter();
    let mut files = Vec::with_capacity(emit::FILES.len());
    for (index, file) in emit::FILES.iter().enumerate() {
        let mut parts = Vec::new();
        let mut names = emit::Idents::default();
        for _ in units.iter().filter(|(of, _)| *of == index) {
            let Some(result) = done.next() else { break };
            let (formatted, seen) = result?;
            parts.push(formatted);
            names.merge(seen);
        }
        if let Some(head) = &file.head {
            let head = format::items(file.path, emit::module_head(api, head, &names))?;
            parts.insert(0, head);
        }
        files.push(GeneratedFile {
            path: file.path.to_owned(),
            contents: format::join(header, parts),
        });
    }
    Ok(files)
}

fn header(specs: &[SpecFile]) -> String {
    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    format!(
        "// @generated by `cargo xtask regen` from {}. Do not edit by hand: change the spec and regenerate.",
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
