//! Designs ranked by how much they cut a metric, from the paired comparison:
//! the answer a planner reads first ("which design change cuts lockout hours
//! most"), never without its price beside it: the change in policy staleness
//! (the security side) and in prompts. A design that cuts lockout by raising
//! staleness says so, and one another design (or the baseline) beats on both
//! sides is marked: there is no exchange rate between lockout hours and
//! staleness hours to rank them on one scale, so the planner weighs them.

use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::percentiles::RANKED;
use authsim_export::numbers::metric_difference;
use authsim_export::records::{ComparisonDocument, ComparisonRecord};

/// The metric designs are ranked by: lockout hours where people sign in, else the
/// workloads' denial rate, else the denial rate. `modelled` is the summary's list.
pub fn ranked_by(modelled: &[Metric]) -> Metric {
    RANKED
        .into_iter()
        .find(|m| modelled.is_empty() || modelled.contains(m))
        .unwrap_or(Metric::DenialRate)
}

/// What every ranked line shows beside the ranked metric, where modelled: the
/// security side first (`SECURITY`), then prompts.
pub const BESIDE: [Metric; 3] = [
    Metric::PolicyStalenessMean,
    Metric::SignInStalenessMean,
    Metric::PromptsPerUserDay,
];

/// The security side: a design that raises either staleness pays for its cut
/// with it. Sign-in staleness is shown only where it moves (a sign-in
/// frequency's design), so token designs keep short lines.
const SECURITY: [Metric; 2] = [Metric::PolicyStalenessMean, Metric::SignInStalenessMean];

/// The relative change in staleness a ranked line counts as a cost (and, for
/// sign-in staleness, shows): a key refresh moving policy staleness by a
/// second is significant over 60 replications and costs nothing.
const MATERIAL: f64 = 0.05;

/// A design's paired difference from the baseline in one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub metric: Metric,
    pub difference: f64,
    /// The difference's interval.
    pub low: f64,
    pub high: f64,
    pub relative_change: Option<f64>,
    /// Replications in which the design differs from the baseline, where fewer
    /// than `MIN_EVENTS`: the interval may hold far less than its level.
    pub few_events: Option<u32>,
}

impl Change {
    /// A comparison record's change, as every table of differences shows it.
    pub fn of(r: &ComparisonRecord) -> Self {
        let (low, high) = r.interval();
        Change {
            metric: r.metric,
            difference: r.difference,
            low,
            high,
            relative_change: r.relative_change,
            few_events: r.event_replications.filter(|_| r.few_events),
        }
    }

    /// The interval excludes zero: the design differs from the baseline.
    pub fn significant(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }

    /// Significant and by at least `MATERIAL` of the baseline: the sign-in
    /// staleness of 45 days moves by minutes with every token design, which
    /// says nothing; a sign-in frequency's design moves it by days.
    fn material(&self) -> bool {
        self.significant() && self.relative_change.is_none_or(|r| r.abs() >= MATERIAL)
    }

    /// `-25 ± 3 (-20.8%)`: signed, rounded to the interval; a share's in
    /// percentage points.
    pub fn change(&self) -> String {
        metric_difference(
            self.metric,
            self.difference,
            self.low,
            self.high,
            self.relative_change,
        )
    }

    /// `staleness +11.4 ± 0.1 h (+1789.3%)`: the change, named short, in its unit.
    pub fn labelled(&self) -> String {
        let (name, unit) = short(self.metric);
        let (diff, relative) = match self.change().split_once(" (") {
            Some((d, r)) => (d.to_string(), format!(" ({r}")),
            None => (self.change(), String::new()),
        };
        format!("{name} {diff}{unit}{relative}")
    }
}

/// A metric's short name and unit in a ranked line.
fn short(m: Metric) -> (&'static str, &'static str) {
    match m {
        Metric::LockoutHoursPer1kUsers => ("lockout", " h/1k users"),
        Metric::PolicyStalenessMean => ("staleness", " h"),
        Metric::SignInStalenessMean => ("sign-in staleness", " h"),
        Metric::PromptsPerUserDay => ("prompts", "/user-day"),
        other => (other.name(), ""),
    }
}

/// One design's place: its change in the ranked metric, and beside it the
/// changes in `BESIDE` that the run models.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<'a> {
    pub variant: &'a str,
    pub ranked: Change,
    pub beside: Vec<Change>,
    /// It cuts the ranked metric by raising staleness, both significantly.
    pub trades_security: bool,
    /// Another design, or the baseline, is no worse on the ranked metric and
    /// every change beside it, and better on one: off the Pareto front.
    pub dominated: bool,
}

impl Ranked<'_> {
    /// The ranked change, then each beside it: one line's figures.
    pub fn line(&self) -> String {
        std::iter::once(&self.ranked)
            .chain(self.costs())
            .map(Change::labelled)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The changes a line shows beside the ranked one: sign-in staleness only
    /// where it moves materially.
    pub fn costs(&self) -> impl Iterator<Item = &Change> {
        self.beside
            .iter()
            .filter(|c| c.metric != Metric::SignInStalenessMean || c.material())
    }

    /// The marks a reader needs before calling a design best.
    pub fn marks(&self) -> Vec<&'static str> {
        let mut marks = Vec::new();
        if self.trades_security {
            let policy = (self.security())
                .any(|c| c.metric == Metric::PolicyStalenessMean && c.low > 0.0 && c.material());
            marks.push(if policy {
                TRADES_SECURITY
            } else {
                TRADES_SIGN_IN
            });
        }
        if self.dominated {
            marks.push(DOMINATED);
        }
        marks
    }

    /// The changes on the security side, in `SECURITY`'s order.
    fn security(&self) -> impl Iterator<Item = &Change> {
        self.beside.iter().filter(|c| SECURITY.contains(&c.metric))
    }
}

pub const TRADES_SECURITY: &str = "trades security: cuts lockout by raising staleness";
pub const TRADES_SIGN_IN: &str = "trades security: cuts lockout by raising sign-in staleness";
pub const DOMINATED: &str =
    "dominated: another design is no worse on lockout, staleness and prompts";

/// How a ranking is read, for its heading.
pub const ORDER: &str = "most reduced first, increases last; \
     staleness (sign-in staleness too, where it moves) and prompts beside, \
     and a mark where a cut costs security \
     or another design is no worse on every side";

/// Every compared design, the largest cut in `metric` first, each with the
/// changes beside it.
pub fn ranking(c: &ComparisonDocument, metric: Metric) -> Vec<Ranked<'_>> {
    let change = |variant: &str, m: Metric| change(c, variant, m);
    let mut ranked: Vec<Ranked> = c
        .results
        .iter()
        .filter(|r| r.fields.metric == metric && r.is_whole())
        .filter_map(|r| {
            let beside = BESIDE
                .iter()
                .filter(|&&m| m != metric)
                .filter_map(|&m| change(&r.variant, m))
                .collect();
            Some(Ranked {
                variant: &r.variant,
                ranked: change(&r.variant, metric)?,
                beside,
                trades_security: false,
                dominated: false,
            })
        })
        .collect();
    ranked.sort_by(|a, b| a.ranked.difference.total_cmp(&b.ranked.difference));
    mark(&mut ranked);
    ranked
}

/// A design's paired difference from the baseline in `m`, for everyone.
pub fn change(c: &ComparisonDocument, variant: &str, m: Metric) -> Option<Change> {
    c.results
        .iter()
        .find(|r| r.variant == variant && r.fields.metric == m && r.is_whole())
        .map(|r| Change::of(&r.fields))
}

/// Marks the designs that trade security, and those off the Pareto front of
/// (ranked change, every change beside it), the baseline at the origin among them.
fn mark(ranked: &mut [Ranked]) {
    let points: Vec<Vec<f64>> = ranked
        .iter()
        .map(|r| {
            let beside = r.beside.iter().map(|c| c.difference);
            std::iter::once(r.ranked.difference).chain(beside).collect()
        })
        .collect();
    let origin = vec![0.0; points.first().map_or(0, Vec::len)];
    for (i, r) in ranked.iter_mut().enumerate() {
        let p = &points[i];
        if p.len() < 2 {
            continue;
        }
        let raises = r.security().any(|s| s.low > 0.0 && s.material());
        r.trades_security = r.ranked.high < 0.0 && raises;
        let others = points.iter().enumerate().filter(|&(j, _)| j != i);
        r.dominated = others
            .map(|(_, q)| q)
            .chain([&origin])
            .any(|q| q.len() == p.len() && dominates(q, p));
    }
}

/// `a` is no worse than `b` on every side (lower is better) and better on one.
fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use authsim_export::numbers::difference;

    fn design(lockout: f64, staleness: f64) -> Ranked<'static> {
        let change = |metric, d: f64| Change {
            metric,
            difference: d,
            low: d - 0.1,
            high: d + 0.1,
            relative_change: None,
            few_events: None,
        };
        Ranked {
            variant: "d",
            ranked: change(Metric::LockoutHoursPer1kUsers, lockout),
            beside: vec![change(Metric::PolicyStalenessMean, staleness)],
            trades_security: false,
            dominated: false,
        }
    }

    /// Three designs against the baseline (0, 0): A cuts lockout by raising
    /// staleness (on the front, but trading); B cuts as much for less staleness,
    /// so A is dominated by B; C raises both, dominated by the baseline.
    #[test]
    fn a_design_that_buys_lockout_with_staleness_is_marked() {
        let mut ranked = vec![design(-10.0, 5.0), design(-10.0, 1.0), design(2.0, 1.0)];
        mark(&mut ranked);
        let marks: Vec<(bool, bool)> = ranked
            .iter()
            .map(|r| (r.trades_security, r.dominated))
            .collect();
        assert_eq!(marks, [(true, true), (true, false), (false, true)]);
        // One line: each change as the comparison writes it, named, in its unit.
        let (lockout, staleness) = (
            difference(-10.0, -10.1, -9.9, None),
            difference(1.0, 0.9, 1.1, None),
        );
        assert_eq!(
            ranked[1].line(),
            format!("lockout {lockout} h/1k users, staleness {staleness} h")
        );
        let relative = Change {
            relative_change: Some(0.5),
            ..ranked[1].beside[0].clone()
        };
        assert_eq!(
            relative.labelled(),
            format!("staleness {staleness} h (+50.0%)")
        );
    }

    /// A looser sign-in frequency is not free: it cuts lockout by raising
    /// sign-in staleness with policy staleness unchanged, and says so; a token
    /// design whose sign-in staleness does not move materially keeps it off
    /// its line.
    #[test]
    fn a_looser_sign_in_frequency_trades_security_too() {
        let with_sign_in = |lockout: f64, sign_in: f64, low: f64| {
            let mut d = design(lockout, 0.0);
            d.beside[0].low = -0.1;
            d.beside.push(Change {
                metric: Metric::SignInStalenessMean,
                difference: sign_in,
                low,
                high: sign_in + 1.0,
                relative_change: None,
                few_events: None,
            });
            d
        };
        let mut ranked = vec![
            with_sign_in(-10.0, 1000.0, 999.0),
            with_sign_in(-5.0, 0.5, 0.1),
        ];
        ranked[0].beside[1].relative_change = Some(20.0);
        // Significant, but 0.05% of a 1000-hour level: not material.
        ranked[1].beside[1].relative_change = Some(0.0005);
        mark(&mut ranked);
        assert!(ranked[0].trades_security && !ranked[0].dominated);
        assert_eq!(ranked[0].marks(), [TRADES_SIGN_IN]);
        assert!(ranked[0].line().contains("sign-in staleness +1000"));
        assert!(!ranked[1].trades_security && !ranked[1].dominated);
        assert!(!ranked[1].line().contains("sign-in"));
    }

    /// A cut that raises policy staleness significantly but by a sliver of its
    /// level (a second on 38 minutes) trades nothing; by a fifth it does.
    #[test]
    fn a_sliver_of_staleness_is_no_trade() {
        let mut ranked = vec![design(-10.0, 5.0), design(-5.0, 5.0)];
        ranked[0].beside[0].relative_change = Some(0.0004);
        ranked[1].beside[0].relative_change = Some(0.2);
        mark(&mut ranked);
        assert!(!ranked[0].trades_security);
        assert_eq!(ranked[1].marks(), [TRADES_SECURITY, DOMINATED]);
    }
}
