//! When a cohort works and how often it tries: local working hours, working
//! days and time-zone offset with a rate or a clock, or a profile of rates by
//! hour of the week; and each app's weight.

use super::Cohort;
use super::defaults;
use super::duration::{Duration, parse_clock, string_serde};
use super::limits;
use super::nearest::did_you_mean;
use super::path::{FieldPath, Problem};
use crate::units::{DAY, HOUR};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Local working hours, "09:00-17:00" where neither this nor
    /// `attempts_by_hour` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    /// Working days, "mon-fri" where neither this nor `attempts_by_hour` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Days>,
    #[serde(default = "defaults::utc_offset")]
    pub utc_offset: UtcOffset,
    /// Access attempts per active hour, for each app (a Poisson stream); 4 where
    /// none of this, `every` and `attempts_by_hour` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_per_hour: Option<f64>,
    /// On the clock instead: a call every this long from midnight UTC, within the
    /// working hours (a cron job), in place of the Poisson stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Duration>,
    /// Or a Poisson stream whose rate follows the week: access attempts for each
    /// app in each local hour, 7 rows (Monday first) of 24 (from 00:00); 0 is
    /// time off. In place of `hours`, `days`, `attempts_per_hour` and `every`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<[[f64; 24]; 7]>")]
    pub attempts_by_hour: Option<Vec<Vec<f64>>>,
    /// The rate of an app's attempts over the cohort's, by app (1 for an app not
    /// named): `{ mail = 1.5, chat = 0.5 }`. Poisson streams only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub app_weights: BTreeMap<String, f64>,
}

impl Default for Activity {
    fn default() -> Self {
        Activity {
            hours: None,
            days: None,
            utc_offset: defaults::utc_offset(),
            attempts_per_hour: None,
            every: None,
            attempts_by_hour: None,
            app_weights: BTreeMap::new(),
        }
    }
}

impl Activity {
    /// Attempts per active hour of a Poisson stream (at the busiest hour of a
    /// profile); `None` on the clock.
    pub fn poisson_rate(&self) -> Option<f64> {
        match (self.every, &self.attempts_by_hour) {
            (Some(_), _) => None,
            (None, Some(profile)) => Some(Activity::busiest(profile)),
            (None, None) => Some(
                self.attempts_per_hour
                    .unwrap_or_else(defaults::attempts_per_hour),
            ),
        }
    }

    /// The highest rate of a profile.
    pub fn busiest(profile: &[Vec<f64>]) -> f64 {
        profile.iter().flatten().copied().fold(0.0, f64::max)
    }

    pub fn hours(&self) -> Hours {
        self.hours.unwrap_or_else(defaults::hours)
    }

    pub fn days(&self) -> Days {
        self.days.unwrap_or_else(defaults::days)
    }

    /// App `app`'s rate over the cohort's.
    pub fn weight(&self, app: &str) -> f64 {
        self.app_weights.get(app).copied().unwrap_or(1.0)
    }

    /// Attempts an app of weight 1 gets in a week, on average.
    pub fn attempts_per_week(&self) -> f64 {
        if let Some(profile) = &self.attempts_by_hour {
            return profile.iter().flatten().sum();
        }
        let hours = self.hours();
        let daily = match hours.end > hours.start {
            true => hours.end - hours.start,
            false => DAY - hours.start + hours.end,
        };
        let working = f64::from(self.days().0.count_ones()) * daily;
        match (self.every, self.poisson_rate()) {
            (Some(every), _) => working / every.0,
            (None, rate) => rate.unwrap_or_default() * working / HOUR,
        }
    }
}

/// Checks what serde cannot: which keys go together, the profile's shape, the weights.
pub(super) fn check(cohort: &Cohort, at: &FieldPath) -> Result<(), Problem> {
    let a = &cohort.activity;
    let most = limits::MAX_ATTEMPTS_PER_HOUR;
    if let Some(profile) = &a.attempts_by_hour {
        let given = [
            ("hours", a.hours.is_some()),
            ("days", a.days.is_some()),
            ("attempts_per_hour", a.attempts_per_hour.is_some()),
            ("every", a.every.is_some()),
        ];
        if let Some((key, _)) = given.iter().find(|(_, given)| *given) {
            return Err(Problem::new(
                at.key(key),
                format!(
                    "attempts_by_hour gives the rate of every hour of the week: remove {key}, or \
                     attempts_by_hour"
                ),
            ));
        }
        by_hour(profile, &at.key("attempts_by_hour"))?;
    }
    if let Some(rate) = a.attempts_per_hour {
        let at = at.key("attempts_per_hour");
        if a.every.is_some() {
            return Err(Problem::new(
                at,
                "give either attempts_per_hour (a Poisson stream) or every (calls on the clock), not both",
            ));
        }
        if !(rate.is_finite() && rate > 0.0 && rate <= most) {
            return Err(Problem::new(
                at,
                format!(
                    "must be a number of access attempts per hour above 0 and at most {most}, got {rate}"
                ),
            ));
        }
    }
    if let Some(every) = a.every
        && every.0 < limits::MIN_CLOCK_PERIOD
    {
        return Err(Problem::new(
            at.key("every"),
            format!("a clock ticks at most every millisecond, got {every}"),
        ));
    }
    if a.days().0 == 0 {
        return Err(Problem::new(
            at.key("days"),
            "name at least one working day",
        ));
    }
    app_weights(cohort, &at.key("app_weights"))
}

/// 7 rows, Monday first, of 24 rates each, none negative and one at least above 0.
fn by_hour(profile: &[Vec<f64>], at: &FieldPath) -> Result<(), Problem> {
    let shape = "give 7 rows (Monday to Sunday, local time) of 24 numbers (attempts in each hour from 00:00)";
    if profile.len() != 7 {
        return Err(Problem::new(
            at.clone(),
            format!("{shape}: this has {} rows", profile.len()),
        ));
    }
    let most = limits::MAX_ATTEMPTS_PER_HOUR;
    for (day, row) in profile.iter().enumerate() {
        if row.len() != 24 {
            return Err(Problem::new(
                at.index(day),
                format!("{shape}: this row has {} numbers", row.len()),
            ));
        }
        if let Some(hour) = row
            .iter()
            .position(|r| !(r.is_finite() && (0.0..=most).contains(r)))
        {
            return Err(Problem::new(
                at.index(day).index(hour),
                format!(
                    "must be a number of access attempts in the hour from 0 to {most}, got {}",
                    row[hour]
                ),
            ));
        }
    }
    if Activity::busiest(profile) <= 0.0 {
        return Err(Problem::new(
            at.clone(),
            "every hour is 0: give some hour of the week an access attempt",
        ));
    }
    Ok(())
}

/// Apps the cohort uses, each weight above 0, and a Poisson stream to weigh.
fn app_weights(cohort: &Cohort, at: &FieldPath) -> Result<(), Problem> {
    let a = &cohort.activity;
    let Some((app, _)) = a.app_weights.iter().next() else {
        return Ok(());
    };
    if a.every.is_some() {
        return Err(Problem::new(
            at.key(app),
            "a clock calls every app on the same tick: remove app_weights, or give a Poisson stream \
             (attempts_per_hour or attempts_by_hour) in place of every",
        ));
    }
    let busiest = a.poisson_rate().unwrap_or_default();
    let most = limits::MAX_ATTEMPTS_PER_HOUR;
    for (app, &weight) in &a.app_weights {
        let at = at.key(app);
        if !cohort.apps.iter().any(|a| a == app) {
            let used = cohort.apps.iter().map(String::as_str);
            return Err(Problem::new(
                at,
                format!(
                    "`{app}` is not one of this cohort's apps ({}){}",
                    cohort.apps.join(", "),
                    did_you_mean(app, used)
                ),
            ));
        }
        if !(weight.is_finite() && weight > 0.0 && weight * busiest <= most) {
            return Err(Problem::new(
                at,
                format!(
                    "must be a multiple of the cohort's rate above 0 that keeps it at most {most} \
                     attempts an hour, got {weight}"
                ),
            ));
        }
    }
    Ok(())
}

/// Local working hours, `"09:00-17:00"`; `"22:00-06:00"` runs past midnight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hours {
    pub start: f64,
    pub end: f64,
}

impl std::str::FromStr for Hours {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let form = "expected working hours like \"09:00-17:00\"";
        let (a, b) = text
            .split_once('-')
            .ok_or_else(|| format!("{form}, got \"{text}\""))?;
        let start = parse_clock(a.trim()).map_err(|e| format!("{form}: {e}"))?;
        let end = parse_clock(b.trim()).map_err(|e| format!("{form}: {e}"))?;
        if start == end || start >= DAY {
            return Err(format!(
                "{form}; \"{text}\" is empty: use \"00:00-24:00\" for all day"
            ));
        }
        Ok(Hours { start, end })
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", clock(self.start), clock(self.end))
    }
}
string_serde!(Hours);

/// A time of day as `parse_clock` reads it back: `09:30`, or `09:30:15`.
fn clock(seconds: f64) -> String {
    let whole = seconds.round() as u32;
    let (h, m, s) = (whole / 3600, whole % 3600 / 60, whole % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// Also the schema's pattern for working days.
pub(super) const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Working days as a bit set, Monday = bit 0: `"mon-fri"`, `"mon,wed,fri"`, `"all"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Days(pub u8);

impl Days {
    pub fn contains(self, weekday: usize) -> bool {
        self.0 & (1 << weekday) != 0
    }
}

impl std::str::FromStr for Days {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text.trim() == "all" {
            return Ok(Days(0x7f));
        }
        let day = |name: &str| {
            DAY_NAMES
                .iter()
                .position(|d| *d == name.trim().to_ascii_lowercase())
                .ok_or_else(|| {
                    format!("expected days like \"mon-fri\" or \"mon,wed,fri\" (mon..sun), got \"{text}\"")
                })
        };
        let mut bits = 0u8;
        for part in text.split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    let (first, last) = (day(a)?, day(b)?);
                    let mut d = first;
                    loop {
                        bits |= 1 << d;
                        if d == last {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                None => bits |= 1 << day(part)?,
            }
        }
        Ok(Days(bits))
    }
}

impl fmt::Display for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = (0..7)
            .filter(|&d| self.contains(d))
            .map(|d| DAY_NAMES[d])
            .collect();
        f.write_str(&names.join(","))
    }
}
string_serde!(Days);

/// Local time minus simulation time (UTC), `"+01:00"`, `"-05:30"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UtcOffset(pub f64);

impl std::str::FromStr for UtcOffset {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("expected a UTC offset like \"+01:00\" or \"-05:30\", got \"{text}\"");
        let sign = match text.chars().next() {
            Some('+') => 1.0,
            Some('-') => -1.0,
            _ => return Err(bad()),
        };
        let seconds = parse_clock(&text[1..]).map_err(|_| bad())?;
        if seconds > 14.0 * HOUR {
            return Err(bad());
        }
        Ok(UtcOffset(sign * seconds))
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0.0 { '-' } else { '+' };
        write!(f, "{sign}{}", clock(self.0.abs()))
    }
}
string_serde!(UtcOffset);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_profiles() {
        let h: Hours = "09:00-17:00".parse().unwrap();
        assert_eq!((h.start, h.end), (9.0 * HOUR, 17.0 * HOUR));
        assert!("09:00-09:00".parse::<Hours>().is_err());
        assert_eq!("mon-fri".parse::<Days>().unwrap().0, 0b0011111);
        assert_eq!("sat-mon".parse::<Days>().unwrap().0, 0b1100001);
        assert!("funday".parse::<Days>().is_err());
        assert_eq!("-05:30".parse::<UtcOffset>().unwrap().0, -5.5 * HOUR);
        assert_eq!("+01:00".parse::<UtcOffset>().unwrap().to_string(), "+01:00");
        for text in ["09:00:00-09:00:01", "22:30-06:00", "00:00-24:00"] {
            let back = text.parse::<Hours>().unwrap().to_string().parse::<Hours>();
            assert_eq!(back.unwrap(), text.parse::<Hours>().unwrap(), "{text}");
        }
    }
}
