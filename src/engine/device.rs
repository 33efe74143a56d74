//! The user's device: the primary refresh token (PRT) that gives single sign-on
//! to every app, renewed in the background, and the MFA it remembers.

use super::load::request;
use super::play::{Player, User};
use super::tally::Tally;
use rand::RngExt;

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
    /// MFA is not asked for again before this.
    pub mfa_remembered_until: f64,
    /// Sessions and refresh tokens from before this no longer work.
    pub revoked_at: f64,
}

impl DeviceState {
    /// The device at the start of the horizon; returns the start of its session,
    /// which every app shares under single sign-on.
    pub fn start(&mut self, user: &User) -> f64 {
        let policy = &user.world.policy;
        let sif = user.cohort.sign_in_frequency;
        let mut rng = user.stream(user.cohort.device_stream);
        let [session_age, prt_age, mfa_left]: [f64; 3] = std::array::from_fn(|_| rng.random());
        // With no sign-in frequency any start will do (and -inf + inf would be NaN).
        let session = if sif.is_finite() {
            -session_age * sif
        } else {
            0.0
        };
        let prt_renewed = -prt_age * policy.prt_renewal;
        *self = DeviceState {
            prt_session_start: session,
            prt_renewed,
            prt_next_try: prt_renewed + policy.prt_renewal,
            prt_expiry: if user.cohort.registered_devices {
                prt_renewed + policy.prt_lifetime
            } else {
                f64::NEG_INFINITY
            },
            mfa_remembered_until: mfa_left * policy.remember_mfa,
            revoked_at: f64::NEG_INFINITY,
        };
        session
    }

    /// A new PRT from an interactive sign-in at `t`.
    pub fn signed_in(&mut self, user: &User, t: f64) {
        if user.cohort.registered_devices {
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
}

impl Player {
    /// The device renews its PRT in the background, on its own schedule, every
    /// few hours while used: a failure is tried again a renewal period later, not
    /// at every access, and goes unnoticed until the PRT expires.
    pub(super) fn renew_prt(&mut self, user: &User, t: f64, tally: &mut Tally) {
        let policy = &user.world.policy;
        if !user.cohort.registered_devices
            || !self.device.prt_usable(user, t)
            || t < self.device.prt_next_try
        {
            return;
        }
        request(user.world, t, tally);
        self.device.prt_next_try = t + policy.prt_renewal;
        if self.token_service_up(user, t) {
            self.device.prt_renewed = t;
            self.device.prt_expiry = t + policy.prt_lifetime;
        }
    }
}
