//! Signing keys at the resource (`apps.NAME.signing_keys`), and the identity
//! provider's signing-key events (`[[signing_key_events]]`): a resource validates
//! tokens with keys it refreshes from the metadata endpoint now and then.

use super::duration::{Duration, Offset};
use super::limits::MIN_KEY_REFRESH;
use super::path::{FieldPath, Problem};
use super::validate::require_known;
use super::{Scenario, Scope};
use crate::units::{DAY, MINUTE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SigningKeys {
    /// How often the resource refreshes the keys from the metadata endpoint.
    pub refresh_every: Duration,
    /// After a failed refresh it tries again this often until one succeeds.
    #[serde(default = "retry_every")]
    pub retry_every: Duration,
    /// Components serving the metadata (the identity provider's endpoint).
    #[serde(default)]
    pub metadata_requires: Vec<String>,
    #[serde(default)]
    pub on_refresh_failure: RefreshFailure,
    /// A token signed with a key the resource does not know makes it refresh at
    /// once (no sooner than `min_refresh_interval` after its last refresh). On by
    /// default: Microsoft.IdentityModel's `ConfigurationManager` does it, and so
    /// ASP.NET Core's JwtBearer and OpenID Connect handlers and the OWIN
    /// middleware, whose `RefreshOnIssuerKeyNotFound` is true by default
    /// (<https://learn.microsoft.com/dotnet/api/microsoft.aspnetcore.authentication.openidconnect.openidconnectoptions.refreshonissuerkeynotfound>);
    /// a hand-written validator or an old library may not.
    #[serde(default = "yes")]
    pub refresh_on_unknown_key: bool,
    /// The shortest time between two refreshes an unknown key asks for: 5 minutes,
    /// `ConfigurationManager.DefaultRefreshInterval`
    /// (<https://learn.microsoft.com/dotnet/api/microsoft.identitymodel.protocols.configurationmanager-1.defaultrefreshinterval>),
    /// as the signing-key rollover guidance says ("no more frequently than 5mins",
    /// <https://learn.microsoft.com/entra/identity-platform/signing-key-rollover>).
    #[serde(default = "min_refresh_interval")]
    pub min_refresh_interval: Duration,
}

fn yes() -> bool {
    true
}

fn min_refresh_interval() -> Duration {
    Duration::of(5.0 * MINUTE)
}

/// What a resource does when a refresh fails.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefreshFailure {
    /// Keeps the keys it has: resilient to metadata refresh.
    #[default]
    KeepLast,
    /// Rejects every token until a refresh succeeds: fragile.
    Reject,
}

/// How long before a rollover the identity provider publishes the new key: an
/// assumption, and a cautious one. The provider documents no lead ("There's no
/// set or guaranteed time between these key rolls"), only that its metadata
/// always lists more than one valid key, one of them the replacement of a key
/// that may roll soon, and that a resource should cache keys for 24 hours and
/// refresh every hour, or twice a day at least
/// (<https://learn.microsoft.com/entra/identity-platform/signing-key-rollover>).
/// A day is the shortest lead under which a resource that follows that advice
/// knows a routine key before its first token; a longer real lead only helps.
pub const PUBLISHED_BEFORE: f64 = DAY;

fn published_before() -> Offset {
    Offset::of(PUBLISHED_BEFORE)
}

/// An assumption, not a documented value: a failed refresh is tried again every 5 minutes.
fn retry_every() -> Duration {
    Duration::of(5.0 * MINUTE)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum KeyEvent {
    /// From `at` on, new tokens are signed with a new key, published in the
    /// metadata `published_before` that.
    Rollover {
        at: Offset,
        /// How long before `at` the key appears in the metadata: a day by
        /// default (an assumption, see `PUBLISHED_BEFORE`); "0s" signs with it
        /// from the moment it is published.
        #[serde(default = "published_before")]
        published_before: Offset,
    },
    /// From `at`, the metadata leaves out the key still in use, until `rollback`.
    Removal { at: Offset, rollback: Offset },
}

impl SigningKeys {
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        for (key, period) in [
            ("refresh_every", self.refresh_every),
            ("retry_every", self.retry_every),
            ("min_refresh_interval", self.min_refresh_interval),
        ] {
            if period.0 < MIN_KEY_REFRESH {
                return Err(Problem::new(
                    at.key(key),
                    format!("at least a minute ({MIN_KEY_REFRESH} s), got {period}"),
                ));
            }
        }
        let metadata = at.key("metadata_requires");
        require_known(
            &self.metadata_requires,
            &s.components,
            "component",
            &metadata,
        )?;
        match self
            .metadata_requires
            .iter()
            .position(|c| s.components[c].scope == Scope::PerUser)
        {
            Some(i) => Err(Problem::new(
                metadata.index(i),
                "the metadata endpoint is the identity provider's: a global component",
            )),
            None => Ok(()),
        }
    }
}

impl KeyEvent {
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        let horizon = s.simulation.horizon;
        let (start, end) = match *self {
            KeyEvent::Rollover { at, .. } => (at, at),
            KeyEvent::Removal { at, rollback } => (at, rollback),
        };
        if start.0 >= horizon.0 {
            return Err(Problem::new(
                at.key("at"),
                format!("{start} is past the horizon ({horizon}): it would never happen"),
            ));
        }
        if end.0 < start.0 {
            return Err(Problem::new(
                at.key("rollback"),
                format!("the rollback ({end}) must come after the removal ({start})"),
            ));
        }
        Ok(())
    }
}
