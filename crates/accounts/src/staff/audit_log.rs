//! The audit log, newest first, with whether its hash chain still holds.

use super::{label_or_code, url, PER_PAGE};
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_platform::audit::{self, AuditLog, AuditRow, Verdict};
use essor_platform::session::Users;
use essor_platform::web::{render, AppResult, Ctx};
use sea_query::{Expr, Order};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Every column of `audit_log`, in the order of [`AuditRow`].
pub(super) const COLUMNS: [AuditLog; 10] = [
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
];

/// An entry as shown to staff.
pub(super) struct AuditLine {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    /// The actor's name; `None` for the system or a deleted account.
    pub actor_name: Option<String>,
    pub action: String,
    pub action_label: String,
    pub record_type: String,
    pub record_id: String,
    pub record_link: Option<String>,
    pub summary: String,
}

/// Where staff can look at the record an entry is about, when there is a page for it.
fn record_link(record_type: &str, record_id: &str) -> Option<String> {
    let id: i64 = record_id.parse().ok()?;
    match record_type {
        "user" => Some(format!("/staff/people/{id}")),
        "organisation" | "org" => Some(format!("/orgs/{id}")),
        _ => None,
    }
}

/// The JSON summary as `key: value` pairs; anything else verbatim.
fn summary_text(raw: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(" · "),
        _ => raw.to_owned(),
    }
}

/// Entries ready to show, with their actors' names looked up in one query.
pub(super) async fn lines(p: &Ctx, rows: Vec<AuditRow>) -> anyhow::Result<Vec<AuditLine>> {
    let actor_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names: BTreeMap<i64, String> = if actor_ids.is_empty() {
        BTreeMap::new()
    } else {
        p.state
            .db()
            .fetch_all::<(i64, String)>(
                sea_query::Query::select()
                    .columns([Users::Id, Users::DisplayName])
                    .from(Users::Table)
                    .and_where(Expr::col(Users::Id).is_in(actor_ids)),
            )
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| AuditLine {
            actor_name: r.actor_id.and_then(|a| names.get(&a).cloned()),
            action_label: label_or_code(
                p,
                &format!("audit-action-{}", r.action.replace('.', "-")),
                &r.action,
            ),
            record_link: record_link(&r.record_type, &r.record_id),
            summary: summary_text(&r.summary),
            seq: r.seq,
            at: r.at,
            actor_id: r.actor_id,
            action: r.action,
            record_type: r.record_type,
            record_id: r.record_id,
        })
        .collect())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AuditQuery {
    #[serde(rename = "type")]
    record_type: String,
    before: String,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditTpl<'a> {
    p: &'a Ctx,
    record_type: &'a str,
    types: Vec<String>,
    lines: Vec<AuditLine>,
    chain_ok: bool,
    chain_message: String,
    chain_detail: String,
    first_page: Option<String>,
    older: Option<String>,
}

pub(super) async fn browse(p: Ctx, Query(q): Query<AuditQuery>) -> AppResult<Response> {
    p.require_staff()?;
    let db = p.state.db();
    let record_type = q.record_type.trim();
    let before = q.before.trim().parse::<i64>().ok();
    let mut rows = audit::page(
        db,
        (!record_type.is_empty()).then_some(record_type),
        before,
        PER_PAGE + 1,
    )
    .await?;
    let older = (rows.len() as u64 > PER_PAGE).then(|| {
        rows.truncate(PER_PAGE as usize);
        let last = rows.last().map(|r| r.seq.to_string()).unwrap_or_default();
        url("/staff/audit", &[("type", record_type), ("before", &last)])
    });
    // The whole chain is re-hashed on every view: linear in the size of the log.
    let (chain_ok, chain_message, chain_detail) = match audit::verify(db).await? {
        Verdict::Intact { entries } => (
            true,
            p.t.tn("staff-audit-chain-ok", "count", entries),
            String::new(),
        ),
        Verdict::Broken { seq, reason } => {
            (false, p.t1("staff-audit-chain-broken", "seq", seq), reason)
        }
    };
    let types: Vec<(String,)> = db
        .fetch_all(
            sea_query::Query::select()
                .distinct()
                .column(AuditLog::RecordType)
                .from(AuditLog::Table)
                .order_by(AuditLog::RecordType, Order::Asc),
        )
        .await?;
    let lines = lines(&p, rows).await?;
    render(&AuditTpl {
        p: &p,
        record_type,
        types: types.into_iter().map(|(t,)| t).collect(),
        lines,
        chain_ok,
        chain_message,
        chain_detail,
        first_page: before.map(|_| url("/staff/audit", &[("type", record_type)])),
        older,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_as_pairs() {
        assert_eq!(summary_text(r#"{"role":"jury"}"#), "role: jury");
        assert_eq!(summary_text(r#"{"n":3}"#), "n: 3");
        assert_eq!(summary_text("not json"), "not json");
        assert_eq!(summary_text("{}"), "");
    }

    #[test]
    fn records_link_to_their_page() {
        assert_eq!(record_link("user", "7").as_deref(), Some("/staff/people/7"));
        assert_eq!(record_link("organisation", "3").as_deref(), Some("/orgs/3"));
        assert_eq!(record_link("user", "x/../../admin"), None);
        assert_eq!(record_link("job", "3"), None);
    }
}
