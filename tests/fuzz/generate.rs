//! Seeded scenarios written from scratch: every section, each setting drawn from
//! usual values and, now and then, from values at and past its bounds (k of n
//! groups of up to 100 copies, heavy tails, recurring outages, contingency,
//! fallback and key events, variants and sweeps), so that most of them load and
//! reach the analysis and the engine, and the rest probe one bound at a time.

use rand::RngExt;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_xoshiro::Xoshiro256PlusPlus as Rng;
use std::fmt::Write;

const KINDS: [&str; 4] = [
    "public_client",
    "web_app",
    "managed_identity",
    "client_secret",
];

/// What the sections of one scenario refer to, drawn first.
struct Shape {
    horizon: &'static str,
    /// Every component, and the global ones (the rest are per-user).
    components: Vec<usize>,
    global: Vec<usize>,
    /// m0 is a first factor and m1 a second: most registrations can sign in.
    factors: Vec<&'static str>,
    mfa: bool,
    /// a0 is a public client: every cohort of people has an app.
    kinds: Vec<&'static str>,
}

/// One of `usual`, or once in a hundred draws one of `rare`: a value at or past a
/// bound, so that a scenario usually holds at most one.
fn pick<T: Copy>(rng: &mut Rng, usual: &[T], rare: &[T]) -> T {
    match rare.is_empty() || rng.random_bool(0.99) {
        true => *usual.choose(rng).unwrap(),
        false => *rare.choose(rng).unwrap(),
    }
}

/// A scenario drawn from `rng`.
pub fn scenario(rng: &mut Rng) -> String {
    let components: Vec<usize> = (0..rng.random_range(1..=6)).collect();
    let methods = rng.random_range(1..=5);
    let shape = Shape {
        horizon: pick(rng, &["2d", "4d", "30d"], &["1d", "400d"]),
        global: components
            .iter()
            .copied()
            .filter(|&c| c == 0 || rng.random_bool(0.8))
            .collect(),
        components,
        factors: (0..methods)
            .map(|m| match m {
                0 => "first",
                1 => "second",
                _ => pick(rng, &["first", "second", "passwordless"], &[]),
            })
            .collect(),
        mfa: methods > 1 && rng.random_bool(0.5),
        kinds: (0..rng.random_range(1..=3))
            .map(|a| {
                if a == 0 {
                    KINDS[0]
                } else {
                    *KINDS.choose(rng).unwrap()
                }
            })
            .collect(),
    };
    let mut out = String::new();
    simulation(&mut out, rng, &shape);
    policy(&mut out, rng, &shape);
    for &c in &shape.components {
        component(&mut out, rng, c, &shape);
    }
    if rng.random_bool(0.3) {
        let _ = writeln!(
            out,
            "[common_cause.region]\ncomponents = {}",
            some(rng, "c", &shape.global, 1, 3)
        );
        schedule(&mut out, rng, shape.horizon);
    }
    for (m, factor) in shape.factors.iter().enumerate() {
        let _ = writeln!(out, "[methods.m{m}]\nfactor = \"{factor}\"");
        let _ = writeln!(
            out,
            "requires = {}",
            some(rng, "c", &shape.components, 0, 3)
        );
    }
    for (a, kind) in shape.kinds.iter().enumerate() {
        app(&mut out, rng, a, kind, &shape);
    }
    for cohort in 0..rng.random_range(1..=3) {
        people_or_workloads(&mut out, rng, cohort, &shape);
    }
    extras(&mut out, rng, &shape);
    out
}

/// A TOML list of `least` to `most` distinct names, `prefix` and one of `indices`.
fn some(rng: &mut Rng, prefix: &str, indices: &[usize], least: usize, most: usize) -> String {
    let mut all = indices.to_vec();
    all.shuffle(rng);
    let count = rng.random_range(least.min(all.len())..=most.min(all.len()));
    let names: Vec<String> = all[..count]
        .iter()
        .map(|i| format!("\"{prefix}{i}\""))
        .collect();
    format!("[{}]", names.join(", "))
}

fn span(rng: &mut Rng) -> &'static str {
    pick(
        rng,
        &["5m", "1h", "3h07m", "1d", "7d", "90d"],
        &["1ms", "1s", "1000000d"],
    )
}

fn simulation(out: &mut String, rng: &mut Rng, shape: &Shape) {
    let _ = writeln!(out, "[simulation]\nhorizon = \"{}\"", shape.horizon);
    let _ = writeln!(
        out,
        "warmup = \"{}\"",
        pick(rng, &["0s", "12h", "1d"], &["2d"])
    );
    let _ = writeln!(out, "replications = 2\nseed = {}", rng.random::<u32>());
    let _ = writeln!(
        out,
        "bucket = \"{}\"",
        pick(rng, &["1h", "1d"], &["1m", "1s"])
    );
}

fn policy(out: &mut String, rng: &mut Rng, shape: &Shape) {
    let mfa = if shape.mfa { "every_sign_in" } else { "never" };
    let _ = writeln!(out, "[policy]\nmfa = \"{mfa}\"");
    let _ = writeln!(
        out,
        "token_requests_require = {}",
        some(rng, "c", &shape.global, 0, 2)
    );
    let lifetime = pick(
        rng,
        &["60m..90m", "1h", "8h", "24h"],
        &["1ms..1000000d", "1ms"],
    );
    let _ = writeln!(out, "access_token_lifetime = \"{lifetime}\"");
    let _ = writeln!(
        out,
        "sign_in_frequency = \"{}\"",
        pick(rng, &["1h", "never", "90d"], &["1ms"])
    );
    let _ = writeln!(
        out,
        "remember_mfa = \"{}\"",
        pick(rng, &["never", "1d"], &["1ms"])
    );
    let _ = writeln!(
        out,
        "retry_after = \"{}\"",
        pick(rng, &["never", "30s"], &["1ms"])
    );
    let _ = writeln!(out, "cae = {}", rng.random_bool(0.3));
    if rng.random_bool(0.3) {
        let _ = writeln!(out, "backup_authentication = true");
        let _ = writeln!(
            out,
            "backup_requires = {}",
            some(rng, "c", &shape.global, 1, 2)
        );
    }
}

fn component(out: &mut String, rng: &mut Rng, c: usize, shape: &Shape) {
    let _ = writeln!(out, "[components.c{c}]");
    if !shape.global.contains(&c) {
        let _ = writeln!(out, "scope = \"per_user\"");
    }
    if rng.random_bool(0.4) {
        let instances: u32 = pick(rng, &[2, 3, 10, 100], &[101, 0]);
        let needed = rng.random_range(1..=instances.max(1));
        let _ = writeln!(out, "instances = {instances}\nneeded = {needed}");
    }
    schedule(out, rng, shape.horizon);
}

/// Fixed outages and random failures, each drawn near its bounds.
fn schedule(out: &mut String, rng: &mut Rng, horizon: &str) {
    if rng.random_bool(0.6) {
        let every = match rng.random_bool(0.4) {
            true => format!(", every = \"{}\"", pick(rng, &["1d", "7d"], &["1m", "1s"])),
            false => String::new(),
        };
        let start = pick(rng, &["0s", "1d", "1d 09:00"], &[horizon]);
        let duration = pick(rng, &["1s", "30s", "3h07m"], &["2d"]);
        let _ = writeln!(
            out,
            "outages = [{{ start = \"{start}\", duration = \"{duration}\"{every} }}]"
        );
    }
    if rng.random_bool(0.5) {
        let _ = writeln!(out, "time_to_failure = {}", distribution(rng));
        let _ = writeln!(out, "time_to_repair = {}", distribution(rng));
    }
}

fn distribution(rng: &mut Rng) -> String {
    let scale = span(rng);
    match rng.random_range(0..4) {
        0 => format!("{{ distribution = \"exponential\", mean = \"{scale}\" }}"),
        1 => format!(
            "{{ distribution = \"weibull\", shape = {}, scale = \"{scale}\" }}",
            pick(rng, &[0.5, 1.5, 10.0], &[0.1, 0.19])
        ),
        2 => format!(
            "{{ distribution = \"lognormal\", median = \"{scale}\", sigma = {} }}",
            pick(rng, &[0.5, 2.0], &[3.7, 4.0])
        ),
        _ => format!("{{ distribution = \"fixed\", value = \"{scale}\" }}"),
    }
}

fn app(out: &mut String, rng: &mut Rng, a: usize, kind: &str, shape: &Shape) {
    let _ = writeln!(out, "[apps.a{a}]\nkind = \"{kind}\"");
    let _ = writeln!(
        out,
        "requires = {}",
        some(rng, "c", &shape.components, 0, 2)
    );
    if kind == "public_client" && rng.random_bool(0.5) {
        let at = pick(rng, &[0.5, 0.9], &[0.99, 1.0]);
        let _ = writeln!(out, "cae_capable = true\nearly_renewal_at = {at}");
    }
    if kind == "web_app" && rng.random_bool(0.5) {
        let _ = writeln!(out, "session_cookie_lifetime = \"{}\"", span(rng));
    }
    if rng.random_bool(0.3) {
        let keys = format!(
            "refresh_every = \"{}\", metadata_requires = {}, on_refresh_failure = \"{}\"",
            pick(rng, &["1h", "1d"], &["1m", "1s"]),
            some(rng, "c", &shape.global, 0, 1),
            pick(rng, &["keep_last", "reject"], &[])
        );
        let _ = writeln!(out, "signing_keys = {{ {keys} }}");
    }
    let retry = format!(
        "attempts = {}, backoff = \"{}\", backoff_base = \"{}\", jitter = {}",
        pick(rng, &[0, 3, 10], &[100, 101]),
        pick(rng, &["exponential", "fixed", "none"], &[]),
        pick(rng, &["5s", "1m"], &["1ms"]),
        rng.random_bool(0.5)
    );
    let _ = writeln!(out, "retry = {{ {retry} }}");
}

/// A cohort of people with registrations, or of workloads with their apps alone.
fn people_or_workloads(out: &mut String, rng: &mut Rng, cohort: usize, shape: &Shape) {
    let workload = |a: &usize| matches!(shape.kinds[*a], "managed_identity" | "client_secret");
    let workloads: Vec<usize> = (0..shape.kinds.len()).filter(workload).collect();
    let is_workloads = !workloads.is_empty() && rng.random_bool(0.3);
    let people: Vec<usize> = (0..shape.kinds.len()).filter(|a| !workload(a)).collect();
    let fit = if is_workloads { &workloads } else { &people };
    let _ = writeln!(
        out,
        "[cohorts.k{cohort}]\nusers = {}",
        pick(rng, &[1, 7, 20], &[0, 100_000_000])
    );
    let _ = writeln!(out, "apps = {}", some(rng, "a", fit, 1, 3));
    if is_workloads {
        let _ = writeln!(out, "kind = \"workloads\"");
    } else {
        let shares = rng.random_range(1..=3);
        let regs: Vec<String> = (0..shares)
            .map(|_| {
                // m0 first, then some of the others; m1, the second factor, where MFA is asked.
                let mut methods = vec!["\"m0\"".to_string()];
                let more = (1..shape.factors.len())
                    .filter(|&m| (shape.mfa && m == 1) || rng.random_bool(0.4));
                methods.extend(more.map(|m| format!("\"m{m}\"")).collect::<Vec<_>>());
                format!(
                    "{{ share = {}, methods = [{}] }}",
                    1.0 / shares as f64,
                    methods.join(", ")
                )
            })
            .collect();
        let _ = writeln!(out, "registrations = [{}]", regs.join(", "));
        let _ = writeln!(
            out,
            "device = \"{}\"",
            pick(rng, &["registered", "unregistered"], &[])
        );
    }
    let pace = match rng.random_bool(0.7) {
        true => format!(
            "attempts_per_hour = {}",
            pick(rng, &[0.1, 4.0, 60.0], &[360_000.0, 0.0])
        ),
        false => format!(
            "every = \"{}\"",
            pick(rng, &["10m", "1h"], &["1ms", "0.1ms"])
        ),
    };
    let hours = pick(
        rng,
        &["09:00-17:00", "22:00-06:00", "00:00-24:00"],
        &["09:00:00-09:00:01"],
    );
    let days = pick(rng, &["mon-fri", "all", "sat-mon", "wed"], &[]);
    let _ = writeln!(
        out,
        "activity = {{ hours = \"{hours}\", days = \"{days}\", {pace} }}"
    );
    if rng.random_bool(0.3) {
        let _ = writeln!(
            out,
            "revocation_every = \"{}\"",
            pick(rng, &["1h", "1d", "never"], &["1ms"])
        );
        let _ = writeln!(out, "revocations_at = [\"1d 10:00\", \"0s\"]");
    }
}

/// Contingency rules, a fallback switch, signing-key events, variants and a sweep.
fn extras(out: &mut String, rng: &mut Rng, shape: &Shape) {
    if rng.random_bool(0.3) {
        let action = pick(
            rng,
            &["accept_compliant_device", "block", "allow_method"],
            &[],
        );
        let _ = writeln!(
            out,
            "[contingency.rule]\nwhen_down = {}",
            some(rng, "c", &shape.global, 1, 2)
        );
        let _ = writeln!(
            out,
            "action = \"{action}\"\nafter = \"{}\"",
            pick(rng, &["1h", "never"], &["1ms"])
        );
        if action == "allow_method" {
            let _ = writeln!(
                out,
                "method = \"m{}\"",
                rng.random_range(0..shape.factors.len())
            );
        }
    }
    if let Some(to) = (2..shape.factors.len()).find(|&m| shape.factors[m] != "second") {
        let _ = writeln!(out, "[fallback.switch]\nmethod = \"m0\"\nto = \"m{to}\"");
        let _ = writeln!(
            out,
            "decide_after = \"1h\"\npropagation = \"2h\"\nswitch_back = \"never\""
        );
    }
    for _ in 0..rng.random_range(0..=2) {
        let _ = writeln!(
            out,
            "[[signing_key_events]]\nkind = \"rollover\"\nat = \"{}\"",
            pick(rng, &["0s", "1d"], &[])
        );
    }
    if rng.random_bool(0.3) {
        let _ = writeln!(
            out,
            "[[variant]]\nname = \"longer\"\nset.policy.access_token_lifetime = \"8h\""
        );
    }
    if rng.random_bool(0.2) {
        let _ = writeln!(out, "[sweep]\npolicy.sign_in_frequency = [\"1h\", \"4h\"]");
    }
}
