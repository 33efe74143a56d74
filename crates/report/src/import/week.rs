//! The hour-of-week chart of one app of a cohort: above, sign-ins per user in
//! each local hour observed against fitted; below, the fitted use rate on an
//! axis of its own. Hours are steps (the profile is constant within an hour),
//! Monday 00:00 to Sunday 24:00, each day ruled off and named.

use super::number;
use crate::chart::axis::tick_label;
use crate::chart::legend::{self, Entry};
use crate::chart::look::{GREY, Look, look};
use crate::chart::panel::{caption, quiet};
use crate::chart::text::{Label, fit};
use crate::chart::{Area, Chart, DrawResult, Layout, Panel};
use authsim_import::summary::{AppFit, HOURS_OF_WEEK};
use plotters::prelude::*;

/// The days of a profile's rows, Monday first.
pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The chart's canvas: the run report's width, a little taller for two panels.
const SIZE: (u32, u32) = (1280, 780);
/// The upper panel's share of the height above the legend.
const UPPER: u32 = 60;

pub struct WeekChart<'a> {
    pub app: &'a AppFit,
    /// The cohort's local time as the axis names it: `UTC+2`, `UTC−5:30`.
    pub zone: String,
}

/// One line of a panel: its name, values by hour, look, and whether the area
/// under it is shaded.
struct Line<'a> {
    label: String,
    values: &'a [f64],
    look: Look,
    shaded: bool,
}

impl Chart for WeekChart<'_> {
    fn size(&self) -> (u32, u32) {
        SIZE
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let weeks = self.app.weeks;
        let lines = [
            Line {
                label: format!("observed ({} weeks of log)", number(weeks)),
                values: &self.app.observed,
                look: look(0),
                shaded: false,
            },
            Line {
                label: "fitted".into(),
                values: &self.app.fitted,
                look: look(1),
                shaded: false,
            },
            Line {
                label: "fitted use rate (lower panel)".into(),
                values: &self.app.uses,
                look: Look {
                    dash: None,
                    ..look(2)
                },
                shaded: true,
            },
        ];
        let entries: Vec<Entry> = lines
            .iter()
            .map(|l| Entry::Design {
                label: l.label.clone(),
                look: l.look,
                line: true,
                filled: true,
            })
            .collect();
        let plot = legend::strip(root, &entries)?;
        let height = plot.dim_in_pixel().1;
        let (upper, lower) = plot.split_vertically(height * UPPER / 100);
        let mut layout = Layout::default();
        let x_desc = format!("local time ({}), Monday 00:00 to Sunday 24:00", self.zone);
        let panels = [
            (
                &upper,
                "Sign-ins per user in each hour of the week: observed against fitted",
                "sign-ins per user per hour",
                &lines[..2],
            ),
            (
                &lower,
                "Fitted use rate: access attempts per user in each hour",
                "attempts per user per hour",
                &lines[2..],
            ),
        ];
        for (area, title, axis, lines) in panels {
            panel(root, area, title, axis, &x_desc, lines, &mut layout)?;
        }
        Ok(layout)
    }
}

/// One panel: a quiet mesh over the week, the days ruled off and named, and
/// each line drawn as steps.
fn panel(
    root: &Area,
    area: &Area,
    title: &str,
    axis: &str,
    x_desc: &str,
    lines: &[Line],
    layout: &mut Layout,
) -> DrawResult {
    let top = lines
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let y1 = if top > 0.0 { top * 1.08 } else { 1.0 };
    let hours = HOURS_OF_WEEK as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .margin_right(24)
        .margin_top(34)
        .x_label_area_size(62)
        .y_label_area_size(84)
        .build_cartesian_2d(0.0..hours, 0.0..y1)?;
    let plot_height = f64::from(area.dim_in_pixel().1) - 110.0;
    let (y_desc, desc_px) = fit(axis, 14.0, plot_height);
    let formatter = |y: &f64| tick_label(*y, y1);
    let mut mesh = chart.configure_mesh();
    quiet(&mut mesh, 13.0, desc_px)
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&formatter)
        .y_desc(y_desc)
        .x_desc(x_desc)
        .draw()?;
    let ranges = chart.plotting_area().get_pixel_range();
    caption(root, ranges.clone(), title, 24.0)?;
    let (xs, ys) = ranges;
    let x_of = |h: f64| chart.backend_coord(&(h, 0.0)).0;
    // Hours 6, 12 and 18 faintly, each midnight firmly; each day named below.
    for hour in 0..=HOURS_OF_WEEK {
        let (x, day) = (x_of(hour as f64), hour / 24);
        let style = match hour % 24 {
            0 => GREY.mix(0.6).stroke_width(1),
            6 | 12 | 18 => GREY.mix(0.15).stroke_width(1),
            _ => continue,
        };
        root.draw(&PathElement::new(vec![(x, ys.start), (x, ys.end)], style))?;
        let y = f64::from(ys.end);
        match hour % 24 {
            12 => {
                Label::centered("12", 11.0, (f64::from(x), y + 4.0)).draw(root, &GREY)?;
                Label::centered(DAYS[day], 13.0, (f64::from(x), y + 19.0)).draw(root, &BLACK)?;
            }
            6 | 18 => Label::centered(&format!("{:02}", hour % 24), 11.0, (f64::from(x), y + 4.0))
                .draw(root, &GREY)?,
            _ => {}
        }
    }
    let steps = |values: &[f64]| -> Vec<(i32, i32)> {
        values
            .iter()
            .take(HOURS_OF_WEEK)
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .flat_map(|(h, &v)| [(h as f64, v), (h as f64 + 1.0, v)])
            .map(|p| chart.backend_coord(&p))
            .collect()
    };
    for (n, line) in lines.iter().enumerate() {
        let points = steps(line.values);
        if line.shaded {
            let mut area = points.clone();
            area.push((xs.end.min(points.last().map_or(xs.start, |p| p.0)), ys.end));
            area.push((points.first().map_or(xs.start, |p| p.0), ys.end));
            root.draw(&Polygon::new(area, line.look.color.mix(0.2).filled()))?;
        }
        line.look.line(root, &points, 2)?;
        // A marker every twelve hours, staggered so that coinciding lines' do not meet.
        for h in (3 + 6 * n..line.values.len().min(HOURS_OF_WEEK)).step_by(12) {
            let v = line.values[h];
            if v.is_finite() {
                let p = chart.backend_coord(&(h as f64 + 0.5, v));
                line.look.marker(root, p, 4, true)?;
            }
        }
    }
    let designs = lines
        .iter()
        .map(|l| {
            (
                l.label.clone(),
                (l.look.color.0, l.look.color.1, l.look.color.2),
            )
        })
        .collect();
    layout.panels.push(Panel::of(&chart, designs));
    Ok(())
}
