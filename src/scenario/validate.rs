//! Checks serde cannot make: references between sections, shares, horizons.

use super::duration::DAY;
use super::path::{FieldPath, Problem};
use super::{CohortKind, Distribution, Factor, FailureSchedule, Mfa, Scenario, Scope};
use std::collections::{BTreeMap, BTreeSet};

/// Time-series and per-minute load counters grow with the horizon: keep them bounded.
const MAX_HORIZON_DAYS: f64 = 400.0;
const MAX_BUCKETS: f64 = 100_000.0;
const MAX_RETRIES: u32 = 100;

pub fn validate(s: &Scenario) -> Result<(), Problem> {
    let root = FieldPath::root();
    simulation(s, &root.key("simulation"))?;
    let policy = root.key("policy");
    require_components(
        s,
        &s.policy.token_requests_require,
        &policy.key("token_requests_require"),
    )?;
    if s.policy.backup_authentication && s.policy.backup_requires.is_empty() {
        return Err(Problem::new(
            policy.key("backup_requires"),
            "backup authentication is on: name the backup token service's components, e.g. [\"backup_token_service\"]",
        ));
    }
    require_components(s, &s.policy.backup_requires, &policy.key("backup_requires"))?;
    for (name, c) in &s.components {
        let at = root.key("components").key(name);
        schedule(c.schedule(), &at)?;
    }
    for (name, event) in &s.common_cause {
        let at = root.key("common_cause").key(name);
        require_components(s, &event.components, &at.key("components"))?;
        if let Some(local) = event
            .components
            .iter()
            .find(|c| s.components[*c].scope == Scope::PerUser)
        {
            return Err(Problem::new(
                at.key("components"),
                format!(
                    "`{local}` is a per-user component; a common-cause event can only take down global ones"
                ),
            ));
        }
        schedule(event.schedule(), &at)?;
    }
    for (name, m) in &s.methods {
        require_components(
            s,
            &m.requires,
            &root.key("methods").key(name).key("requires"),
        )?;
    }
    for (name, app) in &s.apps {
        let at = root.key("apps").key(name);
        if !(app.early_renewal_at > 0.0 && app.early_renewal_at < 1.0) {
            return Err(Problem::new(
                at.key("early_renewal_at"),
                format!(
                    "must be a fraction of the token lifetime between 0 and 1, got {}",
                    app.early_renewal_at
                ),
            ));
        }
        if app.retry.attempts > MAX_RETRIES {
            return Err(Problem::new(
                at.key("retry").key("attempts"),
                format!(
                    "at most {MAX_RETRIES} retries: a client that retries more is a denial-of-service, not a policy"
                ),
            ));
        }
        if app.retry.backoff_cap.0 < app.retry.backoff_base.0 {
            return Err(Problem::new(
                at.key("retry").key("backoff_cap"),
                "must not be shorter than backoff_base",
            ));
        }
    }
    if s.cohorts.is_empty() {
        return Err(Problem::new(
            root.key("cohorts"),
            "define at least one cohort of users",
        ));
    }
    for name in s.cohorts.keys() {
        cohort_checks(s, name, &root.key("cohorts").key(name))?;
    }
    let mut names = BTreeSet::new();
    for (i, v) in s.variant.iter().enumerate() {
        let at = root.key("variant").index(i).key("name");
        if v.name.trim().is_empty() || v.name == "baseline" {
            return Err(Problem::new(
                at,
                "give each variant a name of its own (\"baseline\" is the base scenario)",
            ));
        }
        if !names.insert(v.name.as_str()) {
            return Err(Problem::new(
                at,
                format!("two variants are named \"{}\"", v.name),
            ));
        }
    }
    Ok(())
}

fn simulation(s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
    let sim = &s.simulation;
    if sim.warmup.0 >= sim.horizon.0 {
        return Err(Problem::new(
            at.key("warmup"),
            format!(
                "the warm-up ({}) must be shorter than the horizon ({})",
                sim.warmup, sim.horizon
            ),
        ));
    }
    if sim.replications < 2 {
        return Err(Problem::new(
            at.key("replications"),
            "at least 2 replications are needed for a confidence interval",
        ));
    }
    if sim.horizon.0 > MAX_HORIZON_DAYS * DAY {
        return Err(Problem::new(
            at.key("horizon"),
            format!(
                "at most {MAX_HORIZON_DAYS}d can be simulated; use more replications for more precision"
            ),
        ));
    }
    let measured = sim.horizon.0 - sim.warmup.0;
    if sim.bucket.0 > measured {
        return Err(Problem::new(
            at.key("bucket"),
            "a time-series bucket must fit inside the measured period",
        ));
    }
    if measured / sim.bucket.0 > MAX_BUCKETS {
        return Err(Problem::new(
            at.key("bucket"),
            format!(
                "{} buckets of {} would be too fine a time series (at most {MAX_BUCKETS:.0}): widen the bucket",
                (measured / sim.bucket.0).ceil(),
                sim.bucket
            ),
        ));
    }
    Ok(())
}

fn require_components(s: &Scenario, names: &[String], at: &FieldPath) -> Result<(), Problem> {
    require_known(names, &s.components, "component", at)
}

fn require_known<T>(
    names: &[String],
    known: &BTreeMap<String, T>,
    what: &str,
    at: &FieldPath,
) -> Result<(), Problem> {
    for (i, name) in names.iter().enumerate() {
        if !known.contains_key(name) {
            let choices: Vec<&str> = known.keys().map(String::as_str).collect();
            return Err(Problem::new(
                at.index(i),
                format!(
                    "unknown {what} `{name}`; defined {what}s are: {}",
                    choices.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn schedule(f: FailureSchedule, at: &FieldPath) -> Result<(), Problem> {
    for (i, o) in f.outages.iter().enumerate() {
        if let Some(every) = o.every
            && every.0 < o.duration.0
        {
            return Err(Problem::new(
                at.key("outages").index(i).key("every"),
                "a recurring outage must recur no more often than it lasts",
            ));
        }
    }
    match (f.time_to_failure, f.time_to_repair) {
        (Some(f), Some(r)) => {
            distribution(f, &at.key("time_to_failure"))?;
            distribution(r, &at.key("time_to_repair"))
        }
        (None, None) => Ok(()),
        (Some(_), None) => Err(Problem::new(
            at.key("time_to_failure"),
            "stochastic failures need a time_to_repair as well",
        )),
        (None, Some(_)) => Err(Problem::new(
            at.key("time_to_repair"),
            "stochastic failures need a time_to_failure as well",
        )),
    }
}

fn distribution(d: &Distribution, at: &FieldPath) -> Result<(), Problem> {
    let (field, value) = match d {
        Distribution::Weibull { shape, .. } => ("shape", *shape),
        Distribution::Lognormal { sigma, .. } => ("sigma", *sigma),
        Distribution::Exponential { .. } | Distribution::Fixed { .. } => return Ok(()),
    };
    if !(value.is_finite() && value > 0.0) {
        return Err(Problem::new(
            at.key(field),
            format!("must be a positive number, got {value}"),
        ));
    }
    Ok(())
}

fn cohort_checks(s: &Scenario, name: &str, at: &FieldPath) -> Result<(), Problem> {
    let cohort = &s.cohorts[name];
    if cohort.users == 0 {
        return Err(Problem::new(
            at.key("users"),
            "a cohort needs at least one user",
        ));
    }
    if cohort.apps.is_empty() {
        return Err(Problem::new(
            at.key("apps"),
            "list the apps this cohort uses",
        ));
    }
    require_known(&cohort.apps, &s.apps, "app", &at.key("apps"))?;
    let rate = cohort.activity.attempts_per_hour;
    if !(rate.is_finite() && rate > 0.0) {
        return Err(Problem::new(
            at.key("activity").key("attempts_per_hour"),
            format!("must be a positive number of access attempts per hour, got {rate}"),
        ));
    }
    if cohort.activity.days.0 == 0 {
        return Err(Problem::new(
            at.key("activity").key("days"),
            "name at least one working day",
        ));
    }
    let workloads = cohort.kind == CohortKind::Workloads;
    for (i, app) in cohort.apps.iter().enumerate() {
        if s.apps[app].kind.is_workload() != workloads {
            return Err(Problem::new(
                at.key("apps").index(i),
                if workloads {
                    format!(
                        "`{app}` is not a workload's app: workloads use kind = \"managed_identity\" or \"client_secret\""
                    )
                } else {
                    format!(
                        "`{app}` is a workload's app; give it a cohort with kind = \"workloads\""
                    )
                },
            ));
        }
    }
    let regs = at.key("registrations");
    if workloads {
        return Ok(());
    }
    if cohort.registrations.is_empty() {
        return Err(Problem::new(
            regs,
            "give at least one registration (share and methods)",
        ));
    }
    let mut total = 0.0;
    for (i, reg) in cohort.registrations.iter().enumerate() {
        let at = regs.index(i);
        if !(reg.share.is_finite() && reg.share > 0.0) {
            return Err(Problem::new(
                at.key("share"),
                format!("a share must be above 0, got {}", reg.share),
            ));
        }
        total += reg.share;
        require_known(&reg.methods, &s.methods, "method", &at.key("methods"))?;
        let has = |f: Factor| reg.methods.iter().any(|m| s.methods[m].factor == f);
        let passwordless = has(Factor::Passwordless);
        if !(has(Factor::First) || passwordless) {
            return Err(Problem::new(
                at.key("methods"),
                "these users could never sign in: add a first-factor or passwordless method",
            ));
        }
        if s.policy.mfa == Mfa::EverySignIn && !(has(Factor::Second) || passwordless) {
            return Err(Problem::new(
                at.key("methods"),
                "policy.mfa requires MFA but these users have no second-factor or passwordless method",
            ));
        }
    }
    if (total - 1.0).abs() > 1e-6 {
        return Err(Problem::new(
            regs,
            format!("the shares add up to {total}, not 1"),
        ));
    }
    Ok(())
}
