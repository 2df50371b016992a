//! Queries on people: accounts, their e-mail tokens and granted roles.

use chrono::{DateTime, Duration, Utc};
use essor_domain::email::Email;
use essor_domain::ids::UserId;
use essor_domain::role::Role;
use essor_platform::db::{Db, Tx};
use essor_platform::password;
use essor_platform::session::{UserRoles, Users};
use sea_query::{Expr, Iden, Query};

#[derive(Iden)]
enum EmailTokens {
    Table,
    TokenHash,
    UserId,
    Purpose,
    NewEmail,
    ExpiresAt,
    UsedAt,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub locale: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn id(&self) -> UserId {
        UserId(self.id)
    }
}

const USER_COLUMNS: [Users; 8] = [
    Users::Id,
    Users::Email,
    Users::PasswordHash,
    Users::DisplayName,
    Users::Locale,
    Users::EmailVerifiedAt,
    Users::Disabled,
    Users::CreatedAt,
];

pub async fn by_email(db: &Db, email: &Email) -> anyhow::Result<Option<User>> {
    db.fetch_optional(
        Query::select()
            .columns(USER_COLUMNS)
            .from(Users::Table)
            .and_where(Expr::col(Users::Email).eq(email.as_str())),
    )
    .await
}

pub async fn by_id(db: &Db, id: UserId) -> anyhow::Result<Option<User>> {
    db.fetch_optional(
        Query::select()
            .columns(USER_COLUMNS)
            .from(Users::Table)
            .and_where(Expr::col(Users::Id).eq(id.0)),
    )
    .await
}

/// Creates an account; `Ok(None)` when the e-mail is already taken.
pub async fn create(
    tx: &mut Tx,
    email: &Email,
    display_name: &str,
    password_hash: &str,
    locale: &str,
    verified: bool,
) -> anyhow::Result<Option<UserId>> {
    let now = Utc::now();
    let mut q = Query::insert();
    q.into_table(Users::Table)
        .columns([
            Users::Email,
            Users::PasswordHash,
            Users::DisplayName,
            Users::Locale,
            Users::EmailVerifiedAt,
            Users::CreatedAt,
        ])
        .values_panic([
            email.as_str().into(),
            password_hash.into(),
            display_name.into(),
            locale.into(),
            verified.then_some(now).into(),
            now.into(),
        ])
        .on_conflict(
            sea_query::OnConflict::column(Users::Email)
                .do_nothing()
                .to_owned(),
        )
        .returning_col(Users::Id);
    let id: Option<(i64,)> = tx.fetch_optional(&q).await?;
    Ok(id.map(|(id,)| UserId(id)))
}

pub async fn set_password(tx: &mut Tx, user: UserId, hash: &str) -> anyhow::Result<()> {
    tx.execute(
        Query::update()
            .table(Users::Table)
            .value(Users::PasswordHash, hash)
            .and_where(Expr::col(Users::Id).eq(user.0)),
    )
    .await?;
    Ok(())
}

pub async fn set_email(tx: &mut Tx, user: UserId, email: &str) -> anyhow::Result<()> {
    tx.execute(
        Query::update()
            .table(Users::Table)
            .value(Users::Email, email)
            .value(Users::EmailVerifiedAt, Utc::now())
            .and_where(Expr::col(Users::Id).eq(user.0)),
    )
    .await?;
    Ok(())
}

pub async fn mark_verified(tx: &mut Tx, user: UserId) -> anyhow::Result<()> {
    tx.execute(
        Query::update()
            .table(Users::Table)
            .value(Users::EmailVerifiedAt, Utc::now())
            .and_where(Expr::col(Users::Id).eq(user.0))
            .and_where(Expr::col(Users::EmailVerifiedAt).is_null()),
    )
    .await?;
    Ok(())
}

pub async fn grant_role(tx: &mut Tx, user: UserId, role: Role) -> anyhow::Result<bool> {
    let n = tx
        .execute(
            Query::insert()
                .into_table(UserRoles::Table)
                .columns([UserRoles::UserId, UserRoles::Role, UserRoles::GrantedAt])
                .values_panic([user.0.into(), role.as_str().into(), Utc::now().into()])
                .on_conflict(
                    sea_query::OnConflict::columns([UserRoles::UserId, UserRoles::Role])
                        .do_nothing()
                        .to_owned(),
                ),
        )
        .await?;
    Ok(n > 0)
}

pub async fn revoke_role(tx: &mut Tx, user: UserId, role: Role) -> anyhow::Result<bool> {
    let n = tx
        .execute(
            Query::delete()
                .from_table(UserRoles::Table)
                .and_where(Expr::col(UserRoles::UserId).eq(user.0))
                .and_where(Expr::col(UserRoles::Role).eq(role.as_str())),
        )
        .await?;
    Ok(n > 0)
}

/// What an e-mailed link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Reset,
    EmailChange,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
            Purpose::EmailChange => "email_change",
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            Purpose::Reset => Duration::hours(1),
            Purpose::Verify | Purpose::EmailChange => Duration::hours(48),
        }
    }
}

/// Issues a single-use link token; only its hash is stored.
pub async fn issue_token(
    tx: &mut Tx,
    user: UserId,
    purpose: Purpose,
    new_email: Option<&str>,
) -> anyhow::Result<String> {
    let (token, hash) = password::new_token();
    tx.execute(
        Query::insert()
            .into_table(EmailTokens::Table)
            .columns([
                EmailTokens::TokenHash,
                EmailTokens::UserId,
                EmailTokens::Purpose,
                EmailTokens::NewEmail,
                EmailTokens::ExpiresAt,
            ])
            .values_panic([
                hash.into(),
                user.0.into(),
                purpose.as_str().into(),
                new_email.map(str::to_owned).into(),
                (Utc::now() + purpose.lifetime()).into(),
            ]),
    )
    .await?;
    Ok(token)
}

/// Uses up a live token of this purpose; returns its user and, for a change of e-mail, the new
/// address. An unknown, used or expired token gives `None`.
pub async fn consume_token(
    tx: &mut Tx,
    token: &str,
    purpose: Purpose,
) -> anyhow::Result<Option<(UserId, Option<String>)>> {
    let hash = password::token_hash(token);
    let row: Option<(i64, Option<String>)> = tx
        .fetch_optional(
            Query::update()
                .table(EmailTokens::Table)
                .value(EmailTokens::UsedAt, Utc::now())
                .and_where(Expr::col(EmailTokens::TokenHash).eq(hash))
                .and_where(Expr::col(EmailTokens::Purpose).eq(purpose.as_str()))
                .and_where(Expr::col(EmailTokens::UsedAt).is_null())
                .and_where(Expr::col(EmailTokens::ExpiresAt).gt(Utc::now()))
                .returning(
                    Query::returning().columns([EmailTokens::UserId, EmailTokens::NewEmail]),
                ),
        )
        .await?;
    Ok(row.map(|(u, e)| (UserId(u), e)))
}

/// Whether a token is live, without using it (to show the reset form only for a good link).
pub async fn token_is_live(db: &Db, token: &str, purpose: Purpose) -> anyhow::Result<bool> {
    let hash = password::token_hash(token);
    let row: Option<(i64,)> = db
        .fetch_optional(
            Query::select()
                .column(EmailTokens::UserId)
                .from(EmailTokens::Table)
                .and_where(Expr::col(EmailTokens::TokenHash).eq(hash))
                .and_where(Expr::col(EmailTokens::Purpose).eq(purpose.as_str()))
                .and_where(Expr::col(EmailTokens::UsedAt).is_null())
                .and_where(Expr::col(EmailTokens::ExpiresAt).gt(Utc::now())),
        )
        .await?;
    Ok(row.is_some())
}
