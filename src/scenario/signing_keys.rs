//! Signing keys at the resource (`apps.NAME.signing_keys`), and the identity
//! provider's signing-key events (`[[signing_key_events]]`): a resource validates
//! tokens with keys it refreshes from the metadata endpoint now and then.

use super::duration::{Duration, Offset};
use super::limits::MIN_KEY_REFRESH;
use super::path::{FieldPath, Problem};
use super::validate::require_known;
use super::{Scenario, Scope};
use crate::units::MINUTE;
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

/// An assumption, not a documented value: a failed refresh is tried again every 5 minutes.
fn retry_every() -> Duration {
    Duration::of(5.0 * MINUTE)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum KeyEvent {
    /// From `at` on, new tokens are signed with a new key, published in the
    /// metadata from then on.
    Rollover { at: Offset },
    /// From `at`, the metadata leaves out the key still in use, until `rollback`.
    Removal { at: Offset, rollback: Offset },
}

impl SigningKeys {
    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        for (key, period) in [
            ("refresh_every", self.refresh_every),
            ("retry_every", self.retry_every),
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
            KeyEvent::Rollover { at } => (at, at),
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
