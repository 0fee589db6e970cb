//! `multipart/form-data` bodies (RFC 7578): written from a body's properties, and read back
//! into them. Text properties are text parts; binary ones are file parts.

use std::borrow::Cow;

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The form field name.
    pub name: Cow<'a, str>,
    /// The file name, for a file part.
    pub filename: Option<Cow<'a, str>>,
    /// The part's content.
    pub data: Cow<'a, [u8]>,
}

/// A boundary that does not occur in any of `parts`.
pub fn boundary(parts: &[Part<'_>]) -> String {
    let seed = std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), parts.len());
    (0u64..)
        .map(|n| format!("openapi-runtime-{:016x}", seed.wrapping_add(n)))
        .find(|boundary| {
            parts
                .iter()
                .all(|part| !contains(&part.data, boundary.as_bytes()))
        })
        .expect("an unbounded range always yields a free boundary")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The body of `parts` with `boundary`.
pub fn write(parts: &[Part<'_>], boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let name = quote(&part.name);
        match &part.filename {
            Some(filename) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n",
                    quote(filename)
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(&part.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

/// A name in a quoted header parameter: quotes and line breaks percent-encoded, as browsers do.
fn quote(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The `boundary` parameter of a `multipart/form-data` content type.
pub fn boundary_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (key, value) = parameter.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"'))
    })
}

/// The parts of a multipart body, or why it cannot be read.
pub fn read<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, String> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut rest = match find(body, delimiter) {
        Some(at) => &body[at + delimiter.len()..],
        None => return Err("the body has no part".to_owned()),
    };
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a boundary line does not end with CRLF")?;
        let end = find(rest, delimiter).ok_or("the body ends inside a part")?;
        let part = rest[..end]
            .strip_suffix(b"\r\n")
            .ok_or("a part does not end with CRLF")?;
        parts.push(read_part(part)?);
        rest = &rest[end + delimiter.len()..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn read_part(part: &[u8]) -> Result<Part<'_>, String> {
    let split = find(part, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
    let headers =
        std::str::from_utf8(&part[..split]).map_err(|_| "a part's headers are not UTF-8")?;
    let data = &part[split + 4..];
    let disposition = headers
        .split("\r\n")
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(value)
        })
        .ok_or("a part has no Content-Disposition")?;
    let parameter = |wanted: &str| {
        disposition.split(';').skip(1).find_map(|parameter| {
            let (key, value) = parameter.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case(wanted)
                .then(|| Cow::Owned(unquote(value.trim())))
        })
    };
    Ok(Part {
        name: parameter("name").ok_or("a part has no name")?,
        filename: parameter("filename"),
        data: Cow::Borrowed(data),
    })
}

fn unquote(value: &str) -> String {
    value
        .trim_matches('"')
        .replace("%22", "\"")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_parts_read_back() {
        let parts = vec![
            Part {
                name: "note".into(),
                filename: None,
                data: Cow::Borrowed(b"hello \"world\""),
            },
            Part {
                name: "file".into(),
                filename: Some("a \"b\".bin".into()),
                data: Cow::Borrowed(&[0, 1, 2, 13, 10, 255]),
            },
        ];
        let boundary = boundary(&parts);
        let body = write(&parts, &boundary);
        let content_type = format!("multipart/form-data; boundary={boundary}");
        assert_eq!(boundary_of(&content_type), Some(boundary.as_str()));
        assert_eq!(read(&body, &boundary).unwrap(), parts);
    }

    #[test]
    fn broken_bodies_are_refused_not_panicked_on() {
        for body in [
            &b""[..],
            b"--b",
            b"--b\r\nno blank line--b--",
            b"--b\r\n\r\nx\r\n--b--",
        ] {
            assert!(read(body, "b").is_err(), "{body:?}");
        }
        assert_eq!(read(b"--b--\r\n", "b").unwrap(), vec![]);
    }
}
