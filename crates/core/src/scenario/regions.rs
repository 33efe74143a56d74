//! Regions and degradation checked: a regional component's instances, the
//! regions an outage or a degradation window names, and each cohort's region
//! against the regional components it needs.

use super::limits::{self, MAX_LIST};
use super::path::{FieldPath, Problem};
use super::{Component, Scenario, Scope};
use std::collections::BTreeSet;

/// Degradation windows a component may have: each is a fixed window, checked
/// on every request that needs the component.
pub const MAX_DEGRADED: usize = 1_000;

pub(super) fn check(s: &Scenario, root: &FieldPath) -> Result<(), Problem> {
    for (name, c) in &s.components {
        component(c, &root.key("components").key(name), &s.simulation.horizon)?;
    }
    for (name, event) in &s.common_cause {
        let at = root.key("common_cause").key(name).key("outages");
        if let Some(i) = event.outages.iter().position(|o| !o.regions.is_empty()) {
            return Err(Problem::new(
                at.index(i).key("regions"),
                "a common-cause event hits every instance of a regional component: remove `regions`, \
                 or scope an outage of the component itself",
            ));
        }
    }
    for (name, app) in &s.apps {
        let metadata = app.signing_keys.iter().flat_map(|k| &k.metadata_requires);
        if let Some((i, c)) = metadata.enumerate().find(|(_, c)| regional(s, c)) {
            return Err(Problem::new(
                root.key("apps")
                    .key(name)
                    .key("signing_keys")
                    .key("metadata_requires")
                    .index(i),
                format!(
                    "{c} is regional, and a resource's key refresh is not in a region: \
                     name a component without `regions`"
                ),
            ));
        }
    }
    let known: BTreeSet<&str> = s
        .components
        .values()
        .flat_map(|c| c.regions.iter().map(String::as_str))
        .collect();
    for (name, cohort) in &s.cohorts {
        let at = root.key("cohorts").key(name);
        if let Some(region) = &cohort.region
            && !known.contains(region.as_str())
        {
            return Err(Problem::new(
                at.key("region"),
                format!(
                    "no component has region `{region}`: name one a component lists in its \
                     `regions` ({}), or remove `region`",
                    list(known.iter().copied())
                ),
            ));
        }
        for (c, why) in needs(s, name) {
            let regions = &s.components[c].regions;
            if regions.is_empty() {
                continue;
            }
            match &cohort.region {
                None => {
                    return Err(Problem::new(
                        at.clone(),
                        format!(
                            "needs the regional component {c} ({why}) but has no region: \
                             set region = one of {}",
                            list(regions.iter().map(String::as_str))
                        ),
                    ));
                }
                Some(region) if !regions.contains(region) => {
                    return Err(Problem::new(
                        at.key("region"),
                        format!(
                            "needs the regional component {c} ({why}), which has no instance in \
                             `{region}`: add the region to components.{c}.regions (now {})",
                            list(regions.iter().map(String::as_str))
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

fn regional(s: &Scenario, component: &str) -> bool {
    s.components
        .get(component)
        .is_some_and(|c| !c.regions.is_empty())
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.is_empty() {
        true => "none".into(),
        false => names.join(", "),
    }
}

/// A component's regions, and the regions and windows its outages and
/// degradation name.
fn component(
    c: &Component,
    at: &FieldPath,
    horizon: &super::duration::Duration,
) -> Result<(), Problem> {
    if !c.regions.is_empty() && c.scope == Scope::PerUser {
        return Err(Problem::new(
            at.key("regions"),
            "a per-user component is each user's own, in no region: remove `regions`",
        ));
    }
    if c.regions.len() > MAX_LIST {
        return Err(Problem::new(
            at.key("regions").index(MAX_LIST),
            format!("at most {MAX_LIST} regions"),
        ));
    }
    for (i, region) in c.regions.iter().enumerate() {
        if let Some(why) = limits::bad_name(region, limits::MAX_NAME) {
            return Err(Problem::new(
                at.key("regions").index(i),
                format!("this region's name {why}"),
            ));
        }
    }
    super::names::check_all(&c.regions.iter().collect::<Vec<_>>(), "regions", |i| {
        at.key("regions").index(i)
    })?;
    for (i, o) in c.outages.iter().enumerate() {
        scoped(c, &o.regions, &at.key("outages").index(i))?;
    }
    if !c.degraded.is_empty() && c.scope == Scope::PerUser {
        return Err(Problem::new(
            at.key("degraded"),
            "only a global component (a service) can be degraded: remove `degraded`",
        ));
    }
    if c.degraded.len() > MAX_DEGRADED {
        return Err(Problem::new(
            at.key("degraded").index(MAX_DEGRADED),
            format!("at most {MAX_DEGRADED} degradation windows"),
        ));
    }
    for (i, d) in c.degraded.iter().enumerate() {
        let at = at.key("degraded").index(i);
        scoped(c, &d.regions, &at)?;
        if d.start.0 >= horizon.0 {
            return Err(Problem::new(
                at.key("start"),
                format!("starts after the horizon ({horizon}): move it inside or remove it"),
            ));
        }
        if d.duration.0 <= 0.0 {
            return Err(Problem::new(
                at.key("duration"),
                "a degradation window must last some time",
            ));
        }
        match (d.fail_share, d.latency) {
            (Some(p), None) if !(0.0..=1.0).contains(&p) => {
                return Err(Problem::new(
                    at.key("fail_share"),
                    format!("a share of requests from 0 to 1, got {p}"),
                ));
            }
            (None, Some(l)) if l.0 <= 0.0 => {
                return Err(Problem::new(
                    at.key("latency"),
                    "a slow answer takes some time: give a latency above zero",
                ));
            }
            (Some(_), None) | (None, Some(_)) => {}
            _ => {
                return Err(Problem::new(
                    at,
                    "give exactly one of fail_share (a share of requests failed) or latency \
                     (how long each answer takes): two windows for both",
                ));
            }
        }
    }
    Ok(())
}

/// The regions an outage or degradation window at `at` names are the component's.
fn scoped(c: &Component, regions: &[String], at: &FieldPath) -> Result<(), Problem> {
    for (i, region) in regions.iter().enumerate() {
        if c.regions.is_empty() {
            return Err(Problem::new(
                at.key("regions"),
                "this component has no regions (it is one instance for all): remove `regions`, \
                 or give the component `regions`",
            ));
        }
        if !c.regions.contains(region) {
            return Err(Problem::new(
                at.key("regions").index(i),
                format!(
                    "`{region}` is not one of this component's regions ({}): name one of them",
                    c.regions.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The components cohort `name` needs, each with where the need comes from: its
/// own, the policy's, its apps', and its registered methods' (and their
/// fallback switches' replacements).
fn needs<'s>(s: &'s Scenario, name: &str) -> Vec<(&'s str, String)> {
    let c = &s.cohorts[name];
    let p = &s.policy;
    let mut out: Vec<(&str, String)> = Vec::new();
    let mut add = |list: &'s [String], why: &dyn Fn() -> String| {
        out.extend(list.iter().map(|n| (n.as_str(), why())));
    };
    add(&p.token_requests_require, &|| {
        "policy.token_requests_require".into()
    });
    if p.backup_authentication {
        add(&p.backup_requires, &|| "policy.backup_requires".into());
    }
    add(&c.requires, &|| "its requires".into());
    add(&c.token_requests_require, &|| {
        "its token_requests_require".into()
    });
    add(&c.sign_in_requires, &|| "its sign_in_requires".into());
    for a in &c.apps {
        if let Some(app) = s.apps.get(a) {
            add(&app.requires, &|| format!("apps.{a}.requires"));
        }
    }
    let registered: BTreeSet<&str> = c
        .registrations
        .iter()
        .flat_map(|r| r.methods.iter().map(String::as_str))
        .collect();
    let replacements = s
        .fallback
        .values()
        .filter(|f| registered.contains(f.method.as_str()))
        .map(|f| f.to.as_str());
    let methods: BTreeSet<&str> = registered.iter().copied().chain(replacements).collect();
    for m in methods {
        if let Some(method) = s.methods.get(m) {
            add(&method.requires, &|| format!("methods.{m}.requires"));
        }
    }
    out
}
