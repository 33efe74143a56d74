//! What a run would simulate that is valid but almost surely not meant, because
//! it yields nothing or repeats itself: a cohort whose activity gives no access
//! attempt, a registration no user has, a variant that changes nothing or
//! simulates what another does, a swept value the baseline has already, a
//! sample of users as large as everyone. Each is
//! warned about, never refused: the run still happens.

use super::availability::Availability;
use super::duration::Lifetime;
use super::path::{FieldPath, Problem};
use super::plan::{PlanProblem, RunPlan};
use super::sweep::{self, Axis};
use super::{Cohort, Scenario};
use crate::units::WEEK;
use std::collections::{BTreeMap, BTreeSet};
use toml::{Table, Value};

/// The plan's degenerate inputs; `command_line` holds the `--set` axes, which
/// have no place in the file.
pub fn degenerate(plan: &RunPlan, command_line: &[Axis]) -> Vec<PlanProblem> {
    let root = FieldPath::root();
    let declared = &plan.resolved.variant;
    // Where each variant's changes are written: its `set`, or the sweep.
    let origin = |i: usize| match declared.get(i.wrapping_sub(1)) {
        Some(_) => root.key("variant").index(i - 1).key("set"),
        None => root.key("sweep"),
    };
    let base = silent(&plan.variants[0].scenario);
    let said: BTreeSet<String> = base.iter().map(Problem::to_string).collect();
    let mut found: Vec<PlanProblem> = base.into_iter().map(PlanProblem::top).collect();
    for (i, v) in plan.variants.iter().enumerate().skip(1) {
        let new = silent(&v.scenario)
            .into_iter()
            .filter(|p| !said.contains(&p.to_string()));
        found.extend(new.map(|problem| PlanProblem {
            variant: Some(v.name.clone()),
            at: origin(i),
            problem,
        }));
    }
    found.extend(everyone_sampled(&plan.variants[0].scenario));
    found.extend(repeats(plan));
    found.extend(swept_baseline(plan, command_line));
    found.extend(respelled(plan, command_line));
    found
}

/// A cohort's activity that gives no access attempt in a replication, and a
/// registration whose share gives it no user.
fn silent(s: &Scenario) -> Vec<Problem> {
    let measured = s.simulation.horizon.0 - s.simulation.warmup.0;
    let mut found = Vec::new();
    for (name, cohort) in &s.cohorts {
        let at = FieldPath::root().key("cohorts").key(name);
        let attempts = attempts(cohort, measured);
        if attempts < 1.0 {
            let a = &cohort.activity;
            let key = match (a.attempts_per_hour, a.every, &a.attempts_by_hour) {
                (Some(_), _, _) => at.key("activity").key("attempts_per_hour"),
                (None, Some(_), _) => at.key("activity").key("every"),
                (None, None, Some(_)) => at.key("activity").key("attempts_by_hour"),
                (None, None, None) => at.key("activity"),
            };
            found.push(Problem::new(
                key,
                format!(
                    "gives the cohort's {} users about {attempts:.2e} access attempts in the measured {}: \
                     most replications see none, and its figures stay empty; raise the rate or the users",
                    cohort.users,
                    super::duration::format_seconds(measured)
                ),
            ));
        }
        let empty = empty_registrations(cohort);
        if let Some(&first) = empty.first() {
            let share = cohort.registrations[first].share;
            let which = match empty.len() {
                1 => format!(
                    "a share of {share} gives none of the cohort's {} users this registration",
                    cohort.users
                ),
                n => format!(
                    "{n} registrations, this one first (a share of {share}), get none of the cohort's {} users",
                    cohort.users
                ),
            };
            found.push(Problem::new(
                at.key("registrations").index(first).key("share"),
                format!("{which}: their methods are never simulated; raise the share or the users"),
            ));
        }
    }
    found
}

/// Access attempts the cohort makes in `measured` seconds, on average over its
/// working week: each user, each app, at its rate (times its weight) or on its clock.
fn attempts(cohort: &Cohort, measured: f64) -> f64 {
    let a = &cohort.activity;
    let weights: f64 = cohort.apps.iter().map(|app| a.weight(app)).sum();
    a.attempts_per_week() * measured / WEEK * f64::from(cohort.users) * weights
}

/// The registrations whose share gives them no user, as the model places users
/// in turn along the shares (`model::cohorts`).
fn empty_registrations(cohort: &Cohort) -> Vec<usize> {
    let mut before = 0;
    let mut upto = 0.0;
    let last = cohort.registrations.len().saturating_sub(1);
    let mut empty = Vec::new();
    for (i, r) in cohort.registrations.iter().enumerate() {
        upto += r.share;
        let through = match i == last {
            true => cohort.users,
            false => users_before(cohort.users, upto),
        };
        if through == before {
            empty.push(i);
        }
        before = through;
    }
    empty
}

/// How many of `users` users sit before `upto` of the cohort, as the model
/// places them (`model::cohorts`: user `u` at `(u + 0.5) / users`).
fn users_before(users: u32, upto: f64) -> u32 {
    let position = |u: u32| (f64::from(u) + 0.5) / f64::from(users);
    let guess = (upto * f64::from(users) - 0.5)
        .ceil()
        .clamp(0.0, f64::from(users)) as u32;
    // The guess is at most one off either way; the model's own test settles it.
    let lower = guess.saturating_sub(1);
    (lower..=guess.saturating_add(1).min(users))
        .find(|&u| u == users || position(u) >= upto)
        .unwrap_or(users)
}

/// A sample of at least every user: every variant plays everyone (it samples
/// with the baseline's chance), as without `sample_users`.
fn everyone_sampled(base: &Scenario) -> Option<PlanProblem> {
    let wanted = base.simulation.sample_users?;
    let everyone = base.users();
    base.sample().is_none().then(|| {
        let at = FieldPath::root().key("simulation").key("sample_users");
        let why = format!(
            "sample_users = {wanted} is not fewer than the scenario's {everyone} users: every replication plays every user, as without it; leave it out or sample fewer"
        );
        PlanProblem::top(Problem::new(at, why))
    })
}

/// Declared variants that change nothing from the baseline, and any variant that
/// simulates exactly what an earlier one does (two values of one sweep axis
/// that are the same are the sweep's own check, or `respelled`'s).
fn repeats(plan: &RunPlan) -> Vec<PlanProblem> {
    let declared = plan.resolved.variant.len();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut found = Vec::new();
    for (i, v) in plan.variants.iter().enumerate() {
        let table = Table::try_from(&v.scenario).expect("a scenario always serializes");
        let same = canonical(&Value::Table(table)).to_string();
        let Some(&earlier) = seen.get(&same) else {
            seen.insert(same, i);
            continue;
        };
        let grid = |j: usize| j > declared;
        let message = match earlier {
            0 if grid(i) => continue,
            0 => format!(
                "variant \"{}\" changes nothing from the baseline: it simulates the baseline again",
                v.name
            ),
            _ if grid(i) && grid(earlier) => continue,
            _ => format!(
                "variant \"{}\" simulates exactly what variant \"{}\" does",
                v.name, plan.variants[earlier].name
            ),
        };
        let path = match grid(i) {
            true => FieldPath::root().key("sweep"),
            false => FieldPath::root().key("variant").index(i - 1).key("set"),
        };
        found.push(PlanProblem::top(Problem::new(path, message)));
    }
    found
}

/// Two values of one sweep axis that say the same in other words (`1h` and
/// `60m`, `"99.9%"` and `"99.90%"`): the grid plays each design twice.
fn respelled(plan: &RunPlan, command_line: &[Axis]) -> Vec<PlanProblem> {
    let mut found = Vec::new();
    for axis in &plan.axes {
        let values: Vec<Value> = axis.values.iter().map(canonical).collect();
        for (k, value) in values.iter().enumerate() {
            let Some(j) = values[..k].iter().position(|v| v == value) else {
                continue;
            };
            let (first, again) = (
                sweep::display(&axis.values[j]),
                sweep::display(&axis.values[k]),
            );
            let why = format!(
                "{again} is {first} again in other words: the variants given it play those given {first} a second time; give the value once"
            );
            found.push(at_value(axis, k, &again, why, command_line));
        }
    }
    found
}

/// Swept values the baseline has already: the grid repeats the baseline there.
fn swept_baseline(plan: &RunPlan, command_line: &[Axis]) -> Vec<PlanProblem> {
    let baseline =
        Table::try_from(&plan.variants[0].scenario).expect("a scenario always serializes");
    let mut found = Vec::new();
    for axis in &plan.axes {
        let Some(own) = sweep::lookup(&baseline, &axis.path).map(canonical) else {
            continue;
        };
        for (j, value) in axis.values.iter().enumerate() {
            if canonical(value) != own {
                continue;
            }
            let shown = sweep::display(value);
            let why = format!(
                "{shown} is the baseline's value already: the variants given it leave {} as the baseline has it",
                axis.path
            );
            found.push(at_value(axis, j, &shown, why, command_line));
        }
    }
    found
}

/// A problem with value `k` (`shown`) of a sweep axis, placed where it was
/// given: on the command line, or in the scenario's `[sweep]`.
fn at_value(axis: &Axis, k: usize, shown: &str, why: String, command_line: &[Axis]) -> PlanProblem {
    let problem = match command_line.iter().any(|a| a.path == axis.path) {
        true => Problem::new(
            FieldPath::root(),
            format!("--set {}={shown}: {why}", axis.path),
        ),
        false => Problem::new(
            FieldPath::root()
                .key("sweep")
                .join(&FieldPath::parse(&axis.path))
                .index(k),
            why,
        ),
    };
    PlanProblem::top(problem)
}

/// A value with every time written as its length and every availability as its
/// share: `"1h"` and `"60m"` are the same, and `"99.9%"` and `"99.90%"`.
fn canonical(value: &Value) -> Value {
    match value {
        Value::String(text) => match (text.parse::<Lifetime>(), text.parse::<Availability>()) {
            (Ok(time), _) => Value::String(format!("{}..{}", time.min, time.max)),
            (_, Ok(a)) => Value::Float(nearly(a.share)),
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        Value::Table(table) => Value::Table(
            table
                .iter()
                .map(|(k, v)| (k.clone(), canonical(v)))
                .collect(),
        ),
        Value::Float(x) => Value::Float(nearly(*x)),
        _ => value.clone(),
    }
}

/// `x` to 12 significant digits: `"99.9%"` is 99.9 / 100 = 0.9990000000000001,
/// the same as 0.999.
fn nearly(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use super::{canonical, users_before};
    use toml::Value;

    /// An availability is its share however written; times are their length.
    #[test]
    fn availabilities_and_times_compare_by_what_they_mean() {
        let text = |t: &str| canonical(&Value::String(t.into()));
        assert_eq!(text("99.9%"), text("99.90%"));
        assert_eq!(text("99.9%"), canonical(&Value::Float(0.999)));
        assert_ne!(text("99.9%"), text("99.99%"));
        assert_eq!(text("8h"), text("480m"));
        assert_ne!(text("8h"), text("8h1s"));
    }

    /// The guess and its correction agree with counting the users one by one.
    #[test]
    fn users_before_a_share_are_counted_as_the_model_places_them() {
        for users in 1..60u32 {
            for k in 0..=200 {
                let upto = f64::from(k) / 200.0;
                let placed = (0..users)
                    .filter(|&u| (f64::from(u) + 0.5) / f64::from(users) < upto)
                    .count();
                assert_eq!(
                    users_before(users, upto) as usize,
                    placed,
                    "{users} users, {upto}"
                );
            }
        }
    }
}
