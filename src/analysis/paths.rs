//! The fault trees of a cohort's paths, as the engine walks them: an interactive
//! sign-in (first factor, second where policy asks, fallback across registered
//! methods, passwordless for both), a silent renewal (token service or backup
//! service) and an access to each app (the renewal, then the resource side).
//! Contingency rules and fallback switches count as alternative paths.

use super::events::Events;
use super::tree::Tree;
use crate::model::{Action, CohortSpec, NeedsId, RegistrationSpec, World};
use crate::scenario::AppKind;

pub struct Paths<'w> {
    world: &'w World,
    pub events: Events<'w>,
}

impl<'w> Paths<'w> {
    pub fn new(world: &'w World) -> Self {
        Paths {
            world,
            events: Events::new(world),
        }
    }

    /// The components of a set of needs, global and the user's own.
    pub fn components(&self, id: NeedsId) -> Vec<usize> {
        let needs = &self.world.needs[id.0];
        let own = needs
            .per_user
            .iter()
            .map(|&slot| self.world.per_user_components[slot]);
        let mut all: Vec<usize> = needs.global.iter().copied().chain(own).collect();
        all.sort_unstable();
        all
    }

    fn needs(&mut self, id: NeedsId, name: String) -> Tree {
        let causes = self
            .components(id)
            .into_iter()
            .map(|c| self.events.component(c))
            .collect();
        Tree::any(name, causes)
    }

    /// The rules for this cohort doing `action` that can ever take effect.
    fn rules(&self, cohort: &CohortSpec, action: impl Fn(Action) -> bool) -> Vec<usize> {
        let rules = &self.world.contingency;
        let on = |&&r: &&usize| action(rules[r].action) && rules[r].after.is_finite();
        cohort.contingency.iter().filter(on).copied().collect()
    }

    /// A block rule takes effect when a component it watches is down.
    fn blocked(&mut self, cohort: &CohortSpec) -> Tree {
        let watched: Vec<Tree> = self
            .rules(cohort, |a| a == Action::Block)
            .into_iter()
            .map(|r| {
                let rule = &self.world.contingency[r];
                self.needs(rule.watches, format!("block rule {} in effect", rule.name))
            })
            .collect();
        Tree::any("a block rule in effect", watched)
    }

    fn method_fails(&mut self, cohort: &CohortSpec, m: usize) -> Tree {
        let world = self.world;
        let spec = &world.methods[m];
        let allowed = self.rules(cohort, |a| a == Action::AllowMethod(m));
        if !spec.allowed_by.is_empty() && allowed.is_empty() {
            return Tree::always();
        }
        let own = self.needs(spec.needs, format!("{} fails", spec.name));
        match spec.fallback {
            Some(f) => {
                let to = &world.methods[world.fallback[f].to];
                let name = format!("{} fails", to.name);
                let replacement = self.needs(to.needs, name);
                let name = format!("{} and its fallback fail", spec.name);
                Tree::all(name, vec![own, replacement])
            }
            None => own,
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
        causes.push(self.blocked(cohort));
        let waived = cohort.registered_devices
            && !self
                .rules(cohort, |a| a == Action::AcceptCompliantDevice)
                .is_empty();
        let first = self.every_method_fails(cohort, &r.first, "first factor");
        let factors = if self.world.policy.mfa && !waived {
            let second = self.every_method_fails(cohort, &r.second, "second factor");
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
        let blocked = self.blocked(cohort);
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
