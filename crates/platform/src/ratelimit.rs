//! Login rate limits, kept in the database so that several app servers share them.

use crate::db::Db;
use chrono::{Duration, Utc};
use sea_query::{Expr, Func, Iden, Query};

#[derive(Iden)]
enum LoginAttempts {
    Table,
    Scope,
    At,
}

pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

pub const PER_ACCOUNT: Limit = Limit {
    max: 5,
    window: Duration::minutes(15),
};
pub const PER_ADDRESS: Limit = Limit {
    max: 20,
    window: Duration::minutes(15),
};

/// Whether `scope` (e.g. `account:x@y` or `ip:1.2.3.4`) has used up its failures.
pub async fn is_blocked(db: &Db, scope: &str, limit: &Limit) -> anyhow::Result<bool> {
    let since = Utc::now() - limit.window;
    let (n,): (i64,) = db
        .fetch_one(
            Query::select()
                .expr(Func::count(Expr::col(LoginAttempts::Scope)))
                .from(LoginAttempts::Table)
                .and_where(Expr::col(LoginAttempts::Scope).eq(scope))
                .and_where(Expr::col(LoginAttempts::At).gt(since)),
        )
        .await?;
    Ok(n >= limit.max)
}

pub async fn record_failure(db: &Db, scope: &str) -> anyhow::Result<()> {
    db.execute(
        Query::insert()
            .into_table(LoginAttempts::Table)
            .columns([LoginAttempts::Scope, LoginAttempts::At])
            .values_panic([scope.into(), Utc::now().into()]),
    )
    .await?;
    Ok(())
}

/// A successful login forgets the account's failures (not the address's).
pub async fn clear(db: &Db, scope: &str) -> anyhow::Result<()> {
    db.execute(
        Query::delete()
            .from_table(LoginAttempts::Table)
            .and_where(Expr::col(LoginAttempts::Scope).eq(scope)),
    )
    .await?;
    Ok(())
}

/// Drops attempts older than any window (run by the housekeeping job).
pub async fn purge(db: &Db) -> anyhow::Result<u64> {
    db.execute(
        Query::delete()
            .from_table(LoginAttempts::Table)
            .and_where(Expr::col(LoginAttempts::At).lt(Utc::now() - Duration::days(1))),
    )
    .await
}
