//! Applies a variant's overrides (`set.policy.access_token_lifetime = "8h"`) to the
//! resolved base scenario, so every default can be overridden by its dotted path.

mod laws;

use super::AppKind;
use super::nearest::did_you_mean;
use super::path::{FieldPath, Problem};
use laws::{check_whole, prepare_laws};
use toml::{Table, Value};

/// Top-level sections that belong to the run, not to one variant.
pub(in crate::scenario) const SHARED: [&str; 3] = ["simulation", "variant", "sweep"];

/// Sections whose keys are names the planner chose: a variant may change an entry, not invent one.
const NAMED: [&str; 7] = [
    "components",
    "common_cause",
    "methods",
    "apps",
    "cohorts",
    "contingency",
    "fallback",
];

/// An app's keys that only some kinds of app honour.
const KIND_SPECIFIC: [&str; 6] = [
    "token_lifetime",
    "early_renewal",
    "early_renewal_at",
    "early_renewal_min_lifetime",
    "session_cookie_lifetime",
    "cae_capable",
];

/// The keys of an activity that `key` stands in for.
fn activity_replaced_by(key: &str) -> &'static [&'static str] {
    match key {
        "every" => &["attempts_per_hour", "attempts_by_hour"],
        "attempts_per_hour" => &["every", "attempts_by_hour"],
        "hours" | "days" => &["attempts_by_hour"],
        "attempts_by_hour" => &["hours", "days", "attempts_per_hour", "every"],
        _ => &[],
    }
}

/// The keys of a failure schedule that `key` stands in for: a promised
/// availability fixes the time to failure, and an outage count the repairs.
fn schedule_replaced_by(key: &str) -> &'static [&'static str] {
    match key {
        "availability" => &["time_to_failure"],
        "outages_per_year" => &["time_to_failure", "time_to_repair"],
        "time_to_repair" => &["outages_per_year"],
        "time_to_failure" => &["availability", "outages_per_year"],
        _ => &[],
    }
}

/// Merges `set` into `target`: tables merge key by key, anything else replaces.
/// A key that stands in for another takes it away, since an override cannot
/// remove a key: setting an activity's `every` drops the base's
/// `attempts_per_hour` (and the other way round), `attempts_by_hour` drops
/// `hours`, `days`, `attempts_per_hour` and `every` (and each of them it), setting an app's `kind`
/// drops the base's keys the new kind ignores, and naming a failure or repair
/// law's `distribution` drops the base's parameters, which belong to the old law;
/// and a failure schedule's `availability`, `outages_per_year`, `time_to_failure`
/// or `time_to_repair` drops the base's keys it cannot stand beside.
pub fn apply(target: &mut Table, set: &Table) -> Result<(), Problem> {
    let written = leaves(set);
    let named = prepare_laws(target, &written)?;
    merge(target, set, &FieldPath::root())?;
    for law in &named {
        check_whole(target, law)?;
    }
    let is_written = |path: &[&str]| written.iter().any(|w| w == path);
    for path in &written {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        match path[..] {
            ["cohorts", cohort, "activity", key] => {
                for other in activity_replaced_by(key) {
                    let other = ["cohorts", cohort, "activity", other];
                    if !is_written(&other) {
                        remove(target, &other);
                    }
                }
            }
            [section @ ("components" | "common_cause"), entry, key, ..] => {
                for other in schedule_replaced_by(key) {
                    let other = [section, entry, other];
                    if !written.iter().any(|w| w.len() >= 3 && w[..3] == other) {
                        remove(target, &other);
                    }
                }
            }
            ["apps", app, "kind"] => {
                let kind = lookup(target, &path).and_then(|v| v.clone().try_into::<AppKind>().ok());
                let Some(kind) = kind else { continue };
                for key in KIND_SPECIFIC
                    .into_iter()
                    .filter(|k| kind.ignores(k).is_some())
                {
                    let key = ["apps", app, key];
                    if !is_written(&key) {
                        remove(target, &key);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every value `set` gives, as its path of keys (dotted keys split).
pub fn leaves(set: &Table) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (key, value) in set {
        let path: Vec<String> = key.split('.').map(String::from).collect();
        match value {
            Value::Table(inner) => out.extend(leaves(inner).into_iter().map(|tail| {
                let mut full = path.clone();
                full.extend(tail);
                full
            })),
            _ => out.push(path),
        }
    }
    out
}

fn keys(path: &[&str]) -> FieldPath {
    path.iter().fold(FieldPath::root(), |at, key| at.key(key))
}

fn lookup<'a>(table: &'a Table, path: &[&str]) -> Option<&'a Value> {
    let (last, parents) = path.split_last()?;
    let mut table = table;
    for key in parents {
        table = table.get(*key)?.as_table()?;
    }
    table.get(*last)
}

/// The table at `path`, where every key on the way names a table.
fn table_at<'a>(table: &'a mut Table, path: &[&str]) -> Option<&'a mut Table> {
    path.iter()
        .try_fold(table, |table, key| table.get_mut(*key)?.as_table_mut())
}

fn remove(table: &mut Table, path: &[&str]) {
    if let Some((last, parents)) = path.split_last()
        && let Some(table) = table_at(table, parents)
    {
        table.remove(*last);
    }
}

fn merge(target: &mut Table, set: &Table, at: &FieldPath) -> Result<(), Problem> {
    for (key, value) in set {
        // A quoted key with dots, `"policy.mfa" = ...`, means the same as the dotted form.
        let mut segments = key.split('.').peekable();
        let mut table = &mut *target;
        let mut path = at.clone();
        while let Some(segment) = segments.next() {
            let last = segments.peek().is_none();
            check_allowed(&path, segment, table)?;
            path = path.key(segment);
            if last {
                match (table.get_mut(segment), value) {
                    (Some(Value::Table(inner)), Value::Table(sub)) => merge(inner, sub, &path)?,
                    (Some(slot), _) => *slot = value.clone(),
                    (None, _) => {
                        table.insert(segment.to_string(), value.clone());
                    }
                }
            } else {
                table = match table.get_mut(segment) {
                    Some(Value::Table(inner)) => inner,
                    _ => return Err(missing(&path, "is not a table of settings")),
                };
            }
        }
    }
    Ok(())
}

fn check_allowed(parent: &FieldPath, segment: &str, table: &Table) -> Result<(), Problem> {
    let path = parent.key(segment);
    if parent.0.is_empty() && SHARED.contains(&segment) {
        return Err(Problem::new(
            path,
            format!(
                "`{segment}` settings are shared by every variant of a run and cannot be overridden"
            ),
        ));
    }
    let is_named_section = parent.0.len() == 1 && NAMED.iter().any(|n| parent.to_string() == *n);
    if (parent.0.is_empty() || is_named_section) && !table.contains_key(segment) {
        let known: Vec<&str> = table
            .keys()
            .map(String::as_str)
            .filter(|k| !(parent.0.is_empty() && SHARED.contains(k)))
            .collect();
        let mean = did_you_mean(segment, known.iter().copied());
        return Err(missing(
            &path,
            &format!(
                "does not exist; the choices here are: {}{mean}",
                known.join(", ")
            ),
        ));
    }
    Ok(())
}

fn missing(path: &FieldPath, why: &str) -> Problem {
    Problem::new(path.clone(), format!("override path `{path}` {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn merges_nested_and_dotted_keys() {
        let mut base = table(
            "[policy]\nmfa = \"never\"\nx = 1\n[apps.a]\nretry = { attempts = 3, jitter = true }",
        );
        let set = table("\"policy.mfa\" = \"every_sign_in\"\napps.a.retry.attempts = 0");
        apply(&mut base, &set).unwrap();
        assert_eq!(base["policy"]["mfa"].as_str(), Some("every_sign_in"));
        assert_eq!(base["apps"]["a"]["retry"]["attempts"].as_integer(), Some(0));
        assert_eq!(base["apps"]["a"]["retry"]["jitter"].as_bool(), Some(true));
    }

    #[test]
    fn a_key_that_stands_in_for_another_takes_it_away() {
        let mut base = table(
            "[cohorts.c.activity]\nattempts_per_hour = 4.0\n[apps.a]\nkind = \"public_client\"\nearly_renewal = true\ntoken_lifetime = \"8h\"",
        );
        apply(
            &mut base,
            &table("cohorts.c.activity.every = \"10m\"\napps.a.kind = \"web_app\""),
        )
        .unwrap();
        assert!(
            base["cohorts"]["c"]["activity"]
                .get("attempts_per_hour")
                .is_none()
        );
        let app = base["apps"]["a"].as_table().unwrap();
        assert!(app.get("early_renewal").is_none() && app.get("token_lifetime").is_none());
        // A profile takes the working hours, days and rate away, and they it.
        let office = "[cohorts.c.activity]\nhours = \"09:00-17:00\"\ndays = \"mon-fri\"\nattempts_per_hour = 4.0\nutc_offset = \"+01:00\"";
        let mut base = table(office);
        let profile = "cohorts.c.activity.attempts_by_hour = [[1.0]]";
        apply(&mut base, &table(profile)).unwrap();
        let keys = |base: &Table| {
            let mut keys: Vec<String> = base["cohorts"]["c"]["activity"]
                .as_table()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(keys(&base), ["attempts_by_hour", "utc_offset"]);
        apply(
            &mut base,
            &table("cohorts.c.activity.hours = \"08:00-12:00\""),
        )
        .unwrap();
        assert_eq!(keys(&base), ["hours", "utc_offset"]);
        // What the override itself gives stays, for validation to judge.
        let mut base = table("[apps.a]\nkind = \"public_client\"");
        apply(
            &mut base,
            &table("apps.a = { kind = \"web_app\", token_lifetime = \"1h\" }"),
        )
        .unwrap();
        assert_eq!(base["apps"]["a"]["token_lifetime"].as_str(), Some("1h"));
    }

    #[test]
    fn refuses_unknown_names_and_shared_settings() {
        let mut base = table("[apps.a]\nkind = \"web_app\"\n[simulation]\nseed = 1");
        let err = apply(&mut base, &table("apps.b.kind = \"web_app\"")).unwrap_err();
        assert!(
            err.message.contains("`apps.b` does not exist"),
            "{}",
            err.message
        );
        assert!(err.message.contains("choices here are: a"));
        let err = apply(&mut base, &table("simulation.seed = 2")).unwrap_err();
        assert!(err.message.contains("shared by every variant"));
        assert!(apply(&mut base, &table("nonsense.x = 2")).is_err());
    }
}
