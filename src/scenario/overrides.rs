//! Applies a variant's overrides (`set.policy.access_token_lifetime = "8h"`) to the
//! resolved base scenario, so every default can be overridden by its dotted path.

use super::path::{FieldPath, Problem};
use toml::{Table, Value};

/// Top-level sections that belong to the run, not to one variant.
const SHARED: [&str; 3] = ["simulation", "variant", "sweep"];

/// Sections whose keys are names the planner chose: a variant may change an entry, not invent one.
const NAMED: [&str; 5] = ["components", "common_cause", "methods", "apps", "cohorts"];

/// Merges `set` into `target`: tables merge key by key, anything else replaces.
pub fn apply(target: &mut Table, set: &Table) -> Result<(), Problem> {
    merge(target, set, &FieldPath::root())
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
        return Err(missing(
            &path,
            &format!("does not exist; the choices here are: {}", known.join(", ")),
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
