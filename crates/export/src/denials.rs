//! denials_by_component.csv: per variant and cause of denial (each component, then
//! the causes that are not one), the denied attempts it was down for and the
//! lockout hours its denials began, each a mean over replications with its 95%
//! half-width, and its share of the variant's totals.

use super::records::{CauseKind, CauseRecord, Parameters, Row};
use super::{DENIALS_BY_COMPONENT_CSV, Exporter, Outputs, long_csv};
use authsim_core::montecarlo::RunResult;
use authsim_core::montecarlo::causes::CauseSample;
use authsim_core::montecarlo::stats::Estimate;
use std::io::Write;

pub struct DenialsByComponentCsv;

impl Exporter for DenialsByComponentCsv {
    fn file(&self) -> &'static str {
        DENIALS_BY_COMPONENT_CSV
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        long_csv::write(out, &outputs.parameters, &outputs.denials_by_component)
    }
}

pub fn rows(result: &RunResult, parameters: &[Parameters]) -> Vec<Row<CauseRecord>> {
    let mut rows = Vec::new();
    for (v, parameters, slice) in super::slices(result, parameters) {
        let totals = slice.attribution.iter().map(|a| a.total);
        let total = estimates(totals.collect());
        for (i, cause) in v.causes.iter().enumerate() {
            let values = slice.attribution.iter().map(|a| a.by_cause[i]);
            let (denied, hours) = estimates(values.collect());
            rows.push(Row {
                variant: v.name.clone(),
                parameters: parameters.clone(),
                cohort: slice.cohort.clone(),
                app: slice.app.clone(),
                fields: CauseRecord {
                    component: cause.name.clone(),
                    kind: match cause.component {
                        true => CauseKind::Component,
                        false => CauseKind::NotAComponent,
                    },
                    denied_attempts: denied.mean,
                    denied_attempts_ci95: denied.ci95(),
                    denied_share: share(denied.mean, total.0.mean),
                    lockout_hours_per_1k_users: hours.mean,
                    lockout_hours_per_1k_users_ci95: hours.ci95(),
                    lockout_hours_share: share(hours.mean, total.1.mean),
                    replications: result.replications,
                    seed: result.seed,
                },
            });
        }
    }
    rows
}

/// The denied attempts and the lockout hours over replications.
fn estimates(samples: Vec<CauseSample>) -> (Estimate, Estimate) {
    let denied: Vec<f64> = samples.iter().map(|s| s.denied_attempts).collect();
    let hours: Vec<f64> = samples
        .iter()
        .map(|s| s.lockout_hours_per_1k_users)
        .collect();
    (
        Estimate::from_samples(&denied),
        Estimate::from_samples(&hours),
    )
}

/// A part of a total: zero of nothing.
fn share(part: f64, total: f64) -> f64 {
    if total > 0.0 { part / total } else { 0.0 }
}
