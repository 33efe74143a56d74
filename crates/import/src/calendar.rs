//! Local hours of the week: Monday 00:00 to Sunday 24:00 at the tenant's UTC
//! offset, and how long a log's span covered each of them.

use crate::summary::HOURS_OF_WEEK;

pub const HOUR: f64 = 3600.0;
pub const DAY: f64 = 86_400.0;
pub const WEEK: f64 = 7.0 * DAY;
/// 1970-01-01, day 0 of Unix time, was a Thursday: hour 72 of a Monday week.
const EPOCH_HOUR_OF_WEEK: i64 = 72;

/// The local hour of the week (0 = Monday 00:00-01:00) of `time` (seconds
/// since 1970 UTC) at `offset` seconds ahead of UTC.
pub fn hour_of_week(time: f64, offset: f64) -> usize {
    let hour = ((time + offset) / HOUR).floor() as i64;
    (hour + EPOCH_HOUR_OF_WEEK).rem_euclid(HOURS_OF_WEEK as i64) as usize
}

/// Hours of observation the span `[from, to]` gives each hour of the week:
/// how many times it was watched, partial hours counted in part.
pub fn exposure(from: f64, to: f64, offset: f64) -> Vec<f64> {
    let mut hours = vec![0.0; HOURS_OF_WEEK];
    let mut t = from;
    while t < to {
        let next = (((t + offset) / HOUR).floor() + 1.0) * HOUR - offset;
        let end = next.min(to);
        hours[hour_of_week(t, offset)] += (end - t) / HOUR;
        t = end;
    }
    hours
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_of_the_week_by_the_calendar() {
        // 2026-12-07 is a Monday: 1 796 601 600 s since 1970.
        let monday = 1_796_601_600.0;
        assert_eq!(hour_of_week(monday, 0.0), 0);
        assert_eq!(hour_of_week(monday - 1.0, 0.0), 167);
        assert_eq!(hour_of_week(monday + 9.5 * HOUR, 3600.0), 10);
        assert_eq!(hour_of_week(monday, -5.0 * HOUR), 163);
        let e = exposure(monday + 0.5 * HOUR, monday + WEEK + 2.0 * HOUR, 0.0);
        assert_eq!((e[0], e[1], e[2], e[100]), (1.5, 2.0, 1.0, 1.0));
        assert!((e.iter().sum::<f64>() - (WEEK / HOUR + 1.5)).abs() < 1e-9);
    }
}
