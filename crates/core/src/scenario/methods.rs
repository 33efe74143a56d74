//! `[methods.NAME]`: a sign-in method, its factor role and what it needs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    First,
    Second,
    /// Satisfies both factors at once.
    Passwordless,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// The part of a sign-in it satisfies.
    pub factor: Factor,
    /// All must be up for the method to work.
    pub requires: Vec<String>,
    /// Usable only on a registered device, whose own key it unlocks (Windows
    /// Hello for Business): a passwordless method that needs no MFA service.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub device_bound: bool,
    /// Certificate-based authentication: the identity provider checks the
    /// certificate against its CA's revocation list, cached, fetched from the
    /// CA's distribution point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crl: Option<super::Crl>,
}
