//! The tenant's policy compiled: lifetimes as ranges to draw from, limits as seconds.

use crate::scenario::duration::{Lifetime, Limit};
use crate::scenario::{BackupConditionalAccess, Changes, Mfa, Policy};

#[derive(Debug, Clone)]
pub struct PolicyRules {
    pub refresh_token_inactivity: f64,
    pub mfa: bool,
    /// A registered (compliant) device satisfies MFA at all times.
    pub compliant_device_grant: bool,
    /// How long MFA is remembered on a device: zero when never.
    pub remember_mfa: f64,
    pub cae_propagation_delay: f64,
    pub prt_lifetime: f64,
    pub prt_renewal: f64,
    pub backup: Option<BackupRules>,
    /// The mix of changes `policy_staleness_*` weighs.
    pub changes: Changes,
}

/// A token lifetime drawn uniformly from `min` to `min + spread`.
#[derive(Debug, Clone, Copy)]
pub struct TokenLifetime {
    pub min: f64,
    pub spread: f64,
}

impl From<Lifetime> for TokenLifetime {
    fn from(l: Lifetime) -> Self {
        TokenLifetime {
            min: l.min,
            spread: l.max - l.min,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BackupRules {
    pub window: f64,
    /// False when conditional access blocks requests during backup operation.
    pub allow: bool,
}

impl PolicyRules {
    /// Whether a sign-in, or single sign-on through the device's PRT, of a user
    /// on a registered device or not must satisfy MFA.
    pub fn mfa_required(&self, registered_device: bool) -> bool {
        self.mfa && !(self.compliant_device_grant && registered_device)
    }

    pub fn new(p: &Policy) -> Self {
        PolicyRules {
            refresh_token_inactivity: p.refresh_token_inactivity.0,
            mfa: p.mfa != Mfa::Never,
            compliant_device_grant: p.mfa == Mfa::EverySignInOrCompliantDevice,
            remember_mfa: match p.remember_mfa {
                Limit::Never => 0.0,
                Limit::After(d) => d.0,
            },
            cae_propagation_delay: p.cae_propagation_delay.0,
            prt_lifetime: p.prt_lifetime.0,
            prt_renewal: p.prt_renewal.0,
            backup: p.backup_authentication.then(|| BackupRules {
                window: p.backup_window.0,
                allow: p.backup_conditional_access == BackupConditionalAccess::Allow,
            }),
            changes: p.changes,
        }
    }
}
