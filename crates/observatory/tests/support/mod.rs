//! Helpers shared by the observatory's HTTP tests: accounts, sign-in, a demo-sized import.
#![allow(dead_code)]

use essor_platform::Module;

// Each test file that includes this module uses a part of them.
#[allow(unused_imports)]
pub use essor_accounts::testing::{login, person, PASSWORD};

pub fn modules() -> Vec<Module> {
    vec![
        essor_accounts::module(),
        essor_calls::module(),
        essor_observatory::module(),
    ]
}
