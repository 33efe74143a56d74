//! scenario.resolved.toml: the scenario with every default filled in, the seed and
//! replications used and the whole sweep grid: enough to reproduce the run.

use super::{Exporter, Outputs, RESOLVED_SCENARIO};
use crate::montecarlo::precision::Stopping;
use crate::scenario::RunPlan;
use std::io::Write;

pub struct ResolvedScenario;

impl Exporter for ResolvedScenario {
    fn file(&self) -> &'static str {
        RESOLVED_SCENARIO
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(outputs.resolved.as_bytes())
    }
}

pub fn text(plan: &RunPlan, stopping: Option<&Stopping>) -> String {
    let mut text = format!(
        "# {}, resolved by authsim {}: every default filled in.\n",
        plan.file.display(),
        crate::VERSION_AND_BUILD
    );
    if let Some(s) = stopping {
        text += &format!(
            "# --precision {} stopped after {} replications.\n",
            s.target, s.replications
        );
    }
    text + &plan.resolved_toml()
}
