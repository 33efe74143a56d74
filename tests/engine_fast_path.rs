//! The engine's quiet stretches (uses served from the token cache, and sure silent
//! renewals, played in bulk) against closed forms worked out by hand in each
//! test's comment: how many uses a working week holds, how they split at the end
//! of the warm-up and fall into time buckets, how often a token is renewed, and
//! where a lockout ends. Seeded, so they pass or fail the same way every time.

use authsim::engine::tally::Tallies;
use authsim::engine::{Player, Replication, play_users};
use authsim::model::capacity::Shares;
use authsim::model::outages::Outages;
use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::{assert_inside, simulate};

/// 500 office workers with two apps, six uses an hour each in 08:10-16:50 UTC on
/// weekdays, 8-hour tokens renewed early; a warm-up ending on a Thursday at 11:17
/// and 25-minute buckets, neither lined up with the working day.
const OFFICE: &str = r#"
[people]
give_up_after = 0
[simulation]
horizon = "14d"
warmup = "3d 11:17"
replications = 10
seed = 5
bucket = "25m"
[policy]
access_token_lifetime = "8h"
[components.token_service]
[methods.password]
factor = "passwordless"
requires = []
[apps.mail]
early_renewal = true
[apps.chat]
early_renewal = true
[cohorts.office]
users = 500
apps = ["mail", "chat"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "08:10-16:50", days = "mon-fri", attempts_per_hour = 6 }
"#;

const USERS: f64 = 500.0;
const APPS: f64 = 2.0;
const RATE: f64 = 6.0;
const HOUR: f64 = 3600.0;
const DAY: f64 = 24.0 * HOUR;

/// Working hours in `[from, to)` (seconds) of the office week: 08:10-16:50 on
/// days 0-4 of each week, day 0 a Monday.
fn office_hours(from: f64, to: f64) -> f64 {
    let (open, close) = (8.0 * HOUR + 600.0, 16.0 * HOUR + 3000.0);
    (0..(to / DAY).ceil() as u64)
        .filter(|day| day % 7 < 5)
        .map(|day| {
            let (start, end) = (day as f64 * DAY + open, day as f64 * DAY + close);
            (end.min(to) - start.max(from)).max(0.0)
        })
        .sum::<f64>()
        / HOUR
}

/// The warm-up ends Thursday (day 3) 11:17: 5 h 33 min of that day's window are
/// measured, then Friday and the next week's five days, 8 h 40 min each, and the
/// weekend to the horizon is off: 5.55 h + 6 x 8.6667 h = 57.55 h. Each user makes
/// 6 uses an hour with each of 2 apps: 500 x 2 x 6 x 57.55 = 345,300 measured
/// attempts a replication. The whole horizon holds 10 working days, 86.667 h:
/// 500 x 2 x 6 x 86.667 = 520,000 uses played, warm-up included.
#[test]
fn attempts_are_working_hours_over_the_mean_gap_split_at_the_warm_up() {
    assert!((office_hours(3.0 * DAY + 11.0 * HOUR + 17.0 * 60.0, 14.0 * DAY) - 57.55).abs() < 1e-9);
    let result = simulate(OFFICE);
    let v = &result.variants[0];
    assert_inside("attempts", v.metric(Metric::Attempts), 345_300.0, 0.0);
    // Every replication's total is Poisson: its sum over 10 is within 4.5 sd.
    let played = result.attempts_played as f64;
    let expected = 10.0 * 520_000.0;
    assert!(
        (played - expected).abs() < 4.5 * expected.sqrt(),
        "uses played: {played}, expected {expected}"
    );
    assert_eq!(v.metric(Metric::DenialRate).mean, 0.0);
}

/// Uses of one app in a bucket are Poisson with mean 6/h times the bucket's
/// working hours `w`: a user has one in it with probability 1 - exp(-6 w), and
/// one with either app with probability 1 - exp(-12 w). Each bucket's count of
/// active users, over 10 replications of 500 users, is binomial: within 5 sd of
/// 5,000 p in every bucket, and in all of them together.
#[test]
fn users_active_in_each_bucket_follow_the_buckets_working_hours() {
    let plan = load_str(OFFICE, Path::new("office.toml")).unwrap();
    let world = &worlds(&plan)[0];
    let mut either = vec![0u64; world.buckets];
    let mut mail = vec![0u64; world.buckets];
    for index in 0..plan.replications() {
        let outages = Outages::draw(world, plan.seed(), index);
        let replication = Replication {
            world,
            outages: &outages,
            shares: &Shares::full(0, 0),
            seed: plan.seed(),
            index,
        };
        let mut tallies = Tallies::new(world);
        play_users(
            &replication,
            0,
            0..500,
            &mut Player::default(),
            &mut tallies,
        );
        let group = tallies.get(0, 0).unwrap();
        let mail_tally = group.app(0);
        for b in 0..world.buckets {
            either[b] += group.user.bucket_active[b];
            mail[b] += mail_tally.bucket_active[b];
        }
    }
    let trials = USERS * f64::from(plan.replications());
    let (mut total, mut expected_total, mut variance) = (0.0, 0.0, 0.0);
    for b in 0..world.buckets {
        let start = world.warmup + b as f64 * world.bucket;
        let w = office_hours(start, (start + world.bucket).min(world.horizon));
        for (count, rate) in [(either[b], APPS * RATE), (mail[b], RATE)] {
            let p = 1.0 - (-rate * w).exp();
            let (mean, var) = (trials * p, trials * p * (1.0 - p));
            let sd = var.sqrt().max(1e-9);
            assert!(
                (count as f64 - mean).abs() <= 5.0 * sd,
                "bucket {b} ({w:.4} h of work): {count} active, expected {mean:.1} ± {sd:.1}"
            );
        }
        total += either[b] as f64;
        expected_total += trials * (1.0 - (-APPS * RATE * w).exp());
        variance += trials * (1.0 - (-APPS * RATE * w).exp()) * (-APPS * RATE * w).exp();
    }
    assert!(
        (total - expected_total).abs() <= 5.0 * variance.sqrt(),
        "active user-buckets: {total}, expected {expected_total:.0}"
    );
}

/// Fixed one-hour tokens, no early renewal, uses around the clock at 6 an hour:
/// a token is renewed at the first use after it expires, so renewals come one
/// per 1 h + 10 min on average (renewal-reward), 24 / (7/6) = 20.571 a day for
/// each of 2 apps: 41.143 token requests per user-day.
#[test]
fn renewals_come_one_per_lifetime_plus_a_mean_gap() {
    let scenario = OFFICE
        .replace(
            "access_token_lifetime = \"8h\"",
            "access_token_lifetime = \"1h\"",
        )
        .replace("early_renewal = true", "early_renewal = false")
        .replace(
            "hours = \"08:10-16:50\", days = \"mon-fri\"",
            "hours = \"00:00-24:00\", days = \"all\"",
        );
    let v = &simulate(&scenario).variants[0];
    let expected = 2.0 * 24.0 / (1.0 + 1.0 / RATE);
    assert_inside(
        "token_requests_per_user_day",
        v.metric(Metric::TokenRequestsPerUserDay),
        expected,
        0.0,
    );
}

/// The portal's backend is down 2 h (D) on day 4; uses come around the clock
/// at r = 3 an hour with each app, and tokens last a day, so a use is refused
/// only by the backend. The portal is locked out from its first use in the
/// outage F to its first use after it, G: E[(D - F) 1(F < D)] + P(F < D) / r =
/// D - (1 - e^-rD) / r + (1 - e^-rD) / r = D = 2 h, 2,000 hours per 1,000 users.
/// The user is locked out (across apps) at t when their last use since the
/// outage began was the portal's, with probability (1 - e^-2rt) / 2, and after
/// the outage until their next use (mean 1 / 2r) with probability
/// (1 - e^-2rD) / 2: D/2 - (1 - e^-2rD) / 4r + (1 - e^-2rD) / 4r = D/2 = 1 h.
/// Users locked out: those with a portal use in the outage, 1 - e^-6 = 0.997521.
/// Denied: the portal's uses in the outage, 2 h of 96 measured: 1/48 of its own.
#[test]
fn a_lockout_ends_at_the_first_use_served_after_it() {
    let scenario = r#"
[people]
give_up_after = 0
[simulation]
horizon = "6d"
warmup = "2d"
replications = 10
seed = 8
[policy]
access_token_lifetime = "24h"
[components.token_service]
[components.backend]
outages = [{ start = "4d 10:00", duration = "2h" }]
[methods.password]
factor = "passwordless"
requires = []
[apps.portal]
early_renewal = true
requires = ["backend"]
[apps.mail]
early_renewal = true
[cohorts.staff]
users = 2000
apps = ["portal", "mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 3 }
"#;
    let v = &simulate(scenario).variants[0];
    let lockout = Metric::LockoutHoursPer1kUsers;
    assert_inside("user lockout", v.metric(lockout), 1000.0, 0.0);
    let portal = v.slice("all", "portal").unwrap();
    assert_inside("portal lockout", portal.metric(lockout), 2000.0, 0.0);
    assert_inside(
        "portal denials",
        portal.metric(Metric::DenialRate),
        1.0 / 48.0,
        0.0,
    );
    let locked = 1.0 - (-6.0f64).exp();
    assert_inside(
        "users locked out",
        v.metric(Metric::UsersLockedOut),
        locked,
        0.0,
    );
    let mail = v.slice("all", "mail").unwrap();
    assert_eq!(mail.metric(lockout).mean, 0.0);
}

/// 200 people with one app and a registered device, 4 uses an hour around the
/// clock, nothing failing: each day the device renews its PRT, and the use
/// where that falls due ends the stretch before it starts.
const ONE_APP_ON_A_DEVICE: &str = r#"
[simulation]
horizon = "4d"
warmup = "1d"
replications = 3
seed = 11
[components.token_service]
[methods.password]
factor = "passwordless"
requires = []
[apps.mail]
[cohorts.staff]
users = 200
apps = ["mail"]
device = "registered"
registrations = [{ share = 1.0, methods = ["password"] }]
activity = { hours = "00:00-24:00", days = "all", attempts_per_hour = 4 }
"#;

/// A stretch that would end at the use that starts it hands that use back to
/// the event loop, as it always did; 0.10.5's stretches back to back, before
/// their release, looped on it for ever. Every use is served, and there are
/// as many as 3 days at 4 an hour make: 288 a user (Poisson).
#[test]
fn a_stretch_that_ends_where_it_starts_gives_way_to_the_event_loop() {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The receiver is gone only where the test has failed already.
        let _ = done.send(simulate(ONE_APP_ON_A_DEVICE));
    });
    let result = finished
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the run ends");
    let whole = result.variants[0].whole();
    assert!(whole.values(Metric::DenialRate).iter().all(|&x| x == 0.0));
    let per_user: Vec<f64> = whole
        .values(Metric::Attempts)
        .iter()
        .map(|a| a / 200.0)
        .collect();
    let mean = per_user.iter().sum::<f64>() / 3.0;
    // 3 replications of 200 users: the mean of 600 Poisson counts of mean 288.
    assert!(
        (mean - 288.0).abs() <= 5.0 * (288.0f64 / 600.0).sqrt(),
        "{mean}"
    );
}
