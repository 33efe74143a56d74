//! The legend: a strip along the bottom that never covers data, its entries
//! flowing in rows, each design with its line, marker and name, and notes that
//! say how to read the chart on lines of their own.

use super::look::{Look, look};
use super::text::{Label, width};
use super::{Area, DrawResult};
use crate::folder::RunFolder;
use plotters::prelude::*;

pub enum Entry {
    /// A design: its line sample (when the chart draws lines) and marker.
    Design {
        label: String,
        look: Look,
        line: bool,
        filled: bool,
    },
    /// How to read the chart, wrapped to the strip's width.
    Note(String),
}

const PX: f64 = 14.0;
const ROW: i32 = 24;
const SAMPLE: i32 = 40;

/// Every design of the run in its look, with its line sample where the chart
/// draws lines; `filled(i)` says whether the `i`-th design's marker is filled.
pub fn designs(run: &RunFolder, line: bool, filled: impl Fn(usize) -> bool) -> Vec<Entry> {
    run.variants
        .iter()
        .enumerate()
        .map(|(i, v)| Entry::Design {
            label: run.label(v),
            look: look(i),
            line,
            filled: filled(i),
        })
        .collect()
}

/// Where each entry goes: (row, x) per design, then the notes' lines.
fn layout(entries: &[Entry], room: f64) -> (Vec<(usize, i32)>, Vec<String>) {
    let mut row = 0;
    let mut x = 0.0;
    let mut places = Vec::new();
    let mut notes = Vec::new();
    for entry in entries {
        match entry {
            Entry::Design { label, .. } => {
                let w = f64::from(SAMPLE) + 8.0 + width(label, PX) + 26.0;
                if x + w > room && x > 0.0 {
                    row += 1;
                    x = 0.0;
                }
                places.push((row, x as i32));
                x += w;
            }
            Entry::Note(text) => notes.extend(wrap(text, room)),
        }
    }
    (places, notes)
}

/// Words into lines no wider than `room`.
fn wrap(text: &str, room: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if width(&format!("{line} {word}"), PX) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Draws the legend at the bottom of `root` and returns the area above it.
pub fn strip<'a>(
    root: &Area<'a>,
    entries: &[Entry],
) -> Result<Area<'a>, Box<dyn std::error::Error>> {
    const LEFT: i32 = 30;
    let (w, h) = root.dim_in_pixel();
    let (places, notes) = layout(entries, f64::from(w as i32 - 2 * LEFT));
    let design_rows = places.iter().map(|p| p.0 + 1).max().unwrap_or(0);
    let height = ROW * (design_rows + notes.len()) as i32 + 12;
    let (plot, legend) = root.split_vertically(h as i32 - height);
    let designs = entries.iter().filter_map(|e| match e {
        Entry::Design {
            label,
            look,
            line,
            filled,
        } => Some((label, look, *line, *filled)),
        Entry::Note(_) => None,
    });
    for ((row, x), (label, look, line, filled)) in places.iter().zip(designs) {
        let (x, y) = (LEFT + x, 6 + ROW * *row as i32 + ROW / 2);
        if line {
            look.line(&legend, &[(x, y), (x + SAMPLE, y)], 3)?;
        }
        look.marker(&legend, (x + SAMPLE / 2, y), 5, filled)?;
        draw_text(&legend, label, (x + SAMPLE + 8, y))?;
    }
    for (k, note) in notes.iter().enumerate() {
        let y = 6 + ROW * (design_rows + k) as i32 + ROW / 2;
        draw_text(&legend, note, (LEFT, y))?;
    }
    Ok(plot)
}

/// One legend line, vertically centred on `y`.
fn draw_text(area: &Area, text: &str, (x, y): (i32, i32)) -> DrawResult {
    Label::at(text, PX, (f64::from(x), f64::from(y) - PX * 0.55)).draw(area, &BLACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_flow_into_rows_and_notes_wrap() {
        let design = |name: &str| Entry::Design {
            label: name.into(),
            look: look(0),
            line: true,
            filled: true,
        };
        let entries = [
            design("baseline"),
            design("a design with a long name"),
            Entry::Note("one two three four five six seven".into()),
        ];
        let (places, notes) = layout(&entries, 150.0);
        assert_eq!(places[0], (0, 0));
        assert_eq!(
            places[1].0, 1,
            "the second design does not fit beside the first"
        );
        assert!(notes.len() > 1 && notes.iter().all(|l| width(l, PX) <= 150.0));
    }
}
