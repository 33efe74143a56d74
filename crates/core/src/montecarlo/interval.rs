//! The interval every metric and paired difference is reported with.
//!
//! A metric that few replications see (a rare outage, a key event) is 0 in most
//! of them and large in the rest. The Student-t interval then misses the truth far
//! more often than it says: a sample that happens to hold few of the large values
//! has a small mean and a small spread together, so its interval is short exactly
//! when it sits low. Hall's transformation of the t statistic (Hall 1992, "On the
//! removal of skewness by transformation") takes the sample's skewness out of it:
//! the interval stretches on the side the large values lie. Where the values are
//! symmetric it is the Student-t interval. It is a formula, not a resampling, so it
//! depends on the values alone and anyone can recompute it from replications.csv.
//!
//! No interval holds its coverage on one or two replications that saw the event,
//! so each says how many it rests on, and `MIN_EVENTS` is the fewest it is trusted
//! on (the binomial rule of thumb of five).

use super::stats::{Estimate, student_t_quantile};
use serde::Serialize;

/// Replications that must see what a metric counts (a value other than 0) before
/// its interval is trusted, and before `--precision` stops on it.
pub const MIN_EVENTS: u32 = 5;

/// A two-sided confidence interval for the mean over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
    /// Replications whose value is not 0: those that saw what the metric counts.
    pub events: u32,
}

impl Interval {
    /// The `level` interval (0.95 for 95%) for the mean of `xs`, one value per
    /// replication: Hall's skewness-corrected Student-t. With the studentised mean
    /// T, the skewness g and a = g / (3 sqrt n), the transformed statistic
    /// T + aT^2 + a^2 T^3 / 3 + a / 2 = ((1 + aT)^3 - 1) / (3a) + a / 2 is nearly
    /// Student-t with n - 1 degrees of freedom, and increasing in T, so it inverts.
    pub fn of(xs: &[f64], level: f64) -> Self {
        let e = Estimate::from_samples(xs);
        let events = xs.iter().filter(|&&x| x != 0.0).count() as u32;
        if e.sd == 0.0 {
            return Interval {
                low: e.mean,
                high: e.mean,
                events,
            };
        }
        let n = xs.len() as f64;
        let third = xs.iter().map(|x| (x - e.mean).powi(3)).sum::<f64>() / n;
        let a = third / e.sd.powi(3) / (3.0 * n.sqrt());
        let q = student_t_quantile(0.5 + level / 2.0, n - 1.0);
        // The T at which the transformed statistic is z.
        let t = |z: f64| match a == 0.0 {
            true => z,
            false => cube_root_of_one_plus_less_one(3.0 * a * (z - a / 2.0)) / a,
        };
        let se = e.sd / n.sqrt();
        Interval {
            low: e.mean - t(q) * se,
            high: e.mean - t(-q) * se,
            events,
        }
    }

    /// A metric's mean over replications and its 95% interval. Every metric is a
    /// count, a share, a rate or a duration: the interval stops at 0.
    pub fn of_metric(xs: &[f64]) -> (f64, Self) {
        let mean = Estimate::from_samples(xs).mean;
        (mean, Interval::of(xs, 0.95).at_least(0.0))
    }

    /// The interval of a quantity that cannot be below `floor` (a count, a share):
    /// the part of it that can hold the truth.
    pub fn at_least(self, floor: f64) -> Self {
        Interval {
            low: self.low.max(floor),
            high: self.high.max(floor),
            ..self
        }
    }

    /// Fewer than `MIN_EVENTS` replications saw the event: the interval may hold
    /// far less than its level.
    pub fn few_events(&self) -> bool {
        self.events < MIN_EVENTS
    }

    /// The longer of its two sides, relative to |mean|; 0 for an interval of no width.
    pub fn relative_half_width(&self, mean: f64) -> f64 {
        match (mean - self.low).max(self.high - mean) {
            0.0 => 0.0,
            side => side / mean.abs(),
        }
    }
}

/// (1 + u)^(1/3) - 1, accurate where u is small (nearly symmetric samples), where
/// the plain form would lose every digit to cancellation.
fn cube_root_of_one_plus_less_one(u: f64) -> f64 {
    match u.abs() < 0.5 {
        true => (u.ln_1p() / 3.0).exp_m1(),
        false => (1.0 + u).cbrt() - 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1, 2, 3, 4, 10: mean 4, s^2 = 50 / 4, third central moment 180 / 5 = 36, so
    /// g = 36 / 12.5^1.5 = 0.814587, a = g / (3 sqrt 5) = 0.121431; t(0.975, 4) =
    /// 2.776445 (tables), se = sqrt(12.5 / 5). Solving ((1 + aT)^3 - 1) / (3a) + a/2
    /// = -+2.776445 by hand: T = 2.12198 and -10.8926, so the interval is
    /// 4 - T se = 0.644851 to 21.220876 (the t-interval: -0.389945 to 8.389945).
    #[test]
    fn a_right_skewed_sample_stretches_its_interval_upwards() {
        let i = Interval::of(&[1.0, 2.0, 3.0, 4.0, 10.0], 0.95);
        assert!((i.low - 0.644_851).abs() < 1e-5, "{i:?}");
        assert!((i.high - 21.220_876).abs() < 1e-5, "{i:?}");
        assert_eq!(i.events, 5);
        let mirrored = Interval::of(&[-1.0, -2.0, -3.0, -4.0, -10.0], 0.95);
        assert!((mirrored.low + i.high).abs() < 1e-9 && (mirrored.high + i.low).abs() < 1e-9);
    }

    #[test]
    fn a_symmetric_sample_gets_the_student_t_interval() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        let i = Interval::of(&xs, 0.95);
        let t = Estimate::from_samples(&xs).ci95();
        assert_eq!((i.low, i.high), (3.0 - t, 3.0 + t));
        // Nearly symmetric: no digits lost on the way to the t-interval.
        let nearly = Interval::of(&[1.0, 2.0, 3.0, 4.0, 5.000_000_001], 0.95);
        assert!((nearly.low - (3.0 - t)).abs() < 1e-8 && (nearly.high - (3.0 + t)).abs() < 1e-8);
    }

    #[test]
    fn replications_that_saw_nothing_are_counted_and_zero_spread_has_no_width() {
        let mut xs = [0.0; 20];
        xs[3] = 1.0;
        xs[11] = 2.0;
        let i = Interval::of(&xs, 0.95);
        assert_eq!(i.events, 2);
        assert!(i.few_events());
        // By the same steps as above (g = 2.937563, a = 0.218953): -0.010205 to
        // 1.031805, where the Student-t interval is 0.15 -+ 0.229028.
        assert!(
            (i.low + 0.010_205).abs() < 1e-5 && (i.high - 1.031_805).abs() < 1e-5,
            "{i:?}"
        );
        assert_eq!(i.at_least(0.0).low, 0.0);
        let none = Interval::of(&[0.0; 10], 0.95);
        assert_eq!((none.low, none.high, none.events), (0.0, 0.0, 0));
        assert_eq!(none.relative_half_width(0.0), 0.0);
        assert!(!Interval::of(&[1.0; 5], 0.95).few_events());
    }
}
