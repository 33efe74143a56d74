//! The compact tables printed after a run: one block per variant, then each
//! variant's difference from the baseline.

use super::{Report, summary_rows};
use std::fmt::Write;

pub fn render(report: &Report) -> String {
    let r = report.result;
    let mut out = String::new();
    if !report.description.is_empty() {
        let _ = writeln!(out, "{}", report.description);
    }
    let _ = writeln!(
        out,
        "{} · seed {} · {} replications · 95% intervals",
        report.scenario, r.seed, r.replications
    );
    if let Some(s) = &report.stopping {
        let _ = writeln!(
            out,
            "precision {:.1}%: {} after {} replications; least precise: {} of \"{}\" at ±{:.1}%",
            100.0 * s.target,
            if s.reached {
                "reached"
            } else {
                "NOT reached (--max-replications)"
            },
            s.replications,
            s.metric,
            s.variant,
            100.0 * s.relative_half_width
        );
    }
    let shown = |name: &str| r.applicable.iter().any(|m| m.name() == name);
    let rows: Vec<_> = summary_rows(r)
        .into_iter()
        .filter(|row| shown(row.metric))
        .collect();
    let width = rows.iter().map(|r| r.metric.len()).max().unwrap_or(0);
    let mut current = None;
    for row in &rows {
        if current != Some(row.index) {
            let _ = writeln!(out, "\n  {}", row.variant);
            current = Some(row.index);
        }
        let (mean, ci) = rounded(row.mean, row.ci95_half_width);
        let _ = writeln!(out, "    {:<width$}  {mean:>14} ± {ci}", row.metric);
    }
    if let Some(c) = &report.comparison {
        let _ = writeln!(
            out,
            "\ndifference from baseline, paired by replication: {}",
            if c.comparisons > 1 {
                format!(
                    "{:.2}% intervals (Bonferroni for {} comparisons: 95% jointly)",
                    100.0 * c.level,
                    c.comparisons
                )
            } else {
                "95% intervals".to_string()
            }
        );
        let mut current = None;
        for d in c.rows.iter().filter(|d| shown(d.metric.name())) {
            if current != Some(&d.variant) {
                let _ = writeln!(out, "\n  {}", d.variant);
                current = Some(&d.variant);
            }
            let (diff, ci) = rounded(d.difference.mean, d.half_width);
            let change = d
                .relative_change()
                .map_or(String::new(), |x| format!("  ({:+.1}%)", 100.0 * x));
            let sign = if d.difference.mean > 0.0 { "+" } else { "" };
            let _ = writeln!(
                out,
                "    {:<width$}  {:>14} ± {ci}{change}",
                d.metric.name(),
                format!("{sign}{diff}")
            );
        }
    }
    out
}

/// Rounds mean and half-width to the half-width's second significant digit.
pub fn rounded(mean: f64, half_width: f64) -> (String, String) {
    let decimals = if half_width > 0.0 && half_width.is_finite() {
        (1 - half_width.log10().floor() as i32).clamp(0, 8) as usize
    } else if mean.fract() == 0.0 {
        0
    } else {
        4
    };
    (
        format!("{mean:.decimals$}"),
        format!("{half_width:.decimals$}"),
    )
}

#[cfg(test)]
mod tests {
    use super::rounded;

    #[test]
    fn rounds_to_the_interval() {
        assert_eq!(
            rounded(0.012345, 0.00123),
            ("0.0123".into(), "0.0012".into())
        );
        assert_eq!(rounded(123456.7, 2345.0), ("123457".into(), "2345".into()));
        assert_eq!(rounded(5.0, 0.0), ("5".into(), "0".into()));
    }
}
