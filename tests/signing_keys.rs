//! Signing keys as the identity provider publishes them: a rollover's key
//! published ahead of its first token, and resources that refresh when a token
//! comes signed with a key they do not know. Each expectation is derived in its
//! comment.

use authsim::montecarlo::metrics::Metric;

mod common;
use common::{assert_inside, simulate};

/// `users` at work around the clock, an attempt a minute each, holding tokens
/// of `lifetime`, reaching `mail`, whose resource checks keys as `keys` says; `events`
/// are the identity provider's key events. Measured from day 1 to day 4: 72 h.
/// With 1 ms tokens every access brings a token signed with the key in use; with
/// 8-hour tokens and no rollover, every token is signed with the one key. Either
/// way the share of attempts denied is the share of time the resource rejects
/// the key in use (PASTA).
fn scenario(keys: &str, events: &str, lifetime: &str, (users, replications): (u32, u32)) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "4d"
warmup = "1d"
replications = {replications}
seed = 23
[policy]
mfa = "never"
access_token_lifetime = "{lifetime}"
[components.token_service]
{events}
[methods.password]
factor = "first"
requires = []
[apps.mail]
signing_keys = {keys}
[cohorts.staff]
users = {users}
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 60 }}
"#
    )
}

const ROUTINE: &str = r#"
[[signing_key_events]]
kind = "rollover"
at = "2d 10:00"
"#;

/// A routine rollover, its key published a day ahead (the default): a resource
/// refreshing every period p <= 1 day refreshes at least once in the day before
/// the key signs, so it knows the key before the first token: not one denial,
/// hourly or daily, even without refresh on an unknown key. (The same rollover
/// published as it signs costs the hourly refresher half an hour on average,
/// `tests/infrastructure.rs`.)
#[test]
fn a_routine_rollover_locks_out_nobody() {
    for keys in [
        r#"{ refresh_every = "1h" }"#,
        r#"{ refresh_every = "1h", refresh_on_unknown_key = false }"#,
        r#"{ refresh_every = "24h", refresh_on_unknown_key = false }"#,
    ] {
        let result = simulate(&scenario(keys, ROUTINE, "1ms", (10, 100)));
        let v = &result.variants[0];
        assert!(
            v.values(Metric::ResourceDenialRate)
                .iter()
                .all(|&x| x == 0.0),
            "{keys}: a rollover published a day ahead was rejected"
        );
        assert!(
            v.metric(Metric::Attempts).mean > 40_000.0,
            "{keys}: too few attempts to tell"
        );
    }
}

/// An emergency rollover (published as it signs) at a resource that refreshes
/// on an unknown key: its last refresh was long enough ago (the default minimum
/// is 5 minutes, its periodic refresh an hour at a phase with nothing else going
/// on) unless it fell within 5 minutes of 10:00, so it refreshes at 10:00 itself,
/// or by 10:05 at worst: rejections last at most 5 minutes, on average
/// (5/60) x 2.5 min = 12.5 s of the 72 h (its hourly refresh falls in the 5
/// minutes before 10:00 with probability 5/60, leaving a uniform 0 to 5 min).
/// Without it, half an hour on average, 144 times as much.
#[test]
fn an_emergency_rollover_costs_at_most_the_minimum_interval() {
    let emergency = ROUTINE.replace(
        "at = \"2d 10:00\"",
        "at = \"2d 10:00\"\npublished_before = \"0s\"",
    );
    let result = simulate(&scenario(
        r#"{ refresh_every = "1h" }"#,
        &emergency,
        "1ms",
        (10, 400),
    ));
    let v = &result.variants[0];
    let worst = 5.0 * 60.0 / (72.0 * 3600.0);
    for &x in &v.values(Metric::ResourceDenialRate) {
        assert!(
            x <= 3.0 * worst,
            "{x}: more than the 5 minutes (and chance)"
        );
    }
    let mean = v.metric(Metric::ResourceDenialRate).mean;
    let expected = 12.5 / (72.0 * 3600.0);
    assert!(mean < 4.0 * expected, "{mean} vs {expected}");
}

/// The 2021-03-15 removal (the key in use missing from the metadata from 19:00
/// to 21:05 on day 2) at a daily refresher: hit only if its refresh falls in the
/// 125 minutes, with probability 125/1440 = 0.0868, at a point uniform in them.
/// Without refresh on an unknown key it then rejects for a whole day (to its
/// next refresh, past the rollback): 0.0868 x 24 h / 72 h = 0.02894 of attempts.
/// With it, it refreshes every 5 minutes from then, each time without the key,
/// until the first refresh at or after 21:05: 5 ceil(u / 5) minutes for the
/// uniform u in (0, 125) left of the window, 65 minutes on average:
/// 0.0868 x 65 / 4320 = 0.001306.
#[test]
fn a_daily_refresher_recovers_within_the_minimum_interval_of_the_rollback() {
    let removal = r#"
[[signing_key_events]]
kind = "removal"
at = "2d 19:00"
rollback = "2d 21:05"
"#;
    let p = 125.0 / 1440.0;
    let without = simulate(&scenario(
        r#"{ refresh_every = "24h", refresh_on_unknown_key = false }"#,
        removal,
        "8h",
        (2, 12_000),
    ));
    assert_inside(
        "without refresh on an unknown key",
        without.variants[0].metric(Metric::ResourceDenialRate),
        p * 24.0 / 72.0,
        0.0,
    );
    let with = simulate(&scenario(
        r#"{ refresh_every = "24h" }"#,
        removal,
        "8h",
        (2, 12_000),
    ));
    assert_inside(
        "with refresh on an unknown key",
        with.variants[0].metric(Metric::ResourceDenialRate),
        p * 65.0 / 4320.0,
        0.0,
    );
    // Within the minimum interval of the rollback: no replication rejects for
    // more than the 125 minutes of the window plus 5 (the share of a
    // replication's attempts, Poisson, spreads around its share of time).
    let most = 130.0 / 4320.0;
    for &x in &with.variants[0].values(Metric::ResourceDenialRate) {
        assert!(x <= most * 1.3, "{x} > {most}: rejected past 21:10");
    }
}
