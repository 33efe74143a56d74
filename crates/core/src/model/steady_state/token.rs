//! A clock renewed at the first use at least x(L) after its last renewal (an
//! app's token: x(L) its early-renewal point or its lifetime L; the device's
//! PRT: its renewal period), caught at a random instant of steady use.
//!
//! Its renewal cycle is x(L) + W, W the wait for the use; at a random instant
//! the cycle under way is length-biased and the age within it uniform. Uses
//! come in the cohort's working time, so the cycle is counted there: x(L) takes
//! the cohort's share of the week in working time (exactly so for a daily week
//! and a lifetime of whole days; a cohort whose breaks reset the clock plays in
//! past its draw anyway).

use super::wait::Wait;
use crate::model::activity::{Arrivals, WorkingWeek};
use crate::model::apps::AppSpec;
use crate::model::policy::TokenLifetime;
use crate::streams::{Rng, exp1};
use rand::RngExt;

/// One app's token renewal cycle, as its cohort uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenCycle {
    /// The mean of x(L) (see `AppSpec::until_renewal`), and a bound on it.
    pub mean_until_renewal: f64,
    pub max_until_renewal: f64,
    /// The wait from a session's end to the renewal that finds it ended.
    pub wait: Wait,
}

impl TokenCycle {
    pub fn new(app: &AppSpec, arrivals: Arrivals) -> Self {
        let lifetime = app.lifetime;
        // Where x(L) jumps: L below the early-renewal threshold, a fraction of L from it.
        let jump = app.early_renewal.map(|(_, min)| min);
        let x = |l: f64| app.until_renewal(l);
        let mean_until_renewal = average(lifetime, jump, x);
        let (a, b) = (lifetime.min, lifetime.min + lifetime.spread);
        let below = jump.map_or(0.0, |min| if min > a { min.min(b) } else { 0.0 });
        let max_until_renewal = x(a).max(x(b)).max(below);
        // P(R > r): the share of a length-biased cycle C whose validity left,
        // L - age, passes r: E[max(0, min(C, L - r))] / E[C] over the plain cycle.
        let (cycle, left): (f64, Box<dyn Fn(f64, f64) -> f64>) = match arrivals {
            Arrivals::Poisson { mean_gap } => (
                mean_until_renewal + mean_gap,
                Box::new(move |l: f64, d: f64| {
                    let x = app.until_renewal(l);
                    // E[min(x + W, d)], W exponential of mean mean_gap.
                    match d {
                        d if d <= 0.0 => 0.0,
                        d if d <= x => d,
                        d => x + mean_gap * (1.0 - (-(d - x) / mean_gap).exp()),
                    }
                }),
            ),
            Arrivals::Clock { every } => {
                let ticks = move |l: f64| (app.until_renewal(l) / every).ceil().max(1.0) * every;
                (
                    average(lifetime, jump, ticks),
                    Box::new(move |l: f64, d: f64| d.clamp(0.0, ticks(l))),
                )
            }
        };
        let wait = Wait::new(
            |r| average(lifetime, jump, |l| left(l, l - r)) / cycle,
            b,
            mean_wait(arrivals),
        );
        TokenCycle {
            mean_until_renewal,
            max_until_renewal,
            wait,
        }
    }
}

/// The mean wait from a random instant to the next use (a clock's next tick).
fn mean_wait(arrivals: Arrivals) -> f64 {
    match arrivals {
        Arrivals::Poisson { mean_gap } => mean_gap,
        Arrivals::Clock { every } => every / 2.0,
    }
}

/// The mean of `f(L)` for L uniform over the lifetime range: Simpson's rule on
/// each side of `jump`, the early-renewal threshold, where x(L) jumps.
pub(super) fn average(lifetime: TokenLifetime, jump: Option<f64>, f: impl Fn(f64) -> f64) -> f64 {
    let (a, b) = (lifetime.min, lifetime.min + lifetime.spread);
    if b <= a {
        return f(a);
    }
    let split = jump.map_or(b, |min| min.clamp(a, b));
    (simpson(a, split, &f) + simpson(split, b, &f)) / (b - a)
}

/// The integral of `f` over [from, to), the upper end itself left to the next piece.
fn simpson(from: f64, to: f64, f: &impl Fn(f64) -> f64) -> f64 {
    const INTERVALS: usize = 64;
    if to <= from {
        return 0.0;
    }
    let h = (to - from) / INTERVALS as f64;
    let end = to - (to - from) * 1e-12;
    let sum: f64 = (0..=INTERVALS)
        .map(|i| {
            let weight = match i {
                0 | INTERVALS => 1.0,
                i if i % 2 == 1 => 4.0,
                _ => 2.0,
            };
            weight * f((from + i as f64 * h).min(end))
        })
        .sum();
    sum * h / 3.0
}

/// A clock's last renewal before `from`, the lifetime it was renewed for, and
/// the last use before `from`.
#[derive(Debug, Clone, Copy)]
pub struct Renewed {
    pub at: f64,
    pub lifetime: f64,
    pub last_use: f64,
}

/// A clock renewed at the first use at least `until(L)` after its last
/// renewal, L uniform over `lifetime` at each; `mean` and `max` are those of
/// `until(L)`, `arrivals` the uses that renew it, in `week`'s working time.
pub struct RenewalClock<'a, F: Fn(f64) -> f64> {
    pub lifetime: TokenLifetime,
    pub until: F,
    pub mean: f64,
    pub max: f64,
    pub arrivals: Arrivals,
    pub week: &'a WorkingWeek,
}

impl<F: Fn(f64) -> f64> RenewalClock<'_, F> {
    /// The clock as it stands at `from`, drawn in its steady state.
    pub fn draw(&self, from: f64, rng: &mut Rng) -> Renewed {
        let week = self.week;
        let share = week.active_per_week() / crate::units::WEEK;
        let now = week.active_before(from);
        let plain = |rng: &mut Rng| self.lifetime.min + rng.random::<f64>() * self.lifetime.spread;
        match self.arrivals {
            Arrivals::Poisson { mean_gap } => {
                let wait = |rng: &mut Rng| mean_gap * exp1(rng);
                // Length-biased over x + W, a sum: which part biases it goes by
                // its share of the mean cycle.
                let mean = self.mean * share;
                let (lifetime, w) = if rng.random::<f64>() * (mean + mean_gap) < mean {
                    (biased(rng, &plain, &self.until, self.max), wait(rng))
                } else {
                    (plain(rng), wait(rng) + wait(rng))
                };
                let until = (self.until)(lifetime) * share;
                let at = now - rng.random::<f64>() * (until + w);
                // Uses before the renewal's trigger renew nothing: the last one
                // before `from` is a Poisson time back from `from` or the trigger.
                let last_use = (now.min(at + until) - wait(rng)).max(at);
                Renewed {
                    at: week.wall_time_at(at),
                    lifetime,
                    last_use: week.wall_time_at(last_use),
                }
            }
            Arrivals::Clock { every } => {
                // Renewed on a tick: the cycle is whole ticks, its phase any of them.
                let ticks_of = |until: f64| (until * share / every).ceil().max(1.0);
                let cycle = |l: f64| ticks_of((self.until)(l));
                let lifetime = biased(rng, &plain, &cycle, ticks_of(self.max));
                let back = 1.0 + (rng.random::<f64>() * cycle(lifetime)).floor();
                // The tick at or after that much working time back, and the
                // last tick before `from`.
                let tick = |active: f64| (week.wall_time_at(active) / every).ceil() * every;
                Renewed {
                    at: tick(now - back * every),
                    lifetime,
                    last_use: ((from / every).ceil() - 1.0) * every,
                }
            }
        }
    }
}

/// L drawn with density proportional to `weight(L)`, at most `bound`, by rejection.
fn biased(
    rng: &mut Rng,
    plain: &impl Fn(&mut Rng) -> f64,
    weight: &impl Fn(f64) -> f64,
    bound: f64,
) -> f64 {
    loop {
        let l = plain(rng);
        if rng.random::<f64>() * bound < weight(l) {
            return l;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{AppKind, Backoff};

    fn app(min: f64, max: f64, early: Option<(f64, f64)>) -> AppSpec {
        AppSpec {
            name: "mail".into(),
            kind: AppKind::PublicClient,
            lifetime: TokenLifetime {
                min,
                spread: max - min,
            },
            cae: false,
            early_renewal: early,
            backoff: Backoff::None,
            retry_attempts: 0,
            backoff_base: 5.0,
            backoff_cap: 5.0,
            jitter: false,
            retry_after: None,
            timeout: 100.0,
            honours_retry_after: true,
            keys: None,
        }
    }

    /// The wait's mean is E[(L - A)+] + gap: over a plain cycle C = x(L) + W the
    /// validity left integrates to L m - m^2/2, m = min(L, C); by brute
    /// quadrature over L and W, divided by the mean cycle.
    #[test]
    fn the_wait_is_the_validity_left_then_a_use() {
        let gap = 0.3;
        for spec in [
            app(2.0, 3.0, Some((0.5, 2.5))),
            app(1.0, 1.0, None),
            app(4.0, 6.0, Some((0.5, 0.0))),
        ] {
            let cycle = TokenCycle::new(&spec, Arrivals::Poisson { mean_gap: gap });
            let (n, m) = (400, 4000);
            let (mut left, mut mean_cycle) = (0.0, 0.0);
            for i in 0..n {
                let l = spec.lifetime.min + spec.lifetime.spread * (i as f64 + 0.5) / n as f64;
                for j in 0..m {
                    let w = -gap * (1.0 - (j as f64 + 0.5) / m as f64).ln();
                    let c = spec.until_renewal(l) + w;
                    let k = l.min(c);
                    left += l * k - k * k / 2.0;
                    mean_cycle += c;
                }
            }
            let expected = left / mean_cycle + gap;
            assert!(
                (cycle.wait.mean - expected).abs() < 2e-3 * expected,
                "{spec:?}: {} against {expected}",
                cycle.wait.mean
            );
        }
    }
}
