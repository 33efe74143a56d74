//! Simulation time is `f64` seconds since the start, a Monday 00:00 UTC.

pub const MINUTE: f64 = 60.0;
pub const HOUR: f64 = 3600.0;
pub const DAY: f64 = 86_400.0;
pub const WEEK: f64 = 7.0 * DAY;
/// A year of 365 days: what a promised availability and an outage count per
/// year are counted in (99.99% of it leaves 52.56 minutes down).
pub const YEAR: f64 = 365.0 * DAY;
