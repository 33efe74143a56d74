//! `[methods.NAME]`: a sign-in method, its factor role and what it needs.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    First,
    Second,
    /// Satisfies both factors at once.
    Passwordless,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub factor: Factor,
    /// All must be up for the method to work.
    pub requires: Vec<String>,
}
