//! The files `authsim analyze` writes: the whole analysis as JSON, and tidy CSVs
//! of the paths, their cut sets and the importance of each event for scripts.
//! A path a delayed rule or switch bears on has a row for each view (`delays`:
//! `before` or `after` they take effect; empty where none does), and a cut set
//! may name an event up (`mfa_service up`).

use authsim_core::analysis::simulated::ComponentImportance;
use authsim_core::analysis::{Analysis, Delays, Mix, PathAnalysis};
use authsim_core::error::Error;
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

pub const ANALYSIS_JSON: &str = "analysis.json";
pub const PATHS_CSV: &str = "paths.csv";
pub const CUT_SETS_CSV: &str = "cut_sets.csv";
pub const IMPORTANCE_CSV: &str = "importance.csv";
pub const SIMULATED_IMPORTANCE_CSV: &str = "simulated_importance.csv";

/// analysis.json (and its schema, `schema`).
#[derive(Serialize, schemars::JsonSchema)]
pub struct AnalysisDocument<'a> {
    format_version: u32,
    variants: &'a [Analysis],
    #[serde(skip_serializing_if = "Option::is_none")]
    simulated_importance: Option<&'a [ComponentImportance]>,
}

#[derive(Serialize)]
struct PathRow<'a> {
    #[serde(serialize_with = "super::cells::text")]
    variant: &'a str,
    #[serde(serialize_with = "super::cells::text")]
    cohort: &'a str,
    mix: usize,
    #[serde(serialize_with = "super::cells::text")]
    methods: String,
    users: f64,
    #[serde(serialize_with = "super::cells::text")]
    path: &'a str,
    delays: &'static str,
    availability: f64,
    top_event_probability: f64,
    #[serde(serialize_with = "super::cells::text")]
    single_points: String,
    #[serde(serialize_with = "super::cells::text")]
    every_token_request: String,
}

#[derive(Serialize)]
struct CutSetRow<'a> {
    #[serde(serialize_with = "super::cells::text")]
    variant: &'a str,
    #[serde(serialize_with = "super::cells::text")]
    cohort: &'a str,
    mix: usize,
    #[serde(serialize_with = "super::cells::text")]
    path: &'a str,
    delays: &'static str,
    order: usize,
    #[serde(serialize_with = "super::cells::text")]
    events: String,
}

#[derive(Serialize)]
struct ImportanceRow<'a> {
    #[serde(serialize_with = "super::cells::text")]
    variant: &'a str,
    #[serde(serialize_with = "super::cells::text")]
    cohort: &'a str,
    mix: usize,
    #[serde(serialize_with = "super::cells::text")]
    path: &'a str,
    delays: &'static str,
    #[serde(serialize_with = "super::cells::text")]
    event: &'a str,
    birnbaum: f64,
    fussell_vesely: f64,
    risk_achievement_worth: f64,
    risk_reduction_worth: f64,
}

/// simulated_importance.csv: a component's name is a scenario's text.
#[derive(Serialize)]
struct SimulatedRow<'a> {
    #[serde(serialize_with = "super::cells::text")]
    component: &'a str,
    metric: &'static str,
    reduction: f64,
    ci_half_width: f64,
    ci_level: f64,
    relative_reduction: Option<f64>,
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
    let document = AnalysisDocument {
        format_version: super::FORMAT_VERSION,
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
        let rows = s.iter().map(|c| SimulatedRow {
            component: &c.component,
            metric: c.metric,
            reduction: c.reduction,
            ci_half_width: c.ci_half_width,
            ci_level: c.ci_level,
            relative_reduction: c.relative_reduction,
        });
        csv_file(dir, SIMULATED_IMPORTANCE_CSV, rows.collect())?;
    }
    Ok(())
}
