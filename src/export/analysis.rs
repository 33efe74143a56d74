//! The files `authsim analyze` writes: the whole analysis as JSON, and tidy CSVs
//! of the paths, their cut sets and the importance of each event for scripts.
//! A path a delayed rule or switch bears on has a row for each view (`delays`:
//! `before` or `after` they take effect; empty where none does), and a cut set
//! may name an event up (`mfa_service up`).

use crate::analysis::simulated::ComponentImportance;
use crate::analysis::{Analysis, Delays, Mix, PathAnalysis};
use crate::error::Error;
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

pub const ANALYSIS_JSON: &str = "analysis.json";
pub const PATHS_CSV: &str = "paths.csv";
pub const CUT_SETS_CSV: &str = "cut_sets.csv";
pub const IMPORTANCE_CSV: &str = "importance.csv";
pub const SIMULATED_IMPORTANCE_CSV: &str = "simulated_importance.csv";

#[derive(Serialize)]
struct Document<'a> {
    variants: &'a [Analysis],
    #[serde(skip_serializing_if = "Option::is_none")]
    simulated_importance: Option<&'a [ComponentImportance]>,
}

#[derive(Serialize)]
struct PathRow<'a> {
    variant: &'a str,
    cohort: &'a str,
    mix: usize,
    methods: String,
    users: f64,
    path: &'a str,
    delays: &'static str,
    availability: f64,
    top_event_probability: f64,
    single_points: String,
    every_token_request: String,
}

#[derive(Serialize)]
struct CutSetRow<'a> {
    variant: &'a str,
    cohort: &'a str,
    mix: usize,
    path: &'a str,
    delays: &'static str,
    order: usize,
    events: String,
}

#[derive(Serialize)]
struct ImportanceRow<'a> {
    variant: &'a str,
    cohort: &'a str,
    mix: usize,
    path: &'a str,
    delays: &'static str,
    event: &'a str,
    birnbaum: f64,
    fussell_vesely: f64,
    risk_achievement_worth: f64,
    risk_reduction_worth: f64,
}

/// Every row of every path of every variant, as `row` makes it.
fn rows<'a, R>(
    analyses: &'a [Analysis],
    row: impl Fn(&'a Analysis, usize, &'a Mix, &'a PathAnalysis) -> Vec<R>,
) -> Vec<R> {
    let mut out = Vec::new();
    for a in analyses {
        for (m, mix) in a.mixes.iter().enumerate() {
            for p in &mix.paths {
                out.extend(row(a, m + 1, mix, p));
            }
        }
    }
    out
}

/// The view a path's row is of, where delays bear on it.
fn delays(p: &PathAnalysis) -> &'static str {
    p.delays.map_or("", Delays::name)
}

fn csv_file<R: Serialize>(dir: &Path, name: &str, rows: Vec<R>) -> Result<(), Error> {
    let path = dir.join(name);
    let file = File::create(&path).map_err(Error::write(&path))?;
    super::cells::write_records(BufWriter::new(file), rows).map_err(Error::write(&path))
}

pub fn write(
    dir: &Path,
    analyses: &[Analysis],
    simulated: Option<&[ComponentImportance]>,
) -> Result<(), Error> {
    let path = dir.join(ANALYSIS_JSON);
    let file = File::create(&path).map_err(Error::write(&path))?;
    let mut w = BufWriter::new(file);
    let document = Document {
        variants: analyses,
        simulated_importance: simulated,
    };
    serde_json::to_writer_pretty(&mut w, &document)
        .map_err(std::io::Error::other)
        .and_then(|()| writeln!(w))
        .and_then(|()| w.flush())
        .map_err(Error::write(&path))?;
    let joined = |v: &[String]| v.join(" & ");
    csv_file(
        dir,
        PATHS_CSV,
        rows(analyses, |a, m, mix, p| {
            vec![PathRow {
                variant: &a.variant,
                cohort: &mix.cohort,
                mix: m,
                methods: mix.methods.join(" "),
                users: mix.users,
                path: &p.path,
                delays: delays(p),
                availability: p.availability,
                top_event_probability: p.top_event_probability,
                single_points: joined(&p.single_points),
                every_token_request: joined(&p.every_token_request),
            }]
        }),
    )?;
    csv_file(
        dir,
        CUT_SETS_CSV,
        rows(analyses, |a, m, mix, p| {
            p.cut_sets
                .iter()
                .map(|s| CutSetRow {
                    variant: &a.variant,
                    cohort: &mix.cohort,
                    mix: m,
                    path: &p.path,
                    delays: delays(p),
                    order: s.len(),
                    events: joined(s),
                })
                .collect()
        }),
    )?;
    csv_file(
        dir,
        IMPORTANCE_CSV,
        rows(analyses, |a, m, mix, p| {
            p.importance
                .iter()
                .map(|i| ImportanceRow {
                    variant: &a.variant,
                    cohort: &mix.cohort,
                    mix: m,
                    path: &p.path,
                    delays: delays(p),
                    event: &i.event,
                    birnbaum: i.birnbaum,
                    fussell_vesely: i.fussell_vesely,
                    risk_achievement_worth: i.risk_achievement_worth,
                    risk_reduction_worth: i.risk_reduction_worth,
                })
                .collect()
        }),
    )?;
    if let Some(s) = simulated {
        csv_file(dir, SIMULATED_IMPORTANCE_CSV, s.to_vec())?;
    }
    Ok(())
}
