//! No text on any chart crosses a data mark: read from the SVG as drawn, with
//! each text's box as the renderer sets it and each mark's geometry from its
//! points.
//!
//! A data mark is an opaque stroke or fill, not white, that reaches into a
//! panel's plot area. Left out, each for its reason:
//! - translucent marks (gridlines, the shading of an outage, interval bands):
//!   they lie behind the data and text stays legible on them;
//! - marks wholly outside every plot area (axes, ticks, the legend's swatches,
//!   which sit beside their own names by construction);
//! - grey one-pixel leaders (`look::GREY`), drawn from a label to its mark and
//!   so touching their label by design.

use super::{drawn, num, points, runs, text_boxes};
use authsim::report::chart::text::Rect;

/// A mark's geometry: segments (with half their stroke width) or a filled outline.
enum Mark {
    Stroke(Vec<(f64, f64)>, f64),
    Fill(Vec<(f64, f64)>),
    Disc((f64, f64), f64),
}

fn opaque(n: &roxmltree::Node) -> bool {
    let opacity = |a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
    [
        opacity("opacity"),
        opacity("stroke-opacity"),
        opacity("fill-opacity"),
    ]
    .into_iter()
    .all(|o| o.is_none_or(|o| o >= 1.0))
}

/// A paint that draws something other than white.
fn ink(n: &roxmltree::Node, attribute: &str) -> bool {
    n.attribute(attribute)
        .is_some_and(|c| !matches!(c, "none" | "#FFFFFF" | "#ffffff" | "white"))
}

/// Every opaque data-coloured mark of an SVG, leaders left out.
fn marks(svg: &str) -> Vec<Mark> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut out = Vec::new();
    for n in doc.descendants().filter(opaque) {
        let half = num(&n, "stroke-width").max(1.0) / 2.0;
        let leader = n.attribute("stroke") == Some("#787878") && half <= 0.5;
        match n.tag_name().name() {
            "polyline" | "line" if ink(&n, "stroke") && !leader => {
                let p = match n.tag_name().name() {
                    "line" => vec![
                        (num(&n, "x1"), num(&n, "y1")),
                        (num(&n, "x2"), num(&n, "y2")),
                    ],
                    _ => points(&n),
                };
                out.push(Mark::Stroke(p, half));
            }
            "polygon" if ink(&n, "fill") => out.push(Mark::Fill(points(&n))),
            "circle" if ink(&n, "fill") || ink(&n, "stroke") => {
                let edge = if ink(&n, "stroke") { half } else { 0.0 };
                out.push(Mark::Disc(
                    (num(&n, "cx"), num(&n, "cy")),
                    num(&n, "r") + edge,
                ));
            }
            "rect" if ink(&n, "fill") => {
                let (x, y) = (num(&n, "x"), num(&n, "y"));
                let (w, h) = (num(&n, "width"), num(&n, "height"));
                out.push(Mark::Fill(vec![
                    (x, y),
                    (x + w, y),
                    (x + w, y + h),
                    (x, y + h),
                ]));
            }
            _ => {}
        }
    }
    out
}

/// Whether the segment a–b comes within `r` of the box.
fn segment_meets(a: (f64, f64), b: (f64, f64), r: f64, rect: &Rect) -> bool {
    let grown = Rect::new(rect.x0 - r, rect.y0 - r, rect.x1 + r, rect.y1 + r);
    // Clip the segment to the grown box (Liang–Barsky).
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - grown.x0),
        (dx, grown.x1 - a.0),
        (-dy, a.1 - grown.y0),
        (dy, grown.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

fn inside_polygon((x, y): (f64, f64), poly: &[(f64, f64)]) -> bool {
    let mut inside = false;
    for (i, a) in poly.iter().enumerate() {
        let b = poly[(i + 1) % poly.len()];
        if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1) {
            inside = !inside;
        }
    }
    inside
}

impl Mark {
    fn meets(&self, r: &Rect) -> bool {
        match self {
            Mark::Stroke(p, half) => p.windows(2).any(|s| segment_meets(s[0], s[1], *half, r)),
            Mark::Fill(p) if p.len() > 2 => {
                let edges = p.iter().zip(p.iter().cycle().skip(1));
                edges.clone().any(|(a, b)| segment_meets(*a, *b, 0.0, r))
                    || inside_polygon(r.center(), p)
            }
            Mark::Fill(_) => false,
            Mark::Disc(c, radius) => r.distance(*c) < *radius,
        }
    }

    fn bounds(&self) -> Rect {
        let points: Vec<(f64, f64)> = match self {
            Mark::Stroke(p, _) | Mark::Fill(p) => p.clone(),
            Mark::Disc(c, r) => vec![(c.0 - r, c.1 - r), (c.0 + r, c.1 + r)],
        };
        points
            .iter()
            .fold(Rect::new(f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, p| {
                Rect::new(b.x0.min(p.0), b.y0.min(p.1), b.x1.max(p.0), b.y1.max(p.1))
            })
    }
}

#[test]
fn no_text_crosses_a_data_mark() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, folder) in runs() {
        let (_, figures) = drawn(folder);
        for figure in &figures {
            // A plot area's edge is where the axes run: its inside begins past them.
            let plots: Vec<Rect> = figure
                .layout
                .panels
                .iter()
                .map(|p| {
                    Rect::new(
                        p.rect.x0 + 1.5,
                        p.rect.y0 + 1.5,
                        p.rect.x1 - 1.5,
                        p.rect.y1 - 1.5,
                    )
                })
                .collect();
            let data: Vec<Mark> = marks(&figure.svg)
                .into_iter()
                .filter(|m| plots.iter().any(|p| p.overlaps(&m.bounds()) || m.meets(p)))
                .collect();
            for b in text_boxes(&figure.svg) {
                // Half a pixel of the line box, above the ink, may touch a mark.
                let text = Rect::new(
                    f64::from(b.left()) + 0.5,
                    f64::from(b.top()) + 0.5,
                    f64::from(b.right()) - 0.5,
                    f64::from(b.bottom()) - 0.5,
                );
                checked += 1;
                if let Some(m) = data.iter().find(|m| m.meets(&text)) {
                    failures.push(format!(
                        "{name}: {}: text at {text:?} meets a mark within {:?}",
                        figure.name,
                        m.bounds()
                    ));
                }
            }
        }
    }
    assert!(checked > 1000, "{checked} texts checked");
    assert!(
        failures.is_empty(),
        "text crosses a data mark:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_segment_meets_a_box_it_crosses_and_misses_one_it_passes() {
    let r = Rect::new(10.0, 10.0, 20.0, 20.0);
    assert!(segment_meets((0.0, 15.0), (30.0, 15.0), 0.0, &r));
    assert!(!segment_meets((0.0, 25.0), (30.0, 25.0), 0.0, &r));
    assert!(segment_meets((0.0, 21.0), (30.0, 21.0), 1.5, &r));
    assert!(!segment_meets((0.0, 0.0), (9.0, 30.0), 0.0, &r));
    let square = [(0.0, 0.0), (40.0, 0.0), (40.0, 40.0), (0.0, 40.0)];
    assert!(Mark::Fill(square.to_vec()).meets(&r), "a box inside a fill");
    assert!(!Mark::Disc((0.0, 0.0), 5.0).meets(&r));
}
