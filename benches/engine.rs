//! `cargo bench`: the engine's speed on the bundled default scenario, on one thread
//! and on two (or every core, if fewer): simulated access attempts per second per
//! core, the efficiency of the second thread, and user-days per second; then the
//! peak memory of the default scenario scaled to a million users over 30 days.

use authsim::model::{self, World};
use authsim::montecarlo::bench::{BenchReport, bench, peak_resident_bytes};
use authsim::montecarlo::pool::pool;
use authsim::scenario::{self, DEFAULT, DEFAULT_NAME, RunPlan};
use authsim::units::DAY;
use std::path::Path;
use std::process::Command;

/// Runs of each timing: the median is reported (other work on the machine
/// slows some runs down).
const RUNS: usize = 3;
/// The argument that makes this binary run the memory case alone, in a child
/// process, so the peak it reports is that case's own.
const MEMORY_CASE: &str = "--million-users";
const USERS: u64 = 1_000_000;
const MEMORY_DAYS: f64 = 30.0;
const MEMORY_REPLICATIONS: u32 = 2;

fn default_plan() -> RunPlan {
    scenario::load_str(DEFAULT, Path::new(DEFAULT_NAME)).expect("the default scenario")
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if std::env::args().any(|a| a == MEMORY_CASE) {
        return million_users(cores);
    }
    let plan = default_plan();
    let worlds = model::worlds(&plan);
    let mut per_core = Vec::new();
    for threads in [1, cores.min(2)] {
        let r = median(threads, &worlds, &plan);
        println!(
            "{DEFAULT_NAME}: {threads} thread(s), {:.2} s, {} attempts: {:.1} M attempts/s/core, {:.2} M user-days/s",
            r.seconds,
            r.attempts,
            r.attempts_per_second_per_core() / 1e6,
            r.user_days_per_second() / 1e6
        );
        per_core.push(r.attempts_per_second_per_core());
    }
    if let [one, two] = per_core[..] {
        println!("efficiency at 2 threads: {:.0}%", 100.0 * two / one);
    }
    let child = Command::new(std::env::current_exe().expect("this bench's path"))
        .arg(MEMORY_CASE)
        .output()
        .expect("the memory case runs");
    print!("{}", String::from_utf8_lossy(&child.stdout));
    assert!(
        child.status.success(),
        "{}",
        String::from_utf8_lossy(&child.stderr)
    );
}

/// The median run of `RUNS` of the default scenario on `threads` threads.
fn median(threads: usize, worlds: &[World], plan: &RunPlan) -> BenchReport {
    let pool = pool(Some(threads)).expect("a thread pool");
    let mut runs: Vec<BenchReport> = (0..RUNS)
        .map(|_| bench(&pool, worlds, plan.seed(), plan.replications()))
        .collect();
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    runs.swap_remove(RUNS / 2)
}

/// The default scenario, its cohorts scaled to a million users and its horizon
/// to 30 days, on every core: the peak resident memory of the whole process.
fn million_users(cores: usize) {
    let mut plan = default_plan();
    for variant in &mut plan.variants {
        let s = &mut variant.scenario;
        s.simulation.horizon.0 = MEMORY_DAYS * DAY;
        let total: u64 = s.cohorts.values().map(|c| u64::from(c.users)).sum();
        for c in s.cohorts.values_mut() {
            c.users = (u64::from(c.users) * USERS / total) as u32;
        }
    }
    let worlds = model::worlds(&plan);
    let pool = pool(Some(cores)).expect("a thread pool");
    let r = bench(&pool, &worlds, plan.seed(), MEMORY_REPLICATIONS);
    let peak = peak_resident_bytes().expect("/proc/self/status gives VmHWM");
    println!(
        "{DEFAULT_NAME} at {USERS} users x {MEMORY_DAYS} days, {MEMORY_REPLICATIONS} replications of {} variants, {cores} thread(s): {:.1} s, {:.1} M attempts/s/core, peak memory {:.1} MB",
        worlds.len(),
        r.seconds,
        r.attempts_per_second_per_core() / 1e6,
        peak as f64 / 1e6
    );
}
