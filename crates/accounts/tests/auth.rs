//! Sign-up, verification, sign-in, password reset and account changes, through HTTP, on every
//! engine.

use axum::http::StatusCode;
use essor_platform::testing::{self, Client};
use essor_platform::{jobs, AppState};

fn modules() -> Vec<essor_platform::Module> {
    vec![essor_accounts::module()]
}

const PW: &str = "a long enough passphrase";

async fn mails(state: &AppState) -> Vec<String> {
    jobs::drain(state).await.unwrap();
    testing::outbox(state)
}

/// Signs up through the form, opens the link from the mail and confirms.
async fn sign_up(c: &mut Client, state: &AppState, email: &str) {
    let before = mails(state).await.len();
    let r = c
        .post(
            "/signup",
            &[
                ("display_name", "Zoé Test"),
                ("email", email),
                ("password", PW),
                ("password_confirm", PW),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let all = mails(state).await;
    assert_eq!(all.len(), before + 1);
    let link = testing::link_path(all.last().unwrap(), "http://essor.test/verify/")
        .expect("verification link");
    assert_eq!(c.get(&link).await.status, StatusCode::OK);
    let r = c.post(&link, &[]).await;
    assert_eq!(r.location(), Some("/login"));
}

async fn log_in(c: &mut Client, email: &str, pw: &str) -> testing::TestResponse {
    c.post(
        "/login",
        &[("email", email), ("password", pw), ("next", "/account")],
    )
    .await
}

#[tokio::test]
async fn sign_up_verify_and_sign_in() {
    for t in testing::databases().await {
        let (state, app) = testing::app(&t, modules);
        let mut c = Client::new(&app);
        // Before verification, the right password only gets a "confirm your address" notice.
        c.post(
            "/signup",
            &[
                ("display_name", "Zoé"),
                ("email", "Zoe@Example.org"),
                ("password", PW),
                ("password_confirm", PW),
            ],
        )
        .await;
        let r = log_in(&mut c, "zoe@example.org", PW).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(r.body.contains("/verify/resend"));
        let link =
            testing::link_path(&mails(&state).await[0], "http://essor.test/verify/").unwrap();
        c.post(&link, &[]).await;
        // A used link is dead.
        assert!(c.post(&link, &[]).await.body.contains("Lien invalide"));
        let r = log_in(&mut c, "ZOE@example.org", PW).await;
        assert_eq!(r.location(), Some("/account"), "{}", t.label);
        let page = c.get("/account").await;
        assert!(page.body.contains("zoe@example.org"));
        // Logout ends the session.
        c.post("/logout", &[]).await;
        assert_eq!(
            c.get("/account").await.location(),
            Some("/login?next=%2Faccount")
        );
    }
}

#[tokio::test]
async fn sign_up_errors_keep_the_form_and_never_reveal_accounts() {
    for t in testing::databases().await {
        let (state, app) = testing::app(&t, modules);
        let mut c = Client::new(&app);
        let r = c
            .post(
                "/signup",
                &[
                    ("display_name", "Zoé <b>"),
                    ("email", "not-an-email"),
                    ("password", "short"),
                    ("password_confirm", "short"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("error-summary"));
        assert!(
            r.body.contains("href=\"#f-email\""),
            "summary links to the field"
        );
        assert!(
            r.body.contains("value=\"Zoé &lt;b&gt;\""),
            "name kept, escaped"
        );
        assert!(r.body.contains("value=\"not-an-email\""), "e-mail kept");
        assert!(r.body.contains("12 caractères"));

        sign_up(&mut c, &state, "taken@example.org").await;
        let n = mails(&state).await.len();
        let mut other = Client::new(&app);
        let r = other
            .post(
                "/signup",
                &[
                    ("display_name", "Intruder"),
                    ("email", "taken@example.org"),
                    ("password", PW),
                    ("password_confirm", PW),
                ],
            )
            .await;
        // Same answer as a fresh sign-up; the owner gets a warning instead of a second account.
        assert_eq!(r.status, StatusCode::OK, "{}", t.label);
        let all = mails(&state).await;
        assert_eq!(all.len(), n + 1);
        assert!(all.last().unwrap().contains("/password/forgot"));
    }
}

#[tokio::test]
async fn wrong_passwords_are_rate_limited() {
    for t in testing::databases().await {
        let (state, app) = testing::app(&t, modules);
        let mut c = Client::new(&app);
        sign_up(&mut c, &state, "victim@example.org").await;
        for _ in 0..5 {
            let r = log_in(&mut c, "victim@example.org", "wrong password!!").await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(r.body.contains("incorrect"));
        }
        // Even the right password is refused while the account is locked.
        let r = log_in(&mut c, "victim@example.org", PW).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", t.label);
        assert!(r.body.contains("Trop de tentatives"));
        // Unknown accounts get the same answer as wrong passwords.
        let r = log_in(
            &mut Client::new(&app),
            "nobody@example.org",
            "whatever password",
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("incorrect"));
    }
}

#[tokio::test]
async fn password_reset_and_account_changes() {
    for t in testing::databases().await {
        let (state, app) = testing::app(&t, modules);
        let mut c = Client::new(&app);
        sign_up(&mut c, &state, "me@example.org").await;
        log_in(&mut c, "me@example.org", PW).await;

        // Reset from another browser: the link works once and ends every session.
        let mut other = Client::new(&app);
        let r = other
            .post("/password/forgot", &[("email", "me@example.org")])
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let unknown = other
            .post("/password/forgot", &[("email", "nobody@example.org")])
            .await;
        assert_eq!(
            unknown.body.len(),
            r.body.len(),
            "{}: same page for unknown addresses",
            t.label
        );
        let link = testing::link_path(
            mails(&state).await.last().unwrap(),
            "http://essor.test/password/reset/",
        )
        .unwrap();
        let new_pw = "another long passphrase";
        let r = other
            .post(
                &link,
                &[
                    ("password", new_pw),
                    ("password_confirm", "mismatch passphrase"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = other
            .post(&link, &[("password", new_pw), ("password_confirm", new_pw)])
            .await;
        assert_eq!(r.location(), Some("/login"));
        assert!(
            c.get("/account").await.location().is_some(),
            "{}: old session ended",
            t.label
        );
        assert_eq!(
            log_in(&mut c, "me@example.org", PW).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            log_in(&mut c, "me@example.org", new_pw).await.location(),
            Some("/account")
        );

        // Change of password needs the current one.
        let r = c
            .post(
                "/account/password",
                &[
                    ("current_password", "wrong one"),
                    ("new_password", PW),
                    ("new_password_confirm", PW),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = c
            .post(
                "/account/password",
                &[
                    ("current_password", new_pw),
                    ("new_password", PW),
                    ("new_password_confirm", PW),
                ],
            )
            .await;
        assert_eq!(r.location(), Some("/account"));

        // Change of e-mail: effective only once the new address confirms.
        let r = c
            .post(
                "/account/email",
                &[("new_email", "new@example.org"), ("email_password", PW)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(c.get("/account").await.body.contains("me@example.org"));
        let link = testing::link_path(
            mails(&state).await.last().unwrap(),
            "http://essor.test/account/email/confirm/",
        )
        .unwrap();
        c.post(&link, &[]).await;
        assert!(
            c.get("/account").await.body.contains("new@example.org"),
            "{}",
            t.label
        );
        c.post("/logout", &[]).await;
        assert_eq!(
            log_in(&mut c, "new@example.org", PW).await.location(),
            Some("/account")
        );
    }
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let t = testing::sqlite().await;
    let (state, app) = testing::app(&t, modules);
    let mut c = Client::new(&app);
    sign_up(&mut c, &state, "csrf@example.org").await;
    let r = c
        .post_raw("/login", &[("email", "csrf@example.org"), ("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Formulaire expiré"));
    let r = c
        .post_raw(
            "/login",
            &[
                ("_csrf", "forged-token-forged-token-forged-token"),
                ("email", "csrf@example.org"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        log_in(&mut c, "csrf@example.org", PW).await.location(),
        Some("/account")
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_switch_language() {
    let t = testing::sqlite().await;
    let (_, app) = testing::app(&t, modules);
    let mut c = Client::new(&app);
    let r = c.get("/").await;
    let csp = r
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(r.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(r.headers.get("referrer-policy").is_some());
    let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(r.body.contains("<html lang=\"fr\">"));
    let r = c.post("/lang", &[("lang", "en"), ("next", "/login")]).await;
    assert_eq!(r.location(), Some("/login"));
    let r = c.get("/login").await;
    assert!(r.body.contains("<html lang=\"en\">") && r.body.contains("Sign in"));
    // Open redirects are refused.
    let r = c
        .post("/lang", &[("lang", "fr"), ("next", "//evil.example")])
        .await;
    assert_eq!(r.location(), Some("/"));
    assert_eq!(c.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
}
