//! Calls for projects (Progr'ESS and the like): publication, eligibility, the application file,
//! instruction by staff, exports and statistics.
//!
//! Rooms: `model` (the records every part shares), `admin` (staff build and publish calls and
//! their forms), `public` (what visitors see), `apply` (eligibility, filling and submitting a
//! file), `instruction` (staff work on files), `routing` (rules that assign and label files as
//! they are submitted), `exports` (files, statistics and the API out of the platform).

pub mod admin;
pub mod apply;
pub mod exports;
pub mod instruction;
pub mod model;
pub mod public;
pub(crate) mod routing;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "calls",
        routes: admin::routes()
            .merge(public::routes())
            .merge(apply::routes())
            .merge(instruction::routes())
            .merge(exports::routes())
            .merge(routing::routes()),
        jobs: |r| {
            apply::jobs(r);
            instruction::jobs(r);
            exports::jobs(r);
        },
        periodic: apply::periodic(),
    }
}
