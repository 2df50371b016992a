//! Jury of a call for projects: scoring grids, reviewers and conflicts of interest, optimal
//! assignment, scoring and calibrated ranking, the commission, awards and the laureates' showcase.
//!
//! Rooms: `staff` (the jury's home page of a call and its settings), `grid` (criteria and their
//! anchors), `reviewers` (the pool, invitations, links and excluded files), `assignment`
//! (the solver's proposal and hand adjustments), `review` (the reviewer's dashboard, interest,
//! declared conflicts, the scoring form and the others' scores). `model` holds the records they
//! share. Second part: `ranking` (raw and calibrated scores), `commission` (decisions, allocation,
//! minutes), `award` (closing, letters, conventions, schedules, consent), `showcase` (`/laureats`).
//!
//! Access: every `/staff/calls/{id}/jury…` route starts with `require_staff`; every `/jury…`
//! route with `require_role(Jury)` and then checks that the record is the reviewer's own and
//! that the reviewer has no conflict of interest with the file (404 otherwise, whatever the URL).

pub mod assignment;
pub mod award;
pub mod commission;
pub mod demo;
pub mod grid;
pub mod model;
pub mod ranking;
pub mod review;
pub mod reviewers;
pub mod showcase;
pub mod staff;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "jury",
        routes: staff::routes()
            .merge(grid::routes())
            .merge(reviewers::routes())
            .merge(assignment::routes())
            .merge(review::routes())
            .merge(ranking::routes())
            .merge(commission::routes())
            .merge(award::routes())
            .merge(showcase::routes()),
        jobs: |_| {},
        periodic: None,
    }
}
