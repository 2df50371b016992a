//! The records every part of calls shares: calls, their form revisions and application files,
//! with the transitions that move them (each recorded in a history table and the audit log).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use essor_domain::forms::FormSchema;
use essor_domain::ids::{CallId, FileId, FormId, OrgId, UserId};
use essor_domain::lifecycle::{Actor, CallEvent, CallState, FileEvent, FileState, TransitionError};
use essor_domain::money::Cents;
use essor_domain::org::OrgKind;
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Tx};
use sea_query::{Expr, Iden, Query};
use serde_json::json;

#[derive(Iden)]
pub enum Calls {
    Table,
    Id,
    Slug,
    Title,
    Theme,
    Summary,
    Description,
    OpensAt,
    ClosesAt,
    TimeZone,
    EligibleKinds,
    RequireEsus,
    TerritoryRule,
    EligibilityRules,
    MaxAmount,
    Envelope,
    RequiredDocuments,
    ContactName,
    ContactEmail,
    FilePrefix,
    State,
    CurrentFormId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub enum CallTransitions {
    Table,
    Id,
    CallId,
    FromState,
    ToState,
    Event,
    ActorId,
    Reason,
    At,
}

#[derive(Iden)]
pub enum CallForms {
    Table,
    Id,
    CallId,
    Revision,
    Schema,
    CreatedBy,
    CreatedAt,
    PublishedAt,
}

#[derive(Iden)]
pub enum Files {
    Table,
    Id,
    Number,
    CallId,
    FormId,
    OrgId,
    CreatedBy,
    State,
    Answers,
    RawInputs,
    Title,
    RequestedAmount,
    CommuneCode,
    SearchText,
    AssigneeId,
    Version,
    SubmitKey,
    SubmittedAt,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
    /// Set by a commission's award (migration 0025); read by exports.
    AwardedAmount,
}

#[derive(Iden)]
pub enum FileTransitions {
    Table,
    Id,
    FileId,
    FromState,
    ToState,
    Event,
    ActorId,
    Reason,
    At,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Call {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub theme: String,
    pub summary: String,
    /// Markdown, rendered safely (raw HTML escaped).
    pub description: String,
    pub opens_at: DateTime<Utc>,
    /// The deadline, to the second: a file submitted at `closes_at` or later is refused.
    pub closes_at: DateTime<Utc>,
    pub time_zone: String,
    /// JSON array of `OrgKind` names.
    pub eligible_kinds: String,
    /// ESS companies must hold a valid ESUS approval at submission.
    pub require_esus: bool,
    /// `head_office` (the organisation's commune must be in the territory) or `any`.
    pub territory_rule: String,
    /// JSON array of `essor_domain::forms::EligibilityRule` (extra questions and rules).
    pub eligibility_rules: String,
    pub max_amount: Option<i64>,
    pub envelope: Option<i64>,
    /// JSON array of vault document kinds the file must include.
    pub required_documents: String,
    pub contact_name: String,
    pub contact_email: String,
    /// File numbers read `{file_prefix}-{year}-{id:05}`.
    pub file_prefix: String,
    pub state: String,
    pub current_form_id: Option<i64>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const CALL_COLUMNS: [Calls; 24] = [
    Calls::Id,
    Calls::Slug,
    Calls::Title,
    Calls::Theme,
    Calls::Summary,
    Calls::Description,
    Calls::OpensAt,
    Calls::ClosesAt,
    Calls::TimeZone,
    Calls::EligibleKinds,
    Calls::RequireEsus,
    Calls::TerritoryRule,
    Calls::EligibilityRules,
    Calls::MaxAmount,
    Calls::Envelope,
    Calls::RequiredDocuments,
    Calls::ContactName,
    Calls::ContactEmail,
    Calls::FilePrefix,
    Calls::State,
    Calls::CurrentFormId,
    Calls::CreatedBy,
    Calls::CreatedAt,
    Calls::UpdatedAt,
];

impl Call {
    pub fn id(&self) -> CallId {
        CallId(self.id)
    }

    pub fn state(&self) -> CallState {
        CallState::parse(&self.state).unwrap_or(CallState::Draft)
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
    }

    pub fn eligible_kinds(&self) -> Vec<OrgKind> {
        serde_json::from_str::<Vec<String>>(&self.eligible_kinds)
            .unwrap_or_default()
            .iter()
            .filter_map(|k| OrgKind::parse(k))
            .collect()
    }

    pub fn max_amount(&self) -> Option<Cents> {
        self.max_amount.map(Cents)
    }

    pub fn envelope(&self) -> Option<Cents> {
        self.envelope.map(Cents)
    }

    /// Published and within its opening and closing instants.
    pub fn is_open_at(&self, now: DateTime<Utc>) -> bool {
        self.state() == CallState::Published && self.opens_at <= now && now < self.closes_at
    }

    pub fn is_visible_to_public(&self) -> bool {
        matches!(self.state(), CallState::Published | CallState::Closed)
    }
}

pub async fn call_by_id(db: &Db, id: CallId) -> anyhow::Result<Option<Call>> {
    db.fetch_optional(
        Query::select()
            .columns(CALL_COLUMNS)
            .from(Calls::Table)
            .and_where(Expr::col(Calls::Id).eq(id.0)),
    )
    .await
}

pub async fn call_by_slug(db: &Db, slug: &str) -> anyhow::Result<Option<Call>> {
    db.fetch_optional(
        Query::select()
            .columns(CALL_COLUMNS)
            .from(Calls::Table)
            .and_where(Expr::col(Calls::Slug).eq(slug)),
    )
    .await
}

/// Moves a call through its lifecycle, with its history row and audit entry, in `tx`.
pub async fn transition_call(
    tx: &mut Tx,
    call: &Call,
    event: CallEvent,
    has_files: bool,
    actor: UserId,
) -> anyhow::Result<Result<CallState, TransitionError>> {
    let from = call.state();
    let to = match from.apply(event, has_files) {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    let now = Utc::now();
    // Guarded by the old state, so two staff acting at once cannot both move the call.
    let n = tx
        .execute(
            Query::update()
                .table(Calls::Table)
                .values([
                    (Calls::State, to.as_str().into()),
                    (Calls::UpdatedAt, now.into()),
                ])
                .and_where(Expr::col(Calls::Id).eq(call.id))
                .and_where(Expr::col(Calls::State).eq(from.as_str())),
        )
        .await?;
    if n == 0 {
        return Ok(Err(TransitionError {
            code: "transition-stale",
        }));
    }
    tx.execute(
        Query::insert()
            .into_table(CallTransitions::Table)
            .columns([
                CallTransitions::CallId,
                CallTransitions::FromState,
                CallTransitions::ToState,
                CallTransitions::Event,
                CallTransitions::ActorId,
                CallTransitions::At,
            ])
            .values_panic([
                call.id.into(),
                from.as_str().into(),
                to.as_str().into(),
                event.as_str().into(),
                actor.0.into(),
                now.into(),
            ]),
    )
    .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(actor),
            action: "call.transition",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "from": from.as_str(), "to": to.as_str(), "event": event.as_str() }),
        },
    )
    .await?;
    Ok(Ok(to))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FormRevision {
    pub id: i64,
    pub call_id: i64,
    pub revision: i64,
    pub schema: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl FormRevision {
    pub fn id(&self) -> FormId {
        FormId(self.id)
    }

    pub fn schema(&self) -> anyhow::Result<FormSchema> {
        Ok(serde_json::from_str(&self.schema)?)
    }
}

pub async fn form_by_id(db: &Db, id: FormId) -> anyhow::Result<Option<FormRevision>> {
    db.fetch_optional(
        Query::select()
            .columns([
                CallForms::Id,
                CallForms::CallId,
                CallForms::Revision,
                CallForms::Schema,
                CallForms::CreatedBy,
                CallForms::CreatedAt,
                CallForms::PublishedAt,
            ])
            .from(CallForms::Table)
            .and_where(Expr::col(CallForms::Id).eq(id.0)),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct File {
    pub id: i64,
    pub number: String,
    pub call_id: i64,
    /// The form revision the file was started on: answers are keyed by its stable field ids.
    pub form_id: i64,
    pub org_id: i64,
    pub created_by: i64,
    pub state: String,
    /// JSON of `essor_domain::forms::Answers`.
    pub answers: String,
    /// JSON map of raw inputs that did not parse, so a half-filled page comes back as typed.
    pub raw_inputs: String,
    pub title: String,
    pub requested_amount: Option<i64>,
    pub commune_code: Option<String>,
    pub search_text: String,
    pub assignee_id: Option<i64>,
    /// Bumped by every save: a stale form (another tab) is detected instead of overwriting.
    pub version: i64,
    pub submit_key: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const FILE_COLUMNS: [Files; 20] = [
    Files::Id,
    Files::Number,
    Files::CallId,
    Files::FormId,
    Files::OrgId,
    Files::CreatedBy,
    Files::State,
    Files::Answers,
    Files::RawInputs,
    Files::Title,
    Files::RequestedAmount,
    Files::CommuneCode,
    Files::SearchText,
    Files::AssigneeId,
    Files::Version,
    Files::SubmitKey,
    Files::SubmittedAt,
    Files::DecidedAt,
    Files::CreatedAt,
    Files::UpdatedAt,
];

impl File {
    pub fn id(&self) -> FileId {
        FileId(self.id)
    }

    pub fn org(&self) -> OrgId {
        OrgId(self.org_id)
    }

    pub fn state(&self) -> FileState {
        FileState::parse(&self.state).unwrap_or(FileState::Draft)
    }

    pub fn requested(&self) -> Option<Cents> {
        self.requested_amount.map(Cents)
    }
}

pub async fn file_by_id(db: &Db, id: FileId) -> anyhow::Result<Option<File>> {
    db.fetch_optional(
        Query::select()
            .columns(FILE_COLUMNS)
            .from(Files::Table)
            .and_where(Expr::col(Files::Id).eq(id.0)),
    )
    .await
}

/// Who is looking at a file, which decides what they may see and do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAccess {
    /// A member of the applicant organisation.
    Applicant,
    /// Department staff (and administrators).
    Staff,
}

/// The access a signed-in person has to a file, or `None`: then the file does not exist for them
/// (answer 404, never 403, so file numbers cannot be probed).
pub async fn file_access(
    db: &Db,
    file: &File,
    user: &essor_platform::session::CurrentUser,
) -> anyhow::Result<Option<FileAccess>> {
    if user.is_staff() {
        return Ok(Some(FileAccess::Staff));
    }
    let role = essor_platform::orgs::role_of(db, file.org(), user.id).await?;
    Ok(role.map(|_| FileAccess::Applicant))
}

/// Moves a file through its lifecycle, with its history row and audit entry, in `tx`. Guarded
/// by the current state so a double click or two staff acting at once move it only once.
pub async fn transition_file(
    tx: &mut Tx,
    file: &File,
    event: FileEvent,
    actor: Actor,
    actor_id: UserId,
    reason: Option<&str>,
) -> anyhow::Result<Result<FileState, TransitionError>> {
    let from = file.state();
    let to = match from.apply(event, actor, reason) {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    let now = Utc::now();
    let mut values = vec![
        (Files::State, to.as_str().into()),
        (Files::UpdatedAt, now.into()),
        (Files::Version, Expr::col(Files::Version).add(1)),
    ];
    if to == FileState::Submitted {
        values.push((Files::SubmittedAt, now.into()));
    }
    if to.is_decided() {
        values.push((Files::DecidedAt, now.into()));
    }
    let mut q = Query::update();
    q.table(Files::Table)
        .and_where(Expr::col(Files::Id).eq(file.id))
        .and_where(Expr::col(Files::State).eq(from.as_str()));
    for (col, v) in values {
        q.value(col, v);
    }
    if tx.execute(&q).await? == 0 {
        return Ok(Err(TransitionError {
            code: "transition-stale",
        }));
    }
    tx.execute(
        Query::insert()
            .into_table(FileTransitions::Table)
            .columns([
                FileTransitions::FileId,
                FileTransitions::FromState,
                FileTransitions::ToState,
                FileTransitions::Event,
                FileTransitions::ActorId,
                FileTransitions::Reason,
                FileTransitions::At,
            ])
            .values_panic([
                file.id.into(),
                from.as_str().into(),
                to.as_str().into(),
                event.as_str().into(),
                actor_id.0.into(),
                reason.map(str::to_owned).into(),
                now.into(),
            ]),
    )
    .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(actor_id),
            action: "file.transition",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "from": from.as_str(), "to": to.as_str(), "event": event.as_str() }),
        },
    )
    .await?;
    Ok(Ok(to))
}

/// The amount a commission awarded to the file, if any.
pub async fn awarded_amount(db: &Db, file: FileId) -> anyhow::Result<Option<Cents>> {
    let row: Option<(Option<i64>,)> = db
        .fetch_optional(
            Query::select()
                .column(Files::AwardedAmount)
                .from(Files::Table)
                .and_where(Expr::col(Files::Id).eq(file.0)),
        )
        .await?;
    Ok(row.and_then(|(a,)| a).map(Cents))
}

/// A final decision on a file, as a commission takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalDecision {
    /// Accepted with the amount awarded.
    Accept(Cents),
    Refuse,
}

/// Moves a file to its final state in `tx` through the lifecycle (a submitted file first enters
/// instruction), each step with its history row and audit entry, and records the awarded amount
/// (cleared on a refusal). A refusal needs `reason`. Sends no letter: the caller sends its own.
pub async fn decide_file(
    tx: &mut Tx,
    file: &File,
    decision: FinalDecision,
    actor_id: UserId,
    reason: Option<&str>,
) -> anyhow::Result<Result<FileState, TransitionError>> {
    let mut current = file.clone();
    if current.state() == FileState::Submitted {
        match transition_file(
            tx,
            &current,
            FileEvent::StartInstruction,
            Actor::Staff,
            actor_id,
            None,
        )
        .await?
        {
            Ok(s) => current.state = s.as_str().to_owned(),
            Err(e) => return Ok(Err(e)),
        }
    }
    let (event, amount) = match decision {
        FinalDecision::Accept(c) => (FileEvent::Accept, Some(c.0)),
        FinalDecision::Refuse => (FileEvent::Refuse, None),
    };
    let to = match transition_file(tx, &current, event, Actor::Staff, actor_id, reason).await? {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    tx.execute(
        Query::update()
            .table(Files::Table)
            .value(Files::AwardedAmount, amount)
            .and_where(Expr::col(Files::Id).eq(file.id)),
    )
    .await?;
    Ok(Ok(to))
}
