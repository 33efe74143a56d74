//! Draws a failure schedule (fixed windows, up/down cycles) into a timeline.
//!
//! Up/down cycles are an alternating renewal process caught in its steady state
//! at time zero: down with probability mean repair / mean cycle, in a period
//! whose length is drawn length-biased (a long period is more likely to be the
//! one under way) and whose age is uniform within it. From there the future is
//! drawn forward and the past backward (a stationary alternating renewal process
//! reversed is one again), each from a stream of its own, so how far back a
//! variant looks changes nothing after time zero.

use super::timeline::Timeline;
use crate::scenario::{Distribution, FailureSchedule, Outage};
use crate::streams::Rng;
use rand::{Rng as _, RngExt, SeedableRng};
use rand_distr::{Distribution as _, Exp1, Gamma, LogNormal, Weibull};

/// A distribution ready to draw seconds from, with its mean worked out once.
#[derive(Debug, Clone, Copy)]
pub struct Sampler {
    law: Law,
    mean: f64,
}

#[derive(Debug, Clone, Copy)]
enum Law {
    Exponential,
    /// With the length-biased law: scale x Gamma(1 + 1/shape)^(1/shape).
    Weibull {
        law: Weibull<f64>,
        biased: Gamma<f64>,
        scale: f64,
        inverse_shape: f64,
    },
    /// Length-biased, a log-normal of log-mean mu + sigma^2.
    LogNormal {
        law: LogNormal<f64>,
        biased: LogNormal<f64>,
    },
    Fixed,
}

impl Sampler {
    pub fn new(d: &Distribution) -> Self {
        let law = match *d {
            Distribution::Exponential { .. } => Law::Exponential,
            Distribution::Weibull { shape, scale } => Law::Weibull {
                law: Weibull::new(scale.0, shape).expect("validated: shape > 0"),
                biased: Gamma::new(1.0 + 1.0 / shape, 1.0).expect("validated: shape > 0"),
                scale: scale.0,
                inverse_shape: 1.0 / shape,
            },
            Distribution::Lognormal { median, sigma } => {
                let mu = median.0.ln();
                Law::LogNormal {
                    law: LogNormal::new(mu, sigma).expect("validated: sigma > 0"),
                    biased: LogNormal::new(mu + sigma * sigma, sigma)
                        .expect("validated: sigma > 0"),
                }
            }
            Distribution::Fixed { .. } => Law::Fixed,
        };
        Sampler {
            law,
            mean: d.mean(),
        }
    }

    pub fn mean(&self) -> f64 {
        self.mean
    }

    #[inline]
    pub fn draw(&self, rng: &mut Rng) -> f64 {
        match self.law {
            Law::Exponential => self.mean * rng.sample::<f64, _>(Exp1),
            Law::Weibull { law, .. } => law.sample(rng),
            Law::LogNormal { law, .. } => law.sample(rng),
            Law::Fixed => self.mean,
        }
    }

    /// A draw of the length-biased law, density x f(x) / mean: the length of
    /// the period under way at a random instant.
    pub fn draw_length_biased(&self, rng: &mut Rng) -> f64 {
        match self.law {
            // Gamma(2, mean): the sum of two exponentials.
            Law::Exponential => {
                self.mean * (rng.sample::<f64, _>(Exp1) + rng.sample::<f64, _>(Exp1))
            }
            Law::Weibull {
                biased,
                scale,
                inverse_shape,
                ..
            } => scale * biased.sample(rng).powf(inverse_shape),
            Law::LogNormal { biased, .. } => biased.sample(rng),
            Law::Fixed => self.mean,
        }
    }
}

/// A failure schedule with its distributions built, shared by every replication.
#[derive(Debug, Clone)]
pub struct Schedule {
    outages: Vec<Outage>,
    cycle: Option<(Sampler, Sampler)>,
    /// Down windows drawn in one replication, on average: the run-size estimate.
    pub expected_windows: f64,
}

impl Schedule {
    /// `s` is validated: its windows are bounded and its distributions can be drawn.
    pub fn new(s: FailureSchedule<'_>, horizon: f64) -> Self {
        let cycle = s.cycle().map(|(f, r)| (Sampler::new(&f), Sampler::new(&r)));
        Schedule {
            outages: s.outages.to_vec(),
            cycle,
            expected_windows: s.expected_windows(horizon),
        }
    }

    /// Adds this schedule's down windows in `[from, horizon)` to `out` (unsealed):
    /// `from` is zero or before it, where users' clocks play in before time zero.
    pub fn draw(&self, from: f64, horizon: f64, rng: &mut Rng, out: &mut Timeline) {
        self.fixed_windows(from, horizon, out);
        let Some((up, down)) = &self.cycle else {
            return;
        };
        // Always one draw for the past's stream, however far back it goes.
        let mut past = Rng::seed_from_u64(rng.next_u64());
        let share_down = down.mean() / (up.mean() + down.mean());
        let is_down = rng.random::<f64>() < share_down;
        let length = [up, down][usize::from(is_down)].draw_length_biased(rng);
        let end = (1.0 - rng.random::<f64>()) * length;
        let start = end - length;
        if is_down {
            out.push(start, end);
        }
        // Forward, then backward: the periods next to the one under way are of
        // the other kind.
        let laws = [up, down];
        alternate(laws, end, !is_down, horizon, 1.0, rng, out);
        alternate(laws, start, !is_down, from, -1.0, &mut past, out);
    }

    /// A schedule that never fails: a component made perfectly reliable.
    pub fn never() -> Self {
        Schedule {
            outages: Vec::new(),
            cycle: None,
            expected_windows: 0.0,
        }
    }

    /// The long-run share of time the random failures keep it down (an alternating
    /// renewal process: mean repair over mean cycle, whatever the distributions).
    pub fn random_unavailability(&self) -> f64 {
        self.cycle
            .map_or(0.0, |(up, down)| down.mean() / (up.mean() + down.mean()))
    }

    /// Adds the fixed outage windows alone in `[0, horizon)` to `out` (unsealed).
    pub fn draw_fixed(&self, horizon: f64, out: &mut Timeline) {
        self.fixed_windows(0.0, horizon, out);
    }

    /// The fixed outage windows in `[from, horizon)`: a recurring one has also
    /// recurred before time zero, where users' clocks play in.
    fn fixed_windows(&self, from: f64, horizon: f64, out: &mut Timeline) {
        for o in &self.outages {
            let duration = o.duration.0;
            let mut start = o.start.0;
            while start < horizon {
                out.push(start, start + duration);
                match o.every {
                    Some(every) => start += every.0,
                    None => break,
                }
            }
            if let Some(every) = o.every {
                // The latest recurrence that starts before time zero, then back.
                let mut start = o.start.0 - ((o.start.0 / every.0).floor() + 1.0) * every.0;
                while start + duration > from {
                    out.push(start, start + duration);
                    start -= every.0;
                }
            }
        }
    }
}

/// Up and down periods from `t` (the first `down` or not) on past `until`:
/// forward where `direction` is 1, backward where it is -1.
fn alternate(
    laws: [&Sampler; 2],
    mut t: f64,
    mut down: bool,
    until: f64,
    direction: f64,
    rng: &mut Rng,
    out: &mut Timeline,
) {
    while (until - t) * direction > 0.0 {
        let next = t + direction * laws[usize::from(down)].draw(rng);
        if down {
            out.push(t.min(next), t.max(next));
        }
        (t, down) = (next, !down);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::duration::Duration;
    use crate::streams::{Purpose, stream};
    use statrs::function::gamma::gamma;

    const H: f64 = 3600.0;

    fn schedule(up: Distribution, down: Distribution, outages: &[Outage]) -> Schedule {
        let s = FailureSchedule {
            outages,
            time_to_failure: Some(up),
            time_to_repair: Some(down),
        };
        Schedule::new(s, 100.0 * H)
    }

    /// Over `n` replications from `from` to `horizon`: the share down at each of `at`, and the
    /// mean time to the next failure from time zero, of those up then.
    fn observe(s: &Schedule, from: f64, horizon: f64, at: &[f64], n: u64) -> (Vec<f64>, f64) {
        let mut down = vec![0.0; at.len()];
        let (mut residual, mut up) = (0.0, 0.0);
        for r in 0..n {
            let mut rng = stream(7, r as u32, Purpose::named("schedule test"), 0);
            let mut t = Timeline::default();
            s.draw(from, horizon, &mut rng, &mut t);
            t.seal();
            for (d, &x) in down.iter_mut().zip(at) {
                *d += f64::from(u8::from(t.contains(x)));
            }
            if !t.contains(0.0) {
                up += 1.0;
                residual += t.up_until_unordered(0.0);
            }
        }
        (down.iter().map(|d| d / n as f64).collect(), residual / up)
    }

    /// An alternating renewal process in its steady state is down mean repair /
    /// mean cycle of the time at every instant, time zero, before it (where users
    /// play in) and after it; and from an instant it is up, the next failure
    /// comes after the equilibrium residual, E[U^2] / 2 E[U]. Before, the up/down
    /// cycles started up, 20 mean cycles before time zero: a fixed cycle was
    /// then always up at time zero, its failure due exactly at a whole cycle.
    #[test]
    fn up_down_cycles_start_in_their_steady_state() {
        let d = |s: f64| Duration::of(s * H);
        let cases = [
            // (up, down, mean up, E[U^2], mean down)
            (
                Distribution::Fixed { value: d(10.0) },
                Distribution::Fixed { value: d(2.0) },
                10.0,
                100.0,
                2.0,
            ),
            (
                Distribution::Weibull {
                    shape: 0.7,
                    scale: d(8.0),
                },
                Distribution::Lognormal {
                    median: d(1.0),
                    sigma: 0.9,
                },
                8.0 * gamma(1.0 + 1.0 / 0.7),
                64.0 * gamma(1.0 + 2.0 / 0.7),
                (0.9f64 * 0.9 / 2.0).exp(),
            ),
            (
                Distribution::Lognormal {
                    median: d(6.0),
                    sigma: 0.5,
                },
                Distribution::Exponential { mean: d(3.0) },
                6.0 * (0.125f64).exp(),
                36.0 * (0.5f64).exp(),
                3.0,
            ),
        ];
        let n = 40_000;
        for (up, down, mean_up, square_up, mean_down) in cases {
            let s = schedule(up, down, &[]);
            let p = mean_down / (mean_up + mean_down);
            let tolerance = 4.5 * (p * (1.0 - p) / n as f64).sqrt();
            // Drawn from time zero too, where the period under way began before
            // it, and to a horizon inside a period.
            let (start_zero, _) = observe(&s, 0.0, 8.0 * H, &[0.0, 7.0 * H], n);
            let (shares, residual) = observe(
                &s,
                -50.0 * H,
                2000.0 * H,
                &[-40.0 * H, 0.0, 7.0 * H, 60.0 * H],
                n,
            );
            for share in shares.into_iter().chain(start_zero) {
                assert!(
                    (share - p).abs() < tolerance,
                    "{up:?}: down {share} of the time, not {p}"
                );
            }
            let expected = square_up / (2.0 * mean_up) * H;
            assert!(
                (residual - expected).abs() < 0.03 * expected,
                "{up:?}: next failure after {} h, not {} h",
                residual / H,
                expected / H
            );
        }
    }

    /// A recurring window recurred before time zero too (not between time zero
    /// and its first start, which the scenario names); a one-off did not.
    #[test]
    fn recurring_windows_recur_before_time_zero() {
        let outages = [
            Outage {
                start: "1d 10:00".parse().unwrap(),
                duration: "1h".parse().unwrap(),
                every: Some("1d".parse().unwrap()),
                regions: vec![],
                incident: None,
            },
            Outage {
                start: "2d".parse().unwrap(),
                duration: "1h".parse().unwrap(),
                every: None,
                regions: vec![],
                incident: None,
            },
        ];
        let s = Schedule {
            outages: outages.to_vec(),
            cycle: None,
            expected_windows: 0.0,
        };
        let mut t = Timeline::default();
        s.draw(
            -30.0 * H,
            3.0 * 24.0 * H,
            &mut stream(1, 0, Purpose::named("x"), 0),
            &mut t,
        );
        t.seal();
        let starts: Vec<f64> = t.windows().iter().map(|w| w.start / H).collect();
        assert_eq!(starts, [-14.0, 34.0, 48.0, 58.0]);
    }
}
