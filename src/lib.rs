//! authsim: a discrete-event outage simulator for identity and access management.
//!
//! The layers, each importing only those before it, over a foundation of
//! `units`, `error`, `input`, `streams` and `fnv`: `scenario` reads what a
//! planner wrote; `model` compiles each variant into a world; `engine` plays one
//! user's access attempts; `montecarlo` runs replications in parallel and
//! estimates metrics; `analysis` reads a world's structure (cut sets,
//! availability, importance) without simulating; `export` writes a run folder's files; `report` draws the
//! charts and the review report from a run folder. The command line (`main.rs`
//! and `cli/`) composes them and is the only part that knows a terminal.

pub mod analysis;
pub mod engine;
pub mod error;
pub mod export;
mod fnv;
pub mod input;
pub mod model;
pub mod montecarlo;
pub mod report;
pub mod scenario;
pub mod streams;
pub mod units;

pub use error::Error;

/// This build's version, which every file a run writes records: replications
/// of another version may differ.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The code this build was made from (`build.rs`): `commit 1a2b3c4d5e6f`, with
/// `, modified: source HASH` where the sources differ from that commit, or
/// `source HASH` without git. Two builds of one version can differ, so a run
/// folder records this too, and merges or resumes only its own build's.
pub const BUILD: &str = env!("AUTHSIM_BUILD");

/// The version and the build, as `authsim --version` gives them:
/// `0.6.0 (commit 1a2b3c4d5e6f)`.
pub const VERSION_AND_BUILD: &str =
    concat!(env!("CARGO_PKG_VERSION"), " (", env!("AUTHSIM_BUILD"), ")");
