//! Set-up shared by the tests of every module: verified accounts with roles, signing in through
//! the login form, valid SIRET numbers, organisations created through the web form. Here rather
//! than in `essor_platform::testing` because accounts and organisations belong to this crate.

use crate::users;
use axum::http::StatusCode;
use axum::Router;
use essor_domain::email::Email;
use essor_domain::ids::{OrgId, UserId};
use essor_domain::role::Role;
use essor_platform::testing::Client;
use essor_platform::{password, AppState};
use std::sync::OnceLock;

/// The password of every account [`person`] creates.
pub const PASSWORD: &str = "une phrase de passe assez longue";

/// [`PASSWORD`] hashed once per test process (hashing is slow on purpose).
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(PASSWORD).expect("hash"))
}

/// A verified French-speaking account with `roles`; its display name is its address.
pub async fn person(state: &AppState, email: &str, roles: &[Role]) -> UserId {
    account(state, email, email, "fr", roles).await
}

/// A verified account named `name`, in the language `locale` ("fr" or "en"), with `roles`.
pub async fn account(
    state: &AppState,
    email: &str,
    name: &str,
    locale: &str,
    roles: &[Role],
) -> UserId {
    let mut tx = state.db().begin().await.unwrap();
    let id = users::create(
        &mut tx,
        &Email::parse(email).unwrap(),
        name,
        password_hash(),
        locale,
        true,
    )
    .await
    .unwrap()
    .expect("new account");
    for r in roles {
        users::grant_role(&mut tx, id, *r).await.unwrap();
    }
    tx.commit().await.unwrap();
    id
}

/// A browser signed in as `email` (an account made by [`person`]).
pub async fn login(router: &Router, email: &str) -> Client {
    let mut c = Client::new(router);
    let res = c
        .post("/login", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "login {email}: {}",
        res.body
    );
    c
}

/// A valid SIRET from a seed: Luhn on the SIREN, then on the whole number.
pub fn siret(seed: u32) -> String {
    fn complete(digits: &str) -> String {
        (0..10)
            .map(|d| format!("{digits}{d}"))
            .find(|s| luhn(s))
            .expect("one check digit fits")
    }
    let siren = complete(&format!("5{seed:07}"));
    complete(&format!("{siren}0001"))
}

fn luhn(s: &str) -> bool {
    let sum: u32 = s
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = c.to_digit(10).unwrap();
            match (i % 2 == 1, v * 2) {
                (true, d) if d > 9 => d - 9,
                (true, d) => d,
                (false, _) => v,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// An organisation of `kind` created by the signed-in `c` through `/orgs/new`, with the SIRET
/// of `seed`, in `commune` (a code of the territory, or any other code as "elsewhere").
pub async fn create_org(c: &mut Client, kind: &str, name: &str, seed: u32, commune: &str) -> OrgId {
    let (commune, other) = if commune.starts_with("92") {
        (commune, "")
    } else {
        ("other", commune)
    };
    let res = c
        .post(
            "/orgs/new",
            &[
                ("kind", kind),
                ("name", name),
                ("siret", &siret(seed)),
                ("rna", ""),
                ("address", "1 place de la Mairie"),
                ("commune", commune),
                ("commune_other", other),
                ("contact_email", "contact@example.org"),
                ("contact_phone", "01 47 00 00 01"),
            ],
        )
        .await;
    let loc = res
        .location()
        .unwrap_or_else(|| panic!("organisation not created: {}", res.body));
    OrgId(loc.trim_start_matches("/orgs/").parse().unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sirets_pass_the_domain_check_and_differ_by_seed() {
        for seed in [0, 1, 42, 9_999_999] {
            let s = siret(seed);
            assert!(essor_domain::identifiers::Siret::parse(&s).is_ok(), "{s}");
        }
        assert_ne!(siret(1), siret(2));
    }
}
