//! `[apps.NAME]`: how a client gets its tokens, renews them and retries.

use super::defaults;
use super::duration::{Duration, Lifetime};
use super::limits::MAX_RETRIES;
use super::path::{FieldPath, Problem};
use super::validate::require_known;
use super::{Scenario, SigningKeys};
use crate::units::{DAY, HOUR, MINUTE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
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

    /// Why an app of this kind ignores `key`, where it does: such a key is refused
    /// when written, and dropped when a variant changes an app to this kind.
    pub fn ignores(self, key: &str) -> Option<&'static str> {
        let web = self == AppKind::WebApp;
        match key {
            "token_lifetime" if web => Some(
                "a web app's access lasts as long as its session cookie: set session_cookie_lifetime",
            ),
            "early_renewal" | "early_renewal_at" | "early_renewal_min_lifetime" if web => {
                Some("a web app renews through its session, not in the background")
            }
            "session_cookie_lifetime" if !web => Some("only web apps keep a session cookie"),
            "cae_capable" if self != AppKind::PublicClient => {
                Some("only public clients take CAE tokens here")
            }
            _ => None,
        }
    }

    /// The token lifetime of this kind when the app names none; `None`: the policy's.
    pub fn default_token_lifetime(self) -> Option<Lifetime> {
        let fixed = |seconds| Lifetime::between(seconds, seconds);
        match self {
            // Documented: a managed identity's token is cached for up to 24 hours.
            AppKind::ManagedIdentity => Some(fixed(DAY)),
            // A client-secret workload asks for a new token every hour.
            AppKind::ClientSecret => Some(fixed(HOUR)),
            AppKind::PublicClient | AppKind::WebApp => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct App {
    #[serde(default)]
    pub kind: AppKind,
    /// Can take CAE tokens (the resource enforces revocation): public clients only.
    #[serde(default)]
    pub cae_capable: bool,
    /// False where the resource cannot enforce location-based policy: its CAE
    /// tokens fall back to `policy.cae_fallback_token_lifetime`.
    #[serde(default = "defaults::yes")]
    pub enforces_location_policy: bool,
    /// This app's own token lifetime; default: the policy's for public clients,
    /// 24 hours for a managed identity and 1 hour for a client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_lifetime: Option<Lifetime>,
    /// Renew in the background before expiry; a failed try is invisible while the
    /// token is valid. Not for web apps, which renew through their session cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_renewal: Option<bool>,
    /// Fraction of the lifetime after which early renewal starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_renewal_at: Option<f64>,
    /// Tokens shorter than this are not renewed early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_renewal_min_lifetime: Option<Duration>,
    /// Web apps only: how long the app's own session cookie lasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_cookie_lifetime: Option<Duration>,
    #[serde(default)]
    pub retry: Retry,
    /// Components that must be up for the resource to serve an access at all,
    /// even with a valid token: the on-premises app, the application proxy and
    /// its connectors, the app's backend.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// How the resource refreshes the identity provider's signing keys; none: it
    /// is never caught out by a key change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_keys: Option<SigningKeys>,
}

impl App {
    /// Checks what serde cannot: references, fractions, retries, ignored keys.
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        let app = self;
        app.ignored_keys(at)?;
        require_known(
            &app.requires,
            &s.components,
            "component",
            &at.key("requires"),
        )?;
        if let Some(keys) = &app.signing_keys {
            keys.check(s, &at.key("signing_keys"))?;
        }
        if let Some(fraction) = app.early_renewal_at
            && !(fraction > 0.0 && fraction < 1.0)
        {
            return Err(Problem::new(
                at.key("early_renewal_at"),
                format!("must be a fraction of the token lifetime between 0 and 1, got {fraction}"),
            ));
        }
        if app.retry.attempts > MAX_RETRIES {
            return Err(Problem::new(
                at.key("retry").key("attempts"),
                format!(
                    "at most {MAX_RETRIES} retries: a client that retries more is a denial-of-service, not a policy"
                ),
            ));
        }
        if app.retry.backoff_cap.0 < app.retry.backoff_base.0 {
            return Err(Problem::new(
                at.key("retry").key("backoff_cap"),
                "must not be shorter than backoff_base",
            ));
        }
        Ok(())
    }

    /// Keys this kind of app would ignore are refused rather than silently dropped.
    fn ignored_keys(&self, at: &FieldPath) -> Result<(), Problem> {
        let app = self;
        let written = [
            ("token_lifetime", app.token_lifetime.is_some()),
            ("early_renewal", app.early_renewal.is_some()),
            ("early_renewal_at", app.early_renewal_at.is_some()),
            (
                "early_renewal_min_lifetime",
                app.early_renewal_min_lifetime.is_some(),
            ),
            (
                "session_cookie_lifetime",
                app.session_cookie_lifetime.is_some(),
            ),
            ("cae_capable", app.cae_capable),
        ];
        let kind = match app.kind {
            AppKind::PublicClient => "a public client",
            AppKind::WebApp => "a web app",
            AppKind::ManagedIdentity => "a managed identity",
            AppKind::ClientSecret => "a client-secret workload",
        };
        for (key, present) in written {
            if let (true, Some(why)) = (present, app.kind.ignores(key)) {
                return Err(Problem::new(
                    at.key(key),
                    format!("{kind} ignores this setting ({why}); remove it"),
                ));
            }
        }
        if !app.cae_capable && !app.enforces_location_policy {
            return Err(Problem::new(
                at.key("enforces_location_policy"),
                "it only changes CAE tokens: set cae_capable = true as well",
            ));
        }
        Ok(())
    }

    /// When the app renews early: the fraction of the lifetime and the shortest
    /// lifetime it does so for; `None` for a web app or one that never does.
    pub fn early_renewal(&self) -> Option<(f64, Duration)> {
        (self.kind != AppKind::WebApp && self.early_renewal.unwrap_or(true)).then(|| {
            (
                self.early_renewal_at
                    .unwrap_or_else(defaults::early_renewal_at),
                self.early_renewal_min_lifetime
                    .unwrap_or_else(defaults::early_renewal_min_lifetime),
            )
        })
    }

    /// A web app's session cookie lifetime; `None` for other kinds.
    pub fn session_cookie_lifetime(&self) -> Option<Duration> {
        (self.kind == AppKind::WebApp).then(|| {
            self.session_cookie_lifetime
                .unwrap_or_else(defaults::session_cookie_lifetime)
        })
    }
}

/// What the client does after a failed silent renewal.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    pub backoff: Backoff,
    /// Retries after a denial before the user gives up until their next scheduled use.
    pub attempts: u32,
    /// The first wait; the token library's guidance is no sooner than about 5 seconds.
    pub backoff_base: Duration,
    /// The longest wait.
    pub backoff_cap: Duration,
    /// Each wait drawn uniformly between the base and the backoff (twice the base
    /// for a fixed backoff), so clients that failed together do not retry together.
    pub jitter: bool,
    /// Wait at least the server's Retry-After (`policy.retry_after`) when it gives one.
    pub honour_retry_after: bool,
    /// How long the client waits for an answer before it gives up on a request
    /// (a failure, retried as any): 100 s, the default `HttpClient.Timeout` of
    /// .NET, which MSAL.NET's HTTP client keeps unless the app sets its own
    /// (https://learn.microsoft.com/dotnet/api/system.net.http.httpclient.timeout).
    pub timeout: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            backoff: Backoff::default(),
            attempts: 3,
            // The token library's guidance: the first retry no sooner than about 5 seconds.
            backoff_base: Duration::of(5.0),
            backoff_cap: Duration::of(5.0 * MINUTE),
            jitter: true,
            honour_retry_after: true,
            timeout: Duration::of(100.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
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
