//! The modules Essor is made of, in one list shared by the binary and the whole-app tests.

use essor_platform::Module;

pub fn modules() -> Vec<Module> {
    vec![
        essor_accounts::module(),
        essor_calls::module(),
        essor_jury::module(),
        essor_events::module(),
        essor_youth::module(),
        essor_observatory::module(),
    ]
}
