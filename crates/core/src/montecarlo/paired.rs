//! Every variant against the baseline. Variants share random numbers, so each
//! replication gives a paired difference and the interval comes from their spread:
//! far narrower than comparing two independent runs. The interval is the one every
//! metric gets (`interval`), over the differences; it rests on the replications in
//! which the two designs differ. Each slice of the population
//! is compared too, with the same Bonferroni level: 95% jointly over the variants
//! within a slice.

use super::RunResult;
use super::interval::Interval;
use super::metrics::Metric;
use super::slices::whole;
use super::stats::{Estimate, student_t_quantile};

/// Family-wise confidence of the set of comparisons.
pub const FAMILY_LEVEL: f64 = 0.95;

#[derive(Debug, Clone)]
pub struct PairedComparison {
    /// Confidence of each interval: 95% for one comparison, Bonferroni-adjusted for more.
    pub level: f64,
    /// Variants compared with the baseline.
    pub comparisons: usize,
    pub rows: Vec<PairedDifference>,
}

#[derive(Debug, Clone)]
pub struct PairedDifference {
    pub variant: String,
    /// The slice compared (see `slices`).
    pub cohort: String,
    pub app: String,
    pub metric: Metric,
    pub baseline: Estimate,
    pub value: Estimate,
    /// Of the per-replication differences (variant - baseline).
    pub difference: Estimate,
    /// The Student-t half-width at the comparison's level.
    pub half_width: f64,
    /// The interval to read, at the same level; its events are the replications in
    /// which the two designs differ.
    pub interval: Interval,
    /// What the interval would be if the two had been run independently (Welch).
    pub unpaired_half_width: f64,
}

impl PairedDifference {
    /// Whether it compares the whole population across all apps.
    pub fn is_whole(&self) -> bool {
        whole(&self.cohort, &self.app)
    }

    /// Difference over the baseline mean; none when the baseline is zero.
    pub fn relative_change(&self) -> Option<f64> {
        (self.baseline.mean != 0.0).then(|| self.difference.mean / self.baseline.mean)
    }
}

/// None when the run has only the baseline.
pub fn compare(result: &RunResult) -> Option<PairedComparison> {
    let (baseline, others) = result.variants.split_first()?;
    if others.is_empty() {
        return None;
    }
    // Bonferroni: each of k intervals at 1 - 0.05/k keeps the family at 95%.
    let level = 1.0 - (1.0 - FAMILY_LEVEL) / others.len() as f64;
    // Each slice the variant shares with the baseline, the whole population first.
    let pairs = others.iter().flat_map(|v| {
        v.slices.iter().filter_map(move |s| {
            let b = baseline.slice(&s.cohort, &s.app)?;
            Some((v, b, s))
        })
    });
    let rows = pairs
        .flat_map(|(v, baseline, slice)| {
            Metric::ALL.into_iter().map(move |metric| {
                let (b, x) = (baseline.values(metric), slice.values(metric));
                let diffs: Vec<f64> = x.iter().zip(&b).map(|(x, b)| x - b).collect();
                let difference = Estimate::from_samples(&diffs);
                let (baseline_est, value) =
                    (Estimate::from_samples(&b), Estimate::from_samples(&x));
                PairedDifference {
                    variant: v.name.clone(),
                    cohort: slice.cohort.clone(),
                    app: slice.app.clone(),
                    metric,
                    baseline: baseline_est,
                    value,
                    difference,
                    half_width: difference.half_width(level),
                    interval: Interval::of(&diffs, level),
                    unpaired_half_width: welch_half_width(baseline_est, value, level),
                }
            })
        })
        .collect();
    Some(PairedComparison {
        level,
        comparisons: others.len(),
        rows,
    })
}

/// Welch's interval for the difference of two independent means.
fn welch_half_width(a: Estimate, b: Estimate, level: f64) -> f64 {
    let (va, vb) = (a.sd.powi(2) / a.n as f64, b.sd.powi(2) / b.n as f64);
    if va + vb == 0.0 {
        return 0.0;
    }
    let df =
        (va + vb).powi(2) / (va.powi(2) / (a.n as f64 - 1.0) + vb.powi(2) / (b.n as f64 - 1.0));
    student_t_quantile(0.5 + level / 2.0, df) * (va + vb).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_matches_a_hand_computed_case() {
        // a: 1,2,3,4,5 (var 2.5); b: 2,4,6,8,10 (var 10); n = 5 each.
        // se^2 = 0.5 + 2 = 2.5; df = 2.5^2 / (0.25/4 + 4/4) = 5.882; t(0.975, 5.882) = 2.4596.
        let a = Estimate::from_samples(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let b = Estimate::from_samples(&[2.0, 4.0, 6.0, 8.0, 10.0]);
        let hw = welch_half_width(a, b, 0.95);
        assert!((hw - 2.4596 * 2.5f64.sqrt()).abs() < 2e-3, "{hw}");
    }
}
