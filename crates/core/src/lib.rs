//! authsim's core: from the scenario a planner wrote to results, with no terminal,
//! no files and no charts in it.
//!
//! The layers, each importing only those before it, over a foundation of
//! `units`, `error`, `input`, `streams` and `fnv`: `scenario` reads what a
//! planner wrote; `model` compiles each variant into a world; `engine` plays one
//! user's access attempts; `montecarlo` runs replications in parallel and
//! estimates metrics; `analysis` reads a world's structure (cut sets,
//! availability, importance) without simulating. The crates above it write a run
//! folder (`authsim-export`) and draw from one (`authsim-report`).

pub mod analysis;
pub mod engine;
pub mod error;
pub mod fnv;
pub mod input;
pub mod model;
pub mod montecarlo;
pub mod scenario;
pub mod streams;
pub mod units;

pub use error::Error;
