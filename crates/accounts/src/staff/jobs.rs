//! The background-job queue: what is waiting, what gave up, and a retry for the latter.

use super::path_id;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::jobs::{self, JobRow, Jobs};
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx};
use sea_query::Expr;
use serde_json::json;

/// Long errors (a whole SMTP dialogue) are cut for the table.
const ERROR_CHARS: usize = 300;

#[derive(Template)]
#[template(path = "staff/jobs.html")]
struct JobsTpl<'a> {
    p: &'a Ctx,
    jobs: Vec<JobRow>,
    dead: i64,
}

impl JobsTpl<'_> {
    fn short_error(&self, job: &JobRow) -> String {
        let e = job.last_error.as_deref().unwrap_or("");
        match e.char_indices().nth(ERROR_CHARS) {
            Some((i, _)) => format!("{}…", &e[..i]),
            None => e.to_owned(),
        }
    }
}

pub(super) async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let jobs = jobs::list(p.state.db()).await?;
    let dead = jobs.iter().filter(|j| j.dead_at.is_some()).count() as i64;
    render(&JobsTpl { p: &p, jobs, dead })
}

/// Puts a dead job back in the queue, due now, with a fresh count of attempts.
pub(super) async fn retry(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let actor = p.require_staff()?.clone();
    let id = path_id(&id)?;
    let mut tx = p.state.db().begin().await?;
    let job: Option<(String, Option<DateTime<Utc>>)> = tx
        .fetch_optional(
            sea_query::Query::select()
                .columns([Jobs::Kind, Jobs::DeadAt])
                .from(Jobs::Table)
                .and_where(Expr::col(Jobs::Id).eq(id)),
        )
        .await?;
    let Some((kind, dead_at)) = job else {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    };
    if dead_at.is_none() {
        // Already retried (a double click) or still running its own course.
        tx.rollback().await?;
        return Ok(see_other_flash("/staff/jobs", "staff-job-not-dead"));
    }
    // Still dead at the update: two concurrent retries revive (and record) it once.
    let revived = tx
        .execute(
            sea_query::Query::update()
                .table(Jobs::Table)
                .values([
                    (Jobs::DeadAt, Option::<DateTime<Utc>>::None.into()),
                    (Jobs::LockedUntil, Option::<DateTime<Utc>>::None.into()),
                    (Jobs::RunAt, Utc::now().into()),
                    (Jobs::Attempts, 0i64.into()),
                ])
                .and_where(Expr::col(Jobs::Id).eq(id))
                .and_where(Expr::col(Jobs::DeadAt).is_not_null()),
        )
        .await?;
    if revived == 0 {
        return Ok(see_other_flash("/staff/jobs", "staff-job-not-dead"));
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(actor.id),
            action: "staff.job_retry",
            record_type: "job",
            record_id: id.to_string(),
            summary: json!({ "kind": kind }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash("/staff/jobs", "staff-job-retried"))
}
