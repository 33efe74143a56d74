//! Axis labels a planner reads at a glance: simulated time at round clock times,
//! and numbers without float noise.

use super::text::width;
use authsim_core::units::{DAY, HOUR, MINUTE};

/// Tick steps at round times, finest first.
const STEPS: [f64; 10] = [
    HOUR,
    2.0 * HOUR,
    3.0 * HOUR,
    6.0 * HOUR,
    12.0 * HOUR,
    DAY,
    2.0 * DAY,
    7.0 * DAY,
    14.0 * DAY,
    28.0 * DAY,
];
/// Pixels between two tick labels.
const GAP: f64 = 12.0;

/// Ticks at round times from `from` to `to`, each with its label: the finest
/// step whose labels fit `room` pixels at `px`, aligned to midnight UTC. A week or
/// less never steps past a day, so a working week reads day by day; a label that
/// would not fit beside the one before it is for the panel to leave out.
pub fn time_axis(from: f64, to: f64, horizon: f64, room: f64, px: f64) -> Vec<(f64, String)> {
    let steps: Vec<f64> = STEPS
        .into_iter()
        .filter(|&s| horizon > 7.0 * DAY || s <= DAY)
        .collect();
    let ticks = |step: f64| -> Vec<(f64, String)> {
        let first = (from / step).ceil() * step;
        // The horizon is at most 400 days: a few hundred ticks at the widest step.
        (0..1000)
            .map(|k| first + k as f64 * step)
            .take_while(|t| *t <= to)
            .map(|t| (t, tick_time(t, step, horizon)))
            .collect()
    };
    let fits = |ticks: &[(f64, String)]| {
        let widest = ticks.iter().map(|(_, l)| width(l, px)).fold(0.0, f64::max);
        ticks.len() as f64 * (widest + GAP) <= room
    };
    steps
        .iter()
        .map(|&s| ticks(s))
        .find(|t| fits(t))
        .unwrap_or_else(|| ticks(steps[steps.len() - 1]))
}

/// A tick's label: the clock where ticks are hours apart, the day alone where
/// they are days apart (`Tue`, or `d12 Sat` past a week).
fn tick_time(seconds: f64, step: f64, horizon: f64) -> String {
    let label = time_label(seconds, horizon);
    match step >= DAY {
        true => label.trim_end_matches(" 00:00").to_string(),
        false => label,
    }
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

    fn labels(ticks: &[(f64, String)]) -> Vec<&str> {
        ticks.iter().map(|(_, l)| l.as_str()).collect()
    }

    #[test]
    fn a_day_reads_by_the_hour() {
        // Room to spare: every hour, Monday 00:00 to Tuesday 00:00.
        let ticks = time_axis(0.0, DAY, DAY, 1e6, 13.0);
        assert_eq!(ticks.len(), 25);
        assert_eq!(ticks[1], (HOUR, "Mon 01:00".to_string()));
        assert_eq!(ticks[24], (DAY, "Tue 00:00".to_string()));
        // Room for 13 labels of "Mon 00:00" (all as wide: digits share a width)
        // and their gaps takes every second hour.
        let room = 13.0 * (width("Mon 00:00", 13.0) + GAP);
        let ticks = time_axis(0.0, DAY, DAY, room, 13.0);
        assert_eq!(ticks.len(), 13);
        assert_eq!(ticks[6].1, "Mon 12:00");
    }

    #[test]
    fn a_working_week_reads_day_by_day() {
        // Five days in a panel a quarter of a chart wide: a tick each midnight.
        let ticks = time_axis(0.0, 5.0 * DAY, 5.0 * DAY, 250.0, 11.0);
        assert_eq!(labels(&ticks), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
        assert_eq!(ticks[3].0, 3.0 * DAY);
        // Too narrow even for day names: still a tick a day, never two days.
        let ticks = time_axis(0.0, 7.0 * DAY, 7.0 * DAY, 60.0, 11.0);
        assert_eq!(ticks.len(), 8);
        // From Wednesday noon on: the first tick is Thursday's midnight.
        let ticks = time_axis(2.5 * DAY, 5.0 * DAY, 5.0 * DAY, 250.0, 11.0);
        assert_eq!(labels(&ticks), ["Thu", "Fri", "Sat"]);
    }

    #[test]
    fn a_month_reads_by_the_week_where_days_do_not_fit() {
        // 31 days: daily labels "d12 Sat" need 32 slots, a week's step 5.
        let slot = width("d28 Mon", 13.0) + GAP;
        let ticks = time_axis(0.0, 31.0 * DAY, 31.0 * DAY, 5.0 * slot, 13.0);
        assert_eq!(
            labels(&ticks),
            ["d0 Mon", "d7 Mon", "d14 Mon", "d21 Mon", "d28 Mon"]
        );
        let ticks = time_axis(0.0, 31.0 * DAY, 31.0 * DAY, 1e6, 13.0);
        assert_eq!(ticks.len(), 31 * 24 + 1);
    }
}
