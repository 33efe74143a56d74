//! The records of a run folder's files, each type shared by the writer and every
//! reader (the report, `compare`): the file format is defined here and only here.

use crate::montecarlo::metrics::Metric;
use crate::montecarlo::precision::Stopping;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One row of a long-format file: a variant, its swept parameters, and the row's
/// own fields. In CSV each parameter is a column of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row<R> {
    pub variant: String,
    pub parameters: Parameters,
    #[serde(flatten)]
    pub fields: R,
}

/// A variant's swept parameters in the run's order: each path with its value as
/// written on the command line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parameters(pub Vec<(String, String)>);

impl Parameters {
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.as_str())
    }
}

/// summary.csv, and each result of summary.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRecord {
    pub metric: Metric,
    pub mean: f64,
    pub ci95_half_width: f64,
    pub replications: u32,
    pub seed: u64,
}

/// comparison.csv, and each result of comparison.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRecord {
    pub metric: Metric,
    pub baseline_mean: f64,
    pub variant_mean: f64,
    pub difference: f64,
    pub ci_half_width: f64,
    pub ci_level: f64,
    pub unpaired_ci_half_width: f64,
    /// Difference over the baseline mean; none when the baseline is zero.
    pub relative_change: Option<f64>,
    pub replications: u32,
    pub seed: u64,
}

/// timeseries.csv: one variant's time bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeseriesRecord {
    /// Seconds from the simulation start.
    pub bucket_start_s: f64,
    /// As a planner writes it: `2d 09:30`.
    pub bucket_start: String,
    pub locked_out_share: f64,
    pub locked_out_share_ci95: f64,
    pub token_requests_per_min: f64,
    pub token_requests_per_min_ci95: f64,
    pub seed: u64,
}

/// summary.json: the summary with the run's provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryDocument {
    pub scenario: String,
    pub description: String,
    pub seed: u64,
    pub replications: u32,
    pub authsim_version: String,
    /// The command line that ran it.
    pub command: Vec<String>,
    /// The swept paths, in column order.
    pub parameters: Vec<String>,
    /// Metrics some variant's scenario models; the others are zero by construction.
    pub modelled: Vec<Metric>,
    /// Why a `--precision` run stopped where it did.
    pub precision: Option<Stopping>,
    pub results: Vec<Row<SummaryRecord>>,
}

/// comparison.json: every variant against the baseline, paired by replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonDocument {
    pub scenario: String,
    pub seed: u64,
    pub replications: u32,
    /// Confidence of all intervals together.
    pub family_level: f64,
    /// Confidence of each interval.
    pub ci_level: f64,
    /// "bonferroni" for several comparisons, else "none".
    pub adjustment: String,
    pub comparisons: usize,
    pub results: Vec<Row<ComparisonRecord>>,
}

/// What `--json` prints on stdout.
#[derive(Debug, Clone, Serialize)]
pub struct RunDocument<'a> {
    pub folder: String,
    pub summary: &'a SummaryDocument,
    pub comparison: Option<&'a ComparisonDocument>,
}

impl Serialize for Parameters {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (path, value) in &self.0 {
            map.serialize_entry(path, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Parameters {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Parameters;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of swept paths to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parameters, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Parameters(pairs))
            }
        }
        d.deserialize_map(InOrder)
    }
}
