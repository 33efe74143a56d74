//! A failure or repair law in a variant: one that names its `distribution`
//! replaces the base's whole table, since the base's parameters belong to the
//! old law (`exponential`'s `mean` means nothing to `fixed`); one that does not
//! keeps the base's law and changes the parameters it gives.

use super::{keys, lookup, table_at};
use crate::scenario::Distribution;
use crate::scenario::path::Problem;
use toml::{Table, Value};

/// Where a table is one law of a family its `distribution` names: a failure or
/// repair time of a component or a common-cause event.
fn is_law(path: &[&str]) -> bool {
    matches!(
        path,
        [
            "components" | "common_cause",
            _,
            "time_to_failure" | "time_to_repair"
        ]
    )
}

/// Readies the base's laws for `set`: a law `set` names is emptied, to be given
/// whole; a parameter `set` gives without naming the law must be one of the
/// base's law. Returns the laws `set` names.
pub(super) fn prepare_laws<'a>(
    target: &mut Table,
    written: &'a [Vec<String>],
) -> Result<Vec<Vec<&'a str>>, Problem> {
    let mut named = Vec::new();
    for path in written {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let [section, entry, law, key, ..] = path[..] else {
            continue;
        };
        // An entry the base lacks is for `merge` to refuse.
        let owner = table_at(target, &[section, entry]);
        let Some(owner) = owner.filter(|_| is_law(&path[..3])) else {
            continue;
        };
        if key == "distribution" {
            if owner.contains_key(law) {
                owner.insert(law.to_string(), Value::Table(Table::new()));
            }
            named.push(path[..3].to_vec());
        } else if !written
            .iter()
            .any(|w| w.get(3).is_some_and(|k| k == "distribution") && w[..3] == path[..3])
        {
            let base = owner.get(law).and_then(|v| v.get("distribution"));
            if let Some(message) = foreign(law, base.and_then(Value::as_str), key) {
                return Err(Problem::new(keys(&path[..4]), message));
            }
        }
    }
    Ok(named)
}

/// Why `key` cannot change the base's law of `law` (named `base`), if it cannot.
fn foreign(law: &str, base: Option<&str>, key: &str) -> Option<String> {
    let Some((name, parameters)) = base.and_then(Distribution::law) else {
        let every = Distribution::LAWS
            .map(|(name, parameters)| format!("{name}: {}", parameters.join(", ")));
        return Some(format!(
            "the base scenario has no `{law}` here to change: give the whole table, naming its `distribution` ({})",
            every.join("; ")
        ));
    };
    if parameters.contains(&key) {
        return None;
    }
    let what_to_do = match Distribution::LAWS.iter().find(|(_, p)| p.contains(&key)) {
        Some(&(other, its)) => format!(
            "to change the law, give the whole table, naming its `distribution`: {}",
            example(other, its)
        ),
        None => "give one of those, or a whole table naming another `distribution`".to_string(),
    };
    Some(format!(
        "`{key}` is not a parameter of the base's {name} law ({}): {what_to_do}",
        parameters.join(", ")
    ))
}

/// A law `set` named is whole: it holds every parameter of that law.
pub(super) fn check_whole(target: &Table, at: &[&str]) -> Result<(), Problem> {
    let Some(Value::Table(law)) = lookup(target, at) else {
        return Ok(());
    };
    let name = law.get("distribution").and_then(Value::as_str);
    // A law that is none is for the loader to refuse, with the choices.
    let Some((name, parameters)) = name.and_then(Distribution::law) else {
        return Ok(());
    };
    let missing: Vec<String> = parameters
        .iter()
        .filter(|p| !law.contains_key(**p))
        .map(|p| format!("`{p}`"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Problem::new(
        keys(at),
        format!(
            "a {name} law needs {}: a variant that names the `distribution` gives the whole law, none of the base's parameters kept: {}",
            missing.join(" and "),
            example(name, parameters)
        ),
    ))
}

/// A law as a scenario writes it, its values left to fill in.
fn example(name: &str, parameters: &[&str]) -> String {
    let parameters: String = parameters.iter().map(|p| format!(", {p} = ...")).collect();
    format!("{{ distribution = \"{name}\"{parameters} }}")
}

#[cfg(test)]
mod tests {
    use super::super::apply;
    use toml::Table;

    const BASE: &str = "[components.c]\ntime_to_failure = { distribution = \"exponential\", mean = \"30d\" }\ntime_to_repair = { distribution = \"weibull\", shape = 1.5, scale = \"2h\" }";

    fn applied(set: &str) -> Result<Table, String> {
        let mut base: Table = toml::from_str(BASE).unwrap();
        let set: Table = toml::from_str(set).unwrap();
        apply(&mut base, &set).map_err(|p| p.to_string())?;
        Ok(base["components"]["c"].as_table().unwrap().clone())
    }

    #[test]
    fn a_law_named_replaces_the_base_table_and_parameters_alone_keep_the_law() {
        let c =
            applied("components.c.time_to_failure = { distribution = \"fixed\", value = \"1d\" }")
                .unwrap();
        let fixed: Table = toml::from_str("distribution = \"fixed\"\nvalue = \"1d\"").unwrap();
        assert_eq!(c["time_to_failure"].as_table(), Some(&fixed));
        // Dotted keys given apart, as two `--set` axes are, make one law.
        let c = applied("\"components.c.time_to_repair.value\" = \"1h\"\n\"components.c.time_to_repair.distribution\" = \"fixed\"").unwrap();
        assert_eq!(c["time_to_repair"].as_table().unwrap().len(), 2);
        let c = applied("components.c.time_to_repair.scale = \"3h\"").unwrap();
        assert_eq!(c["time_to_repair"]["shape"].as_float(), Some(1.5));
        assert_eq!(c["time_to_repair"]["scale"].as_str(), Some("3h"));
    }

    #[test]
    fn what_a_law_lacks_or_does_not_take_is_said_with_what_to_write() {
        let err =
            applied("components.c.time_to_repair = { distribution = \"weibull\", shape = 2.0 }")
                .unwrap_err();
        assert!(
            err.starts_with("components.c.time_to_repair: a weibull law needs `scale`"),
            "{err}"
        );
        assert!(
            err.contains("{ distribution = \"weibull\", shape = ..., scale = ... }"),
            "{err}"
        );
        let err = applied("components.c.time_to_repair.median = \"1h\"").unwrap_err();
        assert!(
            err.contains("`median` is not a parameter of the base's weibull law (shape, scale)"),
            "{err}"
        );
        assert!(
            err.contains("{ distribution = \"lognormal\", median = ..., sigma = ... }"),
            "{err}"
        );
        let err = applied("components.c.time_to_repair.sclae = \"1h\"").unwrap_err();
        assert!(err.contains("give one of those"), "{err}");
        let mut bare: Table = toml::from_str("[common_cause.r]\ncomponents = []").unwrap();
        let set: Table = toml::from_str("common_cause.r.time_to_failure.mean = \"1d\"").unwrap();
        let err = apply(&mut bare, &set).unwrap_err().to_string();
        assert!(
            err.contains("has no `time_to_failure` here to change"),
            "{err}"
        );
        assert!(err.contains("fixed: value"), "{err}");
    }
}
