//! Helpers shared by the observatory's HTTP tests: accounts, sign-in, a demo-sized import.
#![allow(dead_code)]

use axum::http::StatusCode;
use axum::Router;
use essor_accounts::users;
use essor_domain::email::Email;
use essor_domain::ids::UserId;
use essor_domain::role::Role;
use essor_platform::testing::Client;
use essor_platform::{password, AppState, Module};
use std::sync::OnceLock;

pub const PASSWORD: &str = "une phrase de passe assez longue";

pub fn modules() -> Vec<Module> {
    vec![
        essor_accounts::module(),
        essor_calls::module(),
        essor_observatory::module(),
    ]
}

fn hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(PASSWORD).expect("hash"))
}

pub async fn person(state: &AppState, email: &str, roles: &[Role]) -> UserId {
    let mut tx = state.db().begin().await.unwrap();
    let id = users::create(
        &mut tx,
        &Email::parse(email).unwrap(),
        email,
        hash(),
        "fr",
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
