//! Names beside the trade-off's markers: designs whose markers touch are named
//! together, and every name goes where it is clear of every mark the panel
//! draws (markers and interval lines) and of every other name.

use super::super::Area;
use super::super::look::GREY;
use super::super::text::{Label, Rect, place, width};
use plotters::prelude::*;

const LABEL_PX: f64 = 13.0;
/// Markers closer than this (pixels) read as one point and are named together.
pub const CLUSTER: f64 = 14.0;

/// Designs whose markers lie within `CLUSTER` pixels of each other, chained.
pub fn clusters(points: &[(f64, f64)]) -> Vec<Vec<usize>> {
    let mut group: Vec<usize> = (0..points.len()).collect();
    for i in 0..points.len() {
        for j in 0..i {
            let (a, b) = (points[i], points[j]);
            if (a.0 - b.0).hypot(a.1 - b.1) < CLUSTER {
                let (from, to) = (group[i], group[j]);
                group
                    .iter_mut()
                    .filter(|g| **g == from)
                    .for_each(|g| *g = to);
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, g) in group.iter().enumerate() {
        match out.iter_mut().find(|c| group[c[0]] == *g) {
            Some(c) => c.push(i),
            None => out.push(vec![i]),
        }
    }
    out
}

/// Names each cluster once, its designs joined by " / ", where the name is clear of
/// every other name and marker inside the plot: beside it when it is the nearest
/// cluster to the name, else further out with a leader to it. A cluster no such
/// place exists for is left to the legend.
pub fn name_clusters(
    root: &Area,
    names: &[String],
    points: &[(f64, f64)],
    groups: &[Vec<usize>],
    plot: &Rect,
    taken: &mut Vec<Rect>,
) -> Result<(), Box<dyn std::error::Error>> {
    for group in groups {
        let text = group
            .iter()
            .map(|&i| names[i].as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        let n = group.len() as f64;
        let c = group.iter().fold((0.0, 0.0), |a, &i| {
            (a.0 + points[i].0 / n, a.1 + points[i].1 / n)
        });
        let others: Vec<(f64, f64)> = (0..points.len())
            .filter(|i| !group.contains(i))
            .map(|i| points[i])
            .collect();
        // Beside its cluster and nearer it than any other marker, or further out
        // (with a leader) and beside no other marker.
        let clear = |r: &Rect| {
            let d = r.distance(c);
            match d <= 14.0 {
                true => others.iter().all(|&q| r.distance(q) > d + 4.0),
                false => others.iter().all(|&q| r.distance(q) > 12.0),
            }
        };
        let spots = spots(c, width(&text, LABEL_PX), LABEL_PX);
        let Some(label) = place(&text, LABEL_PX, spots, plot, taken, clear) else {
            continue;
        };
        label.draw(root, &BLACK)?;
        if label.rect.distance(c) > 14.0 {
            leader(root, c, &label)?;
        }
        taken.push(label.rect);
    }
    Ok(())
}

/// Top-left corners for a `w`×`h` name around a point: sixteen directions at
/// growing distances, nearest first. Corners are whole pixels, as a label is
/// drawn, rounded away from the point so a name never creeps onto its marker.
fn spots((x, y): (f64, f64), w: f64, h: f64) -> impl Iterator<Item = (f64, f64)> {
    [11.0, 24.0, 44.0, 70.0, 100.0, 140.0, 190.0]
        .into_iter()
        .flat_map(move |r: f64| {
            (0..16).map(move |k| {
                let angle = std::f64::consts::PI * f64::from(k) / 8.0;
                let (dx, dy) = (angle.cos(), -angle.sin());
                // The box's edge nearest the point sits `r` from it.
                let left = x + dx * r - w * (1.0 - dx) / 2.0;
                let top = y + dy * r * 0.7 - h * (1.0 - dy) / 2.0;
                let away = |at: f64, size: f64, from: f64| match at + size / 2.0 < from {
                    true => at.floor(),
                    false => at.ceil(),
                };
                (away(left, w, x), away(top, h, y))
            })
        })
}

/// A thin line from just outside the cluster's markers to the nearest edge of its name.
fn leader(root: &Area, c: (f64, f64), label: &Label) -> Result<(), Box<dyn std::error::Error>> {
    let r = &label.rect;
    let to = (c.0.clamp(r.x0, r.x1), c.1.clamp(r.y0, r.y1));
    let (dx, dy) = (to.0 - c.0, to.1 - c.1);
    let len = dx.hypot(dy).max(1.0);
    let from = (c.0 + dx * 10.0 / len, c.1 + dy * 10.0 / len);
    root.draw(&PathElement::new(
        vec![(from.0 as i32, from.1 as i32), (to.0 as i32, to.1 as i32)],
        GREY.stroke_width(1),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::clusters;

    #[test]
    fn markers_that_touch_are_named_together() {
        let points = [
            (0.0, 0.0),
            (100.0, 0.0),
            (10.0, 0.0),
            (20.0, 0.0),
            (300.0, 5.0),
        ];
        assert_eq!(clusters(&points), [vec![0, 2, 3], vec![1], vec![4]]);
    }
}
