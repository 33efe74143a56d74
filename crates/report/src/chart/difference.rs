//! The statistic that decides, as a forest plot: for each reviewed metric, every
//! design's paired difference from the baseline with its (Bonferroni-adjusted)
//! interval, a zero line, and the designs whose interval excludes zero filled in.
//! Beside each, the same as a percentage of the baseline's mean, so a large
//! relative change shows even where another design's absolute one sets the axis.

use super::axis::tick_label;
use super::legend::{self, Entry};
use super::look::look;
use super::panel::{self, quiet};
use super::text::{Label, fit, width};
use super::{Area, Chart, Layout, Panel, reviewed, titled};
use crate::folder::RunFolder;
use authsim_core::montecarlo::metrics::Metric;
use authsim_export::records::{ComparisonDocument, ComparisonRecord};
use plotters::prelude::*;

pub struct DifferenceChart<'a> {
    pub run: &'a RunFolder,
    pub comparison: &'a ComparisonDocument,
}

const ROW: u32 = 30;
const LABEL_PX: f64 = 13.0;
/// The caption over each relative panel.
pub const RELATIVE: &str = "relative change (%)";

/// How a panel measures a difference: in the metric's units, or as a
/// percentage of the baseline's mean.
#[derive(Debug, Clone, Copy, PartialEq)]
enum View {
    Absolute,
    Relative,
}

impl View {
    /// A record's difference and interval in this view's units; none relative to
    /// a baseline of zero. The interval is the paired one divided by the
    /// baseline's mean, which is taken as known.
    fn of(self, r: &ComparisonRecord) -> Option<(f64, (f64, f64))> {
        let (low, high) = r.interval();
        match self {
            View::Absolute => Some((r.difference, (low, high))),
            View::Relative if r.baseline_mean != 0.0 => {
                let k = 100.0 / r.baseline_mean;
                Some((r.difference * k, (low * k, high * k)))
            }
            View::Relative => None,
        }
    }

    fn axis(self) -> &'static str {
        match self {
            View::Absolute => "difference",
            View::Relative => "% of the baseline mean",
        }
    }
}

/// Metrics side by side, a pair of panels each: one column of pairs for one metric.
fn columns(metrics: usize) -> usize {
    metrics.clamp(1, 2)
}

impl DifferenceChart<'_> {
    /// The reviewed metrics some design changes: a panel of zeros says nothing.
    fn metrics(&self) -> Vec<Metric> {
        reviewed(self.run)
            .into_iter()
            .filter(|&m| !self.unchanged(m))
            .collect()
    }

    fn unchanged(&self, m: Metric) -> bool {
        self.designs().iter().all(|(_, v)| {
            self.record(v, m)
                .is_none_or(|r| r.difference == 0.0 && r.interval() == (0.0, 0.0))
        })
    }

    /// The compared designs in the run's order, with their look's index.
    fn designs(&self) -> Vec<(usize, &str)> {
        self.run
            .variants
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, v)| (i, v.as_str()))
            .collect()
    }

    fn record(&self, variant: &str, metric: Metric) -> Option<&ComparisonRecord> {
        self.comparison
            .results
            .iter()
            .find(|r| r.variant == variant && r.fields.metric == metric)
            .map(|r| &r.fields)
    }

    fn panel_height(&self) -> u32 {
        90 + ROW * self.designs().len() as u32
    }
}

impl Chart for DifferenceChart<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.metrics().len().max(1);
        let rows = n.div_ceil(columns(n)) as u32;
        (1280, 150 + rows * self.panel_height())
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let c = self.comparison;
        let level = if c.comparisons > 1 {
            format!(
                "{:.2}% paired intervals (Bonferroni for {} comparisons: 95% jointly)",
                c.ci_level * 100.0,
                c.comparisons
            )
        } else {
            format!("{:.0}% paired intervals", c.ci_level * 100.0)
        };
        let same: Vec<&str> = reviewed(self.run)
            .into_iter()
            .filter(|&m| self.unchanged(m))
            .map(Metric::label)
            .collect();
        let same = match same.is_empty() {
            true => String::new(),
            false => format!(" No design changes {}.", same.join("; ")),
        };
        let entries = [Entry::Note(format!(
            "Each design's difference from the baseline, paired by replication; bars: {level}. \
             Filled: the interval excludes zero, the design differs from the baseline. Hollow: not told apart from it. \
             Right of each: the same as a percentage of the baseline's mean.{same}"
        ))];
        let area = titled(
            root,
            &format!("{}: difference from the baseline", self.run.title()),
        )?;
        let area = legend::strip(&area, &entries)?;
        let metrics = self.metrics();
        let designs = self.designs();
        let cols = columns(metrics.len());
        let rows = metrics.len().max(1).div_ceil(cols);
        let names = designs
            .iter()
            .map(|(_, v)| width(v, LABEL_PX))
            .fold(0.0, f64::max);
        let (aw, _) = area.dim_in_pixel();
        // The first column carries the design names.
        let name_room = names.min(f64::from(aw) * 0.3) + 16.0;
        let (left, rest) = area.split_horizontally(name_room as i32);
        let left_rows = left.split_evenly((rows, 1));
        let cells = rest.split_evenly((rows, cols));
        let mut layout = Layout::default();
        for (k, (cell, &metric)) in cells.iter().zip(&metrics).enumerate() {
            let halves = cell.split_evenly((1, 2));
            let panel = self.panel(root, &halves[0], metric, View::Absolute)?;
            if k % cols == 0 {
                self.names(root, &left_rows[k / cols], &panel)?;
            }
            layout.panels.push(panel);
            layout
                .panels
                .push(self.panel(root, &halves[1], metric, View::Relative)?);
        }
        Ok(layout)
    }
}

impl DifferenceChart<'_> {
    fn panel(
        &self,
        root: &Area,
        cell: &Area,
        metric: Metric,
        view: View,
    ) -> Result<Panel, Box<dyn std::error::Error>> {
        let designs = self.designs();
        let n = designs.len();
        let spans: Vec<(f64, f64)> = designs
            .iter()
            .filter_map(|(_, v)| view.of(self.record(v, metric)?))
            .map(|(_, span)| span)
            .collect();
        let lo = spans.iter().map(|s| s.0).fold(0.0, f64::min);
        let hi = spans.iter().map(|s| s.1).fold(0.0, f64::max);
        let pad = if hi > lo { (hi - lo) * 0.08 } else { 1.0 };
        // Ticks written with an exponent (`−4.0e-5`) are wide: fewer keep clear
        // of each other.
        let largest = lo.abs().max(hi.abs());
        let ticks = match !(1e-4..1e5).contains(&largest) {
            true => 3,
            false => 5,
        };
        let mut chart = ChartBuilder::on(cell)
            .margin(10)
            .margin_top(34)
            .margin_right(22)
            .x_label_area_size(44)
            .build_cartesian_2d((lo - pad)..(hi + pad), -0.5..(n as f64 - 0.5))?;
        quiet(&mut chart.configure_mesh(), 12.0, 12.0)
            .y_labels(0)
            .x_labels(ticks)
            .x_label_formatter(&|x| tick_label(*x, hi - lo))
            .x_desc(view.axis())
            .draw()?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let caption = match (view, spans.is_empty()) {
            (View::Absolute, _) => metric.label(),
            (View::Relative, false) => RELATIVE,
            // Nothing is a percentage of zero.
            (View::Relative, true) => "relative change: the baseline is 0",
        };
        panel::caption(root, (xs, ys.clone()), caption, 26.0)?;
        let at = |x: f64, row: usize| chart.backend_coord(&(x, (n - 1 - row) as f64));
        // The zero line: no difference from the baseline.
        let (zx, _) = at(0.0, 0);
        root.draw(&PathElement::new(
            vec![(zx, ys.start), (zx, ys.end)],
            BLACK.stroke_width(1),
        ))?;
        let mut shown = Vec::new();
        for (row, (i, v)) in designs.iter().enumerate() {
            let Some(r) = self.record(v, metric) else {
                continue;
            };
            let Some((difference, (low, high))) = view.of(r) else {
                continue;
            };
            let l = look(*i);
            let (a, b) = (at(low, row), at(high, row));
            root.draw(&PathElement::new(vec![a, b], l.color.stroke_width(2)))?;
            for end in [a, b] {
                root.draw(&PathElement::new(
                    vec![(end.0, end.1 - 5), (end.0, end.1 + 5)],
                    l.color.stroke_width(2),
                ))?;
            }
            let significant = low > 0.0 || high < 0.0;
            l.marker(root, at(difference, row), 6, significant)?;
            shown.push((self.run.label(v), (l.color.0, l.color.1, l.color.2)));
        }
        Ok(Panel::of(&chart, shown))
    }

    /// The design names beside the rows of the panel to their right.
    fn names(
        &self,
        root: &Area,
        column: &Area,
        panel: &Panel,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let n = self.designs().len();
        let (cx, _) = column.get_pixel_range();
        let room = f64::from(cx.end - cx.start) - 12.0;
        let row_height = (panel.rect.y1 - panel.rect.y0) / n as f64;
        for (row, (_, v)) in self.designs().iter().enumerate() {
            let (text, px) = fit(&self.run.label(v), LABEL_PX, room);
            let y = panel.rect.y0 + row_height * (row as f64 + 0.5) - px * 0.5;
            let x = f64::from(cx.end) - 6.0 - width(&text, px);
            Label::at(&text, px, (x, y)).draw(root, &BLACK)?;
        }
        Ok(())
    }
}
