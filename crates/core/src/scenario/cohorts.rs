//! `[cohorts.NAME]`: groups of users (or workloads) that share registered
//! methods, device state, apps and an activity profile.

use super::defaults;
use super::duration::{Limit, Offset};
use super::limits::{MAX_REGISTRATIONS, MAX_REVOCATIONS_AT};
use super::path::{FieldPath, Problem};
use super::validate::require_known;
use super::{Activity, Factor, Mfa, PeopleOverride, Scenario};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// People, or workloads (daemons) that request tokens on a schedule.
    #[serde(default)]
    pub kind: CohortKind,
    #[schemars(range(min = 1))]
    pub users: u32,
    /// Names from `[apps]`; each user uses every one.
    pub apps: Vec<String>,
    /// Shares of the cohort, each with its methods in order of preference (none for workloads).
    #[serde(default)]
    pub registrations: Vec<Registration>,
    #[serde(default)]
    pub activity: Activity,
    /// A registered device holds a primary refresh token: single sign-on to every app.
    #[serde(default)]
    pub device: Device,
    /// Overrides the policy's sign-in frequency for this cohort (e.g. admins every 4 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_frequency: Option<Limit>,
    /// Guest users: never covered by backup authentication.
    #[serde(default)]
    pub guest: bool,
    /// Mean time between each user's revocation events (password reset, account
    /// disabled, high user risk), or "never".
    #[serde(default = "defaults::never")]
    pub revocation_every: Limit,
    /// Revocation events for every user of the cohort at these times.
    #[serde(default)]
    pub revocations_at: Vec<Offset>,
    /// Components every access of this cohort needs, its token requests and its
    /// calls to resources alike: the site's internet link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// Components every token request of this cohort needs beyond the policy's,
    /// silent or interactive: a cohort-specific policy a misconfiguration breaks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_requests_require: Vec<String>,
    /// Components only this cohort's interactive sign-ins need: a guest's home
    /// identity provider, where their first factor happens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sign_in_requires: Vec<String>,
    /// Where the cohort is: it uses this region's instance of every regional
    /// component (one listing the region in its `regions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Overrides of `[people]` for this cohort, field by field (people only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<PeopleOverride>,
}

impl Cohort {
    /// Checks what serde cannot: users, apps, activity, registrations.
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        let cohort = self;
        if cohort.users == 0 {
            return Err(Problem::new(
                at.key("users"),
                "a cohort needs at least one user",
            ));
        }
        if cohort.revocations_at.len() > MAX_REVOCATIONS_AT {
            return Err(Problem::new(
                at.key("revocations_at").index(MAX_REVOCATIONS_AT),
                format!(
                    "{} revocations of the whole cohort, at most {MAX_REVOCATIONS_AT}: give a steady rate \
                     with revocation_every instead",
                    cohort.revocations_at.len()
                ),
            ));
        }
        let apps = at.key("apps");
        if cohort.apps.is_empty() {
            return Err(Problem::new(apps, "list the apps this cohort uses"));
        }
        require_known(&cohort.apps, &s.apps, "app", &apps)?;
        for (key, names) in [
            ("requires", &cohort.requires),
            ("token_requests_require", &cohort.token_requests_require),
            ("sign_in_requires", &cohort.sign_in_requires),
        ] {
            require_known(names, &s.components, "component", &at.key(key))?;
        }
        super::activity::check(cohort, &at.key("activity"))?;
        let workloads = cohort.kind == CohortKind::Workloads;
        for (i, app) in cohort.apps.iter().enumerate() {
            if s.apps[app].kind.is_workload() != workloads {
                return Err(Problem::new(
                    apps.index(i),
                    if workloads {
                        format!(
                            "`{app}` is not a workload's app: workloads use kind = \"managed_identity\" or \"client_secret\""
                        )
                    } else {
                        format!(
                            "`{app}` is a workload's app; give it a cohort with kind = \"workloads\""
                        )
                    },
                ));
            }
        }
        if workloads && cohort.people.is_some() {
            return Err(Problem::new(
                at.key("people"),
                "workloads never give up or call the help desk: remove people from this cohort",
            ));
        }
        if workloads {
            return match cohort.registrations.is_empty() {
                true => Ok(()),
                false => Err(Problem::new(
                    at.key("registrations"),
                    "workloads sign in with their own credential, never a method: remove registrations",
                )),
            };
        }
        registrations(s, cohort, &at.key("registrations"))?;
        s.people
            .with(&self.people.clone().unwrap_or_default())
            .check(&at.key("people"))
    }

    /// Revocations past the horizon never happen.
    /// A device-bound method (Windows Hello) on a device that is not registered
    /// never works: the users fall back to their other methods every time.
    pub(super) fn device_bound_warnings(
        &self,
        s: &Scenario,
        at: &FieldPath,
        warnings: &mut Vec<Problem>,
    ) {
        if self.device == Device::Registered {
            return;
        }
        for (i, r) in self.registrations.iter().enumerate() {
            if let Some(m) = r.methods.iter().find(|m| s.methods[*m].device_bound) {
                warnings.push(Problem::new(
                    at.key("registrations").index(i).key("methods"),
                    format!("`{m}` is device-bound but these devices are not registered, so it never works: set device = \"registered\" or remove it"),
                ));
            }
        }
    }

    pub(super) fn revocations_warnings(
        &self,
        s: &Scenario,
        at: &FieldPath,
        warnings: &mut Vec<Problem>,
    ) {
        let horizon = s.simulation.horizon;
        for (i, r) in self.revocations_at.iter().enumerate() {
            if r.0 >= horizon.0 {
                warnings.push(Problem::new(
                    at.key("revocations_at").index(i),
                    format!("{r} is past the horizon ({horizon}): this revocation never happens"),
                ));
            }
        }
    }
}

fn registrations(s: &Scenario, cohort: &Cohort, regs: &FieldPath) -> Result<(), Problem> {
    if cohort.registrations.is_empty() || cohort.registrations.len() > MAX_REGISTRATIONS {
        return Err(Problem::new(
            regs.clone(),
            format!("give 1 to {MAX_REGISTRATIONS} registrations (share and methods)"),
        ));
    }
    let mut total = 0.0;
    for (i, reg) in cohort.registrations.iter().enumerate() {
        let at = regs.index(i);
        if !(reg.share.is_finite() && reg.share > 0.0) {
            return Err(Problem::new(
                at.key("share"),
                format!("a share must be above 0, got {}", reg.share),
            ));
        }
        total += reg.share;
        require_known(&reg.methods, &s.methods, "method", &at.key("methods"))?;
        let has = |f: Factor| reg.methods.iter().any(|m| s.methods[m].factor == f);
        let passwordless = has(Factor::Passwordless);
        if !(has(Factor::First) || passwordless) {
            return Err(Problem::new(
                at.key("methods"),
                "these users could never sign in: add a first-factor or passwordless method",
            ));
        }
        // A standing compliant-device grant spares a registered device the second factor.
        let granted = s.policy.mfa == Mfa::EverySignInOrCompliantDevice
            && cohort.device == Device::Registered;
        if s.policy.mfa != Mfa::Never && !(has(Factor::Second) || passwordless || granted) {
            return Err(Problem::new(
                at.key("methods"),
                "policy.mfa requires MFA but these users have no second-factor or passwordless method",
            ));
        }
    }
    if (total - 1.0).abs() > 1e-6 {
        return Err(Problem::new(
            regs.clone(),
            format!("the shares add up to {total}, not 1"),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CohortKind {
    #[default]
    People,
    /// Counted apart: `workload_denial_rate`.
    Workloads,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    #[default]
    Unregistered,
    Registered,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// This group's share of the cohort; the shares add up to 1.
    pub share: f64,
    /// Names from `[methods]`, tried in this order at sign-in.
    pub methods: Vec<String>,
}
