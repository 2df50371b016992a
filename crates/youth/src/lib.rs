//! Youth–enterprise bridge for 14–25 year-olds: host offers, schools and youth structures,
//! applications, conventions for minors, placement campaigns, follow-up and protection of minors.
//!
//! Rooms: `offers` (hosts write offers, staff moderate them, shortage jobs, public catalogue),
//! `schools` (schools and youth structures, referents, groups, pupils), `young` (own profile,
//! applications and their lifecycle), `conventions` (the convention of a minor's placement and
//! its confirmation links), `campaigns` (placement by deferred acceptance), `followup`
//! (attendance, feedback, statistics, access log, anonymisation), `staff` (the module's staff
//! home). `model`, `lifecycle` and `types` are shared by all of them.

pub mod campaigns;
pub mod conventions;
pub mod demo;
pub mod followup;
pub mod lifecycle;
pub mod model;
pub mod offers;
pub mod schools;
pub mod staff;
pub mod types;
pub mod web;
pub mod young;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "youth",
        routes: offers::routes()
            .merge(schools::routes())
            .merge(young::routes())
            .merge(conventions::routes())
            .merge(campaigns::routes())
            .merge(followup::routes())
            .merge(staff::routes()),
        jobs: followup::jobs,
        periodic: Some(followup::periodic),
    }
}
