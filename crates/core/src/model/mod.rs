//! The scenario compiled for simulation, one variant at a time: names become
//! indices, durations seconds, and every random stream gets its purpose. Each
//! section compiles in a file of its own.

pub mod activity;
pub mod admins;
mod apps;
pub mod capacity;
mod cohorts;
mod components;
mod contingency;
pub mod crl;
pub mod degradation;
mod fallback;
mod not_at_hand;
pub mod outages;
mod people;
mod policy;
pub mod redundancy;
pub mod schedule;
pub mod signing_keys;
pub mod steady_state;
pub mod timeline;

pub use activity::Arrivals;
pub use apps::AppSpec;
pub use cohorts::{CohortApp, CohortSpec, RegistrationSpec};
pub use components::{CommonCauseSpec, ComponentSpec, Needs, NeedsId};
pub use contingency::{Action, ContingencySpec};
pub use fallback::FallbackSpec;
pub use people::PeopleSpec;
pub use policy::{BackupRules, PolicyRules, TokenLifetime};

use crate::scenario::{Factor, RunPlan, Scenario};
use cohorts::Names;
use components::Components;
use crl::CrlSpec;
use signing_keys::KeyEvents;
use std::collections::BTreeMap;

/// Every variant of a run compiled, the baseline first. Every variant samples
/// users with the baseline's chance, so that they play the same users.
pub fn worlds(plan: &RunPlan) -> Vec<World> {
    let mut worlds: Vec<World> = plan
        .variants
        .iter()
        .map(|v| World::new(&v.name, &v.scenario))
        .collect();
    let sampled = worlds.first().map_or(1.0, |w| w.sampled);
    worlds.iter_mut().for_each(|w| w.sampled = sampled);
    worlds
}

/// One variant's world, ready to play.
#[derive(Debug, Clone)]
pub struct World {
    /// The variant's name: "baseline", a `[[variant]]`'s or a sweep grid point's.
    pub variant: String,
    pub horizon: f64,
    /// How far before time zero the earliest cohort's users play in: the
    /// replication's timelines start there.
    pub past: f64,
    pub warmup: f64,
    pub bucket: f64,
    /// Time-series buckets in the measured period (the last may be partial).
    pub buckets: usize,
    /// 1 / bucket: the hot loop multiplies rather than divides.
    pub per_bucket: f64,
    pub policy: PolicyRules,
    /// The components some path uses.
    pub components: Vec<ComponentSpec>,
    /// Component index of each per-user slot.
    pub per_user_components: Vec<usize>,
    pub common_cause: Vec<CommonCauseSpec>,
    /// Every set of components a path needs, by `NeedsId`: the replication draws
    /// one timeline for each.
    pub needs: Vec<Needs>,
    pub methods: Vec<MethodSpec>,
    /// Every region a used component lists, and by region, what each method
    /// needs there (its instance of each regional component).
    pub regions: Vec<String>,
    pub methods_in: Vec<Vec<NeedsId>>,
    pub apps: Vec<AppSpec>,
    pub cohorts: Vec<CohortSpec>,
    pub contingency: Vec<ContingencySpec>,
    pub fallback: Vec<FallbackSpec>,
    pub key_events: KeyEvents,
    /// The revocation checks of certificate methods.
    pub crl: Vec<CrlSpec>,
    /// The components whose load is counted per minute (see `capacity`), and
    /// how many minutes from time zero to the horizon that load spans.
    pub watched: Vec<capacity::Watched>,
    pub load_minutes: usize,
    /// Each user's chance of being played in a replication (`sample_users`; 1:
    /// everyone): totals are divided by it.
    pub sampled: f64,
}

#[derive(Debug, Clone)]
pub struct MethodSpec {
    pub name: String,
    pub factor: Factor,
    pub needs: NeedsId,
    /// The contingency rules that alone let users sign in with it (any of them).
    pub allowed_by: Vec<usize>,
    /// The fallback switch that, in effect, replaces it.
    pub fallback: Option<usize>,
    /// Usable only on a registered device.
    pub device_bound: bool,
}

impl World {
    /// What signing in with method `m` needs for a user of `cohort`: its region's
    /// instances of regional components.
    #[inline]
    pub fn method_needs(&self, cohort: &CohortSpec, m: usize) -> NeedsId {
        match cohort.region {
            Some(r) => self.methods_in[r][m],
            None => self.methods[m].needs,
        }
    }
}

impl World {
    /// `s` is a validated scenario with its defaults completed.
    pub fn new(variant: &str, s: &Scenario) -> Self {
        let mut components = Components::new(s);
        let names = Names::new(s);
        let cohort_index: BTreeMap<&str, usize> = s
            .cohorts
            .keys()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let contingency: Vec<ContingencySpec> = s
            .contingency
            .iter()
            .map(|(name, c)| {
                ContingencySpec::new(name, c, (&names, s, &cohort_index), &mut components)
            })
            .collect();
        let fallback: Vec<FallbackSpec> = s
            .fallback
            .iter()
            .map(|(name, f)| FallbackSpec::new(name, f, &names, (s, &cohort_index)))
            .collect();
        // Each method's rules and switch, and each cohort's rules, in one pass
        // over the rules and switches: thousands of each cost no more than listing them.
        let mut allowed_by = vec![Vec::new(); s.methods.len()];
        let mut rules_of = vec![Vec::new(); s.cohorts.len()];
        for (r, rule) in contingency.iter().enumerate() {
            if let Action::AllowMethod(m) = rule.action {
                allowed_by[m].push(r);
            }
            match rule.cohorts.is_empty() {
                true => rules_of.iter_mut().for_each(|rules| rules.push(r)),
                false => rule
                    .cohorts
                    .iter()
                    .for_each(|c| rules_of[cohort_index[c.as_str()]].push(r)),
            }
        }
        let mut switched = vec![None; s.methods.len()];
        for (f, switch) in fallback.iter().enumerate() {
            switched[switch.method] = Some(f);
        }
        // Each certificate method's revocation check, by method.
        let mut crl = Vec::new();
        let checked: Vec<Option<usize>> = s
            .methods
            .iter()
            .map(|(name, m)| {
                m.crl.as_ref().filter(|c| c.checked).map(|c| {
                    crl.push(CrlSpec::new(name, c, &mut components));
                    crl.len() - 1
                })
            })
            .collect();
        let methods = s
            .methods
            .iter()
            .zip(allowed_by)
            .zip(switched)
            .zip(&checked)
            .map(
                |((((name, m), allowed_by), fallback), &checked)| MethodSpec {
                    name: name.clone(),
                    factor: m.factor,
                    needs: components.needs_checked(&m.requires, None, checked),
                    allowed_by,
                    fallback,
                    device_bound: m.device_bound,
                },
            )
            .collect();
        let methods_in = (0..components.regions.len())
            .map(|r| {
                s.methods
                    .values()
                    .zip(&checked)
                    .map(|(m, &checked)| components.needs_checked(&m.requires, Some(r), checked))
                    .collect()
            })
            .collect();
        let policy = PolicyRules::new(&s.policy);
        let apps: Vec<AppSpec> = s
            .apps
            .iter()
            .map(|(name, a)| AppSpec::new(name, a, s, &mut components))
            .collect();
        let cohorts: Vec<CohortSpec> = s
            .cohorts
            .iter()
            .zip(rules_of)
            .map(|((name, c), rules)| CohortSpec {
                contingency: rules,
                ..CohortSpec::new(name, c, s, (&names, &apps, &policy), &mut components)
            })
            .collect();
        let watched = capacity::watched(s, &mut components);
        let past = cohorts.iter().map(|c| -c.steady.from).fold(0.0, f64::max);
        let sim = &s.simulation;
        World {
            variant: variant.to_string(),
            horizon: sim.horizon.0,
            past,
            warmup: sim.warmup.0,
            bucket: sim.bucket.0,
            per_bucket: 1.0 / sim.bucket.0,
            buckets: ((sim.horizon.0 - sim.warmup.0) / sim.bucket.0).ceil() as usize,
            policy,
            common_cause: components.common_cause(s),
            per_user_components: components.per_user,
            needs: components.needs,
            components: components.specs,
            methods,
            regions: components.regions,
            methods_in,
            apps,
            cohorts,
            contingency,
            fallback,
            key_events: KeyEvents::new(&s.signing_key_events),
            crl,
            load_minutes: match watched.is_empty() {
                true => 0,
                false => (sim.horizon.0 / 60.0).ceil() as usize,
            },
            watched,
            sampled: sampled(s),
        }
    }

    /// The time-series bucket of `t`, a time after the warm-up.
    #[inline]
    pub fn bucket_of(&self, t: f64) -> usize {
        crate::units::index_in((t - self.warmup) * self.per_bucket, self.buckets - 1)
    }

    pub fn measured_seconds(&self) -> f64 {
        self.horizon - self.warmup
    }

    /// Whether some component throttles: users then affect each other.
    pub fn throttles(&self) -> bool {
        self.watched.iter().any(|w| w.throttle.is_some())
    }

    /// People and workloads alike.
    pub fn users(&self) -> u64 {
        self.cohorts.iter().map(|c| u64::from(c.users)).sum()
    }
}

fn sampled(s: &Scenario) -> f64 {
    s.sample().map_or(1.0, |n| n as f64 / s.users() as f64)
}
