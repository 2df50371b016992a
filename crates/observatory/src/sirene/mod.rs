//! The SIRENE import: INSEE's stock files (`StockUniteLegale`, `StockEtablissement`) to the
//! territory's ESS directory. See `docs/observatory.md`.

pub mod families;
pub mod input;
pub mod parse;
pub mod run;
pub mod scan;
pub mod store;

pub use run::{Files, Outcome, Progress};
pub use store::Counts;
pub mod sample;
