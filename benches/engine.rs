//! `cargo bench`: the engine's speed on the bundled default scenario, on one thread
//! and on every core: simulated access attempts per second (per core) and user-days
//! per second.

use authsim::model;
use authsim::montecarlo::{bench::bench, pool::pool};
use authsim::scenario::{self, DEFAULT, DEFAULT_NAME};
use std::path::Path;

fn main() {
    let plan = scenario::load_str(DEFAULT, Path::new(DEFAULT_NAME)).expect("the default scenario");
    let worlds = model::worlds(&plan);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for threads in [1, cores].into_iter().take(if cores > 1 { 2 } else { 1 }) {
        let pool = pool(Some(threads)).expect("a thread pool");
        let r = bench(&pool, &worlds, plan.seed(), plan.replications());
        println!(
            "{DEFAULT_NAME}: {threads} thread(s), {:.2} s, {} attempts: {:.1} M attempts/s/core, {:.2} M user-days/s",
            r.seconds,
            r.attempts,
            r.attempts_per_second_per_core() / 1e6,
            r.user_days_per_second() / 1e6
        );
    }
}
