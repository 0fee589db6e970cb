//! The command line as a user outside this repository meets it: two crates generated from
//! configuration files into a folder of their own, sharing one copy of the runtime, then
//! built as dependencies of a fresh crate (offline, from the registry cache the workspace's
//! build filled).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: '1.0'}
paths:
  /items/{id}:
    get:
      operationId: getItem
      tags: [items]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: the item
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
  /orders:
    post:
      operationId: placeOrder
      tags: [orders]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses: {'204': {description: placed}}
components:
  schemas:
    Item:
      type: object
      required: [id, seen]
      properties:
        id: {type: integer}
        seen: {type: string, format: ipv4}
    Order:
      type: object
      properties:
        items: {type: array, items: {type: integer}}
"##;

fn generator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_openapi-rustgen"))
}

/// Every file below `dir`, by path, with its contents.
fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text = fs::read_to_string(&path).unwrap_or_default();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_crate_generated_elsewhere_is_publishable_shares_its_runtime_and_builds() {
    let root = std::env::temp_dir().join(format!("rustgen-package-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("specs")).unwrap();
    fs::write(root.join("specs/shop.yaml"), SPEC).unwrap();
    // Top-level keys, then tables, of each crate's configuration.
    for (name, keys, tables) in [
        (
            "shop-items",
            "",
            "[operations]\ninclude-tags = [\"items\"]\n[replace]\nformats = { ipv4 = \"std::net::Ipv4Addr\" }\n",
        ),
        (
            "shop-orders",
            "parts = [\"types\", \"client\"]\n",
            "[operations]\nexclude-ids = [\"getItem\"]\n",
        ),
    ] {
        let dir = root.join("apis").join(name);
        fs::create_dir_all(&dir).unwrap();
        let config = format!(
            "specs = [\"../../specs/shop.yaml\"]\n{keys}[package]\nname = \"{name}\"\n\
             version = \"1.2.3\"\nlicense = \"MIT\"\n[runtime]\ncopy = \"../openapi-runtime\"\n{tables}"
        );
        fs::write(dir.join("openapi-rustgen.toml"), config).unwrap();
        // Run from the crate's folder, where the configuration is found by its name.
        let status = generator().current_dir(&dir).status().unwrap();
        assert!(status.success(), "{name}: {status}");
    }

    // Run from elsewhere, the output is byte for byte the same: `check` finds nothing stale.
    for name in ["shop-items", "shop-orders"] {
        let config = root.join("apis").join(name).join("openapi-rustgen.toml");
        let output = generator()
            .current_dir("/")
            .args(["check", "--config"])
            .arg(&config)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let written = files(&root.join("apis"));
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for (path, text) in &written {
        for absolute in [root.to_string_lossy(), repository.to_string_lossy()] {
            assert!(
                !text.contains(&*absolute),
                "{} names {absolute}",
                path.display()
            );
        }
        assert!(
            !text.contains("#[cfg(test)]"),
            "{} has tests",
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(!name.ends_with("tests.rs"), "{}", path.display());
        if name == "Cargo.toml" {
            assert!(!text.contains("deny") && !text.contains("[lints"), "{text}");
        }
    }
    // One runtime for both crates, without the cPanel module neither needs.
    assert!(root.join("apis/openapi-runtime/src/lib.rs").exists());
    assert!(!root.join("apis/openapi-runtime/src/cpanel.rs").exists());
    assert!(!root.join("apis/shop-items/openapi-runtime").exists());
    let items = fs::read_to_string(root.join("apis/shop-items/Cargo.toml")).unwrap();
    assert!(
        items.contains("openapi-runtime = { path = \"../openapi-runtime\" }"),
        "{items}"
    );
    assert!(items.contains("version = \"1.2.3\""), "{items}");
    let lib = fs::read_to_string(root.join("apis/shop-items/src/lib.rs")).unwrap();
    assert!(
        lib.starts_with("// @generated by `openapi-rustgen` from shop.yaml."),
        "{lib}"
    );
    // The selection and the parts: placeOrder and its Order are not in shop-items.
    let items_types = fs::read_to_string(root.join("apis/shop-items/src/types.rs")).unwrap();
    assert!(!items_types.contains("pub struct Order"), "{items_types}");
    assert!(
        items_types.contains("pub seen: std::net::Ipv4Addr,"),
        "{items_types}"
    );
    assert!(!root.join("apis/shop-orders/src/server.rs").exists());

    // A fresh crate using both, built offline with the workspace's dependency versions.
    let app = root.join("app");
    fs::create_dir_all(app.join("src")).unwrap();
    fs::write(
        app.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n\
         shop-items = { path = \"../apis/shop-items\" }\n\
         shop-orders = { path = \"../apis/shop-orders\" }\n\n[workspace]\n",
    )
    .unwrap();
    fs::write(
        app.join("src/lib.rs"),
        "//! Uses both generated crates.\n\n\
         /// An item seen from this address.\n\
         pub fn item() -> shop_items::Item {\n    \
         shop_items::Item { id: 7, seen: std::net::Ipv4Addr::LOCALHOST, additional: Default::default() }\n}\n\n\
         /// An order of it.\n\
         pub fn order() -> shop_orders::PlaceOrderParams {\n    \
         shop_orders::PlaceOrderParams { body: None }\n}\n",
    )
    .unwrap();
    fs::copy(repository.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rustgen-package-target");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        // Warnings denied, as this repository's checks of generated code deny them.
        .env("RUSTFLAGS", "-D warnings")
        .args(["build", "--offline", "--quiet"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    fs::remove_dir_all(&root).unwrap();
}

/// The exit statuses the README documents: 2 for a usage error, 1 for a spec that cannot be
/// read (nothing written), 3 for `check` finding a stale file, 0 otherwise; and the tag
/// features' flags.
#[test]
fn exit_statuses_say_what_went_wrong() {
    let root = std::env::temp_dir().join(format!("rustgen-status-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("shop.yaml"), SPEC).unwrap();
    fs::write(root.join("broken.yaml"), "openapi: 3.0.3\npaths: [\n").unwrap();
    let status = |args: &[&str]| {
        let output = generator().current_dir(&root).args(args).output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = status(&["--no-such-flag"]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, stderr) = status(&["--out", "broken", "broken.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("broken.yaml") && stderr.contains("nothing was written"));
    assert!(!root.join("broken").exists());
    let args = ["--out", "shop", "--runtime-version", "0.1", "shop.yaml"];
    assert_eq!(
        status(&["check"].iter().chain(&args).copied().collect::<Vec<_>>()).0,
        Some(3)
    );
    assert!(!root.join("shop").exists(), "check wrote nothing");
    assert_eq!(status(&args).0, Some(0));
    let check: Vec<&str> = ["check"].iter().chain(&args).copied().collect();
    assert_eq!(status(&check).0, Some(0));
    fs::write(root.join("shop/src/types.rs"), "// edited\n").unwrap();
    let (code, stderr) = status(&check);
    assert_eq!(code, Some(3));
    assert!(stderr.contains("stale: shop/src/types.rs"), "{stderr}");
    let manifest = fs::read_to_string(root.join("shop/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("openapi-runtime = { version = \"0.1\" }"),
        "{manifest}"
    );
    assert!(
        !manifest.contains("full = ["),
        "two operations get no tag features by default"
    );
    // The last of `--tag-features` and `--no-tag-features` given wins.
    let tagged = |flags: &[&str]| {
        let mut args = vec!["--out", "tagged", "--runtime-version", "0.1", "shop.yaml"];
        args.extend(flags);
        assert_eq!(status(&args).0, Some(0));
        fs::read_to_string(root.join("tagged/Cargo.toml")).unwrap()
    };
    let manifest = tagged(&["--tag-features"]);
    assert!(
        manifest.contains("full = [\"items\", \"orders\"]"),
        "{manifest}"
    );
    let manifest = tagged(&["--tag-features", "--no-tag-features"]);
    assert!(!manifest.contains("full = ["), "{manifest}");
    fs::remove_dir_all(&root).unwrap();
}
