//! The user's device: the primary refresh token (PRT) that gives single sign-on
//! to every app, renewed in the background, and the MFA it remembers.

use super::dependencies::Dependencies;
use super::load::request;
use super::tally::Tally;
use super::user::User;

/// What the user's device carries across apps.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct DeviceState {
    /// The interactive sign-in the primary refresh token came from.
    pub prt_session_start: f64,
    pub prt_renewed: f64,
    /// The device's next background renewal, due whether the last one worked or not.
    pub prt_next_try: f64,
    /// Negative infinity on an unregistered device.
    pub prt_expiry: f64,
    /// The PRT's MFA claim: its sign-in satisfied MFA, so single sign-on does.
    pub prt_mfa_claim: bool,
    /// MFA is not asked for again before this.
    pub mfa_remembered_until: f64,
    /// Sessions and refresh tokens from before this no longer work.
    pub revoked_at: f64,
}

impl DeviceState {
    /// A new PRT from an interactive sign-in at `t`, which satisfied MFA or not.
    pub fn signed_in(&mut self, user: &User, t: f64, mfa_claim: bool) {
        if user.cohort.registered_devices {
            self.prt_mfa_claim = mfa_claim;
            self.prt_session_start = t;
            self.prt_renewed = t;
            self.prt_next_try = t + user.world.policy.prt_renewal;
            self.prt_expiry = t + user.world.policy.prt_lifetime;
        }
    }

    pub fn prt_usable(&self, user: &User, t: f64) -> bool {
        t < self.prt_expiry
            && self.prt_session_start >= self.revoked_at
            && t < self.prt_session_start + user.cohort.sign_in_frequency
    }

    /// The device renews its PRT in the background, on its own schedule, every
    /// few hours while used: a failure is tried again a renewal period later, not
    /// at every access, and goes unnoticed until the PRT expires. Whether it
    /// asked the token service, and whether it renewed (for the sign-in log).
    pub fn renew_prt(
        &mut self,
        user: &User,
        dependencies: &mut Dependencies,
        t: f64,
        tally: &mut Tally,
    ) -> Option<bool> {
        let policy = &user.world.policy;
        if !user.cohort.registered_devices || !self.prt_usable(user, t) || t < self.prt_next_try {
            return None;
        }
        request(user.world, t, tally);
        self.prt_next_try = t + policy.prt_renewal;
        let up = dependencies.token_service_up(user, t);
        if up {
            self.prt_renewed = t;
            self.prt_expiry = t + policy.prt_lifetime;
        }
        // In the background: a slow answer or a timeout goes unnoticed.
        dependencies.slowness.forget();
        Some(up)
    }
}
