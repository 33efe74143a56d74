//! authsim: a discrete-event outage simulator for identity and access management.
//!
//! The house is a workspace of crates, one per layer, each importing only those
//! below it: `authsim-core` (crates/core) goes from a scenario to results
//! (`scenario`, `model`, `engine`, `montecarlo`, `analysis`) with no terminal, no
//! files and no charts; `authsim-export` (crates/export) writes a run folder's
//! files; `authsim-signins` (crates/signins) reads and writes sign-in logs;
//! `authsim-import` (crates/import) infers a scenario from a tenant's exports;
//! `authsim-report` (crates/report) draws the charts and the review report
//! from a run folder, and the import report. This crate is the command line (`main.rs` and `cli/`), the
//! only part that knows a terminal, and this one door to the layers, under the
//! names they have always had.

pub use authsim_core::{
    Error, analysis, engine, error, input, model, montecarlo, scenario, streams, units,
};
pub use authsim_export::{self as export, BUILD, VERSION, VERSION_AND_BUILD};
pub use authsim_import as import;
pub use authsim_report as report;
pub use authsim_signins as signins;
