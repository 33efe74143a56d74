//! What the logs must be before a scenario is inferred from them: a span
//! long enough for a profile by hour, and short enough that the scenario's
//! horizon is one `authsim check` accepts (a record dated far away, e.g.
//! 2099 or 1900, is an outlier that would stretch it).

use crate::calendar::{DAY, WEEK};
use authsim_core::error::{Error, Located};
use authsim_core::scenario::limits::MAX_HORIZON_DAYS;
use authsim_signins::write::iso;
use std::path::Path;

/// Shorter logs are refused: not one of each hour of a day was watched.
pub const MIN_SPAN: f64 = DAY;

/// The scenario's horizon in days for logs spanning `span` seconds: whole
/// weeks, plus the warm-up.
pub fn horizon_days(span: f64, warmup_days: u32) -> u32 {
    ((span / WEEK).ceil() as u32).max(1) * 7 + warmup_days
}

/// Refuses logs spanning under a day, or so long that the horizon would pass
/// the core's limit; `logs` names the logs as a whole.
pub fn span(logs: &Path, from: f64, to: f64, warmup_days: u32) -> Result<(), Error> {
    let refuse = |message: String| {
        Err(Error::Import(Located {
            file: logs.to_path_buf(),
            at: None,
            message,
        }))
    };
    let span = to - from;
    let when = format!("from {} to {}", iso(from), iso(to));
    if span < MIN_SPAN {
        return refuse(format!(
            "the sign-ins span {} ({when}): a profile by hour of the week needs at least 1 day \
             of log, and 1 week to see every hour; export a longer period",
            crate::infer::hours(span)
        ));
    }
    if f64::from(horizon_days(span, warmup_days)) > MAX_HORIZON_DAYS {
        return refuse(format!(
            "the sign-ins span {:.0} days ({when}): a scenario's horizon is at most \
             {MAX_HORIZON_DAYS:.0} days with its warm-up; a record dated far from the rest \
             (the first or the last) is an outlier: remove it, or export at most 56 weeks",
            span / DAY
        ));
    }
    Ok(())
}

/// A cohort's users where a registration report was given: those of the
/// report (and how many of them were seen signing in), and those seen
/// signing in only.
pub fn users_with_report(people: &[crate::cohorts::Person]) -> String {
    use crate::people::users;
    use crate::registrations::Source;
    let reported = people.iter().filter(|p| p.source == Source::Report).count();
    let both = people
        .iter()
        .filter(|p| p.source == Source::Report && p.registered_device.is_some())
        .count();
    let only_seen = people.len() - reported;
    format!(
        "{} of the registration report ({both} of them seen signing in) and {} seen signing in only: \
         every registered user holds tokens",
        users(reported),
        users(only_seen)
    )
}

/// A warning where the registration report names none of the users the logs
/// do: exports of two tenants, or of two periods far apart.
pub fn no_shared_users(
    agg: &crate::aggregate::Aggregator,
    report: &crate::infer::Report,
) -> Option<String> {
    let shared = agg
        .users
        .keys()
        .filter(|u| report.users.contains_key(u))
        .count();
    (shared == 0).then(|| {
        format!(
            "WARNING: the registration report ({}) and the sign-in logs ({}) share no user: \
             exports of different tenants? Each cohort holds both, as if one tenant",
            crate::people::users(report.users.len()),
            crate::people::users(agg.users.len())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizon_and_limits() {
        // 3 days: 1 week + 2 days warm-up; 56 weeks: 394 days (under 400); 57: 401.
        assert_eq!(horizon_days(3.0 * DAY, 2), 9);
        assert_eq!(horizon_days(56.0 * WEEK, 2), 394);
        let logs = Path::new("the logs");
        assert!(span(logs, 0.0, 56.0 * WEEK, 2).is_ok());
        let far = span(logs, 0.0, 57.0 * WEEK, 2).unwrap_err().to_string();
        assert!(far.contains("1971-02-04T00:00:00.000Z"), "{far}");
        assert!(far.contains("outlier"), "{far}");
        let short = span(logs, 0.0, 3600.0, 2).unwrap_err().to_string();
        assert!(
            short.contains("from 1970-01-01T00:00:00.000Z to 1970-01-01T01:00:00.000Z"),
            "{short}"
        );
    }
}
