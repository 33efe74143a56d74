//! The load a recovery brings: token requests on the IdP and, where people sign
//! in, the prompt storm the MFA service and the help desk feel, one row each over
//! the horizon on a shared time axis: every design in one panel, or, past five
//! designs, one panel per design on the row's shared axes with the baseline
//! ghosted behind each, as the timelines draw them.

use super::legend::{self, Entry};
use super::look::Look;
use super::outages;
use super::time_panel::{Frame, Line, PanelSpec};
use super::timeline::{MAX_SHARED, PANEL_HEIGHT};
use super::{Area, Chart, Layout, SIZE, grid, titled};
use crate::folder::RunFolder;
use authsim_core::montecarlo::series::{Of, SeriesMetric};

pub struct LoadChart<'a> {
    pub run: &'a RunFolder,
}

/// The name the load chart is drawn under, and the series it stacks.
pub const LOAD: &str = "load";
const ROW_HEIGHT: u32 = 280;
/// Above each row of small multiples: its series' name, as `titled` sets it.
const ROW_TITLE: u32 = 44;

impl LoadChart<'_> {
    /// Its series: the IdP load always, prompts where the scenario has people.
    pub fn series(&self) -> Vec<SeriesMetric> {
        let (people, _) = self.run.whose();
        SeriesMetric::ALL
            .into_iter()
            .filter(|s| {
                let d = s.definition();
                d.chart == LOAD && (people || d.of != Of::People)
            })
            .collect()
    }

    /// Whether each design has panels of its own.
    fn apart(&self) -> bool {
        self.run.variants.len() > MAX_SHARED
    }

    /// A row's height: one panel, or a grid of a panel per design under a title.
    fn row_height(&self) -> u32 {
        match self.apart() {
            true => ROW_TITLE + PANEL_HEIGHT * grid(self.run.variants.len()).1 as u32,
            false => ROW_HEIGHT,
        }
    }
}

impl Chart for LoadChart<'_> {
    fn applies(&self) -> bool {
        outages::over_time(&self.run.scenario)
    }

    fn size(&self) -> (u32, u32) {
        (SIZE.0, 170 + self.row_height() * self.series().len() as u32)
    }

    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>> {
        let run = self.run;
        let windows = outages::windows(&run.scenario);
        let apart = self.apart();
        let mut entries: Vec<Entry> = match apart {
            true => vec![Entry::Design {
                label: "the baseline, in grey behind each design for reference".into(),
                look: Look::ghost(),
                line: true,
                filled: true,
            }],
            false => legend::designs(run, true, |_| true),
        };
        entries.push(Entry::Note(format!(
            "Per minute, each bucket's mean drawn across the bucket; shaded band: 95% interval over replications. {}",
            outages::key(&run.scenario)
        )));
        let title = format!("{}: load on the IdP and the MFA service", run.title());
        let plot = titled(root, &title)?;
        let plot = legend::strip(&plot, &entries)?;
        let Some(first) = run.series.values().next() else {
            return Ok(Layout::default());
        };
        let series = self.series();
        let rows = plot.split_evenly((series.len(), 1));
        let mut layout = Layout::default();
        let mut taken = Vec::new();
        for (k, (row, s)) in rows.iter().zip(&series).enumerate() {
            let d = s.definition();
            let lines: Vec<Line> = run
                .variants
                .iter()
                .enumerate()
                .filter_map(|(index, name)| {
                    Some(Line {
                        label: run.label(name),
                        index,
                        values: run.series.get(name)?.of(*s),
                    })
                })
                .collect();
            let top = lines
                .iter()
                .flat_map(|l| l.values.iter().map(|(m, h)| m + h))
                .fold(0.0, f64::max);
            let frame = Frame {
                run,
                first,
                axis: d.axis,
                short: d.title,
                windows: &windows,
                y1: if top > 0.0 { top * 1.08 } else { 1.0 },
            };
            if !apart {
                let all: Vec<&Line> = lines.iter().collect();
                let panel = PanelSpec {
                    caption: Some(d.title),
                    ghost: None,
                    lines: &all,
                    name_outages: k == 0,
                };
                frame.panel(root, row, &panel, &mut taken, &mut layout)?;
                continue;
            }
            let row = titled(row, d.title)?;
            let (cols, grid_rows) = grid(lines.len());
            let cells = row.split_evenly((grid_rows, cols));
            for (n, (cell, line)) in cells.iter().zip(&lines).enumerate() {
                let panel = PanelSpec {
                    caption: Some(&line.label),
                    ghost: lines.first().filter(|_| line.index != 0),
                    lines: &[line],
                    // Outages named above each row's top panels.
                    name_outages: n < cols,
                };
                frame.panel(root, cell, &panel, &mut taken, &mut layout)?;
            }
        }
        Ok(layout)
    }
}
