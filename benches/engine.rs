//! `cargo bench`: the engine's speed on the bundled default scenario, one thread and all.
//! Prints simulated access attempts per second (per core) and user-days per second.

use authsim::commands::SimulationArgs;
use authsim::commands::bench::bench;

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut counts = vec![1];
    if cores > 1 {
        counts.push(cores);
    }
    for threads in counts {
        let args = SimulationArgs {
            threads: Some(threads),
            ..SimulationArgs::default()
        };
        match bench(&args) {
            Ok(report) => println!("{report}\n"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
    }
}
