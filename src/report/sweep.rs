//! Metrics against a swept parameter: one panel per headline metric, the first swept
//! parameter along the axis, one line per value of the others, with 95% interval
//! bars, and the baseline as a dashed reference.

use super::folder::RunFolder;
use super::style::{Chart, DrawResult, GREY, color, font, number_label, with_legend};
use crate::montecarlo::metrics::Metric;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::series::DashedLineSeries;

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

    pub fn applies(&self) -> bool {
        self.grid().is_some()
    }
}

impl Chart for SweepChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let Some(grid) = self.grid() else {
            return Ok(());
        };
        let data = self.run;
        let mut entries: Vec<(String, ShapeStyle)> = grid
            .lines
            .iter()
            .enumerate()
            .map(|(i, (label, _))| {
                (
                    if label.is_empty() {
                        grid.axis.clone()
                    } else {
                        label.clone()
                    },
                    color(i).into(),
                )
            })
            .collect();
        entries.push(("baseline (dashed)".into(), GREY.into()));
        let plot = with_legend(root, &entries)?;
        let plot = plot.titled(
            &format!("{}: metrics against {}", data.title(), grid.axis),
            font(22),
        )?;
        // Revocation exposure only where the scenario revokes anyone.
        // The headline metrics, and exposure where the scenario revokes anyone.
        let metrics: Vec<Metric> = Metric::headlines()
            .chain([Metric::RevocationExposureMean])
            .filter(|&m| {
                m != Metric::RevocationExposureMean
                    || data
                        .summary
                        .results
                        .iter()
                        .any(|r| r.fields.metric == m && r.fields.mean > 0.0)
            })
            .collect();
        let panels = plot.split_evenly((1, metrics.len()));
        let n = grid.values.len() as i32;
        for (panel, &metric) in panels.iter().zip(&metrics) {
            let stat = |variant: &str| {
                data.record(variant, metric)
                    .map(|r| (r.fields.mean, r.fields.ci95_half_width))
            };
            let baseline = stat("baseline");
            let top = grid
                .lines
                .iter()
                .flat_map(|(_, row)| row.iter().flatten().filter_map(|v| stat(v)))
                .chain(baseline)
                .map(|(m, h)| m + h)
                .fold(0.0f64, f64::max);
            let y1 = if top > 0.0 { top * 1.15 } else { 1.0 };
            let mut chart = ChartBuilder::on(panel)
                .margin(15)
                .x_label_area_size(55)
                .y_label_area_size(80)
                .caption(metric.name(), font(17))
                .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..y1)?;
            let values = &grid.values;
            chart
                .configure_mesh()
                .x_desc(grid.axis.as_str())
                .y_desc(metric.label())
                .x_labels(values.len())
                .x_label_formatter(&|x| match x {
                    SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                        values.get(*i as usize).cloned().unwrap_or_default()
                    }
                    SegmentValue::Last => String::new(),
                })
                .y_label_formatter(&|y| number_label(*y))
                .label_style(font(13))
                .axis_desc_style(font(14))
                .light_line_style(WHITE.mix(0.0))
                .draw()?;
            if let Some((mean, _)) = baseline {
                chart.draw_series(DashedLineSeries::new(
                    [(SegmentValue::Exact(0), mean), (SegmentValue::Last, mean)],
                    8,
                    6,
                    GREY.stroke_width(2),
                ))?;
            }
            for (i, (_, row)) in grid.lines.iter().enumerate() {
                let c = color(i);
                let points: Vec<(SegmentValue<i32>, (f64, f64))> = row
                    .iter()
                    .enumerate()
                    .filter_map(|(k, v)| {
                        Some((SegmentValue::CenterOf(k as i32), stat(v.as_deref()?)?))
                    })
                    .collect();
                chart.draw_series(LineSeries::new(
                    points.iter().map(|(x, (m, _))| (x.clone(), *m)),
                    c.stroke_width(2),
                ))?;
                chart.draw_series(points.iter().map(|(x, (m, h))| {
                    PathElement::new(
                        vec![(x.clone(), m - h), (x.clone(), m + h)],
                        c.stroke_width(2),
                    )
                }))?;
                chart.draw_series(
                    points
                        .iter()
                        .map(|(x, (m, _))| Circle::new((x.clone(), *m), 5, c.filled())),
                )?;
            }
        }
        Ok(())
    }
}
