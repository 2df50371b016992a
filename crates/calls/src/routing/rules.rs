//! Routing rules: stored per call, read in order, applied to a file when it is submitted (and,
//! on request, to the files already received). Every matching rule puts its label on the file;
//! the first matching rule that names a staff member assigns the file, unless someone already
//! has it (a person's choice is never overridden by a rule).

use crate::apply::{answers_of, load_parts, local_date, org_facts};
use crate::instruction::actions::{attach_label, label_for, set_assignee};
use crate::model::{File, FileAccess, Files, FILE_COLUMNS};
use chrono::{DateTime, Utc};
use essor_domain::forms::{compute, Condition, Env, FormEnv};
use essor_domain::ids::UserId;
use essor_domain::lifecycle::FileState;
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Tx};
use essor_platform::AppState;
use sea_query::{Expr, Func, Iden, Order, Query};
use serde_json::json;

#[derive(Iden)]
enum CallRoutingRules {
    Table,
    Id,
    CallId,
    Position,
    Name,
    Condition,
    AssigneeId,
    Label,
    CreatedBy,
    CreatedAt,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Rule {
    pub id: i64,
    pub name: String,
    /// JSON of a [`Condition`].
    pub condition: String,
    pub assignee_id: Option<i64>,
    pub label: Option<String>,
}

impl Rule {
    /// The stored condition; a rule whose condition no longer reads never matches.
    pub fn condition(&self) -> Option<Condition> {
        serde_json::from_str(&self.condition).ok()
    }
}

/// A rule as staff wrote it, checked by the page.
pub(crate) struct NewRule {
    pub name: String,
    pub condition: Condition,
    pub assignee_id: Option<i64>,
    pub label: Option<String>,
}

/// Files routing applies to when staff run the rules again: received and not yet decided.
pub(crate) const ROUTABLE: [FileState; 2] = [FileState::Submitted, FileState::UnderInstruction];

async fn rules_in(tx: &mut Tx, call: i64) -> anyhow::Result<Vec<Rule>> {
    tx.fetch_all(&select(call)).await
}

fn select(call: i64) -> sea_query::SelectStatement {
    Query::select()
        .columns([
            CallRoutingRules::Id,
            CallRoutingRules::Name,
            CallRoutingRules::Condition,
            CallRoutingRules::AssigneeId,
            CallRoutingRules::Label,
        ])
        .from(CallRoutingRules::Table)
        .and_where(Expr::col(CallRoutingRules::CallId).eq(call))
        .order_by(CallRoutingRules::Position, Order::Asc)
        .order_by(CallRoutingRules::Id, Order::Asc)
        .to_owned()
}

/// The call's rules in the order they are applied.
pub(crate) async fn rules(db: &Db, call: i64) -> anyhow::Result<Vec<Rule>> {
    db.fetch_all(&select(call)).await
}

pub(crate) async fn insert(
    tx: &mut Tx,
    call: i64,
    rule: &NewRule,
    actor: UserId,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let (last,): (Option<i64>,) = tx
        .fetch_one(
            Query::select()
                .expr(Func::max(Expr::col(CallRoutingRules::Position)))
                .from(CallRoutingRules::Table)
                .and_where(Expr::col(CallRoutingRules::CallId).eq(call)),
        )
        .await?;
    let condition = serde_json::to_string(&rule.condition)?;
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(CallRoutingRules::Table)
                .columns([
                    CallRoutingRules::CallId,
                    CallRoutingRules::Position,
                    CallRoutingRules::Name,
                    CallRoutingRules::Condition,
                    CallRoutingRules::AssigneeId,
                    CallRoutingRules::Label,
                    CallRoutingRules::CreatedBy,
                    CallRoutingRules::CreatedAt,
                ])
                .values_panic([
                    call.into(),
                    (last.unwrap_or(0) + 1).into(),
                    rule.name.clone().into(),
                    condition.clone().into(),
                    rule.assignee_id.into(),
                    rule.label.clone().into(),
                    actor.0.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(actor),
            action: "call.routing_rule_add",
            record_type: "call",
            record_id: call.to_string(),
            summary: json!({
                "rule": id,
                "name": rule.name,
                "condition": rule.condition,
                "assignee": rule.assignee_id,
                "label": rule.label,
            }),
        },
    )
    .await?;
    Ok(id)
}

/// Deletes a rule of `call`; `false` when there is no such rule on this call.
pub(crate) async fn delete(
    tx: &mut Tx,
    call: i64,
    rule: i64,
    actor: UserId,
) -> anyhow::Result<bool> {
    let n = tx
        .execute(
            Query::delete()
                .from_table(CallRoutingRules::Table)
                .and_where(Expr::col(CallRoutingRules::Id).eq(rule))
                .and_where(Expr::col(CallRoutingRules::CallId).eq(call)),
        )
        .await?;
    if n == 1 {
        audit::record(
            tx,
            Entry {
                actor: Some(actor),
                action: "call.routing_rule_delete",
                record_type: "call",
                record_id: call.to_string(),
                summary: json!({ "rule": rule }),
            },
        )
        .await?;
    }
    Ok(n == 1)
}

/// What routing did to one file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Routed {
    /// Rules whose condition held, in order.
    pub matched: Vec<i64>,
    pub assigned: bool,
    pub labels_added: usize,
}

/// Applies the call's rules to `file`, whose answers and organisation `env` reads, inside the
/// caller's transaction (the submission's, so a file is never submitted without its routing).
pub(crate) async fn route(
    tx: &mut Tx,
    file: &File,
    env: &(dyn Env + Sync),
) -> anyhow::Result<Routed> {
    let rules = rules_in(tx, file.call_id).await?;
    let mut out = Routed::default();
    let mut has_assignee = file.assignee_id.is_some();
    for rule in &rules {
        if !rule.condition().is_some_and(|c| c.eval(env)) {
            continue;
        }
        out.matched.push(rule.id);
        if let Some(a) = rule.assignee_id.filter(|_| !has_assignee) {
            out.assigned |= set_assignee(tx, file, Some(a), None).await?;
            has_assignee = true;
        }
        if let Some(name) = rule.label.as_deref() {
            let label = label_for(tx, file.call_id, name, None).await?;
            if attach_label(tx, file, label, None).await? {
                out.labels_added += 1;
            }
        }
    }
    if !out.matched.is_empty() {
        audit::record(
            tx,
            Entry {
                actor: None,
                action: "file.routed",
                record_type: "file",
                record_id: file.id.to_string(),
                summary: json!({ "rules": out.matched }),
            },
        )
        .await?;
    }
    Ok(out)
}

/// Runs `route` on one file with its own form revision, answers and organisation facts.
pub(crate) async fn route_file(
    state: &AppState,
    tx: &mut Tx,
    file: File,
    now: DateTime<Utc>,
) -> anyhow::Result<Routed> {
    let l = load_parts(state.db(), file, FileAccess::Staff)
        .await
        .map_err(|e| anyhow::anyhow!("loading a file to route: {e:?}"))?;
    let answers = answers_of(&l.file);
    let facts = org_facts(state, &l.org, local_date(now, l.call.tz())).await?;
    let computed = compute(&l.schema, &answers);
    let env = FormEnv {
        schema: &l.schema,
        answers: &answers,
        computed: &computed,
        org: &facts,
    };
    route(tx, &l.file, &env).await
}

/// Applies the rules to every received, undecided file of the call, in one transaction.
/// Returns how many files at least one rule matched.
pub(crate) async fn route_received(
    state: &AppState,
    call: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let files: Vec<File> = state
        .db()
        .fetch_all(
            Query::select()
                .columns(FILE_COLUMNS)
                .from(Files::Table)
                .and_where(Expr::col(Files::CallId).eq(call))
                .and_where(Expr::col(Files::State).is_in(ROUTABLE.map(|s| s.as_str())))
                .order_by(Files::Id, Order::Asc),
        )
        .await?;
    let mut tx = state.db().begin().await?;
    let mut matched = 0;
    for file in files {
        if !route_file(state, &mut tx, file, now)
            .await?
            .matched
            .is_empty()
        {
            matched += 1;
        }
    }
    tx.commit().await?;
    Ok(matched)
}
