//! How often a month is worse than a given value: where failures come at random,
//! each replication is a random month, and per metric of interest the share of
//! replications whose value exceeds each value is a step line per design, on a
//! log scale, where the rare bad months are. On it, P50, P90 and P99
//! (`montecarlo::percentiles`) where the line crosses 50%, 10% and 1%, each with
//! its 95% interval as a bar; a side that no order statistic bounds runs dashed
//! to the edge.

use super::axis::{number_label, tick_label};
use super::legend::{self, Entry};
use super::look::{GREY, look};
use super::panel::{caption, quiet};
use super::text::{Label, Rect};
use super::{Area, Chart, Layout, Mark, Panel, SIZE, grid, panel_grid};
use crate::folder::{Replications, RunFolder};
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::percentiles::{Percentile, REPORTED};
use authsim_core::scenario::Simulation;
use authsim_core::scenario::duration::format_seconds;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

pub struct ExceedanceChart<'a> {
    pub run: &'a RunFolder,
    /// The metrics drawn, a panel each.
    pub metrics: Vec<Metric>,
    /// Per design, each metric's value (in `metrics` order) in each replication.
    pub values: Replications,
}

/// What one replication's measured period (after the warm-up, the part each
/// value covers) is: a `month` for 28 to 31 days, a `year` for 365 or 366, else
/// `replication of 10d`.
pub fn period(simulation: &Simulation) -> String {
    named(simulation.horizon.0 - simulation.warmup.0)
}

/// `period` of a measured period of `measured` seconds.
fn named(measured: f64) -> String {
    let days = measured / 86_400.0;
    let named = [
        (1.0, 1.0, "day"),
        (7.0, 7.0, "week"),
        (28.0, 31.0, "month"),
        (90.0, 92.0, "quarter"),
        (365.0, 366.0, "year"),
    ];
    named
        .iter()
        .find(|(from, to, _)| (*from..=*to).contains(&days))
        .map_or(
            format!("replication of {}", format_seconds(measured)),
            |(_, _, name)| name.to_string(),
        )
}

/// The corners of the share of `sorted` values exceeding x, from `from` to the
/// largest value: at each value the share drops by the values equal to it. The
/// last drop (to none) is left off: a log scale has no 0.
fn steps(sorted: &[f64], from: f64) -> Vec<(f64, f64)> {
    let n = sorted.len() as f64;
    let mut points = vec![(from, 1.0)];
    for (i, &x) in sorted.iter().enumerate() {
        let share = (sorted.len() - i - 1) as f64 / n;
        let last = points.last().copied().unwrap_or((from, 1.0));
        points.push((x, last.1));
        if share > 0.0 {
            points.push((x, share));
        }
    }
    points.dedup();
    points
}

impl ExceedanceChart<'_> {
    fn of(&self, variant: &str, k: usize) -> &[f64] {
        self.values.get(variant).map_or(&[], |v| &v[k])
    }

    /// The fewest replications of any design: where the share axis must reach.
    fn replications(&self) -> usize {
        let counts = self.values.values().flat_map(|v| v.iter().map(Vec::len));
        counts.min().unwrap_or(0)
    }
}

impl Chart for ExceedanceChart<'_> {
    /// Where failures are random: each replication draws its own.
    fn applies(&self) -> bool {
        self.run.scenario.fails_at_random() && !self.metrics.is_empty() && self.replications() > 1
    }

    fn size(&self) -> (u32, u32) {
        let rows = grid(self.metrics.len()).1 as u32;
        (SIZE.0, 200 + rows * 400)
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let run = self.run;
        let period = period(&run.scenario.simulation);
        let mut entries = legend::designs(run, true, |_| true);
        entries.push(Entry::Note(format!(
            "Each step line: the share of a design's {} replications, each a random {period} \
             of failures, whose value exceeds the value below it. Dotted: P50, P90, P99, where \
             the line crosses 50%, 10%, 1%; on each, a design's marker is its percentile and \
             the bar its 95% interval, dashed to the edge on a side the replications cannot bound.",
            self.replications()
        )));
        let title = format!(
            "{}: how often a {period} is worse than each value, per design",
            run.title()
        );
        panel_grid(root, &title, &entries, &self.metrics, |cell, k, metric| {
            self.panel(root, cell, k, metric)
        })
    }
}

impl ExceedanceChart<'_> {
    fn panel(
        &self,
        root: &Area,
        cell: &Area,
        k: usize,
        metric: Metric,
    ) -> Result<(Panel, Vec<Mark>), Box<dyn std::error::Error>> {
        let run = self.run;
        let all = run
            .variants
            .iter()
            .flat_map(|v| self.of(v, k).iter().copied());
        let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        // The values' own range, from 0 where that is near: a metric that
        // varies little (prompts) would be a wall at the right.
        let pad = (hi - lo).max(hi.abs() * 0.01).max(1e-9) * 0.04;
        let lo = match lo >= 0.0 && lo < (hi - lo) {
            true => 0.0,
            false => lo - pad,
        };
        let hi = hi + pad;
        // Down past the smallest step and the P99's 1%.
        let bottom = (0.5 / self.replications().max(1) as f64).min(0.005);
        let mut chart = ChartBuilder::on(cell)
            .margin(10)
            .margin_top(34)
            .margin_right(40)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(lo..hi, (bottom..1.0).log_scale())?;
        quiet(&mut chart.configure_mesh(), 12.0, 12.0)
            .x_labels(5)
            .y_labels(6)
            .x_label_formatter(&|x| tick_label(*x, hi - lo))
            .y_label_formatter(&|y| format!("{}%", number_label(100.0 * y)))
            .x_desc(metric.definition().unit)
            .y_desc("replications exceeding")
            .draw()?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        caption(root, (xs.clone(), ys), metric.label(), 26.0)?;
        let px = |x: f64, y: f64| chart.backend_coord(&(x, y));
        for p in REPORTED {
            let (a, b) = (px(lo, 1.0 - p), px(hi, 1.0 - p));
            root.draw(&DashedPathElement::new([a, b], 2, 4, GREY.stroke_width(1)))?;
            let name = format!("P{}", 100.0 * p);
            Label::at(&name, 11.0, (f64::from(b.0) + 4.0, f64::from(b.1) - 7.0))
                .draw(root, &GREY)?;
        }
        let mut marks = Vec::new();
        let mut shown = Vec::new();
        let designs = run.variants.len() as f64;
        for (i, v) in run.variants.iter().enumerate() {
            let mut sorted = self.of(v, k).to_vec();
            if sorted.is_empty() {
                continue;
            }
            sorted.sort_by(f64::total_cmp);
            let l = look(i);
            let line: Vec<(i32, i32)> = steps(&sorted, lo).iter().map(|&(x, y)| px(x, y)).collect();
            l.line(root, &line, 2)?;
            let name = run.label(v);
            // Each design's bars a few pixels apart, so that equal ones show.
            let shift = ((i as f64 - (designs - 1.0) / 2.0) * 5.0) as i32;
            for p in REPORTED.map(|p| Percentile::of_sorted(&sorted, p)) {
                let at = |x: f64| {
                    let (x, y) = px(x, 1.0 - p.p);
                    (x, y + shift)
                };
                let bar = |from: (i32, i32), to: (i32, i32), closed: bool| match closed {
                    true => root.draw(&PathElement::new([from, to], l.color.stroke_width(2))),
                    false => root.draw(&DashedPathElement::new(
                        [from, to],
                        3,
                        3,
                        l.color.stroke_width(1),
                    )),
                };
                let centre = at(p.estimate);
                bar(at(p.low.unwrap_or(lo)), centre, p.low.is_some())?;
                bar(centre, at(p.high.unwrap_or(hi)), p.high.is_some())?;
                l.marker(root, centre, 4, true)?;
                marks.push(Mark {
                    design: name.clone(),
                    what: format!("{} {}", metric.name(), p.name()),
                    value: p.estimate,
                    rect: Rect::around(f64::from(centre.0), f64::from(centre.1), 4.0),
                });
            }
            shown.push((name, (l.color.0, l.color.1, l.color.2)));
        }
        Ok((Panel::of(&chart, shown), marks))
    }
}

#[cfg(test)]
mod tests {
    use super::{Simulation, named, period, steps};

    #[test]
    fn the_share_exceeding_steps_down_at_each_value() {
        // Of four values, two equal: every one exceeds 0.5, three exceed 1, one
        // exceeds 2 (a drop of two at once), and the last step, to none, is off.
        let points = steps(&[1.0, 2.0, 2.0, 5.0], 0.0);
        assert_eq!(
            points,
            [
                (0.0, 1.0),
                (1.0, 1.0),
                (1.0, 0.75),
                (2.0, 0.75),
                (2.0, 0.5),
                (2.0, 0.25),
                (5.0, 0.25)
            ]
        );
    }

    #[test]
    fn a_replication_is_named_by_its_measured_period() {
        let day = 86_400.0;
        assert_eq!(named(31.0 * day), "month");
        assert_eq!(named(365.0 * day), "year");
        assert_eq!(named(10.0 * day), "replication of 10d");
        assert_eq!(named(2.5 * day), "replication of 2d12h");
        // Named from the measured period, the horizon less the warm-up: the
        // default scenario's 4 days less 2, a week measured after a day.
        let period = |text: &str| period(&toml::from_str::<Simulation>(text).unwrap());
        assert_eq!(
            period("horizon = \"4d\"\nwarmup = \"2d\""),
            "replication of 2d"
        );
        assert_eq!(period("horizon = \"8d\"\nwarmup = \"1d\""), "week");
        assert_eq!(period("horizon = \"31d\"\nwarmup = \"3d\""), "month");
    }
}
