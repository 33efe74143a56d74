//! When a cohort works: local working hours, working days and time-zone offset.

use super::duration::{parse_clock, string_serde};
use crate::units::{DAY, HOUR};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

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
