//! A run folder read back: what `authsim plot` and the report draw from, so charts
//! come from the files alone and never need the simulation again.

use crate::error::Error;
use crate::scenario::{self, Scenario};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
pub struct Summary {
    pub scenario: String,
    #[serde(default)]
    pub description: String,
    pub seed: u64,
    pub replications: u32,
    pub authsim_version: String,
    #[serde(default)]
    pub command: Vec<String>,
    pub parameters: Vec<String>,
    pub results: Vec<Record>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub variant: String,
    pub parameters: BTreeMap<String, String>,
    pub metric: String,
    pub mean: f64,
    pub ci95_half_width: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Comparison {
    pub ci_level: f64,
    pub comparisons: usize,
    pub results: Vec<Difference>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Difference {
    pub variant: String,
    pub metric: String,
    pub baseline_mean: f64,
    pub variant_mean: f64,
    pub difference: f64,
    pub ci_half_width: f64,
    pub relative_change: Option<f64>,
}

/// One variant's time series.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub start_s: Vec<f64>,
    pub locked_out_share: Vec<(f64, f64)>,
    pub token_requests_per_min: Vec<(f64, f64)>,
}

#[derive(Debug, Clone)]
pub struct RunData {
    pub folder: PathBuf,
    pub summary: Summary,
    pub comparison: Option<Comparison>,
    /// Variants in the run's order.
    pub variants: Vec<String>,
    pub series: BTreeMap<String, Series>,
    pub scenario: Scenario,
}

impl RunData {
    pub fn read(folder: &Path) -> Result<Self, Error> {
        let bad = |file: &str, why: String| {
            Error::Usage(format!(
                "{}: {why}; is {} an authsim run folder?",
                folder.join(file).display(),
                folder.display()
            ))
        };
        let text = |file: &str| {
            std::fs::read_to_string(folder.join(file)).map_err(|e| bad(file, e.to_string()))
        };
        let summary: Summary = serde_json::from_str(&text("summary.json")?)
            .map_err(|e| bad("summary.json", e.to_string()))?;
        let comparison = match folder.join("comparison.json").exists() {
            true => Some(
                serde_json::from_str(&text("comparison.json")?)
                    .map_err(|e| bad("comparison.json", e.to_string()))?,
            ),
            false => None,
        };
        let mut variants: Vec<String> = Vec::new();
        for r in &summary.results {
            if !variants.contains(&r.variant) {
                variants.push(r.variant.clone());
            }
        }
        let series =
            read_series(&folder.join("timeseries.csv")).map_err(|e| bad("timeseries.csv", e))?;
        let resolved = folder.join("scenario.resolved.toml");
        let scenario = scenario::load(&resolved)?.resolved;
        Ok(RunData {
            folder: folder.to_path_buf(),
            summary,
            comparison,
            variants,
            series,
            scenario,
        })
    }

    pub fn record(&self, variant: &str, metric: &str) -> Option<&Record> {
        self.summary
            .results
            .iter()
            .find(|r| r.variant == variant && r.metric == metric)
    }

    /// The title every chart carries: scenario and seed.
    pub fn title(&self) -> String {
        let name = Path::new(&self.summary.scenario)
            .file_stem()
            .map_or(self.summary.scenario.clone(), |s| {
                s.to_string_lossy().into_owned()
            });
        format!(
            "{name} · seed {} · {} replications",
            self.summary.seed, self.summary.replications
        )
    }
}

fn read_series(path: &Path) -> Result<BTreeMap<String, Series>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(format!("no `{name}` column"))
    };
    let (variant, start) = (column("variant")?, column("bucket_start_s")?);
    let (locked, locked_ci) = (
        column("locked_out_share")?,
        column("locked_out_share_ci95")?,
    );
    let (load, load_ci) = (
        column("token_requests_per_min")?,
        column("token_requests_per_min_ci95")?,
    );
    let mut series: BTreeMap<String, Series> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let number = |i: usize| {
            record[i]
                .parse::<f64>()
                .map_err(|e| format!("`{}`: {e}", &record[i]))
        };
        let s = series.entry(record[variant].to_string()).or_default();
        s.start_s.push(number(start)?);
        s.locked_out_share
            .push((number(locked)?, number(locked_ci)?));
        s.token_requests_per_min
            .push((number(load)?, number(load_ci)?));
    }
    Ok(series)
}
