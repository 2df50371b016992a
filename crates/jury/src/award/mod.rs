//! Awards: closing the commission moves each decided file to its final state through the calls
//! lifecycle (with history), records the award, its payment schedule and final-report due date,
//! and queues the notification letters in the same transaction. Conventions for awards above the
//! configured threshold, the de minimis check, the applicant's consent to the showcase.
//!
//! Access: `/staff/awards…` staff only; `/awards/{id}…` and `/files/{id}/decision.pdf` staff or a
//! member of the applicant organisation (anyone else: 404); the consent only by a member.

pub mod applicant;
pub mod demo;
pub mod letters;
pub mod schedule;
pub mod shared;

use crate::commission::model::{self as cm, Commission, Decision};
use crate::commission::upper_of;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Months, NaiveDate, Utc};
use essor_calls::model::{self as calls, Call, FinalDecision};
use essor_domain::ids::{FileId, UserId};
use essor_domain::money::Cents;
use essor_platform::db::{Db, Tx};
use essor_platform::AppState;
use sea_query::{Alias, Expr, Iden, Order, Query, SelectStatement};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/awards/{id}", get(schedule::page))
        .route("/staff/awards/{id}/instalments", post(schedule::add))
        .route(
            "/staff/awards/{id}/instalments/{inst}",
            post(schedule::update),
        )
        .route("/staff/awards/{id}/report", post(schedule::report))
        .route("/awards/{id}", get(applicant::page))
        .route("/awards/{id}/consent", post(applicant::consent))
        .route("/awards/{id}/convention.pdf", get(letters::convention_pdf))
        .route("/files/{id}/decision.pdf", get(letters::decision_pdf))
        .route("/files/{id}/award", get(applicant::of_file))
}

#[derive(Iden)]
pub enum JuryAwards {
    Table,
    Id,
    CallId,
    FileId,
    OrgId,
    Amount,
    ConventionRequired,
    ReportDueOn,
    ShowcaseConsent,
    ConsentBy,
    ConsentAt,
    DecidedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub enum JuryInstalments {
    Table,
    Id,
    AwardId,
    Amount,
    DueOn,
    Status,
    PaidOn,
    UpdatedBy,
    UpdatedAt,
}

/// An award with what every page shows of its file, organisation and call.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Award {
    pub id: i64,
    pub call_id: i64,
    pub file_id: i64,
    pub org_id: i64,
    pub amount: i64,
    pub convention_required: bool,
    pub report_due_on: NaiveDate,
    pub showcase_consent: bool,
    pub consent_at: Option<DateTime<Utc>>,
    pub decided_at: DateTime<Utc>,
    pub number: String,
    pub title: String,
    /// The file's lifecycle state (the showcase needs it still `accepted`).
    pub file_state: String,
    pub answers: String,
    pub commune_code: Option<String>,
    pub requested_amount: Option<i64>,
    pub created_by: i64,
    pub org_name: String,
    pub call_title: String,
}

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn award_select() -> SelectStatement {
    Query::select()
        .columns([
            (JuryAwards::Table, JuryAwards::Id),
            (JuryAwards::Table, JuryAwards::CallId),
            (JuryAwards::Table, JuryAwards::FileId),
            (JuryAwards::Table, JuryAwards::OrgId),
            (JuryAwards::Table, JuryAwards::Amount),
            (JuryAwards::Table, JuryAwards::ConventionRequired),
            (JuryAwards::Table, JuryAwards::ReportDueOn),
            (JuryAwards::Table, JuryAwards::ShowcaseConsent),
            (JuryAwards::Table, JuryAwards::ConsentAt),
            (JuryAwards::Table, JuryAwards::DecidedAt),
        ])
        .columns([
            (a("files"), a("number")),
            (a("files"), a("title")),
            (a("files"), a("answers")),
            (a("files"), a("commune_code")),
            (a("files"), a("requested_amount")),
            (a("files"), a("created_by")),
        ])
        .expr_as(Expr::col((a("files"), a("state"))), a("file_state"))
        .expr_as(Expr::col((a("organisations"), a("name"))), a("org_name"))
        .expr_as(Expr::col((a("calls"), a("title"))), a("call_title"))
        .from(JuryAwards::Table)
        .inner_join(
            a("files"),
            Expr::col((a("files"), a("id"))).equals((JuryAwards::Table, JuryAwards::FileId)),
        )
        .inner_join(
            a("organisations"),
            Expr::col((a("organisations"), a("id"))).equals((JuryAwards::Table, JuryAwards::OrgId)),
        )
        .inner_join(
            a("calls"),
            Expr::col((a("calls"), a("id"))).equals((JuryAwards::Table, JuryAwards::CallId)),
        )
        .to_owned()
}

pub async fn award_by_id(db: &Db, id: i64) -> anyhow::Result<Option<Award>> {
    db.fetch_optional(
        award_select().and_where(Expr::col((JuryAwards::Table, JuryAwards::Id)).eq(id)),
    )
    .await
}

pub async fn award_of_file(db: &Db, file: i64) -> anyhow::Result<Option<Award>> {
    db.fetch_optional(
        award_select().and_where(Expr::col((JuryAwards::Table, JuryAwards::FileId)).eq(file)),
    )
    .await
}

pub async fn awards_of_call(db: &Db, call: i64) -> anyhow::Result<Vec<Award>> {
    db.fetch_all(
        award_select()
            .and_where(Expr::col((JuryAwards::Table, JuryAwards::CallId)).eq(call))
            .order_by((JuryAwards::Table, JuryAwards::Id), Order::Asc),
    )
    .await
}

/// Awards whose laureate agreed to appear on the showcase, most recent first.
pub async fn showcased(db: &Db) -> anyhow::Result<Vec<Award>> {
    db.fetch_all(
        award_select()
            .and_where(Expr::col((JuryAwards::Table, JuryAwards::ShowcaseConsent)).eq(true))
            .and_where(Expr::col((a("files"), a("state"))).eq("accepted"))
            .order_by((JuryAwards::Table, JuryAwards::DecidedAt), Order::Desc)
            .order_by((JuryAwards::Table, JuryAwards::Id), Order::Desc),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Instalment {
    pub id: i64,
    pub amount: i64,
    pub due_on: NaiveDate,
    pub status: String,
    pub paid_on: Option<NaiveDate>,
}

pub async fn instalments(db: &Db, award: i64) -> anyhow::Result<Vec<Instalment>> {
    db.fetch_all(
        Query::select()
            .columns([
                JuryInstalments::Id,
                JuryInstalments::Amount,
                JuryInstalments::DueOn,
                JuryInstalments::Status,
                JuryInstalments::PaidOn,
            ])
            .from(JuryInstalments::Table)
            .and_where(Expr::col(JuryInstalments::AwardId).eq(award))
            .order_by(JuryInstalments::DueOn, Order::Asc)
            .order_by(JuryInstalments::Id, Order::Asc),
    )
    .await
}

pub async fn insert_instalment(
    tx: &mut Tx,
    award: i64,
    amount: i64,
    due_on: NaiveDate,
    by: UserId,
) -> anyhow::Result<i64> {
    tx.insert_id(
        Query::insert()
            .into_table(JuryInstalments::Table)
            .columns([
                JuryInstalments::AwardId,
                JuryInstalments::Amount,
                JuryInstalments::DueOn,
                JuryInstalments::Status,
                JuryInstalments::UpdatedBy,
                JuryInstalments::UpdatedAt,
            ])
            .values_panic([
                award.into(),
                amount.into(),
                due_on.into(),
                "planned".into(),
                by.0.into(),
                Utc::now().into(),
            ])
            .to_owned(),
    )
    .await
}

/// Closes the commission: every laureate file accepted with its amount, every refused file
/// refused with its reason (through `essor_calls::model::decide_file`, history and audit
/// included), the awards with a first instalment of the whole amount 30 days after the decision,
/// and the letters queued — all in one transaction. Files on the waiting list or without a
/// decision stay as they are. `Err(message id)` when something forbids closing; nothing changed.
pub async fn close(
    state: &AppState,
    call: &Call,
    commission: &Commission,
    actor: UserId,
) -> anyhow::Result<Result<usize, &'static str>> {
    let db = state.db();
    let settings = shared::settings(db, call.id).await?;
    let decisions = cm::decisions(db, commission.id).await?;
    // Read before the transaction: SQLite transactions hold the write lock from their start.
    let mut work = Vec::new();
    let mut total = 0;
    for d in decisions {
        let decision = d.decision();
        if decision == Decision::Waiting {
            continue;
        }
        let file = calls::file_by_id(db, FileId(d.file_id))
            .await?
            .ok_or_else(|| anyhow::anyhow!("decision on a missing file"))?;
        if decision == Decision::Laureate {
            let amount = d.amount.unwrap_or(0);
            let upper = upper_of(call, file.requested_amount).unwrap_or(0);
            if amount <= 0 || amount > upper {
                return Ok(Err("jury-award-error-close-limits"));
            }
            total += amount;
        }
        let to = letters::recipient(db, file.created_by).await?;
        work.push((d, file, to));
    }
    if call.envelope.is_some_and(|e| total > e) {
        return Ok(Err("jury-award-error-close-envelope"));
    }
    let now = Utc::now();
    let today = now.with_timezone(&call.tz()).date_naive();
    let mut tx = db.begin().await?;
    // Guarded by the old state: two staff closing at once close it once.
    let n = tx
        .execute(
            Query::update()
                .table(cm::JuryCommissions::Table)
                .values([
                    (cm::JuryCommissions::State, "closed".into()),
                    (cm::JuryCommissions::ClosedBy, actor.0.into()),
                    (cm::JuryCommissions::ClosedAt, now.into()),
                    (cm::JuryCommissions::UpdatedAt, now.into()),
                ])
                .and_where(Expr::col(cm::JuryCommissions::Id).eq(commission.id))
                .and_where(Expr::col(cm::JuryCommissions::State).eq("open")),
        )
        .await?;
    if n == 0 {
        tx.rollback().await?;
        return Ok(Err("jury-award-error-close-stale"));
    }
    cm::history(&mut tx, commission.id, "open", "closed", "close", actor).await?;
    let mut made = 0;
    for (d, file, to) in &work {
        let laureate = d.decision() == Decision::Laureate;
        let final_decision = if laureate {
            FinalDecision::Accept(Cents(d.amount.unwrap_or(0)))
        } else {
            FinalDecision::Refuse
        };
        let reason = (!laureate).then_some(d.reason.as_str());
        if calls::decide_file(&mut tx, file, final_decision, actor, reason)
            .await?
            .is_err()
        {
            tx.rollback().await?;
            return Ok(Err("jury-award-error-close-transition"));
        }
        let award = if laureate {
            let amount = d.amount.unwrap_or(0);
            let due = today
                .checked_add_months(Months::new(settings.report_months as u32))
                .unwrap_or(today);
            let id = tx
                .insert_id(
                    Query::insert()
                        .into_table(JuryAwards::Table)
                        .columns([
                            JuryAwards::CallId,
                            JuryAwards::FileId,
                            JuryAwards::OrgId,
                            JuryAwards::Amount,
                            JuryAwards::ConventionRequired,
                            JuryAwards::ReportDueOn,
                            JuryAwards::ShowcaseConsent,
                            JuryAwards::DecidedAt,
                            JuryAwards::UpdatedAt,
                        ])
                        .values_panic([
                            call.id.into(),
                            file.id.into(),
                            file.org_id.into(),
                            amount.into(),
                            (amount > settings.convention_threshold).into(),
                            due.into(),
                            false.into(),
                            now.into(),
                            now.into(),
                        ])
                        .to_owned(),
                )
                .await?;
            insert_instalment(
                &mut tx,
                id,
                amount,
                today + chrono::Duration::days(30),
                actor,
            )
            .await?;
            made += 1;
            Some(id)
        } else {
            None
        };
        if let Some(to) = to {
            letters::queue_mail(&mut tx, state, to, call, file, award).await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(made))
}
