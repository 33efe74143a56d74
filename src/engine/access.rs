//! One access attempt, as MODEL.md tells it: a valid access token serves it;
//! otherwise a silent renewal (refresh token, backup service, the device's PRT);
//! otherwise an interactive sign-in.

use super::load::request;
use super::play::{Player, User};
use super::tally::Tally;

/// How an access attempt ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Access {
    Served,
    /// The IdP failed a silent renewal: the client retries with its backoff.
    RenewalFailed,
    /// The interactive sign-in failed: the user tries again at their next scheduled use.
    SignInFailed,
}

impl Player {
    pub(super) fn attempt(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) -> Access {
        let world = user.world;
        let measured = t >= world.warmup;
        self.renew_prt(user, t, tally);
        let state = &self.apps[app];
        // A valid access token serves the request with no IdP call.
        if t < state.token_expiry {
            if t >= state.early_from
                && (user.cohort.workloads || self.session_usable(user, app, t))
            {
                // Early renewal in the background: a failure stays invisible.
                request(world, t, tally);
                if self.token_service_up(user, t) {
                    self.issue_token(user, app, t);
                }
            }
            self.served(app, t);
            return Access::Served;
        }
        // A workload asks for a token with its own credential: no session, no prompt.
        if user.cohort.workloads {
            request(world, t, tally);
            if self.token_service_up(user, t) {
                return self.renewed(user, app, t);
            }
            return Access::RenewalFailed;
        }
        // Silent renewal with the refresh token (or the web app's IdP session).
        if self.session_usable(user, app, t) {
            request(world, t, tally);
            if self.token_service_up(user, t) {
                return self.renewed(user, app, t);
            }
            if self.backup_covers(user, app, t) {
                // backup_renewals_per_user_day
                tally.backup_renewals += u64::from(measured);
                return self.renewed(user, app, t);
            }
            return Access::RenewalFailed;
        }
        // Single sign-on: the device's primary refresh token opens the app's session.
        if self.device.prt_usable(user, t) {
            request(world, t, tally);
            if self.token_service_up(user, t) {
                self.apps[app].session_start = self.device.prt_session_start;
                return self.renewed(user, app, t);
            }
            return Access::RenewalFailed;
        }
        request(world, t, tally);
        // With the token service down the user gets an error page, not a prompt.
        if !self.token_service_up(user, t) {
            return Access::SignInFailed;
        }
        // prompts_per_user_day: an interactive sign-in.
        tally.prompts += u64::from(measured);
        let mfa = world.policy.mfa && t >= self.device.mfa_remembered_until;
        if !self.sign_in(user, t, mfa, measured, tally) {
            return Access::SignInFailed;
        }
        if mfa {
            self.device.mfa_remembered_until = t + world.policy.remember_mfa;
        }
        self.device.signed_in(user, t);
        self.apps[app].session_start = t;
        self.renewed(user, app, t)
    }

    /// A new token, and the access it was asked for served with it.
    fn renewed(&mut self, user: &User, app: usize, t: f64) -> Access {
        self.issue_token(user, app, t);
        self.served(app, t);
        Access::Served
    }

    /// An access served: it may be with credentials a revocation should have stopped.
    fn served(&mut self, app: usize, t: f64) {
        let state = &mut self.apps[app];
        state.last_served = t;
        self.exposures
            .served(state.exposed_from, state.token_issued, t);
    }
}
