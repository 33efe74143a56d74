//! Reads a scenario file, fills in defaults and derives one scenario per variant.

use super::Scenario;
use super::overrides;
use super::path::{FieldPath, Problem};
use super::source_map::SourceMap;
use super::sweep::{self, Axis};
use super::validate::validate;
use crate::error::Error;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// A checked scenario and its variants: the baseline, then each `[[variant]]`, then
/// every combination of the swept axes.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: PathBuf,
    /// The base scenario with every default filled in (what `scenario.resolved.toml` holds).
    pub resolved: Scenario,
    pub variants: Vec<NamedScenario>,
    /// Swept parameters, from `[sweep]` and `--set`: each becomes a column of the outputs.
    pub axes: Vec<Axis>,
    /// The resolved base as a table without the run-level sections: what variants override.
    base: Table,
    /// How many variants (baseline included) the file declared before the sweep's grid.
    declared: usize,
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
    let in_variant = |base: &FieldPath, name: &str, p: Problem| {
        let mut e = fail(base, p);
        if let Error::Scenario { message, .. } = &mut e {
            *message = format!("in variant \"{name}\": {message}");
        }
        e
    };
    let root = FieldPath::root();
    let raw: Table =
        toml::from_str(text).map_err(|e| fail(&root, Problem::new(root.clone(), e.message())))?;
    let resolved = typed(Value::Table(raw)).map_err(|p| fail(&root, p))?;
    validate(&resolved).map_err(|p| fail(&root, p))?;

    let mut base = Table::try_from(&resolved).expect("a scenario always serializes");
    base.remove("variant");
    base.remove("sweep");
    let mut variants = vec![NamedScenario {
        name: "baseline".to_string(),
        scenario: typed(Value::Table(base.clone())).expect("the resolved base reads back"),
    }];
    for (i, v) in resolved.variant.iter().enumerate() {
        let at = root.key("variant").index(i).key("set");
        let scenario = derive(&base, &v.set).map_err(|p| in_variant(&at, &v.name, p))?;
        variants.push(NamedScenario {
            name: v.name.clone(),
            scenario,
        });
    }
    let axes = sweep::axes_of(&resolved.sweep).map_err(|p| fail(&root, p))?;
    let mut loaded = Loaded {
        file: file.to_path_buf(),
        declared: variants.len(),
        resolved,
        variants,
        axes: Vec::new(),
        base,
    };
    let at = root.key("sweep");
    loaded
        .sweep(axes)
        .map_err(|(name, p)| in_variant(&at, &name, p))?;
    Ok(loaded)
}

/// The base with `set` applied, read back and checked.
fn derive(base: &Table, set: &Table) -> Result<Scenario, Problem> {
    let mut table = base.clone();
    overrides::apply(&mut table, set)?;
    let scenario = typed(Value::Table(table))?;
    validate(&scenario)?;
    Ok(scenario)
}

fn typed(value: Value) -> Result<Scenario, Problem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = FieldPath::from_serde(e.path());
        Problem::new(path, e.into_inner().message().to_string())
    })
}

impl Loaded {
    /// Sweeps `axes` (a path given again replaces the earlier one): the grid of every
    /// combination replaces any earlier grid, after the declared variants.
    fn sweep(&mut self, axes: Vec<Axis>) -> Result<(), (String, Problem)> {
        for axis in axes {
            self.axes.retain(|a| a.path != axis.path);
            self.axes.push(axis);
        }
        self.variants.truncate(self.declared);
        for (name, set) in sweep::grid(&self.axes) {
            if self.variants.iter().any(|v| v.name == name) {
                let problem = Problem::new(FieldPath::root(), "two variants have this name");
                return Err((name, problem));
            }
            let scenario = derive(&self.base, &set).map_err(|p| (name.clone(), p))?;
            self.variants.push(NamedScenario { name, scenario });
        }
        Ok(())
    }

    /// Adds command-line `--set` axes to the sweep. Each value is checked on its own
    /// first, so a bad one is reported with the `--set` that gave it.
    pub fn sweep_command_line(&mut self, axes: Vec<Axis>) -> Result<(), Error> {
        for axis in &axes {
            for v in &axis.values {
                let set = Table::from_iter([(axis.path.clone(), v.clone())]);
                derive(&self.base, &set).map_err(|p| {
                    Error::Usage(format!(
                        "--set {}={}: {}{}",
                        axis.path,
                        sweep::display(v),
                        if p.path.0.is_empty() {
                            String::new()
                        } else {
                            format!("{}: ", p.path)
                        },
                        p.message
                    ))
                })?;
            }
        }
        self.sweep(axes).map_err(|(name, p)| {
            Error::Usage(format!(
                "in sweep variant \"{name}\": {}: {}",
                p.path, p.message
            ))
        })?;
        // The resolved scenario records the whole grid, so it reproduces the run alone.
        self.resolved.sweep = self
            .axes
            .iter()
            .map(|a| (a.path.clone(), Value::Array(a.values.clone())))
            .collect();
        Ok(())
    }

    /// Each swept path with its value in every variant, as written on the command line.
    pub fn parameters(&self) -> Vec<(String, Vec<String>)> {
        let tables: Vec<Table> = self
            .variants
            .iter()
            .map(|v| Table::try_from(&v.scenario).expect("a scenario always serializes"))
            .collect();
        self.axes
            .iter()
            .map(|axis| {
                let values = tables
                    .iter()
                    .map(|t| sweep::lookup(t, &axis.path).map_or(String::new(), sweep::display))
                    .collect();
                (axis.path.clone(), values)
            })
            .collect()
    }

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

    /// Users x horizon in days x variants, in one replication.
    pub fn user_days_per_replication(&self) -> f64 {
        self.variants
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
            .sum()
    }

    /// Scheduled access attempts expected over all variants, in one replication.
    pub fn attempts_per_replication(&self) -> f64 {
        self.variants
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
            .sum()
    }

    /// The file's stem, for titles and run folder names.
    pub fn name(&self) -> String {
        self.file
            .file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy().into_owned())
    }
}
