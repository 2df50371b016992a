//! Server-side sessions in the database (so several app servers share them) and the signed-in
//! person they carry.

use crate::db::Db;
use crate::password::{new_token, token_hash};
use chrono::{DateTime, Duration, Utc};
use essor_domain::ids::UserId;
use essor_domain::org::OrgKind;
use essor_domain::role::Role;
use sea_query::{Expr, Iden, Query};
use std::collections::BTreeSet;

pub const COOKIE: &str = "essor_session";
pub const LIFETIME_DAYS: i64 = 14;

#[derive(Iden)]
pub enum Sessions {
    Table,
    IdHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(Iden)]
pub enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    Locale,
    EmailVerifiedAt,
    Disabled,
    CreatedAt,
}

#[derive(Iden)]
pub enum UserRoles {
    Table,
    UserId,
    Role,
    GrantedAt,
}

#[derive(Iden)]
pub enum Memberships {
    Table,
    OrgId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(Iden)]
pub enum Organisations {
    Table,
    Id,
    Kind,
}

/// The signed-in person, with every role they hold.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub email_verified: bool,
    pub roles: BTreeSet<Role>,
    /// Hash of the session id, to end this session at logout.
    pub session_hash: String,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Department staff and administrators see the back-office.
    pub fn is_staff(&self) -> bool {
        self.has(Role::Staff) || self.has(Role::Admin)
    }
}

/// Opens a session for `user`; returns the cookie value.
pub async fn create(db: &Db, user: UserId) -> anyhow::Result<String> {
    let (token, hash) = new_token();
    let now = Utc::now();
    db.execute(
        Query::insert()
            .into_table(Sessions::Table)
            .columns([
                Sessions::IdHash,
                Sessions::UserId,
                Sessions::CreatedAt,
                Sessions::ExpiresAt,
            ])
            .values_panic([
                hash.into(),
                user.0.into(),
                now.into(),
                (now + Duration::days(LIFETIME_DAYS)).into(),
            ]),
    )
    .await?;
    Ok(token)
}

pub async fn destroy(db: &Db, session_hash: &str) -> anyhow::Result<()> {
    db.execute(
        Query::delete()
            .from_table(Sessions::Table)
            .and_where(Expr::col(Sessions::IdHash).eq(session_hash)),
    )
    .await?;
    Ok(())
}

/// Ends every session of a person but one (after a password change), or all (`keep = None`).
pub async fn destroy_others(db: &Db, user: UserId, keep: Option<&str>) -> anyhow::Result<()> {
    let mut q = Query::delete();
    q.from_table(Sessions::Table)
        .and_where(Expr::col(Sessions::UserId).eq(user.0));
    if let Some(k) = keep {
        q.and_where(Expr::col(Sessions::IdHash).ne(k));
    }
    db.execute(&q).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SessionUser {
    id: i64,
    email: String,
    display_name: String,
    locale: String,
    email_verified_at: Option<DateTime<Utc>>,
}

/// The person behind a session cookie, if the session is live and the account enabled.
pub async fn load(db: &Db, cookie_value: &str) -> anyhow::Result<Option<CurrentUser>> {
    let hash = token_hash(cookie_value);
    let row: Option<SessionUser> = db
        .fetch_optional(
            Query::select()
                .columns([
                    (Users::Table, Users::Id),
                    (Users::Table, Users::Email),
                    (Users::Table, Users::DisplayName),
                    (Users::Table, Users::Locale),
                    (Users::Table, Users::EmailVerifiedAt),
                ])
                .from(Sessions::Table)
                .inner_join(
                    Users::Table,
                    Expr::col((Users::Table, Users::Id))
                        .equals((Sessions::Table, Sessions::UserId)),
                )
                .and_where(Expr::col((Sessions::Table, Sessions::IdHash)).eq(hash.as_str()))
                .and_where(Expr::col((Sessions::Table, Sessions::ExpiresAt)).gt(Utc::now()))
                .and_where(Expr::col((Users::Table, Users::Disabled)).eq(false)),
        )
        .await?;
    let Some(u) = row else { return Ok(None) };
    let roles = roles_of(db, UserId(u.id)).await?;
    Ok(Some(CurrentUser {
        id: UserId(u.id),
        email: u.email,
        display_name: u.display_name,
        locale: u.locale,
        email_verified: u.email_verified_at.is_some(),
        roles,
        session_hash: hash,
    }))
}

/// Granted roles plus those that follow from membership of organisations.
pub async fn roles_of(db: &Db, user: UserId) -> anyhow::Result<BTreeSet<Role>> {
    let granted: Vec<(String,)> = db
        .fetch_all(
            Query::select()
                .column(UserRoles::Role)
                .from(UserRoles::Table)
                .and_where(Expr::col(UserRoles::UserId).eq(user.0)),
        )
        .await?;
    let kinds: Vec<(String,)> = db
        .fetch_all(
            Query::select()
                .column((Organisations::Table, Organisations::Kind))
                .from(Memberships::Table)
                .inner_join(
                    Organisations::Table,
                    Expr::col((Organisations::Table, Organisations::Id))
                        .equals((Memberships::Table, Memberships::OrgId)),
                )
                .and_where(Expr::col((Memberships::Table, Memberships::UserId)).eq(user.0)),
        )
        .await?;
    let mut roles: BTreeSet<Role> = granted.iter().filter_map(|(r,)| Role::parse(r)).collect();
    roles.extend(kinds.iter().filter_map(|(k,)| OrgKind::parse(k)?.role()));
    Ok(roles)
}

/// Removes expired sessions (housekeeping).
pub async fn purge(db: &Db) -> anyhow::Result<u64> {
    db.execute(
        Query::delete()
            .from_table(Sessions::Table)
            .and_where(Expr::col(Sessions::ExpiresAt).lt(Utc::now())),
    )
    .await
}

pub async fn set_locale(db: &Db, user: UserId, locale: crate::i18n::Locale) -> anyhow::Result<()> {
    db.execute(
        Query::update()
            .table(Users::Table)
            .value(Users::Locale, locale.as_str())
            .and_where(Expr::col(Users::Id).eq(user.0)),
    )
    .await?;
    Ok(())
}
