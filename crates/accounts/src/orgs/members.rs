//! Members: invitations by e-mail, accepting them, roles, removal and leaving.
//!
//! An invitation is a single-use link sent to an address; only the person signed in with an
//! account of that very address (verified, since unverified accounts cannot sign in) can
//! accept it. Every change keeps at least one owner.

use super::profile::{show_page, InviteForm};
use super::queries::{self, Invitation, MemberChange, MemberRole, Org};
use super::{link, load, load_owned, parse_id};
use crate::users;
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, Utc};
use essor_domain::email::Email;
use essor_domain::ids::{InvitationId, UserId};
use essor_platform::audit::{self, Entry};
use essor_platform::emails;
use essor_platform::i18n::{Locale, Tr};
use essor_platform::password;
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx, FormErrors};
use serde::Deserialize;
use serde_json::json;

/// How long an invitation link stays valid (the invitation e-mail's text says 14 days too).
pub(crate) const INVITATION_DAYS: i64 = 14;

fn org_page(org: &Org) -> String {
    format!("/orgs/{}#members", org.id)
}

// ---- Inviting ------------------------------------------------------------------------------

pub(super) async fn invite(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<InviteForm>,
) -> AppResult<Response> {
    let org = load_owned(&p, &id).await?;
    let user = p.require_user()?.clone();
    let db = p.state.db();
    let mut errors = FormErrors::default();
    let role = MemberRole::parse(&f.invite_role).unwrap_or(MemberRole::Member);
    let email = match Email::parse(&f.invite_email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.add("invite_email", p.t(e.code()));
            None
        }
    };
    let invitee = match &email {
        Some(e) => users::by_email(db, e).await?,
        None => None,
    };
    if let Some(u) = &invitee {
        if queries::role_of(db, org.id(), u.id()).await?.is_some() {
            errors.add("invite_email", p.t("org-invite-already-member"));
        }
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return show_page(&p, &org, super::Access::Owner, f, errors).await;
    };
    let (token, hash) = password::new_token();
    // In the invitee's language when they already have an account, else the inviter's.
    let t = match &invitee {
        Some(u) => Tr::new(p.state.i18n(), Locale::parse(&u.locale).unwrap_or_default()),
        None => p.t.clone(),
    };
    let mut tx = db.begin().await?;
    let inv = queries::insert_invitation(
        &mut tx,
        org.id(),
        &email,
        role,
        &hash,
        user.id,
        Utc::now() + Duration::days(INVITATION_DAYS),
    )
    .await?;
    emails::queue(
        &mut tx,
        &t,
        p.territory_name(),
        email.as_str(),
        "invitation",
        &link(&p, &format!("/invitations/{token}")),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.invite",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({ "invitation": inv.0, "email": email.as_str(), "role": role.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&org_page(&org), "org-invite-sent"))
}

pub(super) async fn revoke_invitation(
    p: Ctx,
    Path((id, inv)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = load_owned(&p, &id).await?;
    let inv = InvitationId(parse_id(&inv)?);
    let user = p.require_user()?.clone();
    let mut tx = p.state.db().begin().await?;
    let Some(email) = queries::revoke_invitation(&mut tx, org.id(), inv).await? else {
        return Err(AppError::NotFound);
    };
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.invitation_revoke",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({ "invitation": inv.0, "email": email }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&org_page(&org), "org-invitation-revoked"))
}

// ---- Accepting -----------------------------------------------------------------------------

/// What the invitation page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InvitationState {
    /// Unknown, used, revoked or expired.
    Invalid,
    /// Sign in (or create an account) with the invited address first.
    SignIn,
    /// Signed in with another account.
    WrongAccount,
    AlreadyMember,
    Ready,
}

#[derive(Template)]
#[template(path = "orgs/invitation.html")]
struct InvitationTpl<'a> {
    p: &'a Ctx,
    state: InvitationState,
    token: &'a str,
    invitation: Option<Invitation>,
    org: Option<Org>,
}

impl InvitationTpl<'_> {
    fn is(&self, s: &str) -> bool {
        let state = match s {
            "invalid" => InvitationState::Invalid,
            "sign_in" => InvitationState::SignIn,
            "wrong_account" => InvitationState::WrongAccount,
            "already_member" => InvitationState::AlreadyMember,
            _ => InvitationState::Ready,
        };
        self.state == state
    }

    fn org_name(&self) -> &str {
        self.org.as_ref().map_or("", |o| o.name.as_str())
    }

    fn email(&self) -> &str {
        self.invitation.as_ref().map_or("", |i| i.email.as_str())
    }

    fn org_link(&self) -> String {
        format!("/orgs/{}", self.org.as_ref().map_or(0, |o| o.id))
    }

    fn login_link(&self) -> String {
        format!(
            "/login?next={}",
            essor_platform::web::urlencode(&format!("/invitations/{}", self.token))
        )
    }
}

/// The live invitation behind `token`, its organisation, and where the visitor stands.
async fn resolve(
    p: &Ctx,
    token: &str,
) -> AppResult<(InvitationState, Option<Invitation>, Option<Org>)> {
    let db = p.state.db();
    let Some(inv) = queries::live_invitation(db, &password::token_hash(token)).await? else {
        return Ok((InvitationState::Invalid, None, None));
    };
    let Some(org) = queries::by_id(db, inv.org_id()).await? else {
        return Ok((InvitationState::Invalid, None, None));
    };
    let state = match &p.user {
        None => InvitationState::SignIn,
        Some(u) if !u.email.eq_ignore_ascii_case(&inv.email) => InvitationState::WrongAccount,
        Some(u) if queries::role_of(db, org.id(), u.id).await?.is_some() => {
            InvitationState::AlreadyMember
        }
        Some(_) => InvitationState::Ready,
    };
    Ok((state, Some(inv), Some(org)))
}

fn invitation_page(
    p: &Ctx,
    token: &str,
    state: InvitationState,
    invitation: Option<Invitation>,
    org: Option<Org>,
    status: StatusCode,
) -> AppResult<Response> {
    let mut res = render(&InvitationTpl {
        p,
        state,
        token,
        invitation,
        org,
    })?;
    *res.status_mut() = status;
    Ok(res)
}

/// The link in the e-mail opens a page with a button: a link-scanning mail filter that
/// fetches it accepts nothing.
pub(super) async fn invitation(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (state, inv, org) = resolve(&p, &token).await?;
    let status = if state == InvitationState::Invalid {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    invitation_page(&p, &token, state, inv, org, status)
}

pub(super) async fn accept(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let (state, inv, org) = resolve(&p, &token).await?;
    let (InvitationState::Ready | InvitationState::AlreadyMember, Some(org)) = (state, &org) else {
        let status = match state {
            InvitationState::Invalid => StatusCode::NOT_FOUND,
            _ => StatusCode::FORBIDDEN,
        };
        return invitation_page(&p, &token, state, inv, org, status);
    };
    let mut tx = p.state.db().begin().await?;
    // Re-checked in the transaction: two accepts of one link cannot both pass.
    let Some(inv) = queries::accept_invitation(&mut tx, &password::token_hash(&token)).await?
    else {
        return invitation_page(
            &p,
            &token,
            InvitationState::Invalid,
            None,
            None,
            StatusCode::NOT_FOUND,
        );
    };
    let joined = queries::add_member(&mut tx, org.id(), user.id, inv.role()).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.invitation_accept",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({
                "invitation": inv.id,
                "role": inv.role().as_str(),
                "already_member": !joined,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/orgs/{}", org.id),
        "invitation-accepted",
    ))
}

// ---- Roles, removal, leaving ---------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RoleForm {
    role: String,
}

/// The organisation page again, with the refusal explained at the top.
async fn refused(
    p: &Ctx,
    org: &Org,
    access: super::Access,
    message_id: &str,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    errors.add("members", p.t(message_id));
    show_page(p, org, access, InviteForm::default(), errors).await
}

pub(super) async fn set_role(
    p: Ctx,
    Path((id, member)): Path<(String, String)>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    let org = load_owned(&p, &id).await?;
    let member = UserId(parse_id(&member)?);
    let role = MemberRole::parse(&f.role).ok_or(AppError::BadRequest)?;
    let user = p.require_user()?.clone();
    let mut tx = p.state.db().begin().await?;
    match queries::set_role(&mut tx, org.id(), member, role).await? {
        MemberChange::Done => {}
        MemberChange::NotMember => return Err(AppError::NotFound),
        MemberChange::LastOwner => {
            drop(tx);
            return refused(&p, &org, super::Access::Owner, "org-last-owner").await;
        }
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.member_role",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({ "user": member.0, "role": role.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&org_page(&org), "org-member-role-changed"))
}

pub(super) async fn remove(
    p: Ctx,
    Path((id, member)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = load_owned(&p, &id).await?;
    let member = UserId(parse_id(&member)?);
    let user = p.require_user()?.clone();
    let mut tx = p.state.db().begin().await?;
    match queries::remove_member(&mut tx, org.id(), member).await? {
        MemberChange::Done => {}
        MemberChange::NotMember => return Err(AppError::NotFound),
        MemberChange::LastOwner => {
            drop(tx);
            return refused(&p, &org, super::Access::Owner, "org-last-owner").await;
        }
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.member_remove",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({ "user": member.0 }),
        },
    )
    .await?;
    tx.commit().await?;
    if member == user.id {
        return Ok(see_other_flash("/orgs", "org-left"));
    }
    Ok(see_other_flash(&org_page(&org), "org-member-removed"))
}

pub(super) async fn leave(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (org, access) = load(&p, &id).await?;
    if !access.is_member() {
        return Err(AppError::Forbidden);
    }
    let user = p.require_user()?.clone();
    let mut tx = p.state.db().begin().await?;
    match queries::remove_member(&mut tx, org.id(), user.id).await? {
        MemberChange::Done => {}
        MemberChange::NotMember => return Err(AppError::NotFound),
        MemberChange::LastOwner => {
            drop(tx);
            return refused(&p, &org, access, "org-last-owner-leave").await;
        }
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "org.leave",
            record_type: "organisation",
            record_id: org.id.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash("/orgs", "org-left"))
}
