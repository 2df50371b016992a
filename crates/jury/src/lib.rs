//! Jury of a call for projects: scoring grids, reviewers and conflicts of interest, optimal
//! assignment, scoring and calibrated ranking, the commission, awards and the laureates' showcase.

pub mod demo;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "jury",
        routes: axum::Router::new(),
        jobs: |_| {},
        periodic: None,
    }
}
