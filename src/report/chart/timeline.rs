//! A time series over the horizon, every design visible: in one panel, each design
//! in its own colour, dash and markers, the baseline solid underneath and the others
//! dashed over it so coinciding lines both show (and the legend says they coincide);
//! or, with more than five designs or lines that keep crossing, one panel per
//! design on shared axes with the baseline ghosted in each. Each bucket's value is
//! drawn flat across the bucket, so nothing seems to happen before it did.

use super::axis::{number_label, time_label, time_ticks};
use super::legend::{self, Entry};
use super::look::{GREY, Look, look};
use super::outages::{self, Window};
use super::text::{Label, Rect, fit, width};
use super::{Area, Chart, Layout, Panel, SIZE, grid, titled};
use crate::montecarlo::series::SeriesMetric;
use crate::report::folder::{RunFolder, Series};
use plotters::prelude::*;

pub struct TimelineChart<'a> {
    pub run: &'a RunFolder,
    pub series: SeriesMetric,
    pub lines: Lines,
}

/// What the lines are: every design, or the baseline's cohorts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lines {
    Designs,
    /// One panel per cohort, everyone ghosted behind each.
    Cohorts,
}

/// One design's line: its name, look and mean and half-width per bucket.
struct Line<'a> {
    label: String,
    index: usize,
    values: &'a [(f64, f64)],
}

/// Designs share a panel up to this many.
const MAX_SHARED: usize = 5;
/// Lines that cross each other more often than this are drawn apart.
const MAX_CROSSINGS: usize = 8;
const PANEL_HEIGHT: u32 = 300;

impl<'a> TimelineChart<'a> {
    fn lines(&self) -> Vec<Line<'a>> {
        let run: &'a RunFolder = self.run;
        if self.lines == Lines::Cohorts {
            let baseline = &run.variants[0];
            return run
                .cohort_series
                .iter()
                .filter(|((variant, _), _)| variant == baseline)
                .enumerate()
                .map(|(index, ((_, cohort), s))| Line {
                    label: cohort.clone(),
                    index,
                    values: s.of(self.series),
                })
                .collect();
        }
        run.variants
            .iter()
            .enumerate()
            .filter_map(|(index, name)| {
                let s = run.series.get(name)?;
                Some(Line {
                    label: run.label(name),
                    index,
                    values: s.of(self.series),
                })
            })
            .collect()
    }

    fn top(&self) -> f64 {
        self.lines()
            .iter()
            .flat_map(|l| l.values.iter().map(|(m, h)| m + h))
            .fold(0.0, f64::max)
    }

    /// Two lines closer than a pixel (a 400th of the axis) everywhere coincide.
    fn tolerance(&self) -> f64 {
        self.top().max(1e-12) / 400.0
    }

    /// What each panel of the chart drawn apart shows in grey behind its line:
    /// the baseline behind each design, everyone behind each cohort.
    fn reference(&self) -> Option<Line<'a>> {
        let run: &'a RunFolder = self.run;
        let baseline = run.variants.first()?;
        Some(Line {
            label: match self.lines {
                Lines::Designs => run.label(baseline),
                Lines::Cohorts => "everyone".to_string(),
            },
            index: 0,
            values: run.series.get(baseline)?.of(self.series),
        })
    }

    fn apart(&self) -> bool {
        let lines = self.lines();
        self.lines == Lines::Cohorts
            || lines.len() > MAX_SHARED
            || crossings(&lines, self.tolerance()) > MAX_CROSSINGS
    }
}

/// How often any two lines change places by more than `tol`.
fn crossings(lines: &[Line], tol: f64) -> usize {
    let mut count = 0;
    for (i, a) in lines.iter().enumerate() {
        for b in &lines[i + 1..] {
            let mut side = 0.0;
            for (x, y) in a.values.iter().zip(b.values) {
                let d = x.0 - y.0;
                if d.abs() > tol {
                    if side * d < 0.0 {
                        count += 1;
                    }
                    side = d.signum();
                }
            }
        }
    }
    count
}

fn coincide(a: &[(f64, f64)], b: &[(f64, f64)], tol: f64) -> bool {
    a.iter().zip(b).all(|(x, y)| (x.0 - y.0).abs() <= tol)
}

impl Chart for TimelineChart<'_> {
    fn size(&self) -> (u32, u32) {
        if self.apart() {
            (
                SIZE.0,
                150 + PANEL_HEIGHT * grid(self.lines().len()).1 as u32,
            )
        } else {
            SIZE
        }
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let run = self.run;
        let d = self.series.definition();
        let lines = self.lines();
        let windows = outages::windows(&run.scenario);
        let tol = self.tolerance();
        let same_as = |l: &Line| {
            lines
                .iter()
                .take_while(|o| o.index < l.index)
                .find(|o| coincide(o.values, l.values, tol))
                .map(|o| o.label.clone())
        };
        let apart = self.apart();
        let mut entries: Vec<Entry> = Vec::new();
        if apart {
            entries.push(Entry::Design {
                label: match self.lines {
                    Lines::Designs => "the baseline, in grey behind each design for reference",
                    Lines::Cohorts => "everyone, in grey behind each cohort for reference",
                }
                .into(),
                look: Look::ghost(),
                line: true,
                filled: true,
            });
        } else {
            entries.extend(lines.iter().map(|l| Entry::Design {
                label: match same_as(l) {
                    Some(o) => format!("{} (same line as {o})", l.label),
                    None => l.label.clone(),
                },
                look: look(l.index),
                line: true,
                filled: true,
            }));
        }
        entries.push(Entry::Note(format!(
            "Each bucket's mean drawn across the bucket; shaded band: 95% interval over replications. {}",
            outages::key(&run.scenario)
        )));
        // Panels too small for an axis title carry it in the chart's title.
        let by = match self.lines {
            Lines::Designs => String::new(),
            Lines::Cohorts => format!(" by cohort ({})", run.label(&run.variants[0])),
        };
        let title = match apart {
            true => format!("{}: {}{by} ({})", run.title(), d.title, d.axis),
            false => format!("{}: {}{by}", run.title(), d.title),
        };
        let plot = titled(root, &title)?;
        let plot = legend::strip(&plot, &entries)?;
        let Some(first) = run.series.values().next() else {
            return Ok(Layout::default());
        };
        let frame = Frame {
            run,
            first,
            axis: d.axis,
            windows: &windows,
            y1: if self.top() > 0.0 {
                self.top() * 1.08
            } else {
                1.0
            },
        };
        let mut layout = Layout::default();
        let mut taken = Vec::new();
        if apart {
            let (cols, rows) = grid(lines.len());
            let cells = plot.split_evenly((rows, cols));
            let reference = self.reference();
            for (k, (cell, line)) in cells.iter().zip(&lines).enumerate() {
                let same = same_as(line).filter(|o| *o == run.label(&run.variants[0]));
                let caption = match same.filter(|_| self.lines == Lines::Designs) {
                    Some(o) => format!("{} (same line as {o})", line.label),
                    None => line.label.clone(),
                };
                let panel = PanelSpec {
                    caption: Some(&caption),
                    ghost: reference
                        .as_ref()
                        .filter(|_| self.lines == Lines::Cohorts || line.index != 0),
                    lines: &[line],
                    // Outages named once, above the top row.
                    name_outages: k < cols,
                };
                layout
                    .panels
                    .push(frame.panel(root, cell, &panel, &mut taken)?);
            }
        } else {
            let all: Vec<&Line> = lines.iter().collect();
            let panel = PanelSpec {
                caption: None,
                ghost: None,
                lines: &all,
                name_outages: true,
            };
            layout
                .panels
                .push(frame.panel(root, &plot, &panel, &mut taken)?);
        }
        Ok(layout)
    }
}

/// What every panel of one chart shares: its axes, buckets and outage windows.
struct Frame<'a> {
    run: &'a RunFolder,
    /// Any design's series, for the bucket starts all share.
    first: &'a Series,
    axis: &'a str,
    windows: &'a [Window],
    y1: f64,
}

/// What one panel shows.
struct PanelSpec<'a, 'b> {
    caption: Option<&'b str>,
    ghost: Option<&'b Line<'a>>,
    lines: &'b [&'b Line<'a>],
    name_outages: bool,
}

impl Frame<'_> {
    /// One panel: axes, outage windows, then the ghosted baseline, the bands, the
    /// lines in design order and their markers.
    fn panel(
        &self,
        root: &Area,
        area: &Area,
        spec: &PanelSpec,
        taken: &mut Vec<Rect>,
    ) -> Result<Panel, Box<dyn std::error::Error>> {
        let sim = &self.run.scenario.simulation;
        let (bucket, horizon) = (sim.bucket.0, sim.horizon.0);
        let starts = &self.first.start_s;
        let x0 = starts.first().copied().unwrap_or(0.0);
        let x1 = (starts.last().copied().unwrap_or(x0) + bucket).min(horizon);
        let caption_height = if spec.caption.is_some() { 24 } else { 0 };
        let strip = if spec.name_outages {
            outages::strip_height(self.windows)
        } else {
            0
        };
        let small = area.dim_in_pixel().0 < 700;
        let mut chart = ChartBuilder::on(area)
            .margin(8)
            .margin_right(24)
            .margin_top(8 + caption_height + strip)
            .x_label_area_size(if small { 26 } else { 50 })
            .y_label_area_size(if small { 56 } else { 84 })
            .build_cartesian_2d(x0..x1, (-0.03 * self.y1)..self.y1)?;
        let label_px = if small { 11.0 } else { 13.0 };
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(0)
            .y_labels(if small { 5 } else { 8 })
            .y_label_formatter(&|y| {
                if *y < 0.0 {
                    String::new()
                } else {
                    number_label(*y)
                }
            })
            .label_style(super::text::font(label_px))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(GREY.mix(0.2));
        if !small {
            mesh.y_desc(self.axis)
                .x_desc("simulated time (UTC; day 0 is a Monday)")
                .axis_desc_style(super::text::font(14.0));
        }
        mesh.draw()?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let rect = Rect::new(
            xs.start as f64,
            ys.start as f64,
            xs.end as f64,
            ys.end as f64,
        );
        if let Some(caption) = spec.caption {
            let (shown, px) = fit(caption, 15.0, rect.width());
            let label = Label::at(&shown, px, (rect.x0, rect.y0 - strip as f64 - 22.0));
            label.draw(root, &BLACK)?;
            taken.push(label.rect);
        }
        // Time ticks at round clock times, as many as their labels leave room for.
        let room = width(&time_label(x0, horizon), label_px) + 24.0;
        let most = ((rect.width() / room) as usize).max(2);
        let px_of = |t: f64| chart.backend_coord(&(t, 0.0)).0 as f64;
        for t in time_ticks(x0, x1, most) {
            let x = px_of(t);
            root.draw(&PathElement::new(
                vec![(x as i32, ys.start), (x as i32, ys.end)],
                GREY.mix(0.2),
            ))?;
            let label = Label::centered(&time_label(t, horizon), label_px, (x, rect.y1 + 6.0));
            if label.rect.x0 >= 0.0 && label.rect.x1 <= root.dim_in_pixel().0 as f64 {
                label.draw(root, &BLACK)?;
                taken.push(label.rect);
            }
        }
        outages::draw(root, &rect, px_of, self.windows, spec.name_outages, taken)?;
        // Steps: each bucket's value flat from its start to its end.
        let end = |k: usize| starts.get(k + 1).copied().unwrap_or(x1);
        let steps = |values: &[(f64, f64)], f: &dyn Fn(&(f64, f64)) -> f64| -> Vec<(i32, i32)> {
            values
                .iter()
                .enumerate()
                .flat_map(|(k, v)| [(starts[k], f(v)), (end(k), f(v))])
                .map(|p| chart.backend_coord(&p))
                .collect()
        };
        if let Some(g) = spec.ghost {
            Look::ghost().line(root, &steps(g.values, &|v| v.0), 3)?;
        }
        for line in spec.lines {
            let mut band = steps(line.values, &|v| v.0 + v.1);
            band.extend(
                steps(line.values, &|v| (v.0 - v.1).max(0.0))
                    .into_iter()
                    .rev(),
            );
            root.draw(&Polygon::new(
                band,
                look(line.index).color.mix(0.15).filled(),
            ))?;
        }
        let alone = spec.lines.len() == 1;
        for (n, line) in spec.lines.iter().enumerate() {
            // A design alone in its panel needs no dashes: they would break up spikes.
            let l = match alone {
                true => Look {
                    dash: None,
                    ..look(line.index)
                },
                false => look(line.index),
            };
            l.line(
                root,
                &steps(line.values, &|v| v.0),
                if line.index == 0 || alone { 3 } else { 2 },
            )?;
            // Markers a few per panel at bucket middles, staggered so coinciding
            // designs' do not meet.
            let every = (line.values.len() / 9).max(1);
            let phase = every * n / spec.lines.len();
            for k in (phase..line.values.len()).step_by(every) {
                let p = chart.backend_coord(&((starts[k] + end(k)) / 2.0, line.values[k].0));
                l.marker(root, p, 4, true)?;
            }
        }
        let designs = spec
            .lines
            .iter()
            .map(|l| {
                let c = look(l.index).color;
                (l.label.clone(), (c.0, c.1, c.2))
            })
            .collect();
        Ok(Panel { rect, designs })
    }
}
