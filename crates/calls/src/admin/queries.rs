//! The admin room's reads and writes of calls and their form revisions (the shared records and
//! transitions are in [`crate::model`]).

use crate::model::{
    self, Call, CallForms, CallTransitions, Calls, Files, FormRevision, CALL_COLUMNS,
};
use chrono::{DateTime, Utc};
use essor_domain::forms::FormSchema;
use essor_domain::ids::{CallId, FormId, UserId};
use essor_domain::money::Cents;
use essor_domain::org::OrgKind;
use essor_platform::db::{Db, Tx};
use essor_platform::orgs::DocumentKind;
use essor_platform::session::Users;
use sea_query::{Asterisk, Expr, LockType, Order, Query};

/// What the call form produces, checked.
#[derive(Debug, Clone)]
pub(crate) struct CallData {
    pub slug: String,
    pub title: String,
    pub theme: String,
    pub summary: String,
    pub description: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub time_zone: String,
    pub eligible_kinds: Vec<OrgKind>,
    pub require_esus: bool,
    pub territory_rule: String,
    /// JSON array of `EligibilityRule`, already checked.
    pub eligibility_rules: String,
    pub max_amount: Option<Cents>,
    pub envelope: Option<Cents>,
    pub required_documents: Vec<DocumentKind>,
    pub contact_name: String,
    pub contact_email: String,
    pub file_prefix: String,
}

impl CallData {
    fn values(&self) -> Vec<(Calls, sea_query::SimpleExpr)> {
        let kinds: Vec<&str> = self.eligible_kinds.iter().map(|k| k.as_str()).collect();
        let docs: Vec<&str> = self.required_documents.iter().map(|d| d.as_str()).collect();
        vec![
            (Calls::Slug, self.slug.clone().into()),
            (Calls::Title, self.title.clone().into()),
            (Calls::Theme, self.theme.clone().into()),
            (Calls::Summary, self.summary.clone().into()),
            (Calls::Description, self.description.clone().into()),
            (Calls::OpensAt, self.opens_at.into()),
            (Calls::ClosesAt, self.closes_at.into()),
            (Calls::TimeZone, self.time_zone.clone().into()),
            (
                Calls::EligibleKinds,
                serde_json::json!(kinds).to_string().into(),
            ),
            (Calls::RequireEsus, self.require_esus.into()),
            (Calls::TerritoryRule, self.territory_rule.clone().into()),
            (
                Calls::EligibilityRules,
                self.eligibility_rules.clone().into(),
            ),
            (Calls::MaxAmount, self.max_amount.map(|c| c.0).into()),
            (Calls::Envelope, self.envelope.map(|c| c.0).into()),
            (
                Calls::RequiredDocuments,
                serde_json::json!(docs).to_string().into(),
            ),
            (Calls::ContactName, self.contact_name.clone().into()),
            (Calls::ContactEmail, self.contact_email.clone().into()),
            (Calls::FilePrefix, self.file_prefix.clone().into()),
        ]
    }
}

/// Creates a draft call.
pub(crate) async fn insert_call(
    tx: &mut Tx,
    data: &CallData,
    by: UserId,
) -> anyhow::Result<CallId> {
    let now = Utc::now();
    let mut values = data.values();
    values.extend([
        (Calls::State, "draft".into()),
        (Calls::CreatedBy, by.0.into()),
        (Calls::CreatedAt, now.into()),
        (Calls::UpdatedAt, now.into()),
    ]);
    let (cols, vals): (Vec<_>, Vec<_>) = values.into_iter().unzip();
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(Calls::Table)
                .columns(cols)
                .values_panic(vals)
                .to_owned(),
        )
        .await?;
    Ok(CallId(id))
}

pub(crate) async fn update_call(tx: &mut Tx, id: CallId, data: &CallData) -> anyhow::Result<()> {
    let mut q = Query::update();
    q.table(Calls::Table)
        .and_where(Expr::col(Calls::Id).eq(id.0));
    for (c, v) in data.values() {
        q.value(c, v);
    }
    q.value(Calls::UpdatedAt, Utc::now());
    tx.execute(&q).await?;
    Ok(())
}

/// Sets the deadline (closing early, reopening).
pub(crate) async fn set_closes_at(
    tx: &mut Tx,
    id: CallId,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    tx.execute(
        Query::update()
            .table(Calls::Table)
            .values([
                (Calls::ClosesAt, at.into()),
                (Calls::UpdatedAt, Utc::now().into()),
            ])
            .and_where(Expr::col(Calls::Id).eq(id.0)),
    )
    .await?;
    Ok(())
}

pub(crate) async fn slug_taken(
    db: &Db,
    slug: &str,
    except: Option<CallId>,
) -> anyhow::Result<bool> {
    let mut q = Query::select();
    q.expr(Expr::col(Asterisk).count())
        .from(Calls::Table)
        .and_where(Expr::col(Calls::Slug).eq(slug));
    if let Some(id) = except {
        q.and_where(Expr::col(Calls::Id).ne(id.0));
    }
    let (n,): (i64,) = db.fetch_one(&q).await?;
    Ok(n > 0)
}

/// Every call, the latest opening first.
pub(crate) async fn all_calls(db: &Db) -> anyhow::Result<Vec<Call>> {
    db.fetch_all(
        Query::select()
            .columns(CALL_COLUMNS)
            .from(Calls::Table)
            .order_by(Calls::OpensAt, Order::Desc)
            .order_by(Calls::Id, Order::Desc),
    )
    .await
}

/// The call, its row locked until the transaction ends (PostgreSQL; SQLite transactions
/// already hold the write lock), so that edits of its form queue up instead of overwriting
/// each other.
pub(crate) async fn lock_call(tx: &mut Tx, id: CallId) -> anyhow::Result<Option<Call>> {
    tx.fetch_optional(
        Query::select()
            .columns(CALL_COLUMNS)
            .from(Calls::Table)
            .and_where(Expr::col(Calls::Id).eq(id.0))
            .lock(LockType::Update),
    )
    .await
}

/// Number of files per call and state: `(call, state, count)`.
pub(crate) async fn file_counts(
    db: &Db,
    call: Option<CallId>,
) -> anyhow::Result<Vec<(i64, String, i64)>> {
    let mut q = Query::select();
    q.columns([Files::CallId, Files::State])
        .expr(Expr::col(Asterisk).count())
        .from(Files::Table)
        .group_by_columns([Files::CallId, Files::State]);
    if let Some(id) = call {
        q.and_where(Expr::col(Files::CallId).eq(id.0));
    }
    db.fetch_all(&q).await
}

pub(crate) async fn count_files(tx: &mut Tx, call: CallId) -> anyhow::Result<i64> {
    let (n,): (i64,) = tx
        .fetch_one(
            Query::select()
                .expr(Expr::col(Asterisk).count())
                .from(Files::Table)
                .and_where(Expr::col(Files::CallId).eq(call.0)),
        )
        .await?;
    Ok(n)
}

async fn count_files_on_form(tx: &mut Tx, form: FormId) -> anyhow::Result<i64> {
    let (n,): (i64,) = tx
        .fetch_one(
            Query::select()
                .expr(Expr::col(Asterisk).count())
                .from(Files::Table)
                .and_where(Expr::col(Files::FormId).eq(form.0)),
        )
        .await?;
    Ok(n)
}

const FORM_COLUMNS: [CallForms; 7] = [
    CallForms::Id,
    CallForms::CallId,
    CallForms::Revision,
    CallForms::Schema,
    CallForms::CreatedBy,
    CallForms::CreatedAt,
    CallForms::PublishedAt,
];

/// Every revision of a call's form, the newest first.
pub(crate) async fn revisions(db: &Db, call: CallId) -> anyhow::Result<Vec<FormRevision>> {
    db.fetch_all(
        Query::select()
            .columns(FORM_COLUMNS)
            .from(CallForms::Table)
            .and_where(Expr::col(CallForms::CallId).eq(call.0))
            .order_by(CallForms::Revision, Order::Desc),
    )
    .await
}

fn latest_query(call: CallId) -> sea_query::SelectStatement {
    Query::select()
        .columns(FORM_COLUMNS)
        .from(CallForms::Table)
        .and_where(Expr::col(CallForms::CallId).eq(call.0))
        .order_by(CallForms::Revision, Order::Desc)
        .limit(1)
        .to_owned()
}

/// The working revision: the newest one (a draft when it was never published).
pub(crate) async fn latest_revision(db: &Db, call: CallId) -> anyhow::Result<Option<FormRevision>> {
    db.fetch_optional(&latest_query(call)).await
}

pub(crate) async fn latest_revision_tx(
    tx: &mut Tx,
    call: CallId,
) -> anyhow::Result<Option<FormRevision>> {
    tx.fetch_optional(&latest_query(call)).await
}

pub(crate) async fn insert_revision(
    tx: &mut Tx,
    call: CallId,
    revision: i64,
    schema: &FormSchema,
    by: UserId,
) -> anyhow::Result<FormId> {
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(CallForms::Table)
                .columns([
                    CallForms::CallId,
                    CallForms::Revision,
                    CallForms::Schema,
                    CallForms::CreatedBy,
                    CallForms::CreatedAt,
                ])
                .values_panic([
                    call.0.into(),
                    revision.into(),
                    serde_json::to_string(schema)?.into(),
                    by.0.into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await?;
    Ok(FormId(id))
}

/// Rewrites a draft revision. Guarded: a published revision is never changed.
pub(crate) async fn update_revision(
    tx: &mut Tx,
    form: FormId,
    schema: &FormSchema,
) -> anyhow::Result<bool> {
    let n = tx
        .execute(
            Query::update()
                .table(CallForms::Table)
                .value(CallForms::Schema, serde_json::to_string(schema)?)
                .and_where(Expr::col(CallForms::Id).eq(form.0))
                .and_where(Expr::col(CallForms::PublishedAt).is_null()),
        )
        .await?;
    Ok(n == 1)
}

/// Publishes a revision (if it is still a draft) and makes it the one new files start on.
pub(crate) async fn publish_revision(
    tx: &mut Tx,
    call: CallId,
    form: FormId,
) -> anyhow::Result<()> {
    let now = Utc::now();
    tx.execute(
        Query::update()
            .table(CallForms::Table)
            .value(CallForms::PublishedAt, now)
            .and_where(Expr::col(CallForms::Id).eq(form.0))
            .and_where(Expr::col(CallForms::PublishedAt).is_null()),
    )
    .await?;
    tx.execute(
        Query::update()
            .table(Calls::Table)
            .values([
                (Calls::CurrentFormId, form.0.into()),
                (Calls::UpdatedAt, now.into()),
            ])
            .and_where(Expr::col(Calls::Id).eq(call.0)),
    )
    .await?;
    Ok(())
}

/// Deletes a draft revision no file uses; false when it is published or in use.
pub(crate) async fn delete_draft_revision(tx: &mut Tx, form: FormId) -> anyhow::Result<bool> {
    if count_files_on_form(tx, form).await? > 0 {
        return Ok(false);
    }
    let n = tx
        .execute(
            Query::delete()
                .from_table(CallForms::Table)
                .and_where(Expr::col(CallForms::Id).eq(form.0))
                .and_where(Expr::col(CallForms::PublishedAt).is_null()),
        )
        .await?;
    Ok(n == 1)
}

/// One line of a call's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct HistoryRow {
    pub from_state: String,
    pub to_state: String,
    pub event: String,
    pub actor_name: Option<String>,
    pub at: DateTime<Utc>,
}

pub(crate) async fn history(db: &Db, call: CallId) -> anyhow::Result<Vec<HistoryRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                (CallTransitions::Table, CallTransitions::FromState),
                (CallTransitions::Table, CallTransitions::ToState),
                (CallTransitions::Table, CallTransitions::Event),
                (CallTransitions::Table, CallTransitions::At),
            ])
            .expr_as(
                Expr::col((Users::Table, Users::DisplayName)),
                sea_query::Alias::new("actor_name"),
            )
            .from(CallTransitions::Table)
            .left_join(
                Users::Table,
                Expr::col((Users::Table, Users::Id))
                    .equals((CallTransitions::Table, CallTransitions::ActorId)),
            )
            .and_where(Expr::col((CallTransitions::Table, CallTransitions::CallId)).eq(call.0))
            .order_by((CallTransitions::Table, CallTransitions::At), Order::Desc)
            .order_by((CallTransitions::Table, CallTransitions::Id), Order::Desc),
    )
    .await
}

/// The published calls and the closed ones, for the public list.
pub(crate) async fn public_calls(db: &Db) -> anyhow::Result<Vec<Call>> {
    db.fetch_all(
        Query::select()
            .columns(CALL_COLUMNS)
            .from(Calls::Table)
            .and_where(Expr::col(Calls::State).is_in(["published", "closed"]))
            .order_by(Calls::ClosesAt, Order::Asc)
            .order_by(Calls::Id, Order::Asc),
    )
    .await
}

pub(crate) use model::call_by_slug;
