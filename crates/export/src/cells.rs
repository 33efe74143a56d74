//! How authsim's CSV cells are written: a record's fields by the csv crate's
//! own serializer (a float always as a float, `0.0`; an absent value an empty
//! cell), and a text cell a spreadsheet would run as a formula neutralised, and
//! read back as it was.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::io::{self, Write};

/// What a spreadsheet reads as the start of a formula (or, for tab and carriage
/// return, what it drops before one), and the quote that neutralises it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
const QUOTE: char = '\'';

/// `text` as a spreadsheet shows it rather than runs it: a cell that starts as a
/// formula does (a name like `=HYPERLINK(...)` or `-1 day tokens`) gets a leading
/// quote, as OWASP advises. A number (`-0.25`) is left as it is, being no formula,
/// and a cell already starting with the quote gets another, so that `plain`
/// gives back exactly what was written.
pub fn neutral(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(FORMULA_STARTS) && !is_number(text);
    match formula || text.starts_with(QUOTE) {
        true => Cow::Owned(format!("{QUOTE}{text}")),
        false => Cow::Borrowed(text),
    }
}

/// A cell as read back: what `neutral` was given.
pub fn plain(cell: &str) -> &str {
    match cell.strip_prefix(QUOTE) {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with(QUOTE) => rest,
        _ => cell,
    }
}

/// A signed decimal, as `Display` writes a number.
fn is_number(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    text.len() - digits.len() <= 1
        && [whole, fraction]
            .iter()
            .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// A CSV file as it is written, a row at a time: its text cells through
/// `neutral`, then (`record`) a record's fields through the csv crate.
pub struct Sheet<W: Write>(csv::Writer<W>);

impl<W: Write> Sheet<W> {
    pub fn new(out: W) -> Self {
        Sheet(
            csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(out),
        )
    }

    /// A row of text cells alone: a header.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> io::Result<()> {
        self.text(cells)?;
        // An empty record ends the row the fields began.
        self.0.write_record(std::iter::empty::<&[u8]>())?;
        Ok(())
    }

    /// A row of text cells, then the fields of `record` in the same row.
    pub fn record<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
        record: &impl Serialize,
    ) -> io::Result<()> {
        self.text(cells)?;
        self.0.serialize(record)?;
        Ok(())
    }

    fn text<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> io::Result<()> {
        for cell in cells {
            self.0.write_field(neutral(cell.as_ref()).as_bytes())?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `records` under a header of their field names, each through the csv crate's
/// own serializer: a float is always written as one (`0.0`, never `0`), so
/// pandas and polars infer the same dtype for a column in every run. Text a
/// record takes from a scenario goes through `text`.
pub fn write_records<R: Serialize>(
    out: impl Write,
    records: impl IntoIterator<Item = R>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for record in records {
        w.serialize(record)?;
    }
    w.flush()
}

/// A text field a scenario names (a component, a switch, a cohort): written
/// through `neutral`, for `#[serde(serialize_with = "text")]`.
pub fn text<S: Serializer>(value: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&neutral(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_neutralised_a_number_is_not_and_every_cell_reads_back() {
        for (text, cell) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+night shift", "'+night shift"),
            ("-1 day tokens", "'-1 day tokens"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\tx", "'\tx"),
            ("'quoted", "''quoted"),
            ("-inf", "'-inf"),
            ("-05:00", "'-05:00"),
            ("-0.25", "-0.25"),
            ("+3", "+3"),
            ("baseline", "baseline"),
            ("", ""),
        ] {
            assert_eq!(neutral(text), cell, "{text:?}");
            assert_eq!(plain(cell), text, "{cell:?}");
        }
        // A cell no run writes reads as it is.
        assert_eq!(plain("'abc"), "'abc");
    }

    #[test]
    fn records_are_written_under_their_field_names() {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            #[serde(serialize_with = "text")]
            cohort: &'a str,
            share: f64,
            change: Option<f64>,
        }
        let mut out = Vec::new();
        let rows = [
            Row {
                cohort: "=x",
                share: 0.5,
                change: Some(-1.5),
            },
            Row {
                cohort: "office",
                share: 1.0,
                change: None,
            },
        ];
        write_records(&mut out, rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "cohort,share,change\n'=x,0.5,-1.5\noffice,1.0,\n"
        );
    }
}
