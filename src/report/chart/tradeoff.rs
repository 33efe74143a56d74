//! The trade-off: lockout hours against policy staleness (the security side of
//! every token lifetime, wherever people sign in), against prompts and, where
//! revocations are modelled, against revocation exposure, a panel each, so a
//! design that buys lockouts with security shows it. Efficiency is judged on
//! every objective at once; axes start at zero, so designs within each other's
//! intervals sit close.

use super::axis::number_label;
use super::legend::{self, Entry};
use super::look::{GREY, look};
use super::text::{Label, Rect, place, width};
use super::{Area, Chart, Layout, Panel, reviewed, titled};
use crate::montecarlo::metrics::Metric;
use crate::report::folder::RunFolder;
use plotters::prelude::*;

pub struct Tradeoff<'a> {
    pub run: &'a RunFolder,
}

const Y: Metric = Metric::LockoutHoursPer1kUsers;
const LABEL_PX: f64 = 13.0;
/// Markers closer than this (pixels) read as one point and are named together.
const CLUSTER: f64 = 14.0;

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
    /// The horizontal axes: staleness where people sign in, prompts, and
    /// exposure where the run measures any.
    fn across(&self) -> Vec<Metric> {
        let reviewed = reviewed(self.run);
        [
            Metric::PolicyStalenessMean,
            Metric::PromptsPerUserDay,
            Metric::RevocationExposureMean,
        ]
        .into_iter()
        .filter(|m| *m == Metric::PromptsPerUserDay || reviewed.contains(m))
        .collect()
    }

    /// What the chart weighs, in words: its title and heading.
    pub fn objectives(&self) -> String {
        let names: Vec<&str> = std::iter::once(Y)
            .chain(self.across())
            .map(|m| match m {
                Metric::LockoutHoursPer1kUsers => "lockout hours",
                Metric::PolicyStalenessMean => "policy staleness",
                Metric::PromptsPerUserDay => "prompts",
                _ => "revocation exposure",
            })
            .collect();
        let (last, first) = names.split_last().expect("lockout and prompts at least");
        format!("{} and {last}", first.join(", "))
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

fn axis_label(x: &f64) -> String {
    if *x < 0.0 {
        String::new()
    } else {
        number_label(*x)
    }
}

impl Chart for Tradeoff<'_> {
    /// A trade-off needs two designs and people whose lockouts or prompts moved.
    fn applies(&self) -> bool {
        let reviewed = reviewed(self.run);
        self.run.variants.len() > 1
            && (reviewed.contains(&Y) || reviewed.contains(&Metric::PromptsPerUserDay))
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let run = self.run;
        let across = self.across();
        let efficient = self.efficient();
        let on = self.objectives();
        let best: Vec<String> = run
            .variants
            .iter()
            .zip(&efficient)
            .filter(|(_, e)| **e)
            .map(|(v, _)| run.label(v))
            .collect();
        let mut entries: Vec<Entry> = run
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| Entry::Design {
                label: run.label(v),
                look: look(i),
                line: false,
                filled: efficient[i],
            })
            .collect();
        entries.push(Entry::Note(format!(
            "Filled: efficient on {on}: no other design is as good on all of them and better on one. \
             Hollow: another design is. Crosses: 95% intervals. Designs that sit together are named \
             together. Efficient: {}.",
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
                .x_label_formatter(&axis_label)
                .y_label_formatter(&axis_label)
                .label_style(super::text::font(13.0))
                .axis_desc_style(super::text::font(14.0))
                .light_line_style(WHITE.mix(0.0))
                .bold_line_style(GREY.mix(0.15))
                .draw()?;
            let at = |v: &str| chart.backend_coord(&(self.stat(v, x_metric).0, self.stat(v, Y).0));
            let points: Vec<(f64, f64)> = run
                .variants
                .iter()
                .map(|v| at(v))
                .map(|p| (f64::from(p.0), f64::from(p.1)))
                .collect();
            // Every interval first, then the markers: filled before hollow, so a
            // hollow marker over a filled one shows as a ring.
            for (i, v) in run.variants.iter().enumerate() {
                let ((x, xh), (y, yh)) = (self.stat(v, x_metric), self.stat(v, Y));
                let c = look(i).color.stroke_width(2);
                let ends = |a: (f64, f64), b: (f64, f64)| {
                    vec![chart.backend_coord(&a), chart.backend_coord(&b)]
                };
                root.draw(&PathElement::new(ends((x - xh, y), (x + xh, y)), c))?;
                root.draw(&PathElement::new(ends((x, y - yh), (x, y + yh)), c))?;
            }
            let mut order: Vec<usize> = (0..points.len()).collect();
            order.sort_by_key(|&i| !efficient[i]);
            for &i in &order {
                let p = points[i];
                look(i).marker(root, (p.0 as i32, p.1 as i32), 7, efficient[i])?;
            }
            let panel = Panel::of(&chart, Vec::new());
            taken.extend(points.iter().map(|p| Rect::around(p.0, p.1, 8.0)));
            let names: Vec<String> = run.variants.iter().map(|v| run.label(v)).collect();
            // The baseline and the efficient designs are named first.
            let first = |c: &Vec<usize>| !c.iter().any(|&i| i == 0 || efficient[i]);
            let mut groups = clusters(&points);
            groups.sort_by_key(first);
            name_clusters(root, &names, &points, &groups, &panel.rect, &mut taken)?;
            layout.panels.push(panel);
        }
        Ok(layout)
    }
}

/// Designs whose markers lie within `CLUSTER` pixels of each other, chained.
fn clusters(points: &[(f64, f64)]) -> Vec<Vec<usize>> {
    let mut group: Vec<usize> = (0..points.len()).collect();
    for i in 0..points.len() {
        for j in 0..i {
            let (a, b) = (points[i], points[j]);
            if (a.0 - b.0).hypot(a.1 - b.1) < CLUSTER {
                let (from, to) = (group[i], group[j]);
                group
                    .iter_mut()
                    .filter(|g| **g == from)
                    .for_each(|g| *g = to);
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, g) in group.iter().enumerate() {
        match out.iter_mut().find(|c| group[c[0]] == *g) {
            Some(c) => c.push(i),
            None => out.push(vec![i]),
        }
    }
    out
}

/// Names each cluster once, its designs joined by " / ", where the name is clear of
/// every other name and marker inside the plot: beside it when it is the nearest
/// cluster to the name, else further out with a leader to it. A cluster no such
/// place exists for is left to the legend.
fn name_clusters(
    root: &Area,
    names: &[String],
    points: &[(f64, f64)],
    groups: &[Vec<usize>],
    plot: &Rect,
    taken: &mut Vec<Rect>,
) -> Result<(), Box<dyn std::error::Error>> {
    for group in groups {
        let text = group
            .iter()
            .map(|&i| names[i].as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        let n = group.len() as f64;
        let c = group.iter().fold((0.0, 0.0), |a, &i| {
            (a.0 + points[i].0 / n, a.1 + points[i].1 / n)
        });
        let others: Vec<(f64, f64)> = (0..points.len())
            .filter(|i| !group.contains(i))
            .map(|i| points[i])
            .collect();
        // Beside its cluster and nearer it than any other marker, or further out
        // (with a leader) and beside no other marker.
        let clear = |r: &Rect| {
            let d = r.distance(c);
            match d <= 14.0 {
                true => others.iter().all(|&q| r.distance(q) > d + 4.0),
                false => others.iter().all(|&q| r.distance(q) > 12.0),
            }
        };
        let spots = spots(c, width(&text, LABEL_PX), LABEL_PX);
        let Some(label) = place(&text, LABEL_PX, spots, plot, taken, clear) else {
            continue;
        };
        label.draw(root, &BLACK)?;
        if label.rect.distance(c) > 14.0 {
            leader(root, c, &label)?;
        }
        taken.push(label.rect);
    }
    Ok(())
}

/// Top-left corners for a `w`×`h` name around a point: sixteen directions at
/// growing distances, nearest first. Corners are whole pixels, as a label is
/// drawn, rounded away from the point so a name never creeps onto its marker.
fn spots((x, y): (f64, f64), w: f64, h: f64) -> impl Iterator<Item = (f64, f64)> {
    [8.0, 24.0, 44.0, 70.0, 100.0, 140.0, 190.0]
        .into_iter()
        .flat_map(move |r: f64| {
            (0..16).map(move |k| {
                let angle = std::f64::consts::PI * f64::from(k) / 8.0;
                let (dx, dy) = (angle.cos(), -angle.sin());
                // The box's edge nearest the point sits `r` from it.
                let left = x + dx * r - w * (1.0 - dx) / 2.0;
                let top = y + dy * r * 0.7 - h * (1.0 - dy) / 2.0;
                let away = |at: f64, size: f64, from: f64| match at + size / 2.0 < from {
                    true => at.floor(),
                    false => at.ceil(),
                };
                (away(left, w, x), away(top, h, y))
            })
        })
}

/// A thin line from just outside the cluster's markers to the nearest edge of its name.
fn leader(root: &Area, c: (f64, f64), label: &Label) -> Result<(), Box<dyn std::error::Error>> {
    let r = &label.rect;
    let to = (c.0.clamp(r.x0, r.x1), c.1.clamp(r.y0, r.y1));
    let (dx, dy) = (to.0 - c.0, to.1 - c.1);
    let len = dx.hypot(dy).max(1.0);
    let from = (c.0 + dx * 10.0 / len, c.1 + dy * 10.0 / len);
    root.draw(&PathElement::new(
        vec![(from.0 as i32, from.1 as i32), (to.0 as i32, to.1 as i32)],
        GREY.stroke_width(1),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{clusters, efficient};

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
        assert_eq!(efficient(&two), [true, true, true, false, false]);
        // A third objective rescues a design only the first two would dominate.
        let three = [
            vec![1.0, 1.0, 9.0],
            vec![2.0, 2.0, 1.0],
            vec![3.0, 3.0, 9.0],
        ];
        assert_eq!(efficient(&three), [true, true, false]);
    }

    #[test]
    fn markers_that_touch_are_named_together() {
        let points = [
            (0.0, 0.0),
            (100.0, 0.0),
            (10.0, 0.0),
            (20.0, 0.0),
            (300.0, 5.0),
        ];
        assert_eq!(clusters(&points), [vec![0, 2, 3], vec![1], vec![4]]);
    }
}
