//! What a user carries through their play for each app.

use super::arrivals::Uses;
use super::user::Phased;
use crate::model::AppSpec;

#[derive(Debug, Clone)]
pub(super) struct AppState {
    /// Index of the app in the world.
    pub app: usize,
    /// Until when the resource is known to serve the current token (see
    /// `resource`): infinity where it never refuses (most apps skip the check).
    pub serves_until: f64,
    pub token_expiry: f64,
    pub token_issued: f64,
    /// A CAE token: the resource cuts it when the user is revoked.
    pub token_cae: bool,
    /// When early renewal starts; infinity when this token is not renewed early.
    pub early_from: f64,
    /// The index of the first revocation this token may outlive (see `exposure`).
    pub exposed_from: u64,
    /// The refresh credential's inactivity limit slides from here.
    pub refresh_last_used: f64,
    /// The last interactive sign-in; sign-in frequency counts from here.
    pub session_start: f64,
    /// The last access served: backup authentication covers recently used sessions.
    pub last_served: f64,
    pub retries_done: u32,
    /// Scheduled uses that failed and wait on the client's retries.
    pub waiting: Waiting,
    pub uses: Uses,
    pub tokens: Phased,
    pub retry: Phased,
}

impl AppState {
    /// The app holds a token of `lifetime` issued at `issued`.
    pub fn hold(&mut self, spec: &AppSpec, issued: f64, lifetime: f64) {
        self.token_expiry = issued + lifetime;
        self.token_issued = issued;
        self.token_cae = spec.cae;
        if spec.keys.is_some() {
            // A new key, maybe: the resource is asked again.
            self.serves_until = f64::NEG_INFINITY;
        }
        self.refresh_last_used = issued;
        self.early_from = spec
            .early_renewal_after(lifetime)
            .map_or(f64::INFINITY, |after| issued + after);
    }
}

/// How the user's latest interactive sign-in got in: the security cost of a
/// lever that let it through lasts as long as the session it began.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct SignedIn {
    pub at: f64,
    /// A contingency rule waived its MFA.
    pub mfa_waived: bool,
    /// Its first factor went through a fallback switch's replacement method.
    pub fallback: bool,
}

/// Scheduled uses of one app that failed and wait on the client's retries: they
/// end delayed if a retry gets through, denied if none does.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Waiting {
    pub any: bool,
    /// When the first of them was tried: the user was stuck from then.
    pub first: f64,
    /// Those after the warm-up, and the sum of their times (for their delay).
    pub measured: u32,
    pub times: f64,
}

impl Waiting {
    pub fn add(&mut self, t: f64, measured: bool) {
        if !self.any {
            self.first = t;
        }
        self.any = true;
        self.measured += u32::from(measured);
        self.times += if measured { t } else { 0.0 };
    }
}
