//! Defaults that depend on another key (an app's kind, whether an activity runs
//! on the clock), filled in after a variant's overrides, so a variant that changes
//! the other key gets the default that goes with it, and `scenario.resolved.toml`
//! shows every value the run used.

use super::{AppKind, Scenario};

/// Fills the dependent defaults of every app and cohort...
pub fn complete(s: Scenario) -> Scenario {
    complete_except(s, &[])
}

/// ...except where a variant or the sweep sets the key they depend on (`touched`
/// holds their paths): written into the resolved file there, the base's default
/// would outlive the change and a rerun would differ.
pub fn complete_except(mut s: Scenario, touched: &[Vec<String>]) -> Scenario {
    let touches = |section: &str, name: &str, keys: &[&str]| {
        touched.iter().any(|path| {
            path.len() >= 2
                && path[0] == section
                && path[1] == *name
                && (path.len() == 2 || keys.contains(&path[path.len() - 1].as_str()))
        })
    };
    for (name, app) in &mut s.apps {
        if touches("apps", name, &["kind"]) {
            continue;
        }
        app.token_lifetime = app.token_lifetime.or(app.kind.default_token_lifetime());
        if app.kind != AppKind::WebApp {
            let early = app.early_renewal();
            app.early_renewal = Some(early.is_some());
            if let Some((at, min_lifetime)) = early {
                app.early_renewal_at = Some(at);
                app.early_renewal_min_lifetime = Some(min_lifetime);
            }
        }
        app.session_cookie_lifetime = app.session_cookie_lifetime();
    }
    for (name, cohort) in &mut s.cohorts {
        let activity = &mut cohort.activity;
        // A profile stands in for working hours, days and a rate alike.
        if activity.attempts_by_hour.is_some() {
            continue;
        }
        activity.hours = Some(activity.hours());
        activity.days = Some(activity.days());
        if touches(
            "cohorts",
            name,
            &["every", "attempts_per_hour", "attempts_by_hour"],
        ) {
            continue;
        }
        activity.attempts_per_hour = activity.poisson_rate();
    }
    s
}
