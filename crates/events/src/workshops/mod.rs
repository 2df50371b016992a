//! Workshops and training sessions, built on the events: an event of kind `workshop` with its
//! details (topic, trainer, format, place or link, duration), a public catalogue, registration
//! with the events' waiting list and reminders, attendance through the events' check-in, a
//! satisfaction survey for attendees and a certificate of attendance as PDF.
//!
//! Rooms: `model` (details, topics, certificate codes), `staff` (the workshop form, topics),
//! `public` (catalogue, page, register and cancel, one's workshops, verification of a code),
//! `survey` (answer, results, the invitation job), `certificate` (the PDF).

pub mod certificate;
pub mod demo;
pub mod model;
pub mod public;
pub mod staff;
pub mod survey;

use axum::Router;
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    staff::routes()
        .merge(public::routes())
        .merge(survey::routes())
        .merge(certificate::routes())
}

pub fn jobs(r: &mut essor_platform::jobs::Registry) {
    survey::jobs(r);
}
