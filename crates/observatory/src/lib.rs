//! The territory's ESS seen whole: the SIRENE import, the public directory, the observatory's
//! figures and charts, and the open-data page.

pub mod demo;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "observatory",
        routes: axum::Router::new(),
        jobs: |_| {},
        periodic: None,
    }
}
