//! Human time strings: `"90m"`, `"14d"`, `"1h30m"`, `"2d 09:00"`, `"60m..90m"`, `"never"`.
//!
//! Internally every time is `f64` seconds since the simulation start (a Monday 00:00).

use super::limits::MAX_DURATION_DAYS;
use super::spelling::{Spelling, equal_by_value};
use crate::units::{DAY, HOUR, MINUTE, WEEK};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

const FORM: &str = "a duration like \"90m\", \"14d\", \"1h30m\" or \"2d 09:00\"";

/// Parses a non-negative span of time; the caller decides whether zero is allowed.
pub fn parse_seconds(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("expected {FORM}, got an empty string"));
    }
    if trimmed.starts_with('-') {
        return Err(format!("expected {FORM}, got the negative \"{text}\""));
    }
    let mut total = 0.0;
    for word in trimmed.split_whitespace() {
        total += if word.contains(':') {
            parse_clock(word).map_err(|_| format!("expected {FORM}, got \"{text}\""))?
        } else {
            parse_units(word).ok_or_else(|| format!("expected {FORM}, got \"{text}\""))?
        };
    }
    if total > MAX_DURATION_DAYS * DAY {
        return Err(format!(
            "\"{text}\" is longer than the {MAX_DURATION_DAYS}d a scenario can name; use \"never\" where the setting allows it"
        ));
    }
    Ok(total)
}

/// `HH:MM` or `HH:MM:SS`, up to 24:00.
pub fn parse_clock(word: &str) -> Result<f64, String> {
    let bad = || format!("expected a time of day like \"09:00\", got \"{word}\"");
    let parts: Vec<&str> = word.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return Err(bad());
    }
    let mut fields = [0u32; 3];
    for (slot, part) in fields.iter_mut().zip(&parts) {
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        *slot = part.parse().map_err(|_| bad())?;
    }
    let [h, m, s] = fields;
    let seconds = f64::from(h) * HOUR + f64::from(m) * MINUTE + f64::from(s);
    if m >= 60 || s >= 60 || seconds > DAY {
        return Err(bad());
    }
    Ok(seconds)
}

/// The units a duration may be written in, with their length in seconds (also
/// the schema's pattern for a duration).
pub(super) const UNITS: [(&str, f64); 21] = [
    ("d", DAY),
    ("day", DAY),
    ("days", DAY),
    ("h", HOUR),
    ("hr", HOUR),
    ("hour", HOUR),
    ("hours", HOUR),
    ("m", MINUTE),
    ("min", MINUTE),
    ("mins", MINUTE),
    ("minute", MINUTE),
    ("minutes", MINUTE),
    ("s", 1.0),
    ("sec", 1.0),
    ("secs", 1.0),
    ("second", 1.0),
    ("seconds", 1.0),
    ("ms", 0.001),
    ("w", WEEK),
    ("week", WEEK),
    ("weeks", WEEK),
];

/// One or more `<number><unit>` pairs written together, e.g. `3h07m`.
fn parse_units(word: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = word;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|&i| i > 0)?;
        let number: f64 = rest[..digits].parse().ok()?;
        let after = &rest[digits..];
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (_, scale) = UNITS.iter().find(|(name, _)| *name == &after[..unit_len])?;
        total += number * scale;
        rest = &after[unit_len..];
    }
    total.is_finite().then_some(total)
}

/// Writes seconds back in the shortest form the parser reads: `3h7m`, `2d9h`, `90s`.
pub fn format_seconds(seconds: f64) -> String {
    if seconds == 0.0 {
        return "0s".to_string();
    }
    let whole = seconds.round();
    if (seconds - whole).abs() > 1e-9 || whole == 0.0 {
        return format!("{seconds}s");
    }
    let mut left = whole as u64;
    let mut out = String::new();
    for (unit, size) in [("d", 86_400u64), ("h", 3600), ("m", 60), ("s", 1)] {
        if left >= size {
            out.push_str(&format!("{}{unit}", left / size));
            left %= size;
        }
    }
    out
}

/// Serde through `FromStr`/`Display`, so files and resolved output share one spelling.
macro_rules! string_serde {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_serde;

/// A strictly positive length of time.
#[derive(Debug, Clone, Copy)]
pub struct Duration(pub f64, pub Spelling);
equal_by_value!(Duration, 0);

impl Duration {
    pub const fn of(seconds: f64) -> Duration {
        Duration(seconds, Spelling::NONE)
    }
}

impl std::str::FromStr for Duration {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let seconds = parse_seconds(text)?;
        if seconds <= 0.0 {
            return Err(format!(
                "a duration must be longer than zero, got \"{text}\""
            ));
        }
        Ok(Duration(seconds, Spelling::of(text)))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.1.write(f, || format_seconds(self.0))
    }
}
string_serde!(Duration);

/// A point in simulated time counted from the start; zero allowed.
#[derive(Debug, Clone, Copy)]
pub struct Offset(pub f64, pub Spelling);
equal_by_value!(Offset, 0);

impl Offset {
    pub const fn of(seconds: f64) -> Offset {
        Offset(seconds, Spelling::NONE)
    }
}

impl std::str::FromStr for Offset {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        parse_seconds(text).map(|seconds| Offset(seconds, Spelling::of(text)))
    }
}

impl fmt::Display for Offset {
    /// Canonically a day and a clock time, midnight too: `2d 00:00`, `1d 01:05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.1.write(f, || {
            let days = (self.0 / DAY).floor();
            let clock = self.0 - days * DAY;
            if self.0 >= DAY && clock.rem_euclid(MINUTE) == 0.0 {
                let minutes = (clock / MINUTE) as u64;
                format!("{}d {:02}:{:02}", days as u64, minutes / 60, minutes % 60)
            } else {
                format_seconds(self.0)
            }
        })
    }
}
string_serde!(Offset);

/// A token lifetime: fixed (`"75m"`) or drawn uniformly from a range (`"60m..90m"`).
#[derive(Debug, Clone, Copy)]
pub struct Lifetime {
    pub min: f64,
    pub max: f64,
    pub spelling: Spelling,
}
equal_by_value!(Lifetime, min, max);

impl Lifetime {
    pub const fn between(min: f64, max: f64) -> Lifetime {
        Lifetime {
            min,
            max,
            spelling: Spelling::NONE,
        }
    }
}

impl std::str::FromStr for Lifetime {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let (min, max) = match text.split_once("..") {
            Some((_, hi)) if hi.starts_with('.') => {
                return Err(format!(
                    "expected a lifetime like \"75m\" or a range like \"60m..90m\", got \"{text}\""
                ));
            }
            Some((lo, hi)) => (lo.parse::<Duration>()?.0, hi.parse::<Duration>()?.0),
            None => {
                let fixed = text.parse::<Duration>()?.0;
                (fixed, fixed)
            }
        };
        if min > max {
            return Err(format!(
                "the range \"{text}\" runs backwards: write the shorter lifetime first"
            ));
        }
        Ok(Lifetime {
            min,
            max,
            spelling: Spelling::of(text),
        })
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.spelling.write(f, || {
            if self.min == self.max {
                format_seconds(self.min)
            } else {
                format!("{}..{}", format_seconds(self.min), format_seconds(self.max))
            }
        })
    }
}
string_serde!(Lifetime);

/// A duration that may be switched off with `"never"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    Never,
    After(Duration),
}

impl Limit {
    /// Seconds, with `never` as infinity so comparisons need no special case.
    pub fn seconds(self) -> f64 {
        match self {
            Limit::Never => f64::INFINITY,
            Limit::After(d) => d.0,
        }
    }
}

impl std::str::FromStr for Limit {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text.trim() == "never" {
            return Ok(Limit::Never);
        }
        text.parse()
            .map(Limit::After)
            .map_err(|e: String| e.replacen(FORM, &format!("{FORM}, or \"never\""), 1))
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Never => f.write_str("never"),
            Limit::After(d) => d.fmt(f),
        }
    }
}
string_serde!(Limit);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_clock() {
        assert_eq!(parse_seconds("90m").unwrap(), 5400.0);
        assert_eq!(parse_seconds("3h07m").unwrap(), 11_220.0);
        assert_eq!(parse_seconds("3h7m").unwrap(), 11_220.0);
        assert_eq!(parse_seconds("2d 09:00").unwrap(), 2.0 * DAY + 9.0 * HOUR);
        assert_eq!(parse_seconds("1.5h").unwrap(), 5400.0);
        assert_eq!(parse_seconds("0d").unwrap(), 0.0);
    }

    #[test]
    fn rejects_nonsense_zero_and_negative() {
        for bad in ["", "8x", "h", "-5m", "10", "25:00", "1h 9:75"] {
            assert!(parse_seconds(bad).is_err(), "{bad:?} accepted");
        }
        assert!("0m".parse::<Duration>().is_err());
        assert!("-1h".parse::<Duration>().is_err());
        assert!("0m".parse::<Offset>().is_ok());
    }

    #[test]
    fn lifetimes_and_limits() {
        let range: Lifetime = "60m..90m".parse().unwrap();
        assert_eq!((range.min, range.max), (3600.0, 5400.0));
        assert!("90m..60m".parse::<Lifetime>().is_err());
        assert_eq!("never".parse::<Limit>().unwrap().seconds(), f64::INFINITY);
        assert_eq!(range.to_string(), "60m..90m");
        assert_eq!(Lifetime::between(3600.0, 5400.0).to_string(), "1h..1h30m");
    }

    #[test]
    fn formatting_round_trips() {
        for text in ["3h7m", "14d", "1d1h1m1s", "45s", "0.5s", "0.0000000001s"] {
            let seconds = parse_seconds(text).unwrap();
            assert_eq!(parse_seconds(&format_seconds(seconds)).unwrap(), seconds);
        }
        assert_eq!(Offset::of(2.0 * DAY + 9.0 * HOUR).to_string(), "2d 09:00");
        assert_eq!(Offset::of(3.0 * DAY).to_string(), "3d 00:00");
        assert_eq!(Offset::of(5.0 * HOUR).to_string(), "5h");
    }

    #[test]
    fn times_keep_the_planners_spelling() {
        for text in ["3h07m", "1d 01:05", "90m", "1h 30m"] {
            assert_eq!(text.parse::<Duration>().unwrap().to_string(), text);
            assert_eq!(text.parse::<Offset>().unwrap().to_string(), text);
        }
        assert_eq!(" 8h ".parse::<Limit>().unwrap().to_string(), "8h");
        // Equal by value, however written; too long to keep: canonical.
        assert_eq!("3h07m".parse::<Duration>(), "3h7m".parse::<Duration>());
        let long = "1day 2hours 3minutes 4seconds 0ms";
        assert_eq!(long.parse::<Duration>().unwrap().to_string(), "1d2h3m4s");
    }
}
