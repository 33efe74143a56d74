//! Bounds on sums across sections, checked once every name is known: what a
//! compiled variant and one replication hold grows with products (cohorts times
//! apps, sets of components times their down windows) that no one section shows.

use super::limits::{self, MAX_COHORT_APPS, MAX_MIXES, MAX_PER_USER_COPIES, MAX_TOTAL_WINDOWS};
use super::path::{FieldPath, Problem};
use super::{Scenario, Scope};
use std::collections::{BTreeMap, BTreeSet};

pub fn check(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    entries(s, root)?;
    rules(s, root)?;
    windows(s, root)
}

/// Every sign-in of a cohort checks each contingency rule that applies to it
/// (a rule naming no cohort applies to all): at most `MAX_LIST` a cohort.
fn rules(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    let everyone = s
        .contingency
        .values()
        .filter(|r| r.cohorts.is_empty())
        .count();
    let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
    for name in s.contingency.values().flat_map(|r| &r.cohorts) {
        *listed.entry(name.as_str()).or_default() += 1;
    }
    let count = |cohort: &str| everyone + listed.get(cohort).copied().unwrap_or(0);
    match s.cohorts.keys().find(|c| count(c) > limits::MAX_LIST) {
        Some(cohort) => Err(Problem::new(
            root.key("contingency"),
            format!(
                "{} contingency rules apply to cohort `{cohort}`, at most {}: merge rules that watch \
                 the same components",
                count(cohort),
                limits::MAX_LIST
            ),
        )),
        None => Ok(()),
    }
}

/// Every cohort plays each of its apps and registrations, and draws its own copy
/// of each per-user component: the products stay small enough to compile.
fn entries(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    let per_user = s
        .components
        .values()
        .filter(|c| c.scope == Scope::PerUser)
        .count();
    let sums = [
        (
            "apps",
            s.cohorts.values().map(|c| c.apps.len()).sum::<usize>(),
            MAX_COHORT_APPS,
        ),
        (
            "registrations",
            s.cohorts.values().map(|c| c.registrations.len()).sum(),
            MAX_MIXES,
        ),
        (
            "per-user components",
            s.cohorts.len() * per_user,
            MAX_PER_USER_COPIES,
        ),
    ];
    for (what, total, most) in sums {
        if total > most {
            return Err(Problem::new(
                root.key("cohorts"),
                format!(
                    "the cohorts together list {total} {what} (counted once per cohort), at most {most}: \
                     merge cohorts that behave alike"
                ),
            ));
        }
    }
    Ok(())
}

/// The down windows one replication holds: each global component's (a common cause
/// copied into each component it takes down), again in the union timeline of every
/// distinct set of components some path needs, the key refreshes of each resource,
/// and apart from those one user's own components. Fixed outages are counted too.
fn windows(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    let horizon = s.simulation.horizon.0;
    let mut own: BTreeMap<&str, f64> = s
        .components
        .iter()
        .map(|(name, c)| {
            (
                name.as_str(),
                f64::from(c.instances) * c.schedule().expected_windows(horizon),
            )
        })
        .collect();
    for event in s.common_cause.values() {
        let drawn = event.schedule().expected_windows(horizon);
        for c in &event.components {
            *own.entry(c.as_str()).or_default() += drawn;
        }
    }
    let global = |name: &str| {
        s.components
            .get(name)
            .is_some_and(|c| c.scope == Scope::Global)
    };
    let drawn = |global_ones: bool| -> f64 {
        own.iter()
            .filter(|(n, _)| global(n) == global_ones)
            .map(|(_, w)| w)
            .fold(0.0, |a, w| a + w)
    };
    let sets = needs(s);
    // A fallback switch draws its method's path again, shifted by its delays.
    let switched = s
        .fallback
        .values()
        .filter_map(|f| s.methods.get(&f.method))
        .flat_map(|m| &m.requires);
    let in_sets: f64 = sets
        .iter()
        .flatten()
        .copied()
        .chain(switched.map(String::as_str))
        .filter(|n| global(n))
        .map(|n| own[n])
        .fold(0.0, |a, w| a + w);
    let keys = 1 + s.signing_key_events.len();
    let refreshes: f64 = s
        .apps
        .values()
        .filter_map(|a| a.signing_keys.as_ref())
        .map(|k| {
            keys as f64 * horizon
                / k.refresh_every
                    .0
                    .min(k.retry_every.0)
                    .min(k.min_refresh_interval.0)
        })
        .fold(0.0, |a, w| a + w);
    let outages: usize = s
        .components
        .values()
        .map(|c| c.outages.len())
        .chain(s.common_cause.values().map(|e| e.outages.len()))
        .sum();
    let total = drawn(true) + in_sets + refreshes;
    let problem = |message: String| Err(Problem::new(root.key("components"), message));
    if outages > limits::MAX_OUTAGES {
        return problem(format!(
            "{outages} fixed outages in the scenario, at most {}: give recurring ones an `every`",
            limits::MAX_OUTAGES
        ));
    }
    if total > MAX_TOTAL_WINDOWS {
        return problem(format!(
            "one replication would hold about {total:.2e} down windows, at most {MAX_TOTAL_WINDOWS:.0e} \
             ({in_sets:.2e} of them again in the timelines of the {} sets of components paths need, \
             {refreshes:.2e} for signing-key refreshes): fail less often, refresh keys less often, or give \
             fewer paths requirements of their own",
            sets.len()
        ));
    }
    let one_user = drawn(false);
    if one_user > MAX_TOTAL_WINDOWS {
        return problem(format!(
            "each user's own components would hold about {one_user:.2e} down windows in one replication, \
             at most {MAX_TOTAL_WINDOWS:.0e}: let them fail less often"
        ));
    }
    Ok(())
}

/// Every distinct set of components a path needs, as the model builds them.
fn needs(s: &Scenario) -> BTreeSet<BTreeSet<&str>> {
    fn set<'s>(lists: &[&'s Vec<String>]) -> BTreeSet<&'s str> {
        lists
            .iter()
            .flat_map(|l| l.iter().map(String::as_str))
            .collect()
    }
    let p = &s.policy;
    let mut sets = BTreeSet::new();
    sets.extend(s.methods.values().map(|m| set(&[&m.requires])));
    // A revocation check adds the CRL's windows to its method's timeline: at
    // most the distribution point's, counted here as its own set.
    let crl = s.methods.values().filter_map(|m| m.crl.as_ref());
    sets.extend(crl.map(|c| c.needs().iter().map(String::as_str).collect()));
    sets.extend(s.contingency.values().map(|c| set(&[&c.when_down])));
    let keys = s.apps.values().filter_map(|a| a.signing_keys.as_ref());
    sets.extend(keys.map(|k| set(&[&k.metadata_requires])));
    for c in s.cohorts.values() {
        sets.insert(set(&[
            &p.token_requests_require,
            &c.requires,
            &c.token_requests_require,
        ]));
        sets.insert(set(&[&c.sign_in_requires]));
        if p.backup_authentication {
            sets.insert(set(&[&p.backup_requires, &c.requires]));
        }
        for app in c.apps.iter().filter_map(|a| s.apps.get(a)) {
            sets.insert(set(&[&app.requires, &c.requires]));
        }
    }
    sets
}
