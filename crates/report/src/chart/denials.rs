//! What denied the attempts, in absolute terms: per design one bar as long as its
//! lockout hours per 1,000 users (left) or its denied attempts (right), split among
//! the causes, so a design that locks out half as much has half the bar, whatever
//! its shares. Horizontal bars give every design a row of its own.

use super::legend::{self, Entry};
use super::look::{CAUSES, Look, Marker};
use super::panel::{caption, quiet};
use super::text::{Label, Rect, fit, width};
use super::{Area, Chart, Layout, Mark, Panel, titled};
use crate::folder::RunFolder;
use authsim_core::montecarlo::metrics::Metric;
use authsim_export::records::{CauseRecord, Row};
use plotters::prelude::*;

pub struct DenialsChart<'a> {
    pub run: &'a RunFolder,
    pub rows: &'a [Row<CauseRecord>],
}

/// Pixels per design's bar.
const ROW: u32 = 36;
const NAME_PX: f64 = 13.0;

/// The causes past the coloured ones, together.
const REST: RGBColor = RGBColor(200, 200, 200);

/// A measure a panel shows: its caption, a cause's value, and the design's total.
struct Measure {
    caption: &'static str,
    of: fn(&CauseRecord) -> f64,
    total: fn(&DenialsChart, &str) -> f64,
}

const MEASURES: [Measure; 2] = [
    Measure {
        caption: "lockout hours per 1,000 users",
        of: |r| r.lockout_hours_per_1k_users,
        // The headline metric itself, so the bar is the number the tables give.
        total: |chart, v| {
            chart
                .run
                .record(v, Metric::LockoutHoursPer1kUsers)
                .map_or(0.0, |r| r.fields.mean)
        },
    },
    Measure {
        caption: "denied attempts (mean per replication)",
        of: |r| r.denied_attempts,
        // Each cause's attempts over its share: the design's denied attempts.
        total: |chart, v| {
            let own = chart.rows.iter().filter(|r| r.variant == v);
            let (part, share) = own.fold((0.0, 0.0), |(p, s), r| {
                (p + r.fields.denied_attempts, s + r.fields.denied_share)
            });
            if share > 0.0 { part / share } else { 0.0 }
        },
    },
];

impl DenialsChart<'_> {
    /// The causes some design was denied by, the largest lockout hours over the
    /// designs (then denials) first.
    pub fn causes(&self) -> Vec<&str> {
        let mut causes: Vec<(&str, f64, f64)> = Vec::new();
        for r in self.rows {
            let f = &r.fields;
            if f.denied_share == 0.0 && f.lockout_hours_share == 0.0 {
                continue;
            }
            match causes.iter_mut().find(|c| c.0 == f.component) {
                Some(c) => (c.1, c.2) = (c.1 + f.lockout_hours_share, c.2 + f.denied_share),
                None => causes.push((&f.component, f.lockout_hours_share, f.denied_share)),
            }
        }
        causes.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.total_cmp(&a.2)));
        causes.into_iter().map(|c| c.0).collect()
    }

    pub fn record(&self, variant: &str, cause: &str) -> Option<&CauseRecord> {
        self.rows
            .iter()
            .find(|r| r.variant == variant && r.fields.component == cause)
            .map(|r| &r.fields)
    }

    /// The groups a bar is split into: the causes with colours of their own, then
    /// the rest together, each with its name and colour.
    fn groups(&self) -> Vec<(String, RGBColor)> {
        let causes = self.causes();
        let mut groups: Vec<(String, RGBColor)> = causes
            .iter()
            .zip(CAUSES)
            .map(|(c, color)| (c.to_string(), color))
            .collect();
        if causes.len() > CAUSES.len() {
            let n = causes.len() - CAUSES.len();
            groups.push((format!("{n} smaller causes"), REST));
        }
        groups
    }

    /// A design's bar: each group's part of its total. Every component down at a
    /// denial is credited in full, so the causes' values add up to more than the
    /// total where components fail together: each is scaled by total over sum,
    /// which splits hours lost to several causes in proportion to their credit.
    fn bar(&self, variant: &str, m: &Measure) -> Vec<f64> {
        let causes = self.causes();
        let value = |c: &&str| self.record(variant, c).map_or(0.0, m.of);
        let mut parts: Vec<f64> = causes.iter().take(CAUSES.len()).map(value).collect();
        if causes.len() > CAUSES.len() {
            parts.push(causes.iter().skip(CAUSES.len()).map(value).sum());
        }
        let (sum, total) = (parts.iter().sum::<f64>(), (m.total)(self, variant));
        match sum > 0.0 {
            true => parts.iter().map(|p| p * total / sum).collect(),
            false => parts.iter().map(|_| 0.0).collect(),
        }
    }
}

/// A share as a planner reads it: `71%`, `0.4%`, `<0.1%`.
pub fn percent(share: f64) -> String {
    match share {
        0.0 => "0%".into(),
        s if s < 0.001 => "<0.1%".into(),
        s if s < 0.1 => format!("{:.1}%", s * 100.0),
        s => format!("{:.0}%", s * 100.0),
    }
}

/// An amount at the end of a bar: whole numbers from 100 on, else three digits.
pub fn amount(x: f64) -> String {
    match x {
        x if x >= 100.0 => format!("{x:.0}"),
        x if x >= 10.0 => format!("{x:.1}"),
        x => format!("{x:.2}"),
    }
}

impl Chart for DenialsChart<'_> {
    fn applies(&self) -> bool {
        !self.causes().is_empty()
    }

    fn size(&self) -> (u32, u32) {
        let keys = self.groups().len() + self.run.variants.len();
        let legend = 24 * (keys.div_ceil(3) as u32 + 3) + 12;
        (1280, 180 + legend + ROW * self.run.variants.len() as u32)
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let mut entries: Vec<Entry> = self
            .groups()
            .into_iter()
            .map(|(label, color)| Entry::Design {
                label,
                look: Look {
                    color,
                    dash: None,
                    marker: Marker::Square,
                },
                line: false,
                filled: true,
            })
            .collect();
        entries.push(Entry::Note(
            "Each bar: the design's lockout hours per 1,000 users (left) or denied attempts \
             (right), a mean over replications, split by what was down on a path the attempt \
             needed. Where several components were down together, their hours are split in \
             proportion to each one's credited total; denials_by_component.csv credits each in full."
                .into(),
        ));
        let area = titled(
            root,
            &format!("{}: what denied the attempts", self.run.title()),
        )?;
        let area = legend::strip(&area, &entries)?;
        let names: Vec<String> = self
            .run
            .variants
            .iter()
            .map(|v| self.run.label(v))
            .collect();
        let widest = names.iter().map(|n| width(n, NAME_PX)).fold(0.0, f64::max);
        let (aw, _) = area.dim_in_pixel();
        let name_room = widest.min(f64::from(aw) * 0.22) + 16.0;
        let (left, rest) = area.split_horizontally(name_room as i32);
        let cells = rest.split_evenly((1, MEASURES.len()));
        let mut layout = Layout::default();
        for (cell, m) in cells.iter().zip(&MEASURES) {
            let (panel, marks) = self.panel(root, cell, m)?;
            layout.panels.push(panel);
            layout.marks.extend(marks);
        }
        // Each design's name beside its bars.
        let (cx, _) = left.get_pixel_range();
        let rect = layout.panels[0].rect;
        let row_px = (rect.y1 - rect.y0) / names.len() as f64;
        for (i, name) in names.iter().enumerate() {
            let (text, px) = fit(name, NAME_PX, f64::from(cx.end - cx.start) - 12.0);
            let middle = rect.y0 + row_px * (i as f64 + 0.5);
            let x = f64::from(cx.end) - 6.0 - width(&text, px);
            Label::at(&text, px, (x, middle - px * 0.55)).draw(root, &BLACK)?;
        }
        Ok(layout)
    }
}

impl DenialsChart<'_> {
    fn panel(
        &self,
        root: &Area,
        cell: &Area,
        m: &Measure,
    ) -> Result<(Panel, Vec<Mark>), Box<dyn std::error::Error>> {
        let designs = self.run.variants.len() as f64;
        let groups = self.groups();
        let top = self
            .run
            .variants
            .iter()
            .map(|v| (m.total)(self, v))
            .fold(0.0, f64::max);
        // Room past the longest bar for its total.
        let x1 = if top > 0.0 { top * 1.18 } else { 1.0 };
        let mut chart = ChartBuilder::on(cell)
            .margin(10)
            .margin_top(34)
            .margin_right(24)
            .x_label_area_size(44)
            .build_cartesian_2d(0.0..x1, 0.0..designs)?;
        quiet(&mut chart.configure_mesh(), 12.0, 12.0)
            .y_labels(0)
            .x_labels(5)
            .x_label_formatter(&|x| super::axis::tick_label(*x, x1))
            .x_desc(m.caption)
            .draw()?;
        caption(
            root,
            chart.plotting_area().get_pixel_range(),
            m.caption,
            26.0,
        )?;
        let mut marks = Vec::new();
        for (i, v) in self.run.variants.iter().enumerate() {
            // Rows from the top, the baseline first.
            let row = designs - i as f64;
            let mut x = 0.0;
            for (part, (what, color)) in self.bar(v, m).into_iter().zip(&groups) {
                let (a, b) = (
                    chart.backend_coord(&(x, row - 0.2)),
                    chart.backend_coord(&(x + part, row - 0.8)),
                );
                if part > 0.0 {
                    root.draw(&Rectangle::new([a, b], color.filled()))?;
                    root.draw(&Rectangle::new([a, b], WHITE.stroke_width(1)))?;
                }
                marks.push(Mark {
                    design: self.run.label(v),
                    what: what.clone(),
                    value: part,
                    rect: Rect::new(a.0.into(), a.1.into(), b.0.into(), b.1.into()),
                });
                x += part;
            }
            let (end, mid) = chart.backend_coord(&(x, row - 0.5));
            Label::at(
                &amount(x),
                12.0,
                (f64::from(end) + 6.0, f64::from(mid) - 7.0),
            )
            .draw(root, &BLACK)?;
        }
        // Causes, not designs, have the colours here.
        Ok((Panel::of(&chart, Vec::new()), marks))
    }
}

#[cfg(test)]
mod tests {
    use super::{amount, percent};

    #[test]
    fn shares_read_as_a_planner_writes_them() {
        let read: Vec<String> = [0.71, 0.004, 0.0004, 0.0, 1.0].map(percent).into();
        assert_eq!(read, ["71%", "0.4%", "<0.1%", "0%", "100%"]);
        let read: Vec<String> = [12619.38, 47.26, 0.4567].map(amount).into();
        assert_eq!(read, ["12619", "47.3", "0.46"]);
    }
}
