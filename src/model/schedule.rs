//! Draws a failure schedule (fixed windows, up/down cycles) into a timeline.

use super::timeline::Timeline;
use crate::scenario::{BURN_IN_CYCLES, Distribution, FailureSchedule, Outage};
use crate::streams::Rng;
use rand::RngExt;
use rand_distr::{Distribution as _, Exp1, LogNormal, Weibull};

/// A distribution ready to draw seconds from, with its mean worked out once.
#[derive(Debug, Clone, Copy)]
pub struct Sampler {
    law: Law,
    mean: f64,
}

#[derive(Debug, Clone, Copy)]
enum Law {
    Exponential,
    Weibull(Weibull<f64>),
    LogNormal(LogNormal<f64>),
    Fixed,
}

impl Sampler {
    pub fn new(d: &Distribution) -> Self {
        let law = match *d {
            Distribution::Exponential { .. } => Law::Exponential,
            Distribution::Weibull { shape, scale } => {
                Law::Weibull(Weibull::new(scale.0, shape).expect("validated: shape > 0"))
            }
            Distribution::Lognormal { median, sigma } => {
                Law::LogNormal(LogNormal::new(median.0.ln(), sigma).expect("validated: sigma > 0"))
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
            Law::Weibull(w) => w.sample(rng),
            Law::LogNormal(l) => l.sample(rng),
            Law::Fixed => self.mean,
        }
    }
}

/// A failure schedule with its distributions built, shared by every replication.
#[derive(Debug, Clone)]
pub struct Schedule {
    outages: Vec<Outage>,
    cycle: Option<(Sampler, Sampler)>,
    burn_in: f64,
    /// Down windows drawn in one replication, on average: the run-size estimate.
    pub expected_windows: f64,
}

impl Schedule {
    /// `s` is validated: its windows are bounded and its distributions can be drawn.
    pub fn new(s: FailureSchedule<'_>, horizon: f64) -> Self {
        let cycle = s.cycle().map(|(f, r)| (Sampler::new(f), Sampler::new(r)));
        let burn_in = cycle.map_or(0.0, |(f, r)| BURN_IN_CYCLES * (f.mean() + r.mean()));
        Schedule {
            outages: s.outages.to_vec(),
            cycle,
            burn_in,
            expected_windows: s.expected_windows(horizon),
        }
    }

    /// Adds this schedule's down windows in `[0, horizon)` to `out` (unsealed).
    pub fn draw(&self, horizon: f64, rng: &mut Rng, out: &mut Timeline) {
        self.draw_fixed(horizon, out);
        if let Some((up, down)) = &self.cycle {
            let mut t = -self.burn_in;
            loop {
                t += up.draw(rng);
                if t >= horizon {
                    break;
                }
                let repaired = t + down.draw(rng);
                out.push(t.max(0.0), repaired);
                t = repaired;
            }
        }
    }

    /// A schedule that never fails: a component made perfectly reliable.
    pub fn never() -> Self {
        Schedule {
            outages: Vec::new(),
            cycle: None,
            burn_in: 0.0,
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
        for o in &self.outages {
            let mut start = o.start.0;
            while start < horizon {
                out.push(start, start + o.duration.0);
                match o.every {
                    Some(every) => start += every.0,
                    None => break,
                }
            }
        }
    }
}
