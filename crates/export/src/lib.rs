//! A run folder's files, each written by an exporter of its own behind one trait,
//! from records (`records`) that the report and `compare` read back with the
//! same types. `folder` writes a run folder so that it is whole or absent, and
//! `whole` lists its files last, so a folder read back can tell it is whole.

pub mod actions;
pub mod analysis;
mod cells;
mod comparison;
mod denials;
pub mod folder;
pub mod journal;
pub mod json;
pub mod long_csv;
pub mod manifest;
pub mod merge;
pub mod numbers;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod records;
pub mod replications;
mod resolved;
pub mod schema;
pub mod summary;
mod timeseries;
pub mod unfinished;
pub mod whole;

use authsim_core::error::Error;
use authsim_core::montecarlo::precision::Stopping;
use authsim_core::montecarlo::{RunResult, SliceResult, VariantResult};
use authsim_core::scenario::RunPlan;
pub use json::{FORMAT_VERSION, Versioned};
use records::{
    CauseRecord, ComparisonDocument, Parameters, Row, SummaryDocument, TimeseriesRecord,
};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// The files of a run folder, each named once.
pub const SUMMARY_CSV: &str = "summary.csv";
pub const SUMMARY_JSON: &str = "summary.json";
pub const COMPARISON_CSV: &str = "comparison.csv";
pub const COMPARISON_JSON: &str = "comparison.json";
pub const TIMESERIES_CSV: &str = "timeseries.csv";
pub const DENIALS_BY_COMPONENT_CSV: &str = "denials_by_component.csv";
pub const REPLICATIONS_CSV: &str = "replications.csv";
pub const RESOLVED_SCENARIO: &str = "scenario.resolved.toml";
pub const ACTIONS_CSV: &str = "actions.csv";
/// The largest file of a run folder authsim reads back.
pub const MAX_RUN_FILE_BYTES: u64 = 1 << 30;

/// One file of a run folder.
pub trait Exporter: Sync {
    fn file(&self) -> &'static str;
    /// Whether this run has anything to put in the file.
    fn applies(&self, _outputs: &Outputs) -> bool {
        true
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()>;
}

/// Every file a run writes, in the order they are written.
pub const EXPORTERS: [&dyn Exporter; 9] = [
    &replications::ReplicationsCsv,
    &summary::SummaryCsv,
    &summary::SummaryJson,
    &comparison::ComparisonCsv,
    &comparison::ComparisonJson,
    &timeseries::TimeseriesCsv,
    &denials::DenialsByComponentCsv,
    &resolved::ResolvedScenario,
    &actions::ActionsCsv,
];

/// Everything a run reports, as the records its files hold.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The swept paths: a column each.
    pub parameters: Vec<String>,
    pub summary: SummaryDocument,
    /// Every slice's metrics per replication: what the summary is computed from.
    pub replications: Vec<replications::SliceSamples>,
    /// None for a run with only the baseline.
    pub comparison: Option<ComparisonDocument>,
    pub timeseries: Vec<Row<TimeseriesRecord>>,
    /// What denied attempts, per variant and cause.
    pub denials_by_component: Vec<Row<CauseRecord>>,
    /// Each switch's and rule's `time_to_act`, per variant; none without either.
    pub actions: Vec<Row<actions::ActionRecord>>,
    /// `scenario.resolved.toml`: the scenario with every default filled in.
    pub resolved: String,
    /// Csv, or each table also as Parquet.
    pub format: Format,
}

/// How a run folder's tables are written: as CSV, which authsim reads back, or
/// as CSV and, beside each, the same table as Parquet (`export::parquet`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Csv,
    Parquet,
}

impl Format {
    /// Why `parquet` cannot be chosen, in a build without it.
    pub const NO_PARQUET: &str = "this authsim was built without Parquet (the `parquet` cargo feature): \
         build it with the default features, `cargo build --release`, or use --format csv";

    /// The format named `name` (`csv`, `parquet`), where this build writes it.
    pub fn named(name: &str) -> Result<Format, String> {
        match name {
            "csv" => Ok(Format::Csv),
            "parquet" if cfg!(feature = "parquet") => Ok(Format::Parquet),
            "parquet" => Err(Format::NO_PARQUET.to_string()),
            _ => Err("expected csv or parquet".to_string()),
        }
    }

    pub fn is_csv(&self) -> bool {
        *self == Format::Csv
    }
}

impl Outputs {
    pub fn new(
        plan: &RunPlan,
        result: &RunResult,
        stopping: Option<Stopping>,
        command: Vec<String>,
    ) -> Self {
        let swept = plan.parameters();
        let parameters: Vec<Parameters> = (0..result.variants.len())
            .map(|v| {
                Parameters(
                    swept
                        .iter()
                        .map(|(path, values)| (path.clone(), values[v].clone()))
                        .collect(),
                )
            })
            .collect();
        let scenario = plan.file.display().to_string();
        let samples = replications::samples(result, &parameters);
        Outputs {
            parameters: swept.iter().map(|(path, _)| path.clone()).collect(),
            comparison: comparison::document(&scenario, result, &parameters),
            timeseries: timeseries::rows(result, &parameters),
            denials_by_component: denials::rows(result, &parameters),
            actions: actions::rows(plan, result, &parameters),
            resolved: resolved::text(plan, stopping.as_ref()),
            summary: summary::document(plan, scenario, result, &samples, stopping, command),
            replications: samples,
            format: Format::Csv,
        }
    }

    /// Writes every file that applies into `dir`, then their list (`whole`).
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let exporters: Vec<&dyn Exporter> =
            EXPORTERS.into_iter().filter(|e| e.applies(self)).collect();
        for exporter in &exporters {
            let path = dir.join(exporter.file());
            let file = File::create(&path).map_err(Error::write(&path))?;
            let mut w = BufWriter::new(file);
            exporter
                .write(self, &mut w)
                .and_then(|()| w.flush())
                .map_err(Error::write(&path))?;
        }
        let written = exporters.iter().map(|e| e.file());
        let tables = match self.format {
            Format::Csv => Vec::new(),
            Format::Parquet => self.parquet(dir, written.clone())?,
        };
        whole::seal(dir, written.chain(tables.iter().map(String::as_str)))
    }

    #[cfg(feature = "parquet")]
    fn parquet<'a>(
        &self,
        dir: &Path,
        written: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<String>, Error> {
        parquet::write_tables(self, dir, written)
    }

    #[cfg(not(feature = "parquet"))]
    fn parquet<'a>(
        &self,
        _: &Path,
        _: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<String>, Error> {
        Err(Error::Usage(Format::NO_PARQUET.to_string()))
    }
}

/// Every slice of every variant, with the variant and its swept parameters.
fn slices<'a>(
    result: &'a RunResult,
    parameters: &'a [Parameters],
) -> impl Iterator<Item = (&'a VariantResult, &'a Parameters, &'a SliceResult)> {
    result
        .variants
        .iter()
        .zip(parameters)
        .flat_map(|(v, p)| v.slices.iter().map(move |s| (v, p, s)))
}

/// A JSON document with its `format_version`, pretty-printed, with a final newline.
fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Versioned::new(value))?;
    writeln!(out)
}

/// This build's version, which every file a run writes records: replications
/// of another version may differ.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The code this build was made from (`build.rs`): `commit 1a2b3c4d5e6f`, with
/// `, modified: source HASH` where the sources differ from that commit, or
/// `source HASH` without git. Two builds of one version can differ, so a run
/// folder records this too, and merges or resumes only its own build's.
pub const BUILD: &str = env!("AUTHSIM_BUILD");

/// The version and the build, as `authsim --version` gives them:
/// `0.6.0 (commit 1a2b3c4d5e6f)`.
pub const VERSION_AND_BUILD: &str =
    concat!(env!("CARGO_PKG_VERSION"), " (", env!("AUTHSIM_BUILD"), ")");
