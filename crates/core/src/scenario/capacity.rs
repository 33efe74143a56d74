//! `[components.NAME] capacity` and `recovery_window`: how many requests a
//! global component answers, what it does with the rest, and how long after it
//! recovers its load is watched.

use super::Scope;
use super::components::Component;
use super::duration::Duration;
use super::path::{FieldPath, Problem};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A throttle on a global component: at most this many requests a minute (or
/// a second) are answered; past it, each request is rejected or fails.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// Requests answered per minute (give this or `per_second`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_minute: Option<f64>,
    /// Requests answered per second, simulated as 60 times as many per minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_second: Option<f64>,
    /// What a request past the capacity gets.
    #[serde(default)]
    pub past: Past,
    /// With `past = "reject"`: the Retry-After the 429 carries, which a client
    /// that honours Retry-After waits at least (none: the client's own backoff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Past {
    /// HTTP 429 Too Many Requests, with the Retry-After given (the identity
    /// provider's documented throttling answer).
    #[default]
    Reject,
    /// An error like any failure: the client backs off as for an outage.
    Fail,
}

impl Capacity {
    /// Requests answered per minute.
    pub fn per_minute(&self) -> f64 {
        match (self.per_minute, self.per_second) {
            (Some(m), _) => m,
            (None, Some(s)) => 60.0 * s,
            (None, None) => unreachable!("validated: one of per_minute and per_second"),
        }
    }
}

/// The recovery window of a component with a capacity and none of its own:
/// an assumption (a quarter of an hour covers the retry waves of a backoff
/// capped at 5 minutes, the token library's default cap).
pub const DEFAULT_RECOVERY_WINDOW: f64 = 15.0 * 60.0;

impl Component {
    /// How long after each recovery its load is watched, if it is.
    pub fn recovery_window(&self) -> Option<f64> {
        match (&self.recovery_window, &self.capacity) {
            (Some(w), _) => Some(w.0),
            (None, Some(_)) => Some(DEFAULT_RECOVERY_WINDOW),
            (None, None) => None,
        }
    }

    /// A capacity and a recovery window only on a global component, a capacity
    /// with exactly one positive rate.
    pub fn check_capacity(&self, at: &FieldPath) -> Result<(), Problem> {
        let per_user = |key: &str, what: &str| {
            Problem::new(
                at.key(key),
                format!(
                    "{what} belongs to a shared service, and this component is each user's own: \
                     remove `{key}` or set scope = \"global\""
                ),
            )
        };
        if let Some(w) = &self.recovery_window {
            if self.scope == Scope::PerUser {
                return Err(per_user("recovery_window", "a recovery window"));
            }
            if w.0 <= 0.0 {
                return Err(Problem::new(
                    at.key("recovery_window"),
                    "a recovery window must be longer than zero, e.g. \"15m\"",
                ));
            }
        }
        let Some(c) = &self.capacity else {
            return Ok(());
        };
        if self.scope == Scope::PerUser {
            return Err(per_user("capacity", "a capacity"));
        }
        let at = at.key("capacity");
        let rate = match (c.per_minute, c.per_second) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(Problem::new(
                    at,
                    "give exactly one of per_minute and per_second, e.g. capacity = { per_minute = 300 }",
                ));
            }
            (Some(m), None) => ("per_minute", m),
            (None, Some(s)) => ("per_second", s),
        };
        if !(rate.1 > 0.0 && rate.1.is_finite()) {
            return Err(Problem::new(
                at.key(rate.0),
                format!(
                    "a capacity is a number of requests above zero, got {}",
                    rate.1
                ),
            ));
        }
        if c.retry_after.is_some() && c.past == Past::Fail {
            return Err(Problem::new(
                at.key("retry_after"),
                "a failure carries no Retry-After: set past = \"reject\" or remove retry_after",
            ));
        }
        Ok(())
    }
}
