//! Every failure the library can report, typed here and rendered once by the binary.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// A message about a place in a file: `FILE:LINE:COLUMN: message`, or `FILE: message`
/// where the problem has no one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub file: PathBuf,
    pub at: Option<Location>,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(at) = self.at {
            write!(f, ":{}:{}", at.line, at.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug)]
pub enum Error {
    /// The scenario file is malformed or inconsistent, or the run it asks for too large.
    Scenario(Located),
    /// A file of an earlier run folder is missing, malformed or holds a value no run writes.
    RunFolder(Located),
    /// An export given to `authsim import` (sign-in log, registrations, policies)
    /// is not what it should be; the place names the line or the record.
    Import(Located),
    /// A command-line value cannot be used as given.
    Usage(String),
    /// An input file could not be read.
    Read { path: PathBuf, source: io::Error },
    /// Results could not be written.
    Write { path: PathBuf, source: io::Error },
    /// The user asked a long step to stop (Ctrl-C); what it had written is whole.
    Interrupted,
}

impl Error {
    /// 2 for anything the user can fix in their input, 1 for failures of the
    /// machine, 130 (as for SIGINT) for a stop the user asked for.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write { .. } => 1,
            Error::Interrupted => 130,
            _ => 2,
        }
    }

    pub fn write(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Write { path, source }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Scenario(located) | Error::RunFolder(located) | Error::Import(located) => {
                located.fmt(f)
            }
            Error::Usage(message) => f.write_str(message),
            Error::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            Error::Interrupted => f.write_str("interrupted"),
        }
    }
}

impl std::error::Error for Error {}

/// An analysis past one of the bounds of `scenario::limits`: a variant with too
/// many paths, a path whose diagram or evaluation would take too long, or too
/// many reruns. The analysis knows the variant, not the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct TooComplex {
    pub variant: String,
    /// The dotted key path of what to change (`cohorts.staff`, `components`).
    pub at: String,
    pub message: String,
}

impl TooComplex {
    /// The refusal of the scenario `file`, rendered as every scenario error is.
    pub fn in_file(self, file: &std::path::Path) -> Error {
        Error::Scenario(Located {
            file: file.to_path_buf(),
            at: None,
            message: format!(
                "in variant \"{}\": {}: {}",
                self.variant, self.at, self.message
            ),
        })
    }
}
