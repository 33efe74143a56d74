//! Runs every variant's world through the same replications (common random numbers).

use super::causes::{self, Attribution, Cause};
use super::fixed_point::replicate;
use super::metrics::Metric;
use super::series::{BucketSample, buckets};
use super::slices::{self, Slice};
use super::stats::Estimate;
use crate::model::World;
use crate::units::DAY;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::ops::Range;

/// One value per metric, in `Metric::ALL` order.
pub type Sample = [f64; Metric::ALL.len()];

#[derive(Debug, Clone)]
pub struct RunResult {
    pub seed: u64,
    pub replications: u32,
    pub variants: Vec<VariantResult>,
    /// Access attempts (scheduled uses) played, play-in and warm-up included, and
    /// the client's retries, over every variant and replication.
    pub attempts_played: u64,
    pub retries_played: u64,
    /// Simulated user-days over every variant and replication.
    pub user_days: f64,
    pub bucket_seconds: f64,
    pub warmup: f64,
    /// Metrics that apply to some variant (the terminal table leaves out the rest).
    pub applicable: Vec<Metric>,
    /// Metrics some variant models that no variant's sample of users estimates
    /// (`Metric::sampled_away`): unknown, where the others left out are zero.
    pub sampled_away: Vec<Metric>,
    /// The most passes of the capacity fixed point a replication took (1: no
    /// capacity), and how many variants' replications it left unconverged.
    pub passes_max: u32,
    pub unconverged: u32,
}

#[derive(Debug, Clone)]
pub struct VariantResult {
    pub name: String,
    /// What denied its attempts: the causes its attributions follow.
    pub causes: Vec<Cause>,
    /// The whole population first, then its parts (see `slices`).
    pub slices: Vec<SliceResult>,
}

/// One slice of a variant, over the replications.
#[derive(Debug, Clone)]
pub struct SliceResult {
    pub cohort: String,
    pub app: String,
    /// Per replication.
    pub samples: Vec<Sample>,
    /// Per replication, one entry per time bucket.
    pub series: Vec<Vec<BucketSample>>,
    /// Per replication, what denied its attempts.
    pub attribution: Vec<Attribution>,
}

impl SliceResult {
    pub fn metric(&self, metric: Metric) -> Estimate {
        Estimate::from_samples(&self.values(metric))
    }

    /// The metric's value in each replication.
    pub fn values(&self, metric: Metric) -> Vec<f64> {
        self.samples.iter().map(|s| s[metric.index()]).collect()
    }
}

impl VariantResult {
    /// The whole population across all apps.
    pub fn whole(&self) -> &SliceResult {
        &self.slices[0]
    }

    pub fn metric(&self, metric: Metric) -> Estimate {
        self.whole().metric(metric)
    }

    pub fn values(&self, metric: Metric) -> Vec<f64> {
        self.whole().values(metric)
    }

    pub fn slice(&self, cohort: &str, app: &str) -> Option<&SliceResult> {
        self.slices
            .iter()
            .find(|s| s.cohort == cohort && s.app == app)
    }
}

/// What one replication gave each variant: each slice's figures. A journal keeps
/// these as they finish; the run's result is computed from them alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicationResult {
    pub(super) variants: Vec<Vec<SliceSample>>,
    attempts_played: u64,
    retries_played: u64,
    /// How the capacity fixed point went (absent from journals written before it: one pass).
    #[serde(default = "one")]
    passes: u32,
    #[serde(default)]
    unconverged: u32,
}

fn one() -> u32 {
    1
}

/// One slice's figures in one replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct SliceSample {
    pub sample: Sample,
    series: Vec<BucketSample>,
    attribution: Attribution,
}

/// Where finished replications are kept, so that an interrupted run loses only
/// those in flight.
pub trait Journal: Sync {
    type Error: Send;
    /// Replication `index` as an earlier, interrupted process finished it.
    fn recorded(&self, index: u32) -> Option<ReplicationResult>;
    /// Keeps a replication as it finishes.
    fn record(&self, index: u32, result: &ReplicationResult) -> Result<(), Self::Error>;
}

/// A run that keeps nothing: a benchmark's, a test's.
pub struct Unrecorded;

impl Journal for Unrecorded {
    type Error = Infallible;

    fn recorded(&self, _: u32) -> Option<ReplicationResult> {
        None
    }

    fn record(&self, _: u32, _: &ReplicationResult) -> Result<(), Infallible> {
        Ok(())
    }
}

/// The compiled variants of a run, ready to play any replication.
pub struct Runner<'a> {
    worlds: &'a [World],
    /// Each variant's slices.
    slices: Vec<Vec<Slice>>,
    seed: u64,
}

impl<'a> Runner<'a> {
    pub fn new(worlds: &'a [World], seed: u64) -> Self {
        Runner {
            worlds,
            slices: worlds.iter().map(slices::slices).collect(),
            seed,
        }
    }

    pub fn variant_names(&self) -> impl Iterator<Item = &str> {
        self.worlds.iter().map(|w| w.variant.as_str())
    }

    /// Whether variant `v`'s world models `metric` (see `Metric::applies`).
    pub fn models(&self, v: usize, metric: Metric) -> bool {
        metric.applies(&self.worlds[v])
    }

    /// Replications `range`, in parallel, in index order; replication i is the
    /// same whenever it runs. One the journal holds is taken from it; the others are
    /// played and recorded. `progress` is called as each is ready.
    pub fn replications<J: Journal>(
        &self,
        range: Range<u32>,
        journal: &J,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Vec<ReplicationResult>, J::Error> {
        range
            .into_par_iter()
            .map(|replication| {
                let result = match journal.recorded(replication) {
                    Some(result) => result,
                    None => {
                        let result = self.replication(replication);
                        journal.record(replication, &result)?;
                        result
                    }
                };
                progress();
                Ok(result)
            })
            .collect()
    }

    fn replication(&self, replication: u32) -> ReplicationResult {
        let (tallies, outages, passes) = replicate(self.worlds, self.seed, replication);
        let (mut attempts_played, mut retries_played) = (0, 0);
        let variants = (0..self.worlds.len())
            .map(|v| {
                let (w, o) = (&self.worlds[v], &outages[v]);
                let figures = |slice: &Slice| {
                    let t = slice.tally(w, &tallies[v]);
                    if slice.is_whole() {
                        attempts_played += t.attempts_played;
                        retries_played += t.retries_played;
                    }
                    SliceSample {
                        sample: Metric::ALL.map(|m| m.value(&t, w, o)),
                        series: buckets(&t, w),
                        attribution: Attribution::of(&t, w),
                    }
                };
                self.slices[v].iter().map(figures).collect()
            })
            .collect();
        ReplicationResult {
            variants,
            attempts_played,
            retries_played,
            passes: passes.passes,
            unconverged: passes.unconverged,
        }
    }

    /// Gathers replications (in index order) into the run's result.
    pub fn result(&self, replications: &[ReplicationResult]) -> RunResult {
        let n = replications.len() as u32;
        let user_days_each: f64 = self
            .worlds
            .iter()
            .map(|w| w.users() as f64 * w.sampled * w.horizon / DAY)
            .sum();
        let variants = self
            .worlds
            .iter()
            .enumerate()
            .map(|(v, world)| VariantResult {
                name: world.variant.clone(),
                causes: causes::causes(world),
                slices: self.slices[v]
                    .iter()
                    .enumerate()
                    .map(|(s, slice)| {
                        let each = || replications.iter().map(|r| &r.variants[v][s]);
                        SliceResult {
                            cohort: slice.cohort.clone(),
                            app: slice.app.clone(),
                            samples: each().map(|x| x.sample).collect(),
                            series: each().map(|x| x.series.clone()).collect(),
                            attribution: each().map(|x| x.attribution.clone()).collect(),
                        }
                    })
                    .collect(),
            })
            .collect();
        RunResult {
            seed: self.seed,
            replications: n,
            variants,
            attempts_played: replications.iter().map(|r| r.attempts_played).sum(),
            retries_played: replications.iter().map(|r| r.retries_played).sum(),
            user_days: user_days_each * f64::from(n),
            bucket_seconds: self.worlds[0].bucket,
            warmup: self.worlds[0].warmup,
            applicable: Metric::ALL
                .into_iter()
                .filter(|m| self.worlds.iter().any(|w| m.applies(w)))
                .collect(),
            sampled_away: Metric::ALL
                .into_iter()
                .filter(|m| {
                    let mut worlds = self.worlds.iter();
                    worlds.clone().any(|w| m.sampled_away(w)) && !worlds.any(|w| m.applies(w))
                })
                .collect(),
            passes_max: replications.iter().map(|r| r.passes).max().unwrap_or(1),
            unconverged: replications.iter().map(|r| r.unconverged).sum(),
        }
    }
}

/// Runs `replications` replications of every variant. `progress` is called as each finishes.
pub fn run(
    worlds: &[World],
    seed: u64,
    replications: u32,
    progress: &(dyn Fn() + Sync),
) -> RunResult {
    let runner = Runner::new(worlds, seed);
    let Ok(done) = runner.replications(0..replications, &Unrecorded, progress);
    runner.result(&done)
}
