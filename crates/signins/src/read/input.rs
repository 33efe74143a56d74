//! Opening an export: gzip by its magic bytes (decompressed as it is read),
//! a UTF-8 BOM skipped, then JSON (first character `{` or `[`) or CSV.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use authsim_core::error::Error;
use flate2::bufread::MultiGzDecoder;

use super::{ReadStats, bad};

/// Big enough that a gzip member header and a CSV header fit, small
/// enough to be nothing beside a record.
const BUFFER: usize = 1 << 16;

/// What the export turned out to be, ready to be read record by record.
pub(crate) enum Found<'a> {
    Json(Json<'a>),
    Csv(Csv<'a>),
}

/// JSON text: one or more values (pages, records, lists of them).
pub(crate) struct Json<'a> {
    pub reader: &'a mut dyn BufRead,
    /// Lines skipped before the first value (blank lines).
    pub lines_before: u64,
}

/// CSV text, from its header line.
pub(crate) struct Csv<'a> {
    pub reader: &'a mut dyn BufRead,
    pub lines_before: u64,
}

pub(crate) type Handler<'h> = dyn FnMut(Found<'_>, &mut ReadStats) -> Result<(), Error> + 'h;

/// Finds the shape of `reader` and hands it to `handle`; the stats it fills
/// come back with "+gzip" added to the format where the file was gzipped.
pub(crate) fn read(
    reader: impl Read,
    name: &Path,
    handle: &mut Handler,
) -> Result<ReadStats, Error> {
    let mut buffered = BufReader::with_capacity(BUFFER, reader);
    let head = buffered.fill_buf().map_err(|e| unreadable(name, e))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut inner = BufReader::with_capacity(BUFFER, MultiGzDecoder::new(buffered));
        let mut stats = plain(&mut inner, name, handle)?;
        stats.format = gzipped(stats.format);
        return Ok(stats);
    }
    plain(&mut buffered, name, handle)
}

fn plain(reader: &mut dyn BufRead, name: &Path, handle: &mut Handler) -> Result<ReadStats, Error> {
    let mut lines_before = 0;
    let mut start = true;
    let first = loop {
        let buf = reader.fill_buf().map_err(|e| unreadable(name, e))?;
        if buf.is_empty() {
            break None;
        }
        let mut skip = 0;
        if start && buf.starts_with(b"\xEF\xBB\xBF") {
            skip = 3;
        }
        start = false;
        while skip < buf.len() && buf[skip].is_ascii_whitespace() {
            lines_before += u64::from(buf[skip] == b'\n');
            skip += 1;
        }
        let found = buf.get(skip).copied();
        reader.consume(skip);
        if found.is_some() {
            break found;
        }
    };
    let mut stats = ReadStats::default();
    match first {
        None => {
            return Err(bad(
                name,
                None,
                "the file is empty: an export holds at least a header line or one record; \
                 export it again"
                    .to_string(),
            ));
        }
        Some(b'{' | b'[') => handle(
            Found::Json(Json {
                reader,
                lines_before,
            }),
            &mut stats,
        )?,
        Some(_) => handle(
            Found::Csv(Csv {
                reader,
                lines_before,
            }),
            &mut stats,
        )?,
    }
    Ok(stats)
}

/// An I/O error while reading: for a gzipped file, usually a corrupt one.
/// A folder opens but cannot be read: said so, without the gzip hint.
pub(crate) fn unreadable(name: &Path, e: std::io::Error) -> Error {
    let message = if name.is_dir() {
        "is a folder, not an export: name the export files in it".to_string()
    } else {
        format!("cannot read the export: {e} (a gzip file cut short or corrupt?)")
    };
    bad(name, None, message)
}

fn gzipped(format: &'static str) -> &'static str {
    match format {
        "graph-json" => "graph-json+gzip",
        "graph-jsonl" => "graph-jsonl+gzip",
        "azure-monitor-jsonl" => "azure-monitor-jsonl+gzip",
        "portal-csv" => "portal-csv+gzip",
        "siem-csv" => "siem-csv+gzip",
        "registrations-json" => "registrations-json+gzip",
        "registrations-csv" => "registrations-csv+gzip",
        "policies-json" => "policies-json+gzip",
        other => other,
    }
}
