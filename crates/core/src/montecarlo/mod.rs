//! Replications in parallel, each an independent draw of the whole world, and the
//! estimates across them: per variant, paired against the baseline, and runs that
//! stop at a target precision. It runs compiled worlds, whatever file they came from.

pub mod actions;
pub mod bench;
pub mod causes;
pub mod fixed_point;
pub mod interval;
pub mod metrics;
pub mod paired;
pub mod percentiles;
pub mod pool;
pub mod precision;
mod runner;
pub mod series;
pub mod shard;
pub mod sign_in_log;
pub mod size;
pub mod slices;
pub mod stats;

pub use runner::{
    Journal, ReplicationResult, RunResult, Runner, Sample, SliceResult, Unrecorded, VariantResult,
    run,
};
