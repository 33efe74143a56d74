//! The discrete-event core: one user's play through their own small event queue,
//! against the replication's shared component timelines.
//!
//! `play` holds the event loop and a user's setup; `access` walks one access
//! attempt through the token cache, silent renewal, single sign-on and
//! interactive sign-in, then the resource. Each rule it calls is a file of its
//! own (`token_cache`, `session`, `device`, `sign_in`, `backup`, `resource`,
//! `contingency`, `fallback`, `retry`, `revocation`, `arrivals`),
//! and so is each count (`lockout`, `load`, `exposure`, into `tally`) and the
//! attribution of each denial to the components down on its paths (`attribution`). A new lever
//! is a new file and a line where `access` or `play` calls it.

mod access;
mod arrivals;
pub mod attribution;
mod backup;
mod contingency;
mod dependencies;
mod device;
mod exposure;
mod fallback;
mod load;
mod lockout;
mod play;
pub mod queue;
mod quiet;
mod resource;
mod retry;
mod revocation;
mod session;
mod sign_in;
mod state;
pub mod tally;
mod token_cache;

pub use play::{Player, Replication, play_users};
pub use tally::Tally;
