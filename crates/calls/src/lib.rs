//! Calls for projects (Progr'ESS and the like): publication, eligibility, the application file,
//! instruction by staff, exports and statistics.
//!
//! Rooms: `model` (the records every part shares), `admin` (staff build and publish calls and
//! their forms), `public` (what visitors see), `apply` (eligibility, filling and submitting a
//! file), `instruction` (staff work on files), `exports` (files, statistics and the API out of
//! the platform).

pub mod admin;
pub mod apply;
pub mod exports;
pub mod instruction;
pub mod model;
pub mod public;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "calls",
        routes: admin::routes()
            .merge(public::routes())
            .merge(apply::routes())
            .merge(instruction::routes())
            .merge(exports::routes()),
        jobs: |r| {
            apply::jobs(r);
            instruction::jobs(r);
            exports::jobs(r);
        },
        periodic: apply::periodic(),
    }
}
