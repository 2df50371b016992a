//! Events (registration, waiting list, check-in) and the impact-financing morning built on them:
//! funders and project holders, wishes, the optimal speed-meeting schedule, agendas and outcomes.
//!
//! Rooms: `model` (records, the registration state machine and its history), `staff` (create,
//! edit, publish, programme), `register` (public pages, registration, waiting list, cancellation,
//! reminders), `morning` (financing requests, funder profiles, browsing and wishes),
//! `schedule` (slots, availability, the solver, locks and moves, re-fill), `agenda` (page, PDF,
//! ICS, QR code, e-mails, master schedule), `checkin` (the day), `outcomes` (after the meetings,
//! follow-up and statistics), `workshops` (the workshops' catalogue, survey and certificates,
//! on events of kind `workshop`).

pub mod agenda;
pub mod checkin;
pub mod demo;
pub mod model;
pub mod morning;
pub mod outcomes;
pub mod register;
pub mod schedule;
pub mod staff;
pub mod util;
pub mod workshops;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "events",
        routes: staff::routes()
            .merge(register::routes())
            .merge(morning::routes())
            .merge(schedule::routes())
            .merge(agenda::routes())
            .merge(checkin::routes())
            .merge(outcomes::routes())
            .merge(workshops::routes()),
        jobs: |r| {
            register::jobs(r);
            workshops::jobs(r);
        },
        periodic: Some(|state| Box::pin(async move { register::enqueue_reminders(&state).await })),
    }
}
