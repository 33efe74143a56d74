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
use super::timeline::Timeline;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

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
    /// exactly as it did before admins were modelled. `cohorts`: each cohort's
    /// index by name.
    pub fn new(
        acted_by: &[String],
        s: &Scenario,
        cohorts: &BTreeMap<&str, usize>,
    ) -> Option<Actors> {
        let named = match acted_by.is_empty() {
            true => &s.admins.cohorts,
            false => acted_by,
        };
        let runbook = s.admins.runbook.0;
        (!named.is_empty() || runbook > 0.0).then(|| Actors {
            cohorts: named.iter().map(|n| cohorts[n.as_str()]).collect(),
            runbook,
        })
    }
}

/// When no admin of each acting set of cohorts can sign in, in one replication:
/// each cohort worked out once, each set once, however many switches and rules
/// share it.
#[derive(Debug, Default)]
pub struct Unable {
    sets: BTreeMap<Vec<usize>, Timeline>,
}

impl Unable {
    /// From the replication's timelines of each set of needs.
    pub fn draw(world: &World, needs: &[Timeline]) -> Unable {
        let mut cohorts: Vec<Option<Timeline>> = vec![None; world.cohorts.len()];
        let mut sets = BTreeMap::new();
        let actors = world
            .fallback
            .iter()
            .filter_map(|f| f.actors.as_ref())
            .chain(world.contingency.iter().filter_map(|c| c.actors.as_ref()));
        for a in actors {
            if sets.contains_key(&a.cohorts) {
                continue;
            }
            // Nobody named: an operator always signed in.
            let mut unable = match a.cohorts.is_empty() {
                true => Timeline::default(),
                false => forever(),
            };
            for &c in &a.cohorts {
                let cohort = cohorts[c].get_or_insert_with(|| cohort_unable(world, c, needs));
                unable = intersection(&unable, cohort);
            }
            sets.insert(a.cohorts.clone(), unable);
        }
        Unable { sets }
    }

    pub fn of(&self, actors: &Actors) -> &Timeline {
        &self.sets[&actors.cohorts]
    }
}

/// When none of cohort `c`'s people can sign in: some registration must have a
/// passwordless method up, or a first factor up and, where MFA is asked, a
/// second factor up (so a registration fails while all its first factors, or
/// all its second factors, are down); and the cohort's token-request and
/// sign-in needs must be up. A method kept for a contingency rule, or bound
/// to a device the cohort lacks, is no way in.
fn cohort_unable(world: &World, c: usize, needs: &[Timeline]) -> Timeline {
    let cohort = &world.cohorts[c];
    let mfa = world.policy.mfa_required(cohort.registered_devices);
    let all_down = |methods: &[usize]| {
        let usable = methods.iter().filter(|&&m| {
            let spec = &world.methods[m];
            spec.allowed_by.is_empty() && (!spec.device_bound || cohort.registered_devices)
        });
        usable.fold(forever(), |down, &m| {
            intersection(&down, &needs[world.method_needs(cohort, m).0])
        })
    };
    let mut unable = forever();
    for r in &cohort.registrations {
        let mut no_pair = all_down(&r.first);
        if mfa {
            no_pair.extend(&all_down(&r.second));
            no_pair.seal();
        }
        let down = intersection(&all_down(&r.passwordless), &no_pair);
        unable = intersection(&unable, &down);
    }
    let around = std::iter::once(cohort.token_request).chain(cohort.sign_in);
    around.for_each(|n| unable.extend(&needs[n.0]));
    unable.seal();
    unable
}

/// Down at all times: where nothing has been found up yet.
fn forever() -> Timeline {
    let mut t = Timeline::default();
    t.push(f64::NEG_INFINITY, f64::INFINITY);
    t
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
