//! `authsim analyze`: each variant's paths analysed from the scenario's
//! structure, printed as a tree per cohort, written as JSON and CSVs; with
//! `--simulate`, components ranked by what making each perfect saves.

use super::args::{Destination, SimulationOptions};
use super::interrupt::Protected;
use super::{emit, load, progress};
use authsim::analysis::tree::{Logic, Tree};
use authsim::analysis::{self, Analysis, EventSummary, PathAnalysis, simulated};
use authsim::error::Error;
use authsim::export::analysis as files;
use authsim::export::folder::Staging;
use authsim::model;
use authsim::montecarlo::{self, paired, pool::pool, size::RunSize};
use std::fmt::Write;
use std::path::Path;

/// What `analyze` is asked for besides the scenario and where to write.
pub struct Asked<'a> {
    /// Longest cut sets listed.
    pub order: usize,
    /// The Open-PSA file to write, if any.
    pub mef: Option<&'a Path>,
    pub simulate: bool,
    /// analysis.json's document on stdout instead of the trees.
    pub json: bool,
}

pub fn analyze(
    scenario: Option<&Path>,
    asked: Asked,
    simulation: &SimulationOptions,
    destination: &Destination,
) -> Result<(), Error> {
    let Asked {
        order,
        mef,
        simulate,
        json,
    } = asked;
    let plan = load(scenario, simulation, &[], false)?;
    if let Some(file) = mef
        && (file.exists() || file.is_symlink())
    {
        return Err(Error::Usage(format!(
            "--export-mef {}: the file exists; authsim never overwrites: choose another",
            file.display()
        )));
    }
    let worlds = model::worlds(&plan);
    let analyses = worlds
        .iter()
        .map(|w| analysis::analyze(w, order))
        .collect::<Result<Vec<Analysis>, _>>()
        .map_err(|e| e.in_file(&plan.file))?;
    let folder_path = destination.choose(&format!("{}-analysis", plan.name()), plan.seed())?;
    let staging = Protected::new(Staging::new(&folder_path, destination.out.is_none())?);
    let mut text = String::new();
    for (i, a) in analyses.iter().enumerate() {
        render(&mut text, a, i == 0);
    }
    let _ = writeln!(text, "assumed:");
    for a in analysis::ASSUMPTIONS {
        let _ = writeln!(text, "  - {a}");
    }
    let ranked = match simulate {
        true => {
            let baseline = &worlds[0];
            let reruns = simulated::worlds(baseline).map_err(|e| e.in_file(&plan.file))?;
            RunSize::of(&reruns, plan.replications()).check(&plan.file, simulation.force)?;
            let pool = pool(simulation.threads)?;
            let bar = progress::bar(u64::from(plan.replications()), false);
            let tick = || bar.inc(1);
            let result =
                pool.install(|| montecarlo::run(&reruns, plan.seed(), plan.replications(), &tick));
            bar.finish_and_clear();
            let comparison = paired::compare(&result);
            let rows = comparison.map_or(Vec::new(), |c| simulated::ranked(baseline, &c));
            simulated_table(&mut text, &rows, plan.replications());
            Some(rows)
        }
        false => None,
    };
    files::write(staging.path(), &analyses, ranked.as_deref())?;
    if let Some(file) = mef {
        let model = analysis::mef::write(&analyses);
        std::fs::write(file, model.xml).map_err(Error::write(file))?;
        let _ = writeln!(text, "wrote {}", file.display());
    }
    let folder = staging.publish()?;
    if json {
        return emit(&document(&folder)?);
    }
    let _ = writeln!(text, "wrote {}", folder.display());
    emit(&text)
}

/// `--json`: the folder written and its analysis.json, read back so that the
/// two are one document.
fn document(folder: &Path) -> Result<String, Error> {
    let path = folder.join(files::ANALYSIS_JSON);
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let analysis: serde_json::Value =
        serde_json::from_str(&text).expect("analysis.json is the JSON just written");
    let document = serde_json::json!({
        "folder": folder.display().to_string(),
        "analysis": analysis,
    });
    Ok(serde_json::to_string_pretty(&document).expect("a JSON value serializes") + "\n")
}

fn percent(x: f64) -> String {
    format!("{:.4}%", 100.0 * x)
}

fn render(out: &mut String, a: &Analysis, trees: bool) {
    let _ = writeln!(out, "== {} ==", a.variant);
    for mix in &a.mixes {
        let _ = writeln!(
            out,
            "\ncohort {} · {:.0}% ({:.0} users): {}",
            mix.cohort,
            100.0 * mix.share,
            mix.users,
            mix.methods.join(", ")
        );
        // An access includes its renewal: the files keep both, the terminal the access.
        let shown = || mix.paths.iter().filter(|p| !p.path.starts_with("renewal "));
        let width = shown().map(|p| label(p).len()).max().unwrap_or(0);
        for p in shown() {
            let spof = match p.single_points.is_empty() {
                true => "none".to_string(),
                false => p.single_points.join(", "),
            };
            let _ = writeln!(
                out,
                "  {:<width$}  available {:>9}  single points of failure: {spof}{}",
                label(p),
                percent(p.availability),
                match p.every_token_request.is_empty() {
                    true => String::new(),
                    false => format!(
                        " (besides every token request's: {})",
                        p.every_token_request.join(", ")
                    ),
                }
            );
        }
        let first = mix.paths.first().map(|p| p.path.as_str());
        for p in mix
            .paths
            .iter()
            .filter(|p| trees && Some(p.path.as_str()) == first)
        {
            let _ = writeln!(
                out,
                "  {}: minimal cut sets up to {} events{}:",
                label(p),
                p.cut_sets_order,
                if p.cut_sets_truncated {
                    " (longer ones left out)"
                } else {
                    ""
                }
            );
            for set in &p.cut_sets {
                let _ = writeln!(out, "    {{{}}}", set.join(", "));
            }
            let _ = writeln!(
                out,
                "  {} fault tree (unavailability of each event):",
                label(p)
            );
            tree(out, &p.tree, &a.events, 2);
        }
    }
    if !a.delayed.is_empty() {
        let _ = writeln!(
            out,
            "\n(before), (after): the path before and after these take effect:"
        );
        for d in &a.delayed {
            let _ = writeln!(out, "  {d}");
        }
    }
    if !a.single_points.is_empty() {
        let _ = writeln!(
            out,
            "\nsingle points of failure of sign-in (share of all users it locks out):"
        );
        for s in &a.single_points {
            let _ = writeln!(
                out,
                "  {:<28} {:>7}  ({})",
                s.event,
                format!("{:.1}%", 100.0 * s.users_locked_out),
                s.cohorts.join(", ")
            );
        }
    }
    for w in &a.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    let _ = writeln!(out);
}

/// A path's name, and the view it is where delays bear on it.
fn label(p: &PathAnalysis) -> String {
    match p.delays {
        Some(d) => format!("{} ({})", p.path, d.name()),
        None => p.path.clone(),
    }
}

fn tree(out: &mut String, t: &Tree, events: &[EventSummary], depth: usize) {
    let pad = "  ".repeat(depth);
    match t {
        Tree::Event(e) => {
            let _ = writeln!(
                out,
                "{pad}{} ({:.3e})",
                events[*e].name, events[*e].unavailability
            );
        }
        Tree::Gate {
            name,
            logic,
            children,
        } => {
            let how = match logic {
                _ if children.is_empty() => String::new(),
                Logic::Any => " if any of:".to_string(),
                Logic::All => " if all of:".to_string(),
                Logic::AtLeast(k) => format!(" if at least {k} of:"),
                Logic::Not => " if not:".to_string(),
            };
            let _ = writeln!(out, "{pad}{name}{how}");
            for c in children {
                tree(out, c, events, depth + 1);
            }
        }
    }
}

fn simulated_table(out: &mut String, rows: &[simulated::ComponentImportance], replications: u32) {
    let Some(first) = rows.first() else { return };
    let _ = writeln!(
        out,
        "simulated importance: each component made perfect in turn, paired by replication over {replications} replications ({:.2}% intervals, Bonferroni):",
        100.0 * first.ci_level
    );
    for r in rows {
        let relative = r
            .relative_reduction
            .map_or(String::new(), |x| format!(" ({:+.1}%)", 100.0 * x));
        let _ = writeln!(
            out,
            "  {:<24} {:<28} cut by {:.4} ± {:.4}{relative}",
            r.component, r.metric, r.reduction, r.ci_half_width
        );
    }
    let _ = writeln!(out);
}
