//! `methods.NAME.crl`: certificate-based authentication (a smart card, a
//! certificate on the device) and the revocation check the identity provider
//! makes against the certificate authority's revocation list (CRL), fetched from
//! the CA's distribution point, an external component.
//!
//! Microsoft Entra ID downloads a CA's CRL at a sign-in, caches it until its
//! Next Update, fetches a newer one ahead at its Next CRL Publish date, and fails
//! certificate-based sign-ins when the cached list has expired and cannot be
//! fetched; a CA with no CRL configured is not checked at all
//! (<https://learn.microsoft.com/entra/identity/authentication/concept-certificate-based-authentication-certificate-revocation-list>).

use super::duration::Duration;
use super::path::{FieldPath, Problem};
use super::validate::require_known;
use super::{Scenario, Scope};
use crate::units::{DAY, HOUR};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crl {
    /// Components serving the CA's CRL distribution point (global: the identity
    /// provider fetches it, not the user).
    pub requires: Vec<String>,
    /// How often the CA publishes a new CRL (its Next CRL Publish): the identity
    /// provider fetches each as it comes out, while the distribution point is up.
    #[serde(default = "publish_every")]
    pub publish_every: Duration,
    /// From a CRL's publication to its Next Update: how long the identity
    /// provider's cached copy rides out a distribution point that is down.
    #[serde(default = "valid_for")]
    pub valid_for: Duration,
    /// `false`: no CRL is configured for the CA in the tenant, so the identity
    /// provider checks no revocation (allowed only while the tenant's "Require
    /// CRL validation" is off or exempts the CA): the method no longer depends
    /// on the distribution point, and a revoked certificate still signs in.
    #[serde(default = "yes")]
    pub checked: bool,
}

fn yes() -> bool {
    true
}

/// A week, a Windows Server CA's default base CRL publication interval
/// (<https://www.serverbrain.org/learning-2008/j-whs.html>, the CA console's
/// default): a documented default of the most common enterprise CA, not of every CA.
pub const PUBLISH_EVERY: f64 = 7.0 * DAY;
/// The publication interval plus the Windows Server CA's default overlap, 10% of
/// it up to 12 hours
/// (<https://technet.microsoft.com/en-us/library/cc731104(v=ws.11).aspx>):
/// a week and 12 hours.
pub const VALID_FOR: f64 = PUBLISH_EVERY + 12.0 * HOUR;

fn publish_every() -> Duration {
    Duration::of(PUBLISH_EVERY)
}

fn valid_for() -> Duration {
    Duration::of(VALID_FOR)
}

impl Crl {
    /// The components the method depends on through its revocation check.
    pub fn needs(&self) -> &[String] {
        match self.checked {
            true => &self.requires,
            false => &[],
        }
    }

    pub(super) fn check(&self, s: &Scenario, at: &FieldPath) -> Result<(), Problem> {
        let requires = at.key("requires");
        require_known(&self.requires, &s.components, "component", &requires)?;
        if let Some(i) = self
            .requires
            .iter()
            .position(|c| s.components[c].scope == Scope::PerUser)
        {
            return Err(Problem::new(
                requires.index(i),
                "the identity provider fetches the CRL from the CA's distribution point: a global component",
            ));
        }
        if self.valid_for.0 < self.publish_every.0 {
            return Err(Problem::new(
                at.key("valid_for"),
                format!(
                    "a CRL valid for {} published every {} leaves times with no valid list at all: \
                     valid_for is at least publish_every (a CA's CRL outlives its next publication)",
                    self.valid_for, self.publish_every
                ),
            ));
        }
        Ok(())
    }
}
