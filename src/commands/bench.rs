//! `authsim bench`: simulated access attempts and user-days per second.

use super::SimulationArgs;
use crate::error::Error;
use crate::montecarlo;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BenchReport {
    pub scenario: String,
    pub threads: usize,
    pub seconds: f64,
    pub attempts: u64,
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

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "scenario              {}", self.scenario)?;
        writeln!(f, "threads               {}", self.threads)?;
        writeln!(f, "wall time             {:.2} s", self.seconds)?;
        writeln!(f, "access attempts       {}", self.attempts)?;
        writeln!(
            f,
            "attempts / s          {:.1} M",
            self.attempts_per_second() / 1e6
        )?;
        writeln!(
            f,
            "attempts / s / core   {:.1} M",
            self.attempts_per_second_per_core() / 1e6
        )?;
        write!(
            f,
            "user-days / s         {:.2} M",
            self.user_days_per_second() / 1e6
        )
    }
}

/// Runs the scenario once without writing anything and times it.
pub fn bench(args: &SimulationArgs) -> Result<BenchReport, Error> {
    let loaded = args.load()?;
    let (seconds, result, threads) = args.in_pool(|| {
        let start = Instant::now();
        let result = montecarlo::run(&loaded, loaded.seed(), loaded.replications(), &|| {});
        (
            start.elapsed().as_secs_f64(),
            result,
            rayon::current_num_threads(),
        )
    })?;
    Ok(BenchReport {
        scenario: loaded.file.display().to_string(),
        threads,
        seconds,
        attempts: result.attempts_played,
        user_days: result.user_days,
    })
}
