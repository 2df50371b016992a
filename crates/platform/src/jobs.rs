//! The background-job queue, stored in the database.
//!
//! A job is enqueued in the same transaction as the change it follows, so it exists exactly when
//! the change does. Workers claim due jobs (`SKIP LOCKED` on PostgreSQL), run them, and delete
//! them on success; a failure is retried with exponential backoff until `max_attempts`, then the
//! job is kept as dead for staff to see. Handlers must be idempotent: a crash between the work and
//! the delete runs the job again.

use crate::db::{dialect, Db, Raw, Tx};
use crate::AppState;
use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use sea_query::{Expr, Iden, Query};
use sea_query_binder::SqlxValues;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Iden)]
pub enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    Priority,
    DedupKey,
    RunAt,
    LockedUntil,
    Attempts,
    MaxAttempts,
    LastError,
    DeadAt,
    CreatedAt,
}

/// A kind of job: a serde payload with a stable name.
pub trait Job: serde::Serialize + serde::de::DeserializeOwned + Send + 'static {
    const KIND: &'static str;
    const MAX_ATTEMPTS: i64 = 8;
    /// Jobs with the same key are enqueued once (e.g. one reminder per file).
    fn dedup_key(&self) -> Option<String> {
        None
    }
}

pub async fn enqueue<J: Job>(tx: &mut Tx, job: &J) -> anyhow::Result<()> {
    enqueue_at(tx, job, Utc::now()).await
}

pub async fn enqueue_at<J: Job>(tx: &mut Tx, job: &J, run_at: DateTime<Utc>) -> anyhow::Result<()> {
    let payload = serde_json::to_string(job)?;
    let mut q = Query::insert();
    q.into_table(Jobs::Table)
        .columns([
            Jobs::Kind,
            Jobs::Payload,
            Jobs::DedupKey,
            Jobs::RunAt,
            Jobs::MaxAttempts,
            Jobs::CreatedAt,
        ])
        .values_panic([
            J::KIND.into(),
            payload.into(),
            job.dedup_key().into(),
            run_at.into(),
            J::MAX_ATTEMPTS.into(),
            Utc::now().into(),
        ]);
    if job.dedup_key().is_some() {
        q.on_conflict(
            sea_query::OnConflict::column(Jobs::DedupKey)
                .do_nothing()
                .to_owned(),
        );
    }
    tx.execute(&q).await?;
    Ok(())
}

type Handler =
    Arc<dyn Fn(AppState, String) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

/// The handlers of every job kind, filled by the modules at start-up.
#[derive(Default, Clone)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
}

impl Registry {
    pub fn register<J, F, Fut>(&mut self, run: F)
    where
        J: Job,
        F: Fn(AppState, J) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let run = Arc::new(run);
        self.handlers.insert(
            J::KIND,
            Arc::new(move |state, payload| {
                let run = run.clone();
                Box::pin(async move {
                    let job: J = serde_json::from_str(&payload)?;
                    run(state, job).await
                })
            }),
        );
    }
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    kind: String,
    payload: String,
    attempts: i64,
    max_attempts: i64,
}

/// How long a claimed job is reserved before another worker may take it over.
const LEASE: i64 = 300;

/// Claims and runs one due job; returns whether there was one.
pub async fn run_one(state: &AppState) -> anyhow::Result<bool> {
    let db = state.db();
    let now = Utc::now();
    let values = SqlxValues(sea_query::Values(vec![
        (now + Duration::seconds(LEASE)).into(),
        now.into(),
    ]));
    let claim: Option<Claimed> = {
        let mut tx = db.begin().await?;
        let sql = dialect::claim_job(tx.backend()).to_owned();
        let row = tx.fetch_optional(&Raw(sql, values)).await?;
        tx.commit().await?;
        row
    };
    let Some(job) = claim else { return Ok(false) };
    let handler = state.jobs().handlers.get(job.kind.as_str()).cloned();
    let result = match handler {
        Some(h) => h(state.clone(), job.payload.clone()).await,
        None => Err(anyhow::anyhow!("no handler for job kind {}", job.kind)),
    };
    match result {
        Ok(()) => {
            db.execute(
                Query::delete()
                    .from_table(Jobs::Table)
                    .and_where(Expr::col(Jobs::Id).eq(job.id)),
            )
            .await?;
        }
        Err(err) => {
            let dead = job.attempts >= job.max_attempts;
            // 10 s, 20 s, 40 s … capped at 6 h.
            let backoff = Duration::seconds((10i64 << job.attempts.clamp(0, 11)).min(6 * 3600));
            tracing::warn!(job = job.id, kind = job.kind, attempts = job.attempts, dead, error = %format!("{err:#}"), "job failed");
            db.execute(
                Query::update()
                    .table(Jobs::Table)
                    .values([
                        (Jobs::LastError, format!("{err:#}").into()),
                        (Jobs::LockedUntil, Option::<DateTime<Utc>>::None.into()),
                        (Jobs::RunAt, (Utc::now() + backoff).into()),
                        (Jobs::DeadAt, dead.then(Utc::now).into()),
                    ])
                    .and_where(Expr::col(Jobs::Id).eq(job.id)),
            )
            .await?;
        }
    }
    Ok(true)
}

/// Runs every due job now (tests and `essor demo` use it to deliver mail deterministically).
pub async fn drain(state: &AppState) -> anyhow::Result<usize> {
    let mut n = 0;
    while run_one(state).await? {
        n += 1;
    }
    Ok(n)
}

/// The worker inside `essor serve`: polls the queue until the process stops.
pub async fn worker(state: AppState) {
    loop {
        match run_one(&state).await {
            Ok(true) => continue,
            Ok(false) => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
            Err(err) => {
                tracing::error!(error = %format!("{err:#}"), "job queue");
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            }
        }
    }
}

#[derive(sqlx::FromRow, Debug)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub run_at: DateTime<Utc>,
    pub dead_at: Option<DateTime<Utc>>,
}

/// Jobs still queued (pending, retrying or dead), for tests and the staff page.
pub async fn list(db: &Db) -> anyhow::Result<Vec<JobRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                Jobs::Id,
                Jobs::Kind,
                Jobs::Attempts,
                Jobs::LastError,
                Jobs::RunAt,
                Jobs::DeadAt,
            ])
            .from(Jobs::Table)
            .order_by(Jobs::Id, sea_query::Order::Asc),
    )
    .await
}
