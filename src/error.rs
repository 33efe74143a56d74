//! Every failure the library can report, typed here and rendered once by the binary.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// 1-based line and column in a scenario file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
pub enum Error {
    /// The scenario file is malformed or inconsistent.
    Scenario {
        file: PathBuf,
        at: Option<Location>,
        message: String,
    },
    /// A command-line value cannot be used as given.
    Usage(String),
    /// An input file could not be read.
    Read { path: PathBuf, source: io::Error },
    /// Results could not be written.
    Write { path: PathBuf, source: io::Error },
}

impl Error {
    /// 2 for anything the user can fix in their input, 1 for failures of the machine.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write { .. } => 1,
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
            Error::Scenario { file, at, message } => {
                write!(f, "{}", file.display())?;
                if let Some(at) = at {
                    write!(f, ":{}:{}", at.line, at.column)?;
                }
                write!(f, ": {message}")
            }
            Error::Usage(message) => f.write_str(message),
            Error::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {}
