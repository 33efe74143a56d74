//! The scenario's scheduled outage windows and signing-key events on a time axis:
//! shaded in the plot and named in a strip above it, each name over its own window
//! and clear of the others, and all of them listed in the legend's key.

use super::axis::time_label;
use super::look::GREY;
use super::text::{Label, Rect, width};
use super::{Area, DrawResult};
use authsim_core::scenario::{KeyEvent, Scenario};
use plotters::prelude::*;

/// One scheduled outage of a component or common-cause event, or a key event;
/// `number` is its entry's in the legend's key.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub name: String,
    pub number: usize,
    pub start: f64,
    pub end: f64,
}

/// An outage's name where a panel names it: the label's box and the plot's.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub window: Window,
    pub label: Rect,
    pub plot: Rect,
}

/// One entry of the key: a fixed outage (every repeat of it) or a key event.
struct Scheduled {
    name: String,
    start: f64,
    duration: f64,
    every: Option<f64>,
    key: String,
}

/// Every fixed outage and key event, in time order: what the key lists, numbered
/// from 1 in this order.
fn scheduled(s: &Scenario) -> Vec<Scheduled> {
    let horizon = s.simulation.horizon.0;
    let schedules = s
        .components
        .iter()
        .map(|(name, c)| (name, &c.outages))
        .chain(s.common_cause.iter().map(|(name, e)| (name, &e.outages)));
    let mut listed: Vec<Scheduled> = schedules
        .flat_map(|(name, outages)| {
            outages
                .iter()
                .filter(|o| o.start.0 < horizon)
                .map(move |o| {
                    let every = o.every.map_or(String::new(), |e| format!(", every {e}"));
                    let at = time_label(o.start.0, horizon);
                    Scheduled {
                        name: format!("{name} down"),
                        start: o.start.0,
                        duration: o.duration.0,
                        every: o.every.map(|e| e.0),
                        key: format!("{name} down {at} for {}{every}", o.duration),
                    }
                })
        })
        .collect();
    listed.extend(s.signing_key_events.iter().map(|e| match *e {
        KeyEvent::Rollover { at, .. } => Scheduled {
            name: "key rollover".into(),
            start: at.0,
            duration: 0.0,
            every: None,
            key: format!("key rollover {}", time_label(at.0, horizon)),
        },
        KeyEvent::Removal { at, rollback } => Scheduled {
            name: "key removed".into(),
            start: at.0,
            duration: rollback.0 - at.0,
            every: None,
            key: format!(
                "key removed {} until {}",
                time_label(at.0, horizon),
                time_label(rollback.0, horizon)
            ),
        },
    }));
    listed.sort_by(|a, b| a.start.total_cmp(&b.start));
    listed
}

/// Every fixed outage window up to the horizon, repeats included, and the
/// identity provider's signing-key events, in time order.
pub fn windows(s: &Scenario) -> Vec<Window> {
    let horizon = s.simulation.horizon.0;
    let mut windows = Vec::new();
    for (k, entry) in scheduled(s).into_iter().enumerate() {
        let mut start = entry.start;
        while start < horizon {
            windows.push(Window {
                name: entry.name.clone(),
                number: k + 1,
                start,
                end: (start + entry.duration).min(horizon),
            });
            match entry.every {
                Some(every) => start += every,
                None => break,
            }
        }
    }
    windows.sort_by(|a, b| a.start.total_cmp(&b.start));
    windows
}

/// Whether a time series of means over replications means something: where
/// outages are scheduled they line up in every replication; where every failure
/// is random, each replication's fall elsewhere and their mean is noise.
pub fn over_time(s: &Scenario) -> bool {
    !s.fails_at_random() || !windows(s).is_empty()
}

/// What a time series' heading adds where random failures are averaged in.
pub fn averaged(s: &Scenario) -> &'static str {
    match s.fails_at_random() {
        true => " (random failures averaged over replications)",
        false => "",
    }
}

/// The legend's key to the grey blocks, numbered as the panels number them:
/// every scheduled outage and key event (`1 datacentre down Tue 07:00 for 5h`),
/// and a word on random failures, which differ from one replication to the next
/// and so are not shaded.
pub fn key(s: &Scenario) -> String {
    let list: Vec<String> = scheduled(s)
        .into_iter()
        .enumerate()
        .map(|(k, e)| format!("({}) {}", k + 1, e.key))
        .collect();
    let mut key = match list.is_empty() {
        true => String::new(),
        false => format!("Grey blocks: {}.", list.join("; ")),
    };
    if s.fails_at_random() {
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
/// column, and, with `name`, labels each in the strip above, inside the plot's
/// width: its number and name (`2 mfa_service down`) where they fit, else its
/// number alone, centred over its window or slid along while still over its
/// middle, with a leader down to it that crosses no other label. Returns where
/// each label went.
pub fn draw(
    root: &Area,
    plot: &Rect,
    x: impl Fn(f64) -> f64,
    windows: &[Window],
    name: bool,
    taken: &mut Vec<Rect>,
) -> Result<Vec<Named>, Box<dyn std::error::Error>> {
    let top = plot.y0 - f64::from(strip_height(windows));
    let bounds = Rect::new(plot.x0, top, plot.x1, plot.y0);
    let mut named = Vec::new();
    for w in windows {
        let (a, b) = (x(w.start).max(plot.x0), x(w.end).min(plot.x1));
        if a > b || (a == b && w.start != w.end) {
            continue;
        }
        shade(root, a, b, plot)?;
        if !name {
            continue;
        }
        let center = (a + b) / 2.0;
        let texts = [format!("{} {}", w.number, w.name), w.number.to_string()];
        let slides = [0.0, -0.5, 0.5, -0.9, 0.9];
        // Names from the top row down, so their leaders pass under the labels;
        // numbers from the bottom row up, in what room is left.
        let rows = [(0..ROWS).rev().collect::<Vec<_>>(), (0..ROWS).collect()];
        let spots = texts.iter().zip(rows).flat_map(|(text, rows)| {
            let half = width(text, PX) / 2.0;
            rows.into_iter().flat_map(move |row| {
                let y = plot.y0 - 3.0 - ROW * (row + 1) as f64;
                slides.map(move |s| (text, (center - half + s * half, y)))
            })
        });
        let clear = |r: &Rect| !taken.iter().any(|t| t.overlaps(r));
        let leader = |l: &Label| Rect::new(center - 1.0, l.rect.y1, center + 1.0, plot.y0);
        let placed = spots
            .map(|(text, at)| Label::at(text, PX, at))
            .find(|l| l.rect.inside(&bounds) && clear(&l.rect) && clear(&leader(l)));
        if let Some(label) = placed {
            label.draw(root, &BLACK)?;
            root.draw(&PathElement::new(
                vec![
                    (center as i32, label.rect.y1 as i32 + 1),
                    (center as i32, plot.y0 as i32),
                ],
                GREY.stroke_width(1),
            ))?;
            taken.extend([label.rect, leader(&label)]);
            named.push(Named {
                window: w.clone(),
                label: label.rect,
                plot: *plot,
            });
        }
    }
    Ok(named)
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
