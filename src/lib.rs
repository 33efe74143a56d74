//! authsim: a discrete-event outage simulator for identity and access management.
//!
//! `scenario` reads what a planner wrote, `model` compiles it into components,
//! methods and timelines, `engine` plays one user's access attempts, `montecarlo`
//! runs replications in parallel and estimates metrics, `export` writes them.

pub mod error;
pub mod scenario;

pub use error::Error;
