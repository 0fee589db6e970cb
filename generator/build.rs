//! Lists the runtime's sources for `package`, which copies them next to a crate it writes
//! (`generator --out`): every `.rs` file below `runtime/src`, embedded with `include_str!`,
//! so that the copy is always the runtime the generator was built with.

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("runtime/src is readable")
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let runtime = manifest_dir.join("runtime");
    println!("cargo::rerun-if-changed={}", runtime.join("src").display());
    println!(
        "cargo::rerun-if-changed={}",
        runtime.join("Cargo.toml").display()
    );
    let mut files = Vec::new();
    sources(&runtime.join("src"), &mut files);
    let mut list = String::from("&[\n");
    for path in files {
        let relative = path
            .strip_prefix(&runtime)
            .expect("below the runtime")
            .to_string_lossy()
            .replace('\\', "/");
        list.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    list.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    fs::write(out.join("runtime_sources.rs"), list).expect("OUT_DIR is writable");
}
