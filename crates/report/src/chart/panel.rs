//! What every chart of panels shares: a quiet mesh (faint grid lines, no minor
//! ones) and a caption above the plot, cut to the plot's width, so panels of
//! different charts read alike.

use super::look::GREY;
use super::text::{Label, fit, font};
use super::{Area, DrawResult};
use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use std::ops::Range;

/// Type sizes of a mesh's tick labels and its axis titles.
pub fn quiet<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    label_px: f64,
    desc_px: f64,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.label_style(font(label_px))
        .axis_desc_style(font(desc_px))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(GREY.mix(0.15))
}

/// The caption `above` pixels over a plot whose pixel ranges are `(xs, ys)`.
pub fn caption(
    root: &Area,
    (xs, ys): (Range<i32>, Range<i32>),
    text: &str,
    above: f64,
) -> DrawResult {
    let (text, px) = fit(text, 14.0, f64::from(xs.end - xs.start));
    Label::at(
        &text,
        px,
        (f64::from(xs.start), f64::from(ys.start) - above),
    )
    .draw(root, &BLACK)
}
