//! What every chart shares: the bundled font, a colour-blind-safe palette, time
//! labels, and drawing one chart as both PNG and SVG.

use crate::error::Error;
use crate::units::{DAY, HOUR, MINUTE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::path::{Path, PathBuf};
use std::sync::Once;

pub const SIZE: (u32, u32) = (1280, 720);

/// A fresh machine has no system fonts: PNG text comes from this one (DejaVu Sans,
/// licence in assets/fonts). SVG text names the family and needs no font file.
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let parsed = register_font("sans-serif", FontStyle::Normal, DEJAVU_SANS);
        assert!(parsed.is_ok(), "the bundled font parses");
    });
}

/// Okabe and Ito's palette, distinguishable with every common colour-vision deficiency.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    // Yellow last: the palette's one colour that is faint on white.
    RGBColor(240, 228, 66),
];

pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

pub const GREY: RGBColor = RGBColor(120, 120, 120);

/// Text a little larger than asked for: the bitmap path draws it slightly small.
pub fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size as f64 * 1.15).into_font().color(&BLACK)
}

pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// A chart that can draw itself on any plotters backend.
pub trait Chart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;
}

/// Draws `chart` to `dir/name.png` and `dir/name.svg` (each written under a temporary
/// name and renamed, so a redraw never leaves half a file).
pub fn render(chart: &impl Chart, dir: &Path, name: &str) -> Result<Vec<PathBuf>, Error> {
    register();
    let png = dir.join(format!("{name}.png"));
    let svg = dir.join(format!("{name}.svg"));
    let tmp_png = dir.join(format!(".{name}.tmp.png"));
    let tmp_svg = dir.join(format!(".{name}.tmp.svg"));
    let drawn = draw_both(chart, &tmp_png, &tmp_svg, &png, &svg)
        .and_then(|()| std::fs::rename(&tmp_png, &png).map_err(Error::write(&png)))
        .and_then(|()| std::fs::rename(&tmp_svg, &svg).map_err(Error::write(&svg)));
    if drawn.is_err() {
        let _ = std::fs::remove_file(&tmp_png);
        let _ = std::fs::remove_file(&tmp_svg);
    }
    drawn.map(|()| vec![png, svg])
}

/// Draws `chart` into the two temporary files.
fn draw_both(
    chart: &impl Chart,
    tmp_png: &Path,
    tmp_svg: &Path,
    png: &Path,
    svg: &Path,
) -> Result<(), Error> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |e: Box<dyn std::error::Error>| Error::Write {
            path,
            source: std::io::Error::other(e.to_string()),
        }
    };
    {
        let root = BitMapBackend::new(tmp_png, SIZE).into_drawing_area();
        chart
            .draw(&root)
            .and_then(|()| root.present().map_err(Into::into))
            .map_err(failed(png))?;
    }
    {
        let root = SVGBackend::new(tmp_svg, SIZE).into_drawing_area();
        chart
            .draw(&root)
            .and_then(|()| root.present().map_err(Into::into))
            .map_err(failed(svg))?;
    }
    Ok(())
}

/// Approximate width of legend text, to lay entries out in rows.
fn text_width(text: &str, size: u32) -> i32 {
    (text.chars().count() as f64 * size as f64 * 0.55) as i32
}

/// Splits off a strip at the bottom of `root` for the legend, so it never covers data.
pub fn with_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[(String, ShapeStyle)],
) -> Result<DrawingArea<DB, Shift>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    const SIZE: u32 = 15;
    const ROW: i32 = 28;
    let (width, height) = root.dim_in_pixel();
    let mut rows = vec![Vec::new()];
    let mut x = 0;
    for (label, style) in entries {
        let w = 44 + text_width(label, SIZE) + 24;
        if x + w > width as i32 - 40 && x > 0 {
            rows.push(Vec::new());
            x = 0;
        }
        rows.last_mut()
            .expect("one row at least")
            .push((x, label, style));
        x += w;
    }
    let strip = ROW * rows.len() as i32 + 16;
    let (plot, legend) = root.split_vertically(height as i32 - strip);
    for (r, row) in rows.iter().enumerate() {
        let y = 8 + ROW * r as i32 + ROW / 2;
        for (x, label, style) in row {
            let x = 40 + x;
            legend.draw(&PathElement::new(
                vec![(x, y), (x + 32, y)],
                style.stroke_width(4),
            ))?;
            legend.draw(&Text::new(label.to_string(), (x + 40, y - 9), font(SIZE)))?;
        }
    }
    Ok(plot)
}

/// Tick positions at round times: a step of 1 h to 7 d chosen for about 6 to 12
/// ticks, aligned to midnight UTC.
pub fn time_ticks(from: f64, to: f64) -> Vec<f64> {
    let steps = [
        HOUR,
        2.0 * HOUR,
        3.0 * HOUR,
        6.0 * HOUR,
        12.0 * HOUR,
        DAY,
        2.0 * DAY,
        7.0 * DAY,
        14.0 * DAY,
    ];
    let step = steps
        .into_iter()
        .find(|s| (to - from) / s <= 12.0)
        .unwrap_or(28.0 * DAY);
    let first = (from / step).ceil() * step;
    // The horizon is at most 400 days: a few hundred ticks at the widest step.
    (0..1000)
        .map(|k| first + k as f64 * step)
        .take_while(|t| *t <= to)
        .collect()
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A point in simulated time as a planner reads it: `Wed 09:30` (day 0 is a Monday),
/// with the day number once the horizon passes a week: `d12 Sat 09:30`.
pub fn time_label(seconds: f64, horizon: f64) -> String {
    let day = (seconds / DAY).floor();
    let clock = seconds - day * DAY;
    let (h, m) = ((clock / HOUR) as u32, ((clock % HOUR) / MINUTE) as u32);
    let weekday = WEEKDAYS[(day as usize) % 7];
    if horizon > 7.0 * DAY {
        format!("d{} {weekday} {h:02}:{m:02}", day as u64)
    } else {
        format!("{weekday} {h:02}:{m:02}")
    }
}

/// Numbers on axes without float noise: `0.05`, `1200`, `2.5e-5`.
pub fn number_label(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.abs() >= 1e5 || x.abs() < 1e-4 {
        return format!("{x:.1e}");
    }
    let text = format!("{x:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_a_planner_writes() {
        assert_eq!(time_label(2.0 * DAY + 9.5 * HOUR, 4.0 * DAY), "Wed 09:30");
        assert_eq!(
            time_label(12.0 * DAY + 9.5 * HOUR, 31.0 * DAY),
            "d12 Sat 09:30"
        );
        assert_eq!(number_label(0.05), "0.05");
        assert_eq!(
            time_ticks(2.0 * DAY, 4.0 * DAY),
            (0..=8)
                .map(|k| 2.0 * DAY + k as f64 * 6.0 * HOUR)
                .collect::<Vec<_>>()
        );
        assert_eq!(number_label(1200.0), "1200");
        assert_eq!(number_label(0.00002), "2.0e-5");
    }
}
