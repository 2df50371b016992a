//! Instruction: department staff work on application files.
//!
//! - [`list`]: every file with filters, sorting, chosen columns and pagination;
//! - [`file`]: one file's page (answers, attachments, history, notes, labels, assignment,
//!   expert opinions) and attachment downloads;
//! - [`actions`]: transitions (with the letters they send), assignment and labels;
//! - [`notes`]: private annotations and internal comments;
//! - [`bulk`]: one action on up to [`bulk::MAX_FILES`] selected files, each in its own transaction;
//! - [`experts`]: opinions asked from outside experts, who answer through a link (no account);
//! - [`messages`]: the staff side of the thread with the applicant;
//! - [`emails`]: what the applicant, experts and staff receive.
//!
//! Access: every `/staff/files…` route starts with `p.require_staff()?` (anonymous visitors go
//! to the sign-in page, anyone else gets 403) before reading any body; a file that does not
//! exist is 404 for staff. `/expert/{token}` is for whoever holds a live token: an unknown or
//! revoked token is 404. Ids from forms are checked against the file they are used on.

pub(crate) mod actions;
mod answers;
mod bulk;
mod emails;
mod experts;
mod file;
mod list;
mod messages;
mod notes;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use essor_domain::ids::FileId;
use essor_domain::lifecycle::{Actor, FileEvent, FileState};
use essor_domain::money::Cents;
use essor_domain::role::Role;
use essor_platform::db::Db;
use essor_platform::i18n::{Locale, Tr};
use essor_platform::jobs::Registry;
use essor_platform::session::{CurrentUser, UserRoles, Users};
pub(crate) use essor_platform::storage::{content_disposition, limit_body, sanitise_file_name};
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;
use sea_query::{Expr, Iden, Order, Query};

use crate::model::{self, File};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/files", get(list::list))
        .route("/staff/files/bulk", post(bulk::bulk))
        .route("/staff/calls/{id}/files", get(list::for_call))
        .route("/staff/files/{id}", get(file::show))
        .route("/staff/files/{id}/attachments/{att}", get(file::attachment))
        .route("/staff/files/{id}/transition", post(actions::transition))
        .route("/staff/files/{id}/assign", post(actions::assign))
        .route("/staff/files/{id}/labels", post(actions::add_label))
        .route(
            "/staff/files/{id}/labels/{label}/remove",
            post(actions::remove_label),
        )
        .route("/staff/files/{id}/notes", post(notes::add))
        .route("/staff/files/{id}/experts", post(experts::request))
        .route(
            "/staff/files/{id}/experts/{req}/revoke",
            post(experts::revoke),
        )
        .route(
            "/staff/files/{id}/messages",
            // The upload handler enforces its own limit, read from the configuration.
            get(messages::thread)
                .post(messages::send)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/staff/files/{id}/messages/{msg}/attachment",
            get(messages::attachment),
        )
        .route("/expert/{token}", get(experts::page).post(experts::answer))
        .route(
            "/expert/{token}/attachments/{att}",
            get(experts::attachment),
        )
}

/// Instruction has no job of its own: its e-mails go through the platform's `mail.send`.
pub fn jobs(_r: &mut Registry) {}

/// The text `files.search_text` holds and the search box is compared with: lowercase, accents
/// and ligatures folded (`É` → `e`, `œ` → `oe`, `ß` → `ss`, combining marks dropped), every run
/// of other characters (spaces, punctuation, apostrophes, dashes) one space, trimmed.
/// "L’École du Théâtre-Forum" → "l ecole du theatre forum"; "PROG-2026-00012" →
/// "prog 2026 00012". Whoever fills `search_text` must use this very function, so both sides
/// fold alike; the result holds no SQL `LIKE` wildcard.
pub fn search_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Starts "after a space", so leading separators are dropped.
    let mut gap = true;
    let mut push = |out: &mut String, piece: &str| {
        if !piece.is_empty() {
            out.push_str(piece);
            gap = false;
        } else if !gap {
            out.push(' ');
            gap = true;
        }
    };
    for c in s.chars() {
        // Combining marks (a decomposed "é") vanish without splitting the word.
        if ('\u{0300}'..='\u{036f}').contains(&c) {
            continue;
        }
        for l in c.to_lowercase() {
            let folded: &str = match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
                'æ' => "ae",
                'ç' | 'ć' | 'ĉ' | 'č' => "c",
                'ď' | 'đ' => "d",
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
                'ğ' | 'ģ' => "g",
                'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
                'ķ' => "k",
                'ł' | 'ľ' | 'ļ' => "l",
                'ñ' | 'ń' | 'ň' | 'ņ' => "n",
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
                'œ' => "oe",
                'ŕ' | 'ř' => "r",
                'ś' | 'š' | 'ş' | 'ș' => "s",
                'ß' => "ss",
                'ť' | 'ţ' | 'ț' => "t",
                'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
                'ý' | 'ÿ' => "y",
                'ź' | 'ż' | 'ž' => "z",
                _ => {
                    if l.is_alphanumeric() {
                        let mut buf = [0u8; 4];
                        push(&mut out, l.encode_utf8(&mut buf));
                    } else {
                        push(&mut out, "");
                    }
                    continue;
                }
            };
            push(&mut out, folded);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

// ---- Tables this room reads and writes (besides `model`'s) ---------------------------------

#[derive(Iden)]
pub(crate) enum Organisations {
    Table,
    Id,
    Name,
}

#[derive(Iden)]
pub(crate) enum CallLabels {
    Table,
    Id,
    CallId,
    Name,
}

#[derive(Iden)]
pub(crate) enum FileLabels {
    Table,
    FileId,
    LabelId,
}

#[derive(Iden)]
pub(crate) enum FileNotes {
    Table,
    Id,
    FileId,
    AuthorId,
    Kind,
    Body,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum FileMessages {
    Table,
    Id,
    FileId,
    AuthorId,
    FromStaff,
    Body,
    AttachmentKey,
    AttachmentName,
    AttachmentType,
    AttachmentSize,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum FileAttachments {
    Table,
    Id,
    FileId,
    FieldId,
    StorageKey,
    OriginalName,
    ContentType,
    SizeBytes,
    UploadedAt,
    ReplacedAt,
}

#[derive(Iden)]
pub(crate) enum ExpertRequests {
    Table,
    Id,
    FileId,
    ExpertEmail,
    ExpertName,
    Question,
    TokenHash,
    SeesOtherOpinions,
    RequestedBy,
    RequestedAt,
    Opinion,
    Comment,
    AnsweredAt,
    RevokedAt,
}

// ---- Shared helpers -------------------------------------------------------------------------

/// Longest free text staff or experts type (a reason, a note, a message, an opinion).
pub(crate) const MAX_TEXT: usize = 10_000;

/// A positive id from the URL; anything else is a page that does not exist.
pub(crate) fn path_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// A positive id typed in a form, or `None`.
pub(crate) fn form_id(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

/// Staff only (checked first), then the file: 404 when it does not exist.
pub(crate) async fn staff_file(p: &Ctx, raw_id: &str) -> AppResult<(CurrentUser, File)> {
    let user = p.require_staff()?.clone();
    let id = path_id(raw_id)?;
    let file = model::file_by_id(p.state.db(), FileId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, file))
}

/// The fields of a URL-encoded form, read by hand so that handlers check access before the
/// body is touched, and so that repeated names (checkboxes) are all kept.
pub(crate) struct Fields(Vec<(String, String)>);

/// Bodies of the forms of this room are small (a reason, a note); selections of 500 files too.
const MAX_FORM_BYTES: usize = 256 * 1024;

impl Fields {
    pub(crate) async fn read(req: Request) -> AppResult<Fields> {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_FORM_BYTES)
            .await
            .map_err(|_| AppError::BadRequest)?;
        Ok(Fields::parse(&bytes))
    }

    pub(crate) fn parse(bytes: &[u8]) -> Fields {
        Fields(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// The first value of `name`, or "".
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Free text from a form: line endings normalised, surrounding blanks trimmed.
pub(crate) fn clean_text(raw: &str) -> String {
    raw.replace("\r\n", "\n").trim().to_owned()
}

/// The name shown for a state.
pub(crate) fn state_label(p: &Ctx, state: &str) -> String {
    match FileState::parse(state) {
        Some(s) => p.t(s.message_id()),
        None => state.to_owned(),
    }
}

/// The badge class of a state (the text says the state; the colour only repeats it).
pub(crate) fn state_badge(state: &str) -> &'static str {
    match FileState::parse(state) {
        Some(FileState::Accepted) => "badge ok",
        Some(FileState::Refused | FileState::ClosedWithoutFollowUp | FileState::Withdrawn) => {
            "badge bad"
        }
        Some(FileState::CorrectionRequested | FileState::Submitted) => "badge warn",
        _ => "badge",
    }
}

/// Events staff may send, in the order they are offered.
pub(crate) const STAFF_EVENTS: [FileEvent; 6] = [
    FileEvent::StartInstruction,
    FileEvent::RequestCorrection,
    FileEvent::Accept,
    FileEvent::Refuse,
    FileEvent::CloseWithoutFollowUp,
    FileEvent::Reopen,
];

/// Whether the event needs a written reason (shown as required beside the reason box).
pub(crate) fn needs_reason(event: FileEvent) -> bool {
    matches!(event, FileEvent::RequestCorrection | FileEvent::Refuse)
}

/// The events staff may send a file in `state`.
pub(crate) fn events_for(state: FileState) -> Vec<FileEvent> {
    STAFF_EVENTS
        .into_iter()
        .filter(|e| state.apply(*e, Actor::Staff, Some("reason")).is_ok())
        .collect()
}

pub(crate) fn event_label(p: &Ctx, event: FileEvent) -> String {
    p.t(format!("instruction-event-{}", event.as_str()))
}

/// The message explaining why a transition was refused.
pub(crate) fn transition_error(p: &Ctx, code: &str) -> String {
    match code {
        "file-reason-required" => p.t("instruction-error-reason-required"),
        "transition-stale" => p.t("instruction-error-stale"),
        _ => p.t("instruction-error-not-allowed"),
    }
}

/// An amount in the reader's language.
pub(crate) fn money(lang: &str, c: Cents) -> String {
    if lang == "en" {
        c.format_en()
    } else {
        c.format_fr()
    }
}

/// "Nanterre (92050)", or the code alone outside the territory.
pub(crate) fn commune_label(p: &Ctx, code: &str) -> String {
    match p.state.territory().commune(code) {
        Some(c) => format!("{} ({})", c.name, c.code),
        None => code.to_owned(),
    }
}

/// "120 Ko", "2,4 Mo" in the reader's language.
pub(crate) fn human_size(p: &Ctx, bytes: i64) -> String {
    let bytes = bytes.max(0) as f64;
    if bytes < 1024.0 * 1024.0 {
        p.t1("instruction-size-kb", "n", (bytes / 1024.0).ceil() as i64)
    } else {
        let mb = format!("{:.1}", bytes / (1024.0 * 1024.0));
        let mb = if p.lang() == "fr" {
            mb.replace('.', ",")
        } else {
            mb
        };
        p.t1("instruction-size-mb", "n", mb)
    }
}

/// Text split in lines, for display with line breaks (never as HTML).
pub(crate) fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

/// An absolute link, for e-mails.
pub(crate) fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config().base_url())
}

/// Who receives an e-mail: address, name and language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Person {
    pub email: String,
    pub display_name: String,
    pub locale: String,
}

impl Person {
    pub(crate) fn tr(&self, state: &AppState) -> Tr {
        Tr::new(
            state.i18n(),
            Locale::parse(&self.locale).unwrap_or_default(),
        )
    }
}

pub(crate) async fn person(db: &Db, id: i64) -> anyhow::Result<Option<Person>> {
    db.fetch_optional(
        Query::select()
            .columns([Users::Email, Users::DisplayName, Users::Locale])
            .from(Users::Table)
            .and_where(Expr::col(Users::Id).eq(id)),
    )
    .await
}

/// Staff and administrators whose account is active, by name: who files can be assigned to.
pub(crate) async fn staff_members(db: &Db) -> anyhow::Result<Vec<(i64, String)>> {
    let mut rows: Vec<(i64, String)> = db
        .fetch_all(
            Query::select()
                .distinct()
                .columns([
                    (Users::Table, Users::Id),
                    (Users::Table, Users::DisplayName),
                ])
                .from(Users::Table)
                .inner_join(
                    UserRoles::Table,
                    Expr::col((UserRoles::Table, UserRoles::UserId))
                        .equals((Users::Table, Users::Id)),
                )
                .and_where(
                    Expr::col((UserRoles::Table, UserRoles::Role))
                        .is_in([Role::Staff.as_str(), Role::Admin.as_str()]),
                )
                .and_where(Expr::col((Users::Table, Users::Disabled)).eq(false))
                .order_by((Users::Table, Users::DisplayName), Order::Asc),
        )
        .await?;
    rows.dedup_by_key(|(id, _)| *id);
    Ok(rows)
}

/// Whether `id` is an active staff member (a valid assignee).
pub(crate) async fn is_staff_member(db: &Db, id: i64) -> anyhow::Result<bool> {
    Ok(staff_members(db).await?.iter().any(|(s, _)| *s == id))
}

// ---- Downloads and uploads ------------------------------------------------------------------

/// Streams a stored file as an attachment (never shown inline, so an uploaded file cannot run
/// in the site's origin).
pub(crate) async fn download(
    p: &Ctx,
    key: &str,
    name: &str,
    content_type: &str,
    size: i64,
) -> AppResult<Response> {
    let stream = p.state.storage().get_stream(key).await?;
    let content_type = HeaderValue::from_str(content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, content_disposition(name)),
            (
                header::CONTENT_LENGTH,
                HeaderValue::from(size.max(0) as u64),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_fold_lowercases_and_folds_accents() {
        assert_eq!(
            search_fold("L’École du Théâtre-Forum"),
            "l ecole du theatre forum"
        );
        assert_eq!(search_fold("  PROG-2026-00012 "), "prog 2026 00012");
        assert_eq!(search_fold("Œuvre Straße ÇA"), "oeuvre strasse ca");
        // A decomposed "é" (e + combining acute) folds like the composed one.
        assert_eq!(search_fold("cafe\u{301} crème"), "cafe creme");
        assert_eq!(search_fold("100 % solidaire!"), "100 solidaire");
        assert_eq!(search_fold("___"), "");
        assert_eq!(search_fold("a_b%c"), "a b c");
    }

    #[test]
    fn form_fields_keep_repeated_names() {
        let f = Fields::parse(b"file=3&file=5&action=label&reason=a+b%C3%A9");
        assert_eq!(f.all("file"), vec!["3", "5"]);
        assert_eq!(f.get("action"), "label");
        assert_eq!(f.get("reason"), "a bé");
        assert_eq!(f.get("missing"), "");
    }

    #[test]
    fn ids_must_be_positive_numbers() {
        assert_eq!(path_id("12").ok(), Some(12));
        assert!(path_id("0").is_err());
        assert!(path_id("1 OR 1=1").is_err());
        assert_eq!(form_id(" 7 "), Some(7));
        assert_eq!(form_id("-7"), None);
    }

    #[test]
    fn staff_events_follow_the_lifecycle() {
        assert_eq!(
            events_for(FileState::Submitted),
            vec![FileEvent::StartInstruction, FileEvent::RequestCorrection]
        );
        assert_eq!(
            events_for(FileState::UnderInstruction),
            vec![
                FileEvent::RequestCorrection,
                FileEvent::Accept,
                FileEvent::Refuse,
                FileEvent::CloseWithoutFollowUp
            ]
        );
        assert_eq!(events_for(FileState::Refused), vec![FileEvent::Reopen]);
        assert!(events_for(FileState::Draft).is_empty());
    }

    #[test]
    fn file_names_are_sanitised() {
        assert_eq!(sanitise_file_name("C:\\a\\RIB 2024.pdf"), "RIB 2024.pdf");
        assert_eq!(sanitise_file_name("../../etc/passwd"), "passwd");
        let long = format!("{}.pdf", "x".repeat(300));
        assert!(sanitise_file_name(&long).ends_with(".pdf"));
        assert!(content_disposition("a\"b.pdf")
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"a_b.pdf\""));
    }
}
