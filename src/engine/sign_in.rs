//! Interactive sign-in: the user tries registered methods in order of preference,
//! falling back to the next when one fails.

use super::play::{Player, User};
use super::tally::Tally;

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
        let registration = user.registration;
        if let Some(needs) = user.cohort.sign_in
            && !self.dependencies.is_up(user, needs, t)
        {
            return false;
        }
        if registration
            .passwordless
            .iter()
            .any(|&m| self.method_up(user, m, t))
        {
            return true;
        }
        if !registration
            .first
            .iter()
            .any(|&m| self.method_up(user, m, t))
        {
            return false;
        }
        if !mfa {
            return true;
        }
        for &m in &registration.second {
            // mfa_prompts_per_user_day: each second factor the user is asked for.
            tally.mfa_prompts += u64::from(measured);
            if self.method_up(user, m, t) {
                return true;
            }
        }
        false
    }

    fn method_up(&mut self, user: &User, method: usize, t: f64) -> bool {
        self.dependencies
            .is_up(user, user.world.methods[method].needs, t)
    }
}
