//! Who turns a fallback switch or a contingency rule on, and when they can: an
//! administrator of an acting cohort must complete an interactive sign-in
//! first. A switch's or rule's decision delay counts from the first moment one
//! can, and the runbook follows the decision.
//!
//! An admin signs in through one of their registrations' method paths (a
//! passwordless method, or a first factor and, where the policy asks for MFA, a
//! second factor) with the cohort's token-request and sign-in needs. Only global
//! components count: per-user ones (an admin's own phone) are taken as up, and
//! so are contingency rules and switches, which the admin is there to turn on.

use super::World;
use super::cohorts::CohortSpec;
use super::components::NeedsId;
use super::timeline::Timeline;
use crate::scenario::Scenario;

/// The people one switch or rule waits for.
#[derive(Debug, Clone)]
pub struct Actors {
    /// Cohorts by index; none: an operator always signed in.
    pub cohorts: Vec<usize>,
    /// Seconds from the decision to the change being made (before any propagation).
    pub runbook: f64,
}

impl Actors {
    /// `acted_by` of a switch or rule, or else `[admins]`'s cohorts; `None` where
    /// nobody is named and the runbook takes no time: the switch or rule then acts
    /// exactly as it did before admins were modelled.
    pub fn new(acted_by: &[String], s: &Scenario) -> Option<Actors> {
        let named = match acted_by.is_empty() {
            true => &s.admins.cohorts,
            false => acted_by,
        };
        let runbook = s.admins.runbook.0;
        (!named.is_empty() || runbook > 0.0).then(|| Actors {
            cohorts: named
                .iter()
                .map(|n| s.cohorts.keys().position(|c| c == n).expect("validated"))
                .collect(),
            runbook,
        })
    }
}

/// Which set of needs `cohort`'s `method` uses. The one place that says so:
/// where a method's needs come to depend on the cohort, only this changes.
fn method_needs(world: &World, _cohort: &CohortSpec, method: usize) -> NeedsId {
    world.methods[method].needs
}

/// Every way one of `cohort`'s people can sign in: the sets of needs a path
/// needs all of. A method kept for a contingency rule, or bound to a device
/// the cohort lacks, is no way in.
fn sign_in_paths(world: &World, cohort: &CohortSpec) -> Vec<Vec<NeedsId>> {
    let usable = |&&m: &&usize| {
        let spec = &world.methods[m];
        spec.allowed_by.is_empty() && (!spec.device_bound || cohort.registered_devices)
    };
    let mfa = world.policy.mfa_required(cohort.registered_devices);
    let mut around = vec![cohort.token_request];
    around.extend(cohort.sign_in);
    let path = |methods: &[usize]| {
        let mut needs = around.clone();
        needs.extend(methods.iter().map(|&m| method_needs(world, cohort, m)));
        needs
    };
    let mut paths = Vec::new();
    for r in &cohort.registrations {
        paths.extend(r.passwordless.iter().filter(usable).map(|&m| path(&[m])));
        for &first in r.first.iter().filter(usable) {
            match mfa {
                false => paths.push(path(&[first])),
                true => paths.extend(
                    r.second
                        .iter()
                        .filter(usable)
                        .map(|&second| path(&[first, second])),
                ),
            }
        }
    }
    paths
}

/// When no admin of `actors` can sign in, from the replication's timelines of
/// each set of needs.
pub fn unable(world: &World, actors: &Actors, needs: &[Timeline]) -> Timeline {
    let mut unable = Timeline::default();
    if actors.cohorts.is_empty() {
        return unable;
    }
    unable.push(f64::NEG_INFINITY, f64::INFINITY);
    for &c in &actors.cohorts {
        for path in sign_in_paths(world, &world.cohorts[c]) {
            let mut down = Timeline::default();
            path.iter().for_each(|n| down.extend(&needs[n.0]));
            down.seal();
            unable = intersection(&unable, &down);
        }
    }
    unable
}

/// Where both timelines are down.
fn intersection(a: &Timeline, b: &Timeline) -> Timeline {
    let (a, b) = (a.windows(), b.windows());
    let mut out = Timeline::default();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        out.push(a[i].start.max(b[j].start), a[i].end.min(b[j].end));
        match a[i].end < b[j].end {
            true => i += 1,
            false => j += 1,
        }
    }
    out
}

/// `watched.after_lasting(wait, delay, linger)` with the wait counted from the
/// first moment at or after each window's start at which an admin can sign in
/// (never, where none can before it ends), and the runbook after the decision:
/// in effect from `signed_in + wait + runbook + delay` to `end + linger`.
pub fn gated(
    watched: &Timeline,
    unable: &Timeline,
    runbook: f64,
    (wait, delay, linger): (f64, f64, f64),
) -> Timeline {
    let mut out = Timeline::default();
    for w in watched.windows() {
        let signed_in = able_from(unable, w.start);
        if w.end - signed_in >= wait {
            out.push(signed_in + wait + runbook + delay, w.end + linger);
        }
    }
    out.seal();
    out
}

/// The first instant at or after `t` at which an admin can sign in.
fn able_from(unable: &Timeline, t: f64) -> f64 {
    let windows = unable.windows();
    let i = windows.partition_point(|w| w.end <= t);
    match windows.get(i) {
        Some(w) if w.start <= t => w.end,
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(windows: &[(f64, f64)]) -> Timeline {
        let mut t = Timeline::default();
        windows.iter().for_each(|&(s, e)| t.push(s, e));
        t.seal();
        t
    }

    fn pairs(t: &Timeline) -> Vec<(f64, f64)> {
        t.windows().iter().map(|w| (w.start, w.end)).collect()
    }

    #[test]
    fn intersects_and_gates_by_hand() {
        let a = timeline(&[(0.0, 10.0), (20.0, 30.0)]);
        let b = timeline(&[(5.0, 25.0), (28.0, 40.0)]);
        assert_eq!(
            pairs(&intersection(&a, &b)),
            [(5.0, 10.0), (20.0, 25.0), (28.0, 30.0)]
        );
        // Outages 100-200 and 300-310; no admin can sign in 90-150 nor 290-320.
        let watched = timeline(&[(100.0, 200.0), (300.0, 310.0)]);
        let unable = timeline(&[(90.0, 150.0), (290.0, 320.0)]);
        // From 150 + wait 10 + runbook 5 + delay 1 to 200 + linger 2; the second never.
        assert_eq!(
            pairs(&gated(&watched, &unable, 5.0, (10.0, 1.0, 2.0))),
            [(166.0, 202.0)]
        );
        // Nobody unable: as `after_lasting`.
        let free = Timeline::default();
        assert_eq!(
            pairs(&gated(&watched, &free, 0.0, (10.0, 1.0, 2.0))),
            pairs(&watched.after_lasting(10.0, 1.0, 2.0))
        );
        // An admin who signs in at 150 decides at 160 only if the outage lasts that long.
        let short = timeline(&[(100.0, 155.0)]);
        assert!(
            gated(&short, &unable, 0.0, (10.0, 0.0, 0.0))
                .windows()
                .is_empty()
        );
    }
}
