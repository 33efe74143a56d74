//! `authsim compare RUN_A RUN_B`: two earlier run folders side by side, flagging
//! metrics whose 95% intervals do not overlap.

use crate::error::Error;
use crate::export::table::rounded;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct Row {
    variant: String,
    metric: String,
    mean: f64,
    ci95_half_width: f64,
    replications: u32,
    seed: u64,
}

/// One metric of one variant in both runs.
#[derive(Debug, Clone)]
pub struct Pair {
    pub variant: String,
    pub metric: String,
    pub a: (f64, f64),
    pub b: (f64, f64),
}

impl Pair {
    /// The intervals do not overlap.
    pub fn differs(&self) -> bool {
        (self.a.0 - self.b.0).abs() > self.a.1 + self.b.1
    }
}

pub struct Compared {
    pub pairs: Vec<Pair>,
    pub table: String,
}

impl Compared {
    /// The `--json` document: every pair with both estimates and the flag.
    pub fn json(&self) -> serde_json::Value {
        let pairs: Vec<serde_json::Value> = self
            .pairs
            .iter()
            .map(|p| {
                serde_json::json!({
                    "variant": p.variant,
                    "metric": p.metric,
                    "mean_a": p.a.0,
                    "ci95_half_width_a": p.a.1,
                    "mean_b": p.b.0,
                    "ci95_half_width_b": p.b.1,
                    "intervals_overlap": !p.differs(),
                })
            })
            .collect();
        serde_json::json!({ "results": pairs })
    }
}

pub fn compare(run_a: &Path, run_b: &Path) -> Result<Compared, Error> {
    let (a, b) = (read(run_a)?, read(run_b)?);
    let keys = |rows: &[Row]| {
        rows.iter()
            .map(|r| (r.variant.clone(), r.metric.clone()))
            .collect::<Vec<_>>()
    };
    if keys(&a) != keys(&b) {
        let only = |x: &[Row], y: &[Row]| {
            let ys = keys(y);
            keys(x)
                .into_iter()
                .find(|k| !ys.contains(k))
                .map(|(v, m)| format!("\"{v}\" {m}"))
        };
        let example = only(&a, &b)
            .or_else(|| only(&b, &a))
            .unwrap_or_else(|| "their order".to_string());
        return Err(Error::Usage(format!(
            "{} and {} are not runs of the same scenario structure (variants and metrics differ: {example})",
            run_a.display(),
            run_b.display()
        )));
    }
    let pairs: Vec<Pair> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| Pair {
            variant: x.variant.clone(),
            metric: x.metric.clone(),
            a: (x.mean, x.ci95_half_width),
            b: (y.mean, y.ci95_half_width),
        })
        .collect();
    let table = render(run_a, run_b, &a[0], &b[0], &pairs);
    Ok(Compared { pairs, table })
}

fn read(run: &Path) -> Result<Vec<Row>, Error> {
    let path = run.join("summary.csv");
    let bad = |why: String| {
        Error::Usage(format!(
            "{}: {why}; is {} an authsim run folder?",
            path.display(),
            run.display()
        ))
    };
    let mut reader = csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
    let rows: Vec<Row> = reader
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| bad(e.to_string()))?;
    if rows.is_empty() {
        return Err(bad("no results in it".to_string()));
    }
    Ok(rows)
}

fn render(run_a: &Path, run_b: &Path, a: &Row, b: &Row, pairs: &[Pair]) -> String {
    let mut out = String::new();
    let describe = |p: &Path, r: &Row| {
        format!(
            "{} (seed {}, {} replications)",
            p.display(),
            r.seed,
            r.replications
        )
    };
    let _ = writeln!(out, "A: {}\nB: {}", describe(run_a, a), describe(run_b, b));
    let _ = writeln!(out, "95% intervals; ≠ marks intervals that do not overlap");
    let width = pairs.iter().map(|p| p.metric.len()).max().unwrap_or(0);
    let mut by_variant: BTreeMap<usize, &str> = BTreeMap::new();
    for (i, p) in pairs.iter().enumerate() {
        if i == 0 || pairs[i - 1].variant != p.variant {
            by_variant.insert(i, &p.variant);
        }
    }
    for (i, p) in pairs.iter().enumerate() {
        if let Some(v) = by_variant.get(&i) {
            let _ = writeln!(out, "\n  {v}");
        }
        let cell = |(m, h): (f64, f64)| {
            let (m, h) = rounded(m, h);
            format!("{m} ± {h}")
        };
        let flag = if p.differs() { "≠" } else { " " };
        let _ = writeln!(
            out,
            "    {:<width$}  {:>24}  {flag}  {}",
            p.metric,
            cell(p.a),
            cell(p.b)
        );
    }
    out
}
