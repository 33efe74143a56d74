//! summary.json: the same records as summary.csv, with the run's provenance.

use super::SummaryRow;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Summary<'a> {
    scenario: &'a str,
    seed: u64,
    replications: u32,
    authsim_version: &'static str,
    results: &'a [SummaryRow],
}

pub fn write_summary(
    scenario: &str,
    rows: &[SummaryRow],
    seed: u64,
    replications: u32,
    mut out: impl Write,
) -> std::io::Result<()> {
    let summary = Summary {
        scenario,
        seed,
        replications,
        authsim_version: env!("CARGO_PKG_VERSION"),
        results: rows,
    };
    serde_json::to_writer_pretty(&mut out, &summary)?;
    writeln!(out)
}
