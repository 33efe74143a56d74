//! What a run leaves out of its tables: the metrics its scenario does not model
//! (zero by construction), and those it models that its sample of users
//! cannot estimate (unknown).

use super::RunFolder;
use authsim_core::model;
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::scenario;
use authsim_export::RESOLVED_SCENARIO;
use authsim_export::records::SummaryDocument;
use std::path::Path;

/// A folder written before `summary.json` listed `sampled_away` (0.10.0 and
/// 0.10.1) left those metrics out of `modelled` alone: its resolved scenario
/// tells them apart from the metrics it does not model.
pub fn sampled_away_before_the_list(path: &Path, summary: &mut SummaryDocument) {
    if !summary.sampled_away.is_empty() || summary.modelled.is_empty() {
        return;
    }
    let Ok(plan) = scenario::load(&path.join(RESOLVED_SCENARIO)) else {
        return;
    };
    let worlds = model::worlds(&plan);
    summary.sampled_away = Metric::ALL
        .into_iter()
        .filter(|m| !summary.modelled.contains(m) && worlds.iter().any(|w| m.sampled_away(w)))
        .collect();
}

impl RunFolder {
    /// The metrics the run does not show: those its scenario does not model,
    /// and those its sample of users cannot estimate.
    pub fn left_out(&self) -> (Vec<Metric>, Vec<Metric>) {
        Metric::ALL
            .into_iter()
            .filter(|&m| !self.models(m))
            .partition(|m| !self.summary.sampled_away.contains(m))
    }
}
