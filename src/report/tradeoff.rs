//! The trade-off: prompts per user-day against lockout hours, one point per design
//! with its interval cross; the Pareto-efficient designs filled and labelled.

use super::folder::RunFolder;
use super::style::{Chart, DrawResult, GREY, color, font, number_label, with_legend};
use crate::montecarlo::metrics::Metric;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub struct Tradeoff<'a> {
    pub run: &'a RunFolder,
}

const X: Metric = Metric::PromptsPerUserDay;
const Y: Metric = Metric::LockoutHoursPer1kUsers;

/// One design: (x, x half-width), (y, y half-width).
type Point = ((f64, f64), (f64, f64));

impl Tradeoff<'_> {
    fn points(&self) -> Vec<(String, Point)> {
        let get = |v: &str, m: Metric| {
            self.run
                .record(v, m)
                .map_or((0.0, 0.0), |r| (r.fields.mean, r.fields.ci95_half_width))
        };
        self.run
            .variants
            .iter()
            .map(|v| (v.clone(), (get(v, X), get(v, Y))))
            .collect()
    }
}

/// Designs no other design beats on both counts (fewer prompts and fewer lockout hours).
pub fn pareto(points: &[(f64, f64)]) -> Vec<bool> {
    points
        .iter()
        .map(|&(x, y)| {
            !points
                .iter()
                .any(|&(a, b)| a <= x && b <= y && (a < x || b < y))
        })
        .collect()
}

fn span(values: impl Iterator<Item = (f64, f64)>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (m, h)| {
        (lo.min(m - h), hi.max(m + h))
    });
    let pad = if hi > lo {
        (hi - lo) * 0.12
    } else {
        hi.abs().max(1.0) * 0.5
    };
    (
        (lo - pad).max(if lo >= 0.0 { 0.0 } else { f64::NEG_INFINITY }),
        hi + pad,
    )
}

impl Chart for Tradeoff<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let points = self.points();
        let efficient = pareto(
            &points
                .iter()
                .map(|(_, (x, y))| (x.0, y.0))
                .collect::<Vec<_>>(),
        );
        let mut entries: Vec<(String, ShapeStyle)> = points
            .iter()
            .enumerate()
            .map(|(i, (v, _))| (v.clone(), color(i).into()))
            .collect();
        entries.push((
            "filled and labelled: Pareto-efficient; hollow: another design is better on both"
                .into(),
            GREY.into(),
        ));
        let plot = with_legend(root, &entries)?;
        let (x0, x1) = span(points.iter().map(|(_, (x, _))| *x));
        let (y0, y1) = span(points.iter().map(|(_, (_, y))| *y));
        let mut chart = ChartBuilder::on(&plot)
            .caption(
                format!("{}: prompts against lockouts", self.run.title()),
                font(22),
            )
            .margin(20)
            .x_label_area_size(60)
            .y_label_area_size(90)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(X.label())
            .y_desc(Y.label())
            .x_label_formatter(&|x| number_label(*x))
            .y_label_formatter(&|y| number_label(*y))
            .label_style(font(15))
            .axis_desc_style(font(17))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        // Labels of neighbouring efficient designs alternate right and left of their points.
        let mut order: Vec<usize> = (0..points.len()).filter(|&i| efficient[i]).collect();
        order.sort_by(|&a, &b| points[a].1.0.0.total_cmp(&points[b].1.0.0));
        let right = |i: usize| {
            order
                .iter()
                .position(|&k| k == i)
                .is_some_and(|p| p % 2 == 1)
        };
        for (i, (name, ((x, xh), (y, yh)))) in points.iter().enumerate() {
            let c = color(i);
            chart.draw_series([
                PathElement::new(vec![(x - xh, *y), (x + xh, *y)], c.stroke_width(2)),
                PathElement::new(vec![(*x, y - yh), (*x, y + yh)], c.stroke_width(2)),
            ])?;
            if efficient[i] {
                chart.draw_series(std::iter::once(Circle::new((*x, *y), 8, c.filled())))?;
                chart.draw_series(std::iter::once(
                    EmptyElement::at((*x, *y))
                        + if right(i) {
                            Text::new(name.clone(), (12, -26), font(15))
                        } else {
                            Text::new(
                                name.clone(),
                                (-12, -26),
                                font(15).pos(Pos::new(HPos::Right, VPos::Top)),
                            )
                        },
                ))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new((*x, *y), 7, c.stroke_width(2))))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::pareto;

    #[test]
    fn pareto_keeps_designs_nothing_beats_on_both_counts() {
        let points = [(1.0, 5.0), (2.0, 2.0), (3.0, 1.0), (3.0, 3.0), (1.0, 6.0)];
        assert_eq!(pareto(&points), [true, true, true, false, false]);
    }
}
