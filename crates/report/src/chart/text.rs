//! Text as the renderer sets it: the bundled font, widths measured from it, and
//! labels placed so that none leaves the image or covers another.

use super::Area;
use ab_glyph::{Font, FontRef};
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// DejaVu Sans: a fresh machine has no system fonts, so layout, measurement and
/// the PNG all use this one, and a scenario whose names it cannot draw is
/// refused when it loads. The SVG names the generic family, which the PNG
/// renderer maps to it and a browser to its own sans-serif.
pub use authsim_core::scenario::names::DEJAVU_SANS;
pub const FAMILY: &str = "sans-serif";

/// plotters writes an SVG `font-size` of its size over 1.24.
const PLOTTERS_SIZE: f64 = 1.24;

/// The bundled font, registered with plotters on first use.
fn parsed() -> &'static FontRef<'static> {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        let registered = register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS);
        assert!(registered.is_ok(), "the bundled font parses");
    });
    authsim_core::scenario::names::font()
}

/// Text of `px` pixels to the em, black.
pub fn font(px: f64) -> TextStyle<'static> {
    parsed();
    (FAMILY, px * PLOTTERS_SIZE).into_font().color(&BLACK)
}

/// The advance width of `text` at `px` pixels to the em, kerning left out, so a
/// little wider than the renderer sets it: a safe size for keeping labels apart.
pub fn width(text: &str, px: f64) -> f64 {
    let font = parsed();
    let units: f32 = text
        .chars()
        .map(|c| font.h_advance_unscaled(font.glyph_id(c)))
        .sum();
    f64::from(units) * px / f64::from(font.units_per_em().unwrap_or(2048.0))
}

/// The largest size up to `px` (and not under 9 px) at which `text` fits `room`.
pub fn fitting(text: &str, px: f64, room: f64) -> f64 {
    let full = width(text, px);
    if full <= room {
        px
    } else {
        (px * room / full).max(9.0)
    }
}

/// `text` as large as it fits `room` up to `px`, cut short with an ellipsis where
/// even the smallest size is too wide.
pub fn fit(text: &str, px: f64, room: f64) -> (String, f64) {
    let px = fitting(text, px, room);
    let mut shown = text.to_string();
    while width(&shown, px) > room && shown.chars().count() > 1 {
        let mut kept: String = shown.trim_end_matches('…').to_string();
        kept.pop();
        shown = format!("{}…", kept.trim_end());
    }
    (shown, px)
}

/// A box in image pixels, y downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect::new(x - r, y - r, x + r, y + r)
    }

    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// How far the point is from the box (zero inside it).
    pub fn distance(&self, (x, y): (f64, f64)) -> f64 {
        let dx = (self.x0 - x).max(x - self.x1).max(0.0);
        let dy = (self.y0 - y).max(y - self.y1).max(0.0);
        dx.hypot(dy)
    }

    pub fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
}

/// A line of text with its top-left corner at `at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub px: f64,
    pub rect: Rect,
    /// The whole pixel the renderer sets the line's top at.
    top: (i32, i32),
}

/// plotters sets a top-anchored line's baseline this many ems below its top
/// (`dy="0.76em"` in the SVG).
const TOP_TO_BASELINE: f64 = 0.76;

/// The font's ascent and descent at `px` pixels to the em: the line box the
/// renderer gives a text, taller than its ink.
fn line(px: f64) -> (f64, f64) {
    let font = parsed();
    let em = f64::from(font.units_per_em().unwrap_or(2048.0));
    let ascent = f64::from(font.ascent_unscaled()) / em;
    let descent = -f64::from(font.descent_unscaled()) / em;
    (ascent * px, descent * px)
}

impl Label {
    /// The box is the renderer's (font ascent to descent around the baseline,
    /// at the whole pixel it is drawn at), so two labels whose boxes merely
    /// touch are clear of each other as drawn too.
    pub fn at(text: &str, px: f64, (x, y): (f64, f64)) -> Label {
        let top = (x.round() as i32, y.round() as i32);
        let (ascent, descent) = line(px);
        let baseline = f64::from(top.1) + TOP_TO_BASELINE * px;
        let left = f64::from(top.0);
        Label {
            text: text.to_string(),
            px,
            rect: Rect::new(
                left,
                baseline - ascent,
                left + width(text, px),
                baseline + descent,
            ),
            top,
        }
    }

    /// The same label centred on `x`.
    pub fn centered(text: &str, px: f64, (x, y): (f64, f64)) -> Label {
        Label::at(text, px, (x - width(text, px) / 2.0, y))
    }

    pub fn draw(&self, area: &Area, color: &RGBColor) -> super::DrawResult {
        area.draw(&Text::new(
            self.text.clone(),
            self.top,
            font(self.px).color(color),
        ))?;
        Ok(())
    }
}

/// The first of `candidates` (top-left corners) where `text` lies inside `bounds`,
/// clear of every box in `taken`, and passes `fits`.
pub fn place(
    text: &str,
    px: f64,
    candidates: impl IntoIterator<Item = (f64, f64)>,
    bounds: &Rect,
    taken: &[Rect],
    fits: impl Fn(&Rect) -> bool,
) -> Option<Label> {
    candidates
        .into_iter()
        .map(|at| Label::at(text, px, at))
        .find(|l| {
            l.rect.inside(bounds) && !taken.iter().any(|t| t.overlaps(&l.rect)) && fits(&l.rect)
        })
}

/// Top-left corners for a `w`×`h` label around a point: the eight directions at
/// growing distances, nearest first.
pub fn around((x, y): (f64, f64), w: f64, h: f64) -> impl Iterator<Item = (f64, f64)> {
    const DIRECTIONS: [(f64, f64); 8] = [
        (1.0, -1.0),
        (-1.0, -1.0),
        (1.0, 1.0),
        (-1.0, 1.0),
        (1.0, 0.0),
        (-1.0, 0.0),
        (0.0, -1.0),
        (0.0, 1.0),
    ];
    [8.0, 20.0, 36.0, 56.0, 80.0, 110.0]
        .into_iter()
        .flat_map(move |r| {
            DIRECTIONS.into_iter().map(move |(dx, dy)| {
                // The box's near corner (or edge middle) sits `r` from the point.
                let left = match dx {
                    d if d > 0.0 => x + r,
                    d if d < 0.0 => x - r - w,
                    _ => x - w / 2.0,
                };
                let top = match dy {
                    d if d > 0.0 => y + r * 0.6,
                    d if d < 0.0 => y - r * 0.6 - h,
                    _ => y - h / 2.0,
                };
                (left, top)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // DejaVu Sans: "i" is narrow, "W" wide; widths scale with the size.
        assert!(width("W", 20.0) > 3.0 * width("i", 20.0));
        assert!((width("token", 20.0) - 2.0 * width("token", 10.0)).abs() < 1e-9);
        assert_eq!(width("", 12.0), 0.0);
        assert!(fitting("a long heading", 20.0, 40.0) < 20.0);
        let (shown, px) = fit("a very long heading indeed", 20.0, 60.0);
        assert!(shown.ends_with('…') && width(&shown, px) <= 60.0 && px == 9.0);
    }

    #[test]
    fn a_label_boxes_the_line_the_renderer_sets() {
        // DejaVu Sans: ascent 1901 and descent 483 of 2048 units, the baseline
        // 0.76 em below the top, at the whole pixel it is drawn at.
        let r = Label::at("hash", 13.0, (10.4, 20.4)).rect;
        let baseline = 20.0 + 0.76 * 13.0;
        assert_eq!(r.x0, 10.0);
        assert!((r.y0 - (baseline - 13.0 * 1901.0 / 2048.0)).abs() < 1e-9);
        assert!((r.y1 - (baseline + 13.0 * 483.0 / 2048.0)).abs() < 1e-9);
    }

    #[test]
    fn a_label_goes_where_nothing_else_is() {
        let bounds = Rect::new(0.0, 0.0, 400.0, 300.0);
        let taken = [Rect::new(100.0, 0.0, 400.0, 300.0)];
        let label = place(
            "design",
            12.0,
            around((90.0, 150.0), width("design", 12.0), 12.0),
            &bounds,
            &taken,
            |_| true,
        )
        .unwrap();
        assert!(label.rect.inside(&bounds) && !label.rect.overlaps(&taken[0]));
        assert!(label.rect.x1 <= 100.0);
        // Nowhere to go: no label.
        assert!(place("design", 12.0, [(370.0, 10.0)], &bounds, &[], |_| true).is_none());
    }
}
