//! Cohorts compiled: registrations split by factor role, the working week, the
//! arrival of access attempts, and every random stream's purpose.

use super::activity::{Arrivals, WorkingWeek};
use super::apps::AppSpec;
use super::components::{Components, NeedsId};
use super::people::PeopleSpec;
use super::policy::PolicyRules;
use super::steady_state::{self, SteadyState};
use crate::scenario::{Cohort, CohortKind, Device, Factor, Scenario};
use crate::streams::Purpose;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct CohortSpec {
    pub name: String,
    pub users: u32,
    pub apps: Vec<CohortApp>,
    pub registrations: Vec<RegistrationSpec>,
    pub week: WorkingWeek,
    /// Seconds of activity before the horizon: a Poisson stream past them is over.
    pub active_until_horizon: f64,
    /// The uses of an app of weight 1; each app's own are in `apps`.
    pub arrivals: Arrivals,
    /// Stream purposes of this cohort's per-user components, by per-user slot.
    pub component_streams: Vec<Purpose>,
    /// Where the days each per-user component is not at hand are drawn from, by slot.
    pub not_at_hand_streams: Vec<Purpose>,
    /// Local time's lead on UTC: days not at hand start at local midnight.
    pub utc_offset: f64,
    /// Its region's index in the world's, where it has one that a used component lists.
    pub region: Option<usize>,
    /// Where its users' degraded requests are failed or let through.
    pub degraded_stream: Purpose,
    /// What every token request of this cohort needs: the policy's, and the cohort's own.
    pub token_request: NeedsId,
    /// What the backup token service needs for this cohort, where it is on.
    pub backup: Option<NeedsId>,
    /// What only this cohort's interactive sign-ins need.
    pub sign_in: Option<NeedsId>,
    /// The contingency rules that apply to this cohort, by index.
    pub contingency: Vec<usize>,
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
    /// Where the MFA the device remembers at the start is drawn from.
    pub mfa_stream: Purpose,
    /// Where a capacity's admissions of its users' requests are drawn from.
    pub throttle_stream: Purpose,
    /// Where its users' clocks start, and from when they play.
    pub steady: SteadyState,
    /// What its people do when access fails.
    pub people: PeopleSpec,
}

#[derive(Debug, Clone)]
pub struct CohortApp {
    pub app: usize,
    /// What the resource needs to serve this cohort's access: the app's own
    /// requirements and the cohort's link; `None` for nothing.
    pub resource: Option<NeedsId>,
    /// Its rate over the cohort's (`app_weights`), and so its uses.
    pub weight: f64,
    pub arrivals: Arrivals,
    pub activity_stream: Purpose,
    pub token_stream: Purpose,
    pub retry_stream: Purpose,
    /// Where the app's session at the start is drawn from.
    pub session_stream: Purpose,
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

impl RegistrationSpec {
    /// Every method registered: passwordless, then first factors, then second.
    pub fn methods(&self) -> impl Iterator<Item = usize> + '_ {
        self.passwordless
            .iter()
            .chain(&self.first)
            .chain(&self.second)
            .copied()
    }
}

impl CohortSpec {
    /// `apps` and `policy` are the world's, compiled.
    pub fn new(
        name: &str,
        c: &Cohort,
        s: &Scenario,
        (names, apps_of_world, policy): (&Names, &[AppSpec], &PolicyRules),
        components: &mut Components,
    ) -> Self {
        let p = &s.policy;
        let region = c.region.as_deref().and_then(|r| components.region(r));
        let arrivals = match (c.activity.every, c.activity.poisson_rate()) {
            (Some(every), _) => Arrivals::Clock { every: every.0 },
            (None, rate) => Arrivals::Poisson {
                mean_gap: 3600.0 / rate.expect("a Poisson stream has a rate"),
            },
        };
        let apps: Vec<CohortApp> = c
            .apps
            .iter()
            .map(|a| CohortApp {
                app: names.app(a),
                weight: c.activity.weight(a),
                arrivals: arrivals.weighed(c.activity.weight(a)),
                resource: components.union(&[&s.apps[a].requires, &c.requires], region),
                activity_stream: Purpose::named(&format!("activity/{name}/{a}")),
                token_stream: Purpose::named(&format!("tokens/{name}/{a}")),
                retry_stream: Purpose::named(&format!("retry/{name}/{a}")),
                session_stream: Purpose::named(&format!("session/{name}/{a}")),
            })
            .collect();
        let streams = |tail: &str| -> Vec<Purpose> {
            components
                .per_user
                .iter()
                .map(|&i| {
                    let component = &components.specs[i].name;
                    Purpose::named(&format!("component/{name}/{component}{tail}"))
                })
                .collect()
        };
        let component_streams = streams("");
        let not_at_hand_streams = streams("/not_at_hand");
        let mut revocations_at: Vec<f64> = c.revocations_at.iter().map(|o| o.0).collect();
        revocations_at.sort_by(f64::total_cmp);
        let week = WorkingWeek::new(&c.activity);
        let sign_in_frequency = c
            .sign_in_frequency
            .unwrap_or(s.policy.sign_in_frequency)
            .seconds();
        let registered_devices = c.device == Device::Registered;
        let used: Vec<&AppSpec> = c
            .apps
            .iter()
            .map(|a| &apps_of_world[names.app(a)])
            .collect();
        let revocation_every = c.revocation_every.seconds();
        let app_arrivals: Vec<Arrivals> = apps.iter().map(|a| a.arrivals).collect();
        let steady = SteadyState::new(
            steady_state::Cohort {
                week: &week,
                arrivals: &app_arrivals,
                apps: &used,
                sign_in_frequency,
                revocation_every,
                registered_devices,
            },
            policy,
        );
        let token_request = [
            &p.token_requests_require,
            &c.requires,
            &c.token_requests_require,
        ];
        CohortSpec {
            token_request: components
                .union(&token_request.map(Vec::as_slice), region)
                .unwrap_or_else(|| components.needs(&[])),
            backup: p
                .backup_authentication
                .then(|| components.union(&[&p.backup_requires, &c.requires], region))
                .flatten(),
            sign_in: components.union(&[&c.sign_in_requires], region),
            region,
            degraded_stream: Purpose::named(&format!("degraded/{name}")),
            contingency: Vec::new(),
            name: name.to_string(),
            users: c.users,
            apps,
            registrations: registrations(c, s, names),
            workloads: c.kind == CohortKind::Workloads,
            sign_in_frequency,
            registered_devices,
            guest: c.guest,
            revocation_every,
            revocations_at,
            revocation_stream: Purpose::named(&format!("revocation/{name}")),
            device_stream: Purpose::named(&format!("device/{name}")),
            mfa_stream: Purpose::named(&format!("mfa/{name}")),
            throttle_stream: Purpose::named(&format!("throttle/{name}")),
            active_until_horizon: week.active_before(s.simulation.horizon.0),
            week,
            arrivals,
            component_streams,
            not_at_hand_streams,
            utc_offset: c.activity.utc_offset.0,
            steady,
            people: PeopleSpec::new(name, c, s),
        }
    }

    /// Its apps' weights together: its uses of every app over one app's of weight 1.
    pub fn weight(&self) -> f64 {
        self.apps.iter().map(|a| a.weight).sum()
    }

    /// The uses of any of its apps, one stream: their rates add up.
    pub fn any_app_arrivals(&self) -> Arrivals {
        self.arrivals.weighed(self.weight())
    }

    /// The registration mix user `user` has, by position: shares are exact and
    /// need no draws.
    pub fn mix_of(&self, user: u32) -> usize {
        let position = (f64::from(user) + 0.5) / f64::from(self.users);
        self.registrations
            .iter()
            .position(|r| position < r.upto)
            .unwrap_or(self.registrations.len() - 1)
    }
}

fn registrations(c: &Cohort, s: &Scenario, names: &Names) -> Vec<RegistrationSpec> {
    let mut upto = 0.0;
    let mut specs: Vec<RegistrationSpec> = c
        .registrations
        .iter()
        .map(|r| {
            upto += r.share;
            let role = |f: Factor| {
                r.methods
                    .iter()
                    .filter(|m| s.methods[*m].factor == f)
                    .map(|m| names.method(m))
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
    if specs.is_empty() {
        // Workloads use their own credential, never a sign-in method.
        specs.push(RegistrationSpec {
            upto: 1.0,
            passwordless: vec![],
            first: vec![],
            second: vec![],
        });
    }
    specs
}

/// The position of each app and method among the scenario's, found in
/// logarithmic time: a scenario may name thousands of each, many times over.
pub struct Names<'s> {
    apps: BTreeMap<&'s str, usize>,
    methods: BTreeMap<&'s str, usize>,
}

impl<'s> Names<'s> {
    pub fn new(s: &'s Scenario) -> Self {
        fn positions<V>(section: &BTreeMap<String, V>) -> BTreeMap<&str, usize> {
            section
                .keys()
                .enumerate()
                .map(|(i, n)| (n.as_str(), i))
                .collect()
        }
        Names {
            apps: positions(&s.apps),
            methods: positions(&s.methods),
        }
    }

    /// Validation made sure every name a scenario refers to is defined.
    pub fn app(&self, name: &str) -> usize {
        self.apps[name]
    }

    pub fn method(&self, name: &str) -> usize {
        self.methods[name]
    }
}
