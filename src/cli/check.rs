//! `authsim check`: a scenario validated as `run` would, and what its run would
//! be, without simulating.

use super::args::SimulationOptions;
use super::{emit, load};
use authsim::error::Error;
use authsim::model;
use authsim::montecarlo::pool::pool;
use authsim::montecarlo::size::{ATTEMPTS_PER_SECOND_PER_CORE, RunSize};
use authsim::scenario::CohortKind;
use authsim::scenario::duration::format_seconds;
use std::fmt::Write;
use std::path::Path;

/// Components and variants named; past this many, the rest are counted.
const NAMES_SHOWN: usize = 10;

pub fn check(scenario: Option<&Path>, simulation: &SimulationOptions) -> Result<(), Error> {
    let plan = load(scenario, simulation, &[], false)?;
    let worlds = model::worlds(&plan);
    let size = RunSize::of(&worlds, plan.replications());
    size.check(&plan.file, simulation.force)?;
    let threads = pool(simulation.threads)?.current_num_threads();
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
        let kind = match cohort.kind {
            CohortKind::People => "users",
            CohortKind::Workloads => "workloads",
        };
        let from = compiled.steady.from;
        let start = match from {
            0.0 => "time zero".to_string(),
            _ => {
                let working = compiled.week.active_before(0.0) - compiled.week.active_before(from);
                format!(
                    "{} before time zero, the start of a break ({} of work played in)",
                    format_seconds(-from),
                    format_seconds(working)
                )
            }
        };
        let _ = writeln!(
            out,
            "  {name:width$}  {:>9} {kind:9}  {start}",
            cohort.users
        );
    }
    let users: u64 = s.cohorts.values().map(|c| u64::from(c.users)).sum();
    let components = listed(s.components.keys().map(String::as_str));
    let variants = listed(plan.variants.iter().map(|v| v.name.as_str()));
    let _ = write!(
        out,
        "users               {users} in all\n\
         components          {components}\n\
         variants            {variants}\n\
         replications        {} (seed {})\n\
         horizon             {} (metrics from {})\n\
         expected attempts   {} (every variant and replication, warm-up and play-in included, client retries not)\n\
         estimated run time  {} on {threads} thread{}, at {:.0} M expected attempts a second per core, \
         as runs of the bundled scenarios on a 2-core development machine (`authsim bench` times this one)\n",
        plan.replications(),
        plan.seed(),
        s.simulation.horizon,
        s.simulation.warmup,
        about(size.attempts),
        seconds(size.estimated_seconds(threads)),
        if threads == 1 { "" } else { "s" },
        ATTEMPTS_PER_SECOND_PER_CORE / 1e6,
    );
    emit(&out)
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

/// A count as a planner reads it: exact below a million, then in millions or billions.
fn about(count: f64) -> String {
    match count {
        c if c < 1e6 => format!("{c:.0}"),
        c if c < 1e9 => format!("{:.1} million", c / 1e6),
        c => format!("{:.1} billion", c / 1e9),
    }
}

/// A run time rounded to what an estimate can promise.
fn seconds(s: f64) -> String {
    match s {
        s if s < 1.0 => "under a second".to_string(),
        s if s < 120.0 => format!("about {s:.0} s"),
        s if s < 7200.0 => format!("about {:.0} min", s / 60.0),
        s => format!("about {:.1} h", s / 3600.0),
    }
}
