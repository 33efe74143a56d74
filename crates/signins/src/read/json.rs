//! JSON, streaming: a Graph page's `value` array is read element by element
//! (a seed over the sequence), never as a whole (a page on one line of at
//! most `LINE_LIMIT` bytes is held as that line); any number of top-level
//! values follow one another (JSON lines, pages concatenated), and a
//! top-level array holds pages or records. Each record is one `Object`
//! (only the keys the reader wants), where a duplicate key's LAST value wins.

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use authsim_core::error::Error;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::bad;
use super::input::Json;
use super::loose::{Keep, Key, Loose, Object, object, object_entry};

/// One record as read.
pub(crate) struct Record<'a> {
    pub fields: Object<'a>,
    /// 1-based, in the order of the file.
    pub number: u64,
    /// The line the record ends on.
    pub line: u64,
    /// The record was an element of a Graph page's `value`.
    pub in_page: bool,
}

pub(crate) type Each<'e> = dyn for<'a> FnMut(Record<'a>) -> Result<(), Error> + 'e;

/// Pages seen, and pages that named a next page (`@odata.nextLink`).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Pages {
    pub pages: u64,
    pub with_next_link: u64,
}

/// A line longer than this is not held whole: the reader streams it.
const LINE_LIMIT: u64 = 1 << 20;

/// Reads every record of `json`, in order, handing each to `each`; stops
/// at the first error `each` returns, or at the first fault in the JSON
/// (with its line and column, and `hint` on what to do). A record keeps the
/// keys `keep` passes (all where `None`). Lines that hold whole values
/// (JSON lines, a compact page) are parsed from memory, a line at a time
/// (fast); from the first value that goes on past its line (a
/// pretty-printed page) or a line over `LINE_LIMIT`, the rest is streamed
/// byte by byte, from the start of that line (the records already handed
/// on from it are not handed on again).
pub(crate) fn records(
    json: Json<'_>,
    name: &Path,
    hint: &str,
    keep: Keep<'_>,
    each: &mut Each,
) -> Result<Pages, Error> {
    let mut sink = Sink {
        each,
        keep,
        failed: None,
        number: 0,
        replayed: 0,
        lines: Rc::new(Cell::new(1)),
        pages: Pages::default(),
    };
    let reader = json.reader;
    let mut line = 1 + json.lines_before;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = (&mut *reader)
            .take(LINE_LIMIT)
            .read_until(b'\n', &mut buf)
            .map_err(|e| super::input::unreadable(name, e))?;
        if n == 0 {
            return Ok(sink.pages);
        }
        let whole = buf.ends_with(b"\n") || (n as u64) < LINE_LIMIT;
        if buf.iter().all(u8::is_ascii_whitespace) {
            line += 1;
            continue;
        }
        let (number, pages) = (sink.number, sink.pages);
        if whole {
            sink.lines.set(line);
            // Text checked as UTF-8 once, not string by string; a line
            // that is not is read as bytes, for the fault's place.
            let parsed = match std::str::from_utf8(&buf) {
                Ok(text) => line_values(serde_json::Deserializer::from_str(text), &mut sink),
                Err(_) => line_values(serde_json::Deserializer::from_slice(&buf), &mut sink),
            };
            match parsed {
                Ok(()) => {
                    line += 1;
                    continue;
                }
                // A value that goes on past its line: streamed below.
                Err(e) if e.is_eof() && sink.failed.is_none() => {}
                Err(e) => {
                    return Err(sink
                        .failed
                        .take()
                        .unwrap_or_else(|| fault(name, &e, line - 1, hint)));
                }
            }
        }
        sink.replayed = sink.number - number;
        (sink.number, sink.pages) = (number, pages);
        let rest = std::io::Cursor::new(std::mem::take(&mut buf)).chain(reader);
        return stream(rest, line, &mut sink, name, hint);
    }
}

/// The values of one line, held in memory.
fn line_values<'a, R: serde_json::de::Read<'a>>(
    mut de: serde_json::Deserializer<R>,
    sink: &mut Sink,
) -> Result<(), serde_json::Error> {
    loop {
        (Top { sink: &mut *sink }).deserialize(&mut de)?;
        if de.end().is_ok() {
            return Ok(());
        }
    }
}

/// The rest of the file, from the start of line `line`, streamed.
fn stream(
    reader: impl Read,
    line: u64,
    sink: &mut Sink,
    name: &Path,
    hint: &str,
) -> Result<Pages, Error> {
    sink.lines.set(line);
    let counted = LineCount {
        inner: reader,
        lines: sink.lines.clone(),
    };
    let mut de = serde_json::Deserializer::from_reader(counted);
    loop {
        if let Err(e) = (Top { sink: &mut *sink }).deserialize(&mut de) {
            return Err(sink
                .failed
                .take()
                .unwrap_or_else(|| fault(name, &e, line - 1, hint)));
        }
        if de.end().is_ok() {
            return Ok(sink.pages);
        }
    }
}

fn fault(name: &Path, e: &serde_json::Error, lines_before: u64, hint: &str) -> Error {
    let text = e.to_string();
    let what = text.split(" at line ").next().unwrap_or(&text);
    let why = if e.is_eof() {
        "the JSON stops in the middle of a value (cut off?)"
    } else if e.is_data() {
        "not the shape of this export"
    } else {
        "not valid JSON"
    };
    bad(
        name,
        Some((e.line() as u64 + lines_before, e.column().max(1) as u64)),
        format!("{what}: {why}; {hint}"),
    )
}

/// A reader that counts the lines it has passed on.
struct LineCount<R> {
    inner: R,
    lines: Rc<Cell<u64>>,
}

impl<R: Read> Read for LineCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let newlines = buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        if newlines > 0 {
            self.lines.set(self.lines.get() + newlines);
        }
        Ok(n)
    }
}

struct Sink<'s, 'e> {
    each: &'s mut Each<'e>,
    keep: Keep<'s>,
    /// Records of the line being streamed again that were handed on
    /// already (from memory, before its value turned out to go on).
    replayed: u64,
    /// The error `each` returned, kept typed while serde unwinds.
    failed: Option<Error>,
    number: u64,
    lines: Rc<Cell<u64>>,
    pages: Pages,
}

impl Sink<'_, '_> {
    fn record<E: de::Error>(&mut self, fields: Object<'_>, in_page: bool) -> Result<(), E> {
        self.number += 1;
        if self.replayed > 0 {
            self.replayed -= 1;
            return Ok(());
        }
        let record = Record {
            fields,
            number: self.number,
            line: self.lines.get(),
            in_page,
        };
        (self.each)(record).map_err(|e| {
            self.failed = Some(e);
            E::custom("stopped")
        })
    }
}

/// A top-level value: a page, a record, or a list of them.
struct Top<'t, 's, 'e> {
    sink: &'t mut Sink<'s, 'e>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Graph page, a record, or a list of them")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut fields = Object(Vec::with_capacity(24));
        let (mut page, mut next_link) = (false, false);
        while let Some(Key(key)) = map.next_key()? {
            if key == "value" {
                page = true;
                map.next_value_seed(Values {
                    sink: &mut *self.sink,
                })?;
            } else if key == "@odata.nextLink" {
                next_link = matches!(map.next_value()?, Loose::Text(_));
            } else {
                object_entry(&mut fields, key, self.sink.keep, &mut map)?;
            }
        }
        if !page {
            return self.sink.record(fields, false);
        }
        self.sink.pages.pages += 1;
        self.sink.pages.with_next_link += u64::from(next_link);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Top {
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// A page's `value`: records, one at a time.
struct Values<'t, 's, 'e> {
    sink: &'t mut Sink<'s, 'e>,
}

impl<'de> DeserializeSeed<'de> for Values<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Values<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records (a Graph page's `value`)")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let keep = self.sink.keep;
        while let Some(fields) = seq.next_element_seed(AnObject(keep))? {
            self.sink.record(fields, true)?;
        }
        Ok(())
    }
}

/// A record in a page's `value`: an object (anything else is refused, in place).
struct AnObject<'k>(Keep<'k>);

impl<'de> DeserializeSeed<'de> for AnObject<'_> {
    type Value = Object<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Object<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnObject<'_> {
    type Value = Object<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<'de>, A::Error> {
        object(map, self.0)
    }
}
