//! Service principals and managed identities: a `kind = "workloads"` cohort
//! each, its app of the matching kind, its use rate by the renewal equation
//! with the kind's token lifetime (1 hour for a client secret, 24 hours for a
//! managed identity: the core's defaults).

use crate::activity::{self, AppRates};
use crate::aggregate::Aggregator;
use crate::calendar::HOUR;
use crate::model::{AppOut, CohortOut, Noted};
use crate::renewal::Lifetime;
use crate::summary::CohortFit;

/// (app kind, cohort, app, lifetime, what the records are, their plural).
const KINDS: [(&str, &str, &str, f64, &str, &str); 2] = [
    (
        "client_secret",
        "workloads_client_secret",
        "service_principals",
        HOUR,
        "service principal",
        "service principals",
    ),
    (
        "managed_identity",
        "workloads_managed_identity",
        "managed_identities",
        24.0 * HOUR,
        "managed identity",
        "managed identities",
    ),
];

pub fn cohorts(
    agg: &Aggregator,
    watched: &[f64],
    weeks: f64,
    span_note: &str,
    utc_offset: &Noted<f64>,
) -> (Vec<AppOut>, Vec<CohortOut>, Vec<CohortFit>) {
    let (mut apps, mut cohorts, mut fits) = (Vec::new(), Vec::new(), Vec::new());
    for (kind, cohort, app, life, what, whats) in KINDS {
        let Some(w) = agg.workloads.get(kind).filter(|w| !w.identities.is_empty()) else {
            continue;
        };
        let users = w.identities.len();
        let hourly = activity::observed(&w.hours, users as f64, watched);
        let mut fit = activity::fit(
            vec![AppRates {
                name: app.to_string(),
                observed: pooled(&w.hours, users as f64, watched),
                lifetime: Lifetime {
                    min: life,
                    max: life,
                },
                fine: None,
            }],
            weeks,
        );
        // The report compares the flat fit with each hour as logged.
        fit.apps[0].observed = hourly;
        let mut note = vec![
            format!("{} successful {what} sign-ins in {span_note}", w.sign_ins),
            format!(
                "one rate in every hour: a workload asks for a token once per lifetime ({}), \
                 so the hours' counts say little of its use; the week's mean does",
                if life > HOUR { "24 h" } else { "1 h" }
            ),
        ];
        if fit.capped[0] > 0 {
            note.push(format!(
                "{} of 2016 five-minute bins requested tokens more often than a cached token allows: use rate capped there",
                fit.capped[0]
            ));
        }
        apps.push(AppOut {
            name: app.to_string(),
            kind: Noted::seen(kind, format!("{what} sign-ins")),
            cae_capable: false,
        });
        fits.push(CohortFit {
            name: cohort.to_string(),
            users: users as u32,
            utc_offset_hours: utc_offset.value / HOUR,
            apps: fit.apps,
            evidence: note.clone(),
        });
        cohorts.push(CohortOut {
            name: cohort.to_string(),
            workloads: true,
            users: Noted::seen(users as u32, format!("distinct {whats} seen")),
            guest: false,
            device: None,
            sign_in_frequency: None,
            registrations: Vec::new(),
            registrations_note: Vec::new(),
            apps: vec![app.to_string()],
            attempts_by_hour: fit.profile,
            app_weights: Vec::new(),
            utc_offset: utc_offset.clone(),
            activity_note: note,
        });
    }
    (apps, cohorts, fits)
}

/// The log's mean token requests per workload per hour, in every watched
/// hour of the week (0 in hours never watched): a workload renews once per
/// token lifetime, so an hour's count is nearly 1 whatever its use and only
/// the mean over the whole log carries the use rate (renewal equation).
fn pooled(counts: &[f64], users: f64, exposure: &[f64]) -> Vec<f64> {
    let watched: f64 = exposure.iter().sum();
    let mean = if watched > 0.0 {
        counts.iter().sum::<f64>() / (users * watched)
    } else {
        0.0
    };
    exposure
        .iter()
        .map(|e| if *e > 0.0 { mean } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mean_rate_over_the_watched_hours() {
        // 2 workloads, 3 hours watched twice and one never: 12 requests in
        // 2 x 6 watched hours = 1 an hour, everywhere watched.
        let rates = pooled(&[2.0, 6.0, 4.0, 0.0], 2.0, &[2.0, 2.0, 2.0, 0.0]);
        assert_eq!(rates, [1.0, 1.0, 1.0, 0.0]);
    }
}
