//! Maps a field path back to the line and column where the file wrote it.

use super::path::{FieldPath, Seg};
use crate::error::Location;
use toml::Spanned;
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

impl SourceMap<'_> {
    /// The path of the value written at byte `offset`: where the parser found a
    /// number too large to hold, say.
    pub fn path_at(&self, offset: usize) -> Option<FieldPath> {
        holding(&mut entries(&self.doc), offset, FieldPath::root())
    }
}

/// A table's values, each with its key.
fn entries<'v, 'a>(
    table: &'v DeTable<'a>,
) -> impl Iterator<Item = (Seg, &'v Spanned<DeValue<'a>>)> {
    table
        .iter()
        .map(|(key, value)| (Seg::Key(key.get_ref().to_string()), value))
}

/// The path, below `at`, of the innermost of `values` written over `offset`.
fn holding<'v, 'a: 'v>(
    values: &mut dyn Iterator<Item = (Seg, &'v Spanned<DeValue<'a>>)>,
    offset: usize,
    at: FieldPath,
) -> Option<FieldPath> {
    for (seg, value) in values {
        let mut here = at.clone();
        here.0.push(seg);
        let found = match value.get_ref() {
            DeValue::Table(table) => holding(&mut entries(table), offset, here),
            DeValue::Array(array) => holding(
                &mut array.iter().enumerate().map(|(i, v)| (Seg::Index(i), v)),
                offset,
                here,
            ),
            _ => value.span().contains(&offset).then_some(here),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn location(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    Location { line, column }
}
