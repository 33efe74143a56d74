//! Checks serde cannot make: references between sections, shares, horizons, and
//! the bounds of `limits`; apps and cohorts check themselves in their own files. Returns the warnings of a scenario that is valid but
//! almost surely not what its author meant.

use super::limits::{self, MAX_ENTRIES};
use super::path::{FieldPath, Problem};
use super::{Scenario, Scope};
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
        c.check(&at)?;
        c.check_capacity(&at)?;
        c.check_promise(&at)?;
        let copies = c.instances * (c.regions.len().clamp(1, limits::MAX_LIST) as u32);
        limits::schedule(c.schedule(), copies, &at, &s.simulation, &mut warnings)?;
    }
    for (name, event) in &s.common_cause {
        let at = root.key("common_cause").key(name);
        common_cause(s, &event.components, &at.key("components"))?;
        event.check_promise(&at)?;
        if event.outages.is_empty() && event.schedule().cycle().is_none() {
            warnings.push(Problem::new(
                at.clone(),
                "this common-cause event never happens: give it outages, time_to_failure and time_to_repair, or availability",
            ));
        }
        limits::schedule(event.schedule(), 1, &at, &s.simulation, &mut warnings)?;
    }
    for (name, m) in &s.methods {
        let at = root.key("methods").key(name);
        require_known(&m.requires, &s.components, "component", &at.key("requires"))?;
        if let Some(crl) = &m.crl {
            crl.check(s, &at.key("crl"))?;
        }
        if m.device_bound && m.factor != super::Factor::Passwordless {
            return Err(Problem::new(
                at.key("device_bound"),
                "only a passwordless method can be device-bound (Windows Hello for Business): set factor = \"passwordless\" or remove device_bound",
            ));
        }
    }
    for (name, app) in &s.apps {
        app.check(s, &root.key("apps").key(name))?;
    }
    s.people.check(&root.key("people"))?;
    if s.cohorts.is_empty() {
        return Err(Problem::new(
            root.key("cohorts"),
            "define at least one cohort of users",
        ));
    }
    for (name, cohort) in &s.cohorts {
        let at = root.key("cohorts").key(name);
        cohort.check(s, &at)?;
        cohort.revocations_warnings(s, &at, &mut warnings);
        cohort.device_bound_warnings(s, &at, &mut warnings);
    }
    for (name, rule) in &s.contingency {
        let at = root.key("contingency").key(name);
        rule.check(s, &at)?;
        rule.warnings(s, &at, &mut warnings);
    }
    for (name, switch) in &s.fallback {
        let at = root.key("fallback").key(name);
        switch.check(s, &at)?;
        switch.warnings(s, &at, &mut warnings);
    }
    s.admins.check(s, &root.key("admins"))?;
    s.admins.warnings(s, &root.key("admins"), &mut warnings);
    let events = root.key("signing_key_events");
    for (i, event) in s.signing_key_events.iter().enumerate() {
        event.check(s, &events.index(i))?;
    }
    if !s.signing_key_events.is_empty() && s.apps.values().all(|a| a.signing_keys.is_none()) {
        warnings.push(Problem::new(
            events.index(0),
            "no app checks signing keys (apps.NAME.signing_keys), so these events change nothing",
        ));
    }
    super::regions::check(s, &root)?;
    super::scale::check(s, &root)?;
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
            format!(
                "a time-series bucket ({}) must fit inside the measured period (horizon minus warm-up: {}): \
                 set a shorter bucket",
                sim.bucket,
                super::duration::format_seconds(measured)
            ),
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

/// Results name the whole population and every app `all`, and a cohort's
/// registration mix `cohort/methods`: a cohort or app may not pass for them.
fn reserved(section: &str, name: &str) -> Option<String> {
    let results = super::ALL;
    match section {
        "cohorts" | "apps" if name == results => Some(format!(
            "`{results}` names every {} in the results: give it another name",
            &section[..section.len() - 1]
        )),
        "cohorts" if name.contains('/') => Some(
            "a cohort's name may not hold `/`, which names its registration mixes in the results (`office/password+sms`)".to_string(),
        ),
        _ => None,
    }
}

/// Every named section stays below `MAX_ENTRIES`, and every name is a name.
fn sizes(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    let sections: [(&str, Vec<&String>); 7] = [
        ("components", s.components.keys().collect()),
        ("common_cause", s.common_cause.keys().collect()),
        ("methods", s.methods.keys().collect()),
        ("apps", s.apps.keys().collect()),
        ("cohorts", s.cohorts.keys().collect()),
        ("contingency", s.contingency.keys().collect()),
        ("fallback", s.fallback.keys().collect()),
    ];
    for (section, names) in sections {
        if names.len() > MAX_ENTRIES {
            return Err(Problem::new(
                root.key(section),
                format!(
                    "{} entries; a scenario may define at most {MAX_ENTRIES}",
                    names.len()
                ),
            ));
        }
        for name in &names {
            if let Some(why) = limits::bad_name(name, limits::MAX_NAME) {
                return Err(Problem::new(
                    root.key(section).key(name),
                    format!("this name {why}"),
                ));
            }
            if let Some(why) = reserved(section, name) {
                return Err(Problem::new(root.key(section).key(name), why));
            }
        }
        super::names::check_all(&names, &format!("[{section}] entries"), |i| {
            root.key(section).key(names[i])
        })?;
    }
    if s.signing_key_events.len() > limits::MAX_KEY_EVENTS {
        return Err(Problem::new(
            root.key("signing_key_events").index(limits::MAX_KEY_EVENTS),
            format!(
                "at most {} signing-key events (rollovers and removals) in a scenario, got {}",
                limits::MAX_KEY_EVENTS,
                s.signing_key_events.len()
            ),
        ));
    }
    if let Some(why) = limits::bad_name(&s.description, limits::MAX_DESCRIPTION)
        .filter(|_| !s.description.is_empty())
        .or_else(|| super::names::hidden_in(&s.description))
    {
        return Err(Problem::new(
            root.key("description"),
            format!("the description {why}"),
        ));
    }
    Ok(())
}

fn policy(s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
    let p = &s.policy;
    let token = at.key("token_requests_require");
    require_known(
        &p.token_requests_require,
        &s.components,
        "component",
        &token,
    )?;
    if p.backup_authentication && p.backup_requires.is_empty() {
        return Err(Problem::new(
            at.key("backup_requires"),
            "backup authentication is on: name the backup token service's components, e.g. [\"backup_token_service\"]",
        ));
    }
    let backup = at.key("backup_requires");
    require_known(&p.backup_requires, &s.components, "component", &backup)?;
    changes(&p.changes, &at.key("changes"))
}

/// The change mix's shares are at least 0 and add up to 1.
fn changes(c: &super::Changes, at: &FieldPath) -> Result<(), Problem> {
    let shares = [c.critical_event, c.policy, c.sign_in];
    if shares.iter().any(|s| s.is_nan() || *s < 0.0) {
        return Err(Problem::new(
            at.clone(),
            "a share of changes must be 0 or more, e.g. { critical_event = 0.4, policy = 0.4, sign_in = 0.2 }",
        ));
    }
    let total: f64 = shares.iter().sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(Problem::new(
            at.clone(),
            format!("the shares of changes add up to {total}, not 1"),
        ));
    }
    Ok(())
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

/// Every one of `names` names one of `known`, once, and there are at most
/// `MAX_LIST` of them: each is a step of a path, tried or checked on every access.
pub(super) fn require_known<T>(
    names: &[String],
    known: &BTreeMap<String, T>,
    what: &str,
    at: &FieldPath,
) -> Result<(), Problem> {
    if names.len() > limits::MAX_LIST {
        return Err(Problem::new(
            at.index(limits::MAX_LIST),
            format!(
                "{} {what}s in one list, at most {}: name each {what} a path needs once",
                names.len(),
                limits::MAX_LIST
            ),
        ));
    }
    for (i, name) in names.iter().enumerate() {
        require_one(name, known, what, &at.index(i))?;
        if names[..i].contains(name) {
            return Err(Problem::new(
                at.index(i),
                format!("`{name}` is listed twice: name each {what} once"),
            ));
        }
    }
    Ok(())
}

/// `name`, the value at `at`, names one of `known`.
pub(super) fn require_one<T>(
    name: &str,
    known: &BTreeMap<String, T>,
    what: &str,
    at: &FieldPath,
) -> Result<(), Problem> {
    if known.contains_key(name) {
        return Ok(());
    }
    let choices: Vec<&str> = known.keys().map(String::as_str).collect();
    Err(Problem::new(
        at.clone(),
        format!(
            "unknown {what} `{name}`; defined {what}s are: {}",
            choices.join(", ")
        ),
    ))
}

fn variants(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    let mut names = BTreeSet::new();
    for (i, v) in s.variant.iter().enumerate() {
        let at = root.key("variant").index(i).key("name");
        if let Some(why) = limits::bad_name(&v.name, limits::MAX_NAME) {
            return Err(Problem::new(at, format!("this name {why}")));
        }
        if v.name.trim() == "baseline" {
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
                format!(
                    "at most {} variants, the baseline included",
                    limits::MAX_VARIANTS
                ),
            ));
        }
    }
    let variant_names: Vec<&str> = s.variant.iter().map(|v| v.name.as_str()).collect();
    super::names::check_all(&variant_names, "variants", |i| {
        root.key("variant").index(i).key("name")
    })
}
