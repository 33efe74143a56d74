//! How bad a bad year (or month) is, where failures come at random: each
//! design's percentiles of the metrics of interest over its replications, as
//! the terminal gives them and the exceedance chart draws them.

use super::{esc, table};
use crate::chart::exceedance::period;
use crate::folder::RunFolder;
use authsim_core::montecarlo::metrics::Metric;
use authsim_export::numbers::percentile;
use std::fmt::Write;

/// The sentence the answer adds, where the baseline's `metric` has percentiles:
/// how bad a bad period is for it, with a link to the table.
pub fn sentence(run: &RunFolder, metric: Metric) -> Option<String> {
    let baseline = run.variants.first()?;
    let record = &run.record(baseline, metric)?.fields;
    if record.percentiles.is_empty() || !record.modelled {
        return None;
    }
    let period = period(&run.scenario.simulation);
    let shown: Vec<String> = (record.percentiles.iter())
        .map(|p| format!("{} {}", p.name(), esc(&percentile(metric, p))))
        .collect();
    Some(format!(
        "<a href=\"#tail\">How bad a bad {period} is</a>, for the baseline: {}.",
        shown.join(", ")
    ))
}

pub fn section(out: &mut String, run: &RunFolder) {
    let rows: Vec<_> = (run.summary.results.iter())
        .filter(|r| r.fields.modelled && !r.fields.percentiles.is_empty())
        .collect();
    let Some(first) = rows.first() else {
        return;
    };
    let period = period(&run.scenario.simulation);
    let n = first.fields.replications;
    let _ = writeln!(
        out,
        "<h3 id=\"tail\">How bad a bad {period} is</h3><p>Percentiles of the {n} replications' \
         values, each a random {period}, with their 95% intervals (distribution-free; open: {n} \
         replications bound none on that side). The exceedance chart draws them.</p>"
    );
    let names: Vec<String> = first.fields.percentiles.iter().map(|p| p.name()).collect();
    let head: Vec<&str> = ["design", "metric"]
        .into_iter()
        .chain(names.iter().map(String::as_str))
        .collect();
    let cells = rows
        .iter()
        .map(|r| {
            let m = r.fields.metric;
            [
                esc(&run.label(&r.variant)),
                format!("<code>{}</code>", m.name()),
            ]
            .into_iter()
            .chain(r.fields.percentiles.iter().map(|p| esc(&percentile(m, p))))
            .collect()
        })
        .collect();
    table(out, &head, cells);
}
