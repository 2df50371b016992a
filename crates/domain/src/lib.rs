//! Essor's domain: pure types and rules, no I/O.
//!
//! Values enter the domain only through `parse` constructors, so the rest of the house handles
//! valid data only. Errors carry a stable `code()` that the web layer turns into a message in
//! the user's language (see `locales/*/domain.ftl`).

pub mod email;
pub mod esus;
pub mod forms;
pub mod identifiers;
pub mod ids;
pub mod lifecycle;
pub mod money;
pub mod org;
pub mod role;
