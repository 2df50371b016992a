//! Sign-up with e-mail verification, sign-in and out, password reset, and the account page
//! (change of e-mail and of password).
//!
//! Nothing here tells a stranger whether an address has an account: sign-up and "forgot
//! password" answer the same either way (the owner of an existing address gets an e-mail
//! instead), and sign-in takes the same time for a known and an unknown address.

use crate::users::{self, Purpose};
use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::header;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use essor_domain::email::Email;
use essor_platform::audit::{self, Entry};
use essor_platform::emails;
use essor_platform::i18n::Locale;
use essor_platform::pages::message;
use essor_platform::web::{
    self, render, render_invalid, see_other, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::{password, ratelimit, session, AppState};
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_form).post(signup))
        .route("/verify/{token}", get(verify_form).post(verify))
        .route("/verify/resend", post(resend_verification))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/password/forgot", get(forgot_form).post(forgot))
        .route("/password/reset/{token}", get(reset_form).post(reset))
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/email", post(change_email))
        .route(
            "/account/email/confirm/{token}",
            get(email_confirm_form).post(email_confirm),
        )
}

fn link(p: &Ctx, path: &str) -> String {
    format!("{}{path}", p.state.config().base_url())
}

/// Checks a new password against the policy; the message ids name the rule.
fn check_new_password(
    errors: &mut FormErrors,
    p: &Ctx,
    field: &str,
    pw: &str,
    confirm: &str,
    email: &str,
) {
    if pw.chars().count() < password::MIN_LENGTH {
        errors.add(field, p.t("password-too-short"));
    } else if pw.len() > password::MAX_LENGTH {
        errors.add(field, p.t("password-too-long"));
    } else if pw.eq_ignore_ascii_case(email) {
        errors.add(field, p.t("password-is-email"));
    } else if pw != confirm {
        errors.add(&format!("{field}_confirm"), p.t("password-mismatch"));
    }
}

// ---- Sign-up -------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignupForm {
    display_name: String,
    email: String,
    password: String,
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "auth/signup.html")]
struct SignupTpl<'a> {
    p: &'a Ctx,
    f: &'a SignupForm,
    errors: FormErrors,
}

async fn signup_form(p: Ctx) -> AppResult<Response> {
    if p.user.is_some() {
        return Ok(see_other("/account"));
    }
    render(&SignupTpl {
        p: &p,
        f: &SignupForm::default(),
        errors: FormErrors::default(),
    })
}

async fn signup(p: Ctx, Form(f): Form<SignupForm>) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let name = f.display_name.trim();
    if name.is_empty() {
        errors.add("display_name", p.t("field-required"));
    } else if name.chars().count() > 120 {
        errors.add("display_name", p.t("name-too-long"));
    }
    let email = match Email::parse(&f.email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.add("email", p.t(e.code()));
            None
        }
    };
    check_new_password(
        &mut errors,
        &p,
        "password",
        &f.password,
        &f.password_confirm,
        f.email.trim(),
    );
    let (Some(email), true) = (email, errors.is_empty()) else {
        // The form comes back filled, except the passwords.
        let f = SignupForm {
            password: String::new(),
            password_confirm: String::new(),
            ..f
        };
        return render_invalid(&SignupTpl {
            p: &p,
            f: &f,
            errors,
        });
    };
    let hash = password::hash(&f.password)?;
    let db = p.state.db();
    let mut tx = db.begin().await?;
    let territory = p.territory_name().to_owned();
    match users::create(&mut tx, &email, name, &hash, p.lang(), false).await? {
        Some(id) => {
            let token = users::issue_token(&mut tx, id, Purpose::Verify, None).await?;
            emails::queue(
                &mut tx,
                &p.t,
                &territory,
                email.as_str(),
                "verify",
                &link(&p, &format!("/verify/{token}")),
            )
            .await?;
            audit::record(
                &mut tx,
                Entry {
                    actor: Some(id),
                    action: "user.signup",
                    record_type: "user",
                    record_id: id.to_string(),
                    summary: json!({ "email": email.as_str() }),
                },
            )
            .await?;
        }
        None => {
            // Already registered: tell the owner, not the visitor.
            emails::queue(
                &mut tx,
                &p.t,
                &territory,
                email.as_str(),
                "signup-exists",
                &link(&p, "/password/forgot"),
            )
            .await?;
        }
    }
    tx.commit().await?;
    message(&p, "signup-done-title", "signup-done-body", None)
}

// ---- Verification --------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "auth/confirm.html")]
struct ConfirmTpl<'a> {
    p: &'a Ctx,
    title_id: &'a str,
    body_id: &'a str,
    button_id: &'a str,
    action: String,
}

/// The link in the e-mail opens a page with a button: a link-scanning mail filter that fetches
/// the page does not confirm anything by itself.
async fn verify_form(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    if !users::token_is_live(p.state.db(), &token, Purpose::Verify).await? {
        return message(
            &p,
            "link-invalid-title",
            "link-invalid-body",
            Some(("/login", "nav-login")),
        );
    }
    render(&ConfirmTpl {
        p: &p,
        title_id: "verify-title",
        body_id: "verify-body",
        button_id: "verify-button",
        action: format!("/verify/{token}"),
    })
}

async fn verify(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let mut tx = p.state.db().begin().await?;
    let Some((user, _)) = users::consume_token(&mut tx, &token, Purpose::Verify).await? else {
        return message(
            &p,
            "link-invalid-title",
            "link-invalid-body",
            Some(("/login", "nav-login")),
        );
    };
    users::mark_verified(&mut tx, user).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user),
            action: "user.verify_email",
            record_type: "user",
            record_id: user.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash("/login", "verify-done"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResendForm {
    email: String,
}

async fn resend_verification(p: Ctx, Form(f): Form<ResendForm>) -> AppResult<Response> {
    if let Ok(email) = Email::parse(&f.email) {
        if let Some(u) = users::by_email(p.state.db(), &email).await? {
            if u.email_verified_at.is_none() {
                let mut tx = p.state.db().begin().await?;
                let token = users::issue_token(&mut tx, u.id(), Purpose::Verify, None).await?;
                let t = essor_platform::i18n::Tr::new(
                    p.state.i18n(),
                    Locale::parse(&u.locale).unwrap_or_default(),
                );
                emails::queue(
                    &mut tx,
                    &t,
                    p.territory_name(),
                    &u.email,
                    "verify",
                    &link(&p, &format!("/verify/{token}")),
                )
                .await?;
                tx.commit().await?;
            }
        }
    }
    message(&p, "signup-done-title", "resend-done-body", None)
}

// ---- Sign-in and out -----------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginTpl<'a> {
    p: &'a Ctx,
    email: &'a str,
    next: &'a str,
    errors: FormErrors,
    unverified: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NextQuery {
    next: String,
}

async fn login_form(p: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    render(&LoginTpl {
        p: &p,
        email: "",
        next: &q.next,
        errors: FormErrors::default(),
        unverified: false,
    })
}

async fn login(p: Ctx, Form(f): Form<LoginForm>) -> AppResult<Response> {
    let db = p.state.db();
    let email = Email::parse(&f.email).ok();
    let account_scope = format!(
        "account:{}",
        email.as_ref().map(|e| e.as_str()).unwrap_or(f.email.trim())
    );
    let ip_scope = format!("ip:{}", p.client_ip);
    if ratelimit::is_blocked(db, &account_scope, &ratelimit::PER_ACCOUNT).await?
        || ratelimit::is_blocked(db, &ip_scope, &ratelimit::PER_ADDRESS).await?
    {
        return Err(AppError::TooManyRequests);
    }
    let user = match &email {
        Some(e) => users::by_email(db, e).await?,
        None => None,
    };
    // Always run one hash check, known account or not.
    let ok = password::verify(&f.password, user.as_ref().map(|u| u.password_hash.as_str()));
    let user = user.filter(|u| ok && !u.disabled);
    let Some(user) = user else {
        ratelimit::record_failure(db, &account_scope).await?;
        ratelimit::record_failure(db, &ip_scope).await?;
        let mut errors = FormErrors::default();
        errors.add("email", p.t("login-failed"));
        return render_invalid(&LoginTpl {
            p: &p,
            email: f.email.trim(),
            next: &f.next,
            errors,
            unverified: false,
        });
    };
    if user.email_verified_at.is_none() {
        // Only someone who knows the password learns that the address awaits confirmation.
        return render_invalid(&LoginTpl {
            p: &p,
            email: &user.email,
            next: &f.next,
            errors: FormErrors::default(),
            unverified: true,
        });
    }
    ratelimit::clear(db, &account_scope).await?;
    // A new session id at every sign-in (no session fixation).
    if let Some(old) = &p.user {
        session::destroy(db, &old.session_hash).await?;
    }
    let token = session::create(db, user.id()).await?;
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id()),
            action: "user.login",
            record_type: "user",
            record_id: user.id.to_string(),
            summary: json!({ "ip": p.client_ip }),
        },
    )
    .await?;
    tx.commit().await?;
    let mut res = see_other(&web::safe_next(Some(&f.next)));
    let secure = p.state.config().secure_cookies();
    res.headers_mut().append(
        header::SET_COOKIE,
        web::set_cookie(
            session::COOKIE,
            &token,
            session::LIFETIME_DAYS * 86400,
            secure,
        ),
    );
    res.headers_mut().append(
        header::SET_COOKIE,
        web::set_cookie(web::LANG_COOKIE, &user.locale, 365 * 86400, secure),
    );
    Ok(res)
}

async fn logout(p: Ctx) -> AppResult<Response> {
    if let Some(u) = &p.user {
        session::destroy(p.state.db(), &u.session_hash).await?;
        let mut tx = p.state.db().begin().await?;
        audit::record(
            &mut tx,
            Entry {
                actor: Some(u.id),
                action: "user.logout",
                record_type: "user",
                record_id: u.id.to_string(),
                summary: json!({}),
            },
        )
        .await?;
        tx.commit().await?;
    }
    let mut res = see_other_flash("/", "logout-done");
    res.headers_mut().append(
        header::SET_COOKIE,
        web::set_cookie(session::COOKIE, "", 0, p.state.config().secure_cookies()),
    );
    Ok(res)
}

// ---- Password reset ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotTpl<'a> {
    p: &'a Ctx,
    email: &'a str,
    errors: FormErrors,
}

async fn forgot_form(p: Ctx) -> AppResult<Response> {
    render(&ForgotTpl {
        p: &p,
        email: "",
        errors: FormErrors::default(),
    })
}

async fn forgot(p: Ctx, Form(f): Form<ResendForm>) -> AppResult<Response> {
    let email = match Email::parse(&f.email) {
        Ok(e) => e,
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.add("email", p.t(e.code()));
            return render_invalid(&ForgotTpl {
                p: &p,
                email: &f.email,
                errors,
            });
        }
    };
    let scope = format!("reset:{}", email.as_str());
    if ratelimit::is_blocked(p.state.db(), &scope, &ratelimit::PER_ACCOUNT).await? {
        return Err(AppError::TooManyRequests);
    }
    ratelimit::record_failure(p.state.db(), &scope).await?;
    if let Some(u) = users::by_email(p.state.db(), &email)
        .await?
        .filter(|u| !u.disabled)
    {
        let mut tx = p.state.db().begin().await?;
        let token = users::issue_token(&mut tx, u.id(), Purpose::Reset, None).await?;
        let t = essor_platform::i18n::Tr::new(
            p.state.i18n(),
            Locale::parse(&u.locale).unwrap_or_default(),
        );
        emails::queue(
            &mut tx,
            &t,
            p.territory_name(),
            &u.email,
            "reset",
            &link(&p, &format!("/password/reset/{token}")),
        )
        .await?;
        tx.commit().await?;
    }
    message(&p, "forgot-done-title", "forgot-done-body", None)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResetForm {
    password: String,
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "auth/reset.html")]
struct ResetTpl<'a> {
    p: &'a Ctx,
    token: &'a str,
    errors: FormErrors,
}

async fn reset_form(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    if !users::token_is_live(p.state.db(), &token, Purpose::Reset).await? {
        return message(
            &p,
            "link-invalid-title",
            "link-invalid-body",
            Some(("/password/forgot", "forgot-title")),
        );
    }
    render(&ResetTpl {
        p: &p,
        token: &token,
        errors: FormErrors::default(),
    })
}

async fn reset(p: Ctx, Path(token): Path<String>, Form(f): Form<ResetForm>) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    check_new_password(
        &mut errors,
        &p,
        "password",
        &f.password,
        &f.password_confirm,
        "",
    );
    if !errors.is_empty() {
        return render_invalid(&ResetTpl {
            p: &p,
            token: &token,
            errors,
        });
    }
    let db = p.state.db();
    let mut tx = db.begin().await?;
    let Some((user, _)) = users::consume_token(&mut tx, &token, Purpose::Reset).await? else {
        return message(
            &p,
            "link-invalid-title",
            "link-invalid-body",
            Some(("/password/forgot", "forgot-title")),
        );
    };
    users::set_password(&mut tx, user, &password::hash(&f.password)?).await?;
    // The link proves the mailbox: the address counts as verified.
    users::mark_verified(&mut tx, user).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user),
            action: "user.password_reset",
            record_type: "user",
            record_id: user.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    session::destroy_others(db, user, None).await?;
    Ok(see_other_flash("/login", "reset-done"))
}

// ---- Account -------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordChangeForm {
    current_password: String,
    new_password: String,
    new_password_confirm: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EmailChangeForm {
    new_email: String,
    email_password: String,
}

#[derive(Template)]
#[template(path = "auth/account.html")]
struct AccountTpl<'a> {
    p: &'a Ctx,
    new_email: &'a str,
    errors: FormErrors,
    roles: Vec<String>,
}

fn account_page(p: &Ctx, new_email: &str, errors: FormErrors) -> AppResult<Response> {
    let u = p.require_user()?;
    let roles = u
        .roles
        .iter()
        .map(|r| p.t(format!("role-{}", r.as_str())))
        .collect();
    let tpl = AccountTpl {
        p,
        new_email,
        errors,
        roles,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

async fn account(p: Ctx) -> AppResult<Response> {
    account_page(&p, "", FormErrors::default())
}

async fn change_password(p: Ctx, Form(f): Form<PasswordChangeForm>) -> AppResult<Response> {
    let u = p.require_user()?.clone();
    let db = p.state.db();
    let stored = users::by_id(db, u.id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    if !password::verify(&f.current_password, Some(&stored.password_hash)) {
        errors.add("current_password", p.t("password-wrong"));
    }
    check_new_password(
        &mut errors,
        &p,
        "new_password",
        &f.new_password,
        &f.new_password_confirm,
        &u.email,
    );
    if !errors.is_empty() {
        return account_page(&p, "", errors);
    }
    let mut tx = db.begin().await?;
    users::set_password(&mut tx, u.id, &password::hash(&f.new_password)?).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(u.id),
            action: "user.password_change",
            record_type: "user",
            record_id: u.id.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    // Other browsers signed in with the old password are signed out.
    session::destroy_others(db, u.id, Some(&u.session_hash)).await?;
    Ok(see_other_flash("/account", "password-changed"))
}

async fn change_email(p: Ctx, Form(f): Form<EmailChangeForm>) -> AppResult<Response> {
    let u = p.require_user()?.clone();
    let db = p.state.db();
    let stored = users::by_id(db, u.id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    let email = match Email::parse(&f.new_email) {
        Ok(e) if e.as_str() == u.email => {
            errors.add("new_email", p.t("email-same"));
            None
        }
        Ok(e) => Some(e),
        Err(e) => {
            errors.add("new_email", p.t(e.code()));
            None
        }
    };
    if !password::verify(&f.email_password, Some(&stored.password_hash)) {
        errors.add("email_password", p.t("password-wrong"));
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return account_page(&p, &f.new_email, errors);
    };
    let mut tx = db.begin().await?;
    let token =
        users::issue_token(&mut tx, u.id, Purpose::EmailChange, Some(email.as_str())).await?;
    emails::queue(
        &mut tx,
        &p.t,
        p.territory_name(),
        email.as_str(),
        "email-change",
        &link(&p, &format!("/account/email/confirm/{token}")),
    )
    .await?;
    tx.commit().await?;
    message(
        &p,
        "email-change-sent-title",
        "email-change-sent-body",
        Some(("/account", "nav-account")),
    )
}

async fn email_confirm_form(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    if !users::token_is_live(p.state.db(), &token, Purpose::EmailChange).await? {
        return message(&p, "link-invalid-title", "link-invalid-body", None);
    }
    render(&ConfirmTpl {
        p: &p,
        title_id: "email-confirm-title",
        body_id: "email-confirm-body",
        button_id: "email-confirm-button",
        action: format!("/account/email/confirm/{token}"),
    })
}

async fn email_confirm(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let db = p.state.db();
    let mut tx = db.begin().await?;
    let Some((user, Some(new_email))) =
        users::consume_token(&mut tx, &token, Purpose::EmailChange).await?
    else {
        return message(&p, "link-invalid-title", "link-invalid-body", None);
    };
    if users::by_email(db, &Email::parse(&new_email)?)
        .await?
        .is_some()
    {
        return message(&p, "email-taken-title", "email-taken-body", None);
    }
    users::set_email(&mut tx, user, &new_email).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user),
            action: "user.email_change",
            record_type: "user",
            record_id: user.to_string(),
            summary: json!({ "email": new_email }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        if p.user.is_some() {
            "/account"
        } else {
            "/login"
        },
        "email-changed",
    ))
}
