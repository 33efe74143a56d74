//! The scenario compiled for simulation: names become indices, durations become
//! seconds, and every random stream gets its purpose.

pub mod activity;
pub mod outages;
pub mod schedule;
pub mod timeline;

use crate::scenario::{AppKind, Factor, Mfa, Scenario, Scope};
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
    pub lifetime_min: f64,
    pub lifetime_spread: f64,
    pub refresh_token_inactivity: f64,
    /// Infinity when the policy says "never".
    pub sign_in_frequency: f64,
    pub mfa: bool,
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
    /// Fraction of lifetime and minimum lifetime; `None` when the app never renews early.
    pub early_renewal: Option<(f64, f64)>,
    pub session_cookie_lifetime: f64,
    pub retry_attempts: u32,
    pub backoff_base: f64,
    pub backoff_cap: f64,
    pub jitter: bool,
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
    /// Stream purposes of this cohort's per-user components, by per-user slot.
    pub component_streams: Vec<Purpose>,
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
                early_renewal: (a.early_renewal && a.kind == AppKind::PublicClient)
                    .then_some((a.early_renewal_at, a.early_renewal_min_lifetime.0)),
                session_cookie_lifetime: a.session_cookie_lifetime.0,
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
                let registrations = c
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
                CohortSpec {
                    name: name.clone(),
                    users: c.users,
                    apps,
                    registrations,
                    week: WorkingWeek::new(&c.activity),
                    mean_gap: 3600.0 / c.activity.attempts_per_hour,
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
                lifetime_min: p.access_token_lifetime.min,
                lifetime_spread: p.access_token_lifetime.max - p.access_token_lifetime.min,
                refresh_token_inactivity: p.refresh_token_inactivity.0,
                sign_in_frequency: p.sign_in_frequency.seconds(),
                mfa: p.mfa == Mfa::EverySignIn,
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

    pub fn users(&self) -> u64 {
        self.cohorts.iter().map(|c| u64::from(c.users)).sum()
    }
}
