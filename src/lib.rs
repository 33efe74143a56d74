//! authsim: a discrete-event outage simulator for identity and access management.
//!
//! `scenario` reads what a planner wrote, `model` compiles it into components,
//! methods and timelines, `engine` plays one user's access attempts, `montecarlo`
//! runs replications in parallel and estimates metrics, `export` writes them and
//! `commands` ties them together for the command line.

pub mod commands;
pub mod engine;
pub mod error;
pub mod export;
pub mod model;
pub mod montecarlo;
pub mod report;
pub mod scenario;
pub mod streams;

pub use error::Error;
