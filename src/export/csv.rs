//! summary.csv: long format, one row per variant and metric.

use super::SummaryRow;
use std::io::Write;

pub fn write_summary(rows: &[SummaryRow], out: impl Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    for row in rows {
        w.serialize(row)?;
    }
    w.flush()
}
