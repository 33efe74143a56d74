//! One access attempt, as MODEL.md tells it: a valid access token serves it;
//! otherwise a silent renewal (refresh token, backup service, the device's PRT);
//! otherwise an interactive sign-in. With a token in hand, the resource itself
//! must be reachable and accept it.

use super::contingency::blocked;
use super::load::{measured_request, prompt, request};
use super::player::Player;
use super::sign_in_log::{Outcome, Request, Via};
use super::tally::Tally;
use super::user::User;

/// How an access attempt ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Access {
    Served,
    /// The IdP failed a silent renewal: the client retries with its backoff.
    RenewalFailed,
    /// The interactive sign-in failed: the user tries again at their next scheduled use.
    SignInFailed,
    /// The token was fine but the resource unreachable or refusing it: the client
    /// library does not retry that, the user tries again at their next use.
    ResourceUnreachable,
}

impl Player {
    pub(super) fn attempt(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) -> Access {
        self.dependencies.slowness.start(user, self.apps[app].app);
        self.throttling.retry_after = 0.0;
        self.throttling.by = None;
        let token = self.token(user, app, t, tally);
        if token != Access::Served {
            return token;
        }
        if !self.resource_serves(user, app, t) {
            return Access::ResourceUnreachable;
        }
        self.served(app, t);
        Access::Served
    }

    /// `attempt` where a quiet stretch has made sure of its answer: a silent
    /// renewal the token service grants, from a session in use, the resource
    /// serving (see `quiet`). It counts what `attempt` counts, without asking
    /// again what the stretch already knows.
    #[inline(always)]
    pub(super) fn renew_surely(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) {
        debug_assert!(
            self.dependencies.token_service_up(user, t) && !blocked(user, t),
            "a sure renewal"
        );
        request(user.world, t, tally);
        let early = t < self.apps[app].token_expiry;
        let renewed = self.token_service_renews(user, app, t, Request::silent(user, early), tally);
        debug_assert!(renewed, "a sure renewal is not throttled");
        self.served(app, t);
    }

    /// Whether app `app`'s sure renewals may go by `renew_plainly`: no sign-in
    /// log and no watched component on the token request's path (what it skips
    /// asking), no early renewal (its renewal is then at the token's expiry).
    /// CAE, signing keys and workloads it would count right too (`issue_token`
    /// asks them); it leaves them to `renew_surely`, as no test has played them
    /// this way.
    pub(super) fn plain_renewals(&self, user: &User, app: usize) -> bool {
        let spec = &user.world.apps[self.apps[app].app];
        self.log.is_none()
            && !user.cohort.workloads
            && user.world.needs[user.cohort.token_request.0]
                .watched
                .is_empty()
            && !spec.cae
            && spec.keys.is_none()
            && spec.early_renewal.is_none()
    }

    /// `renewed_at` where `plain_renewals` holds, after the warm-up, in time
    /// bucket `bucket`, the last use of the token it replaces at `last`: what
    /// `renew_surely` counts, without asking what cannot be (a log, a watched
    /// component) or counting what cannot count (the new token's own exposure);
    /// returns the new token's expiry.
    #[inline(always)]
    pub(super) fn renew_plainly(
        &mut self,
        user: &User,
        app: usize,
        t: f64,
        bucket: usize,
        last: f64,
        tally: &mut Tally,
    ) -> f64 {
        debug_assert!(
            self.dependencies.token_service_up(user, t) && !blocked(user, t),
            "a sure renewal"
        );
        debug_assert!(t >= user.world.warmup, "a measured renewal");
        let state = &self.apps[app];
        self.exposures
            .served(state.exposed_from, state.token_issued, last);
        measured_request(user.world, t, bucket, tally);
        self.issue_token(user, app, t, tally);
        let state = &mut self.apps[app];
        state.last_served = t;
        state.token_expiry
    }

    /// The token service, up, answers a silent renewal (`request`, already
    /// counted): each watched component on its path counts it, and may throttle
    /// it (`false`); otherwise the app takes a new token. Every silent renewal
    /// the token service answers comes this way, a quiet stretch's too.
    #[inline(always)]
    fn token_service_renews(
        &mut self,
        user: &User,
        app: usize,
        t: f64,
        request: Request,
        tally: &mut Tally,
    ) -> bool {
        if !self.admitted(user, user.cohort.token_request, t, tally) {
            self.log(user, app, t, request, Outcome::Throttled);
            return false;
        }
        self.log(user, app, t, request, Outcome::Success);
        self.issue_token(user, app, t, tally);
        true
    }

    /// A token for the access: the cached one, or a new one. Each request to
    /// the IdP is logged with its outcome, where a sign-in log is kept.
    fn token(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) -> Access {
        let world = user.world;
        if let Some(renewed) = self
            .device
            .renew_prt(user, &mut self.dependencies, t, tally)
        {
            let outcome = match renewed {
                true => Outcome::Success,
                false => Outcome::TokenServiceDown,
            };
            let prt = Request {
                via: Via::Prt,
                background: true,
            };
            self.log(user, app, t, prt, outcome);
        }
        let state = &self.apps[app];
        // A valid access token serves the request with no IdP call.
        if t < state.token_expiry {
            if t >= state.early_from && (user.cohort.workloads || self.session_usable(user, app, t))
            {
                // Early renewal in the background: a failure stays invisible,
                // and so does a slow answer.
                request(world, t, tally);
                let early = Request::silent(user, true);
                if !self.dependencies.token_service_up(user, t) {
                    self.log(user, app, t, early, Outcome::TokenServiceDown);
                } else if blocked(user, t) {
                    self.log(user, app, t, early, Outcome::Blocked);
                } else {
                    self.token_service_renews(user, app, t, early, tally);
                }
                self.dependencies.slowness.forget();
            }
            return Access::Served;
        }
        // A workload asks for a token with its own credential: no session, no
        // prompt. Otherwise the refresh token (or the web app's IdP session) renews.
        if user.cohort.workloads || self.session_usable(user, app, t) {
            return self.renew_silently(user, app, t, tally);
        }
        // Single sign-on: the device's primary refresh token opens the app's session.
        if self.device.prt_usable(user, t) {
            request(world, t, tally);
            let sso = Request {
                via: Via::Prt,
                background: false,
            };
            if blocked(user, t) {
                self.log(user, app, t, sso, Outcome::Blocked);
                return Access::SignInFailed;
            }
            if self.dependencies.token_service_up(user, t) {
                if !self.admitted(user, user.cohort.token_request, t, tally) {
                    self.log(user, app, t, sso, Outcome::Throttled);
                    return Access::RenewalFailed;
                }
                if !self.sso_mfa(user, t, tally) {
                    self.log(user, app, t, sso, Outcome::MfaFailed);
                    return Access::SignInFailed;
                }
                self.apps[app].session_start = self.device.prt_session_start;
                self.log(user, app, t, sso, Outcome::Success);
                return self.renewed(user, app, t, tally);
            }
            self.log(user, app, t, sso, Outcome::TokenServiceDown);
            return Access::RenewalFailed;
        }
        request(world, t, tally);
        let interactive = Request {
            via: Via::Interactive,
            background: false,
        };
        // With the token service down the user gets an error page, not a prompt.
        let up = self.dependencies.token_service_up(user, t);
        if !up || !self.admitted(user, user.cohort.token_request, t, tally) {
            let outcome = match up {
                false => Outcome::TokenServiceDown,
                true => Outcome::Throttled,
            };
            self.log(user, app, t, interactive, outcome);
            return Access::SignInFailed;
        }
        let measured = t >= world.warmup;
        prompt(world, t, tally);
        let registered = user.cohort.registered_devices;
        let remembered = t < self.device.mfa_remembered_until;
        let required = world.policy.mfa_required(registered);
        let mfa = required && !remembered;
        self.note(|p| {
            p.mfa_required = required;
            p.mfa_remembered = required && remembered;
        });
        let Some(mfa_done) = self.sign_in(user, t, mfa, measured, tally) else {
            // `sign_in` noted why, where it was not the first factor.
            self.log(user, app, t, interactive, Outcome::FirstFactorFailed);
            return Access::SignInFailed;
        };
        if mfa && mfa_done {
            self.device.mfa_remembered_until = t + world.policy.remember_mfa;
        }
        // MFA remembered on the device counts for the PRT's claim; a waiver does not.
        self.device.signed_in(user, t, mfa_done || remembered);
        self.apps[app].session_start = t;
        self.log(user, app, t, interactive, Outcome::Success);
        self.renewed(user, app, t, tally)
    }

    /// One request to the IdP, answered by the token service or, for a session it
    /// covers, the backup service.
    fn renew_silently(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) -> Access {
        request(user.world, t, tally);
        let silent = Request::silent(user, false);
        // A block is a decision, not a failure: retrying does not help.
        if blocked(user, t) {
            self.log(user, app, t, silent, Outcome::Blocked);
            return Access::SignInFailed;
        }
        if self.dependencies.token_service_up(user, t) {
            // Throttled: the backup service answers for an outage, not a surge.
            return match self.token_service_renews(user, app, t, silent, tally) {
                true => Access::Served,
                false => Access::RenewalFailed,
            };
        }
        if self.backup_covers(user, app, t) {
            // backup_renewals_per_user_day
            tally.backup_renewals += u64::from(t >= user.world.warmup);
            self.backup_judged(user, app, t, tally);
            let backup = Request {
                via: Via::Backup,
                ..silent
            };
            self.log(user, app, t, backup, Outcome::Success);
            return self.renewed(user, app, t, tally);
        }
        self.log(user, app, t, silent, Outcome::TokenServiceDown);
        Access::RenewalFailed
    }

    /// A new token for the access.
    fn renewed(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) -> Access {
        self.issue_token(user, app, t, tally);
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
