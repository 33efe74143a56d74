//! The scenario's scheduled outage windows and signing-key events on a time axis:
//! shaded in the plot and named in a strip above it, each name over its own window
//! and clear of the others, and all of them listed in the legend's key.

use super::axis::time_label;
use super::look::GREY;
use super::text::{Label, Rect, width};
use super::{Area, DrawResult};
use crate::scenario::{KeyEvent, Scenario};
use plotters::prelude::*;

/// One scheduled outage of a component or common-cause event, or a key event.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub name: String,
    pub start: f64,
    pub end: f64,
}

/// Every fixed outage window up to the horizon, repeats included, and the
/// identity provider's signing-key events, in time order.
pub fn windows(s: &Scenario) -> Vec<Window> {
    let horizon = s.simulation.horizon.0;
    let schedules = s
        .components
        .iter()
        .map(|(name, c)| (format!("{name} down"), &c.outages))
        .chain(
            s.common_cause
                .iter()
                .map(|(name, e)| (format!("{name} down"), &e.outages)),
        );
    let mut windows = Vec::new();
    for (name, outages) in schedules {
        for o in outages {
            let mut start = o.start.0;
            while start < horizon {
                let end = (start + o.duration.0).min(horizon);
                windows.push(Window {
                    name: name.clone(),
                    start,
                    end,
                });
                match o.every {
                    Some(every) => start += every.0,
                    None => break,
                }
            }
        }
    }
    windows.extend(s.signing_key_events.iter().map(|e| match *e {
        KeyEvent::Rollover { at, .. } => Window {
            name: "key rollover".into(),
            start: at.0,
            end: at.0,
        },
        KeyEvent::Removal { at, rollback } => Window {
            name: "key removed".into(),
            start: at.0,
            end: rollback.0.min(horizon),
        },
    }));
    windows.sort_by(|a, b| a.start.total_cmp(&b.start));
    windows
}

/// The legend's key to the grey blocks: every scheduled outage and key event
/// (`datacentre down Tue 07:00 for 5h`), and a word on random failures, which
/// differ from one replication to the next and so are not shaded.
pub fn key(s: &Scenario) -> String {
    let horizon = s.simulation.horizon.0;
    let schedules = s
        .components
        .iter()
        .map(|(name, c)| (name, &c.outages))
        .chain(s.common_cause.iter().map(|(name, e)| (name, &e.outages)));
    let mut listed: Vec<(f64, String)> = schedules
        .flat_map(|(name, outages)| {
            outages
                .iter()
                .filter(|o| o.start.0 < horizon)
                .map(move |o| {
                    let every = o.every.map_or(String::new(), |e| format!(", every {e}"));
                    let at = time_label(o.start.0, horizon);
                    (
                        o.start.0,
                        format!("{name} down {at} for {}{every}", o.duration),
                    )
                })
        })
        .collect();
    listed.extend(s.signing_key_events.iter().map(|e| match *e {
        KeyEvent::Rollover { at, .. } => {
            (at.0, format!("key rollover {}", time_label(at.0, horizon)))
        }
        KeyEvent::Removal { at, rollback } => (
            at.0,
            format!(
                "key removed {} until {}",
                time_label(at.0, horizon),
                time_label(rollback.0, horizon)
            ),
        ),
    }));
    listed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let list: Vec<String> = listed.into_iter().map(|(_, text)| text).collect();
    let mut key = match list.is_empty() {
        true => String::new(),
        false => format!("Grey blocks: {}.", list.join("; ")),
    };
    let random = s
        .components
        .values()
        .map(|c| c.schedule())
        .chain(s.common_cause.values().map(|e| e.schedule()))
        .any(|schedule| schedule.cycle().is_some());
    if random {
        key += " Random failures are not shaded: they fall differently in each replication.";
    }
    key
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
/// column, and, with `name`, names each in the strip above where there is room:
/// centred over its window or slid along while still over its middle, with a
/// leader down to it that crosses no other name.
pub fn draw(
    root: &Area,
    plot: &Rect,
    x: impl Fn(f64) -> f64,
    windows: &[Window],
    name: bool,
    taken: &mut Vec<Rect>,
) -> DrawResult {
    let top = plot.y0 - ROW * ROWS as f64 - 4.0;
    let bounds = Rect::new(0.0, top, root.dim_in_pixel().0 as f64, plot.y0);
    for w in windows {
        let (a, b) = (x(w.start).max(plot.x0), x(w.end).min(plot.x1));
        if a > b || (a == b && w.start != w.end) {
            continue;
        }
        shade(root, a, b, plot)?;
        if !name {
            continue;
        }
        let (center, half) = ((a + b) / 2.0, width(&w.name, PX) / 2.0);
        let slides = [0.0, -0.5, 0.5, -0.9, 0.9];
        let spots = (0..ROWS).flat_map(|row| {
            let y = plot.y0 - 3.0 - ROW * (row + 1) as f64;
            slides.map(move |s| (center - half + s * half, y))
        });
        let clear = |r: &Rect| !taken.iter().any(|t| t.overlaps(r));
        let placed = spots.map(|at| Label::at(&w.name, PX, at)).find(|l| {
            let leader = Rect::new(center - 1.0, l.rect.y1, center + 1.0, plot.y0);
            l.rect.inside(&bounds) && clear(&l.rect) && clear(&leader)
        });
        if let Some(label) = placed {
            label.draw(root, &BLACK)?;
            let leader = Rect::new(center - 1.0, label.rect.y1, center + 1.0, plot.y0);
            root.draw(&PathElement::new(
                vec![
                    (center as i32, label.rect.y1 as i32 + 1),
                    (center as i32, plot.y0 as i32),
                ],
                GREY.stroke_width(1),
            ))?;
            taken.extend([label.rect, leader]);
        }
    }
    Ok(())
}

fn shade(root: &Area, a: f64, b: f64, plot: &Rect) -> DrawResult {
    // At least two pixels wide, so a short outage (or an instant) still shows.
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
