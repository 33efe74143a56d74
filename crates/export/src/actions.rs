//! actions.csv: per variant, each fallback switch and contingency rule, the time
//! from each incident's start to it taking effect (`time_to_act`), a mean over
//! the replications that acted on one with its 95% half-width, and the share of
//! incidents never acted on before they ended.

use super::records::{Parameters, Row};
use super::{ACTIONS_CSV, Exporter, Outputs, long_csv};
use authsim_core::montecarlo::RunResult;
use authsim_core::montecarlo::actions::{self, ActionResult};
use authsim_core::montecarlo::slices::ALL;
use authsim_core::scenario::RunPlan;
use serde::{Deserialize, Serialize};
use std::io::Write;

pub struct ActionsCsv;

impl Exporter for ActionsCsv {
    fn file(&self) -> &'static str {
        ACTIONS_CSV
    }
    fn applies(&self, outputs: &Outputs) -> bool {
        !outputs.actions.is_empty()
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        long_csv::write(out, &outputs.parameters, &outputs.actions)
    }
}

/// One switch or rule of one variant (the whole population's row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    /// `fallback` or `contingency`.
    pub kind: String,
    /// The switch's or rule's name.
    #[serde(serialize_with = "super::cells::text")]
    pub name: String,
    /// The cohorts that sign in to act, space-separated; empty where it acts
    /// without anyone signing in.
    #[serde(serialize_with = "super::cells::text")]
    pub acted_by: String,
    /// Outages of what it watches that started after the warm-up, per replication.
    pub incidents_per_replication: f64,
    /// Hours from an incident's start to the switch or rule taking effect, over
    /// the incidents acted on; empty where none was.
    pub time_to_act_hours: Option<f64>,
    pub time_to_act_hours_ci95: Option<f64>,
    /// Replications with an incident acted on: the interval's sample.
    pub acted_replications: u32,
    /// Of all incidents, those over before it took effect; empty where there was none.
    pub never_share: Option<f64>,
    pub replications: u32,
    pub seed: u64,
}

/// Every switch's and rule's row; none where no variant has either.
pub fn rows(
    plan: &RunPlan,
    result: &RunResult,
    parameters: &[Parameters],
) -> Vec<Row<ActionRecord>> {
    let has = |v: &authsim_core::scenario::NamedScenario| {
        !v.scenario.fallback.is_empty() || !v.scenario.contingency.is_empty()
    };
    if !plan.variants.iter().any(has) {
        return Vec::new();
    }
    let worlds = authsim_core::model::worlds(plan);
    actions::measure(&worlds, result.seed, result.replications)
        .iter()
        .map(|a| {
            let v = worlds.iter().position(|w| w.variant == a.variant);
            row(
                a,
                result,
                parameters[v.expect("a variant of the run")].clone(),
            )
        })
        .collect()
}

fn row(a: &ActionResult, result: &RunResult, parameters: Parameters) -> Row<ActionRecord> {
    let time = a.time_to_act_hours();
    Row {
        variant: a.variant.clone(),
        parameters,
        cohort: ALL.to_string(),
        app: ALL.to_string(),
        fields: ActionRecord {
            kind: a.kind.to_string(),
            name: a.name.clone(),
            acted_by: a.acted_by.join(" "),
            incidents_per_replication: a.incidents_per_replication(),
            time_to_act_hours: time.map(|e| e.mean),
            // One replication's value has no interval.
            time_to_act_hours_ci95: time.filter(|e| e.n > 1).map(|e| e.ci95()),
            acted_replications: time.map_or(0, |e| e.n as u32),
            never_share: a.never_share(),
            replications: result.replications,
            seed: result.seed,
        },
    }
}
