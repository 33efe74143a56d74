//! `authsim run` and `authsim sweep`: simulate, write the run folder, print the tables.

use super::args::{OutputOptions, ShowOptions, SimulationOptions};
use super::interrupt::Resumable;
use super::sign_in_log::{Planned, SignInLogOptions};
use super::{emit, progress, table};
use authsim::error::Error;
use authsim::export::folder::lexical;
use authsim::export::manifest::Manifest;
use authsim::export::records::RunDocument;
use authsim::export::unfinished::Unfinished;
use authsim::export::{self, Outputs};
use authsim::model;
use authsim::model::World;
use authsim::montecarlo::metrics::{Extent, Metric};
use authsim::montecarlo::pool::pool;
use authsim::montecarlo::precision::{Check, PrecisionTarget, run_to_precision};
use authsim::montecarlo::shard::span;
use authsim::montecarlo::size::RunSize;
use authsim::montecarlo::{RunResult, Runner};
use authsim::report::chart::exceedance::period;
use authsim::scenario::{RunPlan, read_resolved};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

pub fn run(
    scenario: Option<&Path>,
    sets: &[String],
    (sweep, log): (bool, &SignInLogOptions),
    simulation: &SimulationOptions,
    output: &OutputOptions,
) -> Result<(), Error> {
    let out = output.destination.out.as_deref();
    super::markdown::check(&output.show, output.shard.is_some(), out)?;
    if output.shard.is_some() && output.format != export::Format::Csv {
        return Err(Error::Usage(
            "--format parquet: a shard writes no tables; give --format parquet to `authsim merge`, which writes them"
                .to_string(),
        ));
    }
    let request = super::request(scenario, simulation, sets)?;
    let plan = super::plan(&request, output.show.quiet)?;
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
    let command = super::command_line();
    let charts = !output.no_charts;
    let mut manifest = Manifest::new(&plan, request, command, output.shard, target, charts);
    manifest.format = output.format;
    let mut name = plan.name();
    if let Some(shard) = output.shard {
        let all = manifest.replications;
        if shard.count > all {
            return Err(Error::Usage(format!(
                "--shard {shard}: the run has only {all} replications to share; give at most {all} shards"
            )));
        }
        name = format!("{name}-shard{}of{}", shard.index, shard.count);
    }
    let worlds = model::worlds(&plan);
    if let Some(target) = &manifest.precision {
        modelled(&target.metrics, &worlds)?;
    }
    let planned = manifest.range().len() as u32;
    RunSize::of(&worlds, planned).check(&plan.file, simulation.force)?;
    let log = log.plan(&worlds[0], plan.seed())?;
    let markdown = output.show.export_markdown.as_deref().map(lexical);
    if let Some(log) = log.as_ref().filter(|l| Some(lexical(l.file())) == markdown) {
        return Err(Error::Usage(format!(
            "--export-markdown {}: the file --sign-in-log writes too; give each its own",
            log.file().display()
        )));
    }
    let out = output.destination.choose(&name, plan.seed())?;
    let pool = pool(simulation.threads)?;
    // Made before simulating, so a folder that cannot be written fails fast.
    let unfinished = Unfinished::start(&out, output.destination.out.is_none(), manifest)?;
    play(
        unfinished,
        &plan,
        &worlds,
        &pool,
        (&output.show, log.as_ref()),
    )
}

/// `run --resume DIR`: the rest of an interrupted run or shard.
pub fn resume(dir: &Path, simulation: &SimulationOptions, show: &ShowOptions) -> Result<(), Error> {
    let resolve = |request: &_| super::plan(request, show.quiet);
    let Some((unfinished, plan)) = Unfinished::resume(dir, resolve)? else {
        // Its Markdown all the same, where asked for.
        super::markdown::check(show, false, None)?;
        let markdown = super::markdown::export(dir, show)?;
        let note = format!("{} is a finished run: nothing to resume", dir.display());
        let document = serde_json::json!({ "folder": dir.display().to_string(), "finished": true });
        emit_note(show, &note, &document)?;
        let wrote = match show.quiet || show.json {
            true => String::new(),
            false => super::markdown::wrote(show),
        };
        return emit(&markdown.unwrap_or(wrote));
    };
    super::markdown::check(show, unfinished.manifest.shard.is_some(), None)?;
    let worlds = model::worlds(&plan);
    let pool = pool(simulation.threads)?;
    play(unfinished, &plan, &worlds, &pool, (show, None))
}

/// Plays the folder's replications not yet in its journal, recording each as it
/// finishes; a run folder then gets its outputs.
fn play(
    unfinished: Unfinished,
    plan: &RunPlan,
    worlds: &[World],
    pool: &rayon::ThreadPool,
    (show, log): (&ShowOptions, Option<&Planned>),
) -> Result<(), Error> {
    let guard = Resumable::new(&unfinished.dir);
    let manifest = &unfinished.manifest;
    let journal = &unfinished.journal;
    let range = manifest.range();
    let bar = progress::bar(range.len() as u64, show.quiet || show.json);
    let tick = || bar.inc(1);
    let runner = Runner::new(worlds, plan.seed());
    // Why a precision run goes on: a line when the reason changes (above the bar,
    // or alone where there is none), and the latest beside the bar.
    let reason = Mutex::new(None);
    let continuing = |n: u32, check: &Check| {
        let target = manifest.precision.as_ref().map_or(0.0, |t| t.relative);
        let why = table::why(check, n, target);
        bar.set_message(why.clone());
        let now = Some((check.variant.clone(), check.metric, check.verdict));
        let last = std::mem::replace(&mut *reason.lock().expect("not poisoned"), now.clone());
        if show.quiet || last == now {
            return;
        }
        let line = format!("precision: after {n} replications, {why}; running more");
        match bar.is_hidden() {
            true => eprintln!("{line}"),
            false => bar.println(line),
        }
    };
    let played = pool.install(|| match (manifest.shard, manifest.precision.clone()) {
        (Some(_), _) => runner
            .replications(range.clone(), journal, &tick)
            .map(|_| None),
        (None, Some(t)) => run_to_precision(&runner, t, journal, &tick, &continuing)
            .map(|(result, stopping)| Some((result, Some(stopping)))),
        (None, None) => runner
            .replications(range.clone(), journal, &tick)
            .map(|done| Some((runner.result(&done), None))),
    });
    let played = played.inspect_err(|_| resumable_after(&unfinished.dir))?;
    bar.finish_and_clear();
    let Some((result, stopping)) = played else {
        unfinished.seal_shard()?;
        let shard = manifest.shard.expect("only a shard has no result");
        let folder = unfinished.dir.display().to_string();
        let note = format!(
            "shard {shard}: replications {} are in {folder}; `authsim merge` combines it with the other shards",
            span(&range)
        );
        let document = serde_json::json!({
            "folder": folder,
            "shard": shard.to_string(),
            "replications": [range.start, range.end],
        });
        return emit_note(show, &note, &document);
    };
    fixed_point_lines(&result, show);
    let mut outputs = Outputs::new(plan, &result, stopping, manifest.command.clone());
    outputs.format = manifest.format;
    let charts = manifest.charts;
    let d = unfinished.dir.display().to_string();
    let kept = match charts {
        true => format!(
            "the results in {d} are complete; its charts and report.html are not all drawn: `authsim plot {d}` draws them"
        ),
        false => format!("the results in {d} are complete"),
    };
    let finish = || unfinished.finish(|dir| outputs.write(dir));
    let folder = guard.finish(finish, kept.clone())?;
    if charts {
        // The error follows: say first that the tables are whole, how to draw,
        // and what else was not written.
        let mut said = format!("{kept} once the problem below is fixed");
        if show.export_markdown.is_some() {
            said +=
                &format!("; `authsim run --resume {d} --export-markdown FILE` writes its Markdown");
        }
        if let Some(log) = log {
            let file = log.file().display();
            said += &format!("; the sign-in log {file} is not written (run again to write it)");
        }
        super::plot(&folder, kept).inspect_err(|_| eprintln!("{said}"))?;
    }
    // Last, so the run folder is whole (charts too) whatever becomes of the log.
    if let Some(log) = log {
        let records = pool.install(|| log.write(&worlds[0], plan.seed(), &folder))?;
        if !show.quiet && !show.json {
            eprintln!(
                "sign-in log: {records} records of replication 0 in {}",
                log.file().display()
            );
        }
    }
    show_run(&outputs, &folder, show)
}

/// How the capacity fixed point went, where a component has a capacity: the
/// passes it took, and a warning for every replication it left unconverged.
fn fixed_point_lines(result: &RunResult, show: &ShowOptions) {
    if result.unconverged > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "warning: the capacity fixed point did not converge in {} passes for {} replication(s) of a variant: \
             their throttling figures are the last pass's, not a fixed point",
            authsim::montecarlo::fixed_point::MAX_PASSES,
            result.unconverged
        );
    }
    if result.passes_max > 1 && !show.quiet && !show.json {
        let _ = writeln!(
            std::io::stderr(),
            "capacity: the load converged in at most {} passes per replication",
            result.passes_max
        );
    }
}

/// A run that failed part way says where its finished replications are.
fn resumable_after(dir: &Path) {
    let _ = writeln!(
        std::io::stderr(),
        "the replications finished so far are kept in {0}; once the problem below is fixed, `authsim run --resume {0}` goes on from there",
        dir.display()
    );
}

/// The finished run's tables (or JSON document) and where it is, and its
/// Markdown where asked for (on standard output last).
pub fn show_run(outputs: &Outputs, folder: &Path, show: &ShowOptions) -> Result<(), Error> {
    let markdown = super::markdown::export(folder, show)?;
    // Without the tables, a precision not reached is still said.
    let missed = outputs.summary.precision.as_ref().filter(|p| !p.reached);
    if let Some(p) = missed.filter(|_| show.quiet || show.json) {
        let _ = writeln!(std::io::stderr(), "warning: {}", table::precision(p));
    }
    if show.json {
        let document = RunDocument {
            format_version: authsim::export::FORMAT_VERSION,
            folder: folder.display().to_string(),
            summary: &outputs.summary,
            comparison: outputs.comparison.as_ref(),
        };
        let text = serde_json::to_string_pretty(&document).expect("records serialize");
        emit(&(text + "\n"))
    } else if !show.quiet {
        // What one replication is, for the percentiles' heading.
        let resolved = read_resolved(&folder.join(export::RESOLVED_SCENARIO));
        let period =
            (resolved.as_ref()).map_or("replication".to_string(), |s| period(&s.simulation));
        // How many users each replication plays, where it plays a sample.
        let sampled = (resolved.as_ref().ok()).and_then(|s| s.sample().map(|n| (n, s.users())));
        emit(&format!(
            "{}\nwrote {}\n{}",
            table::render(outputs, &period, sampled),
            folder.display(),
            super::markdown::wrote(show)
        ))
    } else {
        Ok(())
    }?;
    markdown.map_or(Ok(()), |text| emit(&text))
}

/// What became of a folder that has no tables to show: a line, or with --json
/// a document (`replications`: the half-open range a shard played).
fn emit_note(show: &ShowOptions, note: &str, document: &serde_json::Value) -> Result<(), Error> {
    match (show.quiet, show.json) {
        (true, _) => Ok(()),
        (false, true) => emit(&format!("{document:#}\n")),
        (false, false) => emit(&format!("{note}\n")),
    }
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
    let metrics = output
        .precision_on
        .iter()
        .map(|name| {
            Metric::by_name(name).ok_or_else(|| {
                let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
                Error::Usage(format!(
                    "--precision-on {name}: no such metric; give one or more of {}",
                    names.join(", ")
                ))
            })
        })
        .collect::<Result<Vec<Metric>, Error>>()?;
    Ok(PrecisionTarget {
        relative,
        min_replications,
        max_replications: output.max_replications,
        batch: output.batch,
        metrics,
    })
}

/// Every metric `--precision-on` names is one some design models, or the run could
/// never settle it.
fn modelled(metrics: &[Metric], worlds: &[World]) -> Result<(), Error> {
    let Some(m) = metrics
        .iter()
        .find(|m| !worlds.iter().any(|w| m.applies(w)))
    else {
        return Ok(());
    };
    let sampled = worlds.iter().any(|w| w.sampled < 1.0) && m.extent() == Extent::Population;
    let why = match sampled {
        true => "simulation.sample_users plays a sample of the users, which cannot estimate it",
        false => "no design of this scenario models it",
    };
    Err(Error::Usage(format!(
        "--precision-on {}: {why}: leave it out",
        m.name()
    )))
}
