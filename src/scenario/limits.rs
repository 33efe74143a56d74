//! Bounds on everything a scenario can make the simulator loop over or hold in
//! memory, checked when a scenario is read: no input hangs authsim or exhausts
//! the machine. The run-size guard (`model::size`) bounds the rest.

use super::components::{Distribution, FailureSchedule};
use super::Simulation;
use super::path::{FieldPath, Problem};
use statrs::function::gamma::ln_gamma;
use std::f64::consts::LN_2;

/// Scenario files are a few kilobytes; anything this large is not one.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The longest duration a scenario can write, about 2,700 years: "never" in
/// practice, and still written back to the second.
pub const MAX_DURATION_DAYS: f64 = 1_000_000.0;
/// Time-series and per-minute load counters grow with the horizon.
pub const MAX_HORIZON_DAYS: f64 = 400.0;
pub const MAX_BUCKETS: f64 = 100_000.0;
pub const MAX_RETRIES: u32 = 100;
/// Entries in each of `components`, `common_cause`, `methods`, `apps` and `cohorts`.
pub const MAX_ENTRIES: usize = 10_000;
/// Apps one user plays at once, and registrations (shares) in one cohort.
pub const MAX_APPS_PER_COHORT: usize = 100;
pub const MAX_REGISTRATIONS: usize = 1_000;
/// Variants in one run, the baseline and the whole sweep grid included.
pub const MAX_VARIANTS: usize = 1_000;
/// Down windows one component may have in a replication (fixed recurrences plus
/// expected up/down cycles): a failure every 35 seconds over the longest horizon.
pub const MAX_WINDOWS: f64 = 1_000_000.0;
/// Up/down cycles start `BURN_IN_CYCLES` mean cycles before time zero, so the state
/// at the start is drawn from (very nearly) the steady state.
pub const BURN_IN_CYCLES: f64 = 20.0;
/// The heaviest tail a failure or repair time may have, as its mean over its
/// median: a burn-in of 20 mean cycles takes about 20 times this many draws
/// (log-normal sigma up to 3.7, Weibull shape down to about 0.19).
pub const MAX_MEAN_OVER_MEDIAN: f64 = 1_000.0;

/// Checks a failure schedule against the horizon: windows that exist, recur
/// sanely and are few enough to hold; distributions whose burn-in ends. A window
/// that starts in the warm-up is only warned about: its start is not measured.
pub fn schedule(
    f: FailureSchedule,
    at: &FieldPath,
    sim: &Simulation,
    warnings: &mut Vec<Problem>,
) -> Result<(), Problem> {
    for (i, o) in f.outages.iter().enumerate() {
        let at = at.key("outages").index(i);
        if let Some(every) = o.every
            && every.0 < o.duration.0
        {
            return Err(Problem::new(
                at.key("every"),
                "a recurring outage must recur no more often than it lasts",
            ));
        }
        if o.start.0 >= sim.horizon.0 {
            return Err(Problem::new(
                at.key("start"),
                format!(
                    "starts at {}, after the horizon ({}): it would never happen; move it inside the horizon or remove it",
                    o.start, sim.horizon
                ),
            ));
        }
        if o.every.is_none() && o.start.0 < sim.warmup.0 {
            warnings.push(Problem::new(
                at.key("start"),
                format!(
                    "starts at {}, inside the warm-up ({}), when nothing is counted: \
                     move it after the warm-up or shorten the warm-up",
                    o.start, sim.warmup
                ),
            ));
        }
    }
    let windows = expected_windows(f, at, sim.horizon.0)?;
    if windows > MAX_WINDOWS {
        return Err(Problem::new(
            at.clone(),
            format!(
                "fails about {windows:.2e} times in one replication (at most {MAX_WINDOWS:.0e}): \
                 lengthen its time_to_failure or its outages' `every`"
            ),
        ));
    }
    Ok(())
}

/// Down windows a schedule draws in one replication, on average: every recurrence
/// of its fixed outages, and its up/down cycles from the burn-in to the horizon,
/// counted in typical (median) cycles, as a heavy tail makes most cycles short.
pub fn expected_windows(f: FailureSchedule, at: &FieldPath, horizon: f64) -> Result<f64, Problem> {
    let fixed: f64 = f
        .outages
        .iter()
        .map(|o| o.every.map_or(1.0, |e| ((horizon - o.start.0) / e.0).ceil().max(1.0)))
        .sum();
    let cycles = match (f.time_to_failure, f.time_to_repair) {
        (Some(up), Some(down)) => {
            let up = shape(up, &at.key("time_to_failure"))?;
            let down = shape(down, &at.key("time_to_repair"))?;
            let burn_in = BURN_IN_CYCLES * (up.mean + down.mean);
            (burn_in + horizon) / (up.median + down.median)
        }
        (None, None) => 0.0,
        (Some(_), None) => {
            return Err(Problem::new(
                at.key("time_to_failure"),
                "stochastic failures need a time_to_repair as well",
            ));
        }
        (None, Some(_)) => {
            return Err(Problem::new(
                at.key("time_to_repair"),
                "stochastic failures need a time_to_failure as well",
            ));
        }
    };
    Ok(fixed + cycles)
}

/// A distribution's mean and median, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub mean: f64,
    pub median: f64,
}

/// The distribution's mean and median, refusing parameters it cannot be drawn with.
pub fn shape(d: &Distribution, at: &FieldPath) -> Result<Shape, Problem> {
    let positive = |field: &str, value: f64| {
        if value.is_finite() && value > 0.0 {
            Ok(value)
        } else {
            Err(Problem::new(
                at.key(field),
                format!("must be a positive number, got {value}"),
            ))
        }
    };
    // ln(mean / median), and the median.
    let (log_ratio, median, field) = match *d {
        Distribution::Exponential { mean } => (-LN_2.ln(), mean.0 * LN_2, ""),
        Distribution::Fixed { value } => (0.0, value.0, ""),
        Distribution::Lognormal { median, sigma } => {
            let sigma = positive("sigma", sigma)?;
            (sigma * sigma / 2.0, median.0, "sigma")
        }
        Distribution::Weibull { shape, scale } => {
            let k = positive("shape", shape)?;
            // mean = scale Gamma(1 + 1/k), median = scale (ln 2)^(1/k)
            let ln_ln2 = LN_2.ln();
            (
                ln_gamma(1.0 + 1.0 / k) - ln_ln2 / k,
                scale.0 * (ln_ln2 / k).exp(),
                "shape",
            )
        }
    };
    if !(log_ratio <= MAX_MEAN_OVER_MEDIAN.ln()) {
        return Err(Problem::new(
            at.key(field),
            format!(
                "this tail is too heavy to simulate: its mean is {} its median (at most {MAX_MEAN_OVER_MEDIAN:.0} times; \
                 log-normal sigma at most 3.7, Weibull shape at least about 0.19)",
                match log_ratio.exp() {
                    r if r.is_finite() => format!("{r:.1e} times"),
                    _ => "astronomically many times".to_string(),
                }
            ),
        ));
    }
    if !(median > 0.0) {
        return Err(Problem::new(
            at.clone(),
            "its median rounds to zero seconds: lengthen its scale",
        ));
    }
    Ok(Shape {
        mean: median * log_ratio.exp(),
        median,
    })
}
