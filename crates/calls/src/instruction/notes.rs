//! Private annotations (what staff note about the file) and internal comments (what staff say
//! to each other about it). Both stay among staff: applicants and experts never see them.

use super::file::{render_file, PageForm};
use super::{clean_text, staff_file, Fields, FileNotes, MAX_TEXT};
use axum::extract::{Path, Request};
use axum::response::Response;
use chrono::Utc;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{see_other_flash, AppError, AppResult, Ctx, FormErrors};
use sea_query::Query;
use serde_json::json;

pub(crate) async fn add(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let f = Fields::read(req).await?;
    let kind = match f.get("kind") {
        "annotation" => "annotation",
        "comment" => "comment",
        _ => return Err(AppError::BadRequest),
    };
    let body = clean_text(f.get("body"));
    let mut errors = FormErrors::default();
    if body.is_empty() {
        errors.add(kind, p.t("instruction-error-note-empty"));
    } else if body.chars().count() > MAX_TEXT {
        errors.add(kind, p.t("instruction-error-too-long"));
    }
    if !errors.is_empty() {
        let mut form = PageForm::default();
        if kind == "annotation" {
            form.annotation = body;
        } else {
            form.comment = body;
        }
        return render_file(&p, &file, form, errors).await;
    }
    let mut tx = p.state.db().begin().await?;
    let note = tx
        .insert_id(
            Query::insert()
                .into_table(FileNotes::Table)
                .columns([
                    FileNotes::FileId,
                    FileNotes::AuthorId,
                    FileNotes::Kind,
                    FileNotes::Body,
                    FileNotes::CreatedAt,
                ])
                .values_panic([
                    file.id.into(),
                    user.id.0.into(),
                    kind.into(),
                    body.into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await?;
    // The text stays out of the audit log, which every administrator reads.
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "file.note",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "note": note, "kind": kind }),
        },
    )
    .await?;
    tx.commit().await?;
    let anchor = if kind == "annotation" {
        "notes"
    } else {
        "comments"
    };
    Ok(see_other_flash(
        &format!("/staff/files/{}#{anchor}", file.id),
        "instruction-flash-note",
    ))
}
