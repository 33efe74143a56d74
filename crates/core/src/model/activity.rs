//! A cohort's working week as windows of simulation time, each with its rate
//! weight, and the clock that maps "seconds of activity" (time integrated over
//! the weight: an hour at half the busiest rate counts half an hour) to wall
//! time, so a Poisson stream of attempts whose rate follows the week costs one
//! draw per attempt.

use crate::scenario::Activity;
use crate::units::{DAY, HOUR, WEEK};

/// When a user's scheduled uses of each app come.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arrivals {
    /// A Poisson stream in working time, this many seconds of activity apart on
    /// average: the mean gap at the week's busiest rate.
    Poisson { mean_gap: f64 },
    /// On the clock, this far apart, within working time: every user on the same tick.
    Clock { every: f64 },
}

impl Arrivals {
    /// The stream at `weight` times the rate (a clock keeps its ticks).
    pub fn weighed(self, weight: f64) -> Self {
        match self {
            Arrivals::Poisson { mean_gap } => Arrivals::Poisson {
                mean_gap: mean_gap / weight,
            },
            clock => clock,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct WorkingSpan {
    start: f64,
    end: f64,
    /// Its rate over the busiest rate of the week (1 for working hours), and
    /// the wall seconds per second of activity, so that `wall_time` multiplies.
    weight: f64,
    pace: f64,
    /// Seconds of activity in the week before this window.
    before: f64,
}

/// Where a stream of attempts stands in the working week: its window, and
/// what `wall_time` needs of it, worked out once per window.
#[derive(Debug, Clone, Copy, Default)]
pub struct WeekCursor {
    window: usize,
    week_start: f64,
    week_active: f64,
    /// The window's seconds of activity in the week before it, its own, its
    /// start in simulation time and its pace.
    before: f64,
    length: f64,
    start: f64,
    pace: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkingWeek {
    windows: Vec<WorkingSpan>,
    /// Seconds of activity in a week, and wall seconds of working time.
    active_per_week: f64,
    working_per_week: f64,
    /// Work around the clock at one rate (see `activity_is_wall_time`).
    around_the_clock: bool,
}

/// A span of the week in simulation time, `start` local `length` long at
/// `weight`, split where it wraps past the week's end.
fn push_span(spans: &mut Vec<(f64, f64, f64)>, local: f64, offset: f64, length: f64, weight: f64) {
    let start = (local - offset).rem_euclid(WEEK);
    let end = start + length;
    if end > WEEK {
        spans.push((start, WEEK, weight));
        spans.push((0.0, end - WEEK, weight));
    } else {
        spans.push((start, end, weight));
    }
}

impl WorkingWeek {
    /// Day 0 of the simulation is a Monday, 00:00 UTC. Working hours and days
    /// are windows of weight 1; a profile's hours each a window weighted by its
    /// rate over the busiest hour's, the hours of no attempts left out.
    pub fn new(a: &Activity) -> Self {
        let offset = a.utc_offset.0;
        let mut spans: Vec<(f64, f64, f64)> = Vec::new();
        match &a.attempts_by_hour {
            Some(profile) => {
                let most = Activity::busiest(profile);
                for (day, row) in profile.iter().enumerate() {
                    for (hour, &rate) in row.iter().enumerate().filter(|(_, r)| **r > 0.0) {
                        let local = day as f64 * DAY + hour as f64 * HOUR;
                        push_span(&mut spans, local, offset, HOUR, rate / most);
                    }
                }
            }
            None => {
                let hours = a.hours();
                let length = (hours.end - hours.start).rem_euclid(DAY);
                let length = if length == 0.0 { DAY } else { length };
                for day in (0..7).filter(|&d| a.days().contains(d)) {
                    push_span(
                        &mut spans,
                        day as f64 * DAY + hours.start,
                        offset,
                        length,
                        1.0,
                    );
                }
            }
        }
        spans.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut windows: Vec<WorkingSpan> = Vec::new();
        let (mut total, mut working) = (0.0, 0.0);
        for (start, end, weight) in spans {
            match windows.last_mut() {
                // Overlapping working hours, or adjacent hours of one rate, merge.
                Some(last) if start <= last.end && weight == last.weight => {
                    total += (end - last.end).max(0.0) * weight;
                    working += (end - last.end).max(0.0);
                    last.end = last.end.max(end);
                }
                _ => {
                    windows.push(WorkingSpan {
                        start,
                        end,
                        weight,
                        pace: 1.0 / weight,
                        before: total,
                    });
                    total += (end - start) * weight;
                    working += end - start;
                }
            }
        }
        let whole = WorkingSpan {
            start: 0.0,
            end: WEEK,
            weight: 1.0,
            pace: 1.0,
            before: 0.0,
        };
        WorkingWeek {
            around_the_clock: windows == [whole],
            windows,
            active_per_week: total,
            working_per_week: working,
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

    /// Whether, from time zero on, `wall_time` of `active` seconds of activity
    /// is `active` itself, bit for bit, so a stream of attempts may skip it:
    /// around the clock at one rate. In week k ≥ 1 `wall_time` computes
    /// kW + (active - kW), whose difference is exact (the two lie within a
    /// factor of two: Sterbenz) and whose sum is then `active` exactly; in
    /// week 0 it adds zeros. Before time zero the sum may round.
    pub fn activity_is_wall_time(&self) -> bool {
        self.around_the_clock
    }

    /// Whether the cohort works around the clock, every day (at whatever rates).
    pub fn always_active(&self) -> bool {
        self.breaks().next().is_none()
    }

    /// The wall time at which `active` seconds of working time have passed since time
    /// zero. Callers ask in increasing order, so the cursor only moves forward and no
    /// division is needed.
    #[inline]
    pub fn wall_time(&self, cursor: &mut WeekCursor, active: f64) -> f64 {
        loop {
            let into = active - cursor.week_active - cursor.before;
            if into < cursor.length {
                return cursor.start + into * cursor.pace;
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
        cursor.length = (w.end - w.start) * w.weight;
        cursor.start = cursor.week_start + w.start;
        cursor.pace = w.pace;
    }

    /// `wall_time` for callers that do not ask in order: the wall time at which
    /// `active` seconds of working time since time zero have passed (negative:
    /// before it).
    pub fn wall_time_at(&self, active: f64) -> f64 {
        let week = (active / self.active_per_week).floor();
        let into = active - week * self.active_per_week;
        let i = self.windows.partition_point(|w| w.before <= into).max(1) - 1;
        let w = &self.windows[i];
        week * WEEK + w.start + (into - w.before) * w.pace
    }

    /// The stretches of working time that meet `[from, to)`, clipped to it, in
    /// time order: windows that follow on from one another (hours of different
    /// rates) make one stretch.
    pub fn windows_between(&self, from: f64, to: f64) -> impl Iterator<Item = (f64, f64)> + '_ {
        let weeks = (from / WEEK).floor() as i64..(to / WEEK).ceil() as i64;
        let n = self.windows.len();
        weeks.flat_map(move |week| {
            let base = week as f64 * WEEK;
            (0..n).filter_map(move |i| {
                let w = &self.windows[i];
                if i > 0 && self.windows[i - 1].end == w.start {
                    return None;
                }
                let mut last = i;
                while last + 1 < n && self.windows[last + 1].start == self.windows[last].end {
                    last += 1;
                }
                let end = self.windows[last].end;
                let (start, end) = ((base + w.start).max(from), (base + end).min(to));
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
            .map(|w| (into.min(w.end) - w.start).max(0.0) * w.weight)
            .sum();
        week * self.active_per_week + in_week
    }

    /// Wall seconds of working time, at whatever rate, inside `[0, t)`: what a
    /// lockout costs the user (`active_before` where every weight is 1).
    pub fn working_before(&self, t: f64) -> f64 {
        let week = (t / WEEK).floor();
        let into = t - week * WEEK;
        let in_week: f64 = self
            .windows
            .iter()
            .map(|w| (into.min(w.end) - w.start).max(0.0))
            .sum();
        week * self.working_per_week + in_week
    }
}

#[cfg(test)]
mod tests;
