//! The second pass over the sign-in logs, once every user is in a cohort: per
//! (cohort, app), the successful sign-ins in each 5-minute bin of the week and
//! the exact time the tokens they gave were valid in each bin (the validity
//! mass: each sign-in at s adds ∫ S(t − s) dt over its own bin from s and
//! over each later bin, in closed form, `Lifetime::held`). So the renewal
//! equation is solved with the exact bin-average of P(a token is valid), not
//! a binned sum (docs/import.md, "Activity"). Hours of a service incident are
//! set aside. Memory: cohorts x apps x 2016 bins, whatever the records.

use crate::aggregate::Aggregator;
use crate::calendar::HOUR;
use crate::renewal::{BIN, BINS_PER_HOUR, Lifetime, WEEK_BINS};
use crate::summary::HOURS_OF_WEEK;
use authsim_signins::pseudonym::Pseudonym;
use authsim_signins::record::{EventType, SignIn};
use authsim_signins::vocabulary::errors;
use std::collections::{BTreeMap, HashMap, HashSet};

/// 1970-01-01 (a Thursday) 00:00 is bin 72 x 12 of a Monday week.
const EPOCH_BIN: i64 = 72 * BINS_PER_HOUR as i64;

/// Error codes a service, not the user, failed: the token service down and
/// throttling as the simulation writes them (`vocabulary::errors`), AADSTS50196
/// (what MSAL says a throttled user's request shows) and AADSTS80001 (the
/// on-premises authentication agent unreachable). An hour with one is an
/// incident: sign-ins there say more about the service than about use.
pub fn transient(code: u32) -> bool {
    [
        errors::TOKEN_SERVICE_DOWN.code,
        errors::THROTTLED.code,
        50196,
        errors::FIRST_FACTOR_FAILED.code,
    ]
    .contains(&code)
}

/// One (cohort, app): sign-ins and validity mass (seconds) per bin of the week.
#[derive(Debug, Clone)]
pub struct Bins {
    pub sign_ins: Vec<f64>,
    pub mass: Vec<f64>,
}

impl Default for Bins {
    fn default() -> Self {
        Bins {
            sign_ins: vec![0.0; WEEK_BINS],
            mass: vec![0.0; WEEK_BINS],
        }
    }
}

fn week_bin(bin: i64) -> usize {
    (bin + EPOCH_BIN).rem_euclid(WEEK_BINS as i64) as usize
}

/// The second pass: fed every record again (`add`), in any order.
pub struct Validity<'a> {
    pub offset: f64,
    pub cohort_of: &'a HashMap<Pseudonym, usize>,
    pub agg: &'a Aggregator,
    /// The token lifetime the estimator assumes, by app index.
    pub lifetimes: Vec<Lifetime>,
    /// (cohort, app, local calendar hour) of each incident.
    pub incidents: &'a HashSet<(usize, usize, i64)>,
    pub bins: HashMap<(usize, usize), Bins>,
}

impl Validity<'_> {
    pub fn add(&mut self, s: &SignIn) {
        let user_event = matches!(
            s.event,
            EventType::InteractiveUser | EventType::NonInteractiveUser
        );
        if s.error_code != 0 || !user_event {
            return;
        }
        let (Some(&cohort), Some(app)) = (
            s.user.and_then(|u| self.cohort_of.get(&u)),
            self.agg.app_of(s),
        ) else {
            return;
        };
        let n = f64::from(s.count.max(1));
        let life = self.lifetimes[app];
        let local = s.time + self.offset;
        let first = (local / BIN).floor() as i64;
        let incidents = self.incidents;
        let counted =
            |b: i64| !incidents.contains(&(cohort, app, b.div_euclid(BINS_PER_HOUR as i64)));
        let bins = self.bins.entry((cohort, app)).or_default();
        if counted(first) {
            bins.sign_ins[week_bin(first)] += n;
        }
        let mut b = first;
        while (b as f64) * BIN - local < life.max {
            let start = ((b as f64) * BIN).max(local) - local;
            let end = ((b + 1) as f64) * BIN - local;
            if counted(b) {
                bins.mass[week_bin(b)] += n * (life.held(end) - life.held(start));
            }
            b += 1;
        }
    }
}

/// The incidents the first pass saw, by cohort (`cohort_of`): the set
/// (cohort, app, hour), and per cohort the failed sign-ins by error code.
pub type Incidents = (
    HashSet<(usize, usize, i64)>,
    BTreeMap<usize, BTreeMap<u32, u64>>,
);

pub fn incidents(agg: &Aggregator, cohort_of: &HashMap<Pseudonym, usize>) -> Incidents {
    let mut set = HashSet::new();
    let mut codes: BTreeMap<usize, BTreeMap<u32, u64>> = BTreeMap::new();
    for ((user, app, hour, code), n) in &agg.incidents {
        if let Some(&c) = cohort_of.get(user) {
            set.insert((c, *app, *hour));
            *codes.entry(c).or_default().entry(*code).or_default() += n;
        }
    }
    (set, codes)
}

/// The evidence line: "3 hours set aside: 412 sign-ins failed 50000".
pub fn note(i: &Incidents, cohort: usize) -> Option<String> {
    let hours = i.0.iter().filter(|(c, _, _)| *c == cohort).count();
    let codes = i.1.get(&cohort)?;
    let failed: Vec<String> = codes
        .iter()
        .map(|(code, n)| format!("{n} sign-in{} failed {code}", plural(*n)))
        .collect();
    Some(format!(
        "{hours} app-hour{} set aside (a service failed: token service down, throttled, agent unreachable): {}",
        plural(hours as u64),
        failed.join(", ")
    ))
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Hours each hour of the week was watched, less the incident hours in
/// `[from, to]` (local calendar hours at `offset`), counted in part where the
/// span covers them in part.
pub fn watched_outside(
    watched: &[f64],
    from: f64,
    to: f64,
    offset: f64,
    hours: &[i64],
) -> Vec<f64> {
    let mut w = watched.to_vec();
    for h in hours {
        let start = *h as f64 * HOUR - offset;
        let seen = ((start + HOUR).min(to) - start.max(from)).max(0.0) / HOUR;
        let i = (h + 72).rem_euclid(HOURS_OF_WEEK as i64) as usize;
        w[i] = (w[i] - seen).max(0.0);
    }
    w
}

/// Per bin, the sign-in rate per user per hour and the bin-average of
/// P(valid) (mass over users x bin x times watched); per hour, the observed
/// rate. 0 where the hour was never watched.
pub fn rates(bins: &Bins, users: f64, watched: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let per = |b: usize, x: f64, unit: f64| {
        let e = watched[b / BINS_PER_HOUR];
        if e > 0.0 { x / (users * e * unit) } else { 0.0 }
    };
    let rate: Vec<f64> = (0..WEEK_BINS)
        .map(|b| per(b, bins.sign_ins[b], BIN / HOUR))
        .collect();
    let valid = (0..WEEK_BINS).map(|b| per(b, bins.mass[b], BIN)).collect();
    let hourly = rate
        .chunks(BINS_PER_HOUR)
        .map(|c| c.iter().sum::<f64>() / BINS_PER_HOUR as f64)
        .collect();
    (rate, valid, hourly)
}

#[cfg(test)]
mod tests {
    use super::*;
    use authsim_signins::record::SignIn;

    /// 2026-12-07, a Monday, 00:00 UTC.
    const MONDAY: f64 = 1_796_601_600.0;

    fn sign_in(t: f64, code: u32) -> SignIn {
        SignIn {
            time: t,
            user: Some(Pseudonym::of("u")),
            user_type: None,
            event: EventType::NonInteractiveUser,
            app_id: Some("mail".into()),
            app_name: None,
            resource: None,
            client_app: None,
            error_code: code,
            requirement: None,
            steps: Vec::new(),
            trust: None,
            compliant: None,
            cae: None,
            incoming_token: None,
            count: 1,
            group: None,
        }
    }

    #[test]
    fn the_validity_mass_is_the_closed_form_and_not_the_binned_sum() {
        let mut agg = Aggregator::new(0.0);
        agg.add(sign_in(MONDAY + 240.0, 0));
        let cohort_of = HashMap::from([(Pseudonym::of("u"), 0)]);
        let none = HashSet::new();
        let uniform = Lifetime {
            min: 3600.0,
            max: 5400.0,
        };
        let mut v = Validity {
            offset: 0.0,
            cohort_of: &cohort_of,
            agg: &agg,
            lifetimes: vec![uniform],
            incidents: &none,
            bins: HashMap::new(),
        };
        // A sign-in at 00:04 with a 60-90 min token: its own bin holds
        // 60 s; bins 1..11 hold 300 s each; bin 12 (60:00-65:00) holds
        // 240 s (valid for sure until 64:00) + ∫_{3600}^{3660} (5400 − u)/1800
        // du = 60·(5400 − 3630)/1800 = 59 s; bin 18 (90:00-95:00) holds
        // ∫_{5160}^{5400} (5400 − u)/1800 du = 240²/3600 = 16 s.
        v.add(&sign_in(MONDAY + 240.0, 0));
        let b = &v.bins[&(0, 0)];
        assert_eq!(b.sign_ins[0], 1.0);
        assert!((b.mass[0] - 60.0).abs() < 1e-5);
        assert!((b.mass[11] - 300.0).abs() < 1e-5);
        assert!((b.mass[12] - 299.0).abs() < 1e-5);
        assert!((b.mass[18] - 16.0).abs() < 1e-5);
        assert_eq!(b.mass[19], 0.0);
        // All of it: the mean lifetime, 75 min.
        assert!((b.mass.iter().sum::<f64>() - 4500.0).abs() < 1e-4);
        // The binned sum puts the sign-in at its bin's centre (2:30) and gives
        // bin 0 150 s, not 60: near saturation the difference is the bias.
        let (rate, valid, hourly) = rates(b, 1.0, &[1.0; HOURS_OF_WEEK]);
        assert!((valid[0] - 60.0 / 300.0).abs() < 1e-7);
        assert!((rate[0] - 12.0).abs() < 1e-12 && (hourly[0] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn an_incident_hour_is_set_aside_from_counts_mass_and_hours_watched() {
        let mut agg = Aggregator::new(0.0);
        // 09:10 the token service fails; 09:20 and 10:10 succeed.
        for (t, code) in [
            (9.0 * HOUR + 600.0, 50000),
            (9.0 * HOUR + 1200.0, 0),
            (10.0 * HOUR + 600.0, 0),
        ] {
            agg.add(sign_in(MONDAY + t, code));
        }
        let hour = ((MONDAY + 9.0 * HOUR) / HOUR) as i64;
        let user = Pseudonym::of("u");
        assert_eq!(agg.incidents[&(user, 0, hour, 50000)], 1);
        assert!(!transient(errors::MFA_FAILED.code) && !transient(errors::BLOCKED.code));
        let cohort_of = HashMap::from([(user, 0)]);
        let found = super::incidents(&agg, &cohort_of);
        assert_eq!(found.0, HashSet::from([(0, 0, hour)]));
        assert!(note(&found, 0).unwrap().starts_with("1 app-hour set aside"));
        assert!(
            note(&found, 0)
                .unwrap()
                .ends_with(": 1 sign-in failed 50000")
        );
        assert_eq!(note(&found, 1), None);
        // A user in no cohort marks nothing.
        assert!(super::incidents(&agg, &HashMap::new()).0.is_empty());
        let incidents = found.0;
        let fixed = Lifetime {
            min: 3600.0,
            max: 3600.0,
        };
        let mut v = Validity {
            offset: 0.0,
            cohort_of: &cohort_of,
            agg: &agg,
            lifetimes: vec![fixed],
            incidents: &incidents,
            bins: HashMap::new(),
        };
        for t in [9.0 * HOUR + 1200.0, 10.0 * HOUR + 600.0] {
            v.add(&sign_in(MONDAY + t, 0));
        }
        let b = &v.bins[&(0, 0)];
        // 09:20 is not counted, its token's hour 09 mass neither; from 10:00
        // on its token (valid to 10:20) counts: 10:00-10:05 full.
        assert_eq!(b.sign_ins.iter().sum::<f64>(), 1.0);
        assert_eq!(b.sign_ins[10 * 12 + 2], 1.0);
        assert_eq!(b.mass[9 * 12 + 4], 0.0);
        assert!((b.mass[10 * 12] - 300.0).abs() < 1e-5);
        let watched = watched_outside(
            &[2.0; HOURS_OF_WEEK],
            MONDAY,
            MONDAY + 14.0 * 86_400.0,
            0.0,
            &[hour],
        );
        assert_eq!((watched[9], watched[10]), (1.0, 2.0));
    }
}
