//! Failure schedules from a promised availability: a planner knows the share of
//! time a service is up (its SLA), not its mean time to failure. With an outage
//! count a year, or a repair-time law, it fixes the up/down cycles:
//!
//! - `outages_per_year = n`: mean cycle `YEAR / n`, mean repair `(1 - A) YEAR / n`
//!   (exponential), mean time up `A YEAR / n`;
//! - `time_to_repair = law`: mean time up `MTTR A / (1 - A)`, repairs drawn from the law.
//!
//! Time to failure is exponential with that mean: failures are memoryless, so
//! an outage is as likely in any hour as in any other (docs/model.md).

use super::components::Distribution;
use super::duration::Duration;
use super::limits;
use super::path::{FieldPath, Problem};
use super::spelling::Spelling;
use crate::units::YEAR;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

const FORM: &str = "an availability like \"99.99%\" or 0.9999, strictly between 0 and 1";

/// A promised availability: the long-run share of time up, strictly between 0 and 1,
/// written as a percentage (`"99.99%"`, kept as written) or a plain number.
#[derive(Debug, Clone, Copy)]
pub struct Availability {
    pub share: f64,
    /// The percentage as written; none where a plain number was.
    percent: Option<Spelling>,
}

impl PartialEq for Availability {
    fn eq(&self, other: &Self) -> bool {
        self.share == other.share
    }
}

impl Availability {
    /// A share strictly between 0 and 1, or why it is not one.
    pub fn of(share: f64) -> Result<Availability, String> {
        if share > 0.0 && share < 1.0 {
            Ok(Availability {
                share,
                percent: None,
            })
        } else {
            Err(format!(
                "an availability is strictly between 0 and 1 (0% and 100%), got {share}: \
                 a service never down needs no schedule, one never up is an outage"
            ))
        }
    }

    /// Expected down time a year: 52.56 minutes at 99.99%.
    pub fn down_per_year(&self) -> f64 {
        (1.0 - self.share) * YEAR
    }
}

impl std::str::FromStr for Availability {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let Some(number) = trimmed.strip_suffix('%') else {
            let hint = match trimmed.parse::<f64>() {
                Ok(x) if x > 1.0 => format!(": write \"{trimmed}%\" for a percentage"),
                Ok(_) => format!(": write the share {trimmed} unquoted"),
                Err(_) => String::new(),
            };
            return Err(format!("expected {FORM}, got \"{text}\"{hint}"));
        };
        // Digits with an optional decimal part, as the schema's pattern has it
        // (no sign, exponent or bare point that `f64` would also read).
        let number = number.trim();
        let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let percent: f64 = (digits(whole) && digits(fraction))
            .then(|| number.parse().ok())
            .flatten()
            .ok_or_else(|| format!("expected {FORM}, got \"{text}\""))?;
        let mut a = Availability::of(percent / 100.0).map_err(|_| {
            format!(
                "an availability is strictly between 0% and 100%, got \"{text}\": a component \
                 never down needs no failure schedule (leave `availability` out), one never up \
                 is an outage"
            )
        })?;
        a.percent = Some(Spelling::of(trimmed));
        Ok(a)
    }
}

impl fmt::Display for Availability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.percent {
            Some(spelling) => spelling.write(f, || format!("{}%", self.share * 100.0)),
            None => write!(f, "{}", self.share),
        }
    }
}

impl Serialize for Availability {
    /// As written: a percentage stays a string, a share a number.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.percent {
            Some(_) => s.serialize_str(&self.to_string()),
            None => s.serialize_f64(self.share),
        }
    }
}

impl<'de> Deserialize<'de> for Availability {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Written;
        impl Visitor<'_> for Written {
            type Value = Availability;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(FORM)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Availability, E> {
                text.parse().map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<Availability, E> {
                Availability::of(x).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, x: i64) -> Result<Availability, E> {
                self.visit_f64(x as f64)
            }
            fn visit_u64<E: de::Error>(self, x: u64) -> Result<Availability, E> {
                self.visit_f64(x as f64)
            }
        }
        d.deserialize_any(Written)
    }
}

impl JsonSchema for Availability {
    fn schema_name() -> Cow<'static, str> {
        "Availability".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A promised availability, the long-run share of time up: a percentage (\"99.99%\") or a number strictly between 0 and 1 (0.9999).",
            "examples": ["99.99%", "99.9%", 0.9999],
            "anyOf": [
                { "type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$" },
                { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1 }
            ]
        })
    }
}

/// The up/down laws `availability` gives with `outages_per_year` or a repair law;
/// none where it is given neither (refused by `check`).
pub fn cycle(
    a: Availability,
    outages_per_year: Option<f64>,
    time_to_repair: Option<&Distribution>,
) -> Option<(Distribution, Distribution)> {
    let exponential = |mean: f64| Distribution::Exponential {
        mean: Duration::of(mean),
    };
    let up_per_down = a.share / (1.0 - a.share);
    match (outages_per_year, time_to_repair) {
        (Some(n), _) => {
            let cycle = YEAR / n;
            Some((
                exponential(a.share * cycle),
                exponential((1.0 - a.share) * cycle),
            ))
        }
        (None, Some(repair)) => Some((exponential(repair.mean() * up_per_down), *repair)),
        (None, None) => None,
    }
}

/// Refuses a schedule that gives `availability` with what it fixes, or without
/// what it needs, and `outages_per_year` without it.
pub fn check(
    a: Option<Availability>,
    outages_per_year: Option<f64>,
    time_to_failure: Option<&Distribution>,
    time_to_repair: Option<&Distribution>,
    at: &FieldPath,
) -> Result<(), Problem> {
    let Some(a) = a else {
        return match outages_per_year {
            Some(_) => Err(Problem::new(
                at.key("outages_per_year"),
                "outages_per_year needs the availability it divides: add availability = \"99.99%\" \
                 (or remove it and give time_to_failure and time_to_repair)",
            )),
            None => Ok(()),
        };
    };
    if time_to_failure.is_some() {
        return Err(Problem::new(
            at.key("time_to_failure"),
            format!(
                "availability = {a} fixes the time to failure (exponential, with the mean the availability gives): \
                 remove time_to_failure, or remove availability and give both times by hand"
            ),
        ));
    }
    match (outages_per_year, time_to_repair) {
        (Some(_), Some(_)) => Err(Problem::new(
            at.key("outages_per_year"),
            "give availability either outages_per_year or time_to_repair, not both: \
             each fixes how long repairs take",
        )),
        (None, None) => Err(Problem::new(
            at.key("availability"),
            "availability needs outages_per_year (outages a year on average) or time_to_repair \
             (how long each repair takes) to say how often it fails",
        )),
        (Some(n), None) if !(n.is_finite() && n > 0.0) => Err(Problem::new(
            at.key("outages_per_year"),
            format!("outages_per_year must be a number above 0, got {n}"),
        )),
        (Some(_), None) => Ok(()),
        (None, Some(repair)) => limits::tail(repair, &at.key("time_to_repair")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_and_a_share_are_the_same_promise() {
        let written: Availability = "99.99%".parse().unwrap();
        assert!((written.share - 0.9999).abs() < 1e-15);
        assert_eq!(written.to_string(), "99.99%");
        // 0.01% of 365 days is 52.56 minutes.
        assert!((written.down_per_year() / 60.0 - 52.56).abs() < 1e-6);
        for bad in [
            "99.99", "abc", "100%", "0%", "-5%", "%", "99.9.9%", "+99.9%", "9.99e1%", ".5%",
            "99.%", "inf%",
        ] {
            assert!(bad.parse::<Availability>().is_err(), "{bad:?} accepted");
        }
        assert!(Availability::of(1.0).is_err());
        assert!(Availability::of(0.0).is_err());
    }
}
