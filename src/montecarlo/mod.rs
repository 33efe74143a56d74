//! Replications in parallel, each an independent draw of the whole world, and the
//! estimates across them.

pub mod metrics;
mod runner;
pub mod stats;

pub use runner::{RunResult, VariantResult, run};
