//! Path templates as routes: OpenAPI's `/files/{id}/thumbnail.{extension}` becomes a route
//! the router takes (`/files/{p1}/{p2}`: one positional parameter per templated segment), and
//! a matched segment gives back the description's parameters by name. Two templates that
//! differ only in their parameter names are one route, and a parameter that is only part of a
//! segment is read here, not by the router, which cannot.

use std::borrow::Cow;

/// One piece of a templated path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Param(String),
}

/// A path template, split into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    /// Each segment's pieces; a segment without parameters is one `Text`.
    segments: Vec<Vec<Piece>>,
}

impl Template {
    pub(crate) fn parse(path: &str) -> Self {
        let segments = path
            .trim_start_matches('/')
            .split('/')
            .map(|segment| {
                let mut pieces = Vec::new();
                let mut rest = segment;
                while let Some(open) = rest.find('{') {
                    let Some(close) = rest[open..].find('}').map(|at| open + at) else {
                        break;
                    };
                    if open > 0 {
                        pieces.push(Piece::Text(rest[..open].to_owned()));
                    }
                    pieces.push(Piece::Param(rest[open + 1..close].to_owned()));
                    rest = &rest[close + 1..];
                }
                if !rest.is_empty() || pieces.is_empty() {
                    pieces.push(Piece::Text(rest.to_owned()));
                }
                pieces
            })
            .collect();
        Template { segments }
    }

    /// The route for the router: static segments as they are (braces escaped), each templated
    /// segment a parameter named after its position.
    pub(crate) fn route(&self) -> String {
        let mut route = String::new();
        for (index, pieces) in self.segments.iter().enumerate() {
            route.push('/');
            match pieces.as_slice() {
                [Piece::Text(text)] => route.push_str(&text.replace('{', "{{").replace('}', "}}")),
                _ => route.push_str(&format!("{{p{index}}}")),
            }
        }
        route
    }

    /// The description's path parameters from the router's positional ones; `None` when a
    /// segment does not fit its template (`thumbnail.png` for `preview.{extension}`).
    pub(crate) fn params<'a>(
        &self,
        matched: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Option<Vec<(Cow<'static, str>, Cow<'a, str>)>> {
        let mut params = Vec::new();
        for (key, value) in matched {
            let index: usize = key.strip_prefix('p')?.parse().ok()?;
            read_segment(self.segments.get(index)?, value, &mut params)?;
        }
        Some(params)
    }
}

/// The parameters of one segment's `pieces` in `value`: each parameter takes the text up to
/// the next piece of text (or the rest of the segment).
fn read_segment<'a>(
    pieces: &[Piece],
    value: &'a str,
    params: &mut Vec<(Cow<'static, str>, Cow<'a, str>)>,
) -> Option<()> {
    let mut rest = value;
    let mut pieces = pieces.iter().peekable();
    while let Some(piece) = pieces.next() {
        match piece {
            Piece::Text(text) => rest = rest.strip_prefix(text.as_str())?,
            Piece::Param(name) => {
                let end = match pieces.peek() {
                    Some(Piece::Text(next)) => rest.find(next.as_str())?,
                    _ => rest.len(),
                };
                params.push((Cow::Owned(name.clone()), Cow::Borrowed(&rest[..end])));
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_positional_routes() {
        assert_eq!(Template::parse("/pets/{petId}").route(), "/pets/{p1}");
        assert_eq!(Template::parse("/pets/{id}").route(), "/pets/{p1}");
        assert_eq!(
            Template::parse("/files/{file_id}/thumbnail.{extension}").route(),
            "/files/{p1}/{p2}"
        );
        assert_eq!(Template::parse("/").route(), "/");
        assert_eq!(Template::parse("/a/b").route(), "/a/b");
    }

    #[test]
    fn segments_give_back_their_parameters() {
        let template = Template::parse("/files/{file_id}/thumbnail.{extension}");
        let params = template
            .params([("p1", "12"), ("p2", "thumbnail.png")].into_iter())
            .unwrap();
        let params: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        assert_eq!(params, [("file_id", "12"), ("extension", "png")]);
        assert!(
            template
                .params([("p2", "preview.png")].into_iter())
                .is_none()
        );
        let two = Template::parse("/range/{from}-{to}");
        let params = two.params([("p1", "3-9")].into_iter()).unwrap();
        assert_eq!(params.len(), 2);
        assert_eq!(params[1].1, "9");
    }
}
