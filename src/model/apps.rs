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
    pub cae_capable: bool,
    /// The resource can enforce location-based policy: long CAE tokens.
    pub enforces_location_policy: bool,
    /// The app's own token lifetime, where it does not follow the policy's.
    pub lifetime: Option<TokenLifetime>,
    /// Fraction of lifetime and minimum lifetime; `None` when the app never renews early.
    pub early_renewal: Option<(f64, f64)>,
    pub session_cookie_lifetime: f64,
    pub backoff: Backoff,
    pub retry_attempts: u32,
    pub backoff_base: f64,
    pub backoff_cap: f64,
    pub jitter: bool,
    /// The server's Retry-After the client waits for, if it honours one.
    pub retry_after: Option<f64>,
    /// How the resource refreshes the signing keys; none: it never rejects a token.
    pub keys: Option<KeysSpec>,
}

impl AppSpec {
    pub fn new(name: &str, a: &App, s: &Scenario, components: &mut Components) -> Self {
        AppSpec {
            name: name.to_string(),
            kind: a.kind,
            cae_capable: a.cae_capable,
            enforces_location_policy: a.enforces_location_policy,
            // Completed: a workload's kind has filled in its lifetime.
            lifetime: a.token_lifetime.map(TokenLifetime::from),
            early_renewal: a.early_renewal().map(|(at, min)| (at, min.0)),
            session_cookie_lifetime: a.session_cookie_lifetime().map_or(0.0, |d| d.0),
            backoff: a.retry.backoff,
            retry_after: match (a.retry.honour_retry_after, s.policy.retry_after) {
                (true, Limit::After(d)) => Some(d.0),
                _ => None,
            },
            retry_attempts: a.retry.attempts,
            backoff_base: a.retry.backoff_base.0,
            backoff_cap: a.retry.backoff_cap.0,
            jitter: a.retry.jitter,
            keys: a
                .signing_keys
                .as_ref()
                .map(|k| KeysSpec::new(name, k, components)),
        }
    }
}
