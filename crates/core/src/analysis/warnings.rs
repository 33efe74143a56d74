//! Registered methods that add no resilience: a fallback whose dependencies
//! include those of the method it backs up fails whenever that one does (SMS and
//! voice behind one carrier).

use super::paths::Paths;
use crate::model::World;
use std::collections::BTreeSet;

/// Pairs of methods in the same role of some mix, over every mix: what
/// `overlapping_methods` compares (each distinct pair of a cohort once).
pub fn pairs(world: &World) -> usize {
    let roles = world.cohorts.iter().flat_map(|c| &c.registrations);
    roles
        .flat_map(|r| [&r.passwordless, &r.first, &r.second])
        .map(|role| role.len() * role.len().saturating_sub(1) / 2)
        .sum()
}

/// One warning per degraded component: the analysis's basic events are up or
/// down, and it counts a degraded component as up (the simulation fails a share
/// of its requests, or answers them slowly).
pub fn degraded(world: &World) -> Vec<String> {
    world
        .components
        .iter()
        .filter(|c| !c.degraded.is_empty())
        .map(|c| {
            format!(
                "{} is degraded in {} window(s): the analysis counts it as up in them; \
                 the simulation fails a share of its requests or answers them slowly",
                c.name,
                c.degraded.len()
            )
        })
        .collect()
}

/// One warning per cohort and pair of methods in the same role of some mix.
pub fn overlapping_methods(world: &World, paths: &Paths) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut written = BTreeSet::new();
    let name = |c: usize| world.components[c].name.as_str();
    for cohort in &world.cohorts {
        // Each pair once, in the order the mixes first list it.
        let (mut pairs, mut seen) = (Vec::new(), BTreeSet::new());
        for r in &cohort.registrations {
            for role in [&r.passwordless, &r.first, &r.second] {
                for (i, &a) in role.iter().enumerate() {
                    let new = role[i + 1..].iter().map(|&b| (a, b));
                    pairs.extend(new.filter(|&pair| seen.insert(pair)));
                }
            }
        }
        for (a, b) in pairs {
            let (ma, mb) = (&world.methods[a], &world.methods[b]);
            let (na, nb) = (
                paths.components(world.method_needs(cohort, a)),
                paths.components(world.method_needs(cohort, b)),
            );
            let within = |x: &[usize], y: &[usize]| x.iter().all(|c| y.contains(c));
            let listed = |x: &[usize]| x.iter().map(|&c| name(c)).collect::<Vec<_>>().join(", ");
            let text = if na == nb {
                format!(
                    "cohort {}: {} and {} both need {}: having both adds no resilience over one",
                    cohort.name,
                    ma.name,
                    mb.name,
                    listed(&na)
                )
            } else if within(&na, &nb) || within(&nb, &na) {
                let (big, small, needs) = match within(&na, &nb) {
                    true => (mb, ma, &na),
                    false => (ma, mb, &nb),
                };
                format!(
                    "cohort {}: {} needs everything {} needs ({}): it adds no resilience over {}",
                    cohort.name,
                    big.name,
                    small.name,
                    listed(needs),
                    small.name
                )
            } else {
                continue;
            };
            if written.insert(text.clone()) {
                warnings.push(text);
            }
        }
    }
    warnings
}
