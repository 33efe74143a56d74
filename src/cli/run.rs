//! `authsim run` and `authsim sweep`: simulate, write the run folder, print the tables.

use super::args::{OutputOptions, SimulationOptions};
use super::interrupt::Protected;
use super::{emit, load, progress, table};
use authsim::error::Error;
use authsim::export::Outputs;
use authsim::export::folder::{self, Staging};
use authsim::export::records::RunDocument;
use authsim::montecarlo::pool::pool;
use authsim::montecarlo::precision::{PrecisionTarget, run_to_precision};
use authsim::montecarlo::size::RunSize;
use authsim::{model, montecarlo, report};
use std::path::Path;

pub fn run(
    scenario: Option<&Path>,
    sets: &[String],
    sweep: bool,
    simulation: &SimulationOptions,
    output: &OutputOptions,
) -> Result<(), Error> {
    let quiet = output.quiet || output.json;
    let plan = load(scenario, simulation, sets, output.quiet)?;
    if sweep && plan.axes.is_empty() {
        return Err(Error::Usage(format!(
            "{}: nothing to sweep: give --set PATH=VALUE1,VALUE2,... or a [sweep] table",
            plan.file.display()
        )));
    }
    let target = output
        .precision
        .map(|relative| precision_target(relative, output, plan.replications()))
        .transpose()?;
    let planned = target.map_or(plan.replications(), |t| t.max_replications);
    let worlds = model::worlds(&plan);
    RunSize::of(&worlds, planned).check(&plan.file, simulation.force)?;
    let out = folder::choose(output.out.as_deref(), &plan.name(), plan.seed())?;
    let pool = pool(simulation.threads)?;
    // Made before simulating, so a folder that cannot be written fails fast.
    let staging = Protected::new(Staging::new(&out, output.out.is_none())?);
    let bar = progress::bar(u64::from(planned), quiet);
    let tick = || bar.inc(1);
    let (result, stopping) = pool.install(|| match target {
        Some(t) => {
            let (result, stopping) = run_to_precision(&worlds, plan.seed(), t, &tick);
            (result, Some(stopping))
        }
        None => (
            montecarlo::run(&worlds, plan.seed(), plan.replications(), &tick),
            None,
        ),
    });
    bar.finish_and_clear();
    let outputs = Outputs::new(&plan, &result, stopping, std::env::args().collect());
    report::write_run(staging.path(), &outputs, !output.no_charts)?;
    let folder = staging.publish()?;
    if output.json {
        let document = RunDocument {
            folder: folder.display().to_string(),
            summary: &outputs.summary,
            comparison: outputs.comparison.as_ref(),
        };
        let text = serde_json::to_string_pretty(&document).expect("records serialize");
        emit(&(text + "\n"))?;
    } else if !output.quiet {
        emit(&format!(
            "{}\nwrote {}\n",
            table::render(&outputs),
            folder.display()
        ))?;
    }
    Ok(())
}

fn precision_target(
    relative: f64,
    output: &OutputOptions,
    min_replications: u32,
) -> Result<PrecisionTarget, Error> {
    if !(relative.is_finite() && relative > 0.0) {
        return Err(Error::Usage(format!(
            "--precision {relative}: give the largest 95% half-width allowed relative to the mean, e.g. 0.05 for 5%"
        )));
    }
    if relative >= 1.0 {
        return Err(Error::Usage(format!(
            "--precision {relative} allows half-widths of {:.0}% of the mean, which every run meets; give a fraction below 1, e.g. 0.05 for 5%",
            relative * 100.0
        )));
    }
    if output.max_replications < min_replications {
        return Err(Error::Usage(format!(
            "--max-replications {} is below the {min_replications} replications run first",
            output.max_replications
        )));
    }
    if output.batch == 0 {
        return Err(Error::Usage("--batch must be at least 1".to_string()));
    }
    Ok(PrecisionTarget {
        relative,
        min_replications,
        max_replications: output.max_replications,
        batch: output.batch,
    })
}
