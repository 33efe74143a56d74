//! Maps a field path back to the line and column where the file wrote it.

use super::path::{FieldPath, Seg};
use crate::error::Location;
use toml::de::{DeTable, DeValue};

pub struct SourceMap<'a> {
    doc: DeTable<'a>,
    /// The byte offset of each line's start: a file with thousands of warnings
    /// locates each in logarithmic time.
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Parses the document; a syntax error comes back with its location.
    pub fn parse(text: &'a str) -> Result<Self, (Option<Location>, String)> {
        match DeTable::parse(text) {
            Ok(doc) => Ok(SourceMap {
                doc: doc.into_inner(),
                line_starts: std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect(),
            }),
            Err(e) => {
                let at = e.span().map(|s| location(text, s.start));
                let message = e.message().trim().to_string();
                Err((at, format!("not valid TOML: {message}")))
            }
        }
    }

    /// The deepest part of `path` the file spells out (a key's position, or an array element's).
    pub fn locate(&self, path: &FieldPath) -> Option<Location> {
        let mut best = None;
        let mut value: Option<&DeValue<'a>> = None;
        for seg in &path.0 {
            let found = match (seg, value) {
                (Seg::Key(k), None) => self
                    .doc
                    .get_key_value(k.as_str())
                    .map(|(key, v)| (key.span(), v)),
                (Seg::Key(k), Some(DeValue::Table(t))) => {
                    t.get_key_value(k.as_str()).map(|(key, v)| (key.span(), v))
                }
                (Seg::Index(i), Some(DeValue::Array(a))) => a.get(*i).map(|v| (v.span(), v)),
                _ => None,
            };
            let Some((span, next)) = found else { break };
            best = Some(span.start);
            value = Some(next.get_ref());
        }
        best.map(|offset| {
            let line = self.line_starts.partition_point(|&start| start <= offset);
            Location {
                line,
                column: offset - self.line_starts[line - 1] + 1,
            }
        })
    }
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn location(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    Location { line, column }
}
