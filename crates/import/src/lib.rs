//! A scenario calibrated to the tenant: from its sign-in logs, its
//! registration report and its conditional access policies, the cohorts,
//! registration shares, apps, activity profiles and policy a scenario needs,
//! each inferred value with its evidence, and what could not be inferred
//! marked as a default.

pub mod summary;
