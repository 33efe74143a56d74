//! Defaults that depend on another key (an app's kind, whether an activity runs
//! on the clock), filled in after a variant's overrides, so `scenario.resolved.toml`
//! shows every value the run used and a variant that changes the other key gets
//! the default that goes with it.

use super::Scenario;

pub fn complete(mut s: Scenario) -> Scenario {
    for app in s.apps.values_mut() {
        app.token_lifetime = app.token_lifetime.or(app.kind.default_token_lifetime());
    }
    for cohort in s.cohorts.values_mut() {
        let activity = &mut cohort.activity;
        activity.attempts_per_hour = activity.poisson_rate();
    }
    s
}
