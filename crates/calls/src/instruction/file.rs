//! A file's page for staff: every answer, attachments, the history of every transition,
//! private annotations and internal comments, labels, assignment, expert opinions, and the
//! forms that act on them (each posting to its own route and coming back here).

use super::answers::{self, Leaf, Links, PageView, Shown};
use super::list::{call_labels, opt, Opt};
use super::{
    event_label, events_for, human_size, lines, money, needs_reason, path_id, person, staff_file,
    staff_members, state_badge, state_label, CallLabels, ExpertRequests, FileAttachments,
    FileLabels, FileMessages, FileNotes, Person,
};
use crate::model::{self, Call, File, FileTransitions};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::ids::CallId;
use essor_platform::orgs::{self, Org};
use essor_platform::session::Users;
use essor_platform::web::{render, render_invalid, AppError, AppResult, Ctx, FormErrors};
use sea_query::{Alias, Asterisk, Expr, Order, Query};
use std::collections::BTreeSet;

/// What the page's forms held when one of them was refused, to show them filled again.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageForm {
    pub event: String,
    pub reason: String,
    pub annotation: String,
    pub comment: String,
    pub new_label: String,
    pub expert_email: String,
    pub expert_name: String,
    pub question: String,
    pub sees_others: bool,
    /// The language of the expert's e-mail (`fr`, `en`); empty: the staff member's.
    pub expert_lang: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct HistoryRow {
    pub from_state: String,
    pub to_state: String,
    pub event: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct NoteRow {
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub author_name: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ExpertRow {
    pub id: i64,
    pub expert_email: String,
    pub expert_name: String,
    pub question: String,
    pub sees_other_opinions: bool,
    pub requested_at: DateTime<Utc>,
    pub opinion: Option<String>,
    pub comment: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub requester_name: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AttachmentRow {
    pub id: i64,
    pub field_id: String,
    pub storage_key: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: DateTime<Utc>,
    pub replaced_at: Option<DateTime<Utc>>,
}

pub(crate) struct HistoryLine {
    at: DateTime<Utc>,
    from: String,
    to: String,
    event: String,
    actor: String,
    reason: Vec<String>,
}

pub(crate) struct NoteLine {
    at: DateTime<Utc>,
    author: String,
    body: Vec<String>,
}

pub(crate) struct ExpertLine {
    id: i64,
    name: String,
    email: String,
    question: Vec<String>,
    requested_at: DateTime<Utc>,
    requester: String,
    sees_others: bool,
    /// "pending", "answered" or "revoked".
    status: &'static str,
    opinion: Option<String>,
    comment: Vec<String>,
    answered_at: Option<DateTime<Utc>>,
    revocable: bool,
}

pub(crate) struct AttachmentLine {
    id: i64,
    name: String,
    field: String,
    size: String,
    uploaded_at: DateTime<Utc>,
    replaced_at: Option<DateTime<Utc>>,
}

#[derive(Template)]
#[template(path = "instruction/file.html")]
struct FileTpl<'a> {
    p: &'a Ctx,
    file: &'a File,
    call: Call,
    org: Org,
    creator: Option<Person>,
    state: String,
    state_class: &'static str,
    amount: Option<String>,
    commune: Option<String>,
    assignee: Option<String>,
    messages: i64,
    pages: Option<Vec<PageView>>,
    attachments: Vec<AttachmentLine>,
    history: Vec<HistoryLine>,
    annotations: Vec<NoteLine>,
    comments: Vec<NoteLine>,
    labels: Vec<(i64, String)>,
    other_labels: Vec<Opt>,
    staff: Vec<Opt>,
    /// (event, label, needs a reason, checked)
    events: Vec<(&'static str, String, bool, bool)>,
    experts: Vec<ExpertLine>,
    errors: FormErrors,
    form: PageForm,
}

impl FileTpl<'_> {
    fn messages_link(&self) -> String {
        self.p
            .t
            .tn("instruction-messages-link", "count", self.messages)
    }

    fn opinion_label(&self, opinion: &str) -> String {
        self.p.t(format!("instruction-opinion-{opinion}"))
    }

    /// The expert's language as chosen, or the staff member's when nothing was chosen yet.
    fn expert_lang_is(&self, code: &str) -> bool {
        match self.form.expert_lang.as_str() {
            "" => self.p.locale().as_str() == code,
            chosen => chosen == code,
        }
    }
}

pub(crate) async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, file) = staff_file(&p, &id).await?;
    render_file(&p, &file, PageForm::default(), FormErrors::default()).await
}

/// The file's page; with `errors` (a refused form), as a 422 with that form filled again.
pub(crate) async fn render_file(
    p: &Ctx,
    file: &File,
    form: PageForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let call = model::call_by_id(db, CallId(file.call_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its call", file.id))?;
    let org = orgs::by_id(db, file.org())
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its organisation", file.id))?;
    let creator = person(db, file.created_by).await?;
    let attachment_rows = attachments(db, file.id).await?;
    let schema = model::form_by_id(db, essor_domain::ids::FormId(file.form_id))
        .await?
        .and_then(|f| f.schema().ok());
    let field_label = |id: &str| {
        schema
            .as_ref()
            .and_then(|s| s.field(id))
            .map(|f| f.label.get(p.lang()).to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    let current: BTreeSet<i64> = attachment_rows
        .iter()
        .filter(|a| a.replaced_at.is_none())
        .map(|a| a.id)
        .collect();
    let base = format!("/staff/files/{}", file.id);
    let pages = match (&schema, serde_json::from_str(&file.answers)) {
        (Some(schema), Ok(answers)) => {
            let facts = answers::org_facts(p, &org).await?;
            Some(answers::render(
                p,
                schema,
                &answers,
                &facts,
                &Links {
                    base: &base,
                    attachments: &current,
                },
            ))
        }
        _ => None,
    };
    let attachments = attachment_rows
        .iter()
        .map(|a| AttachmentLine {
            id: a.id,
            name: a.original_name.clone(),
            field: field_label(&a.field_id),
            size: human_size(p, a.size_bytes),
            uploaded_at: a.uploaded_at,
            replaced_at: a.replaced_at,
        })
        .collect();
    let history = history(db, file.id)
        .await?
        .into_iter()
        .map(|h| HistoryLine {
            at: h.at,
            from: state_label(p, &h.from_state),
            to: state_label(p, &h.to_state),
            event: essor_domain::lifecycle::FileEvent::parse(&h.event)
                .map(|e| event_label(p, e))
                .unwrap_or(h.event),
            actor: h.actor_name.unwrap_or_default(),
            reason: h.reason.as_deref().map(lines).unwrap_or_default(),
        })
        .collect();
    let mut annotations = vec![];
    let mut comments = vec![];
    for n in notes(db, file.id).await? {
        let line = NoteLine {
            at: n.created_at,
            author: n.author_name,
            body: lines(&n.body),
        };
        if n.kind == "annotation" {
            annotations.push(line);
        } else {
            comments.push(line);
        }
    }
    let labels = file_labels(db, file.id).await?;
    let other_labels = call_labels(db, Some(file.call_id))
        .await?
        .into_iter()
        .filter(|(id, _, _)| !labels.iter().any(|(l, _)| l == id))
        .map(|(id, name, _)| opt(id, name, ""))
        .collect();
    let staff_rows = staff_members(db).await?;
    let current_assignee = file.assignee_id.map(|a| a.to_string()).unwrap_or_default();
    let assignee = match file.assignee_id {
        Some(a) => person(db, a).await?.map(|u| u.display_name),
        None => None,
    };
    let staff = staff_rows
        .iter()
        .map(|(id, name)| opt(id, name.clone(), &current_assignee))
        .collect();
    let events = events_for(file.state())
        .into_iter()
        .map(|e| {
            (
                e.as_str(),
                event_label(p, e),
                needs_reason(e),
                form.event == e.as_str(),
            )
        })
        .collect();
    let experts = expert_requests(db, file.id)
        .await?
        .into_iter()
        .map(|e| ExpertLine {
            id: e.id,
            name: e.expert_name,
            email: e.expert_email,
            question: lines(&e.question),
            requested_at: e.requested_at,
            requester: e.requester_name,
            sees_others: e.sees_other_opinions,
            status: match (e.revoked_at, e.answered_at) {
                (Some(_), _) => "revoked",
                (None, Some(_)) => "answered",
                (None, None) => "pending",
            },
            opinion: e.opinion,
            comment: e.comment.as_deref().map(lines).unwrap_or_default(),
            answered_at: e.answered_at,
            revocable: e.revoked_at.is_none(),
        })
        .collect();
    let (messages,): (i64,) = db
        .fetch_one(
            Query::select()
                .expr(Expr::col(Asterisk).count())
                .from(FileMessages::Table)
                .and_where(Expr::col(FileMessages::FileId).eq(file.id)),
        )
        .await?;
    let tpl = FileTpl {
        p,
        file,
        state: state_label(p, &file.state),
        state_class: state_badge(&file.state),
        amount: file.requested().map(|c| money(p.lang(), c)),
        commune: file
            .commune_code
            .as_deref()
            .map(|c| super::commune_label(p, c)),
        assignee,
        call,
        org,
        creator,
        messages,
        pages,
        attachments,
        history,
        annotations,
        comments,
        labels,
        other_labels,
        staff,
        events,
        experts,
        errors,
        form,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// Downloads an attachment of the file (current or replaced).
pub(crate) async fn attachment(
    p: Ctx,
    Path((id, att)): Path<(String, String)>,
) -> AppResult<Response> {
    let (_, file) = staff_file(&p, &id).await?;
    let att = path_id(&att)?;
    let a = attachments(p.state.db(), file.id)
        .await?
        .into_iter()
        .find(|a| a.id == att)
        .ok_or(AppError::NotFound)?;
    super::download(
        &p,
        &a.storage_key,
        &a.original_name,
        &a.content_type,
        a.size_bytes,
    )
    .await
}

pub(crate) async fn attachments(
    db: &essor_platform::db::Db,
    file: i64,
) -> anyhow::Result<Vec<AttachmentRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                FileAttachments::Id,
                FileAttachments::FieldId,
                FileAttachments::StorageKey,
                FileAttachments::OriginalName,
                FileAttachments::ContentType,
                FileAttachments::SizeBytes,
                FileAttachments::UploadedAt,
                FileAttachments::ReplacedAt,
            ])
            .from(FileAttachments::Table)
            .and_where(Expr::col(FileAttachments::FileId).eq(file))
            .order_by(FileAttachments::UploadedAt, Order::Asc)
            .order_by(FileAttachments::Id, Order::Asc),
    )
    .await
}

async fn history(db: &essor_platform::db::Db, file: i64) -> anyhow::Result<Vec<HistoryRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                (FileTransitions::Table, FileTransitions::FromState),
                (FileTransitions::Table, FileTransitions::ToState),
                (FileTransitions::Table, FileTransitions::Event),
                (FileTransitions::Table, FileTransitions::Reason),
                (FileTransitions::Table, FileTransitions::At),
            ])
            .expr_as(
                Expr::col((Users::Table, Users::DisplayName)),
                Alias::new("actor_name"),
            )
            .from(FileTransitions::Table)
            .left_join(
                Users::Table,
                Expr::col((Users::Table, Users::Id))
                    .equals((FileTransitions::Table, FileTransitions::ActorId)),
            )
            .and_where(Expr::col((FileTransitions::Table, FileTransitions::FileId)).eq(file))
            .order_by((FileTransitions::Table, FileTransitions::At), Order::Asc)
            .order_by((FileTransitions::Table, FileTransitions::Id), Order::Asc),
    )
    .await
}

async fn notes(db: &essor_platform::db::Db, file: i64) -> anyhow::Result<Vec<NoteRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                (FileNotes::Table, FileNotes::Kind),
                (FileNotes::Table, FileNotes::Body),
                (FileNotes::Table, FileNotes::CreatedAt),
            ])
            .expr_as(
                Expr::col((Users::Table, Users::DisplayName)),
                Alias::new("author_name"),
            )
            .from(FileNotes::Table)
            .inner_join(
                Users::Table,
                Expr::col((Users::Table, Users::Id))
                    .equals((FileNotes::Table, FileNotes::AuthorId)),
            )
            .and_where(Expr::col((FileNotes::Table, FileNotes::FileId)).eq(file))
            .order_by((FileNotes::Table, FileNotes::CreatedAt), Order::Asc)
            .order_by((FileNotes::Table, FileNotes::Id), Order::Asc),
    )
    .await
}

/// The labels on a file, by name.
pub(crate) async fn file_labels(
    db: &essor_platform::db::Db,
    file: i64,
) -> anyhow::Result<Vec<(i64, String)>> {
    db.fetch_all(
        Query::select()
            .columns([
                (CallLabels::Table, CallLabels::Id),
                (CallLabels::Table, CallLabels::Name),
            ])
            .from(FileLabels::Table)
            .inner_join(
                CallLabels::Table,
                Expr::col((CallLabels::Table, CallLabels::Id))
                    .equals((FileLabels::Table, FileLabels::LabelId)),
            )
            .and_where(Expr::col((FileLabels::Table, FileLabels::FileId)).eq(file))
            .order_by((CallLabels::Table, CallLabels::Name), Order::Asc),
    )
    .await
}

pub(crate) async fn expert_requests(
    db: &essor_platform::db::Db,
    file: i64,
) -> anyhow::Result<Vec<ExpertRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                (ExpertRequests::Table, ExpertRequests::Id),
                (ExpertRequests::Table, ExpertRequests::ExpertEmail),
                (ExpertRequests::Table, ExpertRequests::ExpertName),
                (ExpertRequests::Table, ExpertRequests::Question),
                (ExpertRequests::Table, ExpertRequests::SeesOtherOpinions),
                (ExpertRequests::Table, ExpertRequests::RequestedAt),
                (ExpertRequests::Table, ExpertRequests::Opinion),
                (ExpertRequests::Table, ExpertRequests::Comment),
                (ExpertRequests::Table, ExpertRequests::AnsweredAt),
                (ExpertRequests::Table, ExpertRequests::RevokedAt),
            ])
            .expr_as(
                Expr::col((Users::Table, Users::DisplayName)),
                Alias::new("requester_name"),
            )
            .from(ExpertRequests::Table)
            .inner_join(
                Users::Table,
                Expr::col((Users::Table, Users::Id))
                    .equals((ExpertRequests::Table, ExpertRequests::RequestedBy)),
            )
            .and_where(Expr::col((ExpertRequests::Table, ExpertRequests::FileId)).eq(file))
            .order_by(
                (ExpertRequests::Table, ExpertRequests::RequestedAt),
                Order::Asc,
            )
            .order_by((ExpertRequests::Table, ExpertRequests::Id), Order::Asc),
    )
    .await
}
