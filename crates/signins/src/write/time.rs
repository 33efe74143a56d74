//! Simulation time as a log's `createdDateTime`: time zero is a Monday at
//! midnight UTC (the scenario's weeks start on Monday), by default 2024-01-01.

use std::fmt::Write as _;

/// Time zero when no start is given: Monday 2024-01-01 00:00 UTC, in seconds
/// since 1970 (the simulation's weeks start on a Monday).
pub const DEFAULT_START: i64 = 1_704_067_200;

/// `--sign-in-log-start`: a date `YYYY-MM-DD` that is a Monday, as seconds
/// since 1970 at its midnight UTC.
pub fn parse_start(text: &str) -> Result<i64, String> {
    let usage = || format!("{text}: give a Monday as YYYY-MM-DD, e.g. 2024-01-01");
    let mut parts = text.trim().splitn(3, '-');
    let mut number = || parts.next().and_then(|p| p.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d)) = (number(), number(), number()) else {
        return Err(usage());
    };
    let days = days_from_civil(y, m, d).ok_or_else(usage)?;
    // 1970-01-01 was a Thursday: day 4 is a Monday.
    if (days - 4).rem_euclid(7) != 0 {
        return Err(format!(
            "{text} is not a Monday: the simulation's weeks start on Monday 00:00 UTC; give a Monday as YYYY-MM-DD"
        ));
    }
    Ok(days * 86_400)
}

/// The first instant `createdDateTime` cannot hold: 10000-01-01 00:00 UTC, in
/// seconds since 1970 (its year has four digits).
const END: i64 = 253_402_300_800;

/// Refuses a start (seconds since 1970, from `parse_start`) whose log of
/// `horizon` seconds would run past 9999-12-31; names the latest Monday that fits.
pub fn check_span(start: i64, horizon: f64) -> Result<(), String> {
    if start as f64 + horizon <= END as f64 {
        return Ok(());
    }
    let days = (END as f64 - horizon).div_euclid(86_400.0) as i64;
    let monday = days - (days - 4).rem_euclid(7);
    let (y, m, d) = civil_from_days(monday);
    Err(format!(
        "the log's {:.0} days from it run past 9999-12-31, the last day createdDateTime holds (four-digit years); give a Monday on or before {y:04}-{m:02}-{d:02}",
        (horizon / 86_400.0).ceil()
    ))
}

/// Seconds since 1970 as ISO 8601 in UTC (messages naming a time).
pub fn iso(t: f64) -> String {
    let mut s = String::new();
    write_time(&mut s, 0, t);
    s
}

/// `createdDateTime`: ISO 8601 in UTC with milliseconds and `Z`.
pub(super) fn write_time(s: &mut String, start: i64, t: f64) {
    let ms = start * 1000 + (t * 1000.0).round() as i64;
    let (days, ms) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, min, sec, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let _ = write!(
        s,
        "{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{sec:02}.{milli:03}Z"
    );
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
/// (H. Hinnant's algorithm); `None` for a month or day out of range.
fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_mondays() {
        assert_eq!(parse_start("2024-01-01"), Ok(DEFAULT_START));
        assert!(
            parse_start("2024-01-02")
                .unwrap_err()
                .contains("not a Monday")
        );
        assert!(parse_start("2024-02-30").is_err());
        assert!(parse_start("soon").is_err());
        let mut s = String::new();
        // 2024 is a leap year: day 59 after 1 January is 29 February.
        write_time(&mut s, DEFAULT_START, 59.0 * 86_400.0 + 3_723.456_7);
        assert_eq!(s, "2024-02-29T01:02:03.457Z");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(10_000, 1, 1), Some(END / 86_400));
        // 9999-12-27 is a Monday (12-31 a Friday): 5 days fit, 6 do not.
        let last = parse_start("9999-12-27").unwrap();
        assert_eq!(check_span(last, 5.0 * 86_400.0), Ok(()));
        let refused = check_span(last, 14.0 * 86_400.0).unwrap_err();
        assert!(refused.contains("on or before 9999-12-13"), "{refused}");
    }
}
