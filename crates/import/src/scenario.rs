//! The inferred scenario as TOML text, written by hand so that every value
//! carries its evidence as a comment, and every default says so.

use crate::model::{CohortOut, Model, Noted};
use authsim_core::scenario::activity::UtcOffset;
use authsim_core::scenario::duration::format_seconds;
use std::fmt::Write;

/// What a value not in the exports is marked with.
pub const DEFAULT: &str = "# DEFAULT (not in the exports): ";

/// What each method needs, after scenarios/second-factors.toml: (name,
/// device_bound, requires, why).
const NEEDS: [(&str, bool, &[&str]); 10] = [
    ("password", false, &[]),
    (
        "authenticator_push",
        false,
        &["mfa_service", "push_notifications", "phone"],
    ),
    ("authenticator_code", false, &["mfa_service", "phone"]),
    ("sms", false, &["mfa_service", "phone_carrier", "phone"]),
    (
        "voice_call",
        false,
        &["mfa_service", "phone_carrier", "phone"],
    ),
    ("hardware_token", false, &["mfa_service"]),
    (
        "authenticator_passwordless",
        false,
        &["push_notifications", "phone"],
    ),
    ("fido2_key", false, &["security_key"]),
    ("windows_hello", true, &[]),
    ("certificate", false, &[]),
];

/// Components methods may need; per-user ones are each user's own.
const COMPONENTS: [(&str, bool); 5] = [
    ("mfa_service", false),
    ("phone_carrier", false),
    ("push_notifications", false),
    ("phone", true),
    ("security_key", true),
];

fn comment<T>(n: &Noted<T>) -> String {
    if n.default {
        format!("{DEFAULT}{}", n.note)
    } else {
        format!("# {}", n.note)
    }
}

fn lines(out: &mut String, notes: &[String]) {
    for n in notes {
        match n.strip_prefix("DEFAULT (not in the exports): ") {
            Some(rest) => writeln!(out, "{DEFAULT}{rest}"),
            None => writeln!(out, "# {n}"),
        }
        .unwrap();
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list(names: &[impl AsRef<str>]) -> String {
    let items: Vec<String> = names.iter().map(|n| quoted(n.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// A key that is a bare TOML key as is, or quoted.
fn key(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        quoted(name)
    }
}

pub fn write(m: &Model) -> String {
    let mut o = String::new();
    let w = &mut o;
    writeln!(w, "#:schema ./authsim.schema.json").unwrap();
    lines(w, &m.header);
    writeln!(
        w,
        "\ndescription = \"Imported from the tenant's sign-in logs by authsim import\""
    )
    .unwrap();
    writeln!(w, "\n[simulation]").unwrap();
    writeln!(
        w,
        "horizon = \"{}d\"   {}",
        m.horizon_days.value,
        comment(&m.horizon_days)
    )
    .unwrap();
    writeln!(
        w,
        "warmup = \"{}d\"   {}",
        m.warmup_days.value,
        comment(&m.warmup_days)
    )
    .unwrap();
    writeln!(
        w,
        "replications = {}   {}",
        m.replications.value,
        comment(&m.replications)
    )
    .unwrap();
    writeln!(w, "seed = {}   {}", m.seed.value, comment(&m.seed)).unwrap();
    writeln!(
        w,
        "bucket = \"1h\"   {DEFAULT}hourly charts, the core's default"
    )
    .unwrap();
    let p = &m.policy;
    writeln!(w, "\n[policy]").unwrap();
    lines(w, &p.lifetime_note);
    writeln!(w, "access_token_lifetime = \"60m..90m\"").unwrap();
    writeln!(w, "{}", comment(&p.sign_in_frequency)).unwrap();
    writeln!(
        w,
        "sign_in_frequency = \"{}\"",
        format_seconds(p.sign_in_frequency.value)
    )
    .unwrap();
    writeln!(w, "{}", comment(&p.mfa)).unwrap();
    writeln!(w, "mfa = \"{}\"", p.mfa.value).unwrap();
    writeln!(w, "{}", comment(&p.cae)).unwrap();
    writeln!(w, "cae = {}", p.cae.value).unwrap();
    writeln!(w, "token_requests_require = [\"token_service\"]").unwrap();
    components(w, m);
    writeln!(
        w,
        "\n# --- methods: what each needs (after scenarios/second-factors.toml) ---"
    )
    .unwrap();
    for name in &m.methods {
        let (_, bound, requires) = NEEDS
            .iter()
            .find(|(n, _, _)| n == name)
            .expect("a known method");
        let factor = authsim_signins::vocabulary::methods::by_name(name)
            .expect("a known method")
            .factor;
        writeln!(w, "\n[methods.{name}]").unwrap();
        writeln!(
            w,
            "factor = \"{}\"",
            format!("{factor:?}").to_ascii_lowercase()
        )
        .unwrap();
        if *bound {
            writeln!(w, "device_bound = true").unwrap();
        }
        writeln!(w, "requires = {}", list(requires)).unwrap();
    }
    writeln!(
        w,
        "\n# --- apps --------------------------------------------------------------"
    )
    .unwrap();
    for a in &m.apps {
        writeln!(w, "\n[apps.{}]", key(&a.name)).unwrap();
        writeln!(w, "{}", comment(&a.kind)).unwrap();
        writeln!(w, "kind = \"{}\"", a.kind.value).unwrap();
        if a.cae_capable {
            writeln!(w, "cae_capable = true   # CAE tokens seen").unwrap();
        }
        writeln!(
            w,
            "{DEFAULT}retry, the core's default (a log shows no client's retry policy)"
        )
        .unwrap();
    }
    writeln!(
        w,
        "\n# --- cohorts -----------------------------------------------------------"
    )
    .unwrap();
    for c in &m.cohorts {
        cohort(w, c);
    }
    if !m.notes.is_empty() {
        writeln!(w, "\n# Read and not used:").unwrap();
        lines(w, &m.notes);
    }
    o
}

fn components(w: &mut String, m: &Model) {
    let needed = |c: &str| {
        m.methods
            .iter()
            .any(|name| NEEDS.iter().any(|(n, _, r)| n == name && r.contains(&c)))
    };
    writeln!(
        w,
        "\n# --- components ----------------------------------------------------------"
    )
    .unwrap();
    writeln!(
        w,
        "# Logs hold no outages: each failure below is a what-if, not a finding."
    )
    .unwrap();
    writeln!(w, "\n[components.token_service]").unwrap();
    writeln!(
        w,
        "{DEFAULT}a what-if: the token service down 4 h on the first Wednesday after the warm-up, 10:00 UTC"
    )
    .unwrap();
    writeln!(
        w,
        "outages = [{{ start = \"{}d 10:00\", duration = \"4h\" }}]",
        m.warmup_days.value
    )
    .unwrap();
    for (name, per_user) in COMPONENTS.iter().filter(|(c, _)| needed(c)) {
        writeln!(w, "\n[components.{name}]").unwrap();
        writeln!(w, "{DEFAULT}never fails").unwrap();
        if *per_user {
            writeln!(w, "scope = \"per_user\"   # each user's own").unwrap();
        }
    }
}

fn number(x: f64) -> String {
    format!("{x}")
}

fn cohort(w: &mut String, c: &CohortOut) {
    writeln!(w, "\n[cohorts.{}]", key(&c.name)).unwrap();
    if c.workloads {
        writeln!(w, "kind = \"workloads\"").unwrap();
    }
    writeln!(w, "{}", comment(&c.users)).unwrap();
    writeln!(w, "users = {}", c.users.value).unwrap();
    writeln!(w, "apps = {}", list(&c.apps)).unwrap();
    if c.guest {
        writeln!(
            w,
            "guest = true   # most of its users are guests (userType)"
        )
        .unwrap();
    }
    if let Some(d) = &c.device {
        writeln!(w, "{}", comment(d)).unwrap();
        writeln!(
            w,
            "device = \"{}\"",
            if d.value {
                "registered"
            } else {
                "unregistered"
            }
        )
        .unwrap();
    }
    if let Some(s) = &c.sign_in_frequency {
        writeln!(w, "{}", comment(s)).unwrap();
        writeln!(w, "sign_in_frequency = \"{}\"", format_seconds(s.value)).unwrap();
    }
    if !c.registrations.is_empty() {
        lines(w, &c.registrations_note);
        writeln!(w, "registrations = [").unwrap();
        for (share, methods) in &c.registrations {
            writeln!(
                w,
                "  {{ share = {}, methods = {} }},",
                number(*share),
                list(methods)
            )
            .unwrap();
        }
        writeln!(w, "]").unwrap();
    }
    writeln!(w, "\n[cohorts.{}.activity]", key(&c.name)).unwrap();
    lines(w, &c.activity_note);
    writeln!(w, "{}", comment(&c.utc_offset)).unwrap();
    writeln!(w, "utc_offset = \"{}\"", UtcOffset(c.utc_offset.value)).unwrap();
    writeln!(
        w,
        "# Attempts per user per hour, local time; rows Monday to Sunday, 00:00 first."
    )
    .unwrap();
    writeln!(w, "attempts_by_hour = [").unwrap();
    for (day, row) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .zip(c.attempts_by_hour.chunks(24))
    {
        let row: Vec<String> = row.iter().map(|x| number(*x)).collect();
        writeln!(w, "  [{}],   # {day}", row.join(", ")).unwrap();
    }
    writeln!(w, "]").unwrap();
    if !c.app_weights.is_empty() {
        let weights: Vec<String> = c
            .app_weights
            .iter()
            .map(|(a, x)| format!("{} = {}", key(a), number(*x)))
            .collect();
        writeln!(
            w,
            "# Each app's mean use rate over the cohort's mean (its apps' mean)."
        )
        .unwrap();
        writeln!(w, "app_weights = {{ {} }}", weights.join(", ")).unwrap();
    }
}
