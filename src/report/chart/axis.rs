//! Axis labels a planner reads at a glance: simulated time at round clock times,
//! and numbers without float noise.

use crate::units::{DAY, HOUR, MINUTE};

/// Tick positions at round times, at most `most` of them: a step of 1 h to 28 d,
/// aligned to midnight UTC.
pub fn time_ticks(from: f64, to: f64, most: usize) -> Vec<f64> {
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
    let most = most.max(2) as f64;
    let step = steps
        .into_iter()
        .find(|s| (to - from) / s <= most)
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

/// Numbers on axes without float noise, yet exact: the fewest digits that read
/// back as the tick, so a tick at 0.00015 reads `0.00015`, not a rounded
/// `0.0002` that would misplace every value read off the axis. `0.05`, `1200`,
/// `2.0e-5`, `−3`.
pub fn number_label(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let exponent = x.abs() >= 1e5 || x.abs() < 1e-4;
    let text = (0..=17)
        .map(|d| match exponent {
            true => format!("{x:.*e}", d.max(1)),
            false => format!("{x:.d$}"),
        })
        // Ticks are sums of steps: noise in the last bits is not a digit to show.
        .find(|t| {
            t.parse::<f64>()
                .is_ok_and(|v| (v - x).abs() <= x.abs() * 1e-9)
        })
        .unwrap_or_else(|| x.to_string());
    match text.strip_prefix('-') {
        Some(magnitude) => format!("−{magnitude}"),
        None => text,
    }
}

/// A tick on an axis `span` wide: float noise next to zero (`6.9e-18`) reads `0`.
pub fn tick_label(x: f64, span: f64) -> String {
    if x.abs() < span * 1e-9 {
        "0".into()
    } else {
        number_label(x)
    }
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
        assert_eq!(
            time_ticks(2.0 * DAY, 4.0 * DAY, 12),
            (0..=8)
                .map(|k| 2.0 * DAY + k as f64 * 6.0 * HOUR)
                .collect::<Vec<_>>()
        );
        assert_eq!(time_ticks(2.0 * DAY, 4.0 * DAY, 3).len(), 3);
        assert_eq!(number_label(0.05), "0.05");
        assert_eq!(number_label(1200.0), "1200");
        assert_eq!(number_label(0.00002), "2.0e-5");
        // Exact to the tick: rounding 0.00015 to 0.0002 would misread the axis.
        assert_eq!(number_label(0.00015), "0.00015");
        assert_eq!(number_label(-1.25e-5), "−1.25e-5");
        assert_eq!(number_label(0.1 + 0.2), "0.3");
        assert_eq!(number_label(250000.0), "2.5e5");
        assert_eq!(number_label(-3.0), "−3");
        assert_eq!(tick_label(6.9e-18, 0.05), "0");
    }
}
