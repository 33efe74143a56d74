//! `simulation.sample_users`: which scenarios a sample of users can stand for.
//!
//! A sample stands for everyone only where users do not meet: a capacity
//! couples them through the load they share, and admins who turn a switch or
//! rule on act for everyone. Each registration mix must hold at least one
//! sampled user in every replication, or its rows would average replications
//! that played none of it.

use super::Scenario;
use super::path::{FieldPath, Problem};

/// Checks `s`, a run's baseline or one of its variants, where every variant
/// samples with the baseline's chance (`model::worlds`): `everyone` is the
/// baseline's users.
pub(super) fn check(s: &Scenario, everyone: u64) -> Result<(), Problem> {
    let Some(wanted) = s.simulation.sample_users else {
        return Ok(());
    };
    let at = FieldPath::root().key("simulation").key("sample_users");
    if wanted == 0 {
        return Err(Problem::new(
            at,
            "sample at least 1 user (or leave sample_users out to play every user)",
        ));
    }
    // As many as there are users, or more (a variant may shrink a cohort): everyone.
    if wanted >= everyone {
        return Ok(());
    }
    if let Some((name, _)) = s.components.iter().find(|(_, c)| c.capacity.is_some()) {
        return Err(Problem::new(
            at,
            format!(
                "components.{name} has a capacity, which couples every user's requests: \
                 a sample of users cannot stand for the load; remove sample_users"
            ),
        ));
    }
    let acted_on = !s.admins.cohorts.is_empty()
        || s.fallback.values().any(|f| !f.acted_by.is_empty())
        || s.contingency.values().any(|c| !c.acted_by.is_empty());
    if acted_on {
        return Err(Problem::new(
            at,
            "admins sign in to turn a fallback or contingency on for everyone: a sample of \
             users cannot stand for them; remove sample_users",
        ));
    }
    // Every user is sampled with chance wanted / everyone: one in `every`.
    let every = everyone as f64 / wanted as f64;
    for (name, cohort) in &s.cohorts {
        if let Some(fewest) = mix_sizes(cohort).into_iter().min()
            && (fewest as f64) < every
        {
            let needed = (everyone as f64 / fewest as f64).ceil();
            return Err(Problem::new(
                at,
                format!(
                    "sampling {wanted} of {everyone} users plays one user in {every:.1}, but a \
                     registration mix of cohort `{name}` has only {fewest} users, so some \
                     replications would play none of it: sample at least {needed} users"
                ),
            ));
        }
    }
    Ok(())
}

/// How many of a cohort's users each registration mix has, as `mix_of` deals
/// them by position (the last mix takes what the shares' rounding leaves).
fn mix_sizes(cohort: &super::Cohort) -> Vec<u64> {
    let users = f64::from(cohort.users);
    let mut upto = 0.0;
    let mut bounds = vec![0];
    let mixes = cohort.registrations.len().max(1);
    for r in &cohort.registrations[..mixes - 1] {
        upto += r.share;
        bounds.push((upto * users - 0.5).ceil().clamp(0.0, users) as u64);
    }
    bounds.push(u64::from(cohort.users));
    bounds.windows(2).map(|w| w[1] - w[0]).collect()
}
