//! Where each cohort's clocks start: the figures the engine's steady-state draws
//! need, worked out once per variant by renewal-reward.
//!
//! Short clocks (each app's token, the device's PRT renewal) are renewed at the
//! first use at least a set time after their last renewal (`token`); sessions
//! last the sign-in frequency unless a revocation ends them sooner, then wait
//! for the renewal that finds them ended (`wait`). A cohort that breaks from work
//! for longer than every short clock's cycle (a night, a weekend) resets those
//! clocks at its first use after the break: its users play in from the start of
//! the latest such break before time zero, so those clocks at time zero are
//! what their own week made them.

mod token;
mod wait;

pub use token::{RenewalClock, Renewed, TokenCycle};
pub use wait::Wait;

use super::activity::{Arrivals, WorkingWeek};
use super::apps::AppSpec;
use super::policy::PolicyRules;
use crate::scenario::Backoff;
use crate::streams::{Purpose, stream};
use rand::RngExt;
use rand_distr::Exp1;

/// A cohort's clocks at the start.
#[derive(Debug, Clone, PartialEq)]
pub struct SteadyState {
    /// When the cohort's users start to play (time zero or before it): the
    /// start of the latest break that resets every short clock (or, where none
    /// does, of the latest break), or time zero for users who never break.
    pub from: f64,
    /// Working time from `from` to time zero: the uses played in (none, for a
    /// break that lasts until after time zero).
    pub played_in: f64,
    /// The renewal cycle of each of the cohort's apps' tokens, by cohort app.
    pub tokens: Vec<TokenCycle>,
    /// The wait from the end of a session the device holds for every app to
    /// the first app's renewal that finds it ended.
    pub device_wait: Wait,
    pub sessions: Sessions,
    /// The mean wait from the end of the time MFA is remembered to the next
    /// sign-in (zero where sessions never end or MFA is never remembered).
    pub mfa_overshoot: f64,
    /// The working time (since time zero) a sign-in frequency before `from`, and
    /// at `from`: where a session in use at `from` began, when no revocation
    /// cuts sessions short.
    pub sign_in_window: (f64, f64),
}

/// How long a session lasts: the sign-in frequency, unless a revocation (a
/// Poisson stream) ends it sooner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sessions {
    pub frequency: f64,
    /// Revocations a second.
    pub rate: f64,
    /// E[min(frequency, revocation)] and its second moment; infinity for a
    /// session that never ends.
    pub lasts: f64,
    pub lasts_square: f64,
}

impl Sessions {
    fn new(frequency: f64, revocation_every: f64) -> Self {
        let rate = 1.0 / revocation_every;
        let (lasts, lasts_square) = match rate {
            0.0 => (frequency, frequency * frequency),
            // (1 - e^(-rf)) / r, and the integral of 2s e^(-rs) over [0, f).
            _ => {
                let f = frequency;
                let tail = (-rate * f).exp();
                let square = match f.is_finite() {
                    true => 2.0 / (rate * rate) * (1.0 - tail * (1.0 + rate * f)),
                    false => 2.0 / (rate * rate),
                };
                (-(-rate * f).exp_m1() / rate, square)
            }
        };
        Sessions {
            frequency,
            rate,
            lasts,
            lasts_square,
        }
    }
}

impl Sessions {
    /// E[V], V the wait from a time `remember` after a sign-in to the next
    /// sign-in of sessions whose endings wait as `waits` say. For one session,
    /// from its renewal process (cycles of a session's length, then its wait):
    /// by 4,096 runs of it with a fixed seed, or, where more than 64 of its
    /// cycles fit in `remember`, its stationary residual E[G^2] / 2E[G]. For
    /// several, the residual of their merged sign-ins taken as a Poisson
    /// stream's.
    fn overshoot(&self, waits: &[&Wait], remember: f64) -> f64 {
        let cycle = |w: &Wait| self.lasts + w.mean;
        if remember == 0.0 || self.lasts.is_infinite() {
            return 0.0;
        }
        let [wait] = waits else {
            return 1.0 / waits.iter().map(|w| 1.0 / cycle(w)).sum::<f64>();
        };
        if remember > 64.0 * cycle(wait) {
            let square = self.lasts_square + 2.0 * self.lasts * wait.mean + wait.mean_square;
            return square / (2.0 * cycle(wait));
        }
        const RUNS: usize = 4096;
        let mut rng = stream(0, 0, Purpose::named("steady state: MFA overshoot"), 0);
        let total: f64 = (0..RUNS)
            .map(|_| {
                let mut t = 0.0;
                while t < remember {
                    let length = match self.rate {
                        0.0 => self.frequency,
                        rate => (rng.sample::<f64, _>(Exp1) / rate).min(self.frequency),
                    };
                    t += length + wait.draw(rng.random());
                }
                t - remember
            })
            .sum();
        total / RUNS as f64
    }
}

/// What a cohort is, as far as its clocks go.
pub struct Cohort<'a> {
    pub week: &'a WorkingWeek,
    /// Each app's uses, in the order of `apps`.
    pub arrivals: &'a [Arrivals],
    pub apps: &'a [&'a AppSpec],
    pub sign_in_frequency: f64,
    pub revocation_every: f64,
    pub registered_devices: bool,
}

impl SteadyState {
    pub fn new(c: Cohort, policy: &PolicyRules) -> Self {
        let week = c.week;
        let tokens: Vec<TokenCycle> = c
            .apps
            .iter()
            .zip(c.arrivals)
            .map(|(a, &arrivals)| TokenCycle::new(a, arrivals))
            .collect();
        let waits: Vec<Wait> = tokens.iter().map(|t| t.wait.clone()).collect();
        // The longest of the clocks a break must outlast to reset them: every
        // token's lifetime, the client's retries, the device's PRT renewal, and
        // the sign-in frequency where some break outlasts it.
        let mut reset = c
            .apps
            .iter()
            .map(|a| (a.lifetime.min + a.lifetime.spread).max(retry_span(a)))
            .fold(0.0, f64::max);
        if c.registered_devices {
            reset = reset.max(policy.prt_renewal);
        }
        if c.sign_in_frequency <= week.longest_break() {
            reset = reset.max(c.sign_in_frequency);
        }
        let from: f64 = match week.latest_break(reset, 0.0) {
            _ if week.always_active() => 0.0,
            Some(start) => start,
            // Breaks too short to reset the clocks: they are drawn in working
            // time, and play in from the latest break.
            None => week.latest_break(0.0, 0.0).unwrap_or(0.0),
        };
        let at_from = week.active_before(from);
        let frequency = c.sign_in_frequency;
        let sessions = Sessions::new(frequency, c.revocation_every);
        let device_wait = Wait::soonest(&waits);
        let signing_in: Vec<&Wait> = match c.registered_devices {
            true => vec![&device_wait],
            false => waits.iter().collect(),
        };
        let mfa_overshoot = sessions.overshoot(&signing_in, policy.remember_mfa);
        SteadyState {
            from,
            played_in: week.active_before(0.0) - at_from,
            tokens,
            device_wait,
            sessions,
            mfa_overshoot,
            sign_in_window: match frequency.is_finite() {
                true => (week.active_before(from - frequency), at_from),
                false => (f64::NEG_INFINITY, at_from),
            },
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
    use super::token::average;
    use super::*;
    use crate::model::policy::TokenLifetime;

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

    /// Sessions of 4 h, cut by revocations once a day on average: they last
    /// (1 - e^(-1/6)) / (1/24 h) on average, by the integral of e^(-r s).
    #[test]
    fn revocations_cut_sessions_short() {
        let hour = 3600.0;
        let s = Sessions::new(4.0 * hour, 24.0 * hour);
        let expected = (1.0 - (-1.0f64 / 6.0).exp()) * 24.0 * hour;
        assert!((s.lasts - expected).abs() < 1e-6 * expected);
        let brute: f64 = (0..40_000)
            .map(|i| {
                let t = (i as f64 + 0.5) * 4.0 * hour / 40_000.0;
                2.0 * t * (-t / (24.0 * hour)).exp() * 4.0 * hour / 40_000.0
            })
            .sum();
        assert!((s.lasts_square - brute).abs() < 1e-6 * brute);
        assert_eq!(
            Sessions::new(f64::INFINITY, f64::INFINITY).lasts,
            f64::INFINITY
        );
    }
}
