//! The pool of reviewers of a call: invitations by e-mail (outside people included: the link
//! lets them sign in or create an account, then accepting grants the `jury` role and activates
//! them), expertise tags and loads, removal, links to organisations that staff record (a file of
//! a linked organisation is a conflict of interest), and each reviewer's progress.

use crate::model::{self, parse_id, raw, v, Reviewer, ReviewerState};
use crate::staff::{clean, int_in, staff_call, Fields, FormPairs};
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{Duration, Utc};
use essor_calls::model::{call_by_id, Call};
use essor_domain::email::Email;
use essor_domain::ids::{CallId, UserId};
use essor_domain::role::Role;
use essor_platform::audit::{self, Entry};
use essor_platform::db::is_unique_violation;
use essor_platform::i18n::{Locale, Tr};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::{emails, password, AppState};
use serde_json::json;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls/{id}/jury/reviewers", get(list).post(invite))
        .route("/staff/calls/{id}/jury/reviewers/{rev}", post(update))
        .route(
            "/staff/calls/{id}/jury/reviewers/{rev}/remove",
            post(remove),
        )
        .route(
            "/staff/calls/{id}/jury/reviewers/{rev}/links",
            post(add_link),
        )
        .route(
            "/staff/calls/{id}/jury/reviewers/{rev}/links/{link}/delete",
            post(delete_link),
        )
        .route("/jury/invitations/{token}", get(invitation).post(accept))
}

/// How long an invitation link stays valid (the e-mail says so too).
pub const INVITATION_DAYS: i64 = 21;

/// One line of the pool table.
struct Line {
    r: Reviewer,
    assigned: usize,
    submitted: usize,
    conflicts: usize,
    links: Vec<model::Link>,
    load_warning: bool,
}

#[derive(Default)]
struct InviteForm {
    email: String,
    name: String,
    expertise: String,
    min_load: String,
    max_load: String,
}

#[derive(Template)]
#[template(path = "jury/reviewers/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    call: Call,
    tab: &'static str,
    lines: Vec<Line>,
    orgs: Vec<(i64, String)>,
    errors: FormErrors,
    form: InviteForm,
}

async fn list_page(
    p: &Ctx,
    call: Call,
    form: Option<InviteForm>,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let settings = model::settings(db, call.id).await?;
    let reviewers = model::reviewers(db, call.id).await?;
    let assignments = model::assignments(db, call.id).await?;
    let conflicts = model::conflicts(db, call.id).await?;
    let links = model::links(db, call.id).await?;
    let files = model::jury_files(db, call.id).await?;
    let mut orgs: Vec<(i64, String)> = files
        .iter()
        .map(|f| (f.org_id, f.org_name.clone()))
        .collect();
    orgs.sort_by(|a, b| a.1.cmp(&b.1));
    orgs.dedup();
    let lines = reviewers
        .into_iter()
        .map(|r| {
            let mine: Vec<_> = assignments
                .iter()
                .filter(|a| a.reviewer_id == r.id)
                .collect();
            let assigned = mine.len();
            Line {
                assigned,
                submitted: mine.iter().filter(|a| a.is_submitted()).count(),
                conflicts: conflicts.keys().filter(|(_, rr)| *rr == r.id).count(),
                links: links
                    .iter()
                    .filter(|l| l.reviewer_id == r.id)
                    .cloned()
                    .collect(),
                load_warning: r.is_in_pool()
                    && !assignments.is_empty()
                    && ((assigned as i64) < r.min_load || (assigned as i64) > r.max_load),
                r,
            }
        })
        .collect();
    let invalid = !errors.is_empty();
    let t = ListTpl {
        p,
        tab: "reviewers",
        call,
        lines,
        orgs,
        errors,
        form: form.unwrap_or(InviteForm {
            min_load: settings.default_min_load.to_string(),
            max_load: settings.default_max_load.to_string(),
            ..Default::default()
        }),
    };
    if invalid {
        render_invalid(&t)
    } else {
        render(&t)
    }
}

async fn list(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    list_page(&p, call, None, FormErrors::default()).await
}

/// Expertise tags and loads, shared by the invitation and the edit forms.
fn parse_profile(
    p: &Ctx,
    f: &Fields,
    prefix: &str,
    errors: &mut FormErrors,
) -> Option<(String, i64, i64)> {
    let tags = model::split_tags(&clean(f.get(&format!("{prefix}expertise"))));
    let expertise = tags.join(", ");
    if expertise.chars().count() > 500 {
        errors.add(&format!("{prefix}expertise"), p.t("jury-error-too-long"));
    }
    let min = int_in(f.get(&format!("{prefix}min_load")), 0, 500)
        .map_err(|e| errors.add(&format!("{prefix}min_load"), p.t(e)))
        .ok();
    let max = int_in(f.get(&format!("{prefix}max_load")), 0, 500)
        .map_err(|e| errors.add(&format!("{prefix}max_load"), p.t(e)))
        .ok();
    match (min, max) {
        (Some(a), Some(b)) if a > b => {
            errors.add(
                &format!("{prefix}min_load"),
                p.t("jury-error-min-above-max"),
            );
            None
        }
        (Some(a), Some(b)) if errors.is_empty() => Some((expertise, a, b)),
        _ => None,
    }
}

fn link(p: &Ctx, path: &str) -> String {
    format!("{}{path}", p.state.config().base_url())
}

async fn invite(p: Ctx, Path(id): Path<String>, Form(f): FormPairs) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let f = Fields(f);
    let form = InviteForm {
        email: f.get("email").to_owned(),
        name: f.get("name").to_owned(),
        expertise: f.get("expertise").to_owned(),
        min_load: f.get("min_load").to_owned(),
        max_load: f.get("max_load").to_owned(),
    };
    let mut errors = FormErrors::default();
    let email = match Email::parse(&form.email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.add("email", p.t(e.code()));
            None
        }
    };
    let name = clean(&form.name);
    if name.is_empty() {
        errors.add("name", p.t("jury-error-required"));
    } else if name.chars().count() > 150 {
        errors.add("name", p.t("jury-error-too-long"));
    }
    let profile = parse_profile(&p, &f, "", &mut errors);
    let db = p.state.db();
    // A removed reviewer can be invited again: same record, back to `invited`.
    let mut removed = None;
    if let Some(e) = &email {
        let existing = model::reviewers(db, call.id)
            .await?
            .into_iter()
            .find(|r| r.email.eq_ignore_ascii_case(e.as_str()));
        match existing {
            Some(r) if r.state() == ReviewerState::Removed => removed = Some(r),
            Some(_) => errors.add("email", p.t("jury-error-already-reviewer")),
            None => {}
        }
    }
    let (Some(email), Some((expertise, min, max)), true) = (email, profile, errors.is_empty())
    else {
        return list_page(&p, call, Some(form), errors).await;
    };
    let invitee = essor_accounts::users::by_email(db, &email).await?;
    let t = match &invitee {
        Some(u) => Tr::new(p.state.i18n(), Locale::parse(&u.locale).unwrap_or_default()),
        None => p.t.clone(),
    };
    let (token, hash) = password::new_token();
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let rid = if let Some(r) = &removed {
        tx.execute(&raw(
            "UPDATE jury_reviewers SET name = $2, expertise = $3, min_load = $4, max_load = $5, \
             token_hash = $6, token_expires_at = $7, invited_by = $8, invited_at = $9, user_id = NULL, \
             accepted_at = NULL WHERE id = $1",
            vec![
                v(r.id),
                v(name.clone()),
                v(expertise.clone()),
                v(min),
                v(max),
                v(hash.clone()),
                v(now + Duration::days(INVITATION_DAYS)),
                v(user.id.0),
                v(now),
            ],
        ))
        .await?;
        if !model::transition_reviewer(&mut tx, r, "reinvite", Some(user.id)).await? {
            tx.rollback().await?;
            let mut errors = FormErrors::default();
            errors.add("email", p.t("jury-error-already-reviewer"));
            return list_page(&p, call, Some(form), errors).await;
        }
        r.id
    } else {
        let inserted: anyhow::Result<(i64,)> = tx
        .fetch_one(&raw(
            "INSERT INTO jury_reviewers (call_id, email, name, expertise, min_load, max_load, state, \
             token_hash, token_expires_at, invited_by, invited_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'invited', $7, $8, $9, $10, $10) RETURNING id",
            vec![
                v(call.id),
                v(email.as_str().to_lowercase()),
                v(name.clone()),
                v(expertise),
                v(min),
                v(max),
                v(hash),
                v(now + Duration::days(INVITATION_DAYS)),
                v(user.id.0),
                v(now),
            ],
        ))
        .await;
        match inserted {
            Ok((rid,)) => rid,
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                let mut errors = FormErrors::default();
                errors.add("email", p.t("jury-error-already-reviewer"));
                return list_page(&p, call, Some(form), errors).await;
            }
            Err(e) => return Err(e.into()),
        }
    };
    emails::queue(
        &mut tx,
        &t,
        p.territory_name(),
        email.as_str(),
        "jury-invitation",
        &link(&p, &format!("/jury/invitations/{token}")),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.invite",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "reviewer": rid, "email": email.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/reviewers", call.id),
        "jury-flash-invited",
    ))
}

async fn load(p: &Ctx, call: &Call, rev: &str) -> AppResult<Reviewer> {
    let rid = parse_id(rev).ok_or(AppError::NotFound)?;
    model::reviewer(p.state.db(), call.id, rid)
        .await?
        .ok_or(AppError::NotFound)
}

async fn update(
    p: Ctx,
    Path((id, rev)): Path<(String, String)>,
    Form(f): FormPairs,
) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let r = load(&p, &call, &rev).await?;
    let f = Fields(f);
    let mut errors = FormErrors::default();
    let prefix = format!("r{}_", r.id);
    let Some((expertise, min, max)) = parse_profile(&p, &f, &prefix, &mut errors) else {
        return list_page(&p, call, None, errors).await;
    };
    let mut tx = p.state.db().begin().await?;
    tx.execute(&raw(
        "UPDATE jury_reviewers SET expertise = $2, min_load = $3, max_load = $4, updated_at = $5 \
         WHERE id = $1",
        vec![v(r.id), v(expertise.clone()), v(min), v(max), v(Utc::now())],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.reviewer_update",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "reviewer": r.id, "expertise": expertise, "min_load": min, "max_load": max }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/reviewers#r{}", call.id, r.id),
        "jury-flash-reviewer-saved",
    ))
}

/// Removes a reviewer from the pool: their untouched reviews go, those with scores stay (the
/// scores already given remain part of the record).
async fn remove(p: Ctx, Path((id, rev)): Path<(String, String)>) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let r = load(&p, &call, &rev).await?;
    let mut tx = p.state.db().begin().await?;
    if !model::transition_reviewer(&mut tx, &r, "remove", Some(user.id)).await? {
        tx.rollback().await?;
        let mut e = FormErrors::default();
        e.add(
            &format!("r{}_expertise", r.id),
            p.t("jury-error-already-removed"),
        );
        return list_page(&p, call, None, e).await;
    }
    tx.execute(&raw(
        "UPDATE jury_reviewers SET token_hash = NULL WHERE id = $1",
        vec![v(r.id)],
    ))
    .await?;
    let untouched: Vec<(i64,)> = tx
        .fetch_all(&raw(
            "SELECT id FROM jury_assignments WHERE reviewer_id = $1",
            vec![v(r.id)],
        ))
        .await?;
    for (a,) in untouched {
        model::delete_untouched_assignment(&mut tx, call.id, a).await?;
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.reviewer_remove",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "reviewer": r.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/reviewers", call.id),
        "jury-flash-reviewer-removed",
    ))
}

async fn add_link(
    p: Ctx,
    Path((id, rev)): Path<(String, String)>,
    Form(f): FormPairs,
) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let r = load(&p, &call, &rev).await?;
    let f = Fields(f);
    let field = format!("r{}_org", r.id);
    let org = parse_id(f.get("org"));
    let note = clean(f.get("note"));
    let known = match org {
        Some(o) => essor_platform::orgs::by_id(p.state.db(), essor_domain::ids::OrgId(o))
            .await?
            .is_some(),
        None => false,
    };
    let mut errors = FormErrors::default();
    if !known {
        errors.add(&field, p.t("jury-error-choose-org"));
    } else if note.chars().count() > 300 {
        errors.add(&field, p.t("jury-error-too-long"));
    }
    let (Some(org), true) = (org, errors.is_empty()) else {
        return list_page(&p, call, None, errors).await;
    };
    let mut tx = p.state.db().begin().await?;
    let res = tx
        .execute(&raw(
            "INSERT INTO jury_links (reviewer_id, org_id, note, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
            vec![
                v(r.id),
                v(org),
                v(note.clone()),
                v(user.id.0),
                v(Utc::now()),
            ],
        ))
        .await;
    match res {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            return Ok(see_other_flash(
                &format!("/staff/calls/{}/jury/reviewers#r{}", call.id, r.id),
                "jury-flash-link-saved",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.link_add",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "reviewer": r.id, "organisation": org }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/reviewers#r{}", call.id, r.id),
        "jury-flash-link-saved",
    ))
}

async fn delete_link(
    p: Ctx,
    Path((id, rev, link_id)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let r = load(&p, &call, &rev).await?;
    let lid = parse_id(&link_id).ok_or(AppError::NotFound)?;
    let mut tx = p.state.db().begin().await?;
    let n = tx
        .execute(&raw(
            "DELETE FROM jury_links WHERE id = $1 AND reviewer_id = $2",
            vec![v(lid), v(r.id)],
        ))
        .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.link_delete",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "reviewer": r.id, "link": lid }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury/reviewers#r{}", call.id, r.id),
        "jury-flash-link-deleted",
    ))
}

// ---- Accepting an invitation ---------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InvitationState {
    Invalid,
    SignIn,
    WrongAccount,
    Ready,
}

#[derive(Template)]
#[template(path = "jury/reviewers/invitation.html")]
struct InvitationTpl<'a> {
    p: &'a Ctx,
    state: InvitationState,
    token: &'a str,
    email: String,
    call_title: String,
}

impl InvitationTpl<'_> {
    fn is(&self, s: &str) -> bool {
        let want = match s {
            "invalid" => InvitationState::Invalid,
            "sign_in" => InvitationState::SignIn,
            "wrong_account" => InvitationState::WrongAccount,
            _ => InvitationState::Ready,
        };
        self.state == want
    }

    fn login_link(&self) -> String {
        format!(
            "/login?next={}",
            essor_platform::web::urlencode(&format!("/jury/invitations/{}", self.token))
        )
    }
}

async fn resolve(p: &Ctx, token: &str) -> AppResult<(InvitationState, Option<(Reviewer, Call)>)> {
    let db = p.state.db();
    let Some(r) = model::reviewer_by_token(db, &password::token_hash(token)).await? else {
        return Ok((InvitationState::Invalid, None));
    };
    let Some(call) = call_by_id(db, CallId(r.call_id)).await? else {
        return Ok((InvitationState::Invalid, None));
    };
    let state = match &p.user {
        None => InvitationState::SignIn,
        Some(u) if !u.email.eq_ignore_ascii_case(&r.email) => InvitationState::WrongAccount,
        Some(_) => InvitationState::Ready,
    };
    Ok((state, Some((r, call))))
}

fn invitation_page(
    p: &Ctx,
    token: &str,
    state: InvitationState,
    found: Option<(Reviewer, Call)>,
) -> AppResult<Response> {
    let status = match state {
        InvitationState::Invalid => StatusCode::NOT_FOUND,
        _ => StatusCode::OK,
    };
    let (email, call_title) = found.map(|(r, c)| (r.email, c.title)).unwrap_or_default();
    let mut res = render(&InvitationTpl {
        p,
        state,
        token,
        email,
        call_title,
    })?;
    *res.status_mut() = status;
    Ok(res)
}

/// The link opens a page with a button: a mail filter that fetches links accepts nothing.
async fn invitation(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (state, found) = resolve(&p, &token).await?;
    invitation_page(&p, &token, state, found)
}

async fn accept(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (state, found) = resolve(&p, &token).await?;
    let (InvitationState::Ready, Some((r, call))) = (state, &found) else {
        if state == InvitationState::SignIn {
            p.require_user()?;
        }
        let mut res = invitation_page(&p, &token, state, found)?;
        if state == InvitationState::WrongAccount {
            *res.status_mut() = StatusCode::FORBIDDEN;
        }
        return Ok(res);
    };
    let user = p.require_user()?.clone();
    let mut tx = p.state.db().begin().await?;
    // Guarded by the token and the state: two clicks accept once.
    let n = tx
        .execute(&raw(
            "UPDATE jury_reviewers SET user_id = $2, accepted_at = $3, token_hash = NULL \
             WHERE id = $1 AND state = 'invited' AND token_hash = $4",
            vec![
                v(r.id),
                v(user.id.0),
                v(Utc::now()),
                v(password::token_hash(&token)),
            ],
        ))
        .await?;
    if n == 0 || !model::transition_reviewer(&mut tx, r, "accept", Some(user.id)).await? {
        tx.rollback().await?;
        return invitation_page(&p, &token, InvitationState::Invalid, None);
    }
    essor_accounts::users::grant_role(&mut tx, UserId(user.id.0), Role::Jury).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.invitation_accept",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "reviewer": r.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash("/jury", "jury-flash-welcome"))
}

/// Assigned and submitted reviews per reviewer (for the dashboard of staff).
pub fn loads(assignments: &[model::Assignment]) -> HashMap<i64, (usize, usize)> {
    let mut m: HashMap<i64, (usize, usize)> = HashMap::new();
    for a in assignments {
        let e = m.entry(a.reviewer_id).or_default();
        e.0 += 1;
        if a.is_submitted() {
            e.1 += 1;
        }
    }
    m
}

pub fn is_active(r: &Reviewer) -> bool {
    r.state() == ReviewerState::Active
}
