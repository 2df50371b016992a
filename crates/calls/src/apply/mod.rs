//! Applying to a call: the eligibility check, starting a file and filling it page by page (saved
//! explicitly and in the background, nothing typed ever lost), attachments from the computer or
//! the organisation's vault, submission to the second with its receipt (PDF and e-mail), the
//! read-only view and PDF of the whole file, correction and re-submission, withdrawal, messages
//! with staff (applicant side), and the reminder sent to drafts 48 hours before closing.
//!
//! Who may do what, checked first on every route (by [`load`], before any body is read):
//! - anonymous visitors are sent to sign in;
//! - members of the applicant organisation see and change its files (changes only while the
//!   file is a draft or a correction was asked for);
//! - department staff see every file here, read only (they act on `/staff/files…`), and get
//!   403 on changes;
//! - anyone else gets 404 on every `/files/{id}…` URL, so file numbers cannot be probed.

mod attachments;
mod eligibility;
mod emails;
mod files;
mod messages;
mod receipt;
mod reminders;
mod render;
mod save;
mod submit;
mod text;

pub use eligibility::{Assessment, Check, Outcome};
pub use reminders::{queue_reminders, DraftReminder, DraftRemindersScan};
pub use submit::{submit_at, SubmitOutcome};

use crate::model::{self, Call, File, FileAccess};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use essor_domain::forms::{FormSchema, OrgFacts, ValidateOptions};
use essor_domain::identifiers::{CommuneCode, LegalCategory};
use essor_domain::ids::{FileId, FormId};
use essor_platform::app::Periodic;
use essor_platform::i18n::{I18n, Locale};
use essor_platform::jobs::Registry;
use essor_platform::orgs::{self, Org};
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;
use fluent_bundle::FluentValue;
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/calls/{slug}/eligibility",
            get(eligibility::page).post(eligibility::check),
        )
        .route("/calls/{slug}/apply", post(files::start))
        .route("/files", get(files::list))
        .route("/files/{id}", get(files::home))
        .route(
            "/files/{id}/pages/{page}",
            // Pages carry uploads: the handler caps the body itself (see `save`).
            get(save::page)
                .post(save::save)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/files/{id}/attachments/{attachment}",
            get(attachments::download),
        )
        .route("/files/{id}/submit", post(submit::submit))
        .route("/files/{id}/receipt.pdf", get(receipt::receipt_pdf))
        .route("/files/{id}/pdf", get(receipt::file_pdf))
        .route(
            "/files/{id}/withdraw",
            get(files::withdraw_form).post(files::withdraw),
        )
        .route(
            "/files/{id}/messages",
            get(messages::thread)
                .post(messages::send)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/files/{id}/messages/{message}/attachment",
            get(messages::download),
        )
}

pub fn jobs(r: &mut Registry) {
    reminders::register(r);
}

/// The hourly work of this room: queue the scan for drafts to remind.
pub fn periodic() -> Option<Periodic> {
    Some(reminders::periodic)
}

/// Messages in one language, with any number of arguments (the platform's `Tr` takes one).
#[derive(Clone)]
pub(crate) struct Lang {
    i18n: Arc<I18n>,
    pub locale: Locale,
}

/// A message argument: text, or a number (for plurals).
pub(crate) enum Arg {
    S(String),
    N(i64),
}

impl Lang {
    pub fn of(p: &Ctx) -> Lang {
        Lang {
            i18n: p.state.i18n(),
            locale: p.locale(),
        }
    }

    pub fn new(state: &AppState, locale: Locale) -> Lang {
        Lang {
            i18n: state.i18n(),
            locale,
        }
    }

    pub fn code(&self) -> &'static str {
        self.locale.as_str()
    }

    pub fn t(&self, id: &str) -> String {
        self.i18n.get(self.locale, id, &[])
    }

    pub fn ta(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Arg::S(s) => FluentValue::from(s.as_str()),
                    Arg::N(n) => FluentValue::from(*n),
                };
                (*k, v)
            })
            .collect();
        self.i18n.get(self.locale, id, &args)
    }
}

/// A file with what every page about it needs.
pub(crate) struct Loaded {
    pub file: File,
    pub call: Call,
    pub schema: FormSchema,
    pub org: Org,
    pub access: FileAccess,
}

impl Loaded {
    /// Whether this visitor may change the answers now.
    pub fn editable(&self) -> bool {
        self.access == FileAccess::Applicant && self.file.state().editable_by_applicant()
    }
}

/// A numeric id from the path; anything else is a page that does not exist.
pub(crate) fn parse_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>().map_err(|_| AppError::NotFound)
}

/// The file and the visitor's access to it; 404 for anyone who may not see it.
pub(crate) async fn load(p: &Ctx, raw_id: &str) -> AppResult<Loaded> {
    let user = p.require_user()?;
    let id = FileId(parse_id(raw_id)?);
    let db = p.state.db();
    let file = model::file_by_id(db, id).await?.ok_or(AppError::NotFound)?;
    let access = model::file_access(db, &file, user)
        .await?
        .ok_or(AppError::NotFound)?;
    load_parts(p.state.db(), file, access).await
}

/// The call, form revision and organisation of a file the visitor may see.
pub(crate) async fn load_parts(
    db: &essor_platform::db::Db,
    file: File,
    access: FileAccess,
) -> AppResult<Loaded> {
    let call = model::call_by_id(db, essor_domain::ids::CallId(file.call_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its call", file.id))?;
    let form = model::form_by_id(db, FormId(file.form_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its form", file.id))?;
    let org = orgs::by_id(db, file.org())
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its organisation", file.id))?;
    Ok(Loaded {
        schema: form.schema()?,
        file,
        call,
        org,
        access,
    })
}

/// Like [`load`], for changes: members of the organisation only (staff act elsewhere).
pub(crate) async fn load_for_applicant(p: &Ctx, raw_id: &str) -> AppResult<Loaded> {
    let l = load(p, raw_id).await?;
    if l.access != FileAccess::Applicant {
        return Err(AppError::Forbidden);
    }
    Ok(l)
}

/// The local date of an instant in a time zone (validity dates are local dates).
pub(crate) fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// What conditions and eligibility rules know about an organisation, from its profile and its
/// ESUS approval on `today`.
pub(crate) async fn org_facts(
    state: &AppState,
    org: &Org,
    today: NaiveDate,
) -> anyhow::Result<OrgFacts> {
    let esus = orgs::current_esus(state.db(), org.id()).await?;
    let rules = state.esus_rules();
    Ok(OrgFacts {
        kind: org.kind(),
        commune: CommuneCode::parse(&org.commune_code).ok(),
        esus: esus.as_ref().map(|e| e.status(&rules, today)),
        has_siret: org.siret.is_some(),
        has_rna: org.rna.is_some(),
        legal_category: org
            .legal_category
            .as_deref()
            .and_then(|c| LegalCategory::parse(c).ok()),
        // The company's age is known only from its ESUS record.
        created_years: esus
            .and_then(|e| e.company_created)
            .and_then(|c| today.years_since(c))
            .map(i64::from),
    })
}

/// The communes of the territory, for commune fields when the call is limited to it.
pub(crate) fn territory_codes(state: &AppState, call: &Call) -> Option<Vec<CommuneCode>> {
    (call.territory_rule == "head_office").then(|| {
        state
            .territory()
            .communes
            .iter()
            .filter_map(|c| CommuneCode::parse(&c.code).ok())
            .collect()
    })
}

/// The call's rules that the form does not hold.
pub(crate) fn validate_options<'a>(
    call: &Call,
    territory: &'a Option<Vec<CommuneCode>>,
) -> ValidateOptions<'a> {
    ValidateOptions {
        max_request: call.max_amount(),
        max_request_share: None,
        territory: territory.as_deref(),
    }
}

/// An absolute link for e-mails.
pub(crate) fn link(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config().base_url())
}

/// The stored answers of a file (empty when unreadable: a corrupt row must not lock the
/// applicant out; the next save writes them anew).
pub(crate) fn answers_of(file: &File) -> essor_domain::forms::Answers {
    serde_json::from_str(&file.answers).unwrap_or_default()
}

/// The raw inputs kept because they could not be read, by input name.
pub(crate) fn raw_of(file: &File) -> essor_domain::forms::RawInput {
    serde_json::from_str(&file.raw_inputs).unwrap_or_default()
}

/// A random token: the idempotency key of a submission form.
pub(crate) fn new_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A person's address, name and language, for e-mails sent outside a request.
pub(crate) async fn person(
    db: &essor_platform::db::Db,
    id: essor_domain::ids::UserId,
) -> anyhow::Result<Option<(String, String, Locale)>> {
    use essor_platform::session::Users;
    use sea_query::{Expr, Query};
    let row: Option<(String, String, String)> = db
        .fetch_optional(
            Query::select()
                .columns([Users::Email, Users::DisplayName, Users::Locale])
                .from(Users::Table)
                .and_where(Expr::col(Users::Id).eq(id.0)),
        )
        .await?;
    Ok(row.map(|(e, n, l)| (e, n, Locale::parse(&l).unwrap_or_default())))
}
