//! Per-replication values read back from replications.csv: what the distribution
//! chart draws, for the whole population only.

use super::RunFolder;
use authsim_core::error::{Error, Located};
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::slices::{self, ALL};
use authsim_export::REPLICATIONS_CSV;
use std::collections::BTreeMap;

/// Per design, each asked metric's value in each replication.
pub type Replications = BTreeMap<String, Vec<Vec<f64>>>;

impl RunFolder {
    /// Each design's value of each of `metrics` (in that order) in each replication,
    /// the whole population's, from replications.csv; none in a folder without it.
    /// The file is read a row at a time and every other row dropped, so memory
    /// grows with designs, metrics and replications, not with the file.
    pub fn replications(&self, metrics: &[Metric]) -> Result<Option<Replications>, Error> {
        let file = self.path.join(REPLICATIONS_CSV);
        if !file.exists() {
            return Ok(None);
        }
        let fail = |message: String| {
            Error::RunFolder(Located {
                file: file.clone(),
                at: None,
                message,
            })
        };
        let mut reader = csv::Reader::from_path(&file).map_err(|e| fail(e.to_string()))?;
        let headers = reader.headers().map_err(|e| fail(e.to_string()))?.clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| fail(format!("no column \"{name}\"")))
        };
        let [variant, cohort, app, replication, metric, value] =
            ["variant", "cohort", "app", "replication", "metric", "value"].map(column);
        let (variant, replication, metric, value) = (variant?, replication?, metric?, value?);
        let (cohort, app) = (cohort.ok(), app.ok());
        let mut values: Replications = BTreeMap::new();
        let mut record = csv::StringRecord::new();
        while reader
            .read_record(&mut record)
            .map_err(|e| fail(e.to_string()))?
        {
            let field = |i: usize| record.get(i).unwrap_or_default();
            // Files older than the slice columns hold the whole population alone.
            let of = |i: Option<usize>| i.map_or(ALL, field);
            let wanted =
                Metric::by_name(field(metric)).and_then(|m| metrics.iter().position(|w| *w == m));
            let Some(k) = wanted.filter(|_| slices::whole(of(cohort), of(app))) else {
                continue;
            };
            let bad = |what: &str| {
                fail(format!(
                    "line {}: {what}",
                    record.position().map_or(0, |p| p.line())
                ))
            };
            let r: usize = field(replication)
                .parse()
                .map_err(|_| bad("a replication that is not a number"))?;
            let x: f64 = field(value)
                .parse()
                .map_err(|_| bad("a value that is not a number"))?;
            let per = values
                .entry(field(variant).to_string())
                .or_insert_with(|| vec![Vec::new(); metrics.len()]);
            if per[k].len() <= r {
                per[k].resize(r + 1, f64::NAN);
            }
            per[k][r] = x;
        }
        Ok(Some(values))
    }
}
