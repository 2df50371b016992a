//! The one database layer: SQLite (embedded default) or PostgreSQL, behind the same calls.
//!
//! Queries are built with sea-query and bound with sea-query-binder, so the same query runs on
//! both engines. Rows decode into any `sqlx::FromRow` type whose fields exist on both
//! (`i64`, `String`, `bool`, `DateTime<Utc>`, `NaiveDate`, `Option<_>`).
//! Dialect-specific SQL lives only in [`dialect`].

use anyhow::{bail, Context};
use sea_query::{
    DeleteStatement, InsertStatement, PostgresQueryBuilder, SelectStatement, SqliteQueryBuilder,
    UpdateStatement,
};
use sea_query_binder::{SqlxBinder, SqlxValues};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{FromRow, PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            let scheme = url.split(':').next().unwrap_or(url);
            bail!("unsupported database `{scheme}`: ESSOR_DATABASE_URL must start with sqlite:// or postgres://")
        }
    }
}

/// A row type readable from both engines.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// A statement sea-query can build for either engine.
pub trait Statement {
    fn build(&self, backend: Backend) -> (String, SqlxValues);
}

macro_rules! impl_statement {
    ($($t:ty),*) => {$(
        impl Statement for $t {
            fn build(&self, backend: Backend) -> (String, SqlxValues) {
                match backend {
                    Backend::Sqlite => self.build_sqlx(SqliteQueryBuilder),
                    Backend::Postgres => self.build_sqlx(PostgresQueryBuilder),
                }
            }
        }
    )*};
}
impl_statement!(
    SelectStatement,
    InsertStatement,
    UpdateStatement,
    DeleteStatement
);

/// Raw SQL with `$1`-style placeholders rewritten for SQLite: only for the few statements
/// sea-query cannot express (see [`dialect`]).
pub struct Raw(pub String, pub SqlxValues);

impl Statement for Raw {
    fn build(&self, backend: Backend) -> (String, SqlxValues) {
        let sql = match backend {
            Backend::Postgres => self.0.clone(),
            // SQLite accepts `?NNN` numbered parameters.
            Backend::Sqlite => self.0.replace('$', "?"),
        };
        (sql, self.1.clone())
    }
}

#[derive(Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects; for SQLite, creates the file (and its folder) when missing.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        match Backend::from_url(url)? {
            Backend::Sqlite => {
                let opts = SqliteConnectOptions::from_str(url)
                    .with_context(|| format!("invalid SQLite address {url}"))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                if let Some(parent) = std::path::Path::new(opts.get_filename()).parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent).with_context(|| {
                            format!("creating the database folder {}", parent.display())
                        })?;
                    }
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(opts)
                    .await
                    .context("opening the SQLite database")?;
                Ok(Db::Sqlite(pool))
            }
            Backend::Postgres => {
                let opts = PgConnectOptions::from_str(url).context("invalid PostgreSQL address")?;
                Self::connect_pg(opts).await
            }
        }
    }

    pub async fn connect_pg(opts: PgConnectOptions) -> anyhow::Result<Db> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await
            .context("connecting to PostgreSQL")?;
        Ok(Db::Postgres(pool))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(p) => SQLITE_MIGRATOR.run(p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATOR.run(p).await?,
        }
        Ok(())
    }

    /// Starts a transaction. SQLite transactions take the write lock at once (`BEGIN IMMEDIATE`)
    /// so that a read-then-write never fails half-way on a busy database.
    pub async fn begin(&self) -> anyhow::Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    pub async fn ping(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ())?,
            Db::Postgres(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ())?,
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

impl Tx {
    /// Ends the transaction without its changes (dropping it does too, lazily).
    pub async fn rollback(self) -> anyhow::Result<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    pub async fn commit(self) -> anyhow::Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// What a statement runs on: a pool or an open transaction, of either engine.
enum Conn<'a> {
    SqlitePool(&'a SqlitePool),
    PgPool(&'a PgPool),
    SqliteTx(&'a mut sqlx::SqliteConnection),
    PgTx(&'a mut sqlx::PgConnection),
}

// The same sqlx call on each engine and kind of connection (the types differ, the code does not).
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            Conn::SqlitePool($c) => $body,
            Conn::PgPool($c) => $body,
            Conn::SqliteTx($c) => $body,
            Conn::PgTx($c) => $body,
        }
    };
}

impl Conn<'_> {
    fn backend(&self) -> Backend {
        match self {
            Conn::SqlitePool(_) | Conn::SqliteTx(_) => Backend::Sqlite,
            Conn::PgPool(_) | Conn::PgTx(_) => Backend::Postgres,
        }
    }

    async fn fetch_all<T: Row>(self, q: &impl Statement) -> anyhow::Result<Vec<T>> {
        let (sql, values) = q.build(self.backend());
        on_conn!(self, |c| sqlx::query_as_with(&sql, values)
            .fetch_all(c)
            .await)
        .with_context(|| format!("query failed: {sql}"))
    }

    async fn fetch_optional<T: Row>(self, q: &impl Statement) -> anyhow::Result<Option<T>> {
        let (sql, values) = q.build(self.backend());
        on_conn!(self, |c| sqlx::query_as_with(&sql, values)
            .fetch_optional(c)
            .await)
        .with_context(|| format!("query failed: {sql}"))
    }

    async fn execute(self, q: &impl Statement) -> anyhow::Result<u64> {
        let (sql, values) = q.build(self.backend());
        on_conn!(self, |c| sqlx::query_with(&sql, values)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))
        .with_context(|| format!("statement failed: {sql}"))
    }
}

// The same calls on a pool (`&self`) and on a transaction (`&mut self`).
macro_rules! exec_methods {
    ($ty:ty, [$($r:tt)*] $s:ident) => {
        impl $ty {
            pub async fn fetch_all<T: Row>($($r)* $s, q: &impl Statement) -> anyhow::Result<Vec<T>> {
                $s.conn().fetch_all(q).await
            }

            pub async fn fetch_optional<T: Row>($($r)* $s, q: &impl Statement) -> anyhow::Result<Option<T>> {
                $s.conn().fetch_optional(q).await
            }

            /// One row, or an error: for queries that must find their row.
            pub async fn fetch_one<T: Row>($($r)* $s, q: &impl Statement) -> anyhow::Result<T> {
                $s.conn()
                    .fetch_optional(q)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("expected one row, found none"))
            }

            /// Runs a statement; returns the number of rows it touched.
            pub async fn execute($($r)* $s, q: &impl Statement) -> anyhow::Result<u64> {
                $s.conn().execute(q).await
            }

            /// Inserts one row and returns its `id` (both engines support `RETURNING`).
            pub async fn insert_id($($r)* $s, mut q: InsertStatement) -> anyhow::Result<i64> {
                q.returning_col(sea_query::Alias::new("id"));
                let (id,): (i64,) = $s.fetch_one(&q).await?;
                Ok(id)
            }
        }
    };
}

impl Db {
    fn conn(&self) -> Conn<'_> {
        match self {
            Db::Sqlite(p) => Conn::SqlitePool(p),
            Db::Postgres(p) => Conn::PgPool(p),
        }
    }
}

impl Tx {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(t) => Conn::SqliteTx(t),
            Tx::Postgres(t) => Conn::PgTx(t),
        }
    }
}

exec_methods!(Db, [&] self);
exec_methods!(Tx, [&mut] self);

/// Whether an error is a violated unique constraint (e.g. an e-mail already taken).
pub fn is_unique_violation(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<sqlx::Error>()
            .and_then(|e| e.as_database_error())
            .is_some_and(|d| d.is_unique_violation())
    })
}

/// Every statement that differs between SQLite and PostgreSQL, in one place.
pub mod dialect {
    use super::Backend;

    /// Claims the next due job. PostgreSQL skips rows other workers hold; SQLite has one writer
    /// at a time, so a plain update is already exclusive.
    pub fn claim_job(backend: Backend) -> &'static str {
        match backend {
            Backend::Postgres => {
                "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 WHERE id = (\
                 SELECT id FROM jobs WHERE dead_at IS NULL AND run_at <= $2 AND (locked_until IS NULL OR locked_until < $2) \
                 ORDER BY priority DESC, run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING id, kind, payload, attempts, max_attempts"
            }
            Backend::Sqlite => {
                "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 WHERE id = (\
                 SELECT id FROM jobs WHERE dead_at IS NULL AND run_at <= $2 AND (locked_until IS NULL OR locked_until < $2) \
                 ORDER BY priority DESC, run_at, id LIMIT 1) \
                 RETURNING id, kind, payload, attempts, max_attempts"
            }
        }
    }
}
