//! Reads a scenario file, fills in defaults and derives one scenario per variant.

use super::Scenario;
use super::overrides;
use super::path::{FieldPath, Problem};
use super::source_map::SourceMap;
use super::validate::validate;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// A checked scenario and its variants, the baseline first.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: PathBuf,
    /// The base scenario with every default filled in (what `scenario.resolved.toml` holds).
    pub resolved: Scenario,
    pub variants: Vec<NamedScenario>,
}

#[derive(Debug, Clone)]
pub struct NamedScenario {
    pub name: String,
    pub scenario: Scenario,
}

pub fn load(file: &Path) -> Result<Loaded, Error> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    load_str(&text, file)
}

/// `file` only names the source in messages.
pub fn load_str(text: &str, file: &Path) -> Result<Loaded, Error> {
    let map = SourceMap::parse(text).map_err(|(at, message)| Error::Scenario {
        file: file.to_path_buf(),
        at,
        message,
    })?;
    let fail = |base: &FieldPath, p: Problem| Error::Scenario {
        file: file.to_path_buf(),
        at: map.locate(&base.join(&p.path)),
        message: if p.path.0.is_empty() {
            p.message
        } else {
            format!("{}: {}", p.path, p.message)
        },
    };
    let root = FieldPath::root();
    let raw: toml::Table =
        toml::from_str(text).map_err(|e| fail(&root, Problem::new(root.clone(), e.message())))?;
    let resolved = typed(toml::Value::Table(raw)).map_err(|p| fail(&root, p))?;
    validate(&resolved).map_err(|p| fail(&root, p))?;

    let mut base = toml::Table::try_from(&resolved).expect("a scenario always serializes");
    base.remove("variant");
    let mut variants = vec![NamedScenario {
        name: "baseline".to_string(),
        scenario: Scenario {
            variant: Vec::new(),
            ..resolved.clone()
        },
    }];
    for (i, v) in resolved.variant.iter().enumerate() {
        let at = root.key("variant").index(i).key("set");
        let in_variant = |p: Problem| {
            let mut e = fail(&at, p);
            if let Error::Scenario { message, .. } = &mut e {
                *message = format!("in variant \"{}\": {message}", v.name);
            }
            e
        };
        let mut table = base.clone();
        overrides::apply(&mut table, &v.set).map_err(in_variant)?;
        let scenario = typed(toml::Value::Table(table)).map_err(in_variant)?;
        validate(&scenario).map_err(in_variant)?;
        variants.push(NamedScenario {
            name: v.name.clone(),
            scenario,
        });
    }
    Ok(Loaded {
        file: file.to_path_buf(),
        resolved,
        variants,
    })
}

fn typed(value: toml::Value) -> Result<Scenario, Problem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = FieldPath::from_serde(e.path());
        Problem::new(path, e.into_inner().message().to_string())
    })
}

impl Loaded {
    /// The resolved scenario as TOML, enough to reproduce the run.
    pub fn resolved_toml(&self) -> String {
        toml::to_string_pretty(&self.resolved).expect("a scenario always serializes")
    }
}

impl Loaded {
    /// Command-line `--seed` / `--replications` win over the file, and the resolved
    /// scenario records what was actually run.
    pub fn set_simulation(&mut self, seed: Option<u64>, replications: Option<u32>) {
        let scenarios = std::iter::once(&mut self.resolved)
            .chain(self.variants.iter_mut().map(|v| &mut v.scenario));
        for s in scenarios {
            s.simulation.seed = seed.unwrap_or(s.simulation.seed);
            s.simulation.replications = replications.unwrap_or(s.simulation.replications);
        }
    }

    pub fn seed(&self) -> u64 {
        self.resolved.simulation.seed
    }

    pub fn replications(&self) -> u32 {
        self.resolved.simulation.replications
    }

    /// Users x horizon in days x variants x replications.
    pub fn user_days(&self) -> f64 {
        let per_replication: f64 = self
            .variants
            .iter()
            .map(|v| {
                let users: f64 = v
                    .scenario
                    .cohorts
                    .values()
                    .map(|c| f64::from(c.users))
                    .sum();
                users * v.scenario.simulation.horizon.0 / crate::scenario::duration::DAY
            })
            .sum();
        per_replication * f64::from(self.replications())
    }

    /// Scheduled access attempts expected over all variants and replications.
    pub fn expected_attempts(&self) -> f64 {
        let per_replication: f64 = self
            .variants
            .iter()
            .flat_map(|v| {
                let weeks = v.scenario.simulation.horizon.0 / crate::scenario::duration::WEEK;
                v.scenario.cohorts.values().map(move |c| {
                    let working_hours = crate::model::activity::WorkingWeek::new(&c.activity)
                        .active_per_week()
                        / 3600.0;
                    f64::from(c.users)
                        * c.apps.len() as f64
                        * c.activity.attempts_per_hour
                        * working_hours
                        * weeks
                })
            })
            .sum();
        per_replication * f64::from(self.replications())
    }

    /// The file's stem, for titles and run folder names.
    pub fn name(&self) -> String {
        self.file
            .file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy().into_owned())
    }
}
