//! `authsim merge`: shard folders into the run folder one machine would have written.

use super::args::{Destination, ShowOptions};
use super::interrupt::Protected;
use super::run::show_run;
use authsim::error::Error;
use authsim::export::Outputs;
use authsim::export::folder::Staging;
use authsim::montecarlo::Runner;
use authsim::{export, model, report};
use std::path::PathBuf;

pub fn merge(
    shards: &[PathBuf],
    destination: &Destination,
    charts: bool,
    format: export::Format,
    show: &ShowOptions,
) -> Result<(), Error> {
    super::markdown::check(show, false, destination.out.as_deref())?;
    let merged = export::merge::merge(shards)?;
    let plan = merged.plan;
    let worlds = model::worlds(&plan);
    let result = Runner::new(&worlds, plan.seed()).result(&merged.replications);
    let mut outputs = Outputs::new(&plan, &result, None, super::command_line());
    outputs.format = format;
    outputs.summary.shards = shards.iter().map(|d| d.display().to_string()).collect();
    let target = destination.choose(&plan.name(), plan.seed())?;
    let staging = Protected::new(Staging::new(&target, destination.out.is_none())?);
    report::write_run(staging.path(), &outputs, charts)?;
    let folder = staging.publish()?;
    show_run(&outputs, &folder, show)
}
