//! How a quantity maps onto an axis: linear from zero, or by decades where the
//! designs' means span more than two of them, so designs near zero do not merge
//! into one clump beside a design a hundred times worse.

use super::axis::number_label;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

/// Means further apart than this factor get a log axis.
const LOG_SPAN: f64 = 100.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// From zero to `top`.
    Linear { top: f64 },
    /// Decades from `floor` (a power of ten at or below the smallest mean) to `top`.
    /// An interval end below the floor is drawn at the floor.
    Log { floor: f64, top: f64 },
}

impl Scale {
    /// The scale for designs' (mean, interval half-width). A log axis cannot show
    /// zero, so a design whose mean is zero keeps the axis linear.
    pub fn of(stats: &[(f64, f64)]) -> Scale {
        let top = stats.iter().map(|(m, h)| m + h).fold(0.0, f64::max);
        let least = stats.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);
        let most = stats.iter().map(|s| s.0).fold(0.0, f64::max);
        if least > 0.0 && most > least * LOG_SPAN {
            Scale::Log {
                floor: 10f64.powf(least.log10().floor()),
                top,
            }
        } else if top > 0.0 {
            Scale::Linear { top: top * 1.08 }
        } else {
            Scale::Linear { top: 1.0 }
        }
    }

    /// Where a value lies along the axis, in the coordinate the chart is built on.
    pub fn at(&self, v: f64) -> f64 {
        match self {
            Scale::Linear { .. } => v,
            Scale::Log { floor, .. } => v.max(*floor).log10(),
        }
    }

    /// The axis' coordinates, a little room below the first tick and above the top.
    pub fn range(&self) -> Range<f64> {
        match self {
            Scale::Linear { top } => (-0.02 * top)..*top,
            Scale::Log { floor, top } => {
                let (lo, hi) = (floor.log10(), top.log10());
                let pad = (hi - lo) * 0.04;
                (lo - pad)..(hi + pad)
            }
        }
    }

    /// Tick coordinates: round steps from zero, or every decade.
    pub fn ticks(&self, most: usize) -> Vec<f64> {
        let r = self.range();
        match self {
            Scale::Linear { .. } => steps(0.0, r.end, most),
            Scale::Log { .. } => (r.start.ceil() as i32..=r.end.floor() as i32)
                .map(f64::from)
                .collect(),
        }
    }

    /// The value a tick coordinate stands for, as a planner writes it.
    pub fn label(&self, at: f64) -> String {
        match self {
            Scale::Linear { .. } if at < 0.0 => String::new(),
            Scale::Linear { .. } => number_label(at),
            Scale::Log { .. } => number_label(10f64.powf(at.round())),
        }
    }

    /// The axis title: the metric's, with the scale named where it is not linear.
    pub fn title(&self, metric: &str) -> String {
        match self {
            Scale::Linear { .. } => metric.to_string(),
            Scale::Log { .. } => format!("{metric}, log scale"),
        }
    }
}

/// An axis of this scale's coordinates whose ticks are the scale's own: built on
/// as a plotters range.
pub struct Ticked {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Scale {
    pub fn axis(&self, most: usize) -> Ticked {
        Ticked {
            inner: self.range().into(),
            ticks: self.ticks(most),
        }
    }
}

impl Ranged for Ticked {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        match hint.weight().allow_light_points() {
            true => Vec::new(),
            false => self.ticks.clone(),
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// Multiples of the round step (1, 2 or 5 times a power of ten) that gives at
/// most `most` ticks from `lo` to `hi`.
fn steps(lo: f64, hi: f64, most: usize) -> Vec<f64> {
    let raw = (hi - lo) / most.max(1) as f64;
    let decade = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|k| k * decade)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * decade);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_two_decades_apart_get_decades() {
        // levers: four designs from 7 to 30 lockout hours, two near 5,150.
        let stats = [(5150.0, 40.0), (7.0, 1.0), (30.0, 3.0), (5160.0, 30.0)];
        let scale = Scale::of(&stats);
        assert_eq!(
            scale,
            Scale::Log {
                floor: 1.0,
                top: 5190.0
            }
        );
        assert_eq!(scale.ticks(8), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(scale.label(2.0), "100");
        assert!((scale.at(30.0) - scale.at(7.0) - (30.0f64 / 7.0).log10()).abs() < 1e-12);
        assert_eq!(scale.at(0.5), 0.0, "below the floor: at the floor");
        assert!(scale.title("lockout hours").ends_with(", log scale"));
    }

    #[test]
    fn a_zero_or_a_narrow_span_stays_linear() {
        assert_eq!(
            Scale::of(&[(0.0, 0.0), (1000.0, 0.0)]),
            Scale::Linear { top: 1080.0 }
        );
        assert_eq!(
            Scale::of(&[(10.0, 0.0), (990.0, 10.0)]),
            Scale::Linear { top: 1080.0 }
        );
        assert_eq!(Scale::of(&[(0.0, 0.0)]), Scale::Linear { top: 1.0 });
        let ticks = Scale::Linear { top: 1080.0 }.ticks(6);
        assert_eq!(ticks, [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
    }
}
