//! The words a sign-in log and a scenario share: which log entry is which
//! sign-in method (`methods`), and which error code a failure shows (`errors`).
//! One table each, read by the importer and written by the simulation, so a
//! round trip speaks one language.

pub mod errors;
pub mod methods;
