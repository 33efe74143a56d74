//! `authsim check`: a scenario validated as `run` would, and what its run would
//! be, without simulating.

use super::args::SimulationOptions;
use super::{emit, load};
use authsim::error::Error;
use authsim::model;
use authsim::model::World;
use authsim::montecarlo::pool::pool;
use authsim::montecarlo::size::{HIGH, LOW, RunSize, Work, measured_attempts};
use authsim::scenario::duration::{Offset, format_seconds};
use authsim::scenario::incidents;
use authsim::scenario::{CohortKind, RunPlan, Scenario};
use std::fmt::Write;
use std::path::Path;

/// Components and variants named; past this many, the rest are counted.
const NAMES_SHOWN: usize = 10;

pub fn check(
    scenario: Option<&Path>,
    simulation: &SimulationOptions,
    json: bool,
) -> Result<(), Error> {
    let plan = load(scenario, simulation, &[], false)?;
    let worlds = model::worlds(&plan);
    let size = RunSize::of(&worlds, plan.replications());
    size.check(&plan.file, simulation.force)?;
    let threads = pool(simulation.threads)?.current_num_threads();
    if json {
        return emit(&document(&plan, &worlds, &size, threads));
    }
    let s = &plan.resolved;
    let mut out = format!("{}: valid\n", plan.file.display());
    if !s.description.is_empty() {
        let _ = writeln!(out, "  {}", s.description);
    }
    let width = s.cohorts.keys().map(String::len).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "cohorts (clocks in steady state from, in the baseline)"
    );
    for ((name, cohort), compiled) in s.cohorts.iter().zip(&worlds[0].cohorts) {
        let kind = counted(cohort.kind);
        let from = compiled.steady.from;
        let start = match from {
            0.0 => "time zero".to_string(),
            _ => format!(
                "{} before time zero, the start of a break ({} of work played in)",
                format_seconds(-from),
                format_seconds(compiled.steady.played_in)
            ),
        };
        let _ = writeln!(
            out,
            "  {name:width$}  {:>9} {kind:9}  {start}",
            cohort.users
        );
    }
    let users = s.users();
    let components = listed(s.components.keys().map(String::as_str));
    let components = match replays(s) {
        replays if replays.is_empty() => components,
        replays => format!("{components}\n{replays}"),
    };
    let variants = listed(plan.variants.iter().map(|v| v.name.as_str()));
    let _ = write!(
        out,
        "users               {users} in all\n\
         components          {components}\n\
         variants            {variants}\n\
         replications        {} (seed {})\n\
         horizon             {} (metrics from {})\n\
         access attempts     {} played, in expectation: every user's scheduled uses in every \
         variant and replication, from where each cohort starts to play (play-in and warm-up \
         included), as `authsim bench` counts them; client retries, which only failed renewals \
         make, come on top\n\
         attempts metric     {} a replication{} after the warm-up: people's uses, as summary.csv's \
         `attempts` counts them\n\
         estimated run time  {}",
        plan.replications(),
        plan.seed(),
        s.simulation.horizon,
        s.simulation.warmup,
        about(size.attempts),
        measured(&worlds),
        match worlds.len() {
            1 => "",
            _ => " of each variant",
        },
        run_time(&Work::of(&worlds, plan.replications()), threads),
    );
    emit(&out)
}

/// Where each incident replay falls (one without `start` is placed by the
/// warm-up), and what the incident took down where it was another component.
fn replays(s: &Scenario) -> String {
    let lines: Vec<String> = s
        .replays()
        .filter_map(|(name, o)| {
            let id = &o.incident.as_ref()?.id;
            let incident = incidents::find(id)?;
            let end = Offset::of(o.start.0 + o.duration.0);
            let other = match incident.component == name {
                true => String::new(),
                false => format!(" (it took down {})", incident.component),
            };
            Some(format!(
                "  replays {id} on {name}, {} to {end}{other}",
                o.start
            ))
        })
        .collect();
    lines.join("\n")
}

/// What a cohort's members are counted as.
fn counted(kind: CohortKind) -> &'static str {
    match kind {
        CohortKind::People => "users",
        CohortKind::Workloads => "workloads",
    }
}

/// `--json`: what the text says, in fields a script reads; times in seconds,
/// counts as expected values (not rounded).
fn document(plan: &RunPlan, worlds: &[World], size: &RunSize, threads: usize) -> String {
    let s = &plan.resolved;
    let cohorts: Vec<_> = s
        .cohorts
        .iter()
        .zip(&worlds[0].cohorts)
        .map(|((name, cohort), compiled)| {
            serde_json::json!({
                "name": name,
                "kind": counted(cohort.kind),
                "users": cohort.users,
                "steady_from_s": compiled.steady.from,
                "played_in_s": compiled.steady.played_in,
            })
        })
        .collect();
    let attempts_metric: Vec<_> = plan
        .variants
        .iter()
        .zip(worlds)
        .map(|(v, w)| serde_json::json!({ "variant": v.name, "attempts": measured_attempts(w) }))
        .collect();
    let total = Work::of(worlds, plan.replications())
        .seconds(threads)
        .total();
    let document = serde_json::json!({
        "file": plan.file.display().to_string(),
        "valid": true,
        "description": s.description,
        "cohorts": cohorts,
        "users": s.users(),
        "components": s.components.keys().collect::<Vec<_>>(),
        "replays": s.replays().map(|(name, o)| serde_json::json!({
            "incident": o.incident.as_ref().map(|r| &r.id),
            "on": name,
            "start_s": o.start.0,
            "end_s": o.start.0 + o.duration.0,
        })).collect::<Vec<_>>(),
        "variants": plan.variants.iter().map(|v| &v.name).collect::<Vec<_>>(),
        "replications": plan.replications(),
        "seed": plan.seed(),
        "horizon_s": s.simulation.horizon.0,
        "warmup_s": s.simulation.warmup.0,
        "access_attempts": size.attempts,
        "attempts_metric": attempts_metric,
        "threads": threads,
        "estimated_run_time_s": { "estimate": total, "low": total * LOW, "high": total * HIGH },
        "warnings": plan.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&document).expect("a JSON value serializes") + "\n"
}

/// How many names there are, then the first few: `3: a, b, c`.
fn listed<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    let count = names.len();
    let shown: Vec<&str> = names.take(NAMES_SHOWN).collect();
    match count - shown.len() {
        0 => format!("{count}: {}", shown.join(", ")),
        more => format!("{count}: {}, and {more} more", shown.join(", ")),
    }
}

/// The `attempts` metric expected of each variant: one figure where they all
/// expect the same, else their range.
fn measured(worlds: &[World]) -> String {
    let each: Vec<f64> = worlds.iter().map(measured_attempts).collect();
    let low = each.iter().copied().fold(f64::INFINITY, f64::min);
    let high = each.iter().copied().fold(0.0, f64::max);
    match high - low <= 1e-9 * high {
        true => about(high),
        false => format!("{} to {}", about(low), about(high)),
    }
}

/// The run time as an estimate can promise it: its likely range, and what
/// most of it goes on.
fn run_time(work: &Work, threads: usize) -> String {
    let parts = work.seconds(threads);
    let total = parts.total();
    let (most, what) = [
        (parts.engine, "playing the users"),
        (parts.slices, "the slices' tallies, files and report"),
        (parts.setup, "compiling the cohorts and starting up"),
    ]
    .into_iter()
    .fold(
        (0.0, ""),
        |best, part| if part.0 > best.0 { part } else { best },
    );
    let likely = match (seconds(total * LOW), seconds(total * HIGH)) {
        (low, high) if low == high => low,
        (low, high) => format!("{low} to {high}"),
    };
    format!(
        "{} on {threads} thread{}, likely {likely} on idle cores as fast as the development \
         machine's (docs/development.md), longer on busy ones; {:.0}% of it {what}\n",
        match total < 1.0 {
            true => seconds(total),
            false => format!("about {}", seconds(total)),
        },
        if threads == 1 { "" } else { "s" },
        100.0 * most / total,
    )
}

/// A count as a planner reads it: exact below a million, then to four
/// significant digits in millions or billions.
fn about(count: f64) -> String {
    let (value, unit) = match count {
        c if c < 1e6 => return format!("{c:.0}"),
        c if c < 1e9 => (c / 1e6, "million"),
        c => (c / 1e9, "billion"),
    };
    let decimals = 3usize.saturating_sub(value.log10().floor().max(0.0) as usize);
    format!("{value:.decimals$} {unit}")
}

/// A run time rounded to what an estimate can promise.
fn seconds(s: f64) -> String {
    match s {
        s if s < 1.0 => "under a second".to_string(),
        s if s < 120.0 => format!("{s:.0} s"),
        s if s < 7200.0 => format!("{:.0} min", s / 60.0),
        s => format!("{:.1} h", s / 3600.0),
    }
}
