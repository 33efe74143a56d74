//! An activity profile (`attempts_by_hour`) and per-app weights (`app_weights`)
//! against closed forms: the uses in each hour of the week follow the profile,
//! an app of weight 3 gets three times the uses of one of weight 1, a flat
//! profile is the working hours it spells bit for bit, and each bad profile or
//! weight is refused where it is written. Seeded: each passes or fails the same
//! way every time.

use authsim::engine::tally::Tallies;
use authsim::engine::{Player, Replication, play_users};
use authsim::model::capacity::Shares;
use authsim::model::outages::Outages;
use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::refusal::{assert_bad_scenario, at, edit, run_toml, with_variant};
use common::simulate;

/// `attempts_by_hour` as TOML: 7 rows of 24, `rate(day, hour)` each.
fn by_hour(rate: impl Fn(usize, usize) -> f64) -> String {
    let rows: Vec<String> = (0..7)
        .map(|d| {
            let row: Vec<String> = (0..24).map(|h| format!("{:?}", rate(d, h))).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Weekdays 08:00-18:00 local, rising from 0.5 to 1.4 an hour; weekends
/// 10:00-14:00 at 0.2; no attempts otherwise.
fn office(day: usize, hour: usize) -> f64 {
    match (day < 5, hour) {
        (true, 8..18) => 0.5 + 0.1 * (hour - 8) as f64,
        (false, 10..14) => 0.2,
        _ => 0.0,
    }
}

const USERS: u32 = 300;
const OFFSET_HOURS: usize = 2;
const MAIL_WEIGHT: f64 = 3.0;

/// 300 users of mail (weight 3) and chat (weight 1) in UTC+02:00, measured over
/// the second week (buckets of an hour from Monday 00:00 UTC), nothing failing.
fn weekly() -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "14d"
warmup = "7d"
replications = 4
seed = 11
bucket = "1h"
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
users = {USERS}
apps = ["mail", "chat"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
[cohorts.office.activity]
utc_offset = "+0{OFFSET_HOURS}:00"
attempts_by_hour = {}
app_weights = {{ mail = {MAIL_WEIGHT:?} }}
"#,
        by_hour(office)
    )
}

/// Per app (mail, chat): the users with a use in each hour bucket, and the
/// measured uses, over every replication.
fn played(toml: &str) -> (usize, [Vec<u64>; 2], [u64; 2], u32) {
    let plan = load_str(toml, Path::new("weekly.toml")).unwrap();
    let world = &worlds(&plan)[0];
    let mut active = [vec![0u64; world.buckets], vec![0u64; world.buckets]];
    let mut uses = [0u64; 2];
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
            0..USERS,
            &mut Player::default(),
            &mut tallies,
        );
        let group = tallies.get(0, 0).unwrap();
        for app in 0..2 {
            let tally = group.app(app);
            for (b, count) in active[app].iter_mut().enumerate() {
                *count += tally.bucket_active[b];
            }
            uses[app] += tally.attempts;
        }
    }
    (world.buckets, active, uses, plan.replications())
}

/// A user's uses of an app in an hour are Poisson with the profile's rate for
/// that local hour times the app's weight, `m`: the user has one in it with
/// probability 1 - exp(-m). Bucket `b` is hour `b` of the week in UTC, local
/// hour `b + 2`. Each bucket's count of active users over 4 x 300 users is
/// binomial: within 5 sd in every bucket, for either app. Hours of no
/// attempts have no active user at all.
#[test]
fn uses_in_each_hour_of_the_week_follow_the_profile_in_local_time() {
    let (buckets, active, _, replications) = played(&weekly());
    assert_eq!(buckets, 168);
    let trials = f64::from(USERS * replications);
    for (b, (&mail, &chat)) in active[0].iter().zip(&active[1]).enumerate() {
        let local = (b + OFFSET_HOURS) % 168;
        let rate = office(local / 24, local % 24);
        for (app, count, weight) in [("mail", mail, MAIL_WEIGHT), ("chat", chat, 1.0)] {
            let p = 1.0 - (-rate * weight).exp();
            let (mean, sd) = (trials * p, (trials * p * (1.0 - p)).sqrt());
            if rate == 0.0 {
                assert_eq!(count, 0, "bucket {b}, app {app}: uses in time off");
            }
            assert!(
                (count as f64 - mean).abs() <= 5.0 * sd,
                "bucket {b} (local {local}, {rate}/h x {weight}): {count} active, expected {mean:.1} ± {sd:.1}"
            );
        }
    }
}

/// The measured week holds 5 x (0.5 + ... + 1.4) + 2 x 4 x 0.2 = 49.1 uses per
/// user of an app of weight 1: chat's total over 4 x 300 users is Poisson with
/// mean 58,920, mail's with three times that. Each within 5 sd.
#[test]
fn an_app_of_weight_three_gets_three_times_the_uses() {
    let per_week: f64 = (0..7)
        .flat_map(|d| (0..24).map(move |h| office(d, h)))
        .sum();
    assert!((per_week - 49.1).abs() < 1e-9);
    let (_, _, uses, replications) = played(&weekly());
    let users = f64::from(USERS * replications);
    for (app, weight) in [(0, MAIL_WEIGHT), (1, 1.0)] {
        let mean = users * per_week * weight;
        let got = uses[app] as f64;
        assert!(
            (got - mean).abs() <= 5.0 * mean.sqrt(),
            "app {app}: {got} uses, expected {mean:.0} ± {:.0}",
            mean.sqrt()
        );
    }
    // The ratio, by the delta method: within 5 sd of 3.
    let ratio = uses[0] as f64 / uses[1] as f64;
    let sd = 3.0 * (1.0 / (3.0 * users * per_week) + 1.0 / (users * per_week)).sqrt();
    assert!((ratio - 3.0).abs() <= 5.0 * sd, "mail/chat = {ratio}");
}

/// A scenario where things go wrong (a flaky token service and SMS carrier, a
/// weekly maintenance window, sign-in frequency, retries), for `activity`.
fn eventful(activity: &str) -> String {
    format!(
        r#"
[people]
give_up_after = 2
[simulation]
horizon = "21d"
warmup = "3d"
replications = 3
seed = 23
[policy]
sign_in_frequency = "12h"
mfa = "every_sign_in"
token_requests_require = ["tok"]
[components.tok]
time_to_failure = {{ distribution = "exponential", mean = "4d" }}
time_to_repair = {{ distribution = "exponential", mean = "3h" }}
outages = [{{ start = "2d 10:00", duration = "2h", every = "7d" }}]
[components.carrier]
time_to_failure = {{ distribution = "exponential", mean = "3d" }}
time_to_repair = {{ distribution = "lognormal", median = "4h", sigma = 0.7 }}
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["carrier"]
[apps.mail]
[apps.chat]
[cohorts.staff]
users = 150
apps = ["mail", "chat"]
registrations = [{{ share = 1.0, methods = ["password", "sms"] }}]
[cohorts.staff.activity]
utc_offset = "+05:30"
{activity}
"#
    )
}

/// 1 attempt an hour in 09:00-17:00 Monday to Friday and none otherwise is
/// exactly `hours = "09:00-17:00"`, `days = "mon-fri"`, `attempts_per_hour =
/// 1`: the same seed gives the same figures, to the last bit.
#[test]
fn a_flat_profile_gives_the_results_of_the_working_hours_it_spells() {
    let flat = by_hour(|d, h| f64::from(u8::from(d < 5 && (9..17).contains(&h))));
    let profile = simulate(&eventful(&format!("attempts_by_hour = {flat}")));
    let hours = simulate(&eventful(
        "hours = \"09:00-17:00\"\ndays = \"mon-fri\"\nattempts_per_hour = 1",
    ));
    let (p, h) = (&profile.variants[0], &hours.variants[0]);
    assert!(h.metric(Metric::Attempts).mean > 10_000.0);
    assert!(
        h.metric(Metric::DenialRate).mean > 0.0,
        "something must go wrong"
    );
    for &m in Metric::ALL.iter() {
        let (a, b) = (p.metric(m), h.metric(m));
        assert_eq!(
            (a.mean.to_bits(), a.sd.to_bits(), a.n),
            (b.mean.to_bits(), b.sd.to_bits(), b.n),
            "{m:?}: profile {a:?}, working hours {b:?}"
        );
    }
    assert_eq!(profile.attempts_played, hours.attempts_played);
}

/// A row of 24 zeros and ones, for the refusals.
fn row(ones: usize) -> String {
    let cells: Vec<&str> = (0..24).map(|h| if h < ones { "1" } else { "0" }).collect();
    format!("[{}]", cells.join(", "))
}

fn rows(rows: &[String]) -> String {
    format!("[{}]", rows.join(", "))
}

fn week_of(ones: usize) -> String {
    rows(&vec![row(ones); 7])
}

/// Each refusal: exit 2, one message at the key's place in the file.
fn refused(test: &str, activity: &str, needle: &str, says: &[&str]) {
    let toml = edit(
        "registrations = [",
        &format!("activity = {activity}\nregistrations = ["),
    );
    let out = run_toml(test, &toml, &[]);
    let mut needles = vec![at(&toml, needle)];
    needles.extend(says.iter().map(|s| s.to_string()));
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    assert_bad_scenario(&out, &needles);
}

#[test]
fn a_profile_with_working_hours_days_a_rate_or_a_clock_is_refused() {
    let week = week_of(8);
    for (key, given) in [
        ("hours", "hours = \"09:00-17:00\""),
        ("days", "days = \"mon-fri\""),
        ("attempts_per_hour", "attempts_per_hour = 4"),
        ("every", "every = \"10m\""),
    ] {
        refused(
            &format!("profile-and-{key}"),
            &format!("{{ attempts_by_hour = {week}, {given} }}"),
            given,
            &[&format!("remove {key}, or attempts_by_hour")],
        );
    }
}

#[test]
fn a_profile_of_the_wrong_shape_or_values_is_refused() {
    refused(
        "profile-six-rows",
        &format!("{{ attempts_by_hour = {} }}", rows(&vec![row(8); 6])),
        "attempts_by_hour",
        &["give 7 rows", "this has 6 rows"],
    );
    let mut short = vec![row(8); 7];
    short[3] = "[1, 1]".into();
    refused(
        "profile-short-row",
        &format!("{{ attempts_by_hour = {} }}", rows(&short)),
        "[1, 1]",
        &["24 numbers", "this row has 2 numbers"],
    );
    let mut negative = vec![row(8); 7];
    negative[2] = negative[2].replacen("1", "-2.5", 1);
    refused(
        "profile-negative",
        &format!("{{ attempts_by_hour = {} }}", rows(&negative)),
        "-2.5",
        &["from 0 to 360000", "got -2.5"],
    );
    let mut huge = vec![row(8); 7];
    huge[6] = huge[6].replacen("1", "1e9", 1);
    refused(
        "profile-huge",
        &format!("{{ attempts_by_hour = {} }}", rows(&huge)),
        "1e9",
        &["from 0 to 360000"],
    );
    refused(
        "profile-all-zero",
        &format!("{{ attempts_by_hour = {} }}", week_of(0)),
        "attempts_by_hour",
        &["every hour is 0"],
    );
}

#[test]
fn bad_app_weights_are_refused() {
    refused(
        "weights-unknown-app",
        "{ app_weights = { mial = 2.0 } }",
        "mial",
        &[
            "`mial` is not one of this cohort's apps (mail)",
            "did you mean `mail`?",
        ],
    );
    for (test, weight) in [("weights-zero", "0.0"), ("weights-negative", "-1.0")] {
        refused(
            test,
            &format!("{{ app_weights = {{ mail = {weight} }} }}"),
            "mail =",
            &["above 0", &format!("got {}", weight.trim_end_matches(".0"))],
        );
    }
    refused(
        "weights-on-the-clock",
        "{ every = \"10m\", app_weights = { mail = 2.0 } }",
        "mail =",
        &["a clock calls every app on the same tick"],
    );
}

/// A variant that gives a profile drops the base's hours, days and rate; one
/// that gives working hours drops the base's profile: both load and run.
#[test]
fn a_variant_swaps_working_hours_for_a_profile_and_back() {
    let toml = with_variant(&format!(
        "set.cohorts.staff.activity.attempts_by_hour = {}",
        week_of(8)
    ))
    .replace(
        "registrations = [",
        "activity = { hours = \"08:00-12:00\", days = \"all\", attempts_per_hour = 2 }\nregistrations = [",
    );
    let plan = load_str(&toml, Path::new("v.toml")).expect("the variant loads");
    let a = &plan.variants[1].scenario.cohorts["staff"].activity;
    assert!(a.hours.is_none() && a.days.is_none() && a.attempts_per_hour.is_none());
    assert_eq!(a.attempts_by_hour.as_ref().map(Vec::len), Some(7));
    let base = format!(
        "{}\n[[variant]]\nname = \"v\"\nset.cohorts.staff.activity.hours = \"08:00-12:00\"\n",
        edit(
            "registrations = [",
            &format!(
                "activity = {{ attempts_by_hour = {} }}\nregistrations = [",
                week_of(8)
            ),
        )
    );
    let plan = load_str(&base, Path::new("v.toml")).expect("the variant loads");
    let a = &plan.variants[1].scenario.cohorts["staff"].activity;
    assert!(a.attempts_by_hour.is_none());
    assert_eq!(
        a.attempts_per_hour,
        Some(4.0),
        "the default rate comes back"
    );
    assert_eq!(a.hours().to_string(), "08:00-12:00");
}
