//! The scenario's scheduled outage windows on a time axis: shaded in the plot and
//! named in a strip above it, each name over its own window and clear of the
//! others, so no name covers a line or spills into another window.

use super::axis::time_label;
use super::look::GREY;
use super::text::{Label, Rect, width};
use super::{Area, DrawResult};
use crate::scenario::Scenario;
use plotters::prelude::*;

/// One scheduled outage of a component or common-cause event.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub name: String,
    pub start: f64,
    pub end: f64,
}

/// Every fixed outage window up to the horizon, repeats included.
pub fn windows(s: &Scenario) -> Vec<Window> {
    let horizon = s.simulation.horizon.0;
    let schedules = s
        .components
        .iter()
        .map(|(name, c)| (name, &c.outages))
        .chain(s.common_cause.iter().map(|(name, e)| (name, &e.outages)));
    let mut windows = Vec::new();
    for (name, outages) in schedules {
        for o in outages {
            let mut start = o.start.0;
            while start < horizon {
                windows.push(Window {
                    name: name.clone(),
                    start,
                    end: (start + o.duration.0).min(horizon),
                });
                match o.every {
                    Some(every) => start += every.0,
                    None => break,
                }
            }
        }
    }
    windows.sort_by(|a, b| a.start.total_cmp(&b.start));
    windows
}

/// Every scheduled outage in a line for the legend, so each is named even where
/// the strip above a narrow plot has no room: `datacentre Tue 07:00 for 5h`.
pub fn key(s: &Scenario) -> Option<String> {
    let horizon = s.simulation.horizon.0;
    let schedules = s
        .components
        .iter()
        .map(|(name, c)| (name, &c.outages))
        .chain(s.common_cause.iter().map(|(name, e)| (name, &e.outages)));
    let mut outages: Vec<(f64, String)> = schedules
        .flat_map(|(name, outages)| {
            outages
                .iter()
                .filter(|o| o.start.0 < horizon)
                .map(move |o| {
                    let every = o.every.map_or(String::new(), |e| format!(", every {e}"));
                    let at = time_label(o.start.0, horizon);
                    (o.start.0, format!("{name} {at} for {}{every}", o.duration))
                })
        })
        .collect();
    outages.sort_by(|a, b| a.0.total_cmp(&b.0));
    let list: Vec<String> = outages.into_iter().map(|(_, text)| text).collect();
    (!list.is_empty()).then(|| format!("Grey blocks: scheduled outages: {}.", list.join("; ")))
}

const PX: f64 = 12.0;
const ROW: f64 = 16.0;
const ROWS: usize = 3;

/// The strip's height above a plot: room for three rows of names.
pub fn strip_height(windows: &[Window]) -> u32 {
    if windows.is_empty() {
        0
    } else {
        (ROW * ROWS as f64 + 6.0) as u32
    }
}

/// Shades the windows inside `plot` (pixels), where `x` maps a time to a pixel
/// column, and names each in the strip above where there is room (the legend's
/// key names them all).
pub fn draw(
    root: &Area,
    plot: &Rect,
    x: impl Fn(f64) -> f64,
    windows: &[Window],
    taken: &mut Vec<Rect>,
) -> DrawResult {
    let bounds = Rect::new(
        0.0,
        plot.y0 - ROW * ROWS as f64 - 4.0,
        root.dim_in_pixel().0 as f64,
        plot.y0,
    );
    for w in windows {
        let (a, b) = (x(w.start).max(plot.x0), x(w.end).min(plot.x1));
        if a >= b {
            continue;
        }
        shade(root, a, b, plot)?;
        let text = format!("{} down", w.name);
        let (center, half) = ((a + b) / 2.0, width(&text, PX) / 2.0);
        // Centred over the window, or slid along while still over its middle.
        let slides = [0.0, -0.5, 0.5, -0.9, 0.9];
        let spots = (0..ROWS).flat_map(|row| {
            let top = plot.y0 - 3.0 - ROW * (row + 1) as f64;
            slides.map(move |s| (center - half + s * half, top))
        });
        let spot = spots
            .map(|at| Label::at(&text, PX, at))
            .find(|l| l.rect.inside(&bounds) && !taken.iter().any(|t| t.overlaps(&l.rect)));
        if let Some(label) = spot {
            label.draw(root, &BLACK)?;
            root.draw(&PathElement::new(
                vec![
                    (center as i32, label.rect.y1 as i32 + 1),
                    (center as i32, plot.y0 as i32),
                ],
                GREY.stroke_width(1),
            ))?;
            taken.push(label.rect);
        }
    }
    Ok(())
}

fn shade(root: &Area, a: f64, b: f64, plot: &Rect) -> DrawResult {
    // At least two pixels wide, so a short outage on a long horizon still shows.
    let (a, b) = if b - a < 2.0 {
        ((a + b) / 2.0 - 1.0, (a + b) / 2.0 + 1.0)
    } else {
        (a, b)
    };
    root.draw(&Rectangle::new(
        [
            (a.round() as i32, plot.y0 as i32),
            (b.round() as i32, plot.y1 as i32),
        ],
        GREY.mix(0.16).filled(),
    ))?;
    Ok(())
}
