//! Events (registration, waiting list, check-in) and the impact-financing morning built on them:
//! funders and project holders, wishes, the optimal speed-meeting schedule, agendas and outcomes.

pub mod demo;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "events",
        routes: axum::Router::new(),
        jobs: |_| {},
        periodic: None,
    }
}
