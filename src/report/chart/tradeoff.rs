//! The trade-off: lockout hours against prompts and, where revocations are
//! modelled, against revocation exposure in a second panel, so a design that buys
//! lockouts with exposure shows it. Efficiency is judged on every objective at
//! once; axes start at zero, so designs within each other's intervals sit close.

use super::axis::number_label;
use super::legend::{self, Entry};
use super::look::{GREY, look};
use super::text::{Rect, around, place, width};
use super::{Area, Chart, Layout, Panel, reviewed, titled};
use crate::montecarlo::metrics::Metric;
use crate::report::folder::RunFolder;
use plotters::prelude::*;

pub struct Tradeoff<'a> {
    pub run: &'a RunFolder,
}

const Y: Metric = Metric::LockoutHoursPer1kUsers;
const LABEL_PX: f64 = 13.0;

/// Designs no other design beats on every objective at once: no worse on all,
/// better on one. `points[i][k]` is design i's mean on objective k.
pub fn efficient(points: &[Vec<f64>]) -> Vec<bool> {
    points
        .iter()
        .map(|p| {
            !points.iter().any(|q| {
                q.iter().zip(p).all(|(a, b)| a <= b) && q.iter().zip(p).any(|(a, b)| a < b)
            })
        })
        .collect()
}

impl Tradeoff<'_> {
    /// The horizontal axes: prompts, and exposure where the run measures any.
    fn across(&self) -> Vec<Metric> {
        let reviewed = reviewed(self.run);
        [Metric::PromptsPerUserDay, Metric::RevocationExposureMean]
            .into_iter()
            .filter(|m| *m == Metric::PromptsPerUserDay || reviewed.contains(m))
            .collect()
    }

    fn stat(&self, variant: &str, m: Metric) -> (f64, f64) {
        self.run
            .record(variant, m)
            .map_or((0.0, 0.0), |r| (r.fields.mean, r.fields.ci95_half_width))
    }

    fn efficient(&self) -> Vec<bool> {
        let objectives: Vec<Metric> = std::iter::once(Y).chain(self.across()).collect();
        let points: Vec<Vec<f64>> = self
            .run
            .variants
            .iter()
            .map(|v| objectives.iter().map(|m| self.stat(v, *m).0).collect())
            .collect();
        efficient(&points)
    }
}

/// Zero to a little past the largest interval end.
fn extent(values: impl Iterator<Item = (f64, f64)>) -> f64 {
    let top = values.map(|(m, h)| m + h).fold(0.0, f64::max);
    if top > 0.0 { top * 1.08 } else { 1.0 }
}

impl Chart for Tradeoff<'_> {
    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let run = self.run;
        let across = self.across();
        let efficient = self.efficient();
        let on = match across.len() {
            1 => "lockout hours and prompts".to_string(),
            _ => "lockout hours, prompts and revocation exposure".to_string(),
        };
        let best: Vec<&str> = run
            .variants
            .iter()
            .zip(&efficient)
            .filter(|(_, e)| **e)
            .map(|(v, _)| v.as_str())
            .collect();
        let mut entries: Vec<Entry> = run
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| Entry::Design {
                label: v.clone(),
                look: look(i),
                line: false,
                filled: efficient[i],
            })
            .collect();
        entries.push(Entry::Note(format!(
            "Filled: efficient on {on}: no other design is as good on all of them and better on one. \
             Hollow: another design is. Crosses: 95% intervals. A design too close to others to name \
             is found by its marker. Efficient: {}.",
            best.join("; ")
        )));
        let area = titled(root, &format!("{}: {on}", run.title()))?;
        let area = legend::strip(&area, &entries)?;
        let y1 = extent(run.variants.iter().map(|v| self.stat(v, Y)));
        let panels = area.split_evenly((1, across.len()));
        let mut layout = Layout::default();
        let mut taken: Vec<Rect> = Vec::new();
        for (cell, &x_metric) in panels.iter().zip(&across) {
            let x1 = extent(run.variants.iter().map(|v| self.stat(v, x_metric)));
            let mut chart = ChartBuilder::on(cell)
                .margin(16)
                .margin_right(30)
                .x_label_area_size(56)
                .y_label_area_size(84)
                .build_cartesian_2d((-0.02 * x1)..x1, (-0.03 * y1)..y1)?;
            chart
                .configure_mesh()
                .x_desc(x_metric.label())
                .y_desc(Y.label())
                .x_labels(6)
                .y_labels(8)
                .x_label_formatter(&|x| {
                    if *x < 0.0 {
                        String::new()
                    } else {
                        number_label(*x)
                    }
                })
                .y_label_formatter(&|y| {
                    if *y < 0.0 {
                        String::new()
                    } else {
                        number_label(*y)
                    }
                })
                .label_style(super::text::font(13.0))
                .axis_desc_style(super::text::font(14.0))
                .light_line_style(WHITE.mix(0.0))
                .bold_line_style(GREY.mix(0.15))
                .draw()?;
            let points: Vec<(f64, f64)> = run
                .variants
                .iter()
                .map(|v| {
                    let p = chart.backend_coord(&(self.stat(v, x_metric).0, self.stat(v, Y).0));
                    (f64::from(p.0), f64::from(p.1))
                })
                .collect();
            for (i, v) in run.variants.iter().enumerate() {
                let ((x, xh), (y, yh)) = (self.stat(v, x_metric), self.stat(v, Y));
                let c = look(i).color.stroke_width(2);
                root.draw(&PathElement::new(
                    vec![
                        chart.backend_coord(&(x - xh, y)),
                        chart.backend_coord(&(x + xh, y)),
                    ],
                    c,
                ))?;
                root.draw(&PathElement::new(
                    vec![
                        chart.backend_coord(&(x, y - yh)),
                        chart.backend_coord(&(x, y + yh)),
                    ],
                    c,
                ))?;
            }
            // Filled markers first, so a hollow one drawn over a filled one shows as a ring.
            let mut order: Vec<usize> = (0..points.len()).collect();
            order.sort_by_key(|&i| !efficient[i]);
            for i in order {
                let p = points[i];
                look(i).marker(root, (p.0 as i32, p.1 as i32), 7, efficient[i])?;
            }
            let panel = Panel::of(&chart, Vec::new());
            taken.extend(points.iter().map(|p| Rect::around(p.0, p.1, 8.0)));
            name_points(root, &run.variants, &points, &panel.rect, &mut taken)?;
            layout.panels.push(panel);
        }
        Ok(layout)
    }
}

/// Names each point where its name is clear of every other name and point, inside
/// the plot, and nearer its own point than any other; a point that no such place
/// exists for (inside a tight cluster) is left to the legend.
fn name_points(
    root: &Area,
    names: &[String],
    points: &[(f64, f64)],
    plot: &Rect,
    taken: &mut Vec<Rect>,
) -> Result<(), Box<dyn std::error::Error>> {
    for (i, (name, &p)) in names.iter().zip(points).enumerate() {
        let own = |r: &Rect| {
            let d = r.distance(p);
            points
                .iter()
                .enumerate()
                .all(|(k, &q)| k == i || r.distance(q) > d + 4.0)
        };
        let spots = around(p, width(name, LABEL_PX), LABEL_PX);
        let Some(label) = place(name, LABEL_PX, spots, plot, taken, own) else {
            continue;
        };
        label.draw(root, &BLACK)?;
        if label.rect.distance(p) > 14.0 {
            // A leader from just outside the marker to the nearest edge of the name.
            let r = &label.rect;
            let to = (p.0.clamp(r.x0, r.x1), p.1.clamp(r.y0, r.y1));
            let (dx, dy) = (to.0 - p.0, to.1 - p.1);
            let from = (p.0 + dx * 9.0 / dx.hypot(dy), p.1 + dy * 9.0 / dx.hypot(dy));
            root.draw(&PathElement::new(
                vec![(from.0 as i32, from.1 as i32), (to.0 as i32, to.1 as i32)],
                GREY.stroke_width(1),
            ))?;
        }
        taken.push(label.rect);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::efficient;

    #[test]
    fn efficiency_counts_every_objective() {
        // Two objectives: the usual frontier.
        let two = [
            vec![1.0, 5.0],
            vec![2.0, 2.0],
            vec![3.0, 1.0],
            vec![3.0, 3.0],
            vec![1.0, 6.0],
        ];
        assert_eq!(efficient(&two.map(|p| p)), [true, true, true, false, false]);
        // A third objective rescues a design only the first two would dominate.
        let three = [
            vec![1.0, 1.0, 9.0],
            vec![2.0, 2.0, 1.0],
            vec![3.0, 3.0, 9.0],
        ];
        assert_eq!(efficient(&three), [true, true, false]);
    }
}
