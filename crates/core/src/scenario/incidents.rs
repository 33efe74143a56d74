//! The identity provider's public incidents a scenario can replay as a fixed
//! outage (`outages = [{ incident = "2018-11-19-mfa" }]`): one table, each entry
//! with its UTC window and the provider's report it comes from. Only what a
//! source says is here; where the report gives no share of tenants, neither does
//! the entry.
//!
//! A replay takes the component named down for the whole window, for every
//! user: where the incident hit only some tenants, regions or requests, that is
//! the worst case for a tenant it hit.

use super::nearest::did_you_mean;
use crate::units::{DAY, HOUR, MINUTE, WEEK};

/// One incident, as its report gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Incident {
    /// How a scenario names it: the first day and what failed.
    pub id: &'static str,
    /// The start, UTC: "YYYY-MM-DD HH:MM".
    pub start: &'static str,
    /// The end (mitigated for the users it hit), UTC, as `start`.
    pub end: &'static str,
    /// The scenario component it takes down (the bundled scenarios' name).
    pub component: &'static str,
    /// What failed, in the provider's words.
    pub failed: &'static str,
    /// Whom it hit: regions, the share of tenants or requests, as the report says.
    pub scope: &'static str,
    pub summary: &'static str,
    /// The provider's report (or the status-history entry as reproduced where the
    /// provider no longer keeps it), and where it is.
    pub source: &'static str,
    pub url: &'static str,
}

/// Every incident, oldest first.
pub const INCIDENTS: [Incident; 5] = [
    Incident {
        id: "2018-04-06-auth",
        start: "2018-04-06 08:30",
        end: "2018-04-06 11:30",
        component: "token_service",
        failed: "Azure AD authentication",
        scope: "a subset of customers in East Asia and Europe",
        summary: "instances of a back-end service that processes authentication requests became unhealthy; engineers recovered it",
        source: "Azure status history, preliminary root cause (as reproduced; Microsoft keeps RCAs only from 20 Nov 2019)",
        url: "https://dawnbringer.net/blog/1054/Azure_Authentication_Errors",
    },
    Incident {
        id: "2018-11-19-mfa",
        start: "2018-11-19 04:39",
        end: "2018-11-19 18:38",
        component: "mfa_service",
        failed: "Azure AD Multi-Factor Authentication",
        scope: "users in the Americas, Asia and Europe signing in where policy required MFA",
        summary: "a code update to the MFA front end, tripped by peak traffic in West Europe, left the MFA back end unable to process requests",
        source: "Azure status history and root cause analysis (as reported by Redmond Magazine)",
        url: "https://redmondmag.com/articles/2018/11/27/microsoft-restores-azure-mfa.aspx",
    },
    Incident {
        id: "2018-11-27-mfa",
        start: "2018-11-27 14:25",
        end: "2018-11-27 17:08",
        component: "mfa_service",
        failed: "Azure AD Multi-Factor Authentication",
        scope: "customers signing in where policy required MFA; intermittent",
        summary: "a DNS issue left the MFA back-end infrastructure unhealthy; back-end services were cycled region by region",
        source: "Azure status history, preliminary root cause (as quoted by Sophos)",
        url: "https://news.sophos.com/en-us/2018/11/29/microsofts-office-365-mfa-security-crashes-for-second-time/",
    },
    Incident {
        id: "2020-09-28-auth",
        start: "2020-09-28 21:25",
        end: "2020-09-29 00:23",
        component: "token_service",
        failed: "Azure AD authentication",
        scope: "every region; all Microsoft and third-party apps that depend on Azure AD (tracking ID SM79-F88)",
        summary: "a service update meant for an internal test ring reached production through a defect in the safe deployment system and had to be rolled back by hand",
        source: "Azure status history, root cause analysis SM79-F88 (as reproduced by Build5Nines)",
        url: "https://build5nines.com/azure-ad-is-down-blocking-access-to-azure-teams-and-more-september-28-2020-microsoft-azure-outage/",
    },
    Incident {
        id: "2020-12-14-auth",
        start: "2020-12-14 08:01",
        end: "2020-12-14 09:20",
        component: "token_service",
        failed: "Azure AD authentication",
        scope: "users in Europe served by one back-end scale unit; authentication in Europe fell to a 95.85% success rate (tracking ID PS0T-790)",
        summary: "high thread contention on one back-end scale unit after a service topology change; requests were spread over more storage units",
        source: "Azure status history, root cause analysis PS0T-790",
        url: "https://status.azure.com/en-gb/status/history/",
    },
];

/// The incident named `id`, if the library has it.
pub fn find(id: &str) -> Option<&'static Incident> {
    INCIDENTS.iter().find(|i| i.id == id)
}

/// Why `id` names no incident: the nearest id, or every one where none is near,
/// and where they are listed in full.
pub fn unknown(id: &str) -> String {
    let ids = || INCIDENTS.iter().map(|i| i.id);
    let hint = match did_you_mean(id, ids()) {
        near if near.is_empty() => format!(": one of {}", ids().collect::<Vec<_>>().join(", ")),
        near => near,
    };
    format!("no incident \"{id}\" in the library (`authsim incidents` lists them){hint}")
}

impl Incident {
    /// Seconds from the Unix epoch to the start.
    pub fn start_seconds(&self) -> f64 {
        utc_seconds(self.start)
    }

    /// How long it lasted, in seconds: end minus start.
    pub fn duration(&self) -> f64 {
        utc_seconds(self.end) - self.start_seconds()
    }

    /// The day of the week it started, Monday 0 to Sunday 6 (UTC).
    pub fn weekday(&self) -> u32 {
        // The epoch, 1970-01-01, was a Thursday (3 counted from Monday).
        ((self.start_seconds() / DAY).floor() as i64 + 3).rem_euclid(7) as u32
    }

    /// The start's UTC time of day, in seconds.
    pub fn time_of_day(&self) -> f64 {
        self.start_seconds().rem_euclid(DAY)
    }

    /// Where a replay starts when the scenario gives no `start`: at the
    /// incident's own weekday and UTC time of day, in the first week where that
    /// falls at or after the warm-up (the simulation starts on a Monday 00:00 UTC).
    pub fn default_start(&self, warmup: f64) -> f64 {
        let first = f64::from(self.weekday()) * DAY + self.time_of_day();
        let weeks = ((warmup - first) / WEEK).ceil().max(0.0);
        first + weeks * WEEK
    }
}

/// "YYYY-MM-DD HH:MM" UTC as seconds from the Unix epoch; the table is written
/// by hand and checked by the tests, so a malformed entry is a bug.
fn utc_seconds(text: &str) -> f64 {
    let number = |range: std::ops::Range<usize>| -> i64 {
        text.get(range)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("an incident's time is YYYY-MM-DD HH:MM, got {text:?}"))
    };
    let days = days_from_civil(number(0..4), number(5..7), number(8..10));
    days as f64 * DAY + number(11..13) as f64 * HOUR + number(14..16) as f64 * MINUTE
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_from_the_epoch() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        // 2018-11-19 was a Monday, 2018-04-06 a Friday.
        assert_eq!(find("2018-11-19-mfa").unwrap().weekday(), 0);
        assert_eq!(find("2018-04-06-auth").unwrap().weekday(), 4);
    }

    #[test]
    fn an_unknown_id_gets_the_nearest_or_every_one() {
        assert!(unknown("2018-11-19-mfx").ends_with("did you mean `2018-11-19-mfa`?"));
        assert!(unknown("2020-09-28-AUTH").ends_with("did you mean `2020-09-28-auth`?"));
        let far = unknown("the-big-one");
        assert!(INCIDENTS.iter().all(|i| far.contains(i.id)), "{far}");
    }
}
