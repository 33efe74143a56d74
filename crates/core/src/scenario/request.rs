//! What a run was asked for: the scenario's text as read, and the command line's
//! changes to it. A folder records it, so the run can be resumed or its shards
//! merged on another machine, even after the file was edited or moved.

use super::load::{load_str, place};
use super::plan::RunPlan;
use super::sweep;
use super::warnings;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The scenario as named on the command line: outputs name it so.
    pub file: PathBuf,
    /// Its text when read.
    pub source: String,
    /// `--set PATH=VALUES`, as written.
    pub sets: Vec<String>,
    pub seed: Option<u64>,
    pub replications: Option<u32>,
}

impl Request {
    /// The run plan: the scenario with the command line's seed, replications and sweep.
    pub fn plan(&self) -> Result<RunPlan, Error> {
        let mut plan = load_str(&self.source, &self.file)?;
        if let Some(r) = self.replications
            && r < 2
        {
            return Err(Error::Usage(format!(
                "--replications {r}: at least 2 are needed for a confidence interval"
            )));
        }
        let axes = self
            .sets
            .iter()
            .map(|s| sweep::parse_set(s).map_err(Error::Usage))
            .collect::<Result<Vec<_>, _>>()?;
        if !axes.is_empty() {
            plan.sweep_command_line(axes.clone())?;
        }
        // After the grid: its variants are derived from the file's base, and
        // play with the seed and replications given here, as every other does.
        plan.set_simulation(self.seed, self.replications);
        let degenerate = warnings::degenerate(&plan, &axes);
        plan.warnings
            .extend(place(&self.source, &self.file, degenerate));
        Ok(plan)
    }
}
