//! The commission's records: one session per call (open → closed, with its history) and one
//! decision per file.

use chrono::{DateTime, NaiveDate, Utc};
use essor_domain::ids::UserId;
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Tx};
use sea_query::{Expr, Iden, OnConflict, Order, Query};
use serde_json::json;

#[derive(Iden)]
pub enum JuryCommissions {
    Table,
    Id,
    CallId,
    State,
    HeldOn,
    Members,
    CreatedBy,
    CreatedAt,
    ClosedBy,
    ClosedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub enum JuryCommissionTransitions {
    Table,
    CommissionId,
    FromState,
    ToState,
    Event,
    ActorId,
    At,
}

#[derive(Iden)]
pub enum JuryDecisions {
    Table,
    CommissionId,
    FileId,
    Decision,
    Amount,
    Reason,
    UpdatedBy,
    UpdatedAt,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Commission {
    pub id: i64,
    pub call_id: i64,
    pub state: String,
    pub held_on: NaiveDate,
    pub members: String,
    pub closed_at: Option<DateTime<Utc>>,
}

impl Commission {
    pub fn is_open(&self) -> bool {
        self.state == "open"
    }
}

/// The decision of the commission on a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Laureate,
    Waiting,
    Refused,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Laureate, Decision::Waiting, Decision::Refused];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Laureate => "laureate",
            Decision::Waiting => "waiting",
            Decision::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn message_id(self) -> String {
        format!("jury-award-decision-{}", self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DecisionRow {
    pub file_id: i64,
    pub decision: String,
    pub amount: Option<i64>,
    pub reason: String,
}

impl DecisionRow {
    pub fn decision(&self) -> Decision {
        Decision::parse(&self.decision).unwrap_or(Decision::Waiting)
    }
}

pub async fn of_call(db: &Db, call: i64) -> anyhow::Result<Option<Commission>> {
    db.fetch_optional(
        Query::select()
            .columns([
                JuryCommissions::Id,
                JuryCommissions::CallId,
                JuryCommissions::State,
                JuryCommissions::HeldOn,
                JuryCommissions::Members,
                JuryCommissions::ClosedAt,
            ])
            .from(JuryCommissions::Table)
            .and_where(Expr::col(JuryCommissions::CallId).eq(call)),
    )
    .await
}

pub async fn decisions(db: &Db, commission: i64) -> anyhow::Result<Vec<DecisionRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                JuryDecisions::FileId,
                JuryDecisions::Decision,
                JuryDecisions::Amount,
                JuryDecisions::Reason,
            ])
            .from(JuryDecisions::Table)
            .and_where(Expr::col(JuryDecisions::CommissionId).eq(commission))
            .order_by(JuryDecisions::FileId, Order::Asc),
    )
    .await
}

/// Opens the commission of a call (one per call; a second opening is refused by the unique index
/// and answered as "already open").
pub async fn open(
    db: &Db,
    call: i64,
    held_on: NaiveDate,
    members: &str,
    by: UserId,
) -> anyhow::Result<bool> {
    let now = Utc::now();
    let mut tx = db.begin().await?;
    let id = match tx
        .insert_id(
            Query::insert()
                .into_table(JuryCommissions::Table)
                .columns([
                    JuryCommissions::CallId,
                    JuryCommissions::State,
                    JuryCommissions::HeldOn,
                    JuryCommissions::Members,
                    JuryCommissions::CreatedBy,
                    JuryCommissions::CreatedAt,
                    JuryCommissions::UpdatedAt,
                ])
                .values_panic([
                    call.into(),
                    "open".into(),
                    held_on.into(),
                    members.into(),
                    by.0.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await
    {
        Ok(id) => id,
        Err(e) if essor_platform::db::is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e),
    };
    history(&mut tx, id, "none", "open", "open", by).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn history(
    tx: &mut Tx,
    commission: i64,
    from: &str,
    to: &str,
    event: &str,
    by: UserId,
) -> anyhow::Result<()> {
    tx.execute(
        Query::insert()
            .into_table(JuryCommissionTransitions::Table)
            .columns([
                JuryCommissionTransitions::CommissionId,
                JuryCommissionTransitions::FromState,
                JuryCommissionTransitions::ToState,
                JuryCommissionTransitions::Event,
                JuryCommissionTransitions::ActorId,
                JuryCommissionTransitions::At,
            ])
            .values_panic([
                commission.into(),
                from.into(),
                to.into(),
                event.into(),
                by.0.into(),
                Utc::now().into(),
            ]),
    )
    .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(by),
            action: "jury.commission.transition",
            record_type: "jury_commission",
            record_id: commission.to_string(),
            summary: json!({ "from": from, "to": to, "event": event }),
        },
    )
    .await
}

/// Records (or replaces) the decision on a file, with its audit entry, in `tx`.
pub async fn set_decision(
    tx: &mut Tx,
    commission: i64,
    file: i64,
    decision: Decision,
    amount: Option<i64>,
    reason: &str,
    by: UserId,
) -> anyhow::Result<()> {
    tx.execute(
        Query::insert()
            .into_table(JuryDecisions::Table)
            .columns([
                JuryDecisions::CommissionId,
                JuryDecisions::FileId,
                JuryDecisions::Decision,
                JuryDecisions::Amount,
                JuryDecisions::Reason,
                JuryDecisions::UpdatedBy,
                JuryDecisions::UpdatedAt,
            ])
            .values_panic([
                commission.into(),
                file.into(),
                decision.as_str().into(),
                amount.into(),
                reason.into(),
                by.0.into(),
                Utc::now().into(),
            ])
            .on_conflict(
                OnConflict::columns([JuryDecisions::CommissionId, JuryDecisions::FileId])
                    .update_columns([
                        JuryDecisions::Decision,
                        JuryDecisions::Amount,
                        JuryDecisions::Reason,
                        JuryDecisions::UpdatedBy,
                        JuryDecisions::UpdatedAt,
                    ])
                    .to_owned(),
            ),
    )
    .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(by),
            action: "jury.decision",
            record_type: "file",
            record_id: file.to_string(),
            summary: json!({ "decision": decision.as_str(), "amount": amount }),
        },
    )
    .await
}
