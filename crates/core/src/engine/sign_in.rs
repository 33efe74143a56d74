//! Interactive sign-in: the user tries registered methods in order of preference,
//! falling back to the next when one fails. Contingency rules change what it
//! takes while a component is down, and a fallback switch in effect replaces a
//! method with another. Single sign-on through a PRT with no MFA claim asks
//! for MFA where policy requires it.

use super::contingency::{self, blocked, by_rule, waives_mfa};
use super::fallback;
use super::load::{mfa_prompt, prompt};
use super::player::Player;
use super::sign_in_log::Outcome;
use super::state::SignedIn;
use super::tally::Tally;
use super::user::User;

impl Player {
    /// Whether the user signs in at `t`, with a second factor where `mfa` asks
    /// for one: `None` when not, otherwise whether the sign-in satisfied MFA (a
    /// passwordless method or a second factor; not a waiver), which the
    /// device's PRT then carries as its MFA claim.
    pub(super) fn sign_in(
        &mut self,
        user: &User,
        t: f64,
        mfa: bool,
        measured: bool,
        tally: &mut Tally,
    ) -> Option<bool> {
        if let Some(needs) = user.cohort.sign_in {
            let failed = if !self.dependencies.is_up(user, needs, t) {
                Some(Outcome::FirstFactorFailed)
            } else if !self.admitted(user, needs, t, tally) {
                Some(Outcome::Throttled)
            } else {
                None
            };
            if failed.is_some() {
                self.note(|p| p.failed = failed);
                return None;
            }
        }
        if blocked(user, t) {
            self.note(|p| p.failed = Some(Outcome::Blocked));
            return None;
        }
        let registration = user.registration;
        let first = registration
            .passwordless
            .iter()
            .chain(&registration.first)
            .find(|&&m| self.method_works(user, m, t, tally));
        let &first = first?;
        let passwordless = registration.passwordless.contains(&first);
        self.note(|p| {
            p.first = Some(first as u32);
            p.mfa_done = passwordless;
        });
        self.signed_in = SignedIn {
            at: t,
            mfa_waived: false,
            fallback: fallback::switched(user, first, t),
        };
        let thanks_to_a_rule = by_rule(user, first);
        if passwordless || !mfa {
            // contingency_sign_ins_per_user_day
            tally.contingency_sign_ins += u64::from(measured && thanks_to_a_rule);
            return Some(passwordless);
        }
        self.second_factor(user, t, measured, thanks_to_a_rule, tally)
    }

    /// The second factor, or a rule's waiver of it: `Some(true)` when a second
    /// factor worked, `Some(false)` when MFA was waived, `None` when neither.
    fn second_factor(
        &mut self,
        user: &User,
        t: f64,
        measured: bool,
        mut thanks_to_a_rule: bool,
        tally: &mut Tally,
    ) -> Option<bool> {
        let registration = user.registration;
        if waives_mfa(user, t) {
            // mfa_waived_sign_ins: the security cost of the lockouts the rule saved;
            // contingency_sign_ins_per_user_day only where no second factor would have worked.
            let needed = !registration
                .second
                .iter()
                .any(|&m| self.method_usable(user, m, t));
            tally.mfa_waived += u64::from(measured);
            self.signed_in.mfa_waived = true;
            self.note(|p| p.mfa_waived = true);
            tally.contingency_sign_ins += u64::from(measured && (needed || thanks_to_a_rule));
            return Some(false);
        }
        // The factors the person is wary of (see `people`) come last.
        let wary = self.person.wary(t);
        let mut second = false;
        'tried: for last in [false, true] {
            for (i, &m) in registration.second.iter().enumerate() {
                if (wary >> i & 1 == 1) != last {
                    continue;
                }
                // Each second factor the user is asked for.
                mfa_prompt(user.world, t, tally);
                if self.method_works(user, m, t, tally) {
                    thanks_to_a_rule |= by_rule(user, m);
                    second = true;
                    self.note(|p| {
                        p.second = Some(m as u32);
                        p.mfa_done = true;
                    });
                    break 'tried;
                }
                self.person.saw_fail(user, i, t);
            }
        }
        tally.contingency_sign_ins += u64::from(measured && second && thanks_to_a_rule);
        if !second {
            self.note(|p| p.failed = Some(Outcome::MfaFailed));
        }
        second.then_some(true)
    }

    /// Single sign-on through a PRT whose sign-in did not satisfy MFA (a rule
    /// waived it): where policy requires MFA and the device does not remember
    /// it, a rule still in effect waives it again; otherwise the user is asked
    /// for MFA (a passwordless method or a second factor, each an MFA prompt),
    /// which then gives the PRT its claim.
    pub(super) fn sso_mfa(&mut self, user: &User, t: f64, tally: &mut Tally) -> bool {
        let world = user.world;
        let device = &self.device;
        let required = world.policy.mfa_required(true);
        let satisfied = device.prt_mfa_claim || t < device.mfa_remembered_until;
        self.note(|p| {
            p.mfa_required = required;
            p.mfa_remembered = required && satisfied;
        });
        if !required || satisfied {
            return true;
        }
        // A rule that waives MFA grants the device at once: no prompt.
        let waived = waives_mfa(user, t);
        if !waived {
            prompt(world, t, tally);
            self.note(|p| p.prompted = true);
        }
        let measured = t >= world.warmup;
        let passwordless = match waived {
            true => None,
            false => user.registration.passwordless.iter().copied().find(|&m| {
                mfa_prompt(world, t, tally);
                self.method_works(user, m, t, tally)
            }),
        };
        let done = match passwordless {
            Some(m) => {
                self.note(|p| {
                    p.first = Some(m as u32);
                    p.mfa_done = true;
                });
                Some(true)
            }
            None => self.second_factor(user, t, measured, false, tally),
        };
        let Some(done) = done else {
            return false;
        };
        if done {
            self.device.prt_mfa_claim = true;
            self.device.mfa_remembered_until = t + world.policy.remember_mfa;
        }
        true
    }

    /// A method works when the rules allow it and what it needs (or, with its
    /// fallback switch in effect, what the replacement needs) is up.
    pub(super) fn method_usable(&mut self, user: &User, method: usize, t: f64) -> bool {
        // A device-bound method (Windows Hello) only on a registered device.
        (!user.world.methods[method].device_bound || user.cohort.registered_devices)
            && contingency::method_allowed(user, method, t)
            && self
                .dependencies
                .is_up(user, fallback::needs(user, method, t), t)
    }
}
