//! The generator's spec reading: any text gives a model or an error, never a panic; a model
//! always emits Rust that parses.
//! (tests/tests/fuzz_regressions.rs replays found inputs through the same checks.)
#![no_main]

use openapi_rustgen::SpecFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let spec = SpecFile {
        name: "fuzz.yaml".into(),
        contents: String::from_utf8_lossy(data).into_owned(),
    };
    // Files it refers to come from memory: a fuzzed `$ref` never reads the disk.
    let files = std::collections::BTreeMap::from([(
        "other.yaml".to_owned(),
        "Pet: {type: object, properties: {self: {$ref: '#/Pet'}}}\n".to_owned(),
    )]);
    let _ = openapi_rustgen::generate_from(&[spec], &Default::default(), &files);
});
