//! The dependency analysis in the report: the single points of failure of each
//! design, and for each cohort and registration mix its sign-in's availability
//! over the cohort's working time and the events that take the largest shares of
//! its unavailability, so the review sees which components to make redundant
//! before reading what the simulation blamed the denials on. A common cause is
//! shown with the components it takes down, the names the denials use.

use super::{SHOWN, at_most, esc, table};
use crate::chart::denials::percent;
use authsim_core::analysis::{self, Analysis, Mix, PathAnalysis, SIGN_IN};
use authsim_core::error::Error;
use std::fmt::Write;

/// The largest shares of a sign-in's unavailability shown, and the least.
const LARGEST: usize = 3;
const LEAST_SHARE: f64 = 0.05;
/// Where every line a table leaves out is.
const ANALYZE: &str = "every one in <code>authsim analyze</code>'s output";

pub fn section(out: &mut String, analyses: &Result<Vec<Analysis>, Error>) {
    let _ = writeln!(
        out,
        "<h2 id=\"dependencies\">Dependencies</h2><p>From the scenario's structure alone, no simulation: \
         what <code>authsim analyze</code> finds (it also lists the minimal cut sets, the \
         trees and each component's importance).</p>"
    );
    let analyses = match analyses {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(
                out,
                "<p class=\"none\">Not analysed: {}</p>",
                esc(&e.to_string())
            );
            return;
        }
    };
    let _ = writeln!(
        out,
        "<p>Single points of failure: events whose failure alone, every other one up, \
         stops some users' sign-in (before or after a delayed rule or switch takes effect), \
         with the share of all users it stops. Delayed rules and switches: each sign-in they \
         bear on is analysed before they take effect and after.</p>"
    );
    let rows = analyses
        .iter()
        .map(|a| {
            let points = a
                .single_points
                .iter()
                .map(|p| format!("{} ({})", event(a, &p.event), percent(p.users_locked_out)));
            let more = |n: usize| format!("and {n} more: {ANALYZE}");
            let lines = |v: &[String]| at_most(v.iter().map(|w| esc(w)), more).join("<br>");
            vec![
                esc(&a.variant),
                or_none(at_most(points, more)),
                lines(&a.delayed),
                lines(&a.warnings),
            ]
        })
        .collect();
    table(
        out,
        &[
            "design",
            "single points of failure",
            "delayed rules and switches",
            "warnings",
        ],
        rows,
    );
    if let Some(baseline) = analyses.first() {
        mixes(out, baseline);
    }
    let _ = writeln!(out, "<p>Assumed:</p><ul>");
    for a in analysis::ASSUMPTIONS {
        let _ = writeln!(out, "<li>{}</li>", esc(a));
    }
    let _ = writeln!(out, "</ul>");
}

/// An event by name, a common cause with the components it takes down (a
/// component, a copy of one or its outage windows is named after it).
fn event(a: &Analysis, name: &str) -> String {
    let own = |c: &String| name.starts_with(c.as_str());
    match a.events.iter().find(|e| e.name == name) {
        Some(e) if !e.components.iter().any(own) => {
            format!("{} ({})", esc(name), esc(&e.components.join(", ")))
        }
        _ => esc(name),
    }
}

fn or_none(items: Vec<String>) -> String {
    match items.is_empty() {
        true => "<span class=\"none\">none</span>".to_string(),
        false => items.join(", "),
    }
}

fn sign_ins(m: &Mix) -> impl Iterator<Item = &PathAnalysis> {
    m.paths.iter().filter(|p| p.path == SIGN_IN)
}

/// The baseline's sign-in per cohort and registration mix, once for each view
/// where a delayed rule or switch bears on it.
fn mixes(out: &mut String, a: &Analysis) {
    let mut views: Vec<_> = a
        .mixes
        .iter()
        .flat_map(|m| sign_ins(m).map(move |p| (m, p)))
        .collect();
    let all = views.len();
    if all == 0 {
        return;
    }
    let which = match all > SHOWN {
        true => {
            // Stable: views equally available keep the analysis's order.
            views.sort_by(|x, y| x.1.availability.total_cmp(&y.1.availability));
            views.truncate(SHOWN);
            format!(
                " (the {SHOWN} of {all} least available, least first; every one in \
                 <code>paths.csv</code> of <code>authsim analyze</code>)"
            )
        }
        false => String::new(),
    };
    let _ = writeln!(
        out,
        "<p>{}: the sign-in of each registration mix{which}, available for the share of the \
         cohort's working time in the measured period shown, and the events whose \
         failure takes the largest shares of that unavailability (Fussell-Vesely: the \
         share gone were the event never to fail), to read beside the lockout hours the \
         simulation puts on each component.</p>",
        esc(&a.variant)
    );
    let list = |v: &[String]| or_none(v.iter().map(|e| event(a, e)).collect());
    let rows = views
        .into_iter()
        .map(|(m, p)| {
            let cohort = match p.delays {
                Some(d) => format!("{} ({})", esc(&m.cohort), d.words()),
                None => esc(&m.cohort),
            };
            vec![
                cohort,
                format!("{:.0}", m.users),
                esc(&m.methods.join(", ")),
                format!("{:.4}%", 100.0 * p.availability),
                list(&p.single_points),
                list(&p.every_token_request),
                largest(a, p),
            ]
        })
        .collect();
    table(
        out,
        &[
            "cohort",
            "users",
            "registered methods",
            "sign-in available",
            "single points of failure",
            "besides, every token request's",
            "largest shares of unavailability",
        ],
        rows,
    );
}

/// The events with the largest Fussell-Vesely importance to a path, each at
/// least `LEAST_SHARE`.
fn largest(a: &Analysis, p: &PathAnalysis) -> String {
    let mut shares: Vec<_> = p
        .importance
        .iter()
        .filter(|i| i.fussell_vesely >= LEAST_SHARE)
        .collect();
    shares.sort_by(|x, y| y.fussell_vesely.total_cmp(&x.fussell_vesely));
    let shown = shares
        .iter()
        .take(LARGEST)
        .map(|i| format!("{} {}", event(a, &i.event), percent(i.fussell_vesely)))
        .collect();
    or_none(shown)
}
