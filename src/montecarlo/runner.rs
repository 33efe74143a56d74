//! Runs every variant through the same replications (common random numbers).

use super::metrics::{BucketValues, METRICS, Metric, buckets};
use super::stats::Estimate;
use crate::engine::{Player, Replication, Tally, play_users};
use crate::model::World;
use crate::model::outages::Outages;
use crate::scenario::Loaded;
use crate::scenario::duration::DAY;
use rayon::prelude::*;
use std::ops::Range;

/// Users a worker plays in one go: small enough to spread over many cores,
/// large enough that the per-block setup does not show.
const BLOCK: u32 = 256;

#[derive(Debug, Clone)]
pub struct RunResult {
    pub seed: u64,
    pub replications: u32,
    pub variants: Vec<VariantResult>,
    /// Access attempts played, warm-up and retries included, over every variant and replication.
    pub attempts_played: u64,
    /// Simulated user-days over every variant and replication.
    pub user_days: f64,
    pub bucket_seconds: f64,
    pub warmup: f64,
    /// Metrics that apply to some variant (the terminal table leaves out the rest).
    pub applicable: Vec<Metric>,
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
        Estimate::from_samples(&self.values(metric))
    }

    /// The metric's value in each replication.
    pub fn values(&self, metric: Metric) -> Vec<f64> {
        self.samples.iter().map(|s| s[metric.index()]).collect()
    }
}

/// What one replication gave each variant.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub(super) samples: Vec<[f64; METRICS.len()]>,
    series: Vec<Vec<BucketValues>>,
    attempts_played: u64,
}

/// The compiled variants of a run, ready to play any replication.
pub struct Runner<'a> {
    loaded: &'a Loaded,
    worlds: Vec<World>,
    seed: u64,
}

impl<'a> Runner<'a> {
    pub fn new(loaded: &'a Loaded, seed: u64) -> Self {
        let worlds = loaded
            .variants
            .iter()
            .map(|v| World::new(&v.scenario))
            .collect();
        Runner {
            loaded,
            worlds,
            seed,
        }
    }

    pub fn variant_names(&self) -> impl Iterator<Item = &str> {
        self.loaded.variants.iter().map(|v| v.name.as_str())
    }

    /// Replications `range`, in parallel; replication i is the same whenever it runs.
    /// `progress` is called as each finishes.
    pub fn replications(&self, range: Range<u32>, progress: &(dyn Fn() + Sync)) -> Vec<Outcome> {
        range
            .into_par_iter()
            .map(|rep| {
                let tallies = replicate(&self.worlds, self.seed, rep);
                progress();
                Outcome {
                    samples: tallies
                        .iter()
                        .zip(&self.worlds)
                        .map(|(t, w)| METRICS.map(|m| m.value(t, w)))
                        .collect(),
                    series: tallies
                        .iter()
                        .zip(&self.worlds)
                        .map(|(t, w)| buckets(t, w))
                        .collect(),
                    attempts_played: tallies.iter().map(|t| t.attempts_played).sum(),
                }
            })
            .collect()
    }

    /// Gathers replications (in index order) into the run's result.
    pub fn result(&self, outcomes: &[Outcome]) -> RunResult {
        let n = outcomes.len() as u32;
        let user_days_each: f64 = self
            .worlds
            .iter()
            .map(|w| w.users() as f64 * w.horizon / DAY)
            .sum();
        let variants = self
            .loaded
            .variants
            .iter()
            .enumerate()
            .map(|(v, named)| VariantResult {
                name: named.name.clone(),
                samples: outcomes.iter().map(|o| o.samples[v]).collect(),
                series: outcomes.iter().map(|o| o.series[v].clone()).collect(),
            })
            .collect();
        RunResult {
            seed: self.seed,
            replications: n,
            variants,
            attempts_played: outcomes.iter().map(|o| o.attempts_played).sum(),
            user_days: user_days_each * f64::from(n),
            bucket_seconds: self.worlds[0].bucket,
            warmup: self.worlds[0].warmup,
            applicable: METRICS
                .into_iter()
                .filter(|m| self.worlds.iter().any(|w| m.applies(w)))
                .collect(),
        }
    }
}

/// Runs `replications` replications of every variant. `progress` is called as each finishes.
pub fn run(
    loaded: &Loaded,
    seed: u64,
    replications: u32,
    progress: &(dyn Fn() + Sync),
) -> RunResult {
    let runner = Runner::new(loaded, seed);
    runner.result(&runner.replications(0..replications, progress))
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
