//! Everyone the exports name, with their mix of methods, and each cohort's
//! shares of mixes.

use crate::cohorts::Person;
use crate::infer::Inputs;
use crate::registrations::{self, DEFAULT_MIX, FOR_MFA, Source};
use authsim_core::scenario::Factor;
use authsim_signins::pseudonym::Pseudonym;
use authsim_signins::vocabulary::methods::METHODS;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Methods that satisfy MFA: second factors and passwordless ones.
static ENOUGH_FOR_MFA: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    METHODS
        .iter()
        .filter(|m| m.factor != Factor::First)
        .map(|m| m.name)
        .collect()
});

/// Everyone the exports name: the registration report's users, and those
/// seen only in the logs; ordered by pseudonym.
pub fn people(i: &Inputs, mfa_required: bool) -> Vec<Person> {
    let mut ids: BTreeSet<Pseudonym> = i.agg.users.keys().copied().collect();
    if let Some(r) = i.report {
        ids.extend(r.users.keys());
    }
    ids.into_iter()
        .map(|id| {
            let seen = i.agg.users.get(&id);
            let reported = i.report.and_then(|r| r.users.get(&id));
            let used: Vec<&'static str> = seen.map(|s| s.methods().collect()).unwrap_or_default();
            let (mut mix, source) = match (reported, registrations::from_seen(&used)) {
                (Some((_, mix)), _) => (mix.clone(), Source::Report),
                (None, Some(mix)) => (mix, Source::Seen),
                (None, None) => (DEFAULT_MIX.to_vec(), Source::Default),
            };
            // MFA required, and nothing but a password: the user registers a
            // second factor at their first sign-in (registration interrupt).
            let completed = mfa_required && !mix.iter().any(|m| ENOUGH_FOR_MFA.contains(m));
            if completed {
                mix.push(FOR_MFA);
            }
            Person {
                id,
                completed,
                guest: reported.map_or(seen.is_some_and(|s| s.guest), |(g, _)| *g),
                mix,
                source,
                registered_device: seen.map(|s| s.registered_device),
                field: seen.and_then(|s| s.group.as_ref().map(|(_, v)| v.clone())),
            }
        })
        .collect()
}

/// Each mix's share of the cohort (4 decimals, the largest taking the
/// rounding so that they add up to 1), and where the mixes came from.
pub fn shares(people: &[Person]) -> (Vec<(f64, Vec<&'static str>)>, Vec<String>) {
    let mut mixes: BTreeMap<&Vec<&'static str>, usize> = BTreeMap::new();
    let mut sources: BTreeMap<Source, usize> = BTreeMap::new();
    for p in people {
        *mixes.entry(&p.mix).or_default() += 1;
        *sources.entry(p.source).or_default() += 1;
    }
    let mut rows: Vec<(usize, &Vec<&'static str>)> =
        mixes.into_iter().map(|(m, n)| (n, m)).collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let n = people.len() as f64;
    let mut out: Vec<(f64, Vec<&'static str>)> = rows
        .iter()
        .map(|(c, m)| (((*c as f64 / n) * 1e4).round() / 1e4, (*m).clone()))
        .collect();
    let rest: f64 = out.iter().skip(1).map(|(s, _)| s).sum();
    out[0].0 = ((1.0 - rest) * 1e4).round() / 1e4;
    let mut note: Vec<String> = rows
        .iter()
        .map(|(c, m)| format!("{}: {}", users(*c), m.join(", ")))
        .collect();
    let completed = people.iter().filter(|p| p.completed).count();
    if completed > 0 {
        note.push(format!(
            "DEFAULT (not in the exports): {} with a password only, and MFA required: given {FOR_MFA}",
            users(completed)
        ));
    }
    for (source, count) in sources {
        note.push(match source {
            Source::Report => format!("methods of {} from the registration report", users(count)),
            Source::Seen => format!(
                "methods of {} from their successful sign-in steps",
                users(count)
            ),
            Source::Default => format!(
                "DEFAULT (not in the exports): {} never seen using a method: {}",
                users(count),
                DEFAULT_MIX.join(", ")
            ),
        });
    }
    (out, note)
}

/// "1 user", "2 users".
pub(crate) fn users(n: usize) -> String {
    format!("{n} user{}", if n == 1 { "" } else { "s" })
}
