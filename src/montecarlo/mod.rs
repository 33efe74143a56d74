//! Replications in parallel, each an independent draw of the whole world, and the
//! estimates across them: per variant, paired against the baseline, and runs that
//! stop at a target precision.

pub mod metrics;
pub mod paired;
pub mod precision;
mod runner;
pub mod stats;

pub use runner::{Outcome, RunResult, Runner, VariantResult, run};
