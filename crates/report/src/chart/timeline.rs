//! A time series over the horizon, every design visible: in one panel, each design
//! in its own colour, dash and markers, the baseline solid underneath and the others
//! dashed over it so coinciding lines both show (and the legend says they coincide);
//! or, with more than five designs or lines that keep crossing, one panel per
//! design on shared axes with the baseline ghosted in each. Each bucket's value is
//! drawn flat across the bucket, so nothing seems to happen before it did.

use super::legend::{self, Entry};
use super::look::{Look, look};
use super::outages;
use super::time_panel::{Frame, Line, PanelSpec};
use super::{Area, Chart, Layout, SIZE, grid, titled};
use crate::folder::RunFolder;
use authsim_core::montecarlo::series::SeriesMetric;

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

/// Cohorts and mixes drawn at most, those hit hardest.
const MAX_COHORTS: usize = 12;
/// Designs share a panel up to this many.
pub(super) const MAX_SHARED: usize = 5;
/// Lines that cross each other more often than this are drawn apart.
const MAX_CROSSINGS: usize = 8;
pub(super) const PANEL_HEIGHT: u32 = 300;

impl<'a> TimelineChart<'a> {
    fn lines(&self) -> Vec<Line<'a>> {
        let run: &'a RunFolder = self.run;
        if self.lines == Lines::Cohorts {
            // Every panel is the baseline design's, in its look; the parts hit
            // hardest first, as many as fit.
            let baseline = &run.variants[0];
            let mut lines: Vec<Line> = run
                .cohort_series
                .iter()
                .filter(|((variant, _), _)| variant == baseline)
                .map(|((_, cohort), s)| Line {
                    label: cohort.clone(),
                    index: 0,
                    values: s.of(self.series),
                })
                .collect();
            let peak = |l: &Line| l.values.iter().map(|v| v.0).fold(0.0, f64::max);
            lines.sort_by(|a, b| peak(b).total_cmp(&peak(a)));
            lines.truncate(MAX_COHORTS);
            return lines;
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
    fn applies(&self) -> bool {
        outages::over_time(&self.run.scenario)
    }

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
                    Lines::Designs => "the baseline, in grey behind each design for reference".into(),
                    Lines::Cohorts => format!(
                        "everyone, in grey behind each cohort for reference; the cohorts and mixes hit hardest first, at most {MAX_COHORTS}"
                    ),
                },
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
        let by = match self.lines {
            Lines::Designs => String::new(),
            Lines::Cohorts => format!(", {} by cohort", run.label(&run.variants[0])),
        };
        let title = format!("{}: {}{by}", run.title(), d.title);
        let plot = titled(root, &title)?;
        let plot = legend::strip(&plot, &entries)?;
        let Some(first) = run.series.values().next() else {
            return Ok(Layout::default());
        };
        let frame = Frame {
            run,
            first,
            axis: d.axis,
            short: d.title,
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
                frame.panel(root, cell, &panel, &mut taken, &mut layout)?;
            }
        } else {
            let all: Vec<&Line> = lines.iter().collect();
            let panel = PanelSpec {
                caption: None,
                ghost: None,
                lines: &all,
                name_outages: true,
            };
            frame.panel(root, &plot, &panel, &mut taken, &mut layout)?;
        }
        Ok(layout)
    }
}
