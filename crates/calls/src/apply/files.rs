//! A file's life on the applicant side: starting it (prefilled from the organisation and its
//! vault), its home page (state, steps with their status, progress, actions, and the answers
//! read only once it left the applicant's hands), the list of one's files, and withdrawal.

use super::attachments::{self, NewAttachment};
use super::eligibility::{self, current_schema, existing_file, visible_call, Quiz, Stage};
use super::eligibility::{questions, read_questions, rules_of, Check};
use super::render::{read_pages, ReadPage};
use super::{
    answers_of, load, load_for_applicant, local_date, new_key, org_facts, raw_of, territory_codes,
    text, validate_options, Arg, Lang, Loaded,
};
use crate::model::{self, Call, Calls, FileAccess, FileTransitions, Files};
use askama::Template;
use axum::extract::{FromRequest, Path, Request};
use axum::response::Response;
use chrono::{DateTime, Datelike, Utc};
use essor_domain::forms::{
    parse_input, resolve, validate, Answers, FieldError, FieldKind, FormSchema, OrgFacts, Prefill,
    RawInput, Scope, Value,
};
use essor_domain::ids::{FormId, OrgId, UserId};
use essor_domain::lifecycle::{Actor, FileEvent, FileState};
use essor_platform::audit::{self, Entry};
use essor_platform::orgs::{self, Org};
use essor_platform::web::{
    render, render_invalid, see_other, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use sea_query::{Expr, Order, Query};
use serde_json::json;

/// Reads a URL-encoded body after the access check (extractors would read it before).
pub(crate) async fn read_form(p: &Ctx, req: Request) -> AppResult<RawInput> {
    let axum::extract::Form(pairs) =
        axum::extract::Form::<Vec<(String, String)>>::from_request(req, &p.state)
            .await
            .map_err(|_| AppError::BadRequest)?;
    Ok(eligibility::raw_input(pairs))
}

// ---- Starting a file -------------------------------------------------------------------------

/// Starts the organisation's file for a call (or returns to the one it has): eligible
/// organisations only, one file per organisation and call.
pub(super) async fn start(p: Ctx, Path(slug): Path<String>, req: Request) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let call = visible_call(&p, &slug).await?;
    let raw = read_form(&p, req).await?;
    let lang = Lang::of(&p);
    let chosen = raw
        .get("org")
        .and_then(|v| v.last())
        .and_then(|v| v.parse::<i64>().ok());
    let refuse = |raw: RawInput| Quiz {
        raw,
        chosen,
        assess: true,
    };
    let Some(org_id) = chosen else {
        return eligibility::show(&p, &call, refuse(raw), true).await;
    };
    // An organisation the person does not belong to does not exist for them.
    if orgs::role_of(p.state.db(), OrgId(org_id), user.id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let org = orgs::by_id(p.state.db(), OrgId(org_id))
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some((id, _)) = existing_file(&p.state, &call, org.id()).await? {
        return Ok(see_other(&format!("/files/{id}")));
    }
    let Some((form_id, schema)) = current_schema(&p.state, &call).await? else {
        return eligibility::show(&p, &call, refuse(raw), true).await;
    };
    let rules = rules_of(&call)?;
    let asked = questions(&rules, &schema);
    let (quiz_answers, errors, _) = read_questions(&asked, &raw, &lang);
    let now = Utc::now();
    let assessment = eligibility::assess(
        &p.state,
        &lang,
        &call,
        Some(&schema),
        &org,
        &quiz_answers,
        Stage::Start,
        now,
    )
    .await?;
    if !errors.is_empty() || !assessment.eligible() {
        return eligibility::show(&p, &call, refuse(raw), true).await;
    }
    let id = create_file(
        &p.state,
        &call,
        form_id,
        &schema,
        &org,
        user.id,
        quiz_answers,
        now,
    )
    .await?;
    let first = schema
        .pages
        .first()
        .map(|pg| format!("/files/{id}/pages/{}", pg.id))
        .unwrap_or_else(|| format!("/files/{id}"));
    Ok(see_other_flash(&first, "apply-started"))
}

/// The profile value a field is prefilled with ("tell us once").
fn prefill_value(p: Prefill, org: &Org) -> Option<String> {
    match p {
        Prefill::OrgName => Some(org.name.clone()),
        Prefill::OrgAcronym => org.acronym.clone(),
        Prefill::OrgSiret => org.siret.clone(),
        Prefill::OrgRna => org.rna.clone(),
        Prefill::OrgAddress => Some(org.address.clone()),
        Prefill::OrgCommune => Some(org.commune_code.clone()),
        Prefill::OrgEmail => Some(org.contact_email.clone()),
        Prefill::OrgPhone => org.contact_phone.clone(),
        Prefill::OrgWebsite => org.website.clone(),
        Prefill::OrgLegalCategory => org.legal_category.clone(),
    }
}

/// Creates the draft: answers prefilled from the profile (and the eligibility answers), vault
/// documents proposed for the attachment fields that ask for them. Returns the file's id (the
/// existing one if another request created it meanwhile).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn create_file(
    state: &AppState,
    call: &Call,
    form_id: FormId,
    schema: &FormSchema,
    org: &Org,
    user: UserId,
    mut answers: Answers,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let today = local_date(now, call.tz());
    let mut prefilled = vec![];
    for field in schema.fields() {
        let Some(pf) = field.prefill else { continue };
        if answers.get(field.id.as_str()).is_some() {
            continue;
        }
        let Some(value) = prefill_value(pf, org) else {
            continue;
        };
        if let Ok(Some(v)) = parse_input(&field.kind, &[value]) {
            answers.insert(field.id.clone(), v);
            prefilled.push(field.id.to_string());
        }
    }
    let vault = orgs::documents_of(state.db(), org.id()).await?;
    let db = state.db();
    let mut tx = db.begin().await?;
    // Two starts at once (a double click, two members): the organisation's lock makes the
    // second one find the first one's file.
    orgs::lock(&mut tx, org.id()).await?;
    let found: Option<(i64,)> = tx
        .fetch_optional(
            Query::select()
                .column(Files::Id)
                .from(Files::Table)
                .and_where(Expr::col(Files::CallId).eq(call.id))
                .and_where(Expr::col(Files::OrgId).eq(org.id))
                .limit(1),
        )
        .await?;
    if let Some((id,)) = found {
        tx.commit().await?;
        return Ok(id);
    }
    let placeholder = format!("new-{}", new_key());
    let mut q = Query::insert();
    q.into_table(Files::Table)
        .columns([
            Files::Number,
            Files::CallId,
            Files::FormId,
            Files::OrgId,
            Files::CreatedBy,
            Files::State,
            Files::Answers,
            Files::RawInputs,
            Files::Title,
            Files::CommuneCode,
            Files::SearchText,
            Files::Version,
            Files::CreatedAt,
            Files::UpdatedAt,
        ])
        .values_panic([
            placeholder.into(),
            call.id.into(),
            form_id.0.into(),
            org.id.into(),
            user.0.into(),
            FileState::Draft.as_str().into(),
            "{}".into(),
            "{}".into(),
            "".into(),
            org.commune_code.clone().into(),
            "".into(),
            1i64.into(),
            now.into(),
            now.into(),
        ]);
    let id = tx.insert_id(q).await?;
    let year = now.with_timezone(&call.tz()).year();
    let number = format!("{}-{year}-{id:05}", call.file_prefix);
    let mut from_vault = vec![];
    for field in schema.fields() {
        let FieldKind::Attachment { accept, max_bytes } = &field.kind else {
            continue;
        };
        let Some(kind) = attachments::vault_kind(field.id.as_str()) else {
            continue;
        };
        let doc = vault.iter().find(|d| {
            d.kind() == Some(kind)
                && !d.is_expired(today)
                && essor_domain::forms::check_file(
                    accept,
                    *max_bytes,
                    &essor_domain::forms::FileRef {
                        id: d.id,
                        name: d.original_name.clone(),
                        size: d.size_bytes.max(0) as u64,
                    },
                )
                .is_ok()
        });
        if let Some(d) = doc {
            let r = attachments::insert(
                &mut tx,
                &NewAttachment::from_document(id, field.id.as_str(), d, user),
            )
            .await?;
            answers.insert(field.id.clone(), Value::File(r));
            from_vault.push(field.id.to_string());
        }
    }
    let search = search_text(&number, "", org);
    tx.execute(
        Query::update()
            .table(Files::Table)
            .values([
                (Files::Number, number.clone().into()),
                (Files::Answers, serde_json::to_string(&answers)?.into()),
                (Files::SearchText, search.into()),
            ])
            .and_where(Expr::col(Files::Id).eq(id)),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user),
            action: "file.create",
            record_type: "file",
            record_id: id.to_string(),
            summary: json!({
                "number": number,
                "call": call.id,
                "org": org.id,
                "prefilled": prefilled,
                "from_vault": from_vault,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What staff search files by: number, title, organisation, identifiers, commune.
pub(crate) fn search_text(number: &str, title: &str, org: &Org) -> String {
    let parts = [
        number,
        title,
        &org.name,
        org.acronym.as_deref().unwrap_or(""),
        org.siret.as_deref().unwrap_or(""),
        org.rna.as_deref().unwrap_or(""),
        &text::commune(&org.commune_code),
    ];
    // Folded exactly as the staff list folds a query, so "theatre" finds "Théâtre".
    crate::instruction::search_fold(&parts.join(" "))
}

// ---- What every file page shows --------------------------------------------------------------

/// The head of every page about a file: number, call, organisation, state, deadline.
pub(crate) struct Head {
    pub id: i64,
    pub number: String,
    pub call_title: String,
    pub org_name: String,
    pub state: FileState,
    pub state_label: String,
    pub badge: &'static str,
    /// When submitted, in the call's zone.
    pub submitted: String,
    pub deadline: String,
    /// Before the deadline, the time left; empty after.
    pub time_left: String,
    /// Why staff asked for a correction, while they wait for it.
    pub correction: Option<String>,
    pub editable: bool,
    pub staff: bool,
}

impl Head {
    pub fn is_draft(&self) -> bool {
        self.state == FileState::Draft
    }

    pub fn is_correction(&self) -> bool {
        self.state == FileState::CorrectionRequested
    }

    /// Sent to the department (and not withdrawn): submitted, under instruction or decided.
    pub fn is_sent(&self) -> bool {
        !matches!(
            self.state,
            FileState::Draft | FileState::CorrectionRequested | FileState::Withdrawn
        )
    }

    pub fn is_withdrawn(&self) -> bool {
        self.state == FileState::Withdrawn
    }
}

pub(crate) fn state_badge(s: FileState) -> &'static str {
    match s {
        FileState::Draft | FileState::CorrectionRequested => "warn",
        FileState::Submitted | FileState::UnderInstruction | FileState::Accepted => "ok",
        FileState::Refused | FileState::ClosedWithoutFollowUp | FileState::Withdrawn => "bad",
    }
}

pub(crate) fn state_message(s: FileState) -> String {
    format!("apply-state-{}", s.as_str().replace('_', "-"))
}

/// The reason of the latest transition, when the file waits for a correction.
pub(crate) async fn correction_reason(
    state: &AppState,
    file_id: i64,
) -> anyhow::Result<Option<String>> {
    let row: Option<(Option<String>,)> = state
        .db()
        .fetch_optional(
            Query::select()
                .column(FileTransitions::Reason)
                .from(FileTransitions::Table)
                .and_where(Expr::col(FileTransitions::FileId).eq(file_id))
                .and_where(
                    Expr::col(FileTransitions::ToState).eq(FileState::CorrectionRequested.as_str()),
                )
                .order_by(FileTransitions::Id, Order::Desc)
                .limit(1),
        )
        .await?;
    Ok(row.and_then(|(r,)| r))
}

pub(crate) async fn head(p: &Ctx, l: &Loaded, now: DateTime<Utc>) -> AppResult<Head> {
    let lang = Lang::of(p);
    let tz = l.call.tz();
    let state = l.file.state();
    let correction = if state == FileState::CorrectionRequested {
        correction_reason(&p.state, l.file.id).await?
    } else {
        None
    };
    Ok(Head {
        id: l.file.id,
        number: l.file.number.clone(),
        call_title: l.call.title.clone(),
        org_name: l.org.name.clone(),
        state,
        state_label: lang.t(&state_message(state)),
        badge: state_badge(state),
        submitted: l
            .file
            .submitted_at
            .map(|at| text::datetime_secs(at, tz, &lang))
            .unwrap_or_default(),
        deadline: text::datetime(l.call.closes_at, tz, &lang),
        time_left: text::time_left(now, l.call.closes_at, &lang),
        correction,
        editable: l.editable(),
        staff: l.access == FileAccess::Staff,
    })
}

/// How far a page of the form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageStatus {
    /// Nothing missing, nothing wrong.
    Complete,
    /// Required answers missing.
    Incomplete,
    /// An answer is wrong (unreadable, too long, out of range…).
    Errors,
}

pub(crate) struct TocEntry {
    pub title: String,
    pub href: String,
    pub status: PageStatus,
    pub label: String,
    pub badge: &'static str,
    pub current: bool,
}

pub(crate) struct Toc {
    pub entries: Vec<TocEntry>,
    pub done: usize,
    pub total: usize,
    /// "3 étapes complètes sur 8".
    pub progress: String,
}

/// The steps of the form with their status, as the table of contents and progress show them.
pub(crate) fn toc(
    l: &Loaded,
    answers: &Answers,
    raw: &RawInput,
    facts: &OrgFacts,
    territory: &Option<Vec<essor_domain::identifiers::CommuneCode>>,
    current: Option<&str>,
    lang: &Lang,
) -> Toc {
    let opts = validate_options(&l.call, territory);
    let mut entries = vec![];
    for page in &l.schema.pages {
        let errs = validate(&l.schema, answers, facts, Scope::Page(&page.id), &opts);
        let unreadable = raw
            .keys()
            .any(|k| l.schema.page_of(k).is_some_and(|pg| pg.id == page.id));
        let status = if unreadable || errs.iter().any(|e| e.code != "forms-required") {
            PageStatus::Errors
        } else if !errs.is_empty() {
            PageStatus::Incomplete
        } else {
            PageStatus::Complete
        };
        let (label, badge) = match status {
            PageStatus::Complete => ("apply-page-complete", "ok"),
            PageStatus::Incomplete => ("apply-page-incomplete", "warn"),
            PageStatus::Errors => ("apply-page-errors", "bad"),
        };
        entries.push(TocEntry {
            title: page.title.get(lang.code()).to_owned(),
            href: format!("/files/{}/pages/{}", l.file.id, page.id),
            status,
            label: lang.t(label),
            badge,
            current: current == Some(page.id.as_str()),
        });
    }
    let done = entries
        .iter()
        .filter(|e| e.status == PageStatus::Complete)
        .count();
    let total = entries.len();
    Toc {
        progress: lang.ta(
            "apply-progress",
            &[
                ("done", Arg::N(done as i64)),
                ("total", Arg::N(total as i64)),
            ],
        ),
        entries,
        done,
        total,
    }
}

/// The label of an answer's path for messages: "Équipe 2 — Nom", "Budget — Département(s)".
pub(crate) fn path_label(schema: &FormSchema, path: &str, lang: &Lang) -> String {
    let code = lang.code();
    let parts: Vec<&str> = path.split('.').collect();
    let label = |p: &str| {
        schema
            .field(p)
            .map(|f| f.label.get(code).to_owned())
            .unwrap_or_else(|| p.to_owned())
    };
    match parts.as_slice() {
        [g, n, m] if n.parse::<usize>().is_ok() => {
            let number = n.parse::<i64>().unwrap_or(0) + 1;
            format!(
                "{} — {} — {}",
                label(g),
                lang.ta("apply-item-number", &[("n", Arg::N(number))]),
                label(&format!("{g}.{m}"))
            )
        }
        [f, line, ..] => match essor_domain::forms::budget::line(line) {
            Some(l) => format!("{} — {}", label(f), l.label(code)),
            None => label(f),
        },
        _ => label(path),
    }
}

/// Where an error's path sits in the form, to list errors in form order: the field, then the
/// group item, then the budget line.
pub(crate) fn form_order(schema: &FormSchema, path: &str) -> (usize, usize, usize) {
    let parts: Vec<&str> = path.split('.').collect();
    let (field, item, sub) = match parts.as_slice() {
        [g, n, m] if n.parse::<usize>().is_ok() => {
            (format!("{g}.{m}"), n.parse::<usize>().unwrap_or(0), 0)
        }
        [f, line, ..] => {
            let sub = essor_domain::forms::BUDGET_LINES
                .iter()
                .position(|l| l.code == *line)
                .map_or(0, |i| i + 1);
            ((*f).to_owned(), 0, sub)
        }
        _ => (path.to_owned(), 0, 0),
    };
    let pos = schema
        .field_refs()
        .iter()
        .position(|r| r.path().as_str() == field)
        .unwrap_or(usize::MAX);
    (pos, item, sub)
}

/// A problem found at submission, linking to where to fix it.
pub(crate) struct Problem {
    pub href: String,
    pub text: String,
}

/// Answer errors as problems on the home page, each linking to its page and field.
pub(crate) fn problems(l: &Loaded, errors: &[FieldError], lang: &Lang) -> Vec<Problem> {
    let mut sorted: Vec<&FieldError> = errors.iter().collect();
    sorted.sort_by_key(|e| form_order(&l.schema, &e.path));
    sorted
        .into_iter()
        .map(|e| {
            let page = l.schema.page_of(&e.path);
            let href = match page {
                Some(pg) => format!("/files/{}/pages/{}?check=1#f-{}", l.file.id, pg.id, e.path),
                None => format!("/files/{}", l.file.id),
            };
            let page_title = page
                .map(|pg| pg.title.get(lang.code()).to_owned())
                .unwrap_or_default();
            Problem {
                href,
                text: format!(
                    "{page_title} — {} : {}",
                    path_label(&l.schema, &e.path, lang),
                    text::error_text(lang, e)
                ),
            }
        })
        .collect()
}

// ---- The file's home -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "apply/home.html")]
pub(crate) struct HomeTpl<'a> {
    pub p: &'a Ctx,
    pub head: Head,
    pub toc: Toc,
    pub problems: Vec<Problem>,
    pub checks: Vec<Check>,
    pub notice: Option<String>,
    /// The idempotency key of this page's submit form.
    pub submit_key: String,
    /// Whether the deadline has passed for a first submission.
    pub closed: bool,
    pub can_withdraw: bool,
    /// The answers, read only, once the file is out of the applicant's hands (or for staff).
    pub read: Vec<ReadPage>,
    /// The amount awarded, in words: the award's page (letter, schedule, showcase consent) is
    /// at `/files/{id}/award`, served by the jury.
    pub awarded: Option<String>,
}

/// What the home page shows after a refused action: problems and a notice.
#[derive(Default)]
pub(crate) struct Refusal {
    pub problems: Vec<Problem>,
    pub checks: Vec<Check>,
    pub notice: Option<String>,
}

pub(crate) async fn render_home(
    p: &Ctx,
    l: &Loaded,
    refusal: Refusal,
    status: axum::http::StatusCode,
) -> AppResult<Response> {
    let now = Utc::now();
    let lang = Lang::of(p);
    let answers = answers_of(&l.file);
    let raw = raw_of(&l.file);
    let today = local_date(now, l.call.tz());
    let facts = org_facts(&p.state, &l.org, today).await?;
    let territory = territory_codes(&p.state, &l.call);
    let toc = toc(l, &answers, &raw, &facts, &territory, None, &lang);
    let head = head(p, l, now).await?;
    let state = l.file.state();
    let read = if head.editable {
        vec![]
    } else {
        let resolved = resolve(&l.schema, &answers, &facts);
        read_pages(&l.schema, &resolved, &lang, l.file.id)
    };
    let awarded = match state {
        FileState::Accepted => model::awarded_amount(p.state.db(), l.file.id())
            .await?
            .map(|c| text::cents(c, &lang)),
        _ => None,
    };
    let tpl = HomeTpl {
        p,
        awarded,
        closed: state == FileState::Draft && !l.call.is_open_at(now),
        can_withdraw: l.access == FileAccess::Applicant
            && state
                .apply(FileEvent::Withdraw, Actor::Applicant, None)
                .is_ok(),
        head,
        toc,
        problems: refusal.problems,
        checks: refusal.checks,
        notice: refusal.notice,
        submit_key: new_key(),
        read,
    };
    let mut res = render(&tpl)?;
    *res.status_mut() = status;
    Ok(res)
}

pub(super) async fn home(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    render_home(&p, &l, Refusal::default(), axum::http::StatusCode::OK).await
}

// ---- My files --------------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ListRow {
    pub id: i64,
    pub number: String,
    pub state: String,
    pub title: String,
    pub org_id: i64,
    pub updated_at: DateTime<Utc>,
    pub call_title: String,
    pub closes_at: DateTime<Utc>,
}

pub(crate) struct ListItem {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub call_title: String,
    pub org_name: String,
    pub state_label: String,
    pub badge: &'static str,
    pub draft: bool,
    pub updated: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "apply/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    items: Vec<ListItem>,
}

/// The files of every organisation the person belongs to, latest change first.
pub(super) async fn list(p: Ctx) -> AppResult<Response> {
    let user = p.require_user()?;
    let lang = Lang::of(&p);
    let mine = orgs::orgs_of(p.state.db(), user.id).await?;
    let ids: Vec<i64> = mine.iter().map(|o| o.id).collect();
    let rows: Vec<ListRow> = if ids.is_empty() {
        vec![]
    } else {
        p.state
            .db()
            .fetch_all(
                Query::select()
                    .columns([
                        (Files::Table, Files::Id),
                        (Files::Table, Files::Number),
                        (Files::Table, Files::State),
                        (Files::Table, Files::Title),
                        (Files::Table, Files::OrgId),
                        (Files::Table, Files::UpdatedAt),
                    ])
                    .expr_as(
                        Expr::col((Calls::Table, Calls::Title)),
                        sea_query::Alias::new("call_title"),
                    )
                    .column((Calls::Table, Calls::ClosesAt))
                    .from(Files::Table)
                    .inner_join(
                        Calls::Table,
                        Expr::col((Calls::Table, Calls::Id)).equals((Files::Table, Files::CallId)),
                    )
                    .and_where(Expr::col((Files::Table, Files::OrgId)).is_in(ids))
                    .order_by((Files::Table, Files::UpdatedAt), Order::Desc),
            )
            .await?
    };
    let tz = p.state.tz();
    let items = rows
        .into_iter()
        .map(|r| {
            let state = FileState::parse(&r.state).unwrap_or(FileState::Draft);
            ListItem {
                org_name: mine
                    .iter()
                    .find(|o| o.id == r.org_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                state_label: lang.t(&state_message(state)),
                badge: state_badge(state),
                draft: state == FileState::Draft,
                updated: text::datetime(r.updated_at, tz, &lang),
                deadline: text::datetime(r.closes_at, tz, &lang),
                id: r.id,
                number: r.number,
                title: r.title,
                call_title: r.call_title,
            }
        })
        .collect();
    render(&ListTpl { p: &p, items })
}

// ---- Withdrawal ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "apply/withdraw.html")]
struct WithdrawTpl<'a> {
    p: &'a Ctx,
    head: Head,
    reason: String,
    errors: FormErrors,
    allowed: bool,
}

fn may_withdraw(l: &Loaded) -> bool {
    l.file
        .state()
        .apply(FileEvent::Withdraw, Actor::Applicant, None)
        .is_ok()
}

pub(super) async fn withdraw_form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let l = load_for_applicant(&p, &id).await?;
    let head = head(&p, &l, Utc::now()).await?;
    render(&WithdrawTpl {
        p: &p,
        allowed: may_withdraw(&l),
        head,
        reason: String::new(),
        errors: FormErrors::default(),
    })
}

/// Withdraws the file (draft, submitted, or waiting for a correction): recorded with the
/// applicant's optional reason, and the call's contact told.
pub(super) async fn withdraw(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let l = load_for_applicant(&p, &id).await?;
    let user = p.require_user()?.clone();
    let raw = read_form(&p, req).await?;
    let field = |k: &str| {
        raw.get(k)
            .and_then(|v| v.last())
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let reason: String = field("reason").chars().take(2000).collect();
    let mut errors = FormErrors::default();
    if field("confirm") != "yes" {
        errors.add("confirm", p.t("apply-withdraw-confirm-required"));
    }
    let allowed = may_withdraw(&l);
    if !allowed || !errors.is_empty() {
        let head = head(&p, &l, Utc::now()).await?;
        let tpl = WithdrawTpl {
            p: &p,
            allowed,
            head,
            reason,
            errors,
        };
        return render_invalid(&tpl);
    }
    let reason_opt = (!reason.is_empty()).then_some(reason.as_str());
    let mut tx = p.state.db().begin().await?;
    let moved = model::transition_file(
        &mut tx,
        &l.file,
        FileEvent::Withdraw,
        Actor::Applicant,
        user.id,
        reason_opt,
    )
    .await?;
    if moved.is_err() {
        // Another tab or member moved the file meanwhile: show where it is now.
        drop(tx);
        return Ok(see_other(&format!("/files/{}", l.file.id)));
    }
    super::emails::notify_staff(
        &mut tx,
        &p.state,
        &l,
        "apply-mail-withdrawn",
        reason_opt.unwrap_or(""),
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/files/{}", l.file.id),
        "apply-withdrawn",
    ))
}
