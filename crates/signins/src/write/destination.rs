//! Where a log goes: a new file, never one that exists, gzip-compressed where
//! its name ends in `.gz`.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Where a log goes: a new file (never one that exists), gzip-compressed
/// where its name ends in `.gz`.
pub enum Destination {
    Plain(BufWriter<File>),
    Gzip(GzEncoder<BufWriter<File>>),
}

impl Destination {
    pub fn create(path: &Path) -> io::Result<Destination> {
        let file = BufWriter::new(File::create_new(path)?);
        Ok(match path.extension().is_some_and(|e| e == "gz") {
            true => Destination::Gzip(GzEncoder::new(file, Compression::default())),
            false => Destination::Plain(file),
        })
    }

    /// Writes what is buffered, and gzip's trailer.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Destination::Plain(mut w) => w.flush(),
            Destination::Gzip(g) => g.finish()?.flush(),
        }
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Destination::Plain(w) => w.write(buf),
            Destination::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::Plain(w) => w.flush(),
            Destination::Gzip(w) => w.flush(),
        }
    }
}
