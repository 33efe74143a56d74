//! One panel of a time series chart: axes over the horizon, the outage windows,
//! and each line drawn as steps (a bucket's value flat across the bucket) with
//! its band, markers and, behind it, a ghosted reference.

use super::axis::{number_label, time_axis};
use super::look::{GREY, Look, look};
use super::outages::{self, Window};
use super::text::{Label, Rect, fit, fitting};
use super::{Area, DrawResult, Layout, Panel};
use crate::folder::{RunFolder, Series};
use plotters::prelude::*;

/// One line: its name, look and mean and half-width per bucket.
pub(super) struct Line<'a> {
    pub label: String,
    pub index: usize,
    pub values: &'a [(f64, f64)],
}

/// What every panel of one chart shares: its axes, buckets and outage windows.
pub(super) struct Frame<'a> {
    pub run: &'a RunFolder,
    /// Any design's series, for the bucket starts all share.
    pub first: &'a Series,
    pub axis: &'a str,
    /// The axis in fewer words, for a panel too short for `axis`.
    pub short: &'a str,
    pub windows: &'a [Window],
    pub y1: f64,
}

/// What one panel shows.
pub(super) struct PanelSpec<'a, 'b> {
    pub caption: Option<&'b str>,
    pub ghost: Option<&'b Line<'a>>,
    pub lines: &'b [&'b Line<'a>],
    pub name_outages: bool,
}

impl Frame<'_> {
    /// One panel: axes, outage windows, then the ghosted baseline, the bands, the
    /// lines in design order and their markers.
    pub fn panel(
        &self,
        root: &Area,
        area: &Area,
        spec: &PanelSpec,
        taken: &mut Vec<Rect>,
        layout: &mut Layout,
    ) -> DrawResult {
        let sim = &self.run.scenario.simulation;
        let (bucket, horizon) = (sim.bucket.0, sim.horizon.0);
        let starts = &self.first.start_s;
        let x0 = starts.first().copied().unwrap_or(0.0);
        let x1 = (starts.last().copied().unwrap_or(x0) + bucket).min(horizon);
        let caption_height = if spec.caption.is_some() { 24 } else { 0 };
        let strip = if spec.name_outages {
            outages::strip_height(self.windows)
        } else {
            0
        };
        let small = area.dim_in_pixel().0 < 700;
        let mut chart = ChartBuilder::on(area)
            .margin(8)
            .margin_right(24)
            .margin_top(8 + caption_height + strip)
            .x_label_area_size(if small { 26 } else { 50 })
            .y_label_area_size(if small { 72 } else { 84 })
            .build_cartesian_2d(x0..x1, (-0.03 * self.y1)..self.y1)?;
        let label_px = if small { 11.0 } else { 13.0 };
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(0)
            .y_labels(if small { 5 } else { 8 })
            .y_label_formatter(&|y| {
                if *y < 0.0 {
                    String::new()
                } else {
                    number_label(*y)
                }
            })
            .label_style(super::text::font(label_px))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(GREY.mix(0.2));
        // Every panel names its unit; a small one in smaller type, cut to its height.
        let desc_px = if small { 11.0 } else { 14.0 };
        let height = f64::from(area.dim_in_pixel().1) - f64::from(caption_height + strip) - 60.0;
        // The full title, with its unit, in type down to 10 px before fewer words.
        let fits = |t: &&str| fitting(t, desc_px, height) >= 10.0;
        let shortest = [self.axis, self.short].into_iter().find(fits);
        let (y_desc, px) = fit(shortest.unwrap_or(self.short), desc_px, height);
        mesh.y_desc(y_desc).axis_desc_style(super::text::font(px));
        if !small {
            mesh.x_desc("simulated time (UTC; day 0 is a Monday)");
        }
        mesh.draw()?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let rect = Rect::new(
            xs.start as f64,
            ys.start as f64,
            xs.end as f64,
            ys.end as f64,
        );
        if let Some(caption) = spec.caption {
            let (shown, px) = fit(caption, 15.0, rect.width());
            let label = Label::at(&shown, px, (rect.x0, rect.y0 - strip as f64 - 22.0));
            label.draw(root, &BLACK)?;
            taken.push(label.rect);
        }
        // Time ticks at round clock times, as many as their labels leave room for;
        // a label that would touch the one before it is left out.
        let px_of = |t: f64| chart.backend_coord(&(t, 0.0)).0 as f64;
        let mut last: Option<Rect> = None;
        for (t, text) in time_axis(x0, x1, horizon, rect.width(), label_px) {
            let x = px_of(t);
            root.draw(&PathElement::new(
                vec![(x as i32, ys.start), (x as i32, ys.end)],
                GREY.mix(0.2),
            ))?;
            let label = Label::centered(&text, label_px, (x, rect.y1 + 6.0));
            let apart = last.is_none_or(|l| l.x1 + 4.0 <= label.rect.x0);
            if apart && label.rect.x0 >= 0.0 && label.rect.x1 <= root.dim_in_pixel().0 as f64 {
                label.draw(root, &BLACK)?;
                taken.push(label.rect);
                last = Some(label.rect);
            }
        }
        let named = outages::draw(root, &rect, px_of, self.windows, spec.name_outages, taken)?;
        layout.outages.extend(named);
        // Steps: each bucket's value flat from its start to its end.
        let end = |k: usize| starts.get(k + 1).copied().unwrap_or(x1);
        let steps = |values: &[(f64, f64)], f: &dyn Fn(&(f64, f64)) -> f64| -> Vec<(i32, i32)> {
            values
                .iter()
                .enumerate()
                .flat_map(|(k, v)| [(starts[k], f(v)), (end(k), f(v))])
                .map(|p| chart.backend_coord(&p))
                .collect()
        };
        if let Some(g) = spec.ghost {
            Look::ghost().line(root, &steps(g.values, &|v| v.0), 3)?;
        }
        for line in spec.lines {
            let mut band = steps(line.values, &|v| v.0 + v.1);
            band.extend(
                steps(line.values, &|v| (v.0 - v.1).max(0.0))
                    .into_iter()
                    .rev(),
            );
            root.draw(&Polygon::new(
                band,
                look(line.index).color.mix(0.15).filled(),
            ))?;
        }
        let alone = spec.lines.len() == 1;
        for (n, line) in spec.lines.iter().enumerate() {
            // A design alone in its panel needs no dashes: they would break up spikes.
            let l = match alone {
                true => Look {
                    dash: None,
                    ..look(line.index)
                },
                false => look(line.index),
            };
            l.line(
                root,
                &steps(line.values, &|v| v.0),
                if line.index == 0 || alone { 3 } else { 2 },
            )?;
            // Markers a few per panel at bucket middles, staggered so coinciding
            // designs' do not meet.
            let every = (line.values.len() / 9).max(1);
            let phase = every * n / spec.lines.len();
            for k in (phase..line.values.len()).step_by(every) {
                let p = chart.backend_coord(&((starts[k] + end(k)) / 2.0, line.values[k].0));
                l.marker(root, p, 4, true)?;
            }
        }
        let designs = spec
            .lines
            .iter()
            .map(|l| {
                let c = look(l.index).color;
                (l.label.clone(), (c.0, c.1, c.2))
            })
            .collect();
        layout.panels.push(Panel { rect, designs });
        Ok(())
    }
}
