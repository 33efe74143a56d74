//! What denied the attempts: for each cause (a component, or a named cause that is
//! not one), a group of bars, one per design in its own look, each the share of
//! the design's denied attempts (left) or lockout hours (right) that had it down,
//! labelled. Horizontal bars give every label a row of its own.

use super::legend::{self, Entry};
use super::look::{GREY, look};
use super::text::{Label, fit, width};
use super::{Area, Chart, Layout, Panel, titled};
use crate::export::records::{CauseRecord, Row};
use crate::report::folder::RunFolder;
use plotters::prelude::*;

pub struct DenialsChart<'a> {
    pub run: &'a RunFolder,
    pub rows: &'a [Row<CauseRecord>],
}

/// Pixels per design's bar, and the gap between causes in bars.
const ROW: u32 = 20;
const GAP: f64 = 0.8;
const NAME_PX: f64 = 13.0;

/// One of a record's shares.
type Share = fn(&CauseRecord) -> f64;

/// The two shares a panel each shows.
const PANELS: [(&str, Share); 2] = [
    ("share of denied attempts", |r| r.denied_share),
    ("share of lockout hours", |r| r.lockout_hours_share),
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

    /// Bars and gaps from the top, in rows.
    fn units(&self) -> f64 {
        let causes = self.causes().len() as f64;
        causes * (self.run.variants.len() as f64 + GAP)
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

impl Chart for DenialsChart<'_> {
    fn applies(&self) -> bool {
        !self.causes().is_empty()
    }

    fn size(&self) -> (u32, u32) {
        let legend = 24 * (self.run.variants.len().div_ceil(3) as u32 + 3) + 12;
        (
            1280,
            170 + legend + (self.units() * f64::from(ROW)).ceil() as u32,
        )
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let mut entries: Vec<Entry> = self
            .run
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| Entry::Design {
                label: self.run.label(v),
                look: look(i),
                line: false,
                filled: true,
            })
            .collect();
        entries.push(Entry::Note(
            "Each bar: the share of the design's denied attempts (left) or lockout hours (right) \
             that had the component down on a path the attempt needed. Every component down is \
             credited in full, so a design's shares add up to more than 100% where components \
             fail together."
                .into(),
        ));
        let area = titled(
            root,
            &format!("{}: what denied the attempts", self.run.title()),
        )?;
        let area = legend::strip(&area, &entries)?;
        let causes = self.causes();
        let names = causes.iter().map(|c| width(c, NAME_PX)).fold(0.0, f64::max);
        let (aw, _) = area.dim_in_pixel();
        let name_room = names.min(f64::from(aw) * 0.25) + 16.0;
        let (left, rest) = area.split_horizontally(name_room as i32);
        let cells = rest.split_evenly((1, PANELS.len()));
        let mut layout = Layout::default();
        for (cell, (caption, share)) in cells.iter().zip(PANELS) {
            layout.panels.push(self.panel(root, cell, caption, share)?);
        }
        self.names(root, &left, &layout.panels[0])?;
        Ok(layout)
    }
}

impl DenialsChart<'_> {
    fn panel(
        &self,
        root: &Area,
        cell: &Area,
        caption: &str,
        share: Share,
    ) -> Result<Panel, Box<dyn std::error::Error>> {
        let units = self.units();
        let mut chart = ChartBuilder::on(cell)
            .margin(10)
            .margin_top(34)
            .margin_right(64)
            .x_label_area_size(44)
            .build_cartesian_2d(0.0..1.0, 0.0..units)?;
        chart
            .configure_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&|x| percent(*x))
            .x_desc("share")
            .label_style(super::text::font(12.0))
            .axis_desc_style(super::text::font(12.0))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(GREY.mix(0.15))
            .draw()?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (text, px) = fit(caption, 14.0, f64::from(xs.end - xs.start));
        Label::at(&text, px, (f64::from(xs.start), f64::from(ys.start) - 26.0))
            .draw(root, &BLACK)?;
        let row_px = f64::from(ys.end - ys.start) / units;
        let label_px = (row_px * 0.75).min(12.0);
        let designs = self.run.variants.len() as f64;
        let mut widest = vec![0; self.run.variants.len()];
        for (g, cause) in self.causes().iter().enumerate() {
            for (i, v) in self.run.variants.iter().enumerate() {
                let Some(record) = self.record(v, cause) else {
                    continue;
                };
                let value = share(record);
                // Rows from the top: a group per cause, a gap after each.
                let top = units - (g as f64 * (designs + GAP) + i as f64);
                let (x0, y0) = chart.backend_coord(&(0.0, top - 0.1));
                let (x1, y1) = chart.backend_coord(&(value.min(1.0), top - 0.9));
                let l = look(i);
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], l.color.filled()))?;
                widest[i] = widest[i].max(x1 - x0);
                let mid = (y0 + y1) / 2;
                l.marker(root, (x1, mid), 4, true)?;
                let at = (f64::from(x1) + 9.0, f64::from(mid) - label_px * 0.55);
                Label::at(&percent(value), label_px, at).draw(root, &BLACK)?;
            }
        }
        // A design with bars too thin to see has no pixels of its own to check.
        let shown = self
            .run
            .variants
            .iter()
            .enumerate()
            .filter(|(i, _)| widest[*i] >= 3)
            .map(|(i, v)| {
                let c = look(i).color;
                (self.run.label(v), (c.0, c.1, c.2))
            })
            .collect();
        Ok(Panel::of(&chart, shown))
    }

    /// Each cause's name beside its group of bars.
    fn names(
        &self,
        root: &Area,
        column: &Area,
        panel: &Panel,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let (cx, _) = column.get_pixel_range();
        let room = f64::from(cx.end - cx.start) - 12.0;
        let row_px = (panel.rect.y1 - panel.rect.y0) / self.units();
        let designs = self.run.variants.len() as f64;
        for (g, cause) in self.causes().iter().enumerate() {
            let (text, px) = fit(cause, NAME_PX, room);
            let middle = panel.rect.y0 + row_px * (g as f64 * (designs + GAP) + designs / 2.0);
            let x = f64::from(cx.end) - 6.0 - width(&text, px);
            Label::at(&text, px, (x, middle - px * 0.5)).draw(root, &BLACK)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn shares_read_as_a_planner_writes_them() {
        let read: Vec<String> = [0.71, 0.004, 0.0004, 0.0, 1.0].map(percent).into();
        assert_eq!(read, ["71%", "0.4%", "<0.1%", "0%", "100%"]);
    }
}
