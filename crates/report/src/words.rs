//! Scenario settings as the planner writes them in the scenario file: `mfa =
//! "every_sign_in"`, `kind = "public_client"`, `3h07m`, and overrides as
//! `set.policy.cae = true`.

use serde::Serialize;

/// A table's settings as `key = value` lines, nested tables inline.
pub fn settings<T: Serialize>(value: &T) -> Vec<String> {
    match toml::Value::try_from(value) {
        Ok(toml::Value::Table(table)) => table
            .iter()
            .filter(|(_, v)| !matches!(v, toml::Value::Array(a) if a.is_empty()))
            .map(|(k, v)| format!("{k} = {v}"))
            .collect(),
        _ => Vec::new(),
    }
}

/// Nested overrides flattened to the dotted lines a scenario file writes them as:
/// `{ set = { policy = { cae = true } } }` becomes `set.policy.cae = true`.
pub fn dotted(table: &toml::Table) -> Vec<String> {
    let mut lines = Vec::new();
    flatten("", table, &mut lines);
    lines
}

fn flatten(prefix: &str, table: &toml::Table, lines: &mut Vec<String>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&path, inner, lines),
            other => lines.push(format!("{path} = {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authsim_core::scenario::{AppKind, Mfa, duration::Lifetime};

    #[derive(Serialize)]
    struct Table {
        mfa: Mfa,
        kind: AppKind,
        lifetime: Lifetime,
        empty: Vec<String>,
    }

    #[test]
    fn values_read_as_the_scenario_file_writes_them() {
        let table = Table {
            mfa: Mfa::EverySignIn,
            kind: AppKind::PublicClient,
            lifetime: "3h07m".parse().unwrap(),
            empty: Vec::new(),
        };
        assert_eq!(
            settings(&table),
            [
                "kind = \"public_client\"",
                "lifetime = \"3h07m\"",
                "mfa = \"every_sign_in\""
            ]
        );
        let set: toml::Table = toml::from_str(
            "policy.cae = true\npolicy.access_token_lifetime = \"8h\"\napps.web.retry.jitter = false",
        )
        .unwrap();
        assert_eq!(
            dotted(&set),
            [
                "apps.web.retry.jitter = false",
                "policy.access_token_lifetime = \"8h\"",
                "policy.cae = true"
            ]
        );
    }
}
