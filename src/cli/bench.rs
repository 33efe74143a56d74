//! `authsim bench`: times the engine on a scenario, writing nothing.

use super::args::SimulationOptions;
use super::load;
use authsim::error::Error;
use authsim::model::{self, size::RunSize};
use authsim::montecarlo::{bench::bench as time, pool::pool};
use std::path::Path;

pub fn bench(scenario: Option<&Path>, simulation: &SimulationOptions) -> Result<(), Error> {
    let plan = load(scenario, simulation, &[], false)?;
    let worlds = model::worlds(&plan);
    RunSize::of(&worlds, plan.replications()).check(&plan.file, simulation.force)?;
    let pool = pool(simulation.threads)?;
    let r = time(&pool, &worlds, plan.seed(), plan.replications());
    println!("scenario              {}", plan.file.display());
    println!("threads               {}", r.threads);
    println!("wall time             {:.2} s", r.seconds);
    println!("access attempts       {}", r.attempts);
    println!("attempts / s          {:.1} M", r.attempts_per_second() / 1e6);
    println!("attempts / s / core   {:.1} M", r.attempts_per_second_per_core() / 1e6);
    println!("user-days / s         {:.2} M", r.user_days_per_second() / 1e6);
    Ok(())
}
