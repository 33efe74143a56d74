//! `authsim bench`: times the engine on a scenario, writing nothing.

use super::args::SimulationOptions;
use super::{emit, load};
use authsim::error::Error;
use authsim::model;
use authsim::montecarlo::size::RunSize;
use authsim::montecarlo::{bench::bench as time, pool::pool};
use std::path::Path;

pub fn bench(
    scenario: Option<&Path>,
    simulation: &SimulationOptions,
    json: bool,
) -> Result<(), Error> {
    let plan = load(scenario, simulation, &[], false)?;
    let worlds = model::worlds(&plan);
    RunSize::of(&worlds, plan.replications()).check(&plan.file, simulation.force)?;
    let pool = pool(simulation.threads)?;
    let r = time(&pool, &worlds, plan.seed(), plan.replications());
    if json {
        let document = serde_json::json!({
            "scenario": plan.file.display().to_string(),
            "threads": r.threads,
            "wall_seconds": r.seconds,
            "access_attempts": r.attempts,
            "client_retries": r.retries,
            "attempts_per_second": r.attempts_per_second(),
            "attempts_per_second_per_core": r.attempts_per_second_per_core(),
            "user_days_per_second": r.user_days_per_second(),
        });
        let text = serde_json::to_string_pretty(&document).expect("a JSON value serializes");
        return emit(&(text + "\n"));
    }
    emit(&format!(
        "scenario              {}\nthreads               {}\nwall time             {:.2} s\n\
         access attempts       {} (play-in and warm-up included: what `authsim check` expects)\n\
         client retries        {} (on top: renewals an outage failed, retried)\n\
         attempts / s          {:.1} M\nattempts / s / core   {:.1} M\n\
         user-days / s         {:.2} M\n",
        plan.file.display(),
        r.threads,
        r.seconds,
        r.attempts,
        r.retries,
        r.attempts_per_second() / 1e6,
        r.attempts_per_second_per_core() / 1e6,
        r.user_days_per_second() / 1e6
    ))
}
