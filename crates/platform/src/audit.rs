//! The append-only audit log: who did what, when, on which record.
//!
//! Entries form a hash chain: each entry's hash covers its content and the previous hash, so an
//! edited, inserted or deleted entry breaks the chain at that point (`essor audit verify`).
//! The chain head lives in `audit_head`; appending updates it first, which takes the row lock
//! (PostgreSQL) or the write lock (SQLite) so that concurrent appends queue up instead of forking
//! the chain. Appends run inside the transaction of the change they record.

use crate::db::{Db, Tx};
use chrono::{DateTime, SecondsFormat, Utc};
use essor_domain::ids::UserId;
use sea_query::{Expr, Iden, Order, Query};
use sha2::{Digest, Sha256};

#[derive(Iden)]
pub enum AuditLog {
    Table,
    Id,
    Seq,
    At,
    ActorId,
    Action,
    RecordType,
    RecordId,
    Summary,
    PrevHash,
    Hash,
}

#[derive(Iden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    LastHash,
}

/// One change to record. `summary` is a small JSON object describing the change (never a secret).
pub struct Entry<'a> {
    pub actor: Option<UserId>,
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: String,
    pub summary: serde_json::Value,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub summary: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What an entry's hash covers.
struct Hashed<'a> {
    prev: &'a str,
    seq: i64,
    at: &'a DateTime<Utc>,
    actor: Option<i64>,
    action: &'a str,
    record_type: &'a str,
    record_id: &'a str,
    summary: &'a str,
}

impl Hashed<'_> {
    fn hash(&self) -> String {
        let mut h = Sha256::new();
        // Length-prefixed fields: no two different entries can serialise to the same bytes.
        let at = self.at.to_rfc3339_opts(SecondsFormat::Micros, true);
        let actor = self.actor.map(|a| a.to_string()).unwrap_or_default();
        let seq = self.seq.to_string();
        for part in [
            self.prev,
            &seq,
            &at,
            &actor,
            self.action,
            self.record_type,
            self.record_id,
            self.summary,
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// Appends an entry in the caller's transaction.
pub async fn record(tx: &mut Tx, e: Entry<'_>) -> anyhow::Result<()> {
    // Write first: this statement takes the lock that serialises appenders.
    let (seq, prev): (i64, String) = tx
        .fetch_one(
            Query::update()
                .table(AuditHead::Table)
                .value(AuditHead::Seq, Expr::col(AuditHead::Seq).add(1))
                .and_where(Expr::col(AuditHead::Id).eq(1))
                .returning(Query::returning().columns([AuditHead::Seq, AuditHead::LastHash])),
        )
        .await?;
    // Microsecond precision: what both engines store exactly, so the hash verifies after a read.
    let at = DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).expect("valid time");
    let summary = e.summary.to_string();
    let actor = e.actor.map(|a| a.0);
    let hash = Hashed {
        prev: &prev,
        seq,
        at: &at,
        actor,
        action: e.action,
        record_type: e.record_type,
        record_id: &e.record_id,
        summary: &summary,
    }
    .hash();
    tx.execute(
        Query::insert()
            .into_table(AuditLog::Table)
            .columns([
                AuditLog::Seq,
                AuditLog::At,
                AuditLog::ActorId,
                AuditLog::Action,
                AuditLog::RecordType,
                AuditLog::RecordId,
                AuditLog::Summary,
                AuditLog::PrevHash,
                AuditLog::Hash,
            ])
            .values_panic([
                seq.into(),
                at.into(),
                actor.into(),
                e.action.into(),
                e.record_type.into(),
                e.record_id.into(),
                summary.into(),
                prev.into(),
                hash.clone().into(),
            ]),
    )
    .await?;
    tx.execute(
        Query::update()
            .table(AuditHead::Table)
            .value(AuditHead::LastHash, hash)
            .and_where(Expr::col(AuditHead::Id).eq(1)),
    )
    .await?;
    Ok(())
}

/// What `essor audit verify` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        entries: i64,
    },
    /// The first entry (by sequence number) where the chain does not hold, and why.
    Broken {
        seq: i64,
        reason: String,
    },
}

/// Walks the whole chain in order, in pages, and checks every link and the head.
pub async fn verify(db: &Db) -> anyhow::Result<Verdict> {
    let mut prev = String::new();
    let mut expected_seq = 1;
    loop {
        let page: Vec<AuditRow> = db
            .fetch_all(
                Query::select()
                    .columns([
                        AuditLog::Id,
                        AuditLog::Seq,
                        AuditLog::At,
                        AuditLog::ActorId,
                        AuditLog::Action,
                        AuditLog::RecordType,
                        AuditLog::RecordId,
                        AuditLog::Summary,
                        AuditLog::PrevHash,
                        AuditLog::Hash,
                    ])
                    .from(AuditLog::Table)
                    .and_where(Expr::col(AuditLog::Seq).gte(expected_seq))
                    .order_by(AuditLog::Seq, Order::Asc)
                    .limit(1000),
            )
            .await?;
        if page.is_empty() {
            break;
        }
        for row in page {
            if row.seq != expected_seq {
                return Ok(Verdict::Broken {
                    seq: expected_seq,
                    reason: format!("entry {expected_seq} is missing"),
                });
            }
            if row.prev_hash != prev {
                return Ok(Verdict::Broken {
                    seq: row.seq,
                    reason: "does not follow the previous entry".into(),
                });
            }
            let h = Hashed {
                prev: &row.prev_hash,
                seq: row.seq,
                at: &row.at,
                actor: row.actor_id,
                action: &row.action,
                record_type: &row.record_type,
                record_id: &row.record_id,
                summary: &row.summary,
            }
            .hash();
            if h != row.hash {
                return Ok(Verdict::Broken {
                    seq: row.seq,
                    reason: "content changed after it was written".into(),
                });
            }
            prev = row.hash;
            expected_seq += 1;
        }
    }
    let (head_seq, head_hash): (i64, String) = db
        .fetch_one(
            Query::select()
                .columns([AuditHead::Seq, AuditHead::LastHash])
                .from(AuditHead::Table)
                .and_where(Expr::col(AuditHead::Id).eq(1)),
        )
        .await?;
    if head_seq != expected_seq - 1 || head_hash != prev {
        return Ok(Verdict::Broken {
            seq: expected_seq,
            reason: format!(
                "the log ends at entry {} but {} were written",
                expected_seq - 1,
                head_seq
            ),
        });
    }
    Ok(Verdict::Intact {
        entries: expected_seq - 1,
    })
}

/// A page of entries for the staff page, newest first, optionally for one record type.
pub async fn page(
    db: &Db,
    record_type: Option<&str>,
    before_seq: Option<i64>,
    limit: u64,
) -> anyhow::Result<Vec<AuditRow>> {
    let mut q = Query::select();
    q.columns([
        AuditLog::Id,
        AuditLog::Seq,
        AuditLog::At,
        AuditLog::ActorId,
        AuditLog::Action,
        AuditLog::RecordType,
        AuditLog::RecordId,
        AuditLog::Summary,
        AuditLog::PrevHash,
        AuditLog::Hash,
    ])
    .from(AuditLog::Table)
    .order_by(AuditLog::Seq, Order::Desc)
    .limit(limit);
    if let Some(t) = record_type {
        q.and_where(Expr::col(AuditLog::RecordType).eq(t));
    }
    if let Some(b) = before_seq {
        q.and_where(Expr::col(AuditLog::Seq).lt(b));
    }
    db.fetch_all(&q).await
}
