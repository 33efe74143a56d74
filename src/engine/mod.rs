//! The discrete-event core: one user's play through their own small event queue,
//! against the replication's shared component timelines.

pub mod queue;
pub mod tally;
mod user;

pub use tally::Tally;
pub use user::{Player, Replication, play_users};
