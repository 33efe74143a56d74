//! How a design looks on every chart: a colour, a line style and a marker, so two
//! designs differ in three ways and one can never pass for another, even where
//! their lines coincide or a reader cannot tell the colours apart.

use super::{Area, DrawResult};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Okabe and Ito's palette, distinguishable with every common colour-vision
/// deficiency, yellow (faint on white) left out; then three darker hues so that
/// a run of up to ten designs never repeats a colour.
pub const PALETTE: [RGBColor; 10] = rgb([
    0x0072b2, 0xe69f00, 0x009e73, 0xd55e00, 0xcc79a7, 0x56b4e9, 0x000000, 0x75449a, 0x8c5628,
    0x005a5a,
]);

/// Paul Tol's muted scheme, for what is not a design (a cause of denials), so
/// that it never takes a design's colour.
pub const CAUSES: [RGBColor; 8] = rgb([
    0xcc6677, 0x332288, 0xddcc77, 0x117733, 0x88ccee, 0x882255, 0x44aa99, 0x999933,
]);

/// Colours as their web hex codes read them, `0xRRGGBB`.
const fn rgb<const N: usize>(hex: [u32; N]) -> [RGBColor; N] {
    let mut colors = [RGBColor(0, 0, 0); N];
    let mut i = 0;
    while i < N {
        let h = hex[i];
        colors[i] = RGBColor((h >> 16) as u8, (h >> 8) as u8, h as u8);
        i += 1;
    }
    colors
}

pub const GREY: RGBColor = RGBColor(120, 120, 120);
/// The baseline where it is ghosted behind another design.
pub const GHOST: RGBColor = RGBColor(175, 175, 175);

/// Dash and gap lengths in pixels; solid first, for the baseline.
const DASHES: [Option<(u32, u32)>; 4] = [None, Some((12, 5)), Some((4, 4)), Some((18, 4))];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
    Plus,
    Star,
}

/// As many shapes as colours, each one that can be drawn filled or hollow.
const MARKERS: [Marker; 7] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Plus,
    Marker::Star,
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub color: RGBColor,
    pub dash: Option<(u32, u32)>,
    pub marker: Marker,
}

/// The look of the run's `i`-th design, the same on every chart. The baseline
/// (design 0) alone is blue, solid and round; the others cycle through the rest
/// so that neighbours differ in all three, and no two of the first 18 share all three.
pub fn look(i: usize) -> Look {
    if i == 0 {
        return Look {
            color: PALETTE[0],
            dash: DASHES[0],
            marker: MARKERS[0],
        };
    }
    let k = i - 1;
    let shape = k + k / (PALETTE.len() - 1);
    Look {
        color: PALETTE[1 + k % (PALETTE.len() - 1)],
        dash: DASHES[1 + shape % (DASHES.len() - 1)],
        marker: MARKERS[1 + shape % (MARKERS.len() - 1)],
    }
}

impl Look {
    /// The baseline as a grey reference behind another design.
    pub fn ghost() -> Look {
        Look {
            color: GHOST,
            dash: None,
            marker: Marker::Circle,
        }
    }

    /// A line through pixel points, in this look's colour and dash.
    pub fn line(&self, area: &Area, points: &[(i32, i32)], width: u32) -> DrawResult {
        let style = self.color.stroke_width(width);
        match self.dash {
            None => area.draw(&PathElement::new(points.to_vec(), style))?,
            Some((dash, gap)) => area.draw(&DashedPathElement::new(
                points.iter().copied(),
                dash as i32,
                gap as i32,
                style,
            ))?,
        }
        Ok(())
    }

    /// How far from its centre a marker of radius `r` draws: the star's points
    /// reach two pixels past `r`, and the two-pixel edge one more.
    pub fn reach(r: i32) -> f64 {
        f64::from(r) + 3.0
    }

    /// This look's marker of radius `r` at a pixel point, filled or hollow.
    pub fn marker(&self, area: &Area, (x, y): (i32, i32), r: i32, filled: bool) -> DrawResult {
        let fill = if filled {
            self.color.filled()
        } else {
            WHITE.filled()
        };
        let edge = self.color.stroke_width(2);
        let corners: Vec<(i32, i32)> = match self.marker {
            Marker::Circle => {
                area.draw(&Circle::new((x, y), r, fill))?;
                area.draw(&Circle::new((x, y), r, edge))?;
                return Ok(());
            }
            Marker::Square => {
                let s = r * 9 / 10;
                vec![
                    (x - s, y - s),
                    (x + s, y - s),
                    (x + s, y + s),
                    (x - s, y + s),
                ]
            }
            Marker::Triangle => vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
            Marker::TriangleDown => vec![(x, y + r + 1), (x + r + 1, y - r), (x - r - 1, y - r)],
            Marker::Diamond => {
                let s = r + 1;
                vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
            }
            Marker::Plus => {
                let (a, b) = (r + 1, (r + 1) / 3 + 1);
                vec![
                    (x - b, y - a),
                    (x + b, y - a),
                    (x + b, y - b),
                    (x + a, y - b),
                    (x + a, y + b),
                    (x + b, y + b),
                    (x + b, y + a),
                    (x - b, y + a),
                    (x - b, y + b),
                    (x - a, y + b),
                    (x - a, y - b),
                    (x - b, y - b),
                ]
            }
            Marker::Star => (0..10)
                .map(|k| {
                    let radius = if k % 2 == 0 {
                        f64::from(r) + 2.0
                    } else {
                        f64::from(r) * 0.5
                    };
                    let angle = std::f64::consts::PI * (f64::from(k) / 5.0 - 0.5);
                    (
                        x + (radius * angle.cos()).round() as i32,
                        y + (radius * angle.sin()).round() as i32,
                    )
                })
                .collect(),
        };
        area.draw(&Polygon::new(corners.clone(), fill))?;
        let mut closed = corners.clone();
        closed.push(corners[0]);
        area.draw(&PathElement::new(closed, edge))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::look;

    #[test]
    fn neighbouring_designs_differ_in_colour_dash_and_marker() {
        for i in 0..30 {
            let (a, b) = (look(i), look(i + 1));
            assert!(a.color != b.color && a.dash != b.dash && a.marker != b.marker);
        }
        for i in 1..40 {
            let l = look(i);
            assert!(l.color != look(0).color && l.dash.is_some() && l.marker != look(0).marker);
        }
        let firsts: Vec<_> = (0..18).map(look).collect();
        for (i, a) in firsts.iter().enumerate() {
            assert!(firsts[i + 1..].iter().all(|b| a != b), "design {i}");
        }
    }
}
