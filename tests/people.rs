//! People during a failure (`[people]`), against hand-worked expectations: a
//! person who gives up after k failures in a row for a fixed T, the help desk
//! calls they make and the hour they make them in, method switching, and
//! `give_up_after = 0` giving authsim 0.4's summaries exactly.
//!
//! The working day: the MFA service is down all of Tuesday's working window
//! (09:00-13:00, W = 4 h), the measured day; on Monday, the warm-up, everyone
//! signs in. Uses are a Poisson stream of λ = 3 an hour; access tokens last
//! 1 h and sessions a millisecond, so Monday's tokens expired overnight and
//! every use on Tuesday is an interactive sign-in: one prompt and one MFA
//! prompt (SMS, the only second factor), failing. The client does not retry a
//! failed sign-in. So the failures in a row are the uses tried, from 09:00.

use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::stats::Estimate;
use authsim::montecarlo::{RunResult, VariantResult};

mod common;
use common::{simulate, summary};

const LAMBDA: f64 = 3.0;
const W: f64 = 4.0;
const USERS: f64 = 2000.0;
const REPLICATIONS: f64 = 10.0;

/// The working day above, for `USERS` users with `people` as `[people]`, and
/// `extra` appended (variants).
fn working_day(methods: &str, registration: &str, people: &str, extra: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "2d"
warmup = "1d"
replications = {REPLICATIONS}
seed = 7
bucket = "1h"
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "every_sign_in"
[components.token_service]
[components.mfa_service]
outages = [{{ start = "1d 08:00", duration = "6h" }}]
[methods.password]
factor = "first"
requires = []
{methods}
[apps.mail]
early_renewal = false
retry = {{ attempts = 0 }}
[cohorts.staff]
users = {USERS}
apps = ["mail"]
registrations = [{{ share = 1.0, methods = {registration} }}]
activity = {{ hours = "09:00-13:00", days = "all", attempts_per_hour = {LAMBDA} }}
[people]
{people}
{extra}
"#
    )
}

const SMS: &str = "[methods.sms]\nfactor = \"second\"\nrequires = [\"mfa_service\"]";

/// P(Γ(n, λ) < x): the n-th use of a Poisson stream comes before x (Erlang).
fn erlang_cdf(n: u32, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let (mut term, mut below) = ((-LAMBDA * x).exp(), 0.0);
    for m in 0..n {
        below += term;
        term *= LAMBDA * x / f64::from(m + 1);
    }
    1.0 - below
}

/// Attempts tried in the window, per user: attempt j comes at
/// Γ(j, λ) + T·floor((j - 1)/k), one give-up wait after every k.
fn attempts(k: u32, t: f64) -> f64 {
    (1..200)
        .map(|j| erlang_cdf(j, W - t * f64::from((j - 1) / k)))
        .sum()
}

/// Uses skipped per user: the i-th wait starts at S_i = Γ(ik, λ) + (i - 1)T
/// and skips λ·min(T, W - S_i)⁺ uses in expectation, where
/// E[min(T, (W' - G)⁺)] = ∫₀ᵀ P(G < W' - u) du (Simpson's rule).
fn gave_up(k: u32, t: f64) -> f64 {
    let steps = 2000;
    let h = t / f64::from(steps);
    (1..100)
        .map(|i| {
            let w = W - f64::from(i - 1) * t;
            let f = |s: u32| erlang_cdf(i * k, w - f64::from(s) * h);
            let inner: f64 = (1..steps)
                .map(|s| f(s) * if s % 2 == 1 { 4.0 } else { 2.0 })
                .sum();
            LAMBDA * h / 3.0 * (f(0) + inner + f(steps))
        })
        .sum()
}

/// Within 4 standard errors of the replications' mean.
fn assert_close(what: &str, e: Estimate, expected: f64) {
    let se = e.sd / (e.n as f64).sqrt();
    assert!(
        (e.mean - expected).abs() <= 4.0 * se,
        "{what}: expected {expected:.5}, simulated {:.5} (standard error {se:.5}, n = {})",
        e.mean,
        e.n
    );
    assert!(se < 0.05 * expected.abs(), "{what}: too coarse to test");
}

fn variant<'a>(result: &'a RunResult, name: &str) -> &'a VariantResult {
    result.variants.iter().find(|v| v.name == name).unwrap()
}

/// k = 2 failures, T = 1 h away, help desk share p = 0.4; and k = 1, T = 30 m.
#[test]
fn a_person_who_gives_up_tries_sees_and_calls_as_derived() {
    let registration = "[\"password\", \"sms\"]";
    let people = "give_up_after = 2\ncome_back_after = \"1h\"\nhelpdesk_share = 0.4";
    let extra = "[[variant]]\nname = \"k1\"\nset.people = { give_up_after = 1, come_back_after = \"30m\", helpdesk_share = 0.4 }";
    let result = simulate(&working_day(SMS, registration, people, extra));
    for (name, k, t) in [("baseline", 2, 1.0), ("k1", 1, 0.5)] {
        let v = variant(&result, name);
        let tried = attempts(k, t);
        // One day measured: per user-day is per user.
        assert_close(name, v.metric(Metric::PromptsPerUserDay), tried);
        assert_close(name, v.metric(Metric::MfaPromptsPerUserDay), tried);
        assert_close(name, v.metric(Metric::Attempts), tried * USERS);
        assert_close(
            name,
            v.metric(Metric::GaveUpAttempts),
            gave_up(k, t) * USERS,
        );
        // One call at most, at the k-th failure, if it comes in the window.
        let calls = 0.4 * erlang_cdf(k, W);
        assert_close(
            name,
            v.metric(Metric::HelpdeskCallsPer1kUsers),
            1000.0 * calls,
        );
        // Locked out from the first use to 13:00, away or not.
        let lockout = W - (1.0 - (-LAMBDA * W).exp()) / LAMBDA;
        assert_close(
            name,
            v.metric(Metric::LockoutHoursPer1kUsers),
            1000.0 * lockout,
        );
    }
}

/// With p = 1 and k = 1, everyone calls at their first use: in 09:00-10:00,
/// Binomial(N, 1 - e^{-λ}) calls, the busiest hour by far (e^{-λ}N after).
#[test]
fn the_busiest_hour_of_calls_is_the_first_hours_binomial() {
    let people = "give_up_after = 1\ncome_back_after = \"1h\"\nhelpdesk_share = 1.0";
    let result = simulate(&working_day(SMS, "[\"password\", \"sms\"]", people, ""));
    let q = 1.0 - (-LAMBDA).exp();
    let peak = result.variants[0].metric(Metric::PeakHelpdeskCallsPerHour);
    let expected = USERS * q;
    let se = (USERS * q * (1.0 - q) / REPLICATIONS).sqrt();
    assert!(
        (peak.mean - expected).abs() <= 4.0 * se,
        "peak calls: expected {expected:.2} ± {se:.2}, simulated {:.2}",
        peak.mean
    );
}

/// SMS down, push up, both registered (SMS first). Without switching every
/// sign-in asks for SMS, then push: 2 MFA prompts per use, 2λW a day. With
/// it, the first SMS failure makes the person wary of SMS for the rest of the
/// day (T = 10 h): push alone from then on, λW + P(any use) = λW + 1 - e^{-λW}.
#[test]
fn switching_methods_spares_the_prompt_of_the_method_seen_failing() {
    let methods = format!("{SMS}\n[methods.push]\nfactor = \"second\"\nrequires = []");
    let people = "give_up_after = 2\ncome_back_after = \"10h\"";
    let extra = "[[variant]]\nname = \"no switching\"\nset.people.switch_methods = false";
    let result = simulate(&working_day(
        &methods,
        "[\"password\", \"sms\", \"push\"]",
        people,
        extra,
    ));
    let uses = LAMBDA * W;
    let with = variant(&result, "baseline");
    let without = variant(&result, "no switching");
    assert_close("prompts", with.metric(Metric::PromptsPerUserDay), uses);
    assert_close(
        "with switching",
        with.metric(Metric::MfaPromptsPerUserDay),
        uses + 1.0 - (-uses).exp(),
    );
    assert_close(
        "without switching",
        without.metric(Metric::MfaPromptsPerUserDay),
        2.0 * uses,
    );
    assert_eq!(with.metric(Metric::DenialRate).mean, 0.0);
}

/// `give_up_after = 0`: people are clocks again, and the bundled scenarios
/// summarise as authsim 0.4 did (tests/expected/clocks/, copied before people
/// were modelled): every row, means byte for byte, interval bounds to 1e-9
/// (the last digits of a Student-t quantile), the new metrics' rows aside.
#[test]
fn giving_up_after_zero_failures_reproduces_people_as_clocks() {
    for scenario in ["token-service-outage", "workloads"] {
        let actual = summary::of_bundled(scenario, |plan| {
            for v in &mut plan.variants {
                v.scenario.people.give_up_after = 0;
            }
        });
        // The metrics 0.5 added: every one from the help desk's on.
        let new: Vec<Metric> = Metric::ALL
            .into_iter()
            .skip_while(|&m| m != Metric::HelpdeskCallsPer1kUsers)
            .collect();
        let old: Vec<&str> = actual
            .lines()
            .filter(|row| !new.iter().any(|m| row.contains(&format!(",{},", m.name()))))
            .collect();
        summary::assert_as_pinned(&format!("clocks/{scenario}"), &old.join("\n"));
    }
}
