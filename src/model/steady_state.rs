//! Where each cohort's clocks start: the figures the engine's steady-state draws
//! need, worked out once per variant by renewal-reward.
//!
//! A token is renewed at the first use at least `x(L)` after it was issued
//! (`x(L)` = the early-renewal point of a token of lifetime `L`, or `L`), so its
//! renewal cycle is `x(L)` plus the wait for that use; at a random instant the
//! cycle under way is length-biased and the age within it uniform. A cohort that
//! breaks from work for longer than every short clock's cycle (a night, a
//! weekend) resets those clocks at its first use after the break: its users play
//! in from the start of the latest such break before time zero, so the state at
//! time zero is what their own week made it.

use super::activity::WorkingWeek;
use super::apps::AppSpec;
use super::cohorts::Arrivals;
use super::policy::{PolicyRules, TokenLifetime};
use crate::scenario::{Backoff, LONGEST_BURN_IN};

/// A cohort's clocks at the start.
#[derive(Debug, Clone, Default)]
pub struct SteadyState {
    /// When the cohort's users start to play (time zero or before it): the
    /// start of the latest break that resets every short clock, or time zero
    /// for users who never break (their clocks start exactly in steady state).
    pub from: f64,
    /// The renewal cycle of each of the cohort's apps' tokens, by cohort app.
    pub tokens: Vec<TokenCycle>,
    /// The mean wait from the end of a session the device holds for every app
    /// to the first app's renewal that finds it ended.
    pub device_session_wait: f64,
}

/// One app's token renewal cycle, as its cohort uses it.
#[derive(Debug, Clone, Copy)]
pub struct TokenCycle {
    /// The mean of x(L) (see `AppSpec::until_renewal`), and a bound on it.
    pub mean_until_renewal: f64,
    pub max_until_renewal: f64,
    /// The mean wait from a session's end (its sign-in frequency) to the renewal
    /// that finds it ended: the validity left on the token in hand, E[(L - age)+],
    /// then the wait for a use.
    pub session_wait: f64,
}

impl TokenCycle {
    fn new(app: &AppSpec, arrivals: Arrivals) -> Self {
        let lifetime = app.lifetime;
        // Where x(L) jumps: L below the early-renewal threshold, a fraction of L from it.
        let early = app.early_renewal.map(|(_, min)| min);
        let x = |l: f64| app.until_renewal(l);
        let mean_until_renewal = average(lifetime, early, x);
        let (a, b) = (lifetime.min, lifetime.min + lifetime.spread);
        let below = early.map_or(0.0, |min| if min > a { min.min(b) } else { 0.0 });
        let max_until_renewal = x(a).max(x(b)).max(below);
        let validity_left = match arrivals {
            Arrivals::Poisson { mean_gap } => {
                average(lifetime, early, |l| {
                    validity_left_poisson(l, x(l), mean_gap)
                }) / (mean_until_renewal + mean_gap)
            }
            Arrivals::Clock { every } => {
                let cycle = |l: f64| (x(l) / every).ceil() * every;
                let g = |l: f64| {
                    let m = l.min(cycle(l));
                    l * m - m * m / 2.0
                };
                average(lifetime, early, g) / average(lifetime, early, cycle)
            }
        };
        TokenCycle {
            mean_until_renewal,
            max_until_renewal,
            session_wait: validity_left + mean_wait(arrivals),
        }
    }
}

/// The mean wait from a random instant to the next use (a clock's next tick).
pub fn mean_wait(arrivals: Arrivals) -> f64 {
    match arrivals {
        Arrivals::Poisson { mean_gap } => mean_gap,
        Arrivals::Clock { every } => every / 2.0,
    }
}

/// E_W[L m - m^2 / 2] with m = min(L, x + W), W exponential of mean `mu`: the
/// plain cycle's part of E[(L - age)+] times the mean cycle. With y = x + w,
/// I_k = the integral of y^k e^(-(y - x)/mu) / mu over [x, L] follows
/// I_k = x^k - L^k e^(-d/mu) + k mu I_(k-1), d = L - x.
fn validity_left_poisson(l: f64, x: f64, mu: f64) -> f64 {
    let e = (-(l - x) / mu).exp();
    let i0 = 1.0 - e;
    let i1 = x - l * e + mu * i0;
    let i2 = x * x - l * l * e + 2.0 * mu * i1;
    e * l * l / 2.0 + l * i1 - i2 / 2.0
}

/// The mean of `f(L)` for L uniform over the lifetime range: Simpson's rule on
/// each side of `jump`, the early-renewal threshold, where x(L) jumps.
fn average(lifetime: TokenLifetime, jump: Option<f64>, f: impl Fn(f64) -> f64) -> f64 {
    let (a, b) = (lifetime.min, lifetime.min + lifetime.spread);
    if b <= a {
        return f(a);
    }
    let split = jump.map_or(b, |min| min.clamp(a, b));
    (simpson(a, split, &f) + simpson(split, b, &f)) / (b - a)
}

/// The integral of `f` over [from, to), the upper end itself left to the next piece.
fn simpson(from: f64, to: f64, f: &impl Fn(f64) -> f64) -> f64 {
    const INTERVALS: usize = 512;
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

impl SteadyState {
    pub fn new(
        week: &WorkingWeek,
        arrivals: Arrivals,
        apps: &[&AppSpec],
        policy: &PolicyRules,
        sign_in_frequency: f64,
        registered_devices: bool,
    ) -> Self {
        let tokens: Vec<TokenCycle> = apps.iter().map(|a| TokenCycle::new(a, arrivals)).collect();
        let device_session_wait = tokens
            .iter()
            .map(|t| t.session_wait)
            .fold(f64::INFINITY, f64::min);
        // The longest of the clocks a break must outlast to reset them: every
        // token's lifetime, the client's retries, the device's PRT renewal, and
        // the sign-in frequency where some break outlasts it.
        let mut reset = apps
            .iter()
            .map(|a| (a.lifetime.min + a.lifetime.spread).max(retry_span(a)))
            .fold(0.0, f64::max);
        if registered_devices {
            reset = reset.max(policy.prt_renewal);
        }
        if sign_in_frequency <= week.longest_break() {
            reset = reset.max(sign_in_frequency);
        }
        let from = match week.latest_break(reset, 0.0) {
            _ if week.always_active() => 0.0,
            Some(start) => start,
            // Breaks too short to reset the clocks: a week of the cohort's own
            // activity, from the start of a break, shapes them.
            None => week
                .latest_break(0.0, 0.0)
                .map_or(0.0, |start| start - LONGEST_BURN_IN),
        };
        SteadyState {
            from,
            tokens,
            device_session_wait,
        }
    }
}

/// How long the client may go on retrying a failed renewal: every wait at its longest.
fn retry_span(app: &AppSpec) -> f64 {
    let longest = match app.backoff {
        Backoff::None => return 0.0,
        Backoff::Exponential => app.backoff_cap.max(app.backoff_base),
        Backoff::Fixed => 2.0 * app.backoff_base,
    };
    f64::from(app.retry_attempts) * longest.max(app.retry_after.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(min: f64, max: f64) -> TokenLifetime {
        TokenLifetime {
            min,
            spread: max - min,
        }
    }

    #[test]
    fn simpson_averages_are_exact_for_cubics_and_split_at_the_threshold() {
        let l = range(1.0, 3.0);
        let mean = average(l, None, |x| x * x * x);
        assert!((mean - (81.0 - 1.0) / 4.0 / 2.0).abs() < 1e-9, "{mean}");
        // x(L) = L below 2, L/2 from 2: the mean of x is (1.5 + 1.25) / 2.
        let x = average(l, Some(2.0), |v| if v < 2.0 { v } else { v / 2.0 });
        assert!((x - 1.375).abs() < 1e-9, "{x}");
        assert_eq!(average(range(5.0, 5.0), None, |v| v), 5.0);
    }

    #[test]
    fn validity_left_matches_its_integral() {
        // E_W[L m - m^2/2], m = min(L, x + W): by brute quadrature over W.
        let (l, x, mu): (f64, f64, f64) = (10.0, 4.0, 3.0);
        let steps = 200_000;
        let dw = 60.0 / steps as f64;
        let brute: f64 = (0..steps)
            .map(|i| {
                let w = (i as f64 + 0.5) * dw;
                let m = l.min(x + w);
                (l * m - m * m / 2.0) * (-w / mu).exp() / mu * dw
            })
            .sum();
        assert!((validity_left_poisson(l, x, mu) - brute).abs() < 1e-6);
        // Without early renewal the token is always renewed after expiry: L^2 / 2.
        assert!((validity_left_poisson(l, l, mu) - 50.0).abs() < 1e-12);
    }
}
