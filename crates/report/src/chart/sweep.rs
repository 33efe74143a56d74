//! Metrics against a swept parameter: one panel per reviewed metric, the first swept
//! parameter along the axis, one line per value of the others, points that share
//! a value set side by side, and the baseline as a reference line. Each bar is the
//! paired interval of the design's difference from the baseline, drawn around its
//! mean: a bar that misses the baseline line differs from it.

use super::axis::number_label;
use super::legend::{self, Entry};
use super::look::look;
use super::panel::{caption, quiet};
use super::{Area, Chart, Layout, Panel, grid, reviewed, titled};
use crate::folder::RunFolder;
use authsim_core::montecarlo::metrics::Metric;
use plotters::prelude::*;

pub struct SweepChart<'a> {
    pub run: &'a RunFolder,
}

/// The sweep's grid: values along the axis, and lines of (label, variant per value).
struct Grid {
    axis: String,
    values: Vec<String>,
    lines: Vec<(String, Vec<Option<String>>)>,
}

impl SweepChart<'_> {
    /// None when the run swept nothing.
    fn grid(&self) -> Option<Grid> {
        let params = &self.run.summary.parameters;
        let axis = params.first()?.clone();
        let mut values: Vec<String> = Vec::new();
        let mut lines: Vec<(String, Vec<Option<String>>)> = Vec::new();
        let mut cells: Vec<(String, String, String)> = Vec::new();
        for v in &self.run.variants {
            let Some(record) = self.run.summary.results.iter().find(|r| &r.variant == v) else {
                continue;
            };
            let setting = |p: &String| format!("{p}={}", record.parameters.get(p).unwrap_or(""));
            // Only the grid's own variants, named from their settings.
            if *v != params.iter().map(setting).collect::<Vec<_>>().join(", ") {
                continue;
            }
            let value = record.parameters.get(&axis).unwrap_or("").to_string();
            let line = params[1..]
                .iter()
                .map(setting)
                .collect::<Vec<_>>()
                .join(", ");
            if !values.contains(&value) {
                values.push(value.clone());
            }
            if !lines.iter().any(|(l, _)| *l == line) {
                lines.push((line.clone(), Vec::new()));
            }
            cells.push((line, value, v.clone()));
        }
        if values.is_empty() {
            return None;
        }
        for (label, row) in &mut lines {
            *row = values
                .iter()
                .map(|value| {
                    cells
                        .iter()
                        .find(|(l, x, _)| l == label && x == value)
                        .map(|c| c.2.clone())
                })
                .collect();
        }
        Some(Grid {
            axis,
            values,
            lines,
        })
    }
}

impl SweepChart<'_> {
    /// A design's mean and the half-width of its paired difference from the baseline.
    fn stat(&self, variant: &str, metric: Metric) -> Option<(f64, f64)> {
        let mean = self.run.record(variant, metric)?.fields.mean;
        let paired = self.run.comparison.as_ref().and_then(|c| {
            c.results
                .iter()
                .find(|r| r.variant == variant && r.fields.metric == metric)
                .map(|r| r.fields.ci_half_width)
        });
        Some((mean, paired.unwrap_or(0.0)))
    }
}

impl Chart for SweepChart<'_> {
    fn applies(&self) -> bool {
        self.grid().is_some()
    }

    fn size(&self) -> (u32, u32) {
        let rows = grid(reviewed(self.run).len()).1 as u32;
        (1280, 170 + 330 * rows)
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let Some(sweep) = self.grid() else {
            return Ok(Layout::default());
        };
        let data = self.run;
        // The baseline keeps its look from every other chart; the lines take the next ones.
        let mut entries = vec![Entry::Design {
            label: "baseline".into(),
            look: look(0),
            line: true,
            filled: true,
        }];
        entries.extend(
            sweep
                .lines
                .iter()
                .enumerate()
                .map(|(i, (label, _))| Entry::Design {
                    label: if label.is_empty() {
                        format!("{} swept", sweep.axis)
                    } else {
                        label.clone()
                    },
                    look: look(i + 1),
                    line: true,
                    filled: true,
                }),
        );
        let level = data.comparison.as_ref().map_or(0.95, |c| c.ci_level);
        entries.push(Entry::Note(format!(
            "Bars: the {:.2}% paired interval of each design's difference from the baseline, \
             drawn around its mean: a bar that misses the baseline line differs from the baseline.",
            level * 100.0
        )));
        let area = titled(
            root,
            &format!("{}: metrics against {}", data.title(), sweep.axis),
        )?;
        let area = legend::strip(&area, &entries)?;
        let metrics = reviewed(data);
        let (cols, rows) = grid(metrics.len());
        let cells = area.split_evenly((rows, cols));
        let n = sweep.values.len();
        let lines = sweep.lines.len();
        let mut layout = Layout::default();
        for (cell, &metric) in cells.iter().zip(&metrics) {
            let baseline = self.stat("baseline", metric);
            let top = sweep
                .lines
                .iter()
                .flat_map(|(_, row)| row.iter().flatten().filter_map(|v| self.stat(v, metric)))
                .chain(baseline)
                .map(|(m, h)| m + h)
                .fold(0.0f64, f64::max);
            let y1 = if top > 0.0 { top * 1.1 } else { 1.0 };
            let mut chart = ChartBuilder::on(cell)
                .margin(12)
                .margin_top(36)
                .x_label_area_size(50)
                .y_label_area_size(70)
                .build_cartesian_2d(-0.5..(n as f64 - 0.5), (-0.03 * y1)..y1)?;
            let values = &sweep.values;
            quiet(&mut chart.configure_mesh(), 12.0, 13.0)
                .x_desc(sweep.axis.as_str())
                .x_labels(n + 1)
                .x_label_formatter(&|x| {
                    let k = x.round();
                    match (x - k).abs() < 1e-6 && k >= 0.0 {
                        true => values.get(k as usize).cloned().unwrap_or_default(),
                        false => String::new(),
                    }
                })
                .y_label_formatter(&|y| {
                    if *y < 0.0 {
                        String::new()
                    } else {
                        number_label(*y)
                    }
                })
                .draw()?;
            caption(
                root,
                chart.plotting_area().get_pixel_range(),
                metric.label(),
                28.0,
            )?;
            if let Some((mean, _)) = baseline {
                let (a, b) = (
                    chart.backend_coord(&(-0.5, mean)),
                    chart.backend_coord(&(n as f64 - 0.5, mean)),
                );
                look(0).line(root, &[a, b], 2)?;
            }
            let mut shown = Vec::new();
            for (i, (label, row)) in sweep.lines.iter().enumerate() {
                let l = look(i + 1);
                // Lines side by side within a value, never on top of each other.
                let dodge =
                    (i as f64 - (lines as f64 - 1.0) / 2.0) * (0.5 / lines as f64).min(0.12);
                let points: Vec<(f64, (f64, f64))> = row
                    .iter()
                    .enumerate()
                    .filter_map(|(k, v)| {
                        Some((k as f64 + dodge, self.stat(v.as_deref()?, metric)?))
                    })
                    .collect();
                let pixels: Vec<(i32, i32)> = points
                    .iter()
                    .map(|(x, (m, _))| chart.backend_coord(&(*x, *m)))
                    .collect();
                l.line(root, &pixels, 2)?;
                for (x, (m, h)) in &points {
                    let (a, b) = (
                        chart.backend_coord(&(*x, m - h)),
                        chart.backend_coord(&(*x, m + h)),
                    );
                    root.draw(&PathElement::new(vec![a, b], l.color.stroke_width(2)))?;
                }
                for p in &pixels {
                    l.marker(root, *p, 5, true)?;
                }
                shown.push((label.clone(), (l.color.0, l.color.1, l.color.2)));
            }
            layout.panels.push(Panel::of(&chart, shown));
        }
        Ok(layout)
    }
}
