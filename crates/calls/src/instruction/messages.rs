//! The staff side of a file's thread with the applicant: messages with an optional attachment
//! (streamed to storage, checked by content, limited like the vault), each one announced to the
//! file's creator by e-mail with a link to their side of the thread (`/files/{id}/messages`,
//! served by the apply room).

use super::{
    clean_text, download, human_size, limit_body, lines, path_id, person, sanitise_file_name,
    staff_file, FileMessages, MAX_TEXT,
};
use crate::model::{self, Call, File};
use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::http::header;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::ids::{CallId, UserId};
use essor_platform::audit::{self, Entry};
use essor_platform::db::Tx;
use essor_platform::session::Users;
use essor_platform::storage::{FileType, Stored, UploadError};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use sea_query::{Alias, Expr, Order, Query};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What a message may carry, recognised by content (as the vault).
const ACCEPTED: [FileType; 4] = [
    FileType::Pdf,
    FileType::Png,
    FileType::Jpeg,
    FileType::OfficeZip,
];

/// Room for the multipart framing and the text beside the file.
const BODY_MARGIN: u64 = 64 * 1024;

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    from_staff: bool,
    body: String,
    attachment_name: Option<String>,
    attachment_size: Option<i64>,
    created_at: DateTime<Utc>,
    author_name: String,
}

struct MessageLine {
    id: i64,
    from_staff: bool,
    author: String,
    at: DateTime<Utc>,
    body: Vec<String>,
    attachment: Option<AttachmentView>,
}

struct AttachmentView {
    name: String,
    size: String,
}

#[derive(Template)]
#[template(path = "instruction/messages.html")]
struct ThreadTpl<'a> {
    p: &'a Ctx,
    file: &'a File,
    messages: Vec<MessageLine>,
    body: String,
    max_mb: String,
    errors: FormErrors,
}

async fn thread_page(
    p: &Ctx,
    file: &File,
    body: String,
    errors: FormErrors,
) -> AppResult<Response> {
    let rows: Vec<MessageRow> = p
        .state
        .db()
        .fetch_all(
            Query::select()
                .columns([
                    (FileMessages::Table, FileMessages::Id),
                    (FileMessages::Table, FileMessages::FromStaff),
                    (FileMessages::Table, FileMessages::Body),
                    (FileMessages::Table, FileMessages::AttachmentName),
                    (FileMessages::Table, FileMessages::AttachmentSize),
                    (FileMessages::Table, FileMessages::CreatedAt),
                ])
                .expr_as(
                    Expr::col((Users::Table, Users::DisplayName)),
                    Alias::new("author_name"),
                )
                .from(FileMessages::Table)
                .inner_join(
                    Users::Table,
                    Expr::col((Users::Table, Users::Id))
                        .equals((FileMessages::Table, FileMessages::AuthorId)),
                )
                .and_where(Expr::col((FileMessages::Table, FileMessages::FileId)).eq(file.id))
                .order_by((FileMessages::Table, FileMessages::CreatedAt), Order::Asc)
                .order_by((FileMessages::Table, FileMessages::Id), Order::Asc),
        )
        .await?;
    let messages = rows
        .into_iter()
        .map(|m| MessageLine {
            id: m.id,
            from_staff: m.from_staff,
            author: m.author_name,
            at: m.created_at,
            body: lines(&m.body),
            attachment: m.attachment_name.map(|name| AttachmentView {
                name,
                size: human_size(p, m.attachment_size.unwrap_or(0)),
            }),
        })
        .collect();
    let mb = p.state.config().max_upload_bytes as f64 / (1024.0 * 1024.0);
    let tpl = ThreadTpl {
        p,
        file,
        messages,
        body,
        max_mb: format!("{}", (mb * 10.0).round() / 10.0),
        errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(crate) async fn thread(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, file) = staff_file(&p, &id).await?;
    thread_page(&p, &file, String::new(), FormErrors::default()).await
}

/// An attachment that reached storage, with the name to show.
pub(crate) struct Received {
    pub stored: Stored,
    pub name: String,
}

pub(crate) async fn send(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let storage = p.state.storage();
    let max = p.state.config().max_upload_bytes;
    let limit = max.saturating_add(BODY_MARGIN);
    let mut errors = FormErrors::default();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        errors.add("file", p.t(UploadError::TooLarge.message_id()));
        return thread_page(&p, &file, String::new(), errors).await;
    }
    let tripped = Arc::new(AtomicBool::new(false));
    let req = limit_body(req, limit, tripped.clone());
    let mut multipart = Multipart::from_request(req, &p.state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut body = String::new();
    let mut received: Option<Received> = None;
    let mut failure: Option<&'static str> = None;
    let too_large_or = |other: &'static str| {
        if tripped.load(Ordering::Relaxed) {
            UploadError::TooLarge.message_id()
        } else {
            other
        }
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                failure = Some(too_large_or(
                    UploadError::Interrupted(String::new()).message_id(),
                ));
                break;
            }
        };
        match field.name().unwrap_or("") {
            "body" => body = field.text().await.unwrap_or_default(),
            "file" if received.is_none() => {
                let chosen = field.file_name().is_some_and(|n| !n.is_empty());
                let name = sanitise_file_name(field.file_name().unwrap_or(""));
                let prefix = format!("files/{}/messages", file.id);
                match storage.put_stream(&prefix, field, max, &ACCEPTED).await {
                    Ok(stored) => received = Some(Received { stored, name }),
                    // No file chosen: a message without attachment.
                    Err(UploadError::Empty) if !chosen => {}
                    Err(e) => {
                        failure = Some(too_large_or(e.message_id()));
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    let body = clean_text(&body);
    if body.is_empty() {
        errors.add("body", p.t("instruction-error-message-empty"));
    } else if body.chars().count() > MAX_TEXT {
        errors.add("body", p.t("instruction-error-too-long"));
    }
    if let Some(message) = failure {
        errors.add("file", p.t(message));
    }
    if !errors.is_empty() {
        if let Some(r) = received {
            discard(&p.state, &r.stored.key).await;
        }
        return thread_page(&p, &file, body, errors).await;
    }
    let result: anyhow::Result<()> = async {
        let (call, creator) = recipients(&p.state, &file).await?;
        let mut tx = p.state.db().begin().await?;
        post_message(
            &mut tx,
            &p.state,
            &file,
            &call,
            creator.as_ref(),
            user.id,
            &body,
            received.as_ref(),
        )
        .await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = result {
        if let Some(r) = &received {
            discard(&p.state, &r.stored.key).await;
        }
        return Err(e.into());
    }
    Ok(see_other_flash(
        &format!("/staff/files/{}/messages", file.id),
        "instruction-flash-message",
    ))
}

/// The call and the creator of a file (who is told of new messages), read before the
/// transaction that posts.
pub(crate) async fn recipients(
    state: &AppState,
    file: &File,
) -> anyhow::Result<(Call, Option<super::Person>)> {
    let db = state.db();
    let call = model::call_by_id(db, CallId(file.call_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its call", file.id))?;
    let creator = person(db, file.created_by).await?;
    Ok((call, creator))
}

/// Records a staff message in `tx`, with its audit entry and the e-mail to the file's creator.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn post_message(
    tx: &mut Tx,
    state: &AppState,
    file: &File,
    call: &Call,
    creator: Option<&super::Person>,
    author: UserId,
    body: &str,
    attachment: Option<&Received>,
) -> anyhow::Result<i64> {
    let name = attachment.map(|r| {
        if r.name.is_empty() {
            "document".to_owned()
        } else {
            r.name.clone()
        }
    });
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(FileMessages::Table)
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
                    file.id.into(),
                    author.0.into(),
                    true.into(),
                    body.into(),
                    attachment.map(|r| r.stored.key.clone()).into(),
                    name.clone().into(),
                    attachment
                        .zip(name.as_deref())
                        .map(|(r, n)| r.stored.file_type.content_type(n).to_owned())
                        .into(),
                    attachment
                        .map(|r| i64::try_from(r.stored.size).unwrap_or(i64::MAX))
                        .into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await?;
    audit::record(
        tx,
        Entry {
            actor: Some(author),
            action: "file.message",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({
                "message": id,
                "attachment": attachment.map(|r| json!({
                    "name": name,
                    "size": r.stored.size,
                    "sha256": r.stored.sha256,
                })),
            }),
        },
    )
    .await?;
    if let Some(to) = creator {
        super::emails::queue_message_notice(tx, state, to, call, file).await?;
    }
    Ok(id)
}

/// Removes a stored file no record points to (best effort: an orphan file is harmless).
async fn discard(state: &AppState, key: &str) {
    if let Err(e) = state.storage().delete(key).await {
        tracing::warn!(error = %format!("{e:#}"), key, "removing an unrecorded upload");
    }
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    attachment_key: Option<String>,
    attachment_name: Option<String>,
    attachment_type: Option<String>,
    attachment_size: Option<i64>,
}

pub(crate) async fn attachment(
    p: Ctx,
    Path((id, msg)): Path<(String, String)>,
) -> AppResult<Response> {
    let (_, file) = staff_file(&p, &id).await?;
    let msg = path_id(&msg)?;
    let row: AttachmentRow = p
        .state
        .db()
        .fetch_optional(
            Query::select()
                .columns([
                    FileMessages::AttachmentKey,
                    FileMessages::AttachmentName,
                    FileMessages::AttachmentType,
                    FileMessages::AttachmentSize,
                ])
                .from(FileMessages::Table)
                .and_where(Expr::col(FileMessages::Id).eq(msg))
                .and_where(Expr::col(FileMessages::FileId).eq(file.id)),
        )
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(key), Some(name)) = (row.attachment_key, row.attachment_name) else {
        return Err(AppError::NotFound);
    };
    download(
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
