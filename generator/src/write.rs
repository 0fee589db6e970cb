//! Stage 5: formatted files -> the generated crate's `src/`, or a staleness check of it.
//!
//! Generation finishes in memory before this stage starts, so a spec error never leaves a
//! half-written tree; each changed file is written to a temporary file and renamed over the
//! old one, so a crash mid-write never leaves a torn file either.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

use crate::GeneratedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the directory up to date.
    Write,
    /// Change nothing; report what is stale.
    Check,
}

/// What a write (or check) found, by file name below the directory.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose contents changed (in check mode: would change).
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    /// `.rs` files the generator no longer makes (in check mode: would remove).
    pub removed: Vec<String>,
}

impl WriteReport {
    pub fn is_up_to_date(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Writes `files` into `dir` (or checks them against it), touching only what differs.
pub fn write(dir: &Path, files: &[GeneratedFile], mode: Mode) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    if mode == Mode::Write {
        fs::create_dir_all(dir)?;
    }
    for file in files {
        let path = dir.join(&file.path);
        let current = match fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(err) => return Err(err),
        };
        if current.as_deref() == Some(file.contents.as_bytes()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        if mode == Mode::Write {
            let temporary = dir.join(format!(".{}.tmp", file.path));
            fs::write(&temporary, &file.contents)?;
            fs::rename(&temporary, &path)?;
        }
        report.changed.push(file.path.clone());
    }

    let made: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    if dir.is_dir() {
        let mut leftovers = Vec::new();
        for entry in fs::read_dir(dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") && !made.contains(name.as_str()) {
                leftovers.push(name);
            }
        }
        leftovers.sort();
        for name in leftovers {
            if mode == Mode::Write {
                fs::remove_file(dir.join(&name))?;
            }
            report.removed.push(name);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn writes_only_what_changed_and_removes_leftovers() {
        let dir = std::env::temp_dir().join(format!("generator-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.rs"), "same").unwrap();
        fs::write(dir.join("old.rs"), "gone").unwrap();
        fs::write(dir.join("notes.txt"), "kept").unwrap();
        let files = [file("a.rs", "same"), file("b.rs", "new")];

        let check = write(&dir, &files, Mode::Check).unwrap();
        assert_eq!(check.changed, ["b.rs"]);
        assert_eq!(check.removed, ["old.rs"]);
        assert!(!dir.join("b.rs").exists(), "check mode must not write");
        assert!(dir.join("old.rs").exists(), "check mode must not remove");

        let written = write(&dir, &files, Mode::Write).unwrap();
        assert_eq!(written, check);
        assert_eq!(fs::read_to_string(dir.join("b.rs")).unwrap(), "new");
        assert!(!dir.join("old.rs").exists());
        assert!(dir.join("notes.txt").exists());
        assert!(write(&dir, &files, Mode::Check).unwrap().is_up_to_date());
        fs::remove_dir_all(&dir).unwrap();
    }
}
