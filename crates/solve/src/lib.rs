//! Pure optimisation for Essor: no I/O, no database, no clock.
//!
//! Each problem has a typed API used by the web application and a JSON entry point
//! (`solve_json`) in the formats of `shared/formats/solvers.md`, used by `essor solve`.

pub mod allocate;
pub mod assign;
pub mod calibrate;
pub mod cli;
pub mod flow;
pub mod meetings;
pub mod placement;
