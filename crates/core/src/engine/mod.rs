//! The discrete-event core: one user's play through their own small event queue,
//! against the replication's shared component timelines.
//!
//! The layers, bottom up: `user` (who is played, in which replication) and the
//! state each rule keeps (`state`, `queue`, `dependencies` with its
//! `degradation` windows, `device`,
//! `lockout`, `exposure`), gathered in `player`; then the rules, each a file of
//! its own that adds its methods to `Player` (`token_cache`, `session`,
//! `sign_in`, `backup`, `capacity`, `resource`, `contingency`, `fallback`, `retry`,
//! `revocation`, `staleness` of the decisions access runs on, `people` for
//! what a person does when access fails, `arrivals`, `steady_state` for where
//! every clock starts,
//! `quiet` for stretches played in bulk, `denied` for an outage's denials
//! counted in bulk, `attribution` of each denial to the
//! components down on its paths, `settle` for the uses an access ends); `access` walks one access attempt through the
//! token cache, silent renewal, single sign-on and interactive sign-in, then the
//! resource; `play` holds the event loop on top. Each count (`lockout`, `load`,
//! `exposure`, into `tally`) is made where its metric is named. A new lever is a
//! new file and a line where `access` or `play` calls it.

mod access;
mod arrivals;
pub mod attribution;
mod backup;
mod capacity;
mod contingency;
mod degradation;
mod denied;
mod dependencies;
mod device;
mod exposure;
mod fallback;
mod load;
mod lockout;
mod people;
mod play;
mod player;
pub mod queue;
mod quiet;
mod resource;
mod retry;
mod revocation;
mod session;
mod settle;
mod sign_in;
mod sign_in_log;
mod staleness;
mod state;
mod steady_state;
pub mod tally;
mod token_cache;
mod user;

pub use play::play_users;
pub use player::Player;
pub use sign_in_log::{Outcome, SignInEvent, Via};
pub use tally::Tally;
pub use user::Replication;
