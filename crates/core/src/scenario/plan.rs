//! A run's plan: the resolved base scenario and every variant derived from it, the
//! baseline first, then each `[[variant]]`, then every combination of the swept axes.

use super::complete::{complete, complete_except};
use super::limits::MAX_VARIANTS;
use super::overrides::{self, leaves};
use super::path::{FieldPath, Problem};
use super::sample_users;
use super::sweep::{self, Axis};
use super::validate::validate;
use super::{Crl, Scenario};
use crate::error::{Error, Located};
use std::collections::BTreeSet;
use std::path::PathBuf;
use toml::{Table, Value};

#[derive(Debug, Clone)]
pub struct RunPlan {
    pub file: PathBuf,
    /// The base scenario with every default filled in (what `scenario.resolved.toml`
    /// holds), save those that depend on a key some variant sets.
    pub resolved: Scenario,
    /// The base as written, defaults filled in but not those that depend on another key.
    written: Scenario,
    pub variants: Vec<NamedScenario>,
    /// Swept parameters, from `[sweep]` and `--set`: each becomes a column of the outputs.
    pub axes: Vec<Axis>,
    /// What the file's base scenario does that is valid but almost surely not meant.
    pub warnings: Vec<Located>,
    /// The file's leading comment block (`load::header`): the question and its
    /// assumptions in the author's words, carried into the run folder.
    pub header: Vec<String>,
    /// The base as the file wrote it, defaults filled in but not those that depend
    /// on another key: what variants override.
    base: Table,
    /// How many variants (baseline included) the file declared before the sweep's grid.
    declared: usize,
}

#[derive(Debug, Clone)]
pub struct NamedScenario {
    pub name: String,
    pub scenario: Scenario,
}

/// A problem with where the file wrote it: `at` is where `problem.path` starts
/// (a variant's `set`, the `[sweep]` table, or the top of the file).
#[derive(Debug, Clone)]
pub struct PlanProblem {
    pub variant: Option<String>,
    pub at: FieldPath,
    pub problem: Problem,
}

impl PlanProblem {
    pub fn top(problem: Problem) -> Self {
        PlanProblem {
            variant: None,
            at: FieldPath::root(),
            problem,
        }
    }
}

impl RunPlan {
    /// The plan of a file's parsed table, with the warnings of its base scenario
    /// and those its variants add.
    pub fn new(file: PathBuf, raw: Table) -> Result<(RunPlan, Vec<PlanProblem>), PlanProblem> {
        let root = FieldPath::root();
        let written = typed(Value::Table(raw)).map_err(PlanProblem::top)?;
        let base_warnings = validate(&written).map_err(PlanProblem::top)?;
        let everyone = written.users();
        sample_users::check(&written, everyone).map_err(PlanProblem::top)?;
        let mut warnings: Vec<PlanProblem> = base_warnings
            .iter()
            .cloned()
            .map(PlanProblem::top)
            .collect();
        // A variant's warning the base has already is said once, found in a set:
        // a scenario may hold thousands.
        let said: BTreeSet<(&FieldPath, &str)> = base_warnings
            .iter()
            .map(|b| (&b.path, b.message.as_str()))
            .collect();
        let mut variant_warnings = |name: &str, at: FieldPath, found: Vec<Problem>| {
            let new = found
                .into_iter()
                .filter(|w| !said.contains(&(&w.path, w.message.as_str())));
            warnings.extend(new.map(|problem| PlanProblem {
                variant: Some(name.to_string()),
                at: at.clone(),
                problem,
            }));
        };
        let mut base = Table::try_from(&written).expect("a scenario always serializes");
        base.remove("variant");
        base.remove("sweep");
        let mut variants = vec![NamedScenario {
            name: "baseline".to_string(),
            scenario: complete(typed(Value::Table(base.clone())).map_err(PlanProblem::top)?),
        }];
        for (i, v) in written.variant.iter().enumerate() {
            let at = root.key("variant").index(i).key("set");
            let (scenario, found) =
                derive(&base, &v.set, everyone).map_err(|problem| PlanProblem {
                    variant: Some(v.name.clone()),
                    at: at.clone(),
                    problem,
                })?;
            variant_warnings(&v.name, at, found);
            variants.push(NamedScenario {
                name: v.name.clone(),
                scenario,
            });
        }
        let axes = sweep::axes_of(&written.sweep).map_err(PlanProblem::top)?;
        let mut plan = RunPlan {
            file,
            declared: variants.len(),
            resolved: written.clone(),
            written,
            variants,
            axes: Vec::new(),
            warnings: Vec::new(),
            header: Vec::new(),
            base,
        };
        let grid_warnings = plan.sweep(axes).map_err(|(name, problem)| PlanProblem {
            variant: Some(name),
            at: root.key("sweep"),
            problem,
        })?;
        for (name, found) in grid_warnings {
            variant_warnings(&name, root.key("sweep"), vec![found]);
        }
        warnings.extend(plan.unused_components().map(PlanProblem::top));
        plan.resolve();
        Ok((plan, warnings))
    }

    /// Sweeps `axes` (a path given again replaces the earlier one): the grid of every
    /// combination replaces any earlier grid, after the declared variants. Returns
    /// the grid's variants' warnings.
    fn sweep(&mut self, axes: Vec<Axis>) -> Result<Vec<(String, Problem)>, (String, Problem)> {
        for axis in axes {
            self.axes.retain(|a| a.path != axis.path);
            self.axes.push(axis);
        }
        self.variants.truncate(self.declared);
        let combinations = match self.axes.is_empty() {
            true => 0,
            false => self
                .axes
                .iter()
                .fold(1usize, |n, a| n.saturating_mul(a.values.len())),
        };
        if self.declared.saturating_add(combinations) > MAX_VARIANTS {
            let problem = Problem::new(
                FieldPath::root(),
                format!(
                    "the sweep grid has {combinations} combinations; a run holds at most {MAX_VARIANTS} variants"
                ),
            );
            return Err(("the whole grid".to_string(), problem));
        }
        let mut warnings = Vec::new();
        let everyone = self.variants[0].scenario.users();
        for (name, set) in sweep::grid(&self.axes) {
            if let Some(why) = super::limits::bad_name(&name, super::limits::MAX_NAME) {
                let problem = Problem::new(FieldPath::root(), format!("this variant's name {why}"));
                return Err((name, problem));
            }
            if self.variants.iter().any(|v| v.name == name) {
                let problem = Problem::new(FieldPath::root(), "two variants have this name");
                return Err((name, problem));
            }
            let (scenario, found) =
                derive(&self.base, &set, everyone).map_err(|p| (name.clone(), p))?;
            warnings.extend(found.into_iter().map(|w| (name.clone(), w)));
            self.variants.push(NamedScenario { name, scenario });
        }
        Ok(warnings)
    }

    /// Adds command-line `--set` axes to the sweep. Values are checked in combination
    /// (`needed=1` may make `instances=1` valid); a problem one value has on its own
    /// is reported with the `--set` that gave it.
    pub fn sweep_command_line(&mut self, axes: Vec<Axis>) -> Result<(), Error> {
        let axes = sweep::merge_repeated(axes)
            .map_err(|r| Error::Usage(format!("--set {}: {r}", r.path)))?;
        let result = self.sweep(axes.clone());
        let everyone = self.variants[0].scenario.users();
        let alone = |problem: &Problem| {
            axes.iter().find_map(|axis| {
                axis.values.iter().find_map(|v| {
                    let set = Table::from_iter([(axis.path.clone(), v.clone())]);
                    let p = derive(&self.base, &set, everyone).err()?;
                    (p.to_string() == problem.to_string())
                        .then(|| format!("--set {}={}: {p}", axis.path, sweep::display(v)))
                })
            })
        };
        let found = match result {
            Ok(found) => found,
            Err((name, p)) => {
                let message = alone(&p).unwrap_or(format!("in sweep variant \"{name}\": {p}"));
                return Err(Error::Usage(message));
            }
        };
        for (name, problem) in found {
            let warning = Located {
                file: self.file.clone(),
                at: None,
                message: format!("in sweep variant \"{name}\": {problem}"),
            };
            if !self
                .warnings
                .iter()
                .any(|w| w.message.ends_with(&problem.to_string()))
            {
                self.warnings.push(warning);
            }
        }
        // The resolved scenario records the whole grid, so it reproduces the run alone.
        self.written.sweep = self
            .axes
            .iter()
            .map(|a| (a.path.clone(), a.written()))
            .collect();
        self.resolve();
        Ok(())
    }

    /// The resolved scenario from the written one: dependent defaults filled in
    /// except where a variant or the sweep changes what they depend on.
    fn resolve(&mut self) {
        let variants = self.written.variant.iter().flat_map(|v| leaves(&v.set));
        let axes = self
            .axes
            .iter()
            .map(|a| a.path.split('.').map(String::from).collect());
        let touched: Vec<Vec<String>> = variants.chain(axes).collect();
        self.resolved = complete_except(self.written.clone(), &touched);
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

    /// Command-line `--seed` / `--replications` win over the file, and the resolved
    /// scenario records what was actually run.
    pub fn set_simulation(&mut self, seed: Option<u64>, replications: Option<u32>) {
        let scenarios = [&mut self.resolved, &mut self.written]
            .into_iter()
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

    /// The file's stem, for titles and run folder names (`stdin` for a scenario
    /// read from standard input, which messages call `<stdin>`).
    pub fn name(&self) -> String {
        self.file.file_stem().map_or("scenario".into(), |s| {
            s.to_string_lossy().trim_matches(['<', '>']).to_string()
        })
    }

    /// Components no variant's access needs change nothing: most likely a typo
    /// or a leftover. The model leaves them out.
    fn unused_components(&self) -> Option<Problem> {
        let used: BTreeSet<&str> = self
            .variants
            .iter()
            .flat_map(|v| v.scenario.used_components())
            .collect();
        let unused: Vec<&str> = self
            .resolved
            .components
            .keys()
            .map(String::as_str)
            .filter(|c| !used.contains(c))
            .collect();
        let first = unused.first()?;
        let message = match unused.len() {
            1 => format!(
                "component `{first}` is required by no method, app, cohort, token request or backup service: it changes nothing"
            ),
            n => format!(
                "{n} components are required by no method, app, cohort, token request or backup service, so they change nothing: {}{}",
                unused
                    .iter()
                    .take(5)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                if n > 5 { ", ..." } else { "" }
            ),
        };
        Some(Problem::new(
            FieldPath::root().key("components").key(first),
            message,
        ))
    }
}

impl Scenario {
    /// Every component some path of an access needs.
    pub fn used_components(&self) -> BTreeSet<&str> {
        let p = &self.policy;
        let backup = p.backup_authentication.then_some(&p.backup_requires);
        let cohorts = self.cohorts.values().flat_map(|c| {
            c.requires
                .iter()
                .chain(&c.token_requests_require)
                .chain(&c.sign_in_requires)
        });
        let keys = self
            .apps
            .values()
            .filter_map(|a| a.signing_keys.as_ref())
            .flat_map(|k| &k.metadata_requires);
        p.token_requests_require
            .iter()
            .chain(backup.into_iter().flatten())
            .chain(self.methods.values().flat_map(|m| &m.requires))
            .chain(
                self.methods
                    .values()
                    .flat_map(|m| m.crl.iter().flat_map(Crl::needs)),
            )
            .chain(self.apps.values().flat_map(|a| &a.requires))
            .chain(cohorts)
            .chain(self.contingency.values().flat_map(|c| &c.when_down))
            .chain(keys)
            .map(String::as_str)
            .collect()
    }
}

/// The base with `set` applied, read back, checked and completed, with its
/// warnings; `everyone`, the base's users, whose sample every variant plays.
fn derive(base: &Table, set: &Table, everyone: u64) -> Result<(Scenario, Vec<Problem>), Problem> {
    let mut table = base.clone();
    overrides::apply(&mut table, set)?;
    let scenario = typed(Value::Table(table))?;
    let warnings = validate(&scenario)?;
    sample_users::check(&scenario, everyone)?;
    Ok((complete(scenario), warnings))
}

/// The scenario `value` holds, its replays of incidents placed.
fn typed(value: Value) -> Result<Scenario, Problem> {
    super::expected::typed(value).map(Scenario::place_replays)
}
