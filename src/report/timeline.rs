//! The outage timeline (share of active users locked out) and the IdP load, over
//! time, one line per variant with its band over replications, and the scenario's
//! fixed outage windows shaded and labelled by component.

use super::folder::RunFolder;
use super::style::{
    Chart, DrawResult, GREY, color, font, number_label, time_label, time_ticks, with_legend,
};
use crate::montecarlo::series::SeriesMetric;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub struct TimelineChart<'a> {
    pub run: &'a RunFolder,
    pub series: SeriesMetric,
}

/// The fixed outage windows of components and common-cause events, labelled.
pub fn outage_windows(run: &RunFolder) -> Vec<(String, f64, f64)> {
    let s = &run.scenario;
    let horizon = s.simulation.horizon.0;
    let schedules = s
        .components
        .iter()
        .map(|(name, c)| (name, &c.outages))
        .chain(s.common_cause.iter().map(|(name, e)| (name, &e.outages)));
    let mut windows = Vec::new();
    for (name, outages) in schedules {
        for o in outages {
            let mut start = o.start.0;
            while start < horizon {
                windows.push((name.clone(), start, (start + o.duration.0).min(horizon)));
                match o.every {
                    Some(every) => start += every.0,
                    None => break,
                }
            }
        }
    }
    windows
}

impl Chart for TimelineChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let data = self.run;
        root.fill(&WHITE)?;
        let Some(first) = data.series.values().next() else {
            return Ok(());
        };
        let bucket = data.scenario.simulation.bucket.0;
        let horizon = data.scenario.simulation.horizon.0;
        let x0 = first.start_s.first().copied().unwrap_or(0.0);
        let x1 = first.start_s.last().copied().unwrap_or(x0) + bucket;
        let top = data
            .series
            .values()
            .flat_map(|s| s.of(self.series).iter().map(|(m, h)| m + h))
            .fold(0.0f64, f64::max);
        let y1 = if top > 0.0 { top * 1.15 } else { 1.0 };
        let entries: Vec<(String, ShapeStyle)> = data
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| (v.clone(), color(i).into()))
            .collect();
        let plot = with_legend(root, &entries)?;
        let mut chart = ChartBuilder::on(&plot)
            .caption(
                format!("{}: {}", data.title(), self.series.definition().title),
                font(22),
            )
            .margin(20)
            .margin_right(50)
            .x_label_area_size(60)
            .y_label_area_size(90)
            .build_cartesian_2d(x0..x1, 0.0..y1)?;
        chart
            .configure_mesh()
            .x_desc("simulated time (UTC; day 0 is a Monday)")
            .y_desc(self.series.definition().axis)
            .y_labels(8)
            .x_labels(0)
            .y_label_formatter(&|y| number_label(*y))
            .label_style(font(15))
            .axis_desc_style(font(17))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        // Ticks at round times (plotters would pick round numbers of seconds).
        let below = font(15).pos(Pos::new(HPos::Center, VPos::Top));
        for t in time_ticks(x0, x1) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(t, 0.0), (t, y1)],
                GREY.mix(0.25),
            )))?;
            let (px, py) = chart.backend_coord(&(t, 0.0));
            plot.draw(&Text::new(
                time_label(t, horizon),
                (px, py + 8),
                below.clone(),
            ))?;
        }
        for (name, start, end) in outage_windows(data) {
            let (a, b) = (start.max(x0), end.min(x1));
            if a >= b {
                continue;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, 0.0), (b, y1)],
                GREY.mix(0.18).filled(),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("{name} down"),
                (a, y1 * 0.98),
                font(14).color(&GREY.mix(1.0)),
            )))?;
        }
        for (i, variant) in data.variants.iter().enumerate() {
            let Some(series) = data.series.get(variant) else {
                continue;
            };
            let values = series.of(self.series);
            let c = color(i);
            let mid = |k: usize| series.start_s[k] + bucket / 2.0;
            let upper = (0..values.len()).map(|k| (mid(k), values[k].0 + values[k].1));
            let lower = (0..values.len())
                .rev()
                .map(|k| (mid(k), (values[k].0 - values[k].1).max(0.0)));
            chart.draw_series(std::iter::once(Polygon::new(
                upper.chain(lower).collect::<Vec<_>>(),
                c.mix(0.2).filled(),
            )))?;
            chart.draw_series(LineSeries::new(
                (0..values.len()).map(|k| (mid(k), values[k].0)),
                c.stroke_width(2),
            ))?;
        }
        Ok(())
    }
}
