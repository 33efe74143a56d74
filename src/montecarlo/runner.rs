//! Runs every variant through the same replications (common random numbers).

use super::metrics::{BucketValues, METRICS, Metric, buckets};
use super::stats::Estimate;
use crate::engine::{Player, Replication, Tally, play_users};
use crate::model::World;
use crate::model::outages::Outages;
use crate::scenario::Loaded;
use crate::scenario::duration::DAY;
use rayon::prelude::*;

/// Users a worker plays in one go: small enough to spread over many cores,
/// large enough that the per-block setup does not show.
const BLOCK: u32 = 256;

#[derive(Debug, Clone)]
pub struct RunResult {
    pub seed: u64,
    pub replications: u32,
    pub variants: Vec<VariantResult>,
    /// Access attempts played, warm-up included, over every variant and replication.
    pub attempts_played: u64,
    /// Simulated user-days over every variant and replication.
    pub user_days: f64,
    pub bucket_seconds: f64,
    pub warmup: f64,
}

#[derive(Debug, Clone)]
pub struct VariantResult {
    pub name: String,
    /// Per replication, one value per metric in `METRICS` order.
    pub samples: Vec<[f64; METRICS.len()]>,
    /// Per replication, one entry per time bucket.
    pub series: Vec<Vec<BucketValues>>,
}

impl VariantResult {
    pub fn metric(&self, metric: Metric) -> Estimate {
        self.estimate(
            METRICS
                .iter()
                .position(|m| *m == metric)
                .expect("every metric is listed"),
        )
    }

    pub fn estimate(&self, metric: usize) -> Estimate {
        let xs: Vec<f64> = self.samples.iter().map(|s| s[metric]).collect();
        Estimate::from_samples(&xs)
    }
}

/// Runs `replications` replications of every variant. `progress` is called as each finishes.
pub fn run(
    loaded: &Loaded,
    seed: u64,
    replications: u32,
    progress: &(dyn Fn() + Sync),
) -> RunResult {
    let worlds: Vec<World> = loaded
        .variants
        .iter()
        .map(|v| World::new(&v.scenario))
        .collect();
    let tallies: Vec<Vec<Tally>> = (0..replications)
        .into_par_iter()
        .map(|rep| {
            let t = replicate(&worlds, seed, rep);
            progress();
            t
        })
        .collect();
    let attempts_played = tallies.iter().flatten().map(|t| t.attempts_played).sum();
    let user_days = worlds
        .iter()
        .map(|w| w.users() as f64 * w.horizon / DAY)
        .sum::<f64>()
        * f64::from(replications);
    let variants = loaded
        .variants
        .iter()
        .zip(&worlds)
        .enumerate()
        .map(|(v, (named, world))| VariantResult {
            name: named.name.clone(),
            samples: tallies
                .iter()
                .map(|reps| METRICS.map(|m| m.value(&reps[v], world)))
                .collect(),
            series: tallies
                .iter()
                .map(|reps| buckets(&reps[v], world))
                .collect(),
        })
        .collect();
    RunResult {
        seed,
        replications,
        variants,
        attempts_played,
        user_days,
        bucket_seconds: worlds[0].bucket,
        warmup: worlds[0].warmup,
    }
}

/// One replication of every variant: the same outages and users for each.
fn replicate(worlds: &[World], seed: u64, replication: u32) -> Vec<Tally> {
    let outages: Vec<Outages> = worlds
        .iter()
        .map(|w| Outages::draw(w, seed, replication))
        .collect();
    // Variants may resize a cohort: walk the largest and let each variant skip users it lacks.
    let blocks: Vec<(usize, u32)> = (0..worlds[0].cohorts.len())
        .flat_map(|c| {
            let most = worlds.iter().map(|w| w.cohorts[c].users).max().unwrap_or(0);
            (0..most.div_ceil(BLOCK)).map(move |b| (c, b * BLOCK))
        })
        .collect();
    let empty = || worlds.iter().map(Tally::new).collect::<Vec<_>>();
    blocks
        .par_iter()
        .fold(
            || (Player::default(), empty()),
            |(mut player, mut tallies), &(cohort, first)| {
                for (v, world) in worlds.iter().enumerate() {
                    let end = (first + BLOCK).min(world.cohorts[cohort].users);
                    let users = first..end.max(first);
                    let round = Replication {
                        world,
                        outages: &outages[v],
                        seed,
                        index: replication,
                    };
                    play_users(&round, cohort, users, &mut player, &mut tallies[v]);
                }
                (player, tallies)
            },
        )
        .map(|(_, tallies)| tallies)
        .reduce(empty, |a, b| {
            a.into_iter().zip(&b).map(|(x, y)| x.merged(y)).collect()
        })
}
