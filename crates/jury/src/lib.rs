//! Jury of a call for projects: scoring grids, reviewers and conflicts of interest, optimal
//! assignment, scoring and calibrated ranking, the commission, awards and the laureates' showcase.

pub mod award;
pub mod commission;
pub mod demo;
pub mod ranking;
pub mod showcase;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "jury",
        routes: axum::Router::new()
            .merge(ranking::routes())
            .merge(commission::routes())
            .merge(award::routes())
            .merge(showcase::routes()),
        jobs: |_| {},
        periodic: None,
    }
}
