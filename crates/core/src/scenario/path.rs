//! Dotted paths into a scenario (`cohorts.staff.registrations[0].share`), shared by
//! overrides, validation messages and the source map.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// `a.b.c` as written on the command line or in a `set` key.
    pub fn parse(dotted: &str) -> Self {
        FieldPath(dotted.split('.').map(|k| Seg::Key(k.to_string())).collect())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Seg::Key(key.to_string()));
        next
    }

    pub fn index(&self, i: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Seg::Index(i));
        next
    }

    pub fn join(&self, tail: &FieldPath) -> Self {
        let mut next = self.clone();
        next.0.extend(tail.0.iter().cloned());
        next
    }

    pub fn from_serde(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        FieldPath(
            path.iter()
                .filter_map(|seg| match seg {
                    Segment::Seq { index } => Some(Seg::Index(*index)),
                    Segment::Map { key } => Some(Seg::Key(key.clone())),
                    Segment::Enum { .. } | Segment::Unknown => None,
                })
                .collect(),
        )
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A problem found at a place in the scenario; the loader turns the place into a line.
#[derive(Debug, Clone)]
pub struct Problem {
    pub path: FieldPath,
    pub message: String,
}

impl Problem {
    pub fn new(path: FieldPath, message: impl Into<String>) -> Self {
        Problem {
            path,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `path: message`, or the message alone for a problem with the whole file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.0.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}
