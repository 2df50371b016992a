//! The territory's ESS seen whole: the SIRENE import, the public directory, the observatory's
//! figures and charts, and the open-data page.
//!
//! Rooms: `sirene` (reading INSEE's stock files into the directory tables, no web), `imports`
//! (the import from the terminal and from a staff page), `directory` (public `/annuaire`),
//! `figures` (public `/observatoire`), `open_data` (`/donnees-ouvertes`), `demo`.

pub mod demo;
pub mod directory;
pub mod figures;
pub mod imports;
pub mod open_data;
pub mod sirene;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "observatory",
        routes: imports::routes()
            .merge(directory::routes())
            .merge(figures::routes())
            .merge(open_data::routes()),
        jobs: imports::jobs,
        periodic: None,
    }
}
