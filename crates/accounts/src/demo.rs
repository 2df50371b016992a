//! Demo people and organisations, for `essor demo`.

use crate::users;
use essor_domain::email::Email;
use essor_domain::role::Role;
use essor_platform::{password, AppState};

/// The demo logins, as printed by `essor demo`.
pub const LOGINS: &[(&str, &str)] = &[
    ("admin@essor.demo", "administrator"),
    ("agent@essor.demo", "department staff"),
    ("jury@essor.demo", "jury member"),
    ("asso@essor.demo", "member of an association (applicant)"),
];

pub async fn seed(state: &AppState, demo_password: &str) -> anyhow::Result<()> {
    let db = state.db();
    let hash = password::hash(demo_password)?;
    let mut tx = db.begin().await?;
    for (email, name, role) in [
        ("admin@essor.demo", "Alice Admin", Some(Role::Admin)),
        ("agent@essor.demo", "Samir Agent", Some(Role::Staff)),
        ("jury@essor.demo", "Jeanne Jury", Some(Role::Jury)),
        ("asso@essor.demo", "Aïcha Association", None),
    ] {
        let id = users::create(&mut tx, &Email::parse(email)?, name, &hash, "fr", true)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo account {email} exists already"))?;
        if let Some(r) = role {
            users::grant_role(&mut tx, id, r).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
