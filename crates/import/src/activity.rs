//! Per cohort: the observed sign-ins per user in each hour of the week, each
//! app's use rate by the renewal equation (`renewal`), the cohort's profile
//! (the mean over its apps) and each app's weight (its mean over the cohort's).

use crate::renewal::{self, Lifetime};
use crate::summary::{AppFit, HOURS_OF_WEEK};

/// Written values keep this many significant digits.
const DIGITS: usize = 4;

/// `x` to `DIGITS` significant digits (what the scenario file holds).
pub fn rounded(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return 0.0;
    }
    format!("{:.*e}", DIGITS - 1, x).parse().unwrap_or(x)
}

/// Sign-ins per user per hour in each hour of the week: `counts[h]` over the
/// hours `exposure[h]` the log watched hour h, for `users` users; 0 where
/// the hour was never watched.
pub fn observed(counts: &[f64], users: f64, exposure: &[f64]) -> Vec<f64> {
    counts
        .iter()
        .zip(exposure)
        .map(|(c, e)| if *e > 0.0 { c / (users * e) } else { 0.0 })
        .collect()
}

/// One app of a cohort, before fitting.
pub struct AppRates {
    pub name: String,
    pub observed: Vec<f64>,
    pub lifetime: Lifetime,
    /// Per 5-minute bin: the sign-in rate and the exact bin-average of
    /// P(valid) (`validity`); `None`: solved from the hourly rates alone.
    pub fine: Option<(Vec<f64>, Vec<f64>)>,
}

pub struct CohortActivity {
    /// `attempts_by_hour`, rounded as written.
    pub profile: Vec<f64>,
    /// Each app's weight, rounded as written, in the apps' order.
    pub weights: Vec<f64>,
    pub apps: Vec<AppFit>,
    /// Bins where the use rate was capped (`renewal::MIN_DENOMINATOR`), per app.
    pub capped: Vec<usize>,
}

pub fn fit(apps: Vec<AppRates>, weeks: f64) -> CohortActivity {
    let solved: Vec<(Vec<f64>, usize)> = apps
        .iter()
        .map(|a| match &a.fine {
            Some((rate, valid)) => renewal::uses_given_validity(rate, valid),
            None => renewal::uses(&a.observed, a.lifetime),
        })
        .collect();
    let n = solved.len().max(1) as f64;
    let raw: Vec<f64> = (0..HOURS_OF_WEEK)
        .map(|h| solved.iter().map(|(l, _)| l[h]).sum::<f64>() / n)
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let cohort_mean = mean(&raw);
    let profile: Vec<f64> = raw.iter().map(|x| rounded(*x)).collect();
    let weights: Vec<f64> = solved
        .iter()
        .map(|(l, _)| {
            if cohort_mean > 0.0 {
                rounded(mean(l) / cohort_mean)
            } else {
                1.0
            }
        })
        .collect();
    let fits = apps
        .into_iter()
        .zip(&weights)
        .map(|(a, w)| {
            let uses: Vec<f64> = profile.iter().map(|p| p * w).collect();
            AppFit {
                fitted: renewal::expected_sign_ins(&uses, a.lifetime),
                name: a.name,
                observed: a.observed,
                uses,
                weeks,
            }
        })
        .collect();
    CohortActivity {
        profile,
        weights,
        apps: fits,
        capped: solved.iter().map(|(_, c)| *c).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_apps_one_profile_and_their_weights() {
        // Constant sign-in rates with a fixed 1 h token: λ = r/(1 − r·1h).
        // r = 0.2 gives λ = 0.25; r = 0.5 gives λ = 1. Profile: 0.625;
        // weights 0.25/0.625 = 0.4 and 1/0.625 = 1.6.
        let hour = Lifetime {
            min: 3600.0,
            max: 3600.0,
        };
        let app = |name: &str, r: f64| AppRates {
            name: name.into(),
            observed: vec![r; HOURS_OF_WEEK],
            lifetime: hour,
            fine: None,
        };
        let a = fit(vec![app("mail", 0.2), app("chat", 0.5)], 2.0);
        assert!(a.profile.iter().all(|p| *p == 0.625));
        assert_eq!(a.weights, [0.4, 1.6]);
        assert!((a.apps[1].fitted[7] - 0.5).abs() < 1e-9);
        assert_eq!(rounded(0.123456), 0.1235);
        assert_eq!(observed(&[6.0, 1.0], 2.0, &[3.0, 0.0]), [1.0, 0.0]);
    }
}
