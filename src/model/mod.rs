//! The scenario compiled for simulation: names become indices, durations become
//! seconds, and every random stream gets its purpose.

pub mod activity;
pub mod outages;
pub mod schedule;
pub mod timeline;

use crate::scenario::duration::HOUR;
use crate::scenario::duration::{Lifetime, Limit};
use crate::scenario::{
    AppKind, Backoff, BackupConditionalAccess, CohortKind, Device, Factor, Mfa, Scenario, Scope,
};
use crate::streams::Purpose;
use activity::WorkingWeek;
use schedule::Schedule;

/// One variant's world, ready to play.
#[derive(Debug, Clone)]
pub struct World {
    pub horizon: f64,
    pub warmup: f64,
    pub bucket: f64,
    /// Time-series buckets in the measured period (the last may be partial).
    pub buckets: usize,
    /// 1 / bucket: the hot loop multiplies rather than divides.
    pub per_bucket: f64,
    pub policy: PolicyRules,
    pub components: Vec<ComponentSpec>,
    pub common_cause: Vec<CommonCauseSpec>,
    /// What a token request needs; index 0 of the replication's dependency timelines.
    pub token_request: Needs,
    pub methods: Vec<MethodSpec>,
    pub apps: Vec<AppSpec>,
    pub cohorts: Vec<CohortSpec>,
}

#[derive(Debug, Clone)]
pub struct PolicyRules {
    pub lifetime: Range,
    pub refresh_token_inactivity: f64,
    pub mfa: bool,
    /// How long MFA is remembered on a device: zero when never.
    pub remember_mfa: f64,
    /// CAE token lifetimes, where the policy turns CAE on.
    pub cae: Option<Range>,
    pub cae_propagation_delay: f64,
    pub prt_lifetime: f64,
    pub prt_renewal: f64,
    pub backup: Option<BackupRules>,
}

/// A lifetime drawn uniformly from `min` to `min + spread`.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub min: f64,
    pub spread: f64,
}

impl From<Lifetime> for Range {
    fn from(l: Lifetime) -> Self {
        Range {
            min: l.min,
            spread: l.max - l.min,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BackupRules {
    /// What the backup token service needs; its timeline follows the methods'.
    pub needs: Needs,
    pub window: f64,
    /// False when conditional access blocks requests during backup operation.
    pub allow: bool,
}

#[derive(Debug, Clone)]
pub struct ComponentSpec {
    pub name: String,
    pub scope: Scope,
    pub schedule: Schedule,
    /// Position among per-user components (their timelines live with the user).
    pub per_user_slot: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct CommonCauseSpec {
    pub name: String,
    pub schedule: Schedule,
    pub components: Vec<usize>,
}

/// A set of components that must all be up: the global ones folded into one
/// timeline per replication, the per-user ones checked on the user's own.
#[derive(Debug, Clone)]
pub struct Needs {
    pub global: Vec<usize>,
    pub per_user: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct MethodSpec {
    pub name: String,
    pub factor: Factor,
    pub needs: Needs,
}

#[derive(Debug, Clone)]
pub struct AppSpec {
    pub name: String,
    pub kind: AppKind,
    pub cae_capable: bool,
    /// The app's own token lifetime, where it does not follow the policy's.
    pub lifetime: Option<Range>,
    /// Fraction of lifetime and minimum lifetime; `None` when the app never renews early.
    pub early_renewal: Option<(f64, f64)>,
    pub session_cookie_lifetime: f64,
    pub backoff: Backoff,
    pub retry_attempts: u32,
    pub backoff_base: f64,
    pub backoff_cap: f64,
    pub jitter: bool,
    /// The server's Retry-After the client waits for, if it honours one.
    pub retry_after: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct CohortSpec {
    pub name: String,
    pub users: u32,
    pub apps: Vec<CohortApp>,
    pub registrations: Vec<RegistrationSpec>,
    pub week: WorkingWeek,
    /// Mean working seconds between two attempts at one app.
    pub mean_gap: f64,
    /// Calls on the clock, this far apart, instead of a Poisson stream.
    pub every: Option<f64>,
    /// Stream purposes of this cohort's per-user components, by per-user slot.
    pub component_streams: Vec<Purpose>,
    /// Workloads: no sign-ins, counted apart from people.
    pub workloads: bool,
    /// The policy's, or the cohort's own; infinity for "never".
    pub sign_in_frequency: f64,
    /// Users hold a primary refresh token (single sign-on).
    pub registered_devices: bool,
    pub guest: bool,
    /// Mean time between a user's revocation events; infinity for none.
    pub revocation_every: f64,
    /// Revocation events for every user, in time order.
    pub revocations_at: Vec<f64>,
    pub revocation_stream: Purpose,
    pub device_stream: Purpose,
}

#[derive(Debug, Clone)]
pub struct CohortApp {
    pub app: usize,
    pub activity_stream: Purpose,
    pub token_stream: Purpose,
    pub retry_stream: Purpose,
}

/// One share of a cohort; methods split by role, each in order of preference.
#[derive(Debug, Clone)]
pub struct RegistrationSpec {
    /// Cumulative share up to and including this registration.
    pub upto: f64,
    pub passwordless: Vec<usize>,
    pub first: Vec<usize>,
    pub second: Vec<usize>,
}

impl CohortSpec {
    /// Users are given registrations by position, so shares are exact and need no draws.
    pub fn registration(&self, user: u32) -> &RegistrationSpec {
        let position = (f64::from(user) + 0.5) / f64::from(self.users);
        self.registrations
            .iter()
            .find(|r| position < r.upto)
            .unwrap_or_else(|| {
                self.registrations
                    .last()
                    .expect("validated: at least one registration")
            })
    }
}

impl World {
    pub fn new(s: &Scenario) -> Self {
        let index = |names: &[String], name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .expect("validated reference")
        };
        let component_names: Vec<String> = s.components.keys().cloned().collect();
        let mut per_user_count = 0;
        let components: Vec<ComponentSpec> = s
            .components
            .iter()
            .map(|(name, c)| ComponentSpec {
                name: name.clone(),
                scope: c.scope,
                schedule: Schedule::new(c.schedule()),
                per_user_slot: (c.scope == Scope::PerUser).then(|| {
                    per_user_count += 1;
                    per_user_count - 1
                }),
            })
            .collect();
        let needs = |names: &[String]| {
            let ids = names.iter().map(|n| index(&component_names, n));
            let (global, per_user): (Vec<usize>, Vec<usize>) =
                ids.partition(|&i| components[i].per_user_slot.is_none());
            Needs {
                global,
                per_user: per_user
                    .iter()
                    .map(|&i| components[i].per_user_slot.unwrap())
                    .collect(),
            }
        };
        let method_names: Vec<String> = s.methods.keys().cloned().collect();
        let methods = s
            .methods
            .iter()
            .map(|(name, m)| MethodSpec {
                name: name.clone(),
                factor: m.factor,
                needs: needs(&m.requires),
            })
            .collect();
        let app_names: Vec<String> = s.apps.keys().cloned().collect();
        let apps = s
            .apps
            .iter()
            .map(|(name, a)| AppSpec {
                name: name.clone(),
                kind: a.kind,
                cae_capable: a.cae_capable,
                lifetime: a.token_lifetime.map(Range::from).or(match a.kind {
                    AppKind::ManagedIdentity => Some(Range {
                        min: 24.0 * HOUR,
                        spread: 0.0,
                    }),
                    AppKind::ClientSecret => Some(Range {
                        min: HOUR,
                        spread: 0.0,
                    }),
                    AppKind::PublicClient | AppKind::WebApp => None,
                }),
                early_renewal: (a.early_renewal && a.kind != AppKind::WebApp)
                    .then_some((a.early_renewal_at, a.early_renewal_min_lifetime.0)),
                session_cookie_lifetime: a.session_cookie_lifetime.0,
                backoff: a.retry.backoff,
                retry_after: match (a.retry.honour_retry_after, s.policy.retry_after) {
                    (true, Limit::After(d)) => Some(d.0),
                    _ => None,
                },
                retry_attempts: a.retry.attempts,
                backoff_base: a.retry.backoff_base.0,
                backoff_cap: a.retry.backoff_cap.0,
                jitter: a.retry.jitter,
            })
            .collect();
        let cohorts = s
            .cohorts
            .iter()
            .map(|(name, c)| {
                let mut upto = 0.0;
                let mut registrations: Vec<RegistrationSpec> = c
                    .registrations
                    .iter()
                    .map(|r| {
                        upto += r.share;
                        let role = |f: Factor| {
                            r.methods
                                .iter()
                                .map(|m| index(&method_names, m))
                                .filter(|&m| s.methods[&method_names[m]].factor == f)
                                .collect()
                        };
                        RegistrationSpec {
                            upto,
                            passwordless: role(Factor::Passwordless),
                            first: role(Factor::First),
                            second: role(Factor::Second),
                        }
                    })
                    .collect();
                if registrations.is_empty() {
                    // Workloads use their own credential, never a sign-in method.
                    registrations.push(RegistrationSpec {
                        upto: 1.0,
                        passwordless: vec![],
                        first: vec![],
                        second: vec![],
                    });
                }
                let apps = c
                    .apps
                    .iter()
                    .map(|a| CohortApp {
                        app: index(&app_names, a),
                        activity_stream: Purpose::named(&format!("activity/{name}/{a}")),
                        token_stream: Purpose::named(&format!("tokens/{name}/{a}")),
                        retry_stream: Purpose::named(&format!("retry/{name}/{a}")),
                    })
                    .collect();
                let component_streams = components
                    .iter()
                    .filter(|c| c.per_user_slot.is_some())
                    .map(|comp| Purpose::named(&format!("component/{name}/{}", comp.name)))
                    .collect();
                let mut revocations_at: Vec<f64> = c.revocations_at.iter().map(|o| o.0).collect();
                revocations_at.sort_by(f64::total_cmp);
                CohortSpec {
                    name: name.clone(),
                    users: c.users,
                    apps,
                    registrations,
                    workloads: c.kind == CohortKind::Workloads,
                    sign_in_frequency: c
                        .sign_in_frequency
                        .unwrap_or(s.policy.sign_in_frequency)
                        .seconds(),
                    registered_devices: c.device == Device::Registered,
                    guest: c.guest,
                    revocation_every: c.revocation_every.seconds(),
                    revocations_at,
                    revocation_stream: Purpose::named(&format!("revocation/{name}")),
                    device_stream: Purpose::named(&format!("device/{name}")),
                    week: WorkingWeek::new(&c.activity),
                    mean_gap: 3600.0 / c.activity.attempts_per_hour,
                    every: c.activity.every.map(|d| d.0),
                    component_streams,
                }
            })
            .collect();
        let common_cause = s
            .common_cause
            .iter()
            .map(|(name, e)| CommonCauseSpec {
                name: name.clone(),
                schedule: Schedule::new(e.schedule()),
                components: e
                    .components
                    .iter()
                    .map(|c| index(&component_names, c))
                    .collect(),
            })
            .collect();
        let p = &s.policy;
        World {
            horizon: s.simulation.horizon.0,
            warmup: s.simulation.warmup.0,
            bucket: s.simulation.bucket.0,
            per_bucket: 1.0 / s.simulation.bucket.0,
            buckets: ((s.simulation.horizon.0 - s.simulation.warmup.0) / s.simulation.bucket.0)
                .ceil() as usize,
            policy: PolicyRules {
                lifetime: p.access_token_lifetime.into(),
                refresh_token_inactivity: p.refresh_token_inactivity.0,
                mfa: p.mfa == Mfa::EverySignIn,
                remember_mfa: match p.remember_mfa {
                    Limit::Never => 0.0,
                    Limit::After(d) => d.0,
                },
                cae: p.cae.then(|| p.cae_token_lifetime.into()),
                cae_propagation_delay: p.cae_propagation_delay.0,
                prt_lifetime: p.prt_lifetime.0,
                prt_renewal: p.prt_renewal.0,
                backup: p.backup_authentication.then(|| BackupRules {
                    needs: needs(&p.backup_requires),
                    window: p.backup_window.0,
                    allow: p.backup_conditional_access == BackupConditionalAccess::Allow,
                }),
            },
            token_request: needs(&p.token_requests_require),
            methods,
            apps,
            cohorts,
            components,
            common_cause,
        }
    }

    pub fn per_user_components(&self) -> impl Iterator<Item = &ComponentSpec> {
        self.components.iter().filter(|c| c.per_user_slot.is_some())
    }

    pub fn measured_seconds(&self) -> f64 {
        self.horizon - self.warmup
    }

    /// People and workloads alike.
    pub fn users(&self) -> u64 {
        self.cohorts.iter().map(|c| u64::from(c.users)).sum()
    }
}
