//! A cohort's working week as windows of simulation time, and the clock that maps
//! "seconds of activity" to wall time, so a Poisson stream of attempts in working
//! time costs one draw per attempt.

use crate::scenario::Activity;
use crate::units::{DAY, WEEK};

/// When a user's scheduled uses of each app come.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arrivals {
    /// A Poisson stream in working time, this many working seconds apart on average.
    Poisson { mean_gap: f64 },
    /// On the clock, this far apart, within working time: every user on the same tick.
    Clock { every: f64 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct WorkingSpan {
    start: f64,
    end: f64,
    /// Active seconds in the week before this window.
    before: f64,
}

/// Where a stream of attempts stands in the working week: its window, and
/// what `wall_time` needs of it, worked out once per window.
#[derive(Debug, Clone, Copy, Default)]
pub struct WeekCursor {
    window: usize,
    week_start: f64,
    week_active: f64,
    /// The window's active seconds in the week before it, its length, and its
    /// start in simulation time.
    before: f64,
    length: f64,
    start: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkingWeek {
    windows: Vec<WorkingSpan>,
    active_per_week: f64,
}

impl WorkingWeek {
    /// Day 0 of the simulation is a Monday, 00:00 UTC.
    pub fn new(a: &Activity) -> Self {
        let mut spans: Vec<(f64, f64)> = Vec::new();
        let length = (a.hours.end - a.hours.start).rem_euclid(DAY);
        let length = if length == 0.0 { DAY } else { length };
        for day in (0..7).filter(|&d| a.days.contains(d)) {
            let start = (day as f64 * DAY + a.hours.start - a.utc_offset.0).rem_euclid(WEEK);
            let end = start + length;
            if end > WEEK {
                spans.push((start, WEEK));
                spans.push((0.0, end - WEEK));
            } else {
                spans.push((start, end));
            }
        }
        spans.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut windows: Vec<WorkingSpan> = Vec::new();
        let mut total = 0.0;
        for (start, end) in spans {
            match windows.last_mut() {
                Some(last) if start <= last.end => {
                    total += (end - last.end).max(0.0);
                    last.end = last.end.max(end);
                }
                _ => {
                    windows.push(WorkingSpan {
                        start,
                        end,
                        before: total,
                    });
                    total += end - start;
                }
            }
        }
        WorkingWeek {
            windows,
            active_per_week: total,
        }
    }

    pub fn active_per_week(&self) -> f64 {
        self.active_per_week
    }

    /// A cursor at the start of time zero's week.
    pub fn cursor(&self) -> WeekCursor {
        self.cursor_at(0.0)
    }

    /// A cursor at the start of the week of `t` (before time zero too), for
    /// `wall_time` of working times from `active_before(t)` on.
    pub fn cursor_at(&self, t: f64) -> WeekCursor {
        let week = (t / WEEK).floor();
        let mut cursor = WeekCursor {
            week_start: week * WEEK,
            week_active: week * self.active_per_week,
            ..WeekCursor::default()
        };
        if !self.windows.is_empty() {
            self.enter(&mut cursor);
        }
        cursor
    }

    /// The week's breaks from work, as (start within the week, length).
    fn breaks(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        let n = self.windows.len();
        (0..n).filter_map(move |i| {
            let end = self.windows[i].end;
            let next = match i + 1 < n {
                true => self.windows[i + 1].start,
                false => self.windows[0].start + WEEK,
            };
            (next > end).then_some((end, next - end))
        })
    }

    /// The longest break from work in the week (zero for work around the clock).
    pub fn longest_break(&self) -> f64 {
        self.breaks().map(|(_, length)| length).fold(0.0, f64::max)
    }

    /// The start of the latest break from work at least `length` long that
    /// starts at or before `t`: `None` where the week has no such break.
    pub fn latest_break(&self, length: f64, t: f64) -> Option<f64> {
        self.breaks()
            .filter(|&(_, l)| l >= length)
            .map(|(start, _)| start + ((t - start) / WEEK).floor() * WEEK)
            .max_by(f64::total_cmp)
    }

    /// Whether the cohort works around the clock, every day.
    pub fn always_active(&self) -> bool {
        self.active_per_week >= WEEK
    }

    /// The wall time at which `active` seconds of working time have passed since time
    /// zero. Callers ask in increasing order, so the cursor only moves forward and no
    /// division is needed.
    #[inline]
    pub fn wall_time(&self, cursor: &mut WeekCursor, active: f64) -> f64 {
        loop {
            let into = active - cursor.week_active - cursor.before;
            if into < cursor.length {
                return cursor.start + into;
            }
            cursor.window += 1;
            if cursor.window == self.windows.len() {
                cursor.window = 0;
                cursor.week_start += WEEK;
                cursor.week_active += self.active_per_week;
            }
            self.enter(cursor);
        }
    }

    fn enter(&self, cursor: &mut WeekCursor) {
        let w = &self.windows[cursor.window];
        cursor.before = w.before;
        cursor.length = w.end - w.start;
        cursor.start = cursor.week_start + w.start;
    }

    /// `wall_time` for callers that do not ask in order: the wall time at which
    /// `active` seconds of working time since time zero have passed (negative:
    /// before it).
    pub fn wall_time_at(&self, active: f64) -> f64 {
        let week = (active / self.active_per_week).floor();
        let into = active - week * self.active_per_week;
        let i = self.windows.partition_point(|w| w.before <= into).max(1) - 1;
        let w = &self.windows[i];
        week * WEEK + w.start + (into - w.before)
    }

    /// The working windows that meet `[from, to)`, clipped to it, in time order.
    pub fn windows_between(&self, from: f64, to: f64) -> impl Iterator<Item = (f64, f64)> + '_ {
        let weeks = (from / WEEK).floor() as i64..(to / WEEK).ceil() as i64;
        weeks.flat_map(move |week| {
            let base = week as f64 * WEEK;
            self.windows.iter().filter_map(move |w| {
                let (start, end) = ((base + w.start).max(from), (base + w.end).min(to));
                (start < end).then_some((start, end))
            })
        })
    }

    /// Whether `t` falls in working time.
    pub fn is_active(&self, t: f64) -> bool {
        let into = t.rem_euclid(WEEK);
        self.windows.iter().any(|w| w.start <= into && into < w.end)
    }

    /// The first tick at or after `tick` on its grid of `period` that falls in
    /// working time, or the first at or past `until`. It jumps over time off
    /// rather than stepping through it: a tick every millisecond costs no more.
    pub fn next_tick(&self, mut tick: f64, period: f64, until: f64) -> f64 {
        while tick < until && !self.is_active(tick) {
            let start = self.next_active(tick);
            let mut periods = ((start - tick) / period).ceil().max(1.0);
            // Division rounds: never jump past the first tick at or after `start`.
            if periods > 1.0 && tick + (periods - 1.0) * period >= start {
                periods -= 1.0;
            }
            tick += periods * period;
        }
        tick
    }

    /// The earliest working time at or after `t`.
    fn next_active(&self, t: f64) -> f64 {
        let week = (t / WEEK).floor() * WEEK;
        let into = t - week;
        match self.windows.iter().find(|w| into < w.end) {
            Some(w) => week + w.start.max(into),
            None => week + WEEK + self.windows[0].start,
        }
    }

    /// Working seconds inside `[0, t)`: the inverse of `wall_time`.
    pub fn active_before(&self, t: f64) -> f64 {
        let week = (t / WEEK).floor();
        let into = t - week * WEEK;
        let in_week: f64 = self
            .windows
            .iter()
            .map(|w| (into.min(w.end) - w.start).max(0.0))
            .sum();
        week * self.active_per_week + in_week
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::HOUR;

    fn week(hours: &str, days: &str, offset: &str) -> WorkingWeek {
        WorkingWeek::new(&Activity {
            hours: hours.parse().unwrap(),
            days: days.parse().unwrap(),
            utc_offset: offset.parse().unwrap(),
            attempts_per_hour: Some(1.0),
            every: None,
        })
    }

    #[test]
    fn office_hours_map_to_wall_time() {
        let w = week("09:00-17:00", "mon-fri", "+00:00");
        assert_eq!(w.active_per_week(), 40.0 * HOUR);
        let mut c = w.cursor();
        assert_eq!(w.wall_time(&mut c, 0.0), 9.0 * HOUR);
        assert_eq!(
            w.wall_time(&mut c, 8.0 * HOUR + 1.0),
            DAY + 9.0 * HOUR + 1.0
        );
        assert_eq!(
            w.wall_time(&mut c, 40.0 * HOUR + 60.0),
            WEEK + 9.0 * HOUR + 60.0
        );
        assert_eq!(w.wall_time(&mut c, 200.0 * HOUR), 5.0 * WEEK + 9.0 * HOUR);
        assert_eq!(w.active_before(DAY + 10.0 * HOUR), 9.0 * HOUR);
        // Unordered, and before time zero: Friday 16:00 of the week before.
        assert_eq!(w.wall_time_at(9.0 * HOUR), DAY + 10.0 * HOUR);
        assert_eq!(w.wall_time_at(-HOUR), 4.0 * DAY + 16.0 * HOUR - WEEK);
        assert_eq!(w.active_before(w.wall_time_at(-HOUR)), -HOUR);
        assert!(
            w.is_active(DAY + 10.0 * HOUR)
                && !w.is_active(DAY + 18.0 * HOUR)
                && !w.is_active(5.0 * DAY + 10.0 * HOUR)
        );
    }

    #[test]
    fn clock_ticks_jump_over_time_off() {
        let w = week("09:00-17:00", "mon-fri", "+00:00");
        // From Friday 17:00 the next 10-minute tick in working time is Monday 09:00.
        let friday = 4.0 * DAY + 17.0 * HOUR;
        assert_eq!(w.next_tick(friday, 600.0, 1e9), WEEK + 9.0 * HOUR);
        // A millisecond clock lands on the window's first tick at once.
        assert_eq!(w.next_tick(friday, 0.001, 1e9), WEEK + 9.0 * HOUR);
        // Ticks of 5 hours from 06:00 miss the first window: 11:00 is the first inside.
        assert_eq!(w.next_tick(6.0 * HOUR, 5.0 * HOUR, 1e9), 11.0 * HOUR);
        // A period that does not divide the gap exactly lands on the first tick inside.
        let tick = w.next_tick(friday, 0.3, 1e9);
        assert!(
            tick >= WEEK + 9.0 * HOUR && tick - 0.3 < WEEK + 9.0 * HOUR,
            "{tick}"
        );
        // Past `until` it stops at the first tick beyond it.
        assert_eq!(w.next_tick(friday, 600.0, friday + 1.0), WEEK + 9.0 * HOUR);
    }

    #[test]
    fn time_zones_and_overnight_shifts_wrap_the_week() {
        // 09:00 in UTC+02:00 is 07:00 UTC.
        let monday = week("09:00-17:00", "mon", "+02:00");
        assert_eq!(monday.wall_time(&mut monday.cursor(), 0.0), 7.0 * HOUR);
        // Sunday 22:00-06:00 wraps into Monday morning.
        let night = week("22:00-06:00", "sun", "+00:00");
        assert_eq!(night.active_per_week(), 8.0 * HOUR);
        let mut c = night.cursor();
        assert_eq!(night.wall_time(&mut c, 0.0), 0.0);
        assert_eq!(
            night.wall_time(&mut c, 6.0 * HOUR + 1.0),
            6.0 * DAY + 22.0 * HOUR + 1.0
        );
        let always = week("00:00-24:00", "all", "+00:00");
        assert_eq!(always.active_per_week(), WEEK);
        assert_eq!(always.wall_time(&mut always.cursor(), 12345.0), 12345.0);
    }
}
