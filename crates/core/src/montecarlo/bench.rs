//! The engine's speed: simulated access attempts and user-days per second.

use super::run;
use crate::model::World;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BenchReport {
    pub threads: usize,
    pub seconds: f64,
    /// Access attempts played, play-in and warm-up included: what `authsim check`
    /// expects. The client's retries, which outages add, are counted apart.
    pub attempts: u64,
    pub retries: u64,
    pub user_days: f64,
}

impl BenchReport {
    pub fn attempts_per_second(&self) -> f64 {
        self.attempts as f64 / self.seconds
    }

    pub fn attempts_per_second_per_core(&self) -> f64 {
        self.attempts_per_second() / self.threads as f64
    }

    pub fn user_days_per_second(&self) -> f64 {
        self.user_days / self.seconds
    }
}

/// Runs every variant's replications once, in `pool`, writing nothing, and times it.
pub fn bench(
    pool: &rayon::ThreadPool,
    worlds: &[World],
    seed: u64,
    replications: u32,
) -> BenchReport {
    pool.install(|| {
        let start = Instant::now();
        let result = run(worlds, seed, replications, &|| {});
        BenchReport {
            threads: rayon::current_num_threads(),
            seconds: start.elapsed().as_secs_f64(),
            attempts: result.attempts_played,
            retries: result.retries_played,
            user_days: result.user_days,
        }
    })
}

/// The process's peak resident memory in bytes (`VmHWM`), where Linux tells it.
pub fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
