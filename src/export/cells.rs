//! A record's fields as CSV cells, and the one place every CSV cell of authsim's
//! files is written. Numbers are in Rust's `Display` form (`1`, `0.0000001`,
//! never `1e-7`), which every CSV reader takes as they are; an absent value is
//! an empty cell. A cell a spreadsheet would run as a formula is written
//! neutralised, and read back as it was.

use serde::de::value::Error;
use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};
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

/// A CSV file as it is written, a row at a time, each cell through `neutral`.
pub struct Sheet<W: Write>(csv::Writer<W>);

impl<W: Write> Sheet<W> {
    pub fn new(out: W) -> Self {
        Sheet(csv::Writer::from_writer(out))
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> io::Result<()> {
        for cell in cells {
            self.0.write_field(neutral(cell.as_ref()).as_bytes())?;
        }
        // An empty record ends the row the fields began.
        self.0.write_record(std::iter::empty::<&[u8]>())?;
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `records` under a header of their field names.
pub fn write_records<R: Serialize>(
    out: impl Write,
    records: impl IntoIterator<Item = R>,
) -> io::Result<()> {
    let mut sheet = Sheet::new(out);
    for (i, record) in records.into_iter().enumerate() {
        let fields = fields(&record);
        if i == 0 {
            sheet.row(fields.iter().map(|(name, _)| *name))?;
        }
        sheet.row(fields.into_iter().map(|(_, cell)| cell))?;
    }
    sheet.flush()
}

/// The cells of a struct of scalars, in field order.
pub fn cells<R: Serialize>(record: &R) -> Vec<String> {
    fields(record).into_iter().map(|(_, cell)| cell).collect()
}

/// Each field of a struct of scalars: its name and its cell.
fn fields<R: Serialize>(record: &R) -> Vec<(&'static str, String)> {
    let mut cells = Cells::default();
    record
        .serialize(&mut cells)
        .expect("a record is a struct of scalars");
    cells.names.into_iter().zip(cells.cells).collect()
}

#[derive(Default)]
struct Cells {
    names: Vec<&'static str>,
    cells: Vec<String>,
}

impl Cells {
    fn push(&mut self, cell: impl ToString) -> Result<(), Error> {
        self.cells.push(cell.to_string());
        Ok(())
    }
}

fn not_a_cell() -> Error {
    ser::Error::custom("a record's field is a scalar")
}

impl Serializer for &mut Cells {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.push(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.push("")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.push("")
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(not_a_cell())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(not_a_cell())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.push(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(not_a_cell())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_cell())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_cell())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_cell())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_cell())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_cell())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_cell())
    }
}

impl SerializeStruct for &mut Cells {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.names.push(name);
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
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
            "cohort,share,change\n'=x,0.5,-1.5\noffice,1,\n"
        );
    }
}
