//! Apps compiled: how each gets, renews and retries its tokens, in seconds.

use super::components::Components;
use super::policy::TokenLifetime;
use super::signing_keys::KeysSpec;
use crate::scenario::duration::Limit;
use crate::scenario::{App, AppKind, Backoff, Scenario};

#[derive(Debug, Clone)]
pub struct AppSpec {
    pub name: String,
    pub kind: AppKind,
    /// What each new token lives: a web app's session cookie, a CAE token's
    /// lifetime (long where the resource enforces location policy), the app's
    /// own or the policy's.
    pub lifetime: TokenLifetime,
    /// The resource cuts the app's tokens once a revocation reaches it.
    pub cae: bool,
    /// Fraction of lifetime and minimum lifetime; `None` when the app never renews early.
    pub early_renewal: Option<(f64, f64)>,
    pub backoff: Backoff,
    pub retry_attempts: u32,
    pub backoff_base: f64,
    pub backoff_cap: f64,
    pub jitter: bool,
    /// The server's Retry-After the client waits for, if it honours one.
    pub retry_after: Option<f64>,
    /// How long the client waits for an answer before it gives up on a request.
    pub timeout: f64,
    /// Whether the client waits at least the Retry-After of a throttled request.
    pub honours_retry_after: bool,
    /// How the resource refreshes the signing keys; none: it never rejects a token.
    pub keys: Option<KeysSpec>,
}

impl AppSpec {
    pub fn new(name: &str, a: &App, s: &Scenario, components: &mut Components) -> Self {
        let p = &s.policy;
        let cae = p.cae && a.cae_capable && a.kind == AppKind::PublicClient;
        let lifetime = match (a.kind, cae, a.enforces_location_policy) {
            (AppKind::WebApp, ..) => {
                let cookie = a.session_cookie_lifetime().map_or(0.0, |d| d.0);
                TokenLifetime {
                    min: cookie,
                    spread: 0.0,
                }
            }
            (_, true, true) => p.cae_token_lifetime.into(),
            (_, true, false) => p.cae_fallback_token_lifetime.into(),
            // Completed: a workload's kind has filled in its lifetime.
            _ => a.token_lifetime.unwrap_or(p.access_token_lifetime).into(),
        };
        AppSpec {
            name: name.to_string(),
            kind: a.kind,
            lifetime,
            cae,
            early_renewal: a.early_renewal().map(|(at, min)| (at, min.0)),
            backoff: a.retry.backoff,
            retry_after: match (a.retry.honour_retry_after, s.policy.retry_after) {
                (true, Limit::After(d)) => Some(d.0),
                _ => None,
            },
            honours_retry_after: a.retry.honour_retry_after,
            retry_attempts: a.retry.attempts,
            backoff_base: a.retry.backoff_base.0,
            backoff_cap: a.retry.backoff_cap.0,
            jitter: a.retry.jitter,
            timeout: a.retry.timeout.0,
            keys: a
                .signing_keys
                .as_ref()
                .map(|k| KeysSpec::new(name, k, components)),
        }
    }
}

impl AppSpec {
    /// How long after issue a token of `lifetime` is renewed early, at the next
    /// use: `None` where the app does not renew it early.
    pub fn early_renewal_after(&self, lifetime: f64) -> Option<f64> {
        match self.early_renewal {
            Some((fraction, min_lifetime)) if lifetime >= min_lifetime => Some(fraction * lifetime),
            _ => None,
        }
    }

    /// x(L): how long after issue a token of `lifetime` is renewed at the next
    /// use, early or at its expiry.
    pub fn until_renewal(&self, lifetime: f64) -> f64 {
        self.early_renewal_after(lifetime).unwrap_or(lifetime)
    }
}
