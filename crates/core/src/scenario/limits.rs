//! Bounds on everything a scenario can make the simulator loop over or hold in
//! memory, checked when a scenario is read: no input hangs authsim or exhausts
//! the machine. The run-size guard (`montecarlo::size`) bounds the rest, and the
//! README's Limits table quotes every value here (`tests/limits.rs` checks).

use super::Simulation;
use super::components::{Distribution, FailureSchedule};
use super::path::{FieldPath, Problem};

/// Scenario files are a few kilobytes; anything this large is not one.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The longest duration a scenario can write, about 2,700 years: "never" in
/// practice, and still written back to the second.
pub const MAX_DURATION_DAYS: f64 = 1_000_000.0;
/// Time-series and per-minute load counters grow with the horizon.
pub const MAX_HORIZON_DAYS: f64 = 400.0;
pub const MAX_BUCKETS: f64 = 100_000.0;
pub const MAX_RETRIES: u32 = 100;
/// Entries in each of `components`, `common_cause`, `methods`, `apps`, `cohorts`,
/// `contingency` and `fallback`.
pub const MAX_ENTRIES: usize = 10_000;
/// Names in one list (a method's `requires`, a cohort's `apps`, a registration's
/// `methods`...), each named once: every access walks such lists.
pub const MAX_LIST: usize = 100;
/// Registrations (shares) in one cohort, and in all cohorts together.
pub const MAX_REGISTRATIONS: usize = 1_000;
pub const MAX_MIXES: usize = 10_000;
/// Apps of all cohorts together (an app counted once for each cohort that uses it):
/// each is an arrival stream, a resource timeline and two analysed paths.
pub const MAX_COHORT_APPS: usize = 10_000;
/// Cohorts times per-user components: each cohort names a stream for each.
pub const MAX_PER_USER_COPIES: usize = 100_000;
/// Fixed revocation times of one cohort (`revocations_at`), each played for every user.
pub const MAX_REVOCATIONS_AT: usize = 10_000;
/// Variants in one run, the baseline and the whole sweep grid included.
pub const MAX_VARIANTS: usize = 1_000;
/// Down windows one component may have in a replication (fixed recurrences plus
/// expected up/down cycles): a failure every 35 seconds over the longest horizon.
pub const MAX_WINDOWS: f64 = 1_000_000.0;
/// Arrival rates no run may exceed, `--force` or not: a user at 100 attempts a
/// second per app, or a clock ticking every millisecond.
pub const MAX_ATTEMPTS_PER_HOUR: f64 = 360_000.0;
pub const MIN_CLOCK_PERIOD: f64 = 0.001;
/// Down windows a replication holds (every global component's, again in each
/// timeline of a set of components paths need, and key refreshes), those of one
/// user's own components, and fixed outages written in the whole scenario.
pub const MAX_TOTAL_WINDOWS: f64 = 10_000_000.0;
pub const MAX_OUTAGES: usize = 100_000;
/// Characters in a name (a component's, a variant's...) and in the description.
pub const MAX_NAME: usize = 200;
pub const MAX_DESCRIPTION: usize = 2_000;
/// The shortest signing-key refresh and retry periods, in seconds: each refresh
/// is a step of a replication.
pub const MIN_KEY_REFRESH: f64 = 60.0;
/// Signing-key rollovers and removals in a scenario: a resource's known keys are
/// one bit each of a 64-bit set.
pub const MAX_KEY_EVENTS: usize = 60;
/// Instances in one redundancy group.
pub const MAX_INSTANCES: u32 = 100;
/// The dependency analysis (`authsim analyze`): the paths of one variant (a
/// sign-in per registration, a renewal and an access per app of each)...
pub const MAX_ANALYSED_PATHS: usize = 20_000;
/// ...the fixed outage windows its basic events hold over the horizon...
pub const MAX_ANALYSED_WINDOWS: usize = 1_000_000;
/// ...the nodes of one path's decision diagram (a few hundred in practice; a
/// hostile order of events makes it exponential)...
pub const MAX_BDD_NODES: usize = 500_000;
/// ...the steps (sets made or compared) of one path's cut-set search at one order:
/// past them, the cut sets are listed up to the last order that finished...
pub const MAX_CUT_SET_STEPS: usize = 1_000_000;
/// ...and the steps of one variant's analysis: cut sets made or compared, diagram
/// nodes visited (a pass up and one down for each distinct set of fixed windows
/// in force) and pairs of methods compared: a few seconds.
pub const MAX_ANALYSIS_STEPS: f64 = 1e8;
/// The heaviest tail a failure or repair time may have, as its mean over its
/// median: the run-size estimate counts windows in median cycles, and the
/// period under way at time zero is drawn length-biased, which such a tail
/// makes astronomically long (log-normal sigma up to 3.7, Weibull shape down
/// to about 0.19).
pub const MAX_MEAN_OVER_MEDIAN: f64 = 1_000.0;

/// Checks a failure schedule (of each of `instances`) against the horizon: windows
/// that exist, recur sanely and are few enough to hold; distributions that can
/// be drawn. A window
/// that starts in the warm-up is only warned about: its start is not measured.
pub fn schedule(
    f: FailureSchedule,
    instances: u32,
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
            // A replay placed at its own time: say where that came from.
            let placed = match &o.incident {
                Some(r) if r.at_own_time => format!(
                    " (without `start`, incident \"{}\" comes at its own weekday and UTC time, \
                     in the first week after the warm-up: give `start`, or a horizon past {})",
                    r.id,
                    super::duration::format_seconds(o.start.0 + o.duration.0)
                ),
                _ => String::new(),
            };
            return Err(Problem::new(
                at.key("start"),
                format!(
                    "starts at {}, after the horizon ({}): it would never happen; move it inside the horizon or remove it{placed}",
                    o.start, sim.horizon
                ),
            ));
        }
        let end = o.start.0 + o.duration.0;
        if let Some(r) = o.incident.as_ref().filter(|_| end > sim.horizon.0) {
            warnings.push(Problem::new(
                at.key("start"),
                format!(
                    "replays incident \"{}\" from {} to {}, past the horizon ({}): its last {} \
                     are not played; give an earlier `start` or a longer horizon",
                    r.id,
                    o.start,
                    super::duration::Offset::of(end),
                    sim.horizon,
                    super::duration::format_seconds(end - sim.horizon.0)
                ),
            ));
        }
        if o.every.is_none() && o.start.0 < sim.warmup.0 {
            let message = if end <= sim.warmup.0 {
                format!(
                    "lies inside the warm-up ({}), when nothing is counted: move it after the \
                     warm-up or shorten the warm-up",
                    sim.warmup
                )
            } else {
                format!(
                    "starts at {}, inside the warm-up ({}): its first {} are not counted",
                    o.start,
                    sim.warmup,
                    super::duration::format_seconds(sim.warmup.0 - o.start.0)
                )
            };
            warnings.push(Problem::new(at.key("start"), message));
        }
    }
    let windows = f64::from(instances) * expected_windows(f, at, sim.horizon.0)?;
    if windows > MAX_WINDOWS {
        return Err(Problem::new(
            at.clone(),
            format!(
                "fails about {windows:.2e} times in one replication (at most {MAX_WINDOWS:.0e}): \
                 make it fail less often (a longer time_to_failure, fewer outages_per_year, \
                 or a longer `every` between its outages)"
            ),
        ));
    }
    Ok(())
}

/// The schedule's expected down windows in one replication, once its
/// distributions are checked: both given, positive, and not too heavy-tailed.
pub fn expected_windows(f: FailureSchedule, at: &FieldPath, horizon: f64) -> Result<f64, Problem> {
    match (f.time_to_failure, f.time_to_repair) {
        (Some(up), Some(down)) => {
            tail(&up, &at.key("time_to_failure"))?;
            tail(&down, &at.key("time_to_repair"))?;
        }
        (None, None) => {}
        (Some(_), None) => {
            return Err(Problem::new(
                at.key("time_to_failure"),
                "stochastic failures need a time_to_repair as well",
            ));
        }
        (None, Some(_)) => {
            return Err(Problem::new(
                at.key("time_to_repair"),
                "stochastic failures need a time_to_failure (or an availability) as well",
            ));
        }
    }
    Ok(f.expected_windows(horizon))
}

/// Refuses parameters a distribution cannot be drawn with.
pub(super) fn tail(d: &Distribution, at: &FieldPath) -> Result<(), Problem> {
    let (field, value) = match *d {
        Distribution::Lognormal { sigma, .. } => ("sigma", sigma),
        Distribution::Weibull { shape, .. } => ("shape", shape),
        Distribution::Exponential { .. } | Distribution::Fixed { .. } => ("", 1.0),
    };
    if !(value.is_finite() && value > 0.0) {
        return Err(Problem::new(
            at.key(field),
            format!("must be a positive number, got {value}"),
        ));
    }
    let log_ratio = d.log_mean_over_median();
    if log_ratio.is_nan() || log_ratio > MAX_MEAN_OVER_MEDIAN.ln() {
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
    if d.median().is_nan() || d.median() <= 0.0 {
        return Err(Problem::new(
            at.clone(),
            "its median rounds to zero seconds: lengthen its scale",
        ));
    }
    Ok(())
}

/// Why `name` cannot name anything: too long, a control character that would
/// corrupt a chart or a terminal, or nothing visible at all.
pub fn bad_name(name: &str, longest: usize) -> Option<String> {
    let invisible = |c: char| {
        c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
    };
    if name.chars().count() > longest {
        Some(format!("longer than {longest} characters"))
    } else if let Some(c) = name.chars().find(|c| c.is_control()) {
        Some(format!("holds the control character {:?}", c))
    } else if name.chars().all(invisible) {
        Some("has nothing visible in it".to_string())
    } else {
        None
    }
}
