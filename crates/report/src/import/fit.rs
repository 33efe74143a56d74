//! The fit at a glance, first on the page: per cohort and app, the share of
//! hours of the week where the fit is within Poisson noise of the log, and
//! the hour it misses most, flagged where the fit misses.

use super::gaps::{Gap, hour_label};
use super::{esc, number};
use crate::html::table;
use authsim_import::summary::{AppFit, CohortFit};
use std::fmt::Write;

/// An hour's gap counts as noise within this many standard errors: about 95%
/// of hours are, were sign-ins Poisson at the fitted rate.
pub const NOISE: f64 = 2.0;
/// A fit is flagged as missing the log where fewer of its hours than this
/// share are within `NOISE`: Poisson noise alone puts 95% there, 90% of 168
/// hours is over three binomial standard deviations below that.
pub const FLAG_BELOW: f64 = 0.9;

/// How one app's fit of one cohort matches its log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Hours whose gap is within `NOISE` standard errors (or nothing fitted
    /// and nothing observed).
    pub within: usize,
    /// Hours judged: those with a number observed and fitted.
    pub hours: usize,
    /// The hour of the largest gap in standard errors, and that gap; hours
    /// with sign-ins where none were fitted come first, as infinite.
    pub worst: Option<(usize, f64)>,
}

impl Match {
    pub fn of(app: &AppFit, users: u32) -> Match {
        let mut m = Match {
            within: 0,
            hours: 0,
            worst: None,
        };
        for (hour, (&observed, &fitted)) in app.observed.iter().zip(&app.fitted).enumerate() {
            if !(observed.is_finite() && fitted.is_finite()) {
                continue;
            }
            let gap = Gap {
                hour,
                observed,
                fitted,
            };
            let errors = match gap.errors(f64::from(users), app.weeks) {
                Some(e) => e,
                None if observed == fitted => 0.0,
                None => f64::INFINITY.copysign(observed - fitted),
            };
            m.hours += 1;
            m.within += usize::from(errors.abs() <= NOISE);
            if m.worst.is_none_or(|(_, w)| errors.abs() > w.abs()) {
                m.worst = Some((hour, errors));
            }
        }
        m
    }

    pub fn share(&self) -> f64 {
        self.within as f64 / self.hours.max(1) as f64
    }

    /// Whether the fit misses the log: too few hours within noise.
    pub fn misses(&self) -> bool {
        self.hours > 0 && self.share() < FLAG_BELOW
    }
}

pub fn section(out: &mut String, cohorts: &[CohortFit]) {
    let _ = writeln!(out, "<h2 id=\"fit\">How well the fit matches the log</h2>");
    let rows: Vec<(bool, Vec<String>)> = cohorts
        .iter()
        .enumerate()
        .flat_map(|(c, cohort)| {
            cohort.apps.iter().enumerate().map(move |(a, app)| {
                let m = Match::of(app, cohort.users);
                (m.misses(), row(c, a, cohort, app, &m))
            })
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"none\">No app of any cohort was fitted.</p>"
        );
        return;
    }
    let missed = rows.iter().filter(|(m, _)| *m).count();
    let lead = match missed {
        0 => "The fit is within noise of the log for every cohort and app.".to_string(),
        1 => "<strong class=\"miss\">The fit misses the log for 1 cohort and app</strong>: \
              review it before relying on the scenario."
            .to_string(),
        n => format!(
            "<strong class=\"miss\">The fit misses the log for {n} cohorts and apps</strong>: \
             review them before relying on the scenario."
        ),
    };
    let _ = writeln!(
        out,
        "<p>{lead} In each hour of the week the gap between observed and fitted \
         sign-ins is measured in standard errors of a Poisson count; about 95% of \
         hours are within {} were the fit right. A fit is flagged where fewer than \
         {}% are. Real sign-ins vary more than Poisson, so a few hours beyond may \
         still be noise.</p>",
        number(NOISE),
        number(FLAG_BELOW * 100.0)
    );
    table(
        out,
        &[
            "cohort",
            "app",
            "hours within 2 standard errors",
            "worst hour (local)",
            "fit",
        ],
        rows.into_iter().map(|(_, r)| r).collect(),
    );
}

/// One app's row, its cells in two lines to leave the names room (which
/// never wrap: the browser would break a name at punctuation); the cohort links to its section, the app to its chart.
fn row(c: usize, a: usize, cohort: &CohortFit, app: &AppFit, m: &Match) -> Vec<String> {
    let share = format!(
        "{}%<br><span class=\"unit\">{} of {}</span>",
        (m.share() * 100.0).round(),
        m.within,
        m.hours
    );
    let worst = m.worst.map_or_else(
        || "<span class=\"none\">no hour</span>".to_string(),
        |(hour, errors)| {
            let by = match errors.is_finite() {
                true => format!("{} standard errors", number(errors)),
                false => "sign-ins where none were fitted".to_string(),
            };
            format!("<span class=\"hour\">{}</span><br>{by}", hour_label(hour))
        },
    );
    let verdict = match m.misses() {
        true => "<strong class=\"miss\">misses</strong>",
        false => "within noise",
    };
    vec![
        format!(
            "<a class=\"name\" href=\"#cohort-{c}\">{}</a>",
            esc(&cohort.name)
        ),
        format!(
            "<a class=\"name\" href=\"#chart-{c}-{a}\">{}</a>",
            esc(&app.name)
        ),
        share,
        worst,
        verdict.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(observed: Vec<f64>, fitted: Vec<f64>) -> AppFit {
        AppFit {
            name: "mail".into(),
            uses: fitted.clone(),
            observed,
            fitted,
            weeks: 1.0,
        }
    }

    #[test]
    fn hours_within_two_standard_errors_by_hand() {
        // 4 users, 1 week, fitted 1 an hour: standard error √(1/4) = 0.5, so
        // 2 observed is 2 errors (within), 2.5 is 3 (beyond), 0 is −2 (within).
        let mut observed = vec![1.0; 10];
        observed[2] = 2.0;
        observed[5] = 2.5;
        observed[7] = 0.0;
        let m = Match::of(&app(observed, vec![1.0; 10]), 4);
        assert_eq!((m.within, m.hours), (9, 10));
        assert_eq!(m.worst, Some((5, 3.0)));
        assert!(!m.misses(), "90% within is not flagged");
        // One more hour beyond: 80%, flagged.
        let mut observed = vec![1.0; 10];
        observed[1] = 0.0; // −2: within
        observed[3] = 3.0; // +4
        observed[4] = -1.0; // −4, the same size: the earlier hour stays worst
        let m = Match::of(&app(observed, vec![1.0; 10]), 4);
        assert_eq!((m.within, m.worst), (8, Some((3, 4.0))));
        assert!(m.misses());
    }

    #[test]
    fn unfitted_hours_with_sign_ins_are_the_worst_miss() {
        let (mut observed, mut fitted) = (vec![1.0; 4], vec![1.0; 4]);
        (observed[0], fitted[0]) = (0.0, 0.0); // nothing either side: a match
        (observed[3], fitted[3]) = (0.2, 0.0);
        observed[1] = f64::NAN; // not judged
        let m = Match::of(&app(observed, fitted), 4);
        assert_eq!((m.within, m.hours), (2, 3));
        assert_eq!(m.worst, Some((3, f64::INFINITY)));
    }
}
