//! The methods the guidance ranks, against hand-worked expectations: Windows
//! Hello for Business (device-bound, no MFA service), the PRT's MFA claim after
//! a contingency waiver, security keys and phones not at hand for a day, the
//! standing "MFA or compliant device" grant, and `scenarios/second-factors.toml`
//! through each of its outages. Each expectation is derived in its comment.

use authsim::analysis::{self, Analysis, PathAnalysis};
use authsim::model::worlds;
use authsim::montecarlo::metrics::Metric;
use authsim::montecarlo::{RunResult, SliceResult};
use authsim::scenario::load_str;
use std::path::Path;

mod common;
use common::{assert_inside, simulate};

/// A day of warm-up and `days` measured days of one app, every use an
/// interactive sign-in (tokens and sign-in frequency of a millisecond, no
/// client retries), with `extra` (the cohorts) appended.
fn every_use_signs_in(days: u32, mfa: &str, extra: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "{horizon}d"
warmup = "1d"
replications = 20
seed = 22
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "{mfa}"
[components.token_service]
[apps.mail]
early_renewal = false
retry = {{ backoff = "none" }}
[methods.password]
factor = "first"
requires = []
{extra}
"#,
        horizon = days + 1,
    )
}

/// Every expectation here assumes a person tries every use, as a clock
/// (giving up has tests of its own, in tests/people.rs).
fn clocks(text: &str) -> String {
    format!("{text}\n[people]\ngive_up_after = 0\n")
}

fn all_day(rate: u32) -> String {
    format!("activity = {{ hours = \"00:00-24:00\", days = \"all\", attempts_per_hour = {rate} }}")
}

fn cohort<'a>(result: &'a RunResult, v: usize, name: &str) -> &'a SliceResult {
    result.variants[v].slice(name, "all").unwrap()
}

fn mean(slice: &SliceResult, metric: Metric) -> f64 {
    slice.metric(metric).mean
}

/// Windows Hello on registered devices needs no MFA service and is itself the
/// MFA: through a 4-hour MFA-service outage its users are never denied and
/// never see an MFA prompt. Password + SMS users (SMS needs the MFA service)
/// are denied every use in the outage, 4 of the 48 measured hours, and see an
/// MFA prompt at every sign-in: 24 x 2 = 48 a day.
#[test]
fn windows_hello_rides_out_an_mfa_outage_that_denies_sms() {
    let extra = format!(
        r#"
[components.mfa_service]
outages = [{{ start = "2d 10:00", duration = "4h" }}]
[methods.sms]
factor = "second"
requires = ["mfa_service"]
[methods.windows_hello]
factor = "passwordless"
device_bound = true
requires = []
[cohorts.hello]
users = 500
apps = ["mail"]
device = "registered"
registrations = [{{ share = 1.0, methods = ["windows_hello"] }}]
{activity}
[cohorts.sms]
users = 500
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password", "sms"] }}]
{activity}
"#,
        activity = all_day(2)
    );
    let result = simulate(&clocks(&every_use_signs_in(2, "every_sign_in", &extra)));
    let hello = cohort(&result, 0, "hello");
    assert_eq!(mean(hello, Metric::DenialRate), 0.0);
    assert_eq!(mean(hello, Metric::MfaPromptsPerUserDay), 0.0);
    assert_inside(
        "hello prompts",
        hello.metric(Metric::PromptsPerUserDay),
        48.0,
        0.0,
    );
    let sms = cohort(&result, 0, "sms");
    assert_inside(
        "sms denial rate",
        sms.metric(Metric::DenialRate),
        4.0 / 48.0,
        0.0,
    );
    // Every sign-in asks for SMS, failed ones included.
    assert_inside(
        "sms MFA prompts",
        sms.metric(Metric::MfaPromptsPerUserDay),
        48.0,
        0.0,
    );
}

/// One app used on the clock at every hour; its refresh token idles out after
/// 30 minutes, so each use opens a new session through the device's PRT
/// (single sign-on), and the sign-in frequency never runs out. Every user is
/// revoked at 09:30 on the first measured day, inside a 09:00-11:30 MFA outage
/// during which a rule accepts the compliant device. 10:00: interactive
/// sign-in, MFA waived (a prompt, no MFA prompt): the new PRT has no MFA claim.
/// 11:00: single sign-on needs MFA, which the rule still waives (no prompt).
/// 12:00, the MFA service back: single sign-on asks for MFA, an SMS (a prompt
/// and an MFA prompt), which gives the PRT its claim; no prompt after. Over
/// the 2 measured days: 2 prompts (1 a day), 1 MFA prompt (0.5 a day), 2
/// waived. Were every PRT to carry the claim, the SSOs at 11:00 and 12:00
/// would ask nothing: 0.5 prompts and no MFA prompt a day, 1 waived.
#[test]
fn single_sign_on_asks_for_mfa_a_waiver_left_out_of_the_prt() {
    let scenario = r#"
[simulation]
horizon = "3d"
warmup = "1d"
replications = 2
seed = 5
[policy]
access_token_lifetime = "1ms"
refresh_token_inactivity = "30m"
sign_in_frequency = "never"
mfa = "every_sign_in"
[components.token_service]
[components.mfa_service]
outages = [{ start = "1d 09:00", duration = "2h30m" }]
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["mfa_service"]
[apps.mail]
early_renewal = false
retry = { backoff = "none" }
[cohorts.staff]
users = 50
apps = ["mail"]
device = "registered"
revocations_at = ["1d 09:30"]
registrations = [{ share = 1.0, methods = ["password", "sms"] }]
activity = { hours = "00:00-24:00", days = "all", every = "1h" }
[contingency.device_for_mfa]
when_down = ["mfa_service"]
action = "accept_compliant_device"
"#;
    let result = simulate(&clocks(scenario));
    let v = &result.variants[0];
    assert_eq!(v.metric(Metric::DenialRate).mean, 0.0);
    assert_eq!(v.metric(Metric::PromptsPerUserDay).mean, 1.0);
    assert_eq!(v.metric(Metric::MfaPromptsPerUserDay).mean, 0.5);
    assert_eq!(v.metric(Metric::MfaWaivedSignIns).mean, 2.0 * 50.0);
}

/// A security key not at hand on a share p = 0.1 of days (whole days, each on
/// its own). Every use is a sign-in, 2 an hour all day: a user with the key
/// alone is denied every use of such a day, a share p of all uses, and is
/// locked out at least once over the 4 measured days with probability
/// 1 - (1 - p)^4 = 0.3439 (a day with no use at all has probability e^-48).
/// A user with a password and a TOTP app as a second method is never denied,
/// and answers a TOTP prompt at each of the 48 sign-ins of such a day:
/// p x 48 = 4.8 MFA prompts a day. `analyze` takes the key's unavailability to
/// be p.
#[test]
fn a_key_not_at_hand_denies_its_days_or_costs_the_second_method() {
    let extra = format!(
        r#"
[components.security_key]
scope = "per_user"
daily_unavailability = 0.1
[methods.fido2_key]
factor = "passwordless"
requires = ["security_key"]
[methods.totp_app]
factor = "second"
requires = []
[cohorts.key_only]
users = 1000
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["fido2_key"] }}]
{activity}
[cohorts.key_and_totp]
users = 500
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["fido2_key", "password", "totp_app"] }}]
{activity}
"#,
        activity = all_day(2)
    );
    let text = every_use_signs_in(4, "every_sign_in", &extra);
    let result = simulate(&clocks(&text));
    let p: f64 = 0.1;
    let key_only = cohort(&result, 0, "key_only");
    assert_inside("denied", key_only.metric(Metric::DenialRate), p, 0.0);
    assert_inside(
        "locked out",
        key_only.metric(Metric::UsersLockedOut),
        1.0 - (1.0 - p).powi(4),
        0.0,
    );
    assert_eq!(mean(key_only, Metric::MfaPromptsPerUserDay), 0.0);
    let both = cohort(&result, 0, "key_and_totp");
    assert_eq!(mean(both, Metric::DenialRate), 0.0);
    assert_inside(
        "TOTP prompts",
        both.metric(Metric::MfaPromptsPerUserDay),
        p * 48.0,
        0.0,
    );
    let a = analysed(&text);
    let key = a.events.iter().find(|e| e.name == "security_key").unwrap();
    assert!(
        (key.unavailability - p).abs() < 1e-12,
        "{}",
        key.unavailability
    );
    assert!((1.0 - sign_in(&a, "key_only").availability - p).abs() < 1e-12);
}

fn analysed(text: &str) -> Analysis {
    let plan = load_str(&clocks(text), Path::new("methods.toml")).unwrap();
    analysis::analyze(&worlds(&plan)[0], 8).expect("a small analysis")
}

fn sign_in<'a>(a: &'a Analysis, cohort: &str) -> &'a PathAnalysis {
    let mix = a.mixes.iter().find(|m| m.cohort == cohort).unwrap();
    mix.paths.iter().find(|p| p.path == "sign-in").unwrap()
}

/// The standing grant: from a registered device, MFA is satisfied without a
/// second factor at every sign-in, so those users see no MFA prompt and ride
/// out a 4-hour MFA outage; users on unregistered devices still answer SMS at
/// each of their 48 sign-ins a day and are denied 4 of 48 hours. `analyze`
/// agrees: the registered cohort's sign-in needs only the token service
/// (never down), the other's the MFA service too, down 4 of the 48 measured hours.
#[test]
fn a_standing_grant_spares_registered_devices_the_second_factor() {
    let extra = format!(
        r#"
[components.mfa_service]
outages = [{{ start = "2d 10:00", duration = "4h" }}]
[methods.sms]
factor = "second"
requires = ["mfa_service"]
[cohorts.laptops]
users = 500
apps = ["mail"]
device = "registered"
registrations = [{{ share = 1.0, methods = ["password", "sms"] }}]
{activity}
[cohorts.kiosks]
users = 500
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password", "sms"] }}]
{activity}
"#,
        activity = all_day(2)
    );
    let text = every_use_signs_in(2, "every_sign_in_or_compliant_device", &extra);
    let result = simulate(&clocks(&text));
    let laptops = cohort(&result, 0, "laptops");
    assert_eq!(mean(laptops, Metric::MfaPromptsPerUserDay), 0.0);
    assert_eq!(mean(laptops, Metric::DenialRate), 0.0);
    assert_eq!(mean(laptops, Metric::MfaWaivedSignIns), 0.0);
    let kiosks = cohort(&result, 0, "kiosks");
    assert_inside(
        "kiosk MFA prompts",
        kiosks.metric(Metric::MfaPromptsPerUserDay),
        48.0,
        0.0,
    );
    assert_inside(
        "kiosk denials",
        kiosks.metric(Metric::DenialRate),
        4.0 / 48.0,
        0.0,
    );
    let a = analysed(&text);
    assert_eq!(sign_in(&a, "laptops").availability, 1.0);
    let kiosk = sign_in(&a, "kiosks");
    assert!((kiosk.availability - 44.0 / 48.0).abs() < 1e-12);
    assert!(kiosk.single_points.iter().any(|s| s == "mfa_service"));
}

/// `scenarios/second-factors.toml` with one outage at a time (and nothing
/// else failing): each covers 07:00-13:00 UTC of a working day that runs
/// 07:00-16:00 UTC (08:00-17:00 at +01:00). Every morning's first use signs in
/// (the 12-hour sign-in frequency ran out overnight), so a method the outage
/// breaks has every use of its users from 07:00 to 13:00 denied that day: 6 of
/// the 27 measured working hours (Wednesday to Friday); a method it does not
/// touch, none. The carrier breaks SMS and voice alike (voice buys nothing);
/// the push service breaks push alone; the MFA service every second factor,
/// TOTP and the OATH token included, but neither the FIDO2 key nor Windows
/// Hello, which need no MFA service.
#[test]
fn second_factors_rank_as_their_dependencies_say() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/second-factors.toml"),
    )
    .unwrap()
    .replace("replications = 20", "replications = 10")
    .replace("daily_unavailability = 0.01", "daily_unavailability = 0.0")
    .replace("daily_unavailability = 0.02", "daily_unavailability = 0.0");
    let mixes = [
        ("password+sms", [true, false, true]),
        ("password+sms+voice_call", [true, false, true]),
        ("password+authenticator_push", [false, true, true]),
        ("password+totp_app", [false, false, true]),
        ("password+oath_token", [false, false, true]),
        ("fido2_key+password+totp_app", [false, false, false]),
        ("fido2_key", [false, false, false]),
        (
            "windows_hello+password+authenticator_push",
            [false, false, false],
        ),
    ];
    let outages = ["phone_carrier", "push_notifications", "mfa_service"];
    for (i, down) in outages.iter().enumerate() {
        // Only this outage stays.
        let mut one = text.clone();
        for other in outages.iter().filter(|o| *o != down) {
            let table = format!("[components.{other}]\noutages = ");
            one = one.replace(&table, &format!("[components.{other}]\nignored = "));
        }
        let one = one.replace("\nignored = ", "\n# ");
        let result = simulate(&clocks(&one));
        for (mix, broken) in mixes {
            let slice = cohort(&result, 0, &format!("office/{mix}"));
            let what = format!("{down}: {mix}");
            match broken[i] {
                true => assert_inside(&what, slice.metric(Metric::DenialRate), 6.0 / 27.0, 0.0),
                false => assert_eq!(mean(slice, Metric::DenialRate), 0.0, "{what}"),
            }
            // The standing grant: every laptop is registered, no second factor asked.
            let granted = cohort(&result, 1, &format!("office/{mix}"));
            assert_eq!(mean(granted, Metric::DenialRate), 0.0, "{what}, granted");
        }
    }
}

/// Windows Hello registered by users whose devices are not registered never
/// works: the scenario is warned about, and every sign-in falls back to the
/// password and SMS (48 MFA prompts a day, as if it were not there); `analyze`
/// gives the sign-in the SMS path's availability, 44 of 48 hours.
#[test]
fn windows_hello_without_a_registered_device_never_works() {
    let extra = format!(
        r#"
[components.mfa_service]
outages = [{{ start = "2d 10:00", duration = "4h" }}]
[methods.sms]
factor = "second"
requires = ["mfa_service"]
[methods.windows_hello]
factor = "passwordless"
device_bound = true
requires = []
[cohorts.shared_pcs]
users = 500
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["windows_hello", "password", "sms"] }}]
{activity}
"#,
        activity = all_day(2)
    );
    let text = every_use_signs_in(2, "every_sign_in", &extra);
    let plan = load_str(&clocks(&text), Path::new("methods.toml")).unwrap();
    let warned: Vec<String> = plan.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("`windows_hello` is device-bound")),
        "{warned:?}"
    );
    let v = &simulate(&clocks(&text)).variants[0];
    assert_inside("denied", v.metric(Metric::DenialRate), 4.0 / 48.0, 0.0);
    assert_inside(
        "MFA prompts",
        v.metric(Metric::MfaPromptsPerUserDay),
        48.0,
        0.0,
    );
    let a = analysed(&text);
    assert!((sign_in(&a, "shared_pcs").availability - 44.0 / 48.0).abs() < 1e-12);
}
