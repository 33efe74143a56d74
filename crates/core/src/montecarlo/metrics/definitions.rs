//! Each metric's definition: its name, label, unit, value and where it applies.

use super::{Definition, Extent, Metric, SHARE};
use crate::engine::Tally;
use crate::model::outages::Outages;
use crate::model::{Action, World};
use crate::scenario::Changes;
use crate::units::{DAY, HOUR};

impl Metric {
    /// How a sample of users (`sample_users`) estimates it.
    pub fn extent(self) -> Extent {
        use Metric::*;
        match self {
            Attempts | DelayedAttempts | MfaWaivedSignIns | GaveUpAttempts | ThrottledRequests => {
                Extent::Total
            }
            PeakTokenRequestsPerMin
            | PeakPromptsPerMin
            | PeakMfaPromptsPerMin
            | PeakHelpdeskCallsPerHour
            | RecoveryPeakRequestsPerMin
            | RevocationExposureP95
            | PolicyStalenessP95
            | DelayMeanSeconds
            | RevocationExposureMean
            | BackupRenewalDataAgeMean => Extent::Population,
            _ => Extent::Mean,
        }
    }

    pub fn definition(self) -> Definition {
        let always: fn(&World) -> bool = |_| true;
        let defined = |name, label, unit, value| Definition {
            name,
            label,
            unit,
            headline: false,
            value,
            applies: always,
        };
        match self {
            Metric::Attempts => defined("attempts", "access attempts", "attempts", |t, _, _| {
                t.attempts as f64
            }),
            Metric::DenialRate => defined(
                "denial_rate",
                "denied attempts / attempts",
                SHARE,
                |t, _, _| ratio(t.denied, t.attempts as f64),
            )
            .headline(),
            Metric::IdentityDenialRate => defined(
                "identity_denial_rate",
                "denied for want of a token / attempts",
                SHARE,
                |t, _, _| ratio(t.denied - t.denied_resource, t.attempts as f64),
            ),
            Metric::ResourceDenialRate => defined(
                "resource_denial_rate",
                "denied by an unreachable resource / attempts",
                SHARE,
                |t, _, _| ratio(t.denied_resource, t.attempts as f64),
            )
            .applies(resource_side),
            Metric::DelayedAttempts => defined(
                "delayed_attempts",
                "attempts the client got through on a retry",
                "attempts",
                |t, _, _| t.delayed_attempts as f64,
            ),
            Metric::DelayMeanSeconds => defined(
                "delay_mean_seconds",
                "mean wait of a delayed attempt (seconds)",
                "seconds",
                |t, _, _| ratio(t.delay_ms, t.delayed_attempts as f64) / 1000.0,
            ),
            Metric::UsersLockedOut => defined(
                "users_locked_out",
                "share of users locked out",
                SHARE,
                |t, _, _| ratio(t.users_locked_out, t.users as f64),
            )
            .applies(people)
            .headline(),
            Metric::LockoutHoursPer1kUsers => defined(
                "lockout_hours_per_1k_users",
                "lockout hours per 1,000 users",
                "hours",
                |t, _, _| ratio(t.lockout_ms, t.users as f64) * 1000.0 / (HOUR * 1000.0),
            )
            .applies(people),
            Metric::PromptsPerUserDay => defined(
                "prompts_per_user_day",
                "interactive prompts per user per day",
                "per user-day",
                |t, w, _| ratio(t.prompts, user_days(t.users, w)),
            )
            .applies(people)
            .headline(),
            Metric::MfaPromptsPerUserDay => defined(
                "mfa_prompts_per_user_day",
                "MFA prompts per user per day",
                "per user-day",
                |t, w, _| ratio(t.mfa_prompts, user_days(t.users, w)),
            )
            .applies(people),
            Metric::ContingencySignInsPerUserDay => defined(
                "contingency_sign_ins_per_user_day",
                "sign-ins only a contingency rule let through, per user per day",
                "per user-day",
                |t, w, _| ratio(t.contingency_sign_ins, user_days(t.users, w)),
            )
            .applies(|w| !w.contingency.is_empty()),
            Metric::MfaWaivedSignIns => defined(
                "mfa_waived_sign_ins",
                "sign-ins whose MFA a contingency rule waived",
                "sign-ins",
                |t, _, _| t.mfa_waived as f64,
            )
            .applies(waives_mfa),
            // IdP load: workloads' requests too, so per user or workload.
            Metric::TokenRequestsPerUserDay => defined(
                "token_requests_per_user_day",
                "token requests per user or workload per day",
                "per user-day",
                |t, w, _| ratio(t.token_requests, user_days(t.users + t.workloads, w)),
            ),
            Metric::PeakTokenRequestsPerMin => defined(
                "peak_token_requests_per_min",
                "token requests in the busiest minute",
                "per minute",
                |t, _, _| peak(&t.minute_token_requests),
            ),
            // The storm after recovery: every user whose session lapsed, prompted at once.
            Metric::PeakPromptsPerMin => defined(
                "peak_prompts_per_min",
                "interactive prompts in the busiest minute",
                "per minute",
                |t, _, _| peak(&t.minute_prompts),
            )
            .applies(people),
            Metric::PeakMfaPromptsPerMin => defined(
                "peak_mfa_prompts_per_min",
                "MFA prompts in the busiest minute",
                "per minute",
                |t, _, _| peak(&t.minute_mfa_prompts),
            )
            .applies(people),
            // Hours; zero in a replication without revocations.
            Metric::RevocationExposureMean => defined(
                "revocation_exposure_mean",
                "revocation exposure, mean (hours)",
                "hours",
                |t, _, _| ratio(t.exposure_ms, t.revocations as f64) / (HOUR * 1000.0),
            )
            .applies(revokes),
            Metric::RevocationExposureP95 => defined(
                "revocation_exposure_p95",
                "revocation exposure, 95th percentile (hours)",
                "hours",
                |t, _, _| t.exposure_quantile(0.95) / HOUR,
            )
            .applies(revokes),
            Metric::BackupRenewalsPerUserDay => defined(
                "backup_renewals_per_user_day",
                "backup renewals per user or workload per day",
                "per user-day",
                |t, w, _| ratio(t.backup_renewals, user_days(t.users + t.workloads, w)),
            )
            .applies(|w| w.policy.backup.is_some()),
            Metric::FallbackActiveHours => defined(
                "fallback_active_hours",
                "hours a fallback switch was in effect",
                "hours",
                |_, w, o| o.fallback_hours(w),
            )
            .applies(|w| !w.fallback.is_empty()),
            Metric::WorkloadDenialRate => defined(
                "workload_denial_rate",
                "workloads' denied calls / calls",
                SHARE,
                |t, _, _| ratio(t.workload_denied, t.workload_attempts as f64),
            )
            .applies(|w| w.cohorts.iter().any(|c| c.workloads)),
            Metric::HelpdeskCallsPer1kUsers => defined(
                "helpdesk_calls_per_1k_users",
                "help desk calls per 1,000 users",
                "calls",
                |t, _, _| ratio(t.helpdesk_calls, t.users as f64) * 1000.0,
            )
            .applies(give_up),
            Metric::PeakHelpdeskCallsPerHour => defined(
                "peak_helpdesk_calls_per_hour",
                "help desk calls in the busiest hour",
                "per hour",
                |t, _, _| peak(&t.hour_helpdesk_calls),
            )
            .applies(give_up),
            // Uses a person who had given up never made: not attempts, not denials.
            Metric::GaveUpAttempts => defined(
                "gave_up_attempts",
                "uses not made: the user had given up",
                "attempts",
                |t, _, _| t.gave_up_attempts as f64,
            )
            .applies(give_up),
            // The security side of every token lifetime and sign-in frequency.
            Metric::PolicyStalenessMean => defined(
                "policy_staleness_mean",
                "policy staleness, mean (hours)",
                "hours",
                |t, w, _| t.staleness_mean(&w.policy.changes) / HOUR,
            )
            .applies(people),
            Metric::PolicyStalenessP95 => defined(
                "policy_staleness_p95",
                "policy staleness, 95th percentile (hours)",
                "hours",
                |t, w, _| t.staleness_quantile(&w.policy, 0.95) / HOUR,
            )
            .applies(people),
            // Apart from the mix: a sign-in frequency's own security side.
            Metric::SignInStalenessMean => defined(
                "sign_in_staleness_mean",
                "time to the next interactive sign-in, mean (hours)",
                "hours",
                |t, _, _| t.staleness_mean(&Changes::SIGN_IN) / HOUR,
            )
            .applies(people),
            // Milliseconds per user / 3,600: hours per 1,000 users.
            Metric::MfaWaivedSessionHoursPer1kUsers => defined(
                "mfa_waived_session_hours_per_1k_users",
                "hours of sessions begun with MFA waived, per 1,000 users",
                "hours",
                |t, _, _| ratio(t.mfa_waived_session_ms, t.users as f64) / HOUR,
            )
            .applies(waives_mfa),
            Metric::BackupRenewalDataAgeMean => defined(
                "backup_renewal_data_age_mean",
                "age of the data a backup renewal was judged on, mean (hours)",
                "hours",
                |t, _, _| ratio(t.backup_data_age_ms, t.backup_renewals as f64) / (HOUR * 1000.0),
            )
            .applies(|w| w.policy.backup.as_ref().is_some_and(|b| b.allow)),
            Metric::FallbackSessionHoursPer1kUsers => defined(
                "fallback_session_hours_per_1k_users",
                "hours of sessions begun through a fallback switch, per 1,000 users",
                "hours",
                |t, _, _| ratio(t.fallback_session_ms, t.users as f64) / HOUR,
            )
            .applies(|w| !w.fallback.is_empty()),
            Metric::ThrottledRequests => defined(
                "throttled_requests",
                "requests a capacity turned away",
                "requests",
                |t, _, _| t.throttled as f64,
            )
            .applies(World::throttles),
            // The wave that meets a recovering service: what jitter is for.
            Metric::RecoveryPeakRequestsPerMin => defined(
                "recovery_peak_requests_per_min",
                "requests in the busiest minute just after a recovery",
                "per minute",
                recovery_peak,
            )
            .applies(|w| w.watched.iter().any(|c| c.recovery_window.is_some()))
            .headline(),
        }
    }
}

/// The busiest minute of requests reaching a watched component among the
/// minutes (from time zero) that overlap its recovery window after each
/// recovery (the end of a down window after the warm-up), over every such
/// component; 0 with no recovery.
fn recovery_peak(t: &Tally, w: &World, o: &Outages) -> f64 {
    let minutes = w.load_minutes;
    let mut busiest = 0;
    for (i, watched) in w.watched.iter().enumerate() {
        let Some(window) = watched.recovery_window else {
            continue;
        };
        let load = &t.minute_watched_requests[i * minutes..(i + 1) * minutes];
        let recoveries = o.components[watched.component]
            .windows()
            .iter()
            .map(|d| d.end)
            .filter(|&end| end >= w.warmup && end < w.horizon);
        for end in recoveries {
            let first = (end / 60.0) as usize;
            let last = (((end + window) / 60.0).ceil() as usize).min(minutes);
            busiest = busiest.max(load[first..last].iter().copied().max().unwrap_or(0));
        }
    }
    f64::from(busiest)
}

fn peak(counts: &[u32]) -> f64 {
    f64::from(counts.iter().copied().max().unwrap_or(0))
}

fn ratio(count: u64, of: f64) -> f64 {
    if of > 0.0 { count as f64 / of } else { 0.0 }
}

/// Simulated days of `users` after the warm-up.
fn user_days(users: u64, w: &World) -> f64 {
    users as f64 * w.measured_seconds() / DAY
}

/// The resource side can refuse an access: an app needs components, or checks keys.
fn resource_side(w: &World) -> bool {
    let needs = w
        .cohorts
        .iter()
        .flat_map(|c| &c.apps)
        .any(|a| a.resource.is_some());
    needs || w.apps.iter().any(|a| a.keys.is_some())
}

/// Lockouts and prompts are what people see; a scenario of workloads alone has none.
fn people(w: &World) -> bool {
    w.cohorts.iter().any(|c| !c.workloads)
}

/// People who give up after failures (none where `give_up_after = 0`).
fn give_up(w: &World) -> bool {
    w.cohorts.iter().any(|c| c.people.give_up())
}

/// A contingency rule accepts a compliant device in place of MFA.
fn waives_mfa(w: &World) -> bool {
    w.contingency
        .iter()
        .any(|c| c.action == Action::AcceptCompliantDevice)
}

fn revokes(w: &World) -> bool {
    w.cohorts
        .iter()
        .any(|c| c.revocation_every.is_finite() || !c.revocations_at.is_empty())
}
