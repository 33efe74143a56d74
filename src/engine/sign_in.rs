//! Interactive sign-in: the user tries registered methods in order of preference,
//! falling back to the next when one fails. Contingency rules change what it
//! takes while a component is down, and a fallback switch in effect replaces a
//! method with another.

use super::play::{Player, User};
use super::tally::Tally;
use crate::model::Action;

impl Player {
    /// Whether the user signs in at `t`, with a second factor where `mfa` asks for one.
    pub(super) fn sign_in(
        &mut self,
        user: &User,
        t: f64,
        mfa: bool,
        measured: bool,
        tally: &mut Tally,
    ) -> bool {
        if let Some(needs) = user.cohort.sign_in
            && !self.dependencies.is_up(user, needs, t)
        {
            return false;
        }
        if self.rule_in_effect(user, t, |a| a == Action::Block) {
            return false;
        }
        let registration = user.registration;
        let first = registration
            .passwordless
            .iter()
            .chain(&registration.first)
            .find(|&&m| self.method_usable(user, m, t));
        let Some(&first) = first else {
            return false;
        };
        let passwordless = registration.passwordless.contains(&first);
        let mut thanks_to_a_rule = user.world.methods[first].allowed_by.is_some();
        if passwordless || !mfa {
            // contingency_sign_ins_per_user_day
            tally.contingency_sign_ins += u64::from(measured && thanks_to_a_rule);
            return true;
        }
        let waived = user.cohort.registered_devices
            && self.rule_in_effect(user, t, |a| a == Action::AcceptCompliantDevice);
        let second = waived
            || registration.second.iter().any(|&m| {
                // mfa_prompts_per_user_day: each second factor the user is asked for.
                tally.mfa_prompts += u64::from(measured);
                let usable = self.method_usable(user, m, t);
                thanks_to_a_rule |= usable && user.world.methods[m].allowed_by.is_some();
                usable
            });
        // mfa_waived_sign_ins: the security cost of the lockouts the rule saved.
        tally.mfa_waived += u64::from(measured && waived);
        tally.contingency_sign_ins += u64::from(measured && second && (waived || thanks_to_a_rule));
        second
    }

    /// A method works when a rule it needs is in effect and what it needs (or, with
    /// its fallback switch in effect, what the replacement needs) is up.
    fn method_usable(&mut self, user: &User, method: usize, t: f64) -> bool {
        let world = user.world;
        let spec = &world.methods[method];
        if let Some(rule) = spec.allowed_by
            && !self.rule_applies(user, rule, t)
        {
            return false;
        }
        let needs = match spec.fallback {
            Some(f) if user.outages.fallback[f].contains(t) => {
                world.methods[world.fallback[f].to].needs
            }
            _ => spec.needs,
        };
        self.dependencies.is_up(user, needs, t)
    }

    fn rule_in_effect(&self, user: &User, t: f64, action: impl Fn(Action) -> bool) -> bool {
        user.cohort.contingency.iter().any(|&r| {
            action(user.world.contingency[r].action) && user.outages.contingency[r].contains(t)
        })
    }

    fn rule_applies(&self, user: &User, rule: usize, t: f64) -> bool {
        user.cohort.contingency.contains(&rule) && user.outages.contingency[rule].contains(t)
    }
}
