//! The terminal's `time_to_act` block: for each variant, each fallback switch and
//! contingency rule, how long after an incident began it took effect, and how
//! many incidents it never acted on.

use super::table::grouped;
use authsim::export::Outputs;
use authsim::export::actions::ActionRecord;
use authsim::export::records::Row;
use std::fmt::Write;

pub fn section(out: &mut String, outputs: &Outputs) {
    if outputs.actions.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\ntime to act: from each incident's start to the switch or rule in effect (hours, 95% intervals)"
    );
    let width = outputs
        .actions
        .iter()
        .map(|r| r.fields.kind.len() + 1 + r.fields.name.len())
        .max()
        .unwrap_or(0);
    grouped(out, &outputs.actions, |r| &r.variant, |r| line(r, width));
}

fn line(row: &Row<ActionRecord>, width: usize) -> String {
    let a = &row.fields;
    let name = format!("{}.{}", a.kind, a.name);
    let time = match (a.time_to_act_hours, a.time_to_act_hours_ci95) {
        (Some(mean), Some(ci)) => format!("{mean:.2} ± {ci:.2}"),
        (Some(mean), None) => format!("{mean:.2}"),
        (None, _) if a.never_share.is_some() => "never".to_string(),
        (None, _) => "-".to_string(),
    };
    let never = match a.never_share {
        Some(share) => format!(
            "never acted on: {:.0}% of {:.2} incidents per replication",
            100.0 * share,
            a.incidents_per_replication
        ),
        None => "no incident".to_string(),
    };
    let by = match a.acted_by.is_empty() {
        true => "no sign-in needed".to_string(),
        false => format!("acted by {}", a.acted_by.replace(' ', ", ")),
    };
    format!("{name:<width$}  {time:>14}  {never}; {by}")
}
