//! People: search, a person's page, granting and revoking roles, disabling an account.
//!
//! Who may do what: any staff member grants and revokes the jury and young-person roles, which
//! are day-to-day programme work. The administrator and staff roles open the back-office itself,
//! so only administrators grant or revoke them, and only administrators disable or re-enable the
//! account of someone who holds one (a staff member could otherwise lock out an administrator).
//! Nobody revokes their own administrator role or disables their own account: there is always
//! someone left to undo a mistake.

use super::audit_log::{self, AuditLine};
use super::{contains, count, label_or_code, page_number, path_id, Organisations, Pager, PER_PAGE};
use crate::users;
use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::ids::UserId;
use essor_domain::org::OrgKind;
use essor_domain::role::Role;
use essor_platform::audit::{self, AuditLog, Entry};
use essor_platform::session::{self, CurrentUser, Memberships, UserRoles, Users};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use sea_query::{Cond, Expr, Func, Order};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Whether `actor` may grant or revoke `role` (see the module documentation).
fn may_manage(actor: &CurrentUser, role: Role) -> bool {
    Role::GRANTABLE.contains(&role)
        && (actor.has(Role::Admin) || matches!(role, Role::Jury | Role::Young))
}

/// Whether `actor` may disable or re-enable an account holding `roles`.
fn may_toggle(actor: &CurrentUser, roles: &BTreeSet<Role>) -> bool {
    actor.has(Role::Admin) || !(roles.contains(&Role::Admin) || roles.contains(&Role::Staff))
}

fn role_label(p: &Ctx, role: Role) -> String {
    p.t(format!("role-{}", role.as_str()))
}

fn person_path(id: UserId) -> String {
    format!("/staff/people/{id}")
}

// ---- Search --------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SearchQuery {
    q: String,
    page: String,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: i64,
    email: String,
    display_name: String,
    email_verified_at: Option<DateTime<Utc>>,
    disabled: bool,
    created_at: DateTime<Utc>,
}

struct PersonLine {
    row: PersonRow,
    /// Translated role names, granted and from memberships.
    roles: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff/people.html")]
struct PeopleTpl<'a> {
    p: &'a Ctx,
    q: &'a str,
    people: Vec<PersonLine>,
    pager: Pager,
}

pub(super) async fn search(p: Ctx, Query(sq): Query<SearchQuery>) -> AppResult<Response> {
    p.require_staff()?;
    let db = p.state.db();
    let term = sq.q.trim();
    let page = page_number(&sq.page);
    let mut q = sea_query::Query::select();
    q.columns([
        Users::Id,
        Users::Email,
        Users::DisplayName,
        Users::EmailVerifiedAt,
        Users::Disabled,
        Users::CreatedAt,
    ])
    .from(Users::Table);
    if !term.is_empty() {
        q.cond_where(
            Cond::any()
                .add(contains(Users::Email, term))
                .add(contains(Users::DisplayName, term)),
        );
    }
    let total = count(db, q.clone()).await?;
    q.order_by_expr(
        Func::lower(Expr::col(Users::DisplayName)).into(),
        Order::Asc,
    )
    .order_by(Users::Id, Order::Asc)
    .limit(PER_PAGE)
    .offset(Pager::offset(page));
    let rows: Vec<PersonRow> = db.fetch_all(&q).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = roles_of_many(db, &ids).await?;
    let people = rows
        .into_iter()
        .map(|row| PersonLine {
            roles: roles
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|r| role_label(&p, r))
                .collect(),
            row,
        })
        .collect();
    let pager = Pager::new(&p, page, total, "/staff/people", &[("q", term)]);
    render(&PeopleTpl {
        p: &p,
        q: term,
        people,
        pager,
    })
}

/// The roles of a page of people in two queries: what `session::roles_of` computes for one.
async fn roles_of_many(
    db: &essor_platform::db::Db,
    ids: &[i64],
) -> anyhow::Result<BTreeMap<i64, BTreeSet<Role>>> {
    let mut out: BTreeMap<i64, BTreeSet<Role>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let granted: Vec<(i64, String)> = db
        .fetch_all(
            sea_query::Query::select()
                .columns([UserRoles::UserId, UserRoles::Role])
                .from(UserRoles::Table)
                .and_where(Expr::col(UserRoles::UserId).is_in(ids.iter().copied())),
        )
        .await?;
    for (user, role) in granted {
        if let Some(r) = Role::parse(&role) {
            out.entry(user).or_default().insert(r);
        }
    }
    let kinds: Vec<(i64, String)> = db
        .fetch_all(
            sea_query::Query::select()
                .column((Memberships::Table, Memberships::UserId))
                .column((Organisations::Table, Organisations::Kind))
                .from(Memberships::Table)
                .inner_join(
                    Organisations::Table,
                    Expr::col((Organisations::Table, Organisations::Id))
                        .equals((Memberships::Table, Memberships::OrgId)),
                )
                .and_where(
                    Expr::col((Memberships::Table, Memberships::UserId)).is_in(ids.iter().copied()),
                ),
        )
        .await?;
    for (user, kind) in kinds {
        if let Some(r) = OrgKind::parse(&kind).and_then(OrgKind::role) {
            out.entry(user).or_default().insert(r);
        }
    }
    Ok(out)
}

// ---- A person's page -----------------------------------------------------------------------

struct GrantedRole {
    role: &'static str,
    label: String,
    granted_at: DateTime<Utc>,
    can_revoke: bool,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    id: i64,
    name: String,
    kind: String,
    role: String,
    verified_at: Option<DateTime<Utc>>,
}

struct OrgLine {
    row: MembershipRow,
    kind_label: String,
    role_label: String,
}

#[derive(Template)]
#[template(path = "staff/person.html")]
struct PersonTpl<'a> {
    p: &'a Ctx,
    person: PersonRow,
    roles: Vec<String>,
    granted: Vec<GrantedRole>,
    /// Roles this staff member may grant and the person does not hold yet: (code, label).
    grantable: Vec<(&'static str, String)>,
    can_toggle: bool,
    is_self: bool,
    orgs: Vec<OrgLine>,
    history: Vec<AuditLine>,
    errors: FormErrors,
}

pub(super) async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_staff()?;
    person_page(&p, UserId(path_id(&id)?), FormErrors::default()).await
}

async fn person_page(p: &Ctx, id: UserId, errors: FormErrors) -> AppResult<Response> {
    let actor = p.require_staff()?;
    let db = p.state.db();
    let person: PersonRow = db
        .fetch_optional(
            sea_query::Query::select()
                .columns([
                    Users::Id,
                    Users::Email,
                    Users::DisplayName,
                    Users::EmailVerifiedAt,
                    Users::Disabled,
                    Users::CreatedAt,
                ])
                .from(Users::Table)
                .and_where(Expr::col(Users::Id).eq(id.0)),
        )
        .await?
        .ok_or(AppError::NotFound)?;
    let all_roles = session::roles_of(db, id).await?;
    let granted_rows: Vec<(String, DateTime<Utc>)> = db
        .fetch_all(
            sea_query::Query::select()
                .columns([UserRoles::Role, UserRoles::GrantedAt])
                .from(UserRoles::Table)
                .and_where(Expr::col(UserRoles::UserId).eq(id.0))
                .order_by(UserRoles::GrantedAt, Order::Asc),
        )
        .await?;
    let is_self = actor.id == id;
    let granted: Vec<GrantedRole> = granted_rows
        .iter()
        .filter_map(|(r, at)| Some((Role::parse(r)?, *at)))
        .map(|(role, granted_at)| GrantedRole {
            role: role.as_str(),
            label: role_label(p, role),
            granted_at,
            can_revoke: may_manage(actor, role) && !(is_self && role == Role::Admin),
        })
        .collect();
    let grantable = Role::GRANTABLE
        .into_iter()
        .filter(|r| may_manage(actor, *r) && !granted.iter().any(|g| g.role == r.as_str()))
        .map(|r| (r.as_str(), role_label(p, r)))
        .collect();
    let memberships: Vec<MembershipRow> = db
        .fetch_all(
            sea_query::Query::select()
                .column((Organisations::Table, Organisations::Id))
                .column((Organisations::Table, Organisations::Name))
                .column((Organisations::Table, Organisations::Kind))
                .column((Memberships::Table, Memberships::Role))
                .column((Organisations::Table, Organisations::VerifiedAt))
                .from(Memberships::Table)
                .inner_join(
                    Organisations::Table,
                    Expr::col((Organisations::Table, Organisations::Id))
                        .equals((Memberships::Table, Memberships::OrgId)),
                )
                .and_where(Expr::col((Memberships::Table, Memberships::UserId)).eq(id.0))
                .order_by((Organisations::Table, Organisations::Name), Order::Asc),
        )
        .await?;
    let orgs = memberships
        .into_iter()
        .map(|row| OrgLine {
            kind_label: OrgKind::parse(&row.kind)
                .map(|k| p.t(k.message_id()))
                .unwrap_or_else(|| row.kind.clone()),
            // Labels of the organisations module's member roles.
            role_label: label_or_code(p, &format!("org-role-{}", row.role), &row.role),
            row,
        })
        .collect();
    let history_rows = db
        .fetch_all(
            sea_query::Query::select()
                .columns(audit_log::COLUMNS)
                .from(AuditLog::Table)
                .and_where(Expr::col(AuditLog::RecordType).eq("user"))
                .and_where(Expr::col(AuditLog::RecordId).eq(id.to_string()))
                .order_by(AuditLog::Seq, Order::Desc)
                .limit(20),
        )
        .await?;
    let history = audit_log::lines(p, history_rows).await?;
    let tpl = PersonTpl {
        p,
        roles: all_roles.iter().map(|r| role_label(p, *r)).collect(),
        can_toggle: !is_self && may_toggle(actor, &all_roles),
        person,
        granted,
        grantable,
        is_self,
        orgs,
        history,
        errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

// ---- Roles ---------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RoleForm {
    role: String,
}

/// The person and role of a grant or revocation, once the actor is known to be allowed.
async fn role_change(p: &Ctx, id: &str, role: &str) -> AppResult<(CurrentUser, UserId, Role)> {
    let actor = p.require_staff()?.clone();
    let target = UserId(path_id(id)?);
    let role = Role::parse(role)
        .filter(|r| Role::GRANTABLE.contains(r))
        .ok_or(AppError::BadRequest)?;
    if !may_manage(&actor, role) {
        return Err(AppError::Forbidden);
    }
    users::by_id(p.state.db(), target)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((actor, target, role))
}

pub(super) async fn grant(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    let (actor, target, role) = role_change(&p, &id, &f.role).await?;
    let mut tx = p.state.db().begin().await?;
    let changed = users::grant_role(&mut tx, target, role).await?;
    if changed {
        audit::record(
            &mut tx,
            Entry {
                actor: Some(actor.id),
                action: "staff.grant_role",
                record_type: "user",
                record_id: target.to_string(),
                summary: json!({ "role": role.as_str() }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &person_path(target),
        if changed {
            "staff-role-granted"
        } else {
            "staff-role-unchanged"
        },
    ))
}

pub(super) async fn revoke(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    let (actor, target, role) = role_change(&p, &id, &f.role).await?;
    if role == Role::Admin && target == actor.id {
        let mut errors = FormErrors::default();
        errors.add("roles", p.t("staff-revoke-own-admin"));
        return person_page(&p, target, errors).await;
    }
    let mut tx = p.state.db().begin().await?;
    let changed = users::revoke_role(&mut tx, target, role).await?;
    if changed {
        audit::record(
            &mut tx,
            Entry {
                actor: Some(actor.id),
                action: "staff.revoke_role",
                record_type: "user",
                record_id: target.to_string(),
                summary: json!({ "role": role.as_str() }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &person_path(target),
        if changed {
            "staff-role-revoked"
        } else {
            "staff-role-unchanged"
        },
    ))
}

// ---- Disabling -----------------------------------------------------------------------------

pub(super) async fn disable(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    set_disabled(&p, &id, true).await
}

pub(super) async fn enable(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    set_disabled(&p, &id, false).await
}

async fn set_disabled(p: &Ctx, id: &str, disabled: bool) -> AppResult<Response> {
    let actor = p.require_staff()?.clone();
    let target = UserId(path_id(id)?);
    let db = p.state.db();
    users::by_id(db, target).await?.ok_or(AppError::NotFound)?;
    if target == actor.id {
        let mut errors = FormErrors::default();
        errors.add("account", p.t("staff-disable-self"));
        return person_page(p, target, errors).await;
    }
    if !may_toggle(&actor, &session::roles_of(db, target).await?) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let changed = tx
        .execute(
            sea_query::Query::update()
                .table(Users::Table)
                .value(Users::Disabled, disabled)
                .and_where(Expr::col(Users::Id).eq(target.0))
                .and_where(Expr::col(Users::Disabled).eq(!disabled)),
        )
        .await?
        > 0;
    if changed {
        audit::record(
            &mut tx,
            Entry {
                actor: Some(actor.id),
                action: if disabled {
                    "staff.disable_user"
                } else {
                    "staff.enable_user"
                },
                record_type: "user",
                record_id: target.to_string(),
                summary: json!({}),
            },
        )
        .await?;
    }
    tx.commit().await?;
    if disabled {
        // Sessions of a disabled account no longer load anyway; this removes them for good.
        session::destroy_others(db, target, None).await?;
    }
    Ok(see_other_flash(
        &person_path(target),
        if disabled {
            "staff-account-disabled"
        } else {
            "staff-account-enabled"
        },
    ))
}
