//! The trade-off: lockout hours against policy staleness (the security side of
//! every token lifetime, wherever people sign in), against prompts and, where
//! revocations are modelled, against revocation exposure, a panel each, so a
//! design that buys lockouts with security shows it. Efficiency is judged on
//! every objective at once; axes start at zero, so designs within each other's
//! intervals sit close, except where designs lie more than two decades apart:
//! there the axis is logarithmic, so those near zero stay apart.

mod names;

use super::legend::{self, Entry};
use super::look::{Look, look};
use super::panel::quiet;
use super::scale::Scale;
use super::text::Rect;
use super::{Area, Chart, Layout, Panel, reviewed, titled};
use crate::folder::RunFolder;
use authsim_core::montecarlo::metrics::Metric;
use names::{clusters, name_clusters};
use plotters::prelude::*;

pub struct Tradeoff<'a> {
    pub run: &'a RunFolder,
}

const Y: Metric = Metric::LockoutHoursPer1kUsers;
/// A marker's radius in pixels.
const MARKER: i32 = 7;

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

    /// Each design's means on every objective.
    fn points(&self) -> Vec<Vec<f64>> {
        let objectives: Vec<Metric> = std::iter::once(Y).chain(self.across()).collect();
        self.run
            .variants
            .iter()
            .map(|v| objectives.iter().map(|m| self.stat(v, *m).0).collect())
            .collect()
    }

    fn efficient(&self) -> Vec<bool> {
        efficient(&self.points())
    }
}

impl Chart for Tradeoff<'_> {
    /// A trade-off needs people whose lockouts or prompts some design moves, and
    /// two designs that differ on an objective: identical points trade nothing.
    fn applies(&self) -> bool {
        let reviewed = reviewed(self.run);
        let points = self.points();
        (reviewed.contains(&Y) || reviewed.contains(&Metric::PromptsPerUserDay))
            && points.iter().any(|p| *p != points[0])
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
        let mut entries = legend::designs(run, false, |i| efficient[i]);
        entries.push(Entry::Note(format!(
            "Filled: efficient on {on}: no other design is as good on all of them and better on one. \
             Hollow: another design is. Crosses: 95% intervals. Designs that sit together are named \
             together. An axis whose designs lie more than two decades apart is logarithmic. \
             Efficient: {}.",
            best.join("; ")
        )));
        let area = titled(root, &format!("{}: {on}", run.title()))?;
        let area = legend::strip(&area, &entries)?;
        let panels = area.split_evenly((1, across.len()));
        let mut layout = Layout::default();
        for (cell, &x_metric) in panels.iter().zip(&across) {
            layout
                .panels
                .push(self.panel(root, cell, x_metric, &efficient)?);
        }
        Ok(layout)
    }
}

impl Tradeoff<'_> {
    fn scale(&self, m: Metric) -> Scale {
        let stats: Vec<(f64, f64)> = self.run.variants.iter().map(|v| self.stat(v, m)).collect();
        Scale::of(&stats)
    }

    /// One panel: lockout hours against `x_metric`, every design's crosses and
    /// marker, and the names where they are clear of all of them.
    fn panel(
        &self,
        root: &Area,
        cell: &Area,
        x_metric: Metric,
        efficient: &[bool],
    ) -> Result<Panel, Box<dyn std::error::Error>> {
        let run = self.run;
        let (xs, ys) = (self.scale(x_metric), self.scale(Y));
        let mut chart = ChartBuilder::on(cell)
            .margin(16)
            .margin_right(30)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(xs.axis(6), ys.axis(8))?;
        quiet(&mut chart.configure_mesh(), 13.0, 14.0)
            .x_desc(xs.title(x_metric.label()))
            .y_desc(ys.title(Y.label()))
            .x_label_formatter(&|x| xs.label(*x))
            .y_label_formatter(&|y| ys.label(*y))
            .draw()?;
        let px = |x: f64, y: f64| {
            let p = chart.backend_coord(&(xs.at(x), ys.at(y)));
            (f64::from(p.0), f64::from(p.1))
        };
        let mut points = Vec::new();
        // The marks names must keep clear of: every interval line and marker.
        let mut taken: Vec<Rect> = Vec::new();
        // Every interval first, then the markers: filled before hollow, so a
        // hollow marker over a filled one shows as a ring.
        for (i, v) in run.variants.iter().enumerate() {
            let ((x, xh), (y, yh)) = (self.stat(v, x_metric), self.stat(v, Y));
            let c = look(i).color.stroke_width(2);
            for (a, b) in [
                (px(x - xh, y), px(x + xh, y)),
                (px(x, y - yh), px(x, y + yh)),
            ] {
                let ends = vec![(a.0 as i32, a.1 as i32), (b.0 as i32, b.1 as i32)];
                root.draw(&PathElement::new(ends, c))?;
                taken.push(Rect::new(
                    a.0.min(b.0) - 2.0,
                    a.1.min(b.1) - 2.0,
                    a.0.max(b.0) + 2.0,
                    a.1.max(b.1) + 2.0,
                ));
            }
            points.push(px(x, y));
        }
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by_key(|&i| !efficient[i]);
        for &i in &order {
            let p = points[i];
            look(i).marker(root, (p.0 as i32, p.1 as i32), MARKER, efficient[i])?;
        }
        let panel = Panel::of(&chart, Vec::new());
        let reach = Look::reach(MARKER);
        taken.extend(points.iter().map(|p| Rect::around(p.0, p.1, reach)));
        let names: Vec<String> = run.variants.iter().map(|v| run.label(v)).collect();
        // The baseline and the efficient designs are named first.
        let first = |c: &Vec<usize>| !c.iter().any(|&i| i == 0 || efficient[i]);
        let mut groups = clusters(&points);
        groups.sort_by_key(first);
        name_clusters(root, &names, &points, &groups, &panel.rect, &mut taken)?;
        Ok(panel)
    }
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
        assert_eq!(efficient(&two), [true, true, true, false, false]);
        // A third objective rescues a design only the first two would dominate.
        let three = [
            vec![1.0, 1.0, 9.0],
            vec![2.0, 2.0, 1.0],
            vec![3.0, 3.0, 9.0],
        ];
        assert_eq!(efficient(&three), [true, true, false]);
    }
}
