//! `[policy]`: the tenant's design choices, each defaulting to the identity
//! provider's documented value (MODEL.md's reference numbers).

use super::duration::{Duration, Lifetime, Limit};
use crate::units::{DAY, HOUR, MINUTE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Documented default: 60-90 minutes, drawn for each token.
    pub access_token_lifetime: Lifetime,
    /// Sliding: every use of the refresh token restarts it.
    pub refresh_token_inactivity: Duration,
    /// Forced interactive re-authentication, checked when a token is renewed.
    pub sign_in_frequency: Limit,
    /// When interactive sign-in needs a second factor.
    pub mfa: Mfa,
    /// How long a device remembers MFA once done ("never": ask at every sign-in).
    pub remember_mfa: Limit,
    /// Components every token request needs, silent or interactive.
    pub token_requests_require: Vec<String>,
    /// While the token service is down it answers with this Retry-After, or none.
    pub retry_after: Limit,
    /// Continuous access evaluation: CAE-capable apps get long-lived tokens that the
    /// resource revokes on critical events.
    pub cae: bool,
    /// Documented: 20 to 28 hours.
    pub cae_token_lifetime: Lifetime,
    /// CAE tokens for a resource that cannot enforce location-based policy.
    pub cae_fallback_token_lifetime: Lifetime,
    /// Revocation reaches the resource within this (uniformly distributed).
    pub cae_propagation_delay: Duration,
    /// A registered device's primary refresh token: how long it lives...
    pub prt_lifetime: Duration,
    /// ...and how often it is renewed while the device is used.
    pub prt_renewal: Duration,
    /// A backup token service renews existing sessions while the primary is down.
    pub backup_authentication: bool,
    /// Components the backup token service needs.
    pub backup_requires: Vec<String>,
    /// Sessions used from the same app and device within this window are covered.
    pub backup_window: Duration,
    /// During backup operation, conditional access is judged on the session's
    /// original data ("allow") or the request is blocked ("block").
    pub backup_conditional_access: BackupConditionalAccess,
    /// What changes about users, as shares adding up to 1, for
    /// `policy_staleness_*` (docs/model.md, "Policy staleness").
    pub changes: Changes,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            // Documented default access-token lifetime: 60-90 minutes.
            access_token_lifetime: Lifetime::between(HOUR, 1.5 * HOUR),
            // Documented refresh-token inactivity limit: 90 days.
            refresh_token_inactivity: Duration::of(90.0 * DAY),
            // Documented default sign-in frequency: a rolling 90-day window.
            sign_in_frequency: Limit::After(Duration::of(90.0 * DAY)),
            mfa: Mfa::default(),
            remember_mfa: Limit::Never,
            token_requests_require: vec!["token_service".to_string()],
            retry_after: Limit::Never,
            cae: false,
            // Documented CAE token lifetime: 20 to 28 hours.
            cae_token_lifetime: Lifetime::between(20.0 * HOUR, 28.0 * HOUR),
            // Documented: 1 hour where the resource cannot enforce location policy.
            cae_fallback_token_lifetime: Lifetime::between(HOUR, HOUR),
            // Documented: revocation takes effect within about 15 minutes.
            cae_propagation_delay: Duration::of(15.0 * MINUTE),
            // Documented PRT: valid 14 days, renewed about every 4 hours in use.
            prt_lifetime: Duration::of(14.0 * DAY),
            prt_renewal: Duration::of(4.0 * HOUR),
            backup_authentication: false,
            backup_requires: Vec::new(),
            // Documented backup coverage: sessions used within the last 3 days.
            backup_window: Duration::of(3.0 * DAY),
            backup_conditional_access: BackupConditionalAccess::default(),
            changes: Changes::default(),
        }
    }
}

/// The kinds of change about a user, by the evaluation that meets them; a kind
/// left out of the table has no share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// Account disabled, password reset, high user risk: met at the app's next
    /// token issue, and CAE carries them to a CAE token's resource.
    #[serde(default)]
    pub critical_event: f64,
    /// Group membership, a conditional-access change: met at the next token
    /// issue; CAE does not carry them.
    #[serde(default)]
    pub policy: f64,
    /// A change only a new interactive sign-in meets (a new MFA requirement).
    #[serde(default)]
    pub sign_in: f64,
}

impl Changes {
    /// Changes only a new interactive sign-in meets: `sign_in_staleness_mean`.
    pub const SIGN_IN: Changes = Changes {
        critical_event: 0.0,
        policy: 0.0,
        sign_in: 1.0,
    };
}

impl Default for Changes {
    /// An assumption (docs/model.md, "Policy staleness"): changes met at the
    /// next token issue, half of them events CAE carries. Changes that need a
    /// new sign-in are reported apart (`sign_in_staleness_mean`): under a
    /// 90-day sign-in frequency their weeks would drown every token lifetime's
    /// hours in one mean.
    fn default() -> Self {
        Changes {
            critical_event: 0.5,
            policy: 0.5,
            sign_in: 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BackupConditionalAccess {
    /// "Resilience defaults": judged on the data from the session's start.
    #[default]
    Allow,
    Block,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mfa {
    #[default]
    EverySignIn,
    Never,
    /// MFA on every sign-in, except from a registered (compliant) device, which
    /// satisfies it at all times: a standing grant, not a contingency rule.
    EverySignInOrCompliantDevice,
}
