//! Generates the API from spec.yaml, as openapi-rustgen.toml says, into `OUT_DIR/api.rs`.

fn main() {
    let built = openapi_rustgen::Builder::new()
        .config("openapi-rustgen.toml")
        .generate()
        .unwrap_or_else(|err| panic!("{err}"));
    for warning in &built.warnings {
        println!("cargo::warning={warning}");
    }
}
