//! People and organisations: sign-up and sign-in, accounts, organisations ("tell us once") with
//! their members, ESUS approval and document vault, and the staff back-office for them.

pub mod auth;
pub mod demo;
pub mod orgs;
pub mod staff;
pub mod testing;
pub mod users;

use essor_platform::Module;

pub fn module() -> Module {
    Module {
        name: "accounts",
        routes: auth::routes().merge(orgs::routes()).merge(staff::routes()),
        jobs: |_| {},
        periodic: None,
    }
}
