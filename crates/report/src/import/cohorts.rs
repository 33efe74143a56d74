//! Each cohort: its users, time zone and evidence, then per app the
//! hour-of-week chart and the hours where the fit misses the log most.

use super::gaps::{self, hour_label};
use super::week::WeekChart;
use super::{esc, number};
use crate::chart::Figure;
use crate::html::{inline, table};
use authsim_import::summary::{AppFit, CohortFit};
use std::fmt::Write;

pub fn sections(out: &mut String, cohorts: &[CohortFit]) -> Result<(), Box<dyn std::error::Error>> {
    if cohorts.is_empty() {
        let _ = writeln!(out, "<h2 id=\"cohorts\">Cohorts</h2>");
        let _ = writeln!(out, "<p class=\"none\">No cohort was fitted.</p>");
    }
    for (c, cohort) in cohorts.iter().enumerate() {
        section(out, c, cohort)?;
    }
    Ok(())
}

/// One cohort's section; ids are made of indices, since names are free text.
fn section(
    out: &mut String,
    c: usize,
    cohort: &CohortFit,
) -> Result<(), Box<dyn std::error::Error>> {
    let name = esc(&cohort.name);
    let zone = zone(cohort.utc_offset_hours);
    let _ = writeln!(out, "<h2 id=\"cohort-{c}\">Cohort {name}</h2>");
    let apps = match cohort.apps.is_empty() {
        true => "<span class=\"none\">none</span>".to_string(),
        false => cohort
            .apps
            .iter()
            .map(|a| esc(&a.name))
            .collect::<Vec<_>>()
            .join(", "),
    };
    table(
        out,
        &[],
        vec![
            vec!["users".into(), cohort.users.to_string()],
            vec!["local time".into(), zone.clone()],
            vec!["apps".into(), apps],
        ],
    );
    if !cohort.evidence.is_empty() {
        let _ = writeln!(
            out,
            "<p>The evidence, as the scenario's comments give it:</p><ul>"
        );
        for line in &cohort.evidence {
            let _ = writeln!(out, "<li>{}</li>", esc(line));
        }
        let _ = writeln!(out, "</ul>");
    }
    for (a, app) in cohort.apps.iter().enumerate() {
        let chart = WeekChart {
            app,
            zone: zone.clone(),
        };
        let heading = format!(
            "{}, {}: activity by hour of the week",
            cohort.name, app.name
        );
        let figure = Figure::draw(&chart, "hour-of-week", heading)?;
        inline(out, &format!("chart-{c}-{a}"), &figure);
        largest_gaps(out, cohort, app);
    }
    Ok(())
}

/// The hours where observed and fitted differ most, as a table.
fn largest_gaps(out: &mut String, cohort: &CohortFit, app: &AppFit) {
    let (users, weeks) = (f64::from(cohort.users), app.weeks);
    let (cohort, name) = (esc(&cohort.name), esc(&app.name));
    let gaps = gaps::largest(&app.observed, &app.fitted);
    if gaps.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"none\">The fit of {cohort}, {name} matches the log in every hour.</p>"
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p>Where the fit of {cohort}, {name} misses the log most \
         (sign-ins per user in the hour), and by how many standard errors of a \
         Poisson count of {users} user{} over {} weeks: a gap of a few is noise; real \
         sign-ins vary more than Poisson, so even more may be.</p>",
        if users == 1.0 { "" } else { "s" },
        number(weeks)
    );
    let rows = gaps
        .into_iter()
        .map(|g| {
            vec![
                hour_label(g.hour),
                number(g.observed),
                number(g.fitted),
                number(g.observed - g.fitted),
                g.errors(users, weeks)
                    .map_or_else(|| "—".to_string(), number),
            ]
        })
        .collect();
    table(
        out,
        &[
            "hour (local)",
            "observed",
            "fitted",
            "observed − fitted",
            "standard errors",
        ],
        rows,
    );
}

/// A UTC offset as a clock names it: `UTC`, `UTC+2`, `UTC−5:30`.
fn zone(hours: f64) -> String {
    let minutes = (hours * 60.0).round() as i64;
    let sign = if minutes < 0 { "−" } else { "+" };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    match (h, m) {
        (0, 0) => "UTC".into(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::zone;

    #[test]
    fn offsets_read_as_clocks_name_them() {
        assert_eq!(zone(0.0), "UTC");
        assert_eq!(zone(2.0), "UTC+2");
        assert_eq!(zone(-5.5), "UTC−5:30");
        assert_eq!(zone(5.75), "UTC+5:45");
    }
}
