//! `authsim import`: a scenario inferred from the tenant's sign-in logs (and
//! registration report and conditional access policies), with its import
//! report; each file read is named on standard error as it is read.

use super::emit;
use authsim::error::Error;
use authsim::scenario::activity::UtcOffset;
use authsim_import::group::GroupKey;
use authsim_import::output::{Staged, check_targets};
use authsim_import::{Options, import};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ImportArgs {
    /// Sign-in logs: Graph JSON pages or JSON lines, Azure Monitor records,
    /// the portal's or a SIEM's CSV; gzipped or not.
    #[arg(long = "sign-ins", value_name = "FILE", required = true, num_args = 1..)]
    sign_ins: Vec<PathBuf>,
    /// The registration report (Graph userRegistrationDetails, JSON or CSV).
    #[arg(long, value_name = "FILE")]
    registrations: Option<PathBuf>,
    /// Conditional access policies (Graph conditionalAccessPolicy JSON).
    #[arg(long, value_name = "FILE")]
    policies: Option<PathBuf>,
    /// What splits users into cohorts, in order: registration, user-type, device,
    /// field:NAME (repeatable; default user-type, registration, device).
    #[arg(long = "group-by", value_name = "KEY")]
    group_by: Vec<String>,
    /// Local time's lead on UTC for the activity profile, e.g. +01:00 (default +00:00).
    #[arg(long, value_name = "+HH:MM", allow_hyphen_values = true)]
    utc_offset: Option<String>,
    /// The scenario to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The import report (HTML); default: beside the scenario, NAME.import.html.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Overwrite the scenario or report where they exist.
    #[arg(long)]
    force: bool,
}

/// `NAME.import.html` beside `scenario.toml`.
fn default_report(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.import.html"))
}

pub fn run(a: &ImportArgs) -> Result<(), Error> {
    let group_by = a
        .group_by
        .iter()
        .map(|k| GroupKey::parse(k))
        .collect::<Result<Vec<_>, _>>()?;
    let utc_offset = match &a.utc_offset {
        Some(text) => Some(
            text.parse::<UtcOffset>()
                .map_err(|e| Error::Usage(format!("--utc-offset: {e}")))?
                .0,
        ),
        None => None,
    };
    let report = a.report.clone().unwrap_or_else(|| default_report(&a.out));
    let inputs: Vec<&Path> = a
        .sign_ins
        .iter()
        .chain(&a.registrations)
        .chain(&a.policies)
        .map(PathBuf::as_path)
        .collect();
    check_targets(&a.out, &report, &inputs, a.force)?;
    let options = Options {
        sign_ins: a.sign_ins.clone(),
        registrations: a.registrations.clone(),
        policies: a.policies.clone(),
        group_by,
        utc_offset,
        out: a.out.clone(),
    };
    let mut stderr = std::io::stderr();
    let imported = import(&options, &mut |file| {
        let _ = writeln!(stderr, "reading {}", file.display());
    })?;
    // Both written to temporary files before either is renamed into place:
    // nothing is written unless everything is.
    let scenario = Staged::write(&a.out, imported.scenario.as_bytes())?;
    let page = Staged::beside(&report);
    authsim::report::import::write(&imported.summary, &page.temporary)?;
    scenario.commit()?;
    page.commit()?;
    let cohorts = imported.summary.cohorts.len();
    let users: u32 = imported.summary.cohorts.iter().map(|c| c.users).sum();
    let defaults = imported.summary.defaults.len();
    emit(&format!(
        "wrote {} ({}, {}; {} marked)\nwrote {}\nnext: authsim check {0}; authsim run {0}\n",
        a.out.display(),
        count(cohorts, "cohort"),
        count(users as usize, "user"),
        count(defaults, "default"),
        report.display()
    ))
}

/// "1 cohort", "2 cohorts".
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
