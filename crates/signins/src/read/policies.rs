//! Conditional access policies (`conditionalAccessPolicy`, Graph v1.0): one
//! policy as `GET .../policies/{id}` returns it, or a list page. Only what
//! a scenario can use is kept (see `record::AccessPolicy`).

use std::path::Path;

use authsim_core::error::Error;

use super::fields::{at, flag, text, whole};
use super::input::Found;
use super::json::{self, Record};
use super::loose::{Loose, Object};
use super::{ReadStats, bad};
use crate::record::{AccessPolicy, Targets};

const HINT: &str = "export the policies as JSON from Microsoft Graph \
(`GET /identity/conditionalAccess/policies`, or one policy by its id)";

pub(crate) fn read(
    found: Found<'_>,
    name: &Path,
    stats: &mut ReadStats,
    each: &mut dyn FnMut(AccessPolicy),
) -> Result<(), Error> {
    let Found::Json(json) = found else {
        return Err(bad(
            name,
            None,
            format!("conditional access policies are read from JSON only; {HINT}"),
        ));
    };
    stats.format = "policies-json";
    json::records(json, name, HINT, None, &mut |record: Record| {
        let policy = policy(&record.fields).map_err(|fault| {
            bad(
                name,
                Some((record.line, 1)),
                format!(
                    "policy {} (line {}): {fault}; {HINT}",
                    record.number, record.line
                ),
            )
        })?;
        stats.records += 1;
        each(policy);
        Ok(())
    })?;
    Ok(())
}

fn strings(fields: &Object<'_>, path: &str) -> Vec<String> {
    match at(fields, path).as_deref() {
        Some(Loose::List(items)) => items
            .iter()
            .filter_map(|i| text(Some(i)))
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

fn has(list: &[String], word: &str) -> bool {
    list.iter().any(|i| i.eq_ignore_ascii_case(word))
}

fn policy(fields: &Object<'_>) -> Result<AccessPolicy, String> {
    let name = text(fields.get("displayName"))
        .or_else(|| text(fields.get("id")))
        .ok_or("no displayName or id: not a conditional access policy")?;
    let state = text(fields.get("state")).ok_or("no state")?;
    let users = strings(fields, "conditions.users.includeUsers");
    let excluded = strings(fields, "conditions.users.excludeUsers");
    let named = users
        .iter()
        .filter(|u| !["All", "None", "GuestsOrExternalUsers"].contains(&u.as_str()))
        .count()
        + strings(fields, "conditions.users.includeGroups").len()
        + strings(fields, "conditions.users.includeRoles").len();
    let is_set = |path: &str| at(fields, path).is_some_and(|v| !v.is_null());
    let apps = strings(fields, "conditions.applications.includeApplications");
    let controls = strings(fields, "grantControls.builtInControls");
    Ok(AccessPolicy {
        name: name.to_string(),
        enforced: state == "enabled",
        targets: Targets {
            all_users: has(&users, "All"),
            guests: has(&users, "GuestsOrExternalUsers")
                || is_set("conditions.users.includeGuestsOrExternalUsers"),
            guests_excluded: has(&excluded, "GuestsOrExternalUsers")
                || is_set("conditions.users.excludeGuestsOrExternalUsers"),
            named,
            all_apps: has(&apps, "All"),
            apps: apps
                .iter()
                .filter(|a| !["All", "None"].contains(&a.as_str()))
                .cloned()
                .collect(),
            excluded_apps: strings(fields, "conditions.applications.excludeApplications"),
            narrowed_by: narrowed_by(fields, &excluded),
        },
        mfa: has(&controls, "mfa"),
        compliant_device: has(&controls, "compliantDevice"),
        joined_device: has(&controls, "domainJoinedDevice"),
        block: has(&controls, "block"),
        all_of: at(fields, "grantControls.operator")
            .and_then(|o| o.as_str().map(|o| o.eq_ignore_ascii_case("AND")))
            .unwrap_or(false),
        sign_in_frequency: sign_in_frequency(fields)?,
        persistent_browser: at(fields, "sessionControls.persistentBrowser")
            .filter(|p| flag(p.get("isEnabled")) != Some(false))
            .and_then(|p| text(p.get("mode")).map(String::from)),
    })
}

/// `sessionControls.signInFrequency` in seconds: `value` `hours` or `days`,
/// or 0 for `frequencyInterval: everyTime`; `None` where absent or disabled.
fn sign_in_frequency(fields: &Object<'_>) -> Result<Option<f64>, String> {
    let Some(f) = at(fields, "sessionControls.signInFrequency").filter(|f| f.is_object()) else {
        return Ok(None);
    };
    if flag(f.get("isEnabled")) == Some(false) {
        return Ok(None);
    }
    if text(f.get("frequencyInterval")).is_some_and(|i| i.eq_ignore_ascii_case("everyTime")) {
        return Ok(Some(0.0));
    }
    let Some(value) = whole(f.get("value")) else {
        return Ok(None);
    };
    let unit = match text(f.get("type")) {
        Some("hours") => 3600.0,
        Some("days") => 86_400.0,
        other => {
            return Err(format!(
                "signInFrequency type {other:?} is neither hours nor days"
            ));
        }
    };
    Ok(Some(value as f64 * unit))
}

/// The conditions (conditionalAccessConditionSet) that narrow a policy to
/// some sign-ins or leave named users out, as `name (values)`.
fn narrowed_by(fields: &Object<'_>, excluded: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, all) in [
        ("conditions.signInRiskLevels", None),
        ("conditions.userRiskLevels", None),
        ("conditions.servicePrincipalRiskLevels", None),
        ("conditions.clientAppTypes", Some("all")),
        ("conditions.platforms.includePlatforms", Some("all")),
        ("conditions.platforms.excludePlatforms", None),
        ("conditions.locations.includeLocations", Some("All")),
        ("conditions.locations.excludeLocations", None),
        ("conditions.devices.deviceFilter.rule", None),
        ("conditions.users.excludeGroups", None),
        ("conditions.users.excludeRoles", None),
    ] {
        let values = strings(fields, path);
        let every = all.is_some_and(|a| values.len() == 1 && has(&values, a));
        if !values.is_empty() && !every {
            let name = path.rsplit('.').next().unwrap_or(path);
            out.push(format!("{name} ({})", values.join(", ")));
        }
    }
    let users: Vec<&str> = excluded
        .iter()
        .map(String::as_str)
        .filter(|u| !u.eq_ignore_ascii_case("GuestsOrExternalUsers"))
        .collect();
    if !users.is_empty() {
        out.push(format!("excludeUsers ({} named)", users.len()));
    }
    out
}
