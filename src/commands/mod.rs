//! What each subcommand does, between the argument parser and the library.

pub mod bench;
pub mod compare;
mod folder;
pub mod run;

use crate::error::Error;
use crate::scenario::{self, Loaded, sweep};
use std::path::{Path, PathBuf};

/// The scenario `authsim run` uses when given none, built into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/token-service-outage.toml");
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/token-service-outage.toml";

/// Simulated user-days above which a run needs `--force`.
pub const MAX_USER_DAYS: f64 = 1e9;
/// Expected access attempts above which a run needs `--force`: about 20 minutes on 2 cores.
pub const MAX_ATTEMPTS: f64 = 1e11;

/// Settings shared by every command that simulates.
#[derive(Debug, Clone, Default)]
pub struct SimulationArgs {
    pub scenario: Option<PathBuf>,
    pub seed: Option<u64>,
    pub replications: Option<u32>,
    pub threads: Option<usize>,
    pub force: bool,
    /// `--set PATH=V1,V2,...`: axes of a sweep.
    pub sets: Vec<String>,
}

impl SimulationArgs {
    /// Loads the scenario (or the bundled default), applies `--seed`, `--replications`
    /// and `--set`, and refuses absurd sizes.
    pub fn load(&self) -> Result<Loaded, Error> {
        let mut loaded = match &self.scenario {
            Some(path) => scenario::load(path)?,
            None => scenario::load_str(DEFAULT_SCENARIO, Path::new(DEFAULT_SCENARIO_NAME))?,
        };
        if let Some(r) = self.replications
            && r < 2
        {
            return Err(Error::Usage(format!(
                "--replications {r}: at least 2 are needed for a confidence interval"
            )));
        }
        loaded.set_simulation(self.seed, self.replications);
        let axes = self
            .sets
            .iter()
            .map(|s| sweep::parse_set(s).map_err(Error::Usage))
            .collect::<Result<Vec<_>, _>>()?;
        if !axes.is_empty() {
            loaded.sweep_command_line(axes)?;
        }
        self.check_size(&loaded, loaded.replications())?;
        Ok(loaded)
    }

    /// Refuses runs above `MAX_USER_DAYS` or `MAX_ATTEMPTS` unless forced.
    pub fn check_size(&self, loaded: &Loaded, replications: u32) -> Result<(), Error> {
        let n = f64::from(replications);
        let (user_days, attempts) = (
            loaded.user_days_per_replication() * n,
            loaded.attempts_per_replication() * n,
        );
        if (user_days > MAX_USER_DAYS || attempts > MAX_ATTEMPTS) && !self.force {
            return Err(Error::Scenario {
                file: loaded.file.clone(),
                at: None,
                message: format!(
                    "this run would simulate {user_days:.2e} user-days and about {attempts:.2e} access attempts \
                     (over all variants and replications), more than the {MAX_USER_DAYS:.0e} user-days or \
                     {MAX_ATTEMPTS:.0e} attempts allowed without --force; shrink the scenario or pass --force"
                ),
            });
        }
        Ok(())
    }

    /// Runs `job` on a pool of `--threads` workers (all cores when not given).
    pub fn in_pool<T: Send>(&self, job: impl FnOnce() -> T + Send) -> Result<T, Error> {
        if self.threads == Some(0) {
            return Err(Error::Usage("--threads must be at least 1".to_string()));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads.unwrap_or(0))
            .build()
            .map_err(|e| {
                Error::Usage(format!(
                    "cannot start {} worker threads: {e}",
                    self.threads.unwrap_or(0)
                ))
            })?;
        Ok(pool.install(job))
    }
}
