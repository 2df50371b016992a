//! The reminder sent to drafts 48 hours before their call closes.
//!
//! Every hour the platform runs this room's periodic work, which queues the scan
//! (`calls.draft_reminders`, one pending at a time). The scan ([`queue_reminders`]) finds the
//! drafts of published calls closing within 48 hours that were not reminded yet and queues one
//! `calls.draft_reminder` per file (deduplicated by `reminder:{file}` while pending). That job
//! sends the e-mail to the person who started the file and records `file.draft_reminder` in
//! the audit log in the same transaction: this entry is what "already reminded" means, so a
//! file is reminded once, whichever server scans and however often.

use super::emails::{self, Notice};
use super::{link, person, text, Arg, Lang};
use crate::model::{self, Calls, Files};
use chrono::{DateTime, Duration, Utc};
use essor_domain::ids::{FileId, UserId};
use essor_domain::lifecycle::{CallState, FileState};
use essor_platform::audit::{self, AuditLog, Entry};
use essor_platform::db::Db;
use essor_platform::jobs::{self, Job, Registry};
use essor_platform::AppState;
use futures::future::BoxFuture;
use sea_query::{Expr, Query};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// How long before closing drafts are reminded.
pub const REMINDER_BEFORE: Duration = Duration::hours(48);

const AUDIT_ACTION: &str = "file.draft_reminder";

/// Finds the drafts to remind and queues their reminders.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DraftRemindersScan {}

impl Job for DraftRemindersScan {
    const KIND: &'static str = "calls.draft_reminders";

    fn dedup_key(&self) -> Option<String> {
        Some(Self::KIND.to_owned())
    }
}

/// Sends the reminder of one draft.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DraftReminder {
    pub file_id: i64,
}

impl Job for DraftReminder {
    const KIND: &'static str = "calls.draft_reminder";

    fn dedup_key(&self) -> Option<String> {
        Some(format!("reminder:{}", self.file_id))
    }
}

pub(super) fn register(r: &mut Registry) {
    r.register(|state: AppState, _: DraftRemindersScan| async move {
        queue_reminders(&state, Utc::now()).await.map(|_| ())
    });
    r.register(|state: AppState, job: DraftReminder| async move {
        send_reminder(&state, FileId(job.file_id), Utc::now()).await
    });
}

/// The platform's hourly hook: queue the scan (it only enqueues, so every server may run it).
pub(super) fn periodic(state: AppState) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let mut tx = state.db().begin().await?;
        jobs::enqueue(&mut tx, &DraftRemindersScan {}).await?;
        tx.commit().await
    })
}

/// The files among `ids` already reminded.
async fn reminded(db: &Db, ids: &[i64]) -> anyhow::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<(String,)> = db
        .fetch_all(
            Query::select()
                .column(AuditLog::RecordId)
                .from(AuditLog::Table)
                .and_where(Expr::col(AuditLog::Action).eq(AUDIT_ACTION))
                .and_where(Expr::col(AuditLog::RecordType).eq("file"))
                .and_where(Expr::col(AuditLog::RecordId).is_in(ids.iter().map(|i| i.to_string()))),
        )
        .await?;
    Ok(rows.into_iter().filter_map(|(r,)| r.parse().ok()).collect())
}

/// Queues a reminder for every draft whose call closes within 48 hours of `now` and that was
/// not reminded yet. Returns how many were queued.
pub async fn queue_reminders(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let db = state.db();
    let rows: Vec<(i64,)> = db
        .fetch_all(
            Query::select()
                .column((Files::Table, Files::Id))
                .from(Files::Table)
                .inner_join(
                    Calls::Table,
                    Expr::col((Calls::Table, Calls::Id)).equals((Files::Table, Files::CallId)),
                )
                .and_where(Expr::col((Files::Table, Files::State)).eq(FileState::Draft.as_str()))
                .and_where(
                    Expr::col((Calls::Table, Calls::State)).eq(CallState::Published.as_str()),
                )
                .and_where(Expr::col((Calls::Table, Calls::ClosesAt)).gt(now))
                .and_where(Expr::col((Calls::Table, Calls::ClosesAt)).lte(now + REMINDER_BEFORE)),
        )
        .await?;
    let ids: Vec<i64> = rows.into_iter().map(|(id,)| id).collect();
    let done = reminded(db, &ids).await?;
    let due: Vec<i64> = ids.into_iter().filter(|id| !done.contains(id)).collect();
    if due.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    for id in &due {
        jobs::enqueue(&mut tx, &DraftReminder { file_id: *id }).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

/// Sends one reminder, if the file is still a draft of a call closing soon and was not
/// reminded (a job may run twice).
async fn send_reminder(state: &AppState, id: FileId, now: DateTime<Utc>) -> anyhow::Result<()> {
    let db = state.db();
    let Some(file) = model::file_by_id(db, id).await? else {
        return Ok(());
    };
    if file.state() != FileState::Draft || !reminded(db, &[file.id]).await?.is_empty() {
        return Ok(());
    }
    let Some(call) = model::call_by_id(db, essor_domain::ids::CallId(file.call_id)).await? else {
        return Ok(());
    };
    if !call.is_open_at(now) || call.closes_at > now + REMINDER_BEFORE {
        return Ok(());
    }
    let Some((to, _, locale)) = person(db, UserId(file.created_by)).await? else {
        return Ok(());
    };
    let lang = Lang::new(state, locale);
    let tz = call.tz();
    let args = [
        ("number", Arg::S(file.number.clone())),
        ("call", Arg::S(call.title.clone())),
        ("date", Arg::S(text::datetime(call.closes_at, tz, &lang))),
        ("zone", Arg::S(text::zone(&call.time_zone))),
    ];
    let notice = Notice {
        subject: lang.ta("apply-mail-reminder-subject", &args),
        paragraphs: vec![
            lang.ta("apply-mail-reminder-intro", &args),
            lang.t("apply-mail-reminder-outro"),
        ],
        facts: vec![],
        action: lang.t("apply-mail-open-file"),
        link: link(state, &format!("/files/{}", file.id)),
    };
    let mut tx = db.begin().await?;
    emails::queue(&mut tx, state, &lang, &to, &notice).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: None,
            action: AUDIT_ACTION,
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "to": file.created_by, "closes_at": call.closes_at }),
        },
    )
    .await?;
    tx.commit().await
}
