//! A scenario calibrated to the tenant: from its sign-in logs, its
//! registration report and its conditional access policies, the cohorts,
//! registration shares, apps, activity profiles and policy a scenario needs,
//! each inferred value with its evidence, and what could not be inferred
//! marked as a default.

pub mod activity;
pub mod aggregate;
pub mod apps;
pub mod calendar;
mod checks;
pub mod cohorts;
pub mod group;
pub mod infer;
pub mod model;
pub mod output;
mod people;
pub mod policy;
pub mod registrations;
pub mod renewal;
pub mod scenario;
pub mod sketch;
mod sources;
pub mod summary;
pub mod validity;
mod workloads;

use aggregate::Aggregator;
use authsim_core::error::Error;
use group::GroupKey;
use std::path::{Path, PathBuf};
use summary::ImportSummary;

/// What `authsim import` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    pub sign_ins: Vec<PathBuf>,
    pub registrations: Option<PathBuf>,
    pub policies: Option<PathBuf>,
    /// Empty: `group::DEFAULT`.
    pub group_by: Vec<GroupKey>,
    /// Seconds ahead of UTC, where given.
    pub utc_offset: Option<f64>,
    /// The scenario's name, as given (for the summary).
    pub out: PathBuf,
}

/// The scenario's text and what the report shows.
#[derive(Debug, Clone)]
pub struct Imported {
    pub scenario: String,
    pub summary: ImportSummary,
}

/// Reads every export once and infers the scenario; `reading` is told of
/// each file before it is read. Nothing is written here.
pub fn import(o: &Options, reading: &mut dyn FnMut(&Path)) -> Result<Imported, Error> {
    let keys = if o.group_by.is_empty() {
        group::DEFAULT.to_vec()
    } else {
        o.group_by.clone()
    };
    sources::distinct(&o.sign_ins)?;
    let mut agg = Aggregator::new(o.utc_offset.unwrap_or(0.0));
    let mut sources_read = Vec::new();
    for file in &o.sign_ins {
        reading(file);
        sources_read.push(sources::sign_ins(file, GroupKey::field(&keys), &mut agg)?);
    }
    let report = match &o.registrations {
        Some(file) => {
            reading(file);
            let (report, source) = sources::registrations(file)?;
            sources_read.push(source);
            Some(report)
        }
        None => None,
    };
    let policies = match &o.policies {
        Some(file) => {
            reading(file);
            let (policies, source) = sources::policies(file)?;
            sources_read.push(source);
            Some(policies)
        }
        None => None,
    };
    // Messages about the logs as a whole name them all.
    let logs: PathBuf = o
        .sign_ins
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
        .into();
    let inputs = infer::Inputs {
        agg: &agg,
        report: report.as_ref(),
        policies: policies.as_deref(),
        keys: &keys,
        utc_offset: o.utc_offset,
        logs: &logs,
        reread: &|each| {
            for file in &o.sign_ins {
                authsim_signins::read::sign_ins(file, GroupKey::field(&keys), each)?;
            }
            Ok(())
        },
    };
    let (mut model, cohorts) = infer::infer(&inputs)?;
    model.header = header(&sources_read, &keys);
    let scenario = scenario::write(&model);
    let defaults = located_defaults(&scenario);
    let summary = ImportSummary {
        scenario: o.out.display().to_string(),
        sources: sources_read,
        cohorts,
        defaults,
    };
    Ok(Imported { scenario, summary })
}

/// The scenario's leading comment: what was read, and how users were grouped.
fn header(sources: &[summary::Source], keys: &[GroupKey]) -> Vec<String> {
    let mut lines = vec!["Imported by `authsim import` from:".to_string()];
    for s in sources {
        let aside: u64 = s.set_aside.iter().map(|(_, n)| n).sum();
        lines.push(format!(
            "  {} ({}, {} records, {aside} set aside)",
            s.file, s.format, s.records
        ));
    }
    let keys: Vec<String> = keys.iter().map(GroupKey::describe).collect();
    lines.push(format!(
        "Users grouped by {}; groups under the minimum size merged into the nearest (docs/import.md).",
        keys.join(", then ")
    ));
    lines
        .push("Every inferred value says its evidence; every other is marked DEFAULT.".to_string());
    lines.push("Run it:  authsim run THIS_FILE".to_string());
    lines
}

/// Each `# DEFAULT` of the written scenario as `WHERE: WHAT`, WHERE the dotted
/// path of its table, and of its key where the comment ends a key's line, so
/// the import report can say what each default is about.
fn located_defaults(scenario: &str) -> Vec<String> {
    let mut table = String::new();
    let mut defaults = Vec::new();
    for line in scenario.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && !trimmed.starts_with("[[") && trimmed.ends_with(']') {
            table = trimmed.trim_matches(['[', ']']).to_string();
            continue;
        }
        let Some((before, what)) = line.split_once(scenario::DEFAULT) else {
            continue;
        };
        let key = before.split_once('=').map(|(k, _)| k.trim()).unwrap_or("");
        let place = match (table.is_empty(), key.is_empty()) {
            (true, true) => String::new(),
            (true, false) => key.to_string(),
            (false, true) => table.clone(),
            (false, false) => format!("{table}.{key}"),
        };
        defaults.push(match place.is_empty() {
            true => what.to_string(),
            false => format!("{place}: {what}"),
        });
    }
    defaults
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_default_names_its_table_and_key() {
        let text = "seed = 1   # DEFAULT (not in the exports): a constant\n\
                    [components.mfa_service]\n\
                    # DEFAULT (not in the exports): never fails\n\
                    [cohorts.\"a+b\".activity]\n\
                    utc_offset = \"+00:00\"   # DEFAULT (not in the exports): UTC\n";
        assert!(text.contains(super::scenario::DEFAULT));
        assert_eq!(
            super::located_defaults(text),
            [
                "seed: a constant",
                "components.mfa_service: never fails",
                "cohorts.\"a+b\".activity.utc_offset: UTC",
            ]
        );
    }
}
