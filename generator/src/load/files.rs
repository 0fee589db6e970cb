//! Where the files that a document refers to come from, and how a reference's path is joined
//! to the name of the file it stands in.

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;

/// Reads the files a spec refers to (`$ref: schemas/pet.yaml`), by name: the referring file's
/// name joined with the reference's relative path.
pub trait Files: Sync {
    fn read(&self, name: &str) -> io::Result<String>;
}

/// Files on disk, their names relative to a folder (absolute names stay as they are). A spec
/// named other than by its path (relative to the crate it makes, or by its file name) reads
/// what it refers to from where it really is: each such spec gives a folder, tried in order.
#[derive(Debug, Clone, Default)]
pub struct Disk {
    roots: Vec<PathBuf>,
}

impl Disk {
    /// Names relative to `root`.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Disk {
            roots: vec![root.into()],
        }
    }

    /// Names relative to the first of `roots` that has the file.
    pub fn at_any(roots: impl IntoIterator<Item = PathBuf>) -> Self {
        Disk {
            roots: roots.into_iter().collect(),
        }
    }

    /// Names relative to the current directory.
    pub fn current() -> Self {
        Disk::default()
    }

    fn read_at(root: &std::path::Path, name: &str) -> io::Result<String> {
        let path = root.join(name);
        // Only a regular file: a reference to a device or a folder is no spec.
        if !std::fs::metadata(&path)?.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        std::fs::read_to_string(path)
    }
}

impl Files for Disk {
    fn read(&self, name: &str) -> io::Result<String> {
        let Some((first, rest)) = self.roots.split_first() else {
            return Disk::read_at(std::path::Path::new(""), name);
        };
        let found = Disk::read_at(first, name);
        if found.is_ok() {
            return found;
        }
        rest.iter()
            .find_map(|root| Disk::read_at(root, name).ok())
            .map_or(found, Ok)
    }
}

/// Files held in memory, by name (for tests, and for callers that have the files already).
impl Files for BTreeMap<String, String> {
    fn read(&self, name: &str) -> io::Result<String> {
        self.get(name)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
}

/// `relative` (a reference's path, `/`-separated) read from the folder of the file `from`,
/// with `.` and `..` steps taken: `join("api/openapi.yaml", "../schemas/pet.yaml")` is
/// `schemas/pet.yaml`.
pub fn join(from: &str, relative: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let absolute = relative.starts_with('/');
    if !absolute {
        segments.extend(from.split('/'));
        segments.pop();
    }
    let leading_root = absolute || from.starts_with('/');
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => match segments.last() {
                Some(&last) if last != ".." && !last.is_empty() => {
                    segments.pop();
                }
                _ if leading_root => {}
                _ => segments.push(".."),
            },
            segment => segments.push(segment),
        }
    }
    let joined = segments
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    if leading_root {
        format!("/{joined}")
    } else {
        joined
    }
}

/// A URI reference's `%XX` escapes decoded (`users%7Bid%7D.yaml` is `users{id}.yaml`);
/// anything that is not a valid escape stays as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_join_to_the_referring_files_folder() {
        assert_eq!(join("openapi.yaml", "pet.yaml"), "pet.yaml");
        assert_eq!(
            join("api/openapi.yaml", "./paths/menu.yaml"),
            "api/paths/menu.yaml"
        );
        assert_eq!(
            join("api/paths/menu.yaml", "../schemas/Pet.yaml"),
            "api/schemas/Pet.yaml"
        );
        assert_eq!(join("openapi.yaml", "../x.yaml"), "../x.yaml");
        assert_eq!(join("/tmp/a/openapi.yaml", "../b.json"), "/tmp/b.json");
        assert_eq!(join("a/b.yaml", "/abs/c.yaml"), "/abs/c.yaml");
        assert_eq!(percent_decode("users%7Bid%7D.yaml"), "users{id}.yaml");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
