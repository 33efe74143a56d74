//! `--format parquet`: each long-format CSV of a run folder also as NAME.parquet,
//! the same rows and columns, typed (string, int64, float64, bool: the dtypes
//! docs/outputs.md documents), an empty CSV cell a null, zstd-compressed. Each
//! column's type comes from the record type (`kinds`), never from the values, so
//! a column is typed alike in every run. Written with the `parquet` crate's
//! column writer, without arrow. The CSVs stay: authsim reads those back.

mod cells;
mod kinds;

use super::cells::plain;
use super::long_csv::{SLICE, cohort_and_mix};
use super::records::Row;
use super::{
    ACTIONS_CSV, COMPARISON_CSV, DENIALS_BY_COMPONENT_CSV, Outputs, REPLICATIONS_CSV, SUMMARY_CSV,
    TIMESERIES_CSV, replications,
};
use authsim_core::error::Error;
use cells::Cell;
pub use kinds::Kind;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::borrow::Borrow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

/// Rows held before they are written as a row group: bounds the memory a long
/// replications table takes.
const ROW_GROUP: usize = 1 << 17;

/// How a table's rows are written into its file.
type Writer = fn(&Outputs, BufWriter<File>) -> io::Result<()>;

/// Each long-format CSV of a run folder, and its rows.
pub const TABLES: [(&str, Writer); 6] = [
    (REPLICATIONS_CSV, |o, out| {
        write_rows(out, &o.parameters, replications::rows(o))
    }),
    (SUMMARY_CSV, |o, out| {
        write_rows(out, &o.parameters, &o.summary.results)
    }),
    (COMPARISON_CSV, |o, out| {
        let rows = o.comparison.as_ref().map_or(&[][..], |c| &c.results);
        write_rows(out, &o.parameters, rows)
    }),
    (TIMESERIES_CSV, |o, out| {
        write_rows(out, &o.parameters, &o.timeseries)
    }),
    (DENIALS_BY_COMPONENT_CSV, |o, out| {
        write_rows(out, &o.parameters, &o.denials_by_component)
    }),
    (ACTIONS_CSV, |o, out| {
        write_rows(out, &o.parameters, &o.actions)
    }),
];

/// The Parquet file beside a CSV: `summary.csv` is `summary.parquet`.
pub fn name_of(csv: &str) -> String {
    format!("{}.parquet", csv.strip_suffix(".csv").unwrap_or(csv))
}

/// Writes the Parquet file of each of `written` (the files a run wrote) that is
/// a table into `dir`; their names.
pub fn write_tables<'a>(
    outputs: &Outputs,
    dir: &Path,
    written: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    for file in written {
        let Some((_, write)) = TABLES.iter().find(|(csv, _)| *csv == file) else {
            continue;
        };
        let name = name_of(file);
        let path = dir.join(&name);
        let out = File::create(&path).map_err(Error::write(&path))?;
        write(outputs, BufWriter::new(out)).map_err(Error::write(&path))?;
        names.push(name);
    }
    Ok(names)
}

/// `rows` as a Parquet file of the same columns as their CSV: `variant`, the
/// swept parameters, the slice, then the record's fields.
pub fn write_rows<R: Serialize + DeserializeOwned>(
    out: impl Write + Send,
    parameters: &[String],
    rows: impl IntoIterator<Item = impl Borrow<Row<R>>>,
) -> io::Result<()> {
    let fields = kinds::of::<R>();
    let mut columns: Vec<Column> = std::iter::once("variant")
        .chain(parameters.iter().map(String::as_str))
        .chain(SLICE)
        .map(|name| Column::new(name, Kind::Str))
        .collect();
    let leading = columns.len();
    for (name, kind) in fields {
        let kind = kind.ok_or_else(|| invalid(format!("column `{name}` has no type")))?;
        columns.push(Column::new(name, kind));
    }
    let schema = Type::group_type_builder("schema")
        .with_fields(
            columns
                .iter()
                .map(Column::schema)
                .collect::<Result<_, _>>()?,
        )
        .build()
        .map_err(io::Error::other)?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_created_by(format!("authsim {}", crate::VERSION_AND_BUILD))
        .build();
    let mut file = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(properties))
        .map_err(io::Error::other)?;
    let mut held = 0;
    for row in rows {
        let row = row.borrow();
        let (cohort, mix) = cohort_and_mix(&row.cohort);
        let text = std::iter::once(row.variant.as_str())
            .chain(row.parameters.0.iter().map(|(_, v)| v.as_str()))
            .chain([cohort, mix, row.app.as_str()]);
        for (column, value) in columns.iter_mut().zip(text) {
            column.push(Cell::Str(value.to_string()))?;
        }
        let record = cells::fields(&row.fields).map_err(io::Error::other)?;
        if record.len() != columns.len() - leading {
            return Err(invalid(format!(
                "a record of {} fields where the type has {}",
                record.len(),
                columns.len() - leading
            )));
        }
        for (column, (name, cell)) in columns[leading..].iter_mut().zip(record) {
            if name != column.name {
                return Err(invalid(format!(
                    "field `{name}` where `{}` was due",
                    column.name
                )));
            }
            column.push(cell)?;
        }
        held += 1;
        if held == ROW_GROUP {
            flush(&mut file, &mut columns)?;
            held = 0;
        }
    }
    if held > 0 {
        flush(&mut file, &mut columns)?;
    }
    file.into_inner().map_err(io::Error::other)?.flush()
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Writes the held rows as one row group.
fn flush<W: Write + Send>(
    file: &mut SerializedFileWriter<W>,
    columns: &mut [Column],
) -> io::Result<()> {
    let mut group = file.next_row_group().map_err(io::Error::other)?;
    for column in columns {
        let mut writer = group
            .next_column()
            .map_err(io::Error::other)?
            .ok_or_else(|| invalid(format!("no column for `{}`", column.name)))?;
        let defined = Some(&column.defined[..]);
        let written = match &column.values {
            Values::Str(v) => writer
                .typed::<ByteArrayType>()
                .write_batch(v, defined, None),
            Values::Int(v) => writer.typed::<Int64Type>().write_batch(v, defined, None),
            Values::Float(v) => writer.typed::<DoubleType>().write_batch(v, defined, None),
            Values::Bool(v) => writer.typed::<BoolType>().write_batch(v, defined, None),
        };
        written.map_err(io::Error::other)?;
        writer.close().map_err(io::Error::other)?;
        column.clear();
    }
    group.close().map_err(io::Error::other)?;
    Ok(())
}

/// One column's held values; every column may hold nulls, as every CSV cell
/// may be empty.
struct Column {
    name: String,
    kind: Kind,
    /// 1 for a value, 0 for a null: Parquet's definition levels.
    defined: Vec<i16>,
    values: Values,
}

enum Values {
    Str(Vec<ByteArray>),
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

impl Column {
    fn new(name: &str, kind: Kind) -> Column {
        let values = match kind {
            Kind::Str => Values::Str(Vec::new()),
            Kind::Int => Values::Int(Vec::new()),
            Kind::Float => Values::Float(Vec::new()),
            Kind::Bool => Values::Bool(Vec::new()),
        };
        Column {
            name: name.to_string(),
            kind,
            defined: Vec::new(),
            values,
        }
    }

    fn schema(&self) -> io::Result<Arc<Type>> {
        let (physical, logical) = match self.kind {
            Kind::Str => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            Kind::Int => (Physical::INT64, None),
            Kind::Float => (Physical::DOUBLE, None),
            Kind::Bool => (Physical::BOOLEAN, None),
        };
        Type::primitive_type_builder(&self.name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
            .map(Arc::new)
            .map_err(io::Error::other)
    }

    /// A cell as the CSV reader reads it: an empty text cell is NA, and text is
    /// as given, not as neutralised for a spreadsheet.
    fn push(&mut self, cell: Cell) -> io::Result<()> {
        let defined = match (&mut self.values, cell) {
            (_, Cell::Null) => false,
            (Values::Str(_), Cell::Str(s)) if s.is_empty() => false,
            (Values::Str(v), Cell::Str(s)) => {
                v.push(ByteArray::from(plain(&s)));
                true
            }
            (Values::Int(v), Cell::Int(x)) => {
                v.push(x);
                true
            }
            (Values::Float(v), Cell::Float(x)) => {
                v.push(x);
                true
            }
            (Values::Bool(v), Cell::Bool(x)) => {
                v.push(x);
                true
            }
            (_, cell) => {
                return Err(invalid(format!(
                    "column `{}` ({}): {cell:?}",
                    self.name,
                    self.kind.dtype()
                )));
            }
        };
        self.defined.push(i16::from(defined));
        Ok(())
    }

    fn clear(&mut self) {
        self.defined.clear();
        match &mut self.values {
            Values::Str(v) => v.clear(),
            Values::Int(v) => v.clear(),
            Values::Float(v) => v.clear(),
            Values::Bool(v) => v.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TABLES;
    use crate::EXPORTERS;

    #[test]
    fn every_csv_of_a_run_folder_has_its_table() {
        let csvs: Vec<&str> = EXPORTERS
            .iter()
            .map(|e| e.file())
            .filter(|f| f.ends_with(".csv"))
            .collect();
        let tables: Vec<&str> = TABLES.iter().map(|(csv, _)| *csv).collect();
        assert_eq!(tables, csvs);
        assert_eq!(super::name_of("summary.csv"), "summary.parquet");
    }
}
