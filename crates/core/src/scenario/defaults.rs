//! The reference numbers of MODEL.md that serde fills in where a scenario is silent.

use super::activity::{Days, Hours, UtcOffset};
use super::duration::{Duration, Limit, Offset};
use crate::units::{DAY, HOUR, MINUTE};

pub fn warmup() -> Offset {
    Offset::of(DAY)
}
pub fn replications() -> u32 {
    20
}
pub fn seed() -> u64 {
    1
}
pub fn bucket() -> Duration {
    Duration::of(15.0 * MINUTE)
}
pub fn never() -> Limit {
    Limit::Never
}
pub fn yes() -> bool {
    true
}
/// The token library renews at half the lifetime...
pub fn early_renewal_at() -> f64 {
    0.5
}
/// ...for tokens of two hours or more.
pub fn early_renewal_min_lifetime() -> Duration {
    Duration::of(2.0 * HOUR)
}
pub fn session_cookie_lifetime() -> Duration {
    Duration::of(HOUR)
}
pub fn hours() -> Hours {
    Hours {
        start: 9.0 * HOUR,
        end: 17.0 * HOUR,
    }
}
pub fn days() -> Days {
    Days(0b0011111)
}
pub fn utc_offset() -> UtcOffset {
    UtcOffset(0.0)
}
pub fn attempts_per_hour() -> f64 {
    4.0
}
