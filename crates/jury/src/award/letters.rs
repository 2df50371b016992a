//! What the applicant receives: the notification e-mail (in their language: French, or English
//! when their account is in English) pointing to the decision letter as a PDF, and for awards
//! above the threshold the draft convention as a PDF.

use super::{award_by_id, award_of_file, instalments, Award};
use crate::award::shared::{is_member, money, path_id};
use crate::commission::model::{self as cm, Decision};
use askama::Template;
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use essor_calls::model::{self as calls, Call, File};
use essor_domain::ids::{CallId, FileId};
use essor_platform::db::{Db, Tx};
use essor_platform::i18n::{Locale, Tr};
use essor_platform::mail::{self, SendMail};
use essor_platform::pdf::{Block, Document};
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;
use sea_query::{Alias, Expr, Query};

/// Who receives the letter: the file's creator.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub email: String,
    pub display_name: String,
    pub locale: String,
}

pub async fn recipient(db: &Db, user: i64) -> anyhow::Result<Option<Recipient>> {
    db.fetch_optional(
        Query::select()
            .columns([
                Alias::new("email"),
                Alias::new("display_name"),
                Alias::new("locale"),
            ])
            .from(Alias::new("users"))
            .and_where(Expr::col(Alias::new("id")).eq(user)),
    )
    .await
}

#[derive(Template)]
#[template(path = "jury/award/mail.txt")]
struct MailText<'a> {
    m: &'a Mail,
}

#[derive(Template)]
#[template(path = "jury/award/mail.html")]
struct MailHtml<'a> {
    m: &'a Mail,
}

struct Mail {
    lang: &'static str,
    greeting: String,
    paragraphs: Vec<String>,
    links: Vec<(String, String)>,
    signature: String,
}

fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config().base_url())
}

/// Queues the notification e-mail of a decision in `tx` (`award`: the laureate's award).
pub async fn queue_mail(
    tx: &mut Tx,
    state: &AppState,
    to: &Recipient,
    call: &Call,
    file: &File,
    award: Option<i64>,
) -> anyhow::Result<()> {
    let locale = Locale::parse(&to.locale).unwrap_or_default();
    let t = Tr::new(state.i18n(), locale);
    let kind = if award.is_some() {
        "laureate"
    } else {
        "refused"
    };
    let subject = t.t1(
        &format!("jury-award-mail-{kind}-subject"),
        "number",
        &file.number,
    );
    let mut links = vec![(
        t.t("jury-award-mail-letter-link"),
        absolute(state, &format!("/files/{}/decision.pdf", file.id)),
    )];
    if let Some(id) = award {
        links.push((
            t.t("jury-award-mail-award-link"),
            absolute(state, &format!("/awards/{id}")),
        ));
    }
    let m = Mail {
        lang: t.lang(),
        greeting: t.t1("jury-award-mail-greeting", "name", &to.display_name),
        paragraphs: vec![
            t.t1(&format!("jury-award-mail-{kind}-body"), "call", &call.title),
            t.t1("jury-award-mail-file", "number", &file.number),
        ],
        links,
        signature: t.t1(
            "jury-award-mail-signature",
            "territory",
            &state.territory().name,
        ),
    };
    mail::queue(
        tx,
        SendMail {
            to: to.email.clone(),
            subject,
            text: MailText { m: &m }.render()?,
            html: MailHtml { m: &m }.render()?,
        },
    )
    .await
}

/// Staff, or a member of the organisation; anyone else is told the record does not exist.
pub async fn staff_or_member(p: &Ctx, org: i64) -> AppResult<bool> {
    let user = p.require_user()?;
    if user.is_staff() {
        return Ok(true);
    }
    if is_member(p, org).await? {
        Ok(false)
    } else {
        Err(AppError::NotFound)
    }
}

pub fn pdf(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// GET /files/{id}/decision.pdf — the letter of a decision taken by a closed commission.
pub(super) async fn decision_pdf(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_user()?;
    let db = p.state.db();
    let file = calls::file_by_id(db, FileId(path_id(&id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    staff_or_member(&p, file.org_id).await?;
    let commission = cm::of_call(db, file.call_id)
        .await?
        .filter(|c| !c.is_open())
        .ok_or(AppError::NotFound)?;
    let decision = cm::decisions(db, commission.id)
        .await?
        .into_iter()
        .find(|d| d.file_id == file.id && d.decision() != Decision::Waiting)
        .ok_or(AppError::NotFound)?;
    let call = calls::call_by_id(db, CallId(file.call_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = p.lang();
    let mut doc = Document::new(p.t1("jury-award-letter-title", "number", &file.number));
    doc.footer = format!("Essor · {} — {}", p.territory_name(), file.number);
    doc.push(Block::Title(p.t("jury-award-letter-heading")));
    if let Some(at) = commission.closed_at {
        doc.push(Block::Field(p.t("jury-award-letter-date"), p.datetime(&at)));
    }
    doc.push(Block::Field(
        p.t("jury-award-fact-call"),
        call.title.clone(),
    ));
    doc.push(Block::Field(
        p.t("jury-award-fact-number"),
        file.number.clone(),
    ));
    doc.push(Block::Field(
        p.t("jury-award-fact-title"),
        file.title.clone(),
    ));
    if let Some(r) = file.requested_amount {
        doc.push(Block::Field(
            p.t("jury-award-col-requested"),
            money(lang, r),
        ));
    }
    doc.push(Block::Space);
    match decision.decision() {
        Decision::Laureate => {
            let award = award_of_file(db, file.id)
                .await?
                .ok_or(AppError::NotFound)?;
            doc.push(Block::Paragraph(p.t1(
                "jury-award-letter-laureate",
                "call",
                &call.title,
            )));
            doc.push(Block::Field(
                p.t("jury-award-col-amount"),
                money(lang, award.amount),
            ));
            doc.push(Block::Heading(p.t("jury-award-schedule-title")));
            for i in instalments(db, award.id).await? {
                doc.push(Block::Field(p.date(&i.due_on), money(lang, i.amount)));
            }
            doc.push(Block::Field(
                p.t("jury-award-report-due"),
                p.date(&award.report_due_on),
            ));
            if award.convention_required {
                doc.push(Block::Paragraph(p.t("jury-award-letter-convention")));
            }
        }
        _ => {
            doc.push(Block::Paragraph(p.t1(
                "jury-award-letter-refused",
                "call",
                &call.title,
            )));
            doc.push(Block::Heading(p.t("jury-award-col-reason")));
            doc.push(Block::Paragraph(decision.reason.clone()));
        }
    }
    doc.push(Block::Space);
    doc.push(Block::Paragraph(p.t1(
        "jury-award-mail-signature",
        "territory",
        p.territory_name(),
    )));
    Ok(pdf(doc.render(), &format!("decision-{}.pdf", file.number)))
}

/// The draft convention of an award, as a PDF (only for awards that need one).
pub fn convention(p: &Ctx, award: &Award, schedule: &[super::Instalment]) -> Document {
    let lang = p.lang();
    let mut doc = Document::new(p.t1("jury-award-convention-title", "number", &award.number));
    doc.footer = format!(
        "{} — Essor · {} — {}",
        p.t("jury-award-convention-draft"),
        p.territory_name(),
        award.number
    );
    doc.push(Block::Title(p.t("jury-award-convention-heading")));
    doc.push(Block::Note(p.t("jury-award-convention-draft")));
    doc.push(Block::Heading(p.t("jury-award-convention-parties")));
    doc.push(Block::Paragraph(p.t1(
        "jury-award-convention-grantor",
        "territory",
        p.territory_name(),
    )));
    doc.push(Block::Paragraph(p.t1(
        "jury-award-convention-grantee",
        "org",
        &award.org_name,
    )));
    doc.push(Block::Heading(p.t("jury-award-convention-object")));
    doc.push(Block::Paragraph(format!(
        "{} — {} ({})",
        award.call_title, award.title, award.number
    )));
    doc.push(Block::Heading(p.t("jury-award-convention-amount")));
    doc.push(Block::Paragraph(money(lang, award.amount)));
    doc.push(Block::Heading(p.t("jury-award-schedule-title")));
    for i in schedule {
        doc.push(Block::Field(p.date(&i.due_on), money(lang, i.amount)));
    }
    doc.push(Block::Heading(p.t("jury-award-convention-obligations")));
    doc.push(Block::Paragraph(p.t1(
        "jury-award-convention-report",
        "date",
        p.date(&award.report_due_on),
    )));
    doc.push(Block::Paragraph(p.t("jury-award-convention-use")));
    doc.push(Block::Heading(p.t("jury-award-convention-signatures")));
    doc.push(Block::Field(p.territory_name().to_owned(), String::new()));
    doc.push(Block::Field(award.org_name.clone(), String::new()));
    doc
}

/// GET /awards/{id}/convention.pdf
pub(super) async fn convention_pdf(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_user()?;
    let db = p.state.db();
    let award = award_by_id(db, path_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    staff_or_member(&p, award.org_id).await?;
    if !award.convention_required {
        return Err(AppError::NotFound);
    }
    let schedule = instalments(db, award.id).await?;
    let doc = convention(&p, &award, &schedule);
    Ok(pdf(
        doc.render(),
        &format!("convention-{}.pdf", award.number),
    ))
}
