//! The fault trees of a cohort's paths, as the engine walks them: an interactive
//! sign-in (first factor, second where policy asks, fallback across registered
//! methods, passwordless for both), a silent renewal (token service or backup
//! service) and an access to each app (the renewal, then the resource side).
//! A contingency rule or fallback switch is a path only while its condition
//! holds (`conditions`), and a delayed one only in the view after it takes effect.

use super::Delays;
use super::events::Events;
use super::tree::Tree;
use crate::model::{Action, CohortSpec, NeedsId, RegistrationSpec, World};
use crate::scenario::AppKind;

pub struct Paths<'w> {
    pub(super) world: &'w World,
    pub events: Events<'w>,
    /// Which view the trees are built for: before delayed rules and switches
    /// take effect, or after.
    pub delays: Delays,
}

impl<'w> Paths<'w> {
    pub fn new(world: &'w World) -> Self {
        Paths {
            world,
            events: Events::new(world),
            delays: Delays::After,
        }
    }

    /// The components of a set of needs, global and the user's own, and, in
    /// the view after delays take effect, those of a certificate method's CRL
    /// distribution point: the identity provider's cached list rides out the
    /// start of the point's outage, and fails the method once it expires (a
    /// delay like a rule's, see `conditions::delayed`).
    pub fn components(&self, id: NeedsId) -> Vec<usize> {
        let needs = &self.world.needs[id.0];
        let mut all: Vec<usize> = needs.global.clone();
        all.extend(self.own(id));
        if let Some(c) = needs.crl.filter(|_| self.delays == Delays::After) {
            all.extend(&self.world.needs[self.world.crl[c].endpoint.0].global);
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The components of a set of needs that are each user's own.
    pub(super) fn own(&self, id: NeedsId) -> Vec<usize> {
        let slots = &self.world.needs[id.0].per_user;
        slots
            .iter()
            .map(|&slot| self.world.per_user_components[slot])
            .collect()
    }

    /// Fails when any of `components` is down.
    pub(super) fn any_down(&mut self, components: Vec<usize>, name: String) -> Tree {
        let causes = components
            .into_iter()
            .map(|c| self.events.component(c))
            .collect();
        Tree::any(name, causes)
    }

    pub(super) fn needs(&mut self, id: NeedsId, name: String) -> Tree {
        self.any_down(self.components(id), name)
    }

    fn method_fails(&mut self, cohort: &CohortSpec, m: usize) -> Tree {
        let spec = &self.world.methods[m];
        if spec.device_bound && !cohort.registered_devices {
            return Tree::always();
        }
        let own = match spec.fallback {
            Some(f) => self.switched(cohort, f),
            None => {
                let needs = self.world.method_needs(cohort, m);
                self.needs(needs, format!("{} fails", spec.name))
            }
        };
        match spec.allowed_by.is_empty() {
            true => own,
            false => {
                let allowed = self.not_in_effect(cohort, Action::AllowMethod(m));
                Tree::any(
                    format!("{} fails or is not allowed", spec.name),
                    vec![own, allowed],
                )
            }
        }
    }

    fn every_method_fails(&mut self, cohort: &CohortSpec, methods: &[usize], role: &str) -> Tree {
        let fails = methods
            .iter()
            .map(|&m| self.method_fails(cohort, m))
            .collect();
        Tree::all(format!("every {role} fails"), fails)
    }

    /// What every token request of the cohort needs.
    pub fn token_request(&mut self, cohort: &CohortSpec) -> Tree {
        self.needs(cohort.token_request, "token request fails".into())
    }

    /// An interactive sign-in of a user with registration `r`.
    pub fn sign_in(&mut self, cohort: &CohortSpec, r: &RegistrationSpec) -> Tree {
        let mut causes = vec![self.token_request(cohort)];
        if let Some(needs) = cohort.sign_in {
            causes.push(self.needs(needs, "the cohort's sign-in needs fail".into()));
        }
        causes.push(self.in_effect(cohort, Action::Block));
        let first = self.every_method_fails(cohort, &r.first, "first factor");
        let factors = if self.world.policy.mfa_required(cohort.registered_devices) {
            let second = self.every_method_fails(cohort, &r.second, "second factor");
            // A registered (compliant) device stands in for MFA while a rule says so.
            let unwaived = match cohort.registered_devices {
                true => self.not_in_effect(cohort, Action::AcceptCompliantDevice),
                false => Tree::always(),
            };
            let name = "the second factor fails, not waived";
            let second = Tree::all(name, vec![second, unwaived]);
            Tree::any("the factors fail", vec![first, second])
        } else {
            first
        };
        let mut ways = vec![factors];
        ways.extend(r.passwordless.iter().map(|&m| self.method_fails(cohort, m)));
        causes.push(Tree::all("no way to sign in", ways));
        Tree::any("sign-in fails", causes)
    }

    /// A silent renewal of app `a`'s token: the token service, or the backup
    /// service for a session it covers.
    pub fn renewal(&mut self, cohort: &CohortSpec, a: usize) -> Tree {
        let world = self.world;
        let primary = self.token_request(cohort);
        let kind = world.apps[cohort.apps[a].app].kind;
        let covered = matches!(kind, AppKind::PublicClient | AppKind::ManagedIdentity);
        let backup = match (&world.policy.backup, cohort.backup) {
            (Some(rules), Some(needs)) if rules.allow && covered && !cohort.guest => {
                self.needs(needs, "backup service fails".into())
            }
            _ => Tree::always(),
        };
        let services = Tree::all("token and backup services fail", vec![primary, backup]);
        let blocked = self.in_effect(cohort, Action::Block);
        Tree::any("silent renewal fails", vec![blocked, services])
    }

    /// An access to app `a` by a user with a session: a renewed token, then a
    /// reachable resource that trusts it (a fragile one rejects tokens while it
    /// cannot refresh the signing keys).
    pub fn access(&mut self, cohort: &CohortSpec, a: usize) -> Tree {
        let world = self.world;
        let app = &cohort.apps[a];
        let mut causes = vec![self.renewal(cohort, a)];
        if let Some(needs) = app.resource {
            causes.push(self.needs(needs, "resource unreachable".into()));
        }
        if let Some(keys) = world.apps[app.app]
            .keys
            .as_ref()
            .filter(|k| k.reject_on_failure)
        {
            causes.push(self.needs(keys.metadata, "signing-key refresh fails".into()));
        }
        let name = format!("access to {} fails", world.apps[app.app].name);
        Tree::any(name, causes)
    }
}
