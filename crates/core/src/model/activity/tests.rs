//! The working week against hand-worked cases: office hours, time zones,
//! overnight shifts, clocks, and profiles of rates by hour.

use super::*;
use crate::units::HOUR;

fn week(hours: &str, days: &str, offset: &str) -> WorkingWeek {
    WorkingWeek::new(&Activity {
        hours: Some(hours.parse().unwrap()),
        days: Some(days.parse().unwrap()),
        utc_offset: offset.parse().unwrap(),
        attempts_per_hour: Some(1.0),
        ..Activity::default()
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

fn profile(rates: &[(usize, usize, f64)], offset: &str) -> WorkingWeek {
    let mut by_hour = vec![vec![0.0; 24]; 7];
    for &(day, hour, rate) in rates {
        by_hour[day][hour] = rate;
    }
    WorkingWeek::new(&Activity {
        utc_offset: offset.parse().unwrap(),
        attempts_by_hour: Some(by_hour),
        ..Activity::default()
    })
}

#[test]
fn a_profile_weighs_each_hour_by_its_rate() {
    // Monday 09:00 at 2 an hour, 10:00 at 1: the second hour holds half an
    // hour of activity at the busiest rate, 5400 s in all.
    let w = profile(&[(0, 9, 2.0), (0, 10, 1.0)], "+00:00");
    assert_eq!(w.active_per_week(), 5400.0);
    let mut c = w.cursor();
    assert_eq!(w.wall_time(&mut c, 0.0), 9.0 * HOUR);
    assert_eq!(w.wall_time(&mut c, 3600.0 + 900.0), 10.0 * HOUR + 1800.0);
    assert_eq!(w.wall_time(&mut c, 5400.0 + 10.0), WEEK + 9.0 * HOUR + 10.0);
    assert_eq!(w.wall_time_at(3600.0 + 900.0), 10.0 * HOUR + 1800.0);
    assert_eq!(w.active_before(10.5 * HOUR), 4500.0);
    assert_eq!(w.active_before(WEEK + 10.5 * HOUR), 5400.0 + 4500.0);
    assert_eq!(
        w.working_before(WEEK + 10.5 * HOUR),
        2.0 * HOUR + 1.5 * HOUR
    );
    // The two hours are one stretch of work, with no break between them.
    let stretches: Vec<_> = w.windows_between(0.0, WEEK).collect();
    assert_eq!(stretches, [(9.0 * HOUR, 11.0 * HOUR)]);
    assert!(!w.always_active() && w.is_active(10.5 * HOUR) && !w.is_active(11.5 * HOUR));
    assert_eq!(w.longest_break(), WEEK - 2.0 * HOUR);
    // Local Monday 00:00-02:00 in UTC+01:00 is Sunday 23:00 to Monday 01:00
    // UTC: the week's first hour of activity is Monday 00:00 UTC, its second
    // the last hour of the week.
    let early = profile(&[(0, 0, 4.0), (0, 1, 4.0)], "+01:00");
    assert_eq!(early.wall_time_at(0.0), 0.0);
    assert_eq!(early.wall_time_at(HOUR + 60.0), WEEK - HOUR + 60.0);
    assert!(!early.always_active() && early.is_active(WEEK - 1.0));
}

#[test]
fn a_flat_profile_is_the_working_hours_it_spells() {
    let office: Vec<(usize, usize, f64)> = (0..5)
        .flat_map(|d| (9..17).map(move |h| (d, h, 1.0)))
        .collect();
    for offset in ["+00:00", "-05:30", "+09:00"] {
        assert_eq!(
            profile(&office, offset),
            week("09:00-17:00", "mon-fri", offset)
        );
    }
    let one_hour = profile(&[(0, 0, 3.0)], "+00:00");
    assert!(!one_hour.always_active());
    assert_eq!(one_hour.active_per_week(), HOUR);
    let mut all = Vec::new();
    for d in 0..7 {
        for h in 0..24 {
            all.push((d, h, 1.0 + (h % 3) as f64));
        }
    }
    let busy = profile(&all, "+02:00");
    assert!(busy.always_active());
    // 8 hours each at 1/3, 2/3 and 1 of the busiest rate a day: 16 h, 112 h a week.
    assert!((busy.active_per_week() - 112.0 * HOUR).abs() < 1e-6);
}

/// Around the clock at one rate, whatever the time zone or however it is
/// spelled, `wall_time` is the activity itself bit for bit from time zero on
/// (weeks far out included), and only there is it said to be.
#[test]
fn around_the_clock_activity_is_wall_time() {
    let flat: Vec<(usize, usize, f64)> = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h, 2.0)))
        .collect();
    let weeks = [
        week("00:00-24:00", "all", "+00:00"),
        week("00:00-24:00", "all", "-05:30"),
        week("00:00-24:00", "mon-sun", "+09:45"),
        profile(&flat, "+01:00"),
    ];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for w in &weeks {
        assert!(w.activity_is_wall_time(), "{w:?}");
        let mut cursor = w.cursor();
        let mut active = 0.0;
        while active < 60.0 * WEEK {
            assert_eq!(w.wall_time(&mut cursor, active).to_bits(), active.to_bits());
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            // Gaps from microseconds to hours, at every fraction a draw gives.
            active += (x >> 11) as f64 / (1u64 << 53) as f64
                * [1e-6, 1.0, 900.0, 7200.0][(x & 3) as usize];
        }
    }
    let shifts = profile(&[(0, 0, 1.0), (0, 1, 2.0)], "+00:00");
    assert!(!shifts.activity_is_wall_time());
    assert!(!week("09:00-17:00", "all", "+00:00").activity_is_wall_time());
    let busy: Vec<(usize, usize, f64)> = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h, 1.0 + (h % 2) as f64)))
        .collect();
    assert!(!profile(&busy, "+00:00").activity_is_wall_time());
}
