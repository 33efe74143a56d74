//! From what the logs showed to the scenario's values: users into cohorts,
//! their registrations, apps and kinds, activity, policy and the simulation.
//! Each value carries its evidence; what the exports cannot give is marked.

use crate::activity::{self, AppRates};
use crate::aggregate::Aggregator;
use crate::apps;
use crate::calendar::{DAY, HOUR, WEEK, exposure};
use crate::cohorts;
use crate::group::GroupKey;
use crate::model::{AppOut, CohortOut, Model, Noted};
use crate::people;
use crate::policy;
use crate::renewal::Lifetime;
use crate::summary::CohortFit;
use crate::validity::{self, Validity};
use crate::workloads;
use authsim_core::error::{Error, Located};
use authsim_signins::pseudonym::Pseudonym;
use authsim_signins::record::{AccessPolicy, SignIn};
use authsim_signins::vocabulary::methods::METHODS;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

pub use crate::checks::MIN_SPAN;
/// Warm-up before the week measured: every clock reaches its steady state.
pub const WARMUP_DAYS: u32 = 2;
pub const REPLICATIONS: u32 = 20;
/// A constant (not a date): the same exports give the same scenario.
pub const SEED: u64 = 1;
/// Token lifetimes the estimator assumes (MODEL.md's documented defaults).
pub const ACCESS_TOKEN: Lifetime = Lifetime {
    min: HOUR,
    max: 1.5 * HOUR,
};
pub const CAE_TOKEN: Lifetime = Lifetime {
    min: 20.0 * HOUR,
    max: 28.0 * HOUR,
};
/// A web app's own session cookie (the core's default, 1 hour).
pub const WEB_SESSION: Lifetime = Lifetime {
    min: HOUR,
    max: HOUR,
};

/// The registration report, by user: guest, mix.
#[derive(Debug, Default)]
pub struct Report {
    pub users: BTreeMap<Pseudonym, (bool, Vec<&'static str>)>,
    /// `methodsRegistered` values the vocabulary does not know.
    pub unknown_methods: u64,
}

/// Reads every sign-in log again, each record to the callback.
pub type Reread<'a> = dyn Fn(&mut dyn FnMut(SignIn)) -> Result<(), Error> + 'a;

pub struct Inputs<'a> {
    pub agg: &'a Aggregator,
    pub report: Option<&'a Report>,
    pub policies: Option<&'a [AccessPolicy]>,
    pub keys: &'a [GroupKey],
    /// Seconds ahead of UTC; `None`: not given (UTC, a marked default).
    pub utc_offset: Option<f64>,
    /// Named in messages about the logs as a whole.
    pub logs: &'a Path,
    /// Reads every sign-in log again (the second pass, `validity`).
    pub reread: &'a Reread<'a>,
}

fn refuse(file: &Path, message: String) -> Error {
    Error::Import(Located {
        file: file.to_path_buf(),
        at: None,
        message,
    })
}

pub fn hours(seconds: f64) -> String {
    if seconds >= 2.0 * DAY {
        format!("{:.1} days", seconds / DAY)
    } else if seconds >= 2.0 * HOUR {
        format!("{:.1} h", seconds / HOUR)
    } else {
        format!("{:.0} min", seconds / 60.0)
    }
}

pub fn infer(i: &Inputs) -> Result<(Model, Vec<CohortFit>), Error> {
    let agg = i.agg;
    let Some((from, to)) = agg.span.filter(|_| !agg.users.is_empty()) else {
        return Err(refuse(
            i.logs,
            format!(
                "no user sign-in in the logs ({} workload sign-ins): a scenario's cohorts come from users' \
             interactive and non-interactive sign-ins; export those (Graph signIns, SigninLogs, \
             AADNonInteractiveUserSignInLogs)",
                agg.workloads.values().map(|w| w.sign_ins).sum::<u64>()
            ),
        ));
    };
    crate::checks::span(i.logs, from, to, WARMUP_DAYS)?;
    let span = to - from;
    if let Some(field) = GroupKey::field(i.keys).filter(|_| !agg.group_seen) {
        return Err(refuse(
            i.logs,
            format!(
                "--group-by field:{field}: no record has a value for {field}; name a field these exports \
             hold (a Graph path like location.countryOrRegion, or a CSV column)"
            ),
        ));
    }
    if let Some(field) = GroupKey::field(i.keys) {
        let values: BTreeSet<&str> = agg
            .users
            .values()
            .filter_map(|u| u.group.as_ref())
            .map(|(_, v)| v.as_str())
            .collect();
        crate::group::refuse_identifying(field, values.len(), agg.users.len())?;
    }
    let offset = i.utc_offset.unwrap_or(0.0);
    let watched = exposure(from, to, offset);
    let weeks = span / WEEK;
    let unwatched = watched.iter().filter(|e| **e == 0.0).count();
    let seen_users = agg.users.len();
    let policy_fit = i.policies.map(policy::fit);
    let cae = agg.apps.iter().map(|a| a.cae_tokens).sum::<u64>();
    let policy = policy::out(agg, i.policies.is_some(), policy_fit.as_ref(), cae);
    let people = people::people(i, policy.mfa.value != "never");
    let groups = cohorts::group(people, i.keys);
    let index: HashMap<Pseudonym, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.people.iter().map(move |p| (p.id, g)))
        .collect();
    // Successful sign-ins per (cohort, app): [interactive, silent].
    let mut counts: BTreeMap<(usize, usize), [f64; 2]> = BTreeMap::new();
    for ((user, app), pair) in &agg.pairs {
        let c = counts.entry((index[user], *app)).or_default();
        c[0] += pair.interactive as f64;
        c[1] += pair.silent as f64;
    }
    let (apps, names) = apps::apps(agg);
    let lifetime = |app: usize| match apps[names[app]].kind.value {
        "web_app" => WEB_SESSION,
        _ if apps[names[app]].cae_capable => CAE_TOKEN,
        _ => ACCESS_TOKEN,
    };
    let incidents = validity::incidents(agg, &index);
    let mut second = Validity {
        offset,
        cohort_of: &index,
        agg,
        lifetimes: (0..agg.apps.len()).map(lifetime).collect(),
        incidents: &incidents.0,
        bins: HashMap::new(),
    };
    (i.reread)(&mut |s| second.add(&s))?;
    let span_note = format!(
        "{} of log ({:.2} weeks){}",
        hours(span),
        weeks,
        if unwatched > 0 {
            format!(
                "; {unwatched} hours of the week never watched (under 7 days): 0 there, unknown in truth"
            )
        } else {
            String::new()
        }
    );
    let utc_offset = match i.utc_offset {
        Some(o) => Noted::seen(o, "local time as given (--utc-offset)"),
        None => Noted::default(
            0.0,
            "the exports' times are UTC and say nothing of local time; give --utc-offset",
        ),
    };
    let mut out = Vec::new();
    let mut fits = Vec::new();
    let mut notes: Vec<String> = i
        .report
        .and_then(|r| crate::checks::no_shared_users(agg, r))
        .into_iter()
        .collect();
    for (g, group) in groups.iter().enumerate() {
        let mine: Vec<(&usize, &[f64; 2])> = counts
            .range((g, 0)..(g + 1, 0))
            .map(|((_, a), c)| (a, c))
            .collect();
        let users = group.people.len() as f64;
        if mine.is_empty() {
            notes.push(format!(
                "{} of {} never signed in: in no cohort",
                people::users(group.people.len()),
                group.name()
            ));
            continue;
        }
        let rates: Vec<AppRates> = mine
            .iter()
            .map(|(a, _)| {
                let hours: Vec<i64> = incidents
                    .0
                    .iter()
                    .filter(|(c, p, _)| (*c, *p) == (g, **a))
                    .map(|(_, _, h)| *h)
                    .collect();
                let seen = validity::watched_outside(&watched, from, to, offset, &hours);
                let bins = second.bins.get(&(g, **a)).cloned().unwrap_or_default();
                let (rate, valid, observed) = validity::rates(&bins, users, &seen);
                AppRates {
                    name: apps[names[**a]].name.clone(),
                    observed,
                    lifetime: lifetime(**a),
                    fine: Some((rate, valid)),
                }
            })
            .collect();
        let sign_ins: f64 = mine.iter().map(|(_, c)| c[0] + c[1]).sum();
        let interactive: f64 = mine.iter().map(|(_, c)| c[0]).sum();
        let fit = activity::fit(rates, weeks);
        let mut activity_note = vec![
            format!(
                "{sign_ins:.0} successful sign-ins ({interactive:.0} interactive) of {users:.0} users in {span_note}"
            ),
            "attempts_by_hour: the use rate the renewal equation gives for the sign-ins seen (docs/import.md)".into(),
        ];
        activity_note.extend(validity::note(&incidents, g));
        for (app, capped) in fit.apps.iter().zip(&fit.capped).filter(|(_, c)| **c > 0) {
            activity_note.push(format!(
                "{}: {capped} of 168 hours of the week signed in as often as renewal allows (a token held {:.0}% of the time or more): use rate capped there",
                app.name,
                (1.0 - crate::renewal::MIN_DENOMINATOR) * 100.0
            ));
        }
        let (registrations, registrations_note) = people::shares(&group.people);
        let registered = group
            .people
            .iter()
            .filter(|p| p.registered_device == Some(true))
            .count();
        let seen = group
            .people
            .iter()
            .filter(|p| p.registered_device.is_some())
            .count();
        let guest = group.people.iter().filter(|p| p.guest).count() * 2 > group.people.len();
        let mut users_note = match i.report {
            Some(_) => crate::checks::users_with_report(&group.people),
            None => format!("distinct users seen signing in ({seen_users} in all)"),
        };
        for (values, n) in &group.absorbed {
            users_note.push_str(&format!(
                "; with {n} of {} (under the minimum cohort of {})",
                values.join("/"),
                cohorts::minimum(index.len())
            ));
        }
        let sign_in_frequency = match policy_fit
            .as_ref()
            .and_then(|p| p.guest_sign_in_frequency.clone())
        {
            Some((s, by)) if guest => Some(Noted::seen(s, format!("guest-only policy {by}"))),
            _ => None,
        };
        fits.push(CohortFit {
            name: group.name(),
            users: group.people.len() as u32,
            utc_offset_hours: offset / HOUR,
            apps: fit.apps,
            evidence: activity_note.clone(),
        });
        let app_weights = match fit.weights.len() {
            1 => Vec::new(),
            _ => fits
                .last()
                .unwrap()
                .apps
                .iter()
                .map(|a| a.name.clone())
                .zip(fit.weights)
                .collect(),
        };
        out.push(CohortOut {
            name: group.name(),
            workloads: false,
            users: Noted::seen(group.people.len() as u32, users_note),
            guest,
            device: (seen > 0).then(|| {
                Noted::seen(
                    registered * 2 > seen,
                    format!("{registered} of {seen} users seen on a registered or joined device"),
                )
            }),
            sign_in_frequency,
            registrations,
            registrations_note,
            apps: fits
                .last()
                .unwrap()
                .apps
                .iter()
                .map(|a| a.name.clone())
                .collect(),
            attempts_by_hour: fit.profile,
            app_weights,
            utc_offset: utc_offset.clone(),
            activity_note,
        });
    }
    let (workload_apps, workload_cohorts, workload_fits) =
        workloads::cohorts(agg, &watched, weeks, &span_note, &utc_offset);
    let mut apps: Vec<AppOut> = apps
        .into_iter()
        .filter(|a| out.iter().any(|c| c.apps.contains(&a.name)))
        .collect();
    apps.extend(workload_apps);
    out.extend(workload_cohorts);
    fits.extend(workload_fits);
    let methods: BTreeSet<&'static str> = out
        .iter()
        .flat_map(|c| c.registrations.iter().flat_map(|(_, m)| m.clone()))
        .collect();
    let methods = METHODS
        .iter()
        .map(|m| m.name)
        .filter(|m| methods.contains(m))
        .collect();
    if let Some(p) = &policy_fit {
        notes.extend(p.ignored.iter().map(|l| format!("policy {l}: not applied")));
    }
    if agg.failed > 0 {
        notes.push(format!(
            "{} failed sign-ins: not counted as renewals (their methods and devices are)",
            agg.failed
        ));
    }
    for (why, n) in &agg.set_aside {
        notes.push(format!("{n} records set aside: {why}"));
    }
    if let Some(r) = i.report.filter(|r| r.unknown_methods > 0) {
        notes.push(format!(
            "{} methodsRegistered values no scenario method stands for: left out",
            r.unknown_methods
        ));
    }
    let whole_weeks = (weeks.ceil() as u32).max(1);
    let model = Model {
        header: Vec::new(),
        horizon_days: Noted::seen(
            crate::checks::horizon_days(span, WARMUP_DAYS),
            format!(
                "the log's {:.2} weeks rounded up to {whole_weeks}, plus the warm-up",
                weeks
            ),
        ),
        warmup_days: Noted::default(
            WARMUP_DAYS,
            "every clock (tokens, sessions) reaches its steady state",
        ),
        replications: Noted::default(REPLICATIONS, "a first look; more narrow the intervals"),
        seed: Noted::default(
            SEED,
            "a constant: the same exports give the same scenario and run",
        ),
        policy,
        methods,
        apps,
        cohorts: out,
        notes,
    };
    Ok((model, fits))
}
