//! Simulated importance: the scenario rerun with each component made perfectly
//! reliable in turn, every rerun on the baseline's random numbers (a component's
//! failures come from a stream of its own), so each paired difference is what
//! that component alone costs.

use crate::error::TooComplex;
use crate::model::World;
use crate::model::schedule::Schedule;
use crate::montecarlo::metrics::Metric;
use crate::montecarlo::paired::PairedComparison;
use crate::scenario::limits::MAX_VARIANTS;
use serde::Serialize;

/// The metrics components are ranked by, the first deciding.
pub const RANKED_BY: [Metric; 2] = [Metric::LockoutHoursPer1kUsers, Metric::DenialRate];

/// The world with component `c` never down, not even by a common cause.
fn perfect(world: &World, c: usize) -> World {
    let mut w = world.clone();
    w.variant = format!("{} perfect", world.components[c].name);
    w.components[c].schedule = Schedule::never();
    for cc in &mut w.common_cause {
        cc.components.retain(|&x| x != c);
    }
    w
}

/// The world first, then one with each component perfect: as many as a run's
/// variants may be.
pub fn worlds(world: &World) -> Result<Vec<World>, TooComplex> {
    if world.components.len() + 1 > MAX_VARIANTS {
        return Err(TooComplex {
            variant: world.variant.clone(),
            at: "components".into(),
            message: format!(
                "--simulate reruns the scenario once for each of its {} components, at most {}: \
                 analyse without --simulate",
                world.components.len(),
                MAX_VARIANTS - 1
            ),
        });
    }
    let mut all = vec![world.clone()];
    all.extend((0..world.components.len()).map(|c| perfect(world, c)));
    Ok(all)
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ComponentImportance {
    pub component: String,
    pub metric: &'static str,
    /// Baseline minus the rerun: what making it perfect saves.
    pub reduction: f64,
    pub ci_half_width: f64,
    pub ci_level: f64,
    pub relative_reduction: Option<f64>,
}

/// The components by how much making each perfect cuts the first metric, then the second.
pub fn ranked(world: &World, comparison: &PairedComparison) -> Vec<ComponentImportance> {
    let mut rows: Vec<ComponentImportance> = Vec::new();
    for spec in &world.components {
        let variant = format!("{} perfect", spec.name);
        for metric in RANKED_BY {
            let Some(d) = comparison
                .rows
                .iter()
                .find(|r| r.variant == variant && r.metric == metric && r.is_whole())
            else {
                continue;
            };
            rows.push(ComponentImportance {
                component: spec.name.clone(),
                metric: metric.name(),
                reduction: -d.difference.mean,
                ci_half_width: d.half_width,
                ci_level: comparison.level,
                relative_reduction: d.relative_change().map(|r| -r),
            });
        }
    }
    let first = |c: &str| {
        rows.iter()
            .find(|r| r.component == c && r.metric == RANKED_BY[0].name())
            .map_or(0.0, |r| r.reduction)
    };
    let order: Vec<(String, f64)> = world
        .components
        .iter()
        .map(|s| (s.name.clone(), first(&s.name)))
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &ComponentImportance| {
            order
                .iter()
                .find(|o| o.0 == r.component)
                .map_or(0.0, |o| o.1)
        };
        key(b)
            .total_cmp(&key(a))
            .then(a.component.cmp(&b.component))
    });
    rows
}
