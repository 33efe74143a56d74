//! `[apps.NAME]`: how a client gets its tokens, renews them and retries.

use super::defaults;
use super::duration::{Duration, Lifetime};
use crate::units::{DAY, HOUR, MINUTE};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppKind {
    /// Native or mobile client with a token cache and a refresh token.
    #[default]
    PublicClient,
    /// Browser app: its own session cookie, renewed through the IdP session.
    WebApp,
    /// A workload's managed identity: tokens cached for 24 hours, renewed early.
    ManagedIdentity,
    /// A workload with a client secret: asks for a new token every hour.
    ClientSecret,
}

impl AppKind {
    /// Apps of workloads, without users: they never prompt anyone.
    pub fn is_workload(self) -> bool {
        matches!(self, AppKind::ManagedIdentity | AppKind::ClientSecret)
    }

    /// The token lifetime of this kind when the app names none; `None`: the policy's.
    pub fn default_token_lifetime(self) -> Option<Lifetime> {
        let fixed = |seconds| Lifetime {
            min: seconds,
            max: seconds,
        };
        match self {
            // Documented: a managed identity's token is cached for up to 24 hours.
            AppKind::ManagedIdentity => Some(fixed(DAY)),
            // A client-secret workload asks for a new token every hour.
            AppKind::ClientSecret => Some(fixed(HOUR)),
            AppKind::PublicClient | AppKind::WebApp => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    #[serde(default)]
    pub kind: AppKind,
    /// Can take CAE tokens (the resource enforces revocation).
    #[serde(default)]
    pub cae_capable: bool,
    /// This app's own token lifetime; default: the policy's for people's apps, and
    /// the kind's for workloads (`AppKind::default_token_lifetime`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_lifetime: Option<Lifetime>,
    /// Renew in the background before expiry; a failed try is invisible while the token is valid.
    #[serde(default = "defaults::yes")]
    pub early_renewal: bool,
    /// Fraction of the lifetime after which early renewal starts.
    #[serde(default = "defaults::early_renewal_at")]
    pub early_renewal_at: f64,
    /// Tokens shorter than this are not renewed early.
    #[serde(default = "defaults::early_renewal_min_lifetime")]
    pub early_renewal_min_lifetime: Duration,
    /// Web apps only: how long the app's own session cookie lasts.
    #[serde(default = "defaults::session_cookie_lifetime")]
    pub session_cookie_lifetime: Duration,
    #[serde(default)]
    pub retry: Retry,
}

/// What the client does after a failed silent renewal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    pub backoff: Backoff,
    /// Retries after a denial before the user gives up until their next scheduled use.
    pub attempts: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Each wait drawn uniformly between the base and the backoff (twice the base
    /// for a fixed backoff), so clients that failed together do not retry together.
    pub jitter: bool,
    /// Wait at least the server's Retry-After (`policy.retry_after`) when it gives one.
    pub honour_retry_after: bool,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            backoff: Backoff::default(),
            attempts: 3,
            // The token library's guidance: the first retry no sooner than about 5 seconds.
            backoff_base: Duration(5.0),
            backoff_cap: Duration(5.0 * MINUTE),
            jitter: true,
            honour_retry_after: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backoff {
    /// From the base, doubling, up to the cap.
    #[default]
    Exponential,
    /// Always the base.
    Fixed,
    /// No retries: the user gives up until their next use.
    None,
}
