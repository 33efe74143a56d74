//! `cargo bench --bench annual_risk`: the precision goal of a year at the
//! promised availability (tests/fixtures/annual-risk/year.toml: 10,000 people,
//! one app all day, 60-90 minute tokens, a token service 99.99% available with
//! exponential failures and 1-hour repairs) run with `--precision 0.05` on
//! denial_rate and lockout_hours_per_1k_users, one sampled user a year; its
//! estimates beside the closed form (tests/common/renewal.rs); and plain Monte
//! Carlo beside it: whole-population years timed, their spread from the closed
//! form, the years and hours plain Monte Carlo would need, and the variance
//! reduction factor per unit of work.

use authsim::model;
use authsim::montecarlo::interval::Interval;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::pool::pool;
use authsim::montecarlo::precision::{PrecisionTarget, run_to_precision};
use authsim::montecarlo::{Runner, Unrecorded, run};
use authsim::scenario::load_str;
use std::path::Path;
use std::time::Instant;

#[path = "../tests/common/renewal.rs"]
mod renewal;

const CASE: &str = include_str!("../tests/fixtures/annual-risk/year.toml");
const TARGET: f64 = 0.05;
const METRICS: [Metric; 2] = [Metric::DenialRate, Metric::LockoutHoursPer1kUsers];
/// Whole-population years timed for plain Monte Carlo (13 CPU seconds each here).
const PLAIN_YEARS: u32 = 2;
const MEASURED_HOURS: f64 = 365.0 * 24.0;

fn main() {
    let threads = pool(None).expect("a pool");
    let plan = load_str(CASE, Path::new("year.toml")).expect("the case");
    let worlds = model::worlds(&plan);
    let runner = Runner::new(&worlds, plan.seed());
    let target = PrecisionTarget {
        relative: TARGET,
        min_replications: plan.replications(),
        max_replications: 100_000,
        batch: 200,
        metrics: METRICS.to_vec(),
    };
    let clock = Instant::now();
    let Ok((result, stop)) =
        threads.install(|| run_to_precision(&runner, target, &Unrecorded, &|| {}, &|_, _| {}));
    let sampled_seconds = clock.elapsed().as_secs_f64();
    let cores = threads.current_num_threads();
    println!(
        "--precision {TARGET} on denial_rate and lockout_hours_per_1k_users, one user sampled a year: \
         {} years in {sampled_seconds:.1} s on {cores} thread(s) (reached: {})",
        stop.replications, stop.reached
    );
    let year = renewal::YEAR;
    let truth = [
        year.denial_rate(),
        year.lockout_hours_per_1k_users(MEASURED_HOURS),
    ];
    let mut sampled_cv = 0.0f64;
    for (metric, truth) in METRICS.into_iter().zip(truth) {
        let xs = result.variants[0].values(metric);
        let (mean, i) = Interval::of_metric(&xs);
        let sd =
            (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt();
        sampled_cv = sampled_cv.max(sd / mean);
        println!(
            "  {}: {mean:.4e} [{:.4e}, {:.4e}] (±{:.1}%), closed form {truth:.4e}: {}",
            metric.name(),
            i.low,
            i.high,
            100.0 * i.relative_half_width(mean),
            match i.low <= truth && truth <= i.high {
                true => "inside the interval",
                false => "OUTSIDE the interval",
            }
        );
    }
    // Plain Monte Carlo: every user every year.
    let whole = CASE.replacen("sample_users = 1\n", "", 1);
    let plan = load_str(&whole, Path::new("year.toml")).expect("the case, every user");
    let worlds = model::worlds(&plan);
    let clock = Instant::now();
    threads.install(|| run(&worlds, plan.seed(), PLAIN_YEARS, &|| {}));
    let per_plain_year = clock.elapsed().as_secs_f64() / f64::from(PLAIN_YEARS);
    let plain_cv = year.population_year_cv(MEASURED_HOURS);
    let plain_years = (1.96 * plain_cv / TARGET).powi(2);
    let per_sampled_year = sampled_seconds / f64::from(stop.replications);
    println!(
        "plain Monte Carlo: {per_plain_year:.1} s a whole-population year on {cores} thread(s); \
         a year's coefficient of variation {plain_cv:.2} (closed form), so {plain_years:.0} years, \
         {:.1} hours, for ±{:.0}%",
        plain_years * per_plain_year / 3600.0,
        100.0 * TARGET
    );
    println!(
        "variance reduction per unit of work: {:.0}x (a sampled year: coefficient of variation \
         {sampled_cv:.2}, {:.2} ms)",
        (plain_cv.powi(2) * per_plain_year) / (sampled_cv.powi(2) * per_sampled_year),
        1000.0 * per_sampled_year
    );
}
