//! A simulation's requests written as a sign-in log: one Graph `signIn`
//! object per line (JSON lines), with the fields a real log has (see
//! docs/outputs.md, "Sign-in log"). Identities are made up and stable: a
//! user's `userId` is a hash of their cohort's name and index, an app's
//! `appId` a hash of its name, a record's `id` a hash of the seed,
//! replication, user and the record's place in the user's sequence.

use self::time::write_time;
use crate::vocabulary::{errors, methods};
use authsim_core::engine::{Outcome, SignInEvent, Via};
use authsim_core::fnv;
use authsim_core::model::World;
use authsim_core::scenario::AppKind;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write};

mod destination;
mod time;

pub use self::destination::Destination;
pub use self::time::{DEFAULT_START, check_span, iso, parse_start};

/// What the log says of one of the world's apps.
struct App {
    id: String,
    name: String,
    /// `clientAppUsed`; none for workloads.
    client: Option<&'static str>,
    managed_identity: bool,
    cae: bool,
}

struct Cohort {
    name: String,
    /// Users of the cohorts of its kind before it (people and workloads are
    /// numbered apart, each from 0): user-<first + index>, workload-<first + index>.
    first: u64,
    guest: bool,
    mfa_required: bool,
}

/// Writes events as JSON lines.
pub struct Writer<W: Write> {
    out: W,
    seed: u64,
    start: i64,
    apps: Vec<App>,
    cohorts: Vec<Cohort>,
    /// `authenticationMethod` of each of the world's methods.
    methods: Vec<String>,
    /// The user the last record was of, their place in the user's
    /// sequence, and their identities.
    user: Option<(u32, u32)>,
    sequence: u64,
    user_id: String,
    user_name: String,
    id: String,
    time: String,
}

impl<W: Write> Writer<W> {
    /// `start`: time zero, in seconds since 1970 (see `parse_start`).
    pub fn new(world: &World, seed: u64, start: i64, out: W) -> Self {
        let apps = world
            .apps
            .iter()
            .map(|a| App {
                id: guid(fnv::add(fnv::START, a.name.as_bytes()), 0xa99),
                name: a.name.clone(),
                client: match a.kind {
                    AppKind::WebApp => Some("Browser"),
                    AppKind::PublicClient => Some("Mobile Apps and Desktop clients"),
                    AppKind::ManagedIdentity | AppKind::ClientSecret => None,
                },
                managed_identity: a.kind == AppKind::ManagedIdentity,
                cae: a.cae,
            })
            .collect();
        let (mut people, mut workloads) = (0, 0);
        let cohorts = world
            .cohorts
            .iter()
            .map(|c| {
                let first = if c.workloads {
                    &mut workloads
                } else {
                    &mut people
                };
                let cohort = Cohort {
                    name: c.name.clone(),
                    first: *first,
                    guest: c.guest,
                    mfa_required: world.policy.mfa_required(c.registered_devices),
                };
                *first += u64::from(c.users);
                cohort
            })
            .collect();
        let methods = world
            .methods
            .iter()
            .map(|m| methods::by_name(&m.name).map_or(m.name.clone(), |k| k.in_log[0].to_string()))
            .collect();
        Writer {
            out,
            seed,
            start,
            apps,
            cohorts,
            methods,
            user: None,
            sequence: 0,
            user_id: String::new(),
            user_name: String::new(),
            id: String::new(),
            time: String::new(),
        }
    }

    /// Writes `events`, one line each.
    pub fn write(&mut self, events: &[SignInEvent]) -> io::Result<()> {
        for e in events {
            self.record(e)?;
        }
        Ok(())
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    fn record(&mut self, e: &SignInEvent) -> io::Result<()> {
        if self.user != Some((e.cohort, e.user)) {
            self.new_user(e);
        }
        self.sequence += 1;
        let h = [
            self.seed,
            u64::from(e.replication),
            u64::from(e.cohort),
            u64::from(e.user),
            self.sequence,
        ]
        .iter()
        .fold(fnv::START, |h, x| fnv::add(h, &x.to_le_bytes()));
        self.id.clear();
        write_guid(&mut self.id, h, self.sequence);
        self.time.clear();
        write_time(&mut self.time, self.start, e.time);
        let app = &self.apps[e.app as usize];
        let cohort = &self.cohorts[e.cohort as usize];
        let error = errors::of(e.outcome);
        let status = Status {
            error_code: error.map_or(0, |x| x.code),
            failure_reason: error.map(|x| x.reason),
        };
        let (steps, n) = steps(&self.methods, e);
        let cae = [KeyValue {
            key: "Is CAE Token",
            value: if e.cae { "True" } else { "False" },
        }];
        let person = !e.workload;
        let record = Record {
            id: &self.id,
            created_date_time: &self.time,
            user_id: person.then_some(self.user_id.as_str()),
            user_principal_name: person.then_some(self.user_name.as_str()),
            user_type: person.then_some(if cohort.guest { "guest" } else { "member" }),
            app_id: &app.id,
            app_display_name: &app.name,
            client_app_used: app.client.filter(|_| person),
            is_interactive: e.interactive,
            sign_in_event_types: [match (e.workload, app.managed_identity, e.interactive) {
                (true, true, _) => "managedIdentity",
                (true, false, _) => "servicePrincipal",
                (false, _, true) => "interactiveUser",
                (false, _, false) => "nonInteractiveUser",
            }],
            status,
            authentication_requirement: person.then_some(match cohort.mfa_required {
                true => "multiFactorAuthentication",
                false => "singleFactorAuthentication",
            }),
            authentication_details: &steps[..n],
            device_detail: person.then_some(DeviceDetail {
                trust_type: if e.registered_device {
                    "Azure AD registered"
                } else {
                    ""
                },
                is_compliant: e.registered_device,
                is_managed: e.registered_device,
            }),
            conditional_access_status: match e.outcome {
                Outcome::Blocked | Outcome::MfaFailed => "failure",
                // A request failed before policy was applied (outage, throttling) shows none.
                Outcome::Success if person && cohort.mfa_required => "success",
                _ => "notApplied",
            },
            incoming_token_type: match e.via {
                Via::Interactive | Via::Credential => "none",
                Via::RefreshToken | Via::Backup => "refreshToken",
                Via::Prt => "primaryRefreshToken",
            },
            authentication_processing_details: if app.cae { &cae[..] } else { &[] },
            resource_display_name: &app.name,
            service_principal_id: e.workload.then_some(self.user_id.as_str()),
            service_principal_name: e.workload.then_some(self.user_name.as_str()),
        };
        serde_json::to_writer(&mut self.out, &record)?;
        self.out.write_all(b"\n")
    }

    fn new_user(&mut self, e: &SignInEvent) {
        self.user = Some((e.cohort, e.user));
        self.sequence = 0;
        let cohort = &self.cohorts[e.cohort as usize];
        let h = fnv::add(fnv::START, cohort.name.as_bytes());
        let h = fnv::add(h, &e.user.to_le_bytes());
        self.user_id.clear();
        write_guid(&mut self.user_id, h, u64::from(e.user));
        self.user_name.clear();
        let n = cohort.first + u64::from(e.user);
        let _ = match e.workload {
            true => write!(self.user_name, "workload-{n}"),
            false => write!(self.user_name, "user-{n}@simulated.invalid"),
        };
    }
}

/// `authenticationDetails`: the factors used, and "Previously satisfied"
/// where MFA was remembered or carried by the PRT's claim; how many. A silent
/// renewal has none (as real non-interactive records).
fn steps<'a>(methods: &'a [String], e: &SignInEvent) -> ([Step<'a>; 3], usize) {
    let mut steps = <[Step; 3]>::default();
    let mut n = 0;
    let mut push = |method: &'a str, requirement: &'static str| {
        steps[n] = Step {
            authentication_method: method,
            authentication_step_requirement: requirement,
            succeeded: true,
        };
        n += 1;
    };
    if let Some(m) = e.first {
        push(&methods[m as usize], "Primary authentication");
    }
    if e.mfa_remembered {
        push("Previously satisfied", "Multifactor authentication");
    }
    if let Some(m) = e.second {
        push(&methods[m as usize], "Multifactor authentication");
    }
    (steps, n)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Record<'a> {
    id: &'a str,
    created_date_time: &'a str,
    user_id: Option<&'a str>,
    user_principal_name: Option<&'a str>,
    user_type: Option<&'static str>,
    app_id: &'a str,
    app_display_name: &'a str,
    client_app_used: Option<&'static str>,
    is_interactive: bool,
    sign_in_event_types: [&'static str; 1],
    status: Status,
    authentication_requirement: Option<&'static str>,
    authentication_details: &'a [Step<'a>],
    device_detail: Option<DeviceDetail>,
    conditional_access_status: &'static str,
    incoming_token_type: &'static str,
    authentication_processing_details: &'a [KeyValue],
    resource_display_name: &'a str,
    service_principal_id: Option<&'a str>,
    service_principal_name: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    error_code: u32,
    failure_reason: Option<&'static str>,
}

#[derive(Serialize, Clone, Copy, Default)]
#[serde(rename_all = "camelCase")]
struct Step<'a> {
    authentication_method: &'a str,
    authentication_step_requirement: &'static str,
    succeeded: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviceDetail {
    trust_type: &'static str,
    is_compliant: bool,
    is_managed: bool,
}

#[derive(Serialize)]
struct KeyValue {
    key: &'static str,
    value: &'static str,
}

/// A UUID-shaped id (version 8, "custom", of RFC 9562) from two numbers.
fn guid(a: u64, b: u64) -> String {
    let mut s = String::with_capacity(36);
    write_guid(&mut s, a, b);
    s
}

fn write_guid(s: &mut String, a: u64, b: u64) {
    let b = fnv::add(a, &b.to_le_bytes()) ^ b.rotate_left(17);
    let _ = write!(
        s,
        "{:08x}-{:04x}-8{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_shaped() {
        let g = guid(0x0123_4567_89ab_cdef, 42);
        assert_eq!(g.len(), 36);
        let dashes: Vec<usize> = g.match_indices('-').map(|(i, _)| i).collect();
        assert_eq!(dashes, [8, 13, 18, 23]);
        assert_eq!(&g[14..15], "8");
        assert!(matches!(&g[19..20], "8" | "9" | "a" | "b"));
    }
}
