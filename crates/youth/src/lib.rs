//! Youth–enterprise bridge for 14–25 year-olds: host offers, schools and youth structures,
//! applications, conventions for minors, placement campaigns, follow-up and protection of minors.

pub mod demo;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "youth",
        routes: axum::Router::new(),
        jobs: |_| {},
        periodic: None,
    }
}
