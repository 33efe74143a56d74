//! Checks serde cannot make: references between sections, shares, horizons, and
//! the bounds of `limits`. Returns the warnings of a scenario that is valid but
//! almost surely not what its author meant.

use super::limits::{self, MAX_APPS_PER_COHORT, MAX_ENTRIES, MAX_REGISTRATIONS, MAX_RETRIES};
use super::path::{FieldPath, Problem};
use super::{CohortKind, Factor, Mfa, Scenario, Scope};
use crate::units::DAY;
use std::collections::{BTreeMap, BTreeSet};

pub fn validate(s: &Scenario) -> Result<Vec<Problem>, Problem> {
    let root = FieldPath::root();
    let mut warnings = Vec::new();
    simulation(s, &root.key("simulation"))?;
    sizes(s, &root)?;
    policy(s, &root.key("policy"))?;
    for (name, c) in &s.components {
        let at = root.key("components").key(name);
        limits::schedule(c.schedule(), &at, &s.simulation, &mut warnings)?;
    }
    for (name, event) in &s.common_cause {
        let at = root.key("common_cause").key(name);
        common_cause(s, &event.components, &at.key("components"))?;
        limits::schedule(event.schedule(), &at, &s.simulation, &mut warnings)?;
    }
    for (name, m) in &s.methods {
        let at = root.key("methods").key(name).key("requires");
        require_known(&m.requires, &s.components, "component", &at)?;
    }
    for name in s.apps.keys() {
        app(s, name, &root.key("apps").key(name))?;
    }
    if s.cohorts.is_empty() {
        return Err(Problem::new(
            root.key("cohorts"),
            "define at least one cohort of users",
        ));
    }
    for name in s.cohorts.keys() {
        cohort(s, name, &root.key("cohorts").key(name))?;
    }
    variants(s, &root)?;
    Ok(warnings)
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
    let max_days = limits::MAX_HORIZON_DAYS;
    if sim.horizon.0 > max_days * DAY {
        return Err(Problem::new(
            at.key("horizon"),
            format!(
                "at most {max_days}d can be simulated; use more replications for more precision"
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
    let max_buckets = limits::MAX_BUCKETS;
    if measured / sim.bucket.0 > max_buckets {
        return Err(Problem::new(
            at.key("bucket"),
            format!(
                "{} buckets of {} would be too fine a time series (at most {max_buckets:.0}): widen the bucket",
                (measured / sim.bucket.0).ceil(),
                sim.bucket
            ),
        ));
    }
    Ok(())
}

/// Every named section stays below `MAX_ENTRIES`.
fn sizes(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    let sections = [
        ("components", s.components.len()),
        ("common_cause", s.common_cause.len()),
        ("methods", s.methods.len()),
        ("apps", s.apps.len()),
        ("cohorts", s.cohorts.len()),
    ];
    for (section, count) in sections {
        if count > MAX_ENTRIES {
            return Err(Problem::new(
                root.key(section),
                format!("{count} entries; a scenario may define at most {MAX_ENTRIES}"),
            ));
        }
    }
    Ok(())
}

fn policy(s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
    let p = &s.policy;
    let token = at.key("token_requests_require");
    require_known(&p.token_requests_require, &s.components, "component", &token)?;
    if p.backup_authentication && p.backup_requires.is_empty() {
        return Err(Problem::new(
            at.key("backup_requires"),
            "backup authentication is on: name the backup token service's components, e.g. [\"backup_token_service\"]",
        ));
    }
    let backup = at.key("backup_requires");
    require_known(&p.backup_requires, &s.components, "component", &backup)
}

fn common_cause(s: &Scenario, components: &[String], at: &FieldPath) -> Result<(), Problem> {
    if components.is_empty() {
        return Err(Problem::new(
            at.clone(),
            "a common-cause event takes no component down: name the components it takes down together",
        ));
    }
    require_known(components, &s.components, "component", at)?;
    match components
        .iter()
        .find(|c| s.components[*c].scope == Scope::PerUser)
    {
        Some(local) => Err(Problem::new(
            at.clone(),
            format!(
                "`{local}` is a per-user component; a common-cause event can only take down global ones"
            ),
        )),
        None => Ok(()),
    }
}

fn app(s: &Scenario, name: &str, at: &FieldPath) -> Result<(), Problem> {
    let app = &s.apps[name];
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
    Ok(())
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

fn cohort(s: &Scenario, name: &str, at: &FieldPath) -> Result<(), Problem> {
    let cohort = &s.cohorts[name];
    if cohort.users == 0 {
        return Err(Problem::new(
            at.key("users"),
            "a cohort needs at least one user",
        ));
    }
    let apps = at.key("apps");
    if cohort.apps.is_empty() || cohort.apps.len() > MAX_APPS_PER_COHORT {
        return Err(Problem::new(
            apps,
            format!("list the apps this cohort uses (1 to {MAX_APPS_PER_COHORT})"),
        ));
    }
    require_known(&cohort.apps, &s.apps, "app", &apps)?;
    activity(cohort, &at.key("activity"))?;
    let workloads = cohort.kind == CohortKind::Workloads;
    for (i, app) in cohort.apps.iter().enumerate() {
        if s.apps[app].kind.is_workload() != workloads {
            return Err(Problem::new(
                apps.index(i),
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
    if workloads {
        return Ok(());
    }
    registrations(s, cohort, &at.key("registrations"))
}

fn activity(cohort: &super::Cohort, at: &FieldPath) -> Result<(), Problem> {
    let a = &cohort.activity;
    if let Some(rate) = a.attempts_per_hour {
        let at = at.key("attempts_per_hour");
        if a.every.is_some() {
            return Err(Problem::new(
                at,
                "give either attempts_per_hour (a Poisson stream) or every (calls on the clock), not both",
            ));
        }
        if !(rate.is_finite() && rate > 0.0) {
            return Err(Problem::new(
                at,
                format!("must be a positive number of access attempts per hour, got {rate}"),
            ));
        }
    }
    if a.days.0 == 0 {
        return Err(Problem::new(at.key("days"), "name at least one working day"));
    }
    Ok(())
}

fn registrations(s: &Scenario, cohort: &super::Cohort, regs: &FieldPath) -> Result<(), Problem> {
    if cohort.registrations.is_empty() || cohort.registrations.len() > MAX_REGISTRATIONS {
        return Err(Problem::new(
            regs.clone(),
            format!("give 1 to {MAX_REGISTRATIONS} registrations (share and methods)"),
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
            regs.clone(),
            format!("the shares add up to {total}, not 1"),
        ));
    }
    Ok(())
}

fn variants(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
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
        if i + 2 > limits::MAX_VARIANTS {
            return Err(Problem::new(
                at,
                format!("at most {} variants, the baseline included", limits::MAX_VARIANTS),
            ));
        }
    }
    Ok(())
}
