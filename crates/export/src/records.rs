//! The records of a run folder's files, each type shared by the writer and every
//! reader (the report, `compare`): the file format is defined here and only here.

use super::summary::SummaryCells;
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::percentiles::Percentile;
use authsim_core::montecarlo::precision::Stopping;
use authsim_core::montecarlo::series::SeriesMetric;
use authsim_core::montecarlo::slices::{self, ALL};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::LazyLock;

/// One row of a long-format file: a variant, its swept parameters, and the row's
/// own fields. In CSV each parameter is a column of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Row<R> {
    pub variant: String,
    pub parameters: Parameters,
    /// The slice of the population (see `montecarlo::slices`): `all`, a cohort or
    /// `cohort/mix`, and `all` or an app. Files older than the columns hold `all` alone.
    #[serde(default = "all")]
    pub cohort: String,
    #[serde(default = "all")]
    pub app: String,
    #[serde(flatten)]
    pub fields: R,
}

fn all() -> String {
    ALL.to_string()
}

impl<R> Row<R> {
    /// Whether the row is of the whole population across all apps.
    pub fn is_whole(&self) -> bool {
        slices::whole(&self.cohort, &self.app)
    }
}

/// The variants of long-format rows, in the order they first appear.
pub fn variants<R>(rows: &[Row<R>]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for r in rows {
        if !names.contains(&r.variant.as_str()) {
            names.push(&r.variant);
        }
    }
    names
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(into = "SummaryCells", from = "SummaryCells")]
pub struct SummaryRecord {
    pub metric: Metric,
    /// Whether the run's scenario models the metric: one it does not is 0 by
    /// construction, and its figures are written empty (NA; `null` in JSON), so
    /// no data user reads a measured zero.
    pub modelled: bool,
    pub mean: f64,
    /// The sample standard deviation over replications; none in files before 0.8.
    pub sd: Option<f64>,
    /// The Student-t half-width, as before 0.4: symmetric, and too short where
    /// the values are skewed or mostly 0. The interval to read is the next two.
    pub ci95_half_width: f64,
    /// The 95% interval (`montecarlo::interval`); none in files before 0.4.
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    /// Replications in which the metric was not 0: those that saw what it counts.
    pub event_replications: Option<u32>,
    /// Fewer than `MIN_EVENTS` of them: the interval may hold far less than 95%.
    pub few_events: bool,
    pub replications: u32,
    pub seed: u64,
    /// A metric's `percentiles::REPORTED` over replications, where it is of
    /// interest (`percentiles::of_interest`) and its design fails at random (each replication a random draw of failures);
    /// empty otherwise, and in files before 0.10.
    pub percentiles: Vec<Percentile>,
}

impl SummaryRecord {
    /// The interval to read: mean ± half-width in files before 0.4.
    pub fn interval(&self) -> (f64, f64) {
        let hw = self.ci95_half_width;
        (
            self.ci95_low.unwrap_or(self.mean - hw),
            self.ci95_high.unwrap_or(self.mean + hw),
        )
    }
}

/// replications.csv: one metric's value in one replication of a slice, the raw
/// data every summary figure is the mean of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicationRecord {
    pub replication: u32,
    pub metric: Metric,
    /// Empty (NA) for a metric the scenario does not model: 0 by construction.
    pub value: Option<f64>,
    pub seed: u64,
}

/// comparison.csv, and each result of comparison.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComparisonRecord {
    pub metric: Metric,
    pub baseline_mean: f64,
    pub variant_mean: f64,
    pub difference: f64,
    /// The Student-t half-width at `ci_level`, as before 0.4; the interval to read is
    /// the next two.
    pub ci_half_width: f64,
    /// The difference's interval at `ci_level` (`montecarlo::interval`); none in
    /// files before 0.4.
    #[serde(default)]
    pub ci_low: Option<f64>,
    #[serde(default)]
    pub ci_high: Option<f64>,
    /// Replications in which the two designs differ: those the difference rests on.
    #[serde(default)]
    pub event_replications: Option<u32>,
    /// Fewer than `MIN_EVENTS` of them: the interval may hold far less than its level.
    #[serde(default)]
    pub few_events: bool,
    #[serde(default)]
    pub ci_level: f64,
    pub unpaired_ci_half_width: f64,
    /// Difference over the baseline mean; none when the baseline is zero.
    pub relative_change: Option<f64>,
    // Each row carries these since 0.2; older comparison.json files have them only once.
    #[serde(default)]
    pub replications: u32,
    #[serde(default)]
    pub seed: u64,
}

impl ComparisonRecord {
    /// The interval to read: difference ± half-width in files before 0.4.
    pub fn interval(&self) -> (f64, f64) {
        let hw = self.ci_half_width;
        (
            self.ci_low.unwrap_or(self.difference - hw),
            self.ci_high.unwrap_or(self.difference + hw),
        )
    }
}

/// Columns added since 0.3: a file without them is read with their defaults
/// (and `summary::PERCENTILE_COLUMNS`, since 0.10).
pub const NEWER_COLUMNS: [&str; 7] = [
    "sd",
    "ci95_low",
    "ci95_high",
    "ci_low",
    "ci_high",
    "event_replications",
    "few_events",
];

/// timeseries.csv: one variant's time bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeseriesRecord {
    /// Seconds from the simulation start.
    pub bucket_start_s: f64,
    /// As a planner writes it: `2d 09:30`.
    pub bucket_start: String,
    /// Each series' mean and 95% half-width, in `SeriesMetric::ALL` order: a
    /// column each, named by the series' definition.
    pub values: [(f64, f64); SeriesMetric::ALL.len()],
    pub seed: u64,
}

/// denials_by_component.csv: what one cause of denial accounts for in a variant.
/// Each denial credits in full every component down on its paths, so a
/// variant's shares may add up to more than one where components fail together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CauseRecord {
    /// A component's name, or a cause that is not one ("signing keys").
    #[serde(serialize_with = "super::cells::text")]
    pub component: String,
    pub kind: CauseKind,
    /// Denied attempts it was down for, per replication.
    pub denied_attempts: f64,
    pub denied_attempts_ci95: f64,
    /// Of the variant's denied attempts (over all replications).
    pub denied_share: f64,
    /// Hours of the lockouts its denials began, per 1,000 users.
    pub lockout_hours_per_1k_users: f64,
    pub lockout_hours_per_1k_users_ci95: f64,
    /// Of the variant's lockout hours.
    pub lockout_hours_share: f64,
    pub replications: u32,
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    Component,
    /// A denial no component explains: a key the resource refused, a contingency
    /// block, or anything else.
    NotAComponent,
}

/// summary.json: the summary with the run's provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SummaryDocument {
    pub scenario: String,
    pub description: String,
    pub seed: u64,
    pub replications: u32,
    pub authsim_version: String,
    /// The code that ran it (`authsim::BUILD`); empty in run folders older than the field.
    #[serde(default)]
    pub authsim_build: String,
    /// The command line that ran it.
    pub command: Vec<String>,
    /// The shard folders `authsim merge` combined into it; none for a run on one machine.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shards: Vec<String>,
    /// The swept paths, in column order.
    pub parameters: Vec<String>,
    /// Metrics some variant's scenario models; the others are zero by construction,
    /// but for those in `sampled_away`. (Empty in run folders older than the field.)
    #[serde(default)]
    pub modelled: Vec<Metric>,
    /// Metrics modelled that the run's `sample_users` cannot estimate: unknown, not zero.
    #[serde(default)]
    pub sampled_away: Vec<Metric>,
    /// Why a `--precision` run stopped where it did.
    pub precision: Option<Stopping>,
    pub results: Vec<Row<SummaryRecord>>,
}

/// comparison.json: every variant against the baseline, paired by replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    pub format_version: u32,
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

/// Each swept path with its value, as written on the command line.
impl schemars::JsonSchema for Parameters {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Parameters".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": { "type": "string" } })
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

/// timeseries.csv's columns after the variant and its parameters.
static TIMESERIES_FIELDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let series = SeriesMetric::ALL.iter().flat_map(|m| {
        let d = m.definition();
        [d.name, d.ci_name]
    });
    ["bucket_start_s", "bucket_start"]
        .into_iter()
        .chain(series)
        .chain(["seed"])
        .collect()
});

impl Serialize for TimeseriesRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut record = s.serialize_struct("TimeseriesRecord", TIMESERIES_FIELDS.len())?;
        record.serialize_field("bucket_start_s", &self.bucket_start_s)?;
        record.serialize_field("bucket_start", &self.bucket_start)?;
        for (m, (mean, ci)) in SeriesMetric::ALL.iter().zip(&self.values) {
            let d = m.definition();
            record.serialize_field(d.name, mean)?;
            record.serialize_field(d.ci_name, ci)?;
        }
        record.serialize_field("seed", &self.seed)?;
        record.end()
    }
}

impl<'de> Deserialize<'de> for TimeseriesRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = TimeseriesRecord;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time bucket")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TimeseriesRecord, A::Error> {
                let (mut start_s, mut start, mut seed) = (None, None, None);
                let mut values = [(None, None); SeriesMetric::ALL.len()];
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "bucket_start_s" => start_s = Some(map.next_value()?),
                        "bucket_start" => start = Some(map.next_value()?),
                        "seed" => seed = Some(map.next_value()?),
                        column => {
                            let find = |m: &&SeriesMetric| {
                                let d = m.definition();
                                column == d.name || column == d.ci_name
                            };
                            let Some(m) = SeriesMetric::ALL.iter().find(find) else {
                                return Err(de::Error::unknown_field(column, &TIMESERIES_FIELDS));
                            };
                            let slot = &mut values[m.index()];
                            match column == m.definition().name {
                                true => slot.0 = Some(map.next_value()?),
                                false => slot.1 = Some(map.next_value()?),
                            }
                        }
                    }
                }
                let missing = |name: &'static str| de::Error::missing_field(name);
                let mut pairs = [(0.0, 0.0); SeriesMetric::ALL.len()];
                for (m, pair) in SeriesMetric::ALL.iter().zip(&mut pairs) {
                    let d = m.definition();
                    let (mean, ci) = values[m.index()];
                    *pair = (
                        mean.ok_or_else(|| missing(d.name))?,
                        ci.ok_or_else(|| missing(d.ci_name))?,
                    );
                }
                Ok(TimeseriesRecord {
                    bucket_start_s: start_s.ok_or_else(|| missing("bucket_start_s"))?,
                    bucket_start: start.ok_or_else(|| missing("bucket_start"))?,
                    values: pairs,
                    seed: seed.ok_or_else(|| missing("seed"))?,
                })
            }
        }
        d.deserialize_struct("TimeseriesRecord", &TIMESERIES_FIELDS, Fields)
    }
}
