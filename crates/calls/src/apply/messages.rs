//! Messages between the applicant and staff about a file, applicant side: the thread (staff
//! messages included, written on `/staff/files/{id}/messages`) and a form to write, with an
//! optional attachment. The call's contact is told by e-mail in the same transaction.

use super::attachments::{discard, sanitise_file_name, stream};
use super::files::{head, read_form, Head};
use super::{load, load_for_applicant, parse_id, text, Lang};
use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::http::header;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::session::Users;
use essor_platform::storage::{FileType, Stored, UploadError};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use futures::StreamExt;
use sea_query::{Expr, Iden, Order, Query};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

/// Longest message, in characters.
const MAX_BODY: usize = 5000;

/// What a message may carry.
const ACCEPTED: [FileType; 4] = [
    FileType::Pdf,
    FileType::Png,
    FileType::Jpeg,
    FileType::OfficeZip,
];

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct MessageRow {
    pub id: i64,
    pub from_staff: bool,
    pub body: String,
    pub attachment_key: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_size: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub author_name: String,
}

pub(crate) struct MessageView {
    pub from_staff: bool,
    pub author: String,
    pub at: String,
    pub paragraphs: Vec<String>,
    pub attachment: Option<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "apply/messages.html")]
struct ThreadTpl<'a> {
    p: &'a Ctx,
    head: Head,
    messages: Vec<MessageView>,
    body: String,
    errors: FormErrors,
    can_write: bool,
    max: usize,
}

async fn thread_rows(p: &Ctx, file_id: i64) -> anyhow::Result<Vec<MessageRow>> {
    p.state
        .db()
        .fetch_all(
            Query::select()
                .columns([
                    (FileMessages::Table, FileMessages::Id),
                    (FileMessages::Table, FileMessages::FromStaff),
                    (FileMessages::Table, FileMessages::Body),
                    (FileMessages::Table, FileMessages::AttachmentKey),
                    (FileMessages::Table, FileMessages::AttachmentName),
                    (FileMessages::Table, FileMessages::AttachmentType),
                    (FileMessages::Table, FileMessages::AttachmentSize),
                    (FileMessages::Table, FileMessages::CreatedAt),
                ])
                .expr_as(
                    Expr::col((Users::Table, Users::DisplayName)),
                    sea_query::Alias::new("author_name"),
                )
                .from(FileMessages::Table)
                .inner_join(
                    Users::Table,
                    Expr::col((Users::Table, Users::Id))
                        .equals((FileMessages::Table, FileMessages::AuthorId)),
                )
                .and_where(Expr::col((FileMessages::Table, FileMessages::FileId)).eq(file_id))
                .order_by((FileMessages::Table, FileMessages::CreatedAt), Order::Asc)
                .order_by((FileMessages::Table, FileMessages::Id), Order::Asc),
        )
        .await
}

async fn thread_page(
    p: &Ctx,
    l: &super::Loaded,
    body: String,
    errors: FormErrors,
) -> AppResult<Response> {
    let lang = Lang::of(p);
    let tz = l.call.tz();
    let messages = thread_rows(p, l.file.id)
        .await?
        .into_iter()
        .map(|m| MessageView {
            from_staff: m.from_staff,
            author: if m.from_staff {
                lang.ta(
                    "apply-messages-staff-author",
                    &[("name", super::Arg::S(m.author_name.clone()))],
                )
            } else {
                m.author_name.clone()
            },
            at: text::datetime(m.created_at, tz, &lang),
            paragraphs: m
                .body
                .split('\n')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            attachment: m.attachment_name.as_ref().map(|name| {
                (
                    format!("/files/{}/messages/{}/attachment", l.file.id, m.id),
                    name.clone(),
                    text::bytes(m.attachment_size.unwrap_or(0).max(0) as u64, &lang),
                )
            }),
        })
        .collect();
    let tpl = ThreadTpl {
        p,
        head: head(p, l, Utc::now()).await?,
        messages,
        body,
        can_write: l.access == crate::model::FileAccess::Applicant,
        max: MAX_BODY,
        errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn thread(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    thread_page(&p, &l, String::new(), FormErrors::default()).await
}

#[derive(Debug, thiserror::Error)]
#[error("request body too large")]
struct BodyTooLarge;

pub(super) async fn send(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let l = load_for_applicant(&p, &id).await?;
    let user = p.require_user()?.clone();
    let max = p.state.config().max_upload_bytes;
    let mut body = String::new();
    let mut stored: Option<(Stored, String)> = None;
    let mut errors = FormErrors::default();
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let limit = max.saturating_add(MAX_BODY as u64 * 8 + 64 * 1024);
        let tripped = Arc::new(AtomicBool::new(false));
        let flag = tripped.clone();
        let (parts, raw_body) = req.into_parts();
        let mut seen = 0u64;
        let capped = raw_body.into_data_stream().map(move |chunk| {
            let chunk = chunk?;
            seen += chunk.len() as u64;
            if seen > limit {
                flag.store(true, Ordering::Relaxed);
                return Err(axum::Error::new(BodyTooLarge));
            }
            Ok(chunk)
        });
        let req = Request::from_parts(parts, Body::from_stream(capped));
        let mut multipart = Multipart::from_request(req, &p.state)
            .await
            .map_err(|_| AppError::BadRequest)?;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(_) => {
                    let m = if tripped.load(Ordering::Relaxed) {
                        UploadError::TooLarge.message_id()
                    } else {
                        "upload-failed"
                    };
                    errors.add("attachment", p.t(m));
                    break;
                }
            };
            match (
                field.name().unwrap_or(""),
                field.file_name().map(str::to_owned),
            ) {
                ("body", _) => body = field.text().await.unwrap_or_default(),
                ("attachment", Some(name)) if !name.is_empty() && stored.is_none() => {
                    let prefix = format!("files/{}/messages", l.file.id);
                    match p
                        .state
                        .storage()
                        .put_stream(&prefix, field, max, &ACCEPTED)
                        .await
                    {
                        Ok(s) => stored = Some((s, sanitise_file_name(&name))),
                        Err(UploadError::Empty) => {}
                        Err(e) => {
                            let m = if tripped.load(Ordering::Relaxed) {
                                UploadError::TooLarge.message_id()
                            } else {
                                e.message_id()
                            };
                            errors.add("attachment", p.t(m));
                            break;
                        }
                    }
                }
                _ => {}
            }
        }
    } else {
        let raw = read_form(&p, req).await?;
        body = raw
            .get("body")
            .and_then(|v| v.last())
            .cloned()
            .unwrap_or_default();
    }
    let body = body.replace("\r\n", "\n").trim().to_owned();
    if body.is_empty() {
        errors.add("body", p.t("apply-messages-body-required"));
    } else if body.chars().count() > MAX_BODY {
        errors.add(
            "body",
            p.t1("apply-messages-body-too-long", "max", MAX_BODY),
        );
    }
    if !errors.is_empty() {
        if let Some((s, _)) = &stored {
            discard(&p, &s.key).await;
        }
        return thread_page(&p, &l, body, errors).await;
    }
    let result: anyhow::Result<()> = async {
        let mut tx = p.state.db().begin().await?;
        let (key, name, ctype, size) = match &stored {
            Some((s, name)) => {
                let name = if name.is_empty() {
                    p.t("apply-attachment-unnamed")
                } else {
                    name.clone()
                };
                (
                    Some(s.key.clone()),
                    Some(name.clone()),
                    Some(s.file_type.content_type(&name).to_owned()),
                    Some(i64::try_from(s.size).unwrap_or(i64::MAX)),
                )
            }
            None => (None, None, None, None),
        };
        let mut q = Query::insert();
        q.into_table(FileMessages::Table)
            .columns([
                FileMessages::FileId,
                FileMessages::AuthorId,
                FileMessages::FromStaff,
                FileMessages::Body,
                FileMessages::AttachmentKey,
                FileMessages::AttachmentName,
                FileMessages::AttachmentType,
                FileMessages::AttachmentSize,
                FileMessages::CreatedAt,
            ])
            .values_panic([
                l.file.id.into(),
                user.id.0.into(),
                false.into(),
                body.clone().into(),
                key.into(),
                name.clone().into(),
                ctype.into(),
                size.into(),
                Utc::now().into(),
            ]);
        let message = tx.insert_id(q).await?;
        audit::record(
            &mut tx,
            Entry {
                actor: Some(user.id),
                action: "file.message",
                record_type: "file",
                record_id: l.file.id.to_string(),
                summary: json!({"message": message, "attachment": name}),
            },
        )
        .await?;
        let excerpt: String = body.chars().take(500).collect();
        super::emails::notify_staff(&mut tx, &p.state, &l, "apply-mail-message", &excerpt).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = result {
        if let Some((s, _)) = &stored {
            discard(&p, &s.key).await;
        }
        return Err(e.into());
    }
    Ok(see_other_flash(
        &format!("/files/{}/messages", l.file.id),
        "apply-message-sent",
    ))
}

/// A message's attachment, to the file's members and staff.
pub(super) async fn download(
    p: Ctx,
    Path((id, message)): Path<(String, String)>,
) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    let message = parse_id(&message)?;
    let row = thread_rows(&p, l.file.id)
        .await?
        .into_iter()
        .find(|m| m.id == message)
        .ok_or(AppError::NotFound)?;
    let (Some(key), Some(name)) = (row.attachment_key, row.attachment_name) else {
        return Err(AppError::NotFound);
    };
    stream(
        &p,
        &key,
        &name,
        row.attachment_type
            .as_deref()
            .unwrap_or("application/octet-stream"),
        row.attachment_size.unwrap_or(0),
    )
    .await
}
