//! From sign-ins to uses: a client signs in (renews its token) only when it is
//! used and holds no valid token, so the sign-in rate r and the use rate λ are
//! tied by the renewal equation for on-demand renewal (docs/import.md,
//! "Activity"):
//!
//! r(t) = λ(t)·(1 − ∫₀^∞ r(t−u)·S(u) du),
//!
//! S the survival function of the token lifetime. Both directions are here, on
//! one week that repeats, in bins of `BIN` seconds: `uses` solves for λ given
//! the observed r, `expected_sign_ins` runs the equation forward.

use crate::summary::HOURS_OF_WEEK;

/// The bin the equation is solved in: fine against the shortest lifetime (1 h).
pub const BIN: f64 = 300.0;
pub const BINS_PER_HOUR: usize = 12;
pub const WEEK_BINS: usize = HOURS_OF_WEEK * BINS_PER_HOUR;
/// Sub-steps per bin when a bin's mean survival is integrated.
const STEPS: usize = 30;

/// Below this, 1 − (the chance of holding a valid token) is too small to divide
/// by: the observed rate is at (or over) what renewal on demand allows, so λ is
/// capped there and the cap is reported.
pub const MIN_DENOMINATOR: f64 = 0.05;

/// Weeks the forward pass may go round before it is taken as settled.
const MAX_WEEKS: usize = 200;

/// A token lifetime, uniform between `min` and `max` seconds (equal: fixed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lifetime {
    pub min: f64,
    pub max: f64,
}

impl Lifetime {
    /// P(lifetime > u).
    fn survival(self, u: f64) -> f64 {
        if u < self.min {
            1.0
        } else if u >= self.max {
            0.0
        } else {
            (self.max - u) / (self.max - self.min)
        }
    }

    /// ∫₀^x S(u) du: how long, in expectation, a token is valid in its first
    /// `x` seconds (closed form for the uniform lifetime).
    pub fn held(self, x: f64) -> f64 {
        if x <= self.min {
            x.max(0.0)
        } else if x >= self.max {
            self.mean()
        } else {
            // min + ∫_min^x (max − u)/(max − min) du
            self.min
                + (x - self.min) * (2.0 * self.max - self.min - x) / (2.0 * (self.max - self.min))
        }
    }

    pub fn mean(self) -> f64 {
        (self.min + self.max) / 2.0
    }

    /// Mean survival over each bin offset k (k = 0: the half bin since the
    /// acquisition, u in [0, BIN/2]; k ≥ 1: u in [(k−½)·BIN, (k+½)·BIN]), so that
    /// Σ_k S̄_k·BIN = the mean lifetime.
    fn kernel(self) -> Vec<f64> {
        let len = (self.max / BIN).ceil() as usize + 2;
        (0..len)
            .map(|k| {
                let (from, width) = match k {
                    0 => (0.0, BIN / 2.0),
                    _ => ((k as f64 - 0.5) * BIN, BIN),
                };
                let h = width / STEPS as f64;
                let mean: f64 = (0..STEPS)
                    .map(|i| self.survival(from + (i as f64 + 0.5) * h))
                    .sum::<f64>()
                    / STEPS as f64;
                mean * width / BIN
            })
            .collect()
    }
}

/// The use rate λ_h (per user per hour) for each hour of the week, from the
/// observed sign-in rate `observed[h]` (per user per hour): in each bin b,
/// λ_b = r_b / (1 − Σ_{k≥0} R_{b−k}·S̄_k) with R the sign-ins per bin, then
/// averaged per hour. Returns the rates and how many bins were capped.
pub fn uses(observed: &[f64], lifetime: Lifetime) -> (Vec<f64>, usize) {
    let kernel = lifetime.kernel();
    let per_bin = |b: usize| observed[b / BINS_PER_HOUR] * BIN / 3600.0;
    let mut capped = 0;
    let mut hourly = vec![0.0; HOURS_OF_WEEK];
    for b in 0..WEEK_BINS {
        let valid: f64 = kernel
            .iter()
            .enumerate()
            .map(|(k, s)| per_bin((b + WEEK_BINS * 8 - k) % WEEK_BINS) * s)
            .sum();
        let mut denominator = 1.0 - valid;
        if denominator < MIN_DENOMINATOR {
            denominator = MIN_DENOMINATOR;
            if observed[b / BINS_PER_HOUR] > 0.0 {
                capped += 1;
            }
        }
        hourly[b / BINS_PER_HOUR] += observed[b / BINS_PER_HOUR] / denominator;
    }
    for h in &mut hourly {
        *h /= BINS_PER_HOUR as f64;
    }
    (hourly, capped)
}

/// The use rate λ_h per hour of the week from each bin's sign-in rate
/// `rate[b]` (per user per hour) and its exact bin-average of P(a token is
/// valid) `valid[b]`: λ_b = r_b / (1 − V_b), averaged per hour; the bins
/// capped (`MIN_DENOMINATOR`) are counted.
pub fn uses_given_validity(rate: &[f64], valid: &[f64]) -> (Vec<f64>, usize) {
    let mut capped = 0;
    let mut hourly = vec![0.0; HOURS_OF_WEEK];
    for (b, (r, v)) in rate.iter().zip(valid).enumerate() {
        let mut denominator = 1.0 - v;
        if denominator < MIN_DENOMINATOR {
            denominator = MIN_DENOMINATOR;
            capped += usize::from(*r > 0.0);
        }
        hourly[b / BINS_PER_HOUR] += r / denominator / BINS_PER_HOUR as f64;
    }
    (hourly, capped)
}

/// The sign-ins per user in each hour of the week that uses at `uses[h]` per
/// hour imply: the renewal equation forward, R_b·(1 + λ·BIN·S̄₀) =
/// λ·BIN·(1 − Σ_{k≥1} R_{b−k}·S̄_k), over weeks until the week repeats (to 1e-13 per bin). One
/// function, so that a simulation can take its place.
pub fn expected_sign_ins(uses: &[f64], lifetime: Lifetime) -> Vec<f64> {
    let kernel = lifetime.kernel();
    // Start where a constant rate would settle, then go round the week until
    // it repeats (a renewal equation forgets its start).
    let mean_use = uses.iter().sum::<f64>() / uses.len() as f64 / 3600.0;
    let mut bins = vec![mean_use * BIN / (1.0 + mean_use * lifetime.mean()); WEEK_BINS];
    for _ in 0..MAX_WEEKS {
        let mut change: f64 = 0.0;
        for b in 0..WEEK_BINS {
            let lambda = uses[b / BINS_PER_HOUR] * BIN / 3600.0;
            let valid: f64 = kernel
                .iter()
                .enumerate()
                .skip(1)
                .map(|(k, s)| bins[(b + WEEK_BINS * 8 - k) % WEEK_BINS] * s)
                .sum();
            let next = (lambda * (1.0 - valid)).max(0.0) / (1.0 + lambda * kernel[0]);
            change = change.max((next - bins[b]).abs());
            bins[b] = next;
        }
        if change < 1e-13 {
            break;
        }
    }
    bins.chunks(BINS_PER_HOUR).map(|c| c.iter().sum()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: f64 = 3600.0;

    /// Renewal on demand at a constant use rate λ: each cycle is a token's
    /// life plus the wait for the next use (mean 1/λ), so r = λ/(1 + λ·L̄).
    fn closed_form(lambda: f64, mean_lifetime_hours: f64) -> f64 {
        lambda / (1.0 + lambda * mean_lifetime_hours)
    }

    #[test]
    fn constant_use_matches_the_closed_form_both_ways() {
        for (lifetime, mean_hours) in [
            (
                Lifetime {
                    min: HOUR,
                    max: HOUR,
                },
                1.0,
            ),
            (
                Lifetime {
                    min: HOUR,
                    max: 1.5 * HOUR,
                },
                1.25,
            ),
            (
                Lifetime {
                    min: 20.0 * HOUR,
                    max: 28.0 * HOUR,
                },
                24.0,
            ),
        ] {
            for lambda in [0.1, 2.0, 6.0] {
                let r = closed_form(lambda, mean_hours);
                let (back, capped) = uses(&[r; HOURS_OF_WEEK], lifetime);
                // 1 − r·L̄ = 1/(1 + λ·L̄): under the floor, λ is capped, not solved.
                if 1.0 / (1.0 + lambda * mean_hours) < MIN_DENOMINATOR {
                    assert_eq!(capped, 2016);
                    continue;
                }
                assert_eq!(capped, 0);
                for l in &back {
                    assert!(
                        (l - lambda).abs() < 1e-9 * lambda.max(1.0),
                        "{l} vs {lambda}"
                    );
                }
            }
            for lambda in [0.1, 2.0, 6.0] {
                let r = closed_form(lambda, mean_hours);
                for s in expected_sign_ins(&[lambda; HOURS_OF_WEEK], lifetime) {
                    assert!((s - r).abs() < 1e-9, "{s} vs {r}");
                }
            }
        }
    }

    #[test]
    fn a_rate_over_what_renewal_allows_is_capped() {
        // A 1 h token renewed on demand signs in at most once an hour.
        let (back, capped) = uses(
            &[1.5; HOURS_OF_WEEK],
            Lifetime {
                min: HOUR,
                max: HOUR,
            },
        );
        assert_eq!(capped, 2016);
        assert!((back[0] - 1.5 / MIN_DENOMINATOR).abs() < 1e-9);
    }

    #[test]
    fn no_use_no_sign_in_and_a_working_day_starts_with_renewals() {
        // Uses 9:00-17:00 only: the first hour renews on the first use; later
        // hours renew about once per token lifetime.
        let mut lambda = vec![0.0; HOURS_OF_WEEK];
        lambda[9..17].fill(4.0);
        let r = expected_sign_ins(
            &lambda,
            Lifetime {
                min: HOUR,
                max: HOUR,
            },
        );
        assert_eq!(r[8], 0.0);
        assert_eq!(r[20], 0.0);
        let day: f64 = r[9..17].iter().sum();
        assert!(day > 6.0 && day < 8.0, "{day}");
        let (back, _) = uses(
            &r,
            Lifetime {
                min: HOUR,
                max: HOUR,
            },
        );
        assert!(back[8] == 0.0 && back[12] > 2.0, "{:?}", &back[8..18]);
    }
}
