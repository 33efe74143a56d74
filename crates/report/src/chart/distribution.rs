//! How bad a bad month is: where failures come at random, each replication is a
//! different month, and a mean hides the bad ones. Per headline metric, a strip
//! plot: each design's row holds a point per replication, its mean and its 95th
//! percentile marked, so a planner sees the spread and the tail beside the mean.

use super::axis::tick_label;
use super::legend::{self, Entry};
use super::look::look;
use super::panel::{caption, quiet};
use super::text::{Label, Rect, fit, width};
use super::{Area, Chart, Layout, Mark, Panel, SIZE, grid, panel_grid};
use crate::folder::{Replications, RunFolder};
use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::percentiles::Percentile;
use plotters::prelude::*;

pub struct DistributionChart<'a> {
    pub run: &'a RunFolder,
    /// The metrics drawn, a panel each.
    pub metrics: Vec<Metric>,
    /// Per design, each metric's value (in `metrics` order) in each replication.
    pub values: Replications,
}

/// Pixels per design's row, and what a panel needs besides its rows.
const ROW: u32 = 30;
const PANEL_EXTRA: u32 = 110;
const NAME_PX: f64 = 12.0;
/// The high percentile marked.
pub const PERCENTILE: f64 = 0.95;

impl DistributionChart<'_> {
    /// One metric's values for a design, in replication order.
    fn of(&self, variant: &str, k: usize) -> &[f64] {
        self.values.get(variant).map_or(&[], |v| &v[k])
    }
}

impl Chart for DistributionChart<'_> {
    /// Where failures are random: each replication draws its own.
    fn applies(&self) -> bool {
        self.run.scenario.fails_at_random() && !self.metrics.is_empty() && !self.values.is_empty()
    }

    fn size(&self) -> (u32, u32) {
        let rows = grid(self.metrics.len()).1 as u32;
        let designs = self.run.variants.len() as u32;
        (SIZE.0, 170 + rows * (designs * ROW + PANEL_EXTRA))
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let run = self.run;
        let mut entries = legend::designs(run, false, |_| true);
        entries.push(Entry::Note(format!(
            "Each point: one replication, whose random failures fall differently from every other's. \
             Tall line: the mean over replications; short black line: the {:.0}th percentile \
             (nearest rank), how bad a bad replication is.",
            PERCENTILE * 100.0
        )));
        let title = format!("{}: each replication's value, per design", run.title());
        panel_grid(root, &title, &entries, &self.metrics, |cell, k, metric| {
            self.panel(root, cell, k, metric)
        })
    }
}

impl DistributionChart<'_> {
    fn panel(
        &self,
        root: &Area,
        cell: &Area,
        k: usize,
        metric: Metric,
    ) -> Result<(Panel, Vec<Mark>), Box<dyn std::error::Error>> {
        let run = self.run;
        let names: Vec<String> = run.variants.iter().map(|v| run.label(v)).collect();
        let room = f64::from(cell.dim_in_pixel().0) * 0.3;
        let name_room = names
            .iter()
            .map(|n| width(n, NAME_PX))
            .fold(0.0, f64::max)
            .min(room);
        let all = run
            .variants
            .iter()
            .flat_map(|v| self.of(v, k).iter().copied());
        let (lo, hi) = all.fold((0.0_f64, 0.0_f64), |(lo, hi), x| (lo.min(x), hi.max(x)));
        let hi = if hi > lo {
            hi + (hi - lo) * 0.04
        } else {
            lo + 1.0
        };
        let designs = run.variants.len() as f64;
        let mut chart = ChartBuilder::on(cell)
            .margin(10)
            .margin_top(34)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size((name_room + 14.0) as u32)
            .build_cartesian_2d(lo..hi, 0.0..designs)?;
        quiet(&mut chart.configure_mesh(), 12.0, 12.0)
            .y_labels(0)
            .x_labels(5)
            .x_label_formatter(&|x| tick_label(*x, hi - lo))
            .x_desc(metric.definition().unit)
            .draw()?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        caption(root, (xs.clone(), ys), metric.label(), 26.0)?;
        let mut marks = Vec::new();
        let mut shown = Vec::new();
        for (i, (v, name)) in run.variants.iter().zip(&names).enumerate() {
            let values = self.of(v, k);
            let row = designs - i as f64 - 0.5;
            let l = look(i);
            let (text, px) = fit(name, NAME_PX, name_room);
            let (_, y) = chart.backend_coord(&(lo, row));
            let x = f64::from(xs.start) - 8.0 - width(&text, px);
            Label::at(&text, px, (x, f64::from(y) - px * 0.55)).draw(root, &BLACK)?;
            if values.is_empty() {
                continue;
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let tick = |x: f64, half: f64, color: &RGBColor, w: u32| {
                let a = chart.backend_coord(&(x, row - half));
                let b = chart.backend_coord(&(x, row + half));
                root.draw(&PathElement::new(vec![a, b], color.stroke_width(w)))
            };
            tick(mean, 0.45, &l.color, 3)?;
            let high = Percentile::of(values, PERCENTILE).map_or(mean, |p| p.estimate);
            tick(high, 0.3, &BLACK, 2)?;
            for (r, &value) in values.iter().enumerate() {
                // Spread within the row by the golden ratio, so ties stay apart.
                let jitter = ((r as f64 * 0.618_034).fract() - 0.5) * 0.5;
                let p = chart.backend_coord(&(value, row + jitter));
                l.marker(root, p, 3, true)?;
                marks.push(Mark {
                    design: name.clone(),
                    what: metric.name().to_string(),
                    value,
                    rect: Rect::around(f64::from(p.0), f64::from(p.1), 3.0),
                });
            }
            shown.push((name.clone(), (l.color.0, l.color.1, l.color.2)));
        }
        Ok((Panel::of(&chart, shown), marks))
    }
}
