//! Interactive sign-in: the user tries registered methods in order of preference,
//! falling back to the next when one fails. Contingency rules change what it
//! takes while a component is down, and a fallback switch in effect replaces a
//! method with another.

use super::contingency::{self, blocked, by_rule, waives_mfa};
use super::fallback;
use super::load::mfa_prompt;
use super::player::Player;
use super::state::SignedIn;
use super::tally::Tally;
use super::user::User;

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
        if blocked(user, t) {
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
        self.signed_in = SignedIn {
            at: t,
            mfa_waived: false,
            fallback: fallback::switched(user, first, t),
        };
        let mut thanks_to_a_rule = by_rule(user, first);
        if passwordless || !mfa {
            // contingency_sign_ins_per_user_day
            tally.contingency_sign_ins += u64::from(measured && thanks_to_a_rule);
            return true;
        }
        if waives_mfa(user, t) {
            // mfa_waived_sign_ins: the security cost of the lockouts the rule saved;
            // contingency_sign_ins_per_user_day only where no second factor would have worked.
            let needed = !registration
                .second
                .iter()
                .any(|&m| self.method_usable(user, m, t));
            tally.mfa_waived += u64::from(measured);
            self.signed_in.mfa_waived = true;
            tally.contingency_sign_ins += u64::from(measured && (needed || thanks_to_a_rule));
            return true;
        }
        let second = registration.second.iter().any(|&m| {
            // Each second factor the user is asked for.
            mfa_prompt(user.world, t, tally);
            let usable = self.method_usable(user, m, t);
            thanks_to_a_rule |= usable && by_rule(user, m);
            usable
        });
        tally.contingency_sign_ins += u64::from(measured && second && thanks_to_a_rule);
        second
    }

    /// A method works when the rules allow it and what it needs (or, with its
    /// fallback switch in effect, what the replacement needs) is up.
    pub(super) fn method_usable(&mut self, user: &User, method: usize, t: f64) -> bool {
        contingency::method_allowed(user, method, t)
            && self
                .dependencies
                .is_up(user, fallback::needs(user, method, t), t)
    }
}
