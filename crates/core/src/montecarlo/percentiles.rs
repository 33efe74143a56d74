//! How bad a bad replication is: percentiles of a metric's per-replication values,
//! each with a distribution-free 95% confidence interval.
//!
//! Where failures come at random, each replication is an independent random
//! month (or year), so the values are a sample of what a month can bring, and the
//! P90 of them estimates the month that comes once in ten.
//!
//! The estimate is the nearest-rank order statistic x_(k), k = ceil(n p) (ranks
//! from 1): the smallest value that at least a share p of the replications do not
//! exceed. It is always a value some replication had, so anyone can find it in
//! replications.csv.
//!
//! The interval is the binomial method for quantiles (Hahn & Meeker 1991,
//! "Statistical Intervals", section 5.2): the number B of replications at or below
//! the true percentile is Bin(n, p), so [x_(l), x_(u)] holds it with probability
//! at least P(l <= B < u) = F(u - 1) - F(l - 1), whatever the distribution, ties
//! (the many replications with no lockout at all) included. The ranks are the
//! most central ones: each side leaves out at most 2.5%. Where even the extreme
//! order statistic leaves out more than that on one side (the P99 of fewer than
//! 368 replications has no upper bound), that side is open, `None`, and the
//! other side may leave out the whole 5%. An open side is no number: nothing in
//! n replications bounds it.

use super::metrics::Metric;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The percentiles reported for a headline metric, where failures are random.
pub const REPORTED: [f64; 3] = [0.5, 0.9, 0.99];
/// The confidence of every percentile's interval.
pub const LEVEL: f64 = 0.95;

/// The metrics designs are ranked by, the first a run models: lockout hours
/// where people sign in, else the workloads' denial rate (`report::ranking`).
pub const RANKED: [Metric; 2] = [Metric::LockoutHoursPer1kUsers, Metric::WorkloadDenialRate];

/// Whether a metric's percentiles are reported: the headline metrics, and those
/// designs are ranked by, which a planner reads the tail of first.
pub fn of_interest(metric: Metric) -> bool {
    metric.definition().headline || RANKED.contains(&metric)
}

/// One percentile of a sample, with its interval; a side no order statistic
/// bounds at `LEVEL` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Percentile {
    /// The share p (0.9 for P90).
    pub p: f64,
    pub estimate: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// The ranks (from 1) of the order statistics a percentile is estimated and
/// bounded by, for a sample of `n`: the estimate's, and the interval's sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranks {
    pub estimate: usize,
    pub low: Option<usize>,
    pub high: Option<usize>,
}

impl Ranks {
    /// The ranks for the percentile `p` (0 < p < 1) of `n` >= 1 values at
    /// confidence `level`.
    pub fn of(n: usize, p: f64, level: f64) -> Self {
        assert!(n >= 1 && p > 0.0 && p < 1.0, "a percentile of some values");
        // A hair below, so that 0.9 * 100, which floating point may make
        // 90.00000000000001, is rank 90.
        let estimate = ((n as f64 * p - 1e-9).ceil() as usize).clamp(1, n);
        let cdf = binomial_cdf(n, p);
        // F(k - 1) = P(B < k), with F(-1) = 0 and F(n) = 1.
        let below = |k: usize| if k == 0 { 0.0 } else { cdf[k - 1] };
        let alpha = 1.0 - level;
        // The largest l >= 1 with P(B < l) <= tail, and the smallest u <= n with
        // P(B >= u) <= tail.
        let low = |tail: f64| (1..=n).take_while(|&l| below(l) <= tail).last();
        let high = |tail: f64| (1..=n).find(|&u| 1.0 - below(u) <= tail);
        let (low, high) = match (low(alpha / 2.0), high(alpha / 2.0)) {
            (None, None) => (None, None),
            (None, Some(_)) => (None, high(alpha)),
            (Some(_), None) => (low(alpha), None),
            both => both,
        };
        Ranks {
            estimate,
            low,
            high,
        }
    }

    /// The probability that the interval of these ranks holds the true
    /// percentile `p` of a continuous distribution: P(l <= B < u).
    pub fn coverage(&self, n: usize, p: f64) -> f64 {
        let cdf = binomial_cdf(n, p);
        let upper = self.high.map_or(1.0, |u| cdf[u - 1]);
        let lower = self.low.map_or(0.0, |l| cdf[l - 1]);
        upper - lower
    }
}

impl Percentile {
    /// The percentile `p` of `values` and its `LEVEL` interval; `None` for no values.
    pub fn of(values: &[f64], p: f64) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Some(Self::of_sorted(&sorted, p))
    }

    /// As `of`, for values sorted in increasing order.
    pub fn of_sorted(sorted: &[f64], p: f64) -> Self {
        let ranks = Ranks::of(sorted.len(), p, LEVEL);
        let at = |rank: usize| sorted[rank - 1];
        Percentile {
            p,
            estimate: at(ranks.estimate),
            low: ranks.low.map(at),
            high: ranks.high.map(at),
        }
    }

    /// Each of the `REPORTED` percentiles of `values`; empty for no values.
    pub fn reported(values: &[f64]) -> Vec<Self> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        match sorted.is_empty() {
            true => Vec::new(),
            false => REPORTED
                .iter()
                .map(|&p| Self::of_sorted(&sorted, p))
                .collect(),
        }
    }

    /// `P90` for 0.9, `P99.9` for 0.999.
    pub fn name(&self) -> String {
        format!("P{}", 100.0 * self.p)
    }
}

/// F(k) = P(Bin(n, p) <= k) for k = 0..=n. The terms are built in logarithms,
/// as (1 - p)^n underflows for the thousands of replications a run may have.
fn binomial_cdf(n: usize, p: f64) -> Vec<f64> {
    let odds = (p / (1.0 - p)).ln();
    let mut log_term = n as f64 * (1.0 - p).ln();
    let mut sum = 0.0;
    (0..=n)
        .map(|k| {
            if k > 0 {
                log_term += ((n - k + 1) as f64 / k as f64).ln() + odds;
            }
            sum += log_term.exp();
            sum.min(1.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    /// n = 20, p = 0.5, by hand from the binomial CDF: F(5) = 21700 / 2^20 =
    /// 0.020695 <= 0.025 < F(6) = 0.057659, and by symmetry 1 - F(14) = 0.020695,
    /// so [x_(6), x_(15)], holding the median with 1 - 2 (0.020695) = 0.95861.
    #[test]
    fn the_median_of_twenty() {
        let r = Ranks::of(20, 0.5, 0.95);
        assert_eq!(r.estimate, 10);
        assert_eq!((r.low, r.high), (Some(6), Some(15)));
        assert!(close(
            r.coverage(20, 0.5),
            1.0 - 2.0 * 21700.0 / 1048576.0,
            1e-12
        ));
        assert!(close(r.coverage(20, 0.5), 0.9586, 5e-5));
    }

    /// n = 100, p = 0.9: the normal approximation 90 +- 1.96 * 3 gives ranks near
    /// 84 and 96; exactly, P(B <= 83) = 0.0206 <= 0.025 < P(B <= 84) = 0.0399,
    /// and P(B >= 96) = 0.0237 <= 0.025 < P(B >= 95) = 0.0576 (binomial tables).
    #[test]
    fn the_ninetieth_of_a_hundred() {
        let r = Ranks::of(100, 0.9, 0.95);
        assert_eq!(r.estimate, 90);
        assert_eq!((r.low, r.high), (Some(84), Some(96)));
    }

    /// P(B = n) = 0.99^100 = 0.366 > 0.025: no order statistic bounds the P99 of
    /// 100 from above; then the lower side takes the whole 5%: P(B <= 96) =
    /// 0.0184 <= 0.05 < P(B <= 97) = 0.0794, so l = 97, and the interval
    /// [x_(97), open) holds the P99 with P(B >= 97) = 0.9816.
    #[test]
    fn an_open_side() {
        let r = Ranks::of(100, 0.99, 0.95);
        assert_eq!(r.estimate, 99);
        assert_eq!((r.low, r.high), (Some(97), None));
        assert!(close(r.coverage(100, 0.99), 0.9816, 1e-4));
        // 0.99^400 = 0.018 <= 0.025: four hundred bound it by their largest;
        // 0.99^367 = 0.02501 > 0.025 >= 0.99^368 = 0.02476: 368 are the fewest.
        assert_eq!(Ranks::of(400, 0.99, 0.95).high, Some(400));
        assert_eq!(Ranks::of(367, 0.99, 0.95).high, None);
        assert_eq!(Ranks::of(368, 0.99, 0.95).high, Some(368));
        // Three values bound no median at 95%: 0.5^3 = 0.125 on each side.
        let r = Ranks::of(3, 0.5, 0.95);
        assert_eq!((r.estimate, r.low, r.high), (2, None, None));
    }

    #[test]
    fn the_values_at_those_ranks() {
        let values: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let p = Percentile::of(&values, 0.5).unwrap();
        assert_eq!((p.estimate, p.low, p.high), (10.0, Some(6.0), Some(15.0)));
        assert_eq!(Percentile::of(&[], 0.5), None);
        let one = Percentile::reported(&[4.0]);
        assert_eq!(one.len(), 3);
        assert!(one.iter().all(|p| p.estimate == 4.0 && p.high.is_none()));
        // One value bounds no median (each side 0.5), but the P99 from below:
        // it is at or below the P99 with probability 0.99.
        assert_eq!((one[0].low, one[2].low), (None, Some(4.0)));
        assert_eq!(one[2].name(), "P99");
    }
}
