//! Staff page of SIRENE imports: start one (from the import folder or by upload), follow its
//! progress (the page reloads itself every two seconds with a small script, or by hand without
//! JavaScript), read its counts and malformed-line examples.

use super::{import_dir, RunImport};
use crate::sirene::input::Packaging;
use crate::sirene::parse::Malformed;
use crate::sirene::store::{self, ImportRow};
use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Form;
use essor_platform::audit::{self, Entry};
use essor_platform::jobs;
use essor_platform::storage::{limit_body, sanitise_file_name};
use essor_platform::web::{
    render, render_invalid, see_other, AppError, AppResult, Ctx, FormErrors,
};
use futures::StreamExt;
use serde::Deserialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// Largest uploaded stock file (INSEE's establishments file is a few GB zipped).
pub const MAX_UPLOAD_BYTES: u64 = 8 * 1024 * 1024 * 1024;

#[derive(Template)]
#[template(path = "imports/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    imports: Vec<ImportRow>,
    files: Vec<String>,
    folder: String,
    errors: FormErrors,
    units: String,
    establishments: String,
}

#[derive(Template)]
#[template(path = "imports/show.html")]
struct ShowTpl<'a> {
    p: &'a Ctx,
    i: ImportRow,
    examples: Vec<Malformed>,
}

/// Plain files of the import folder, by name.
async fn folder_files(p: &Ctx) -> Vec<String> {
    let mut out = vec![];
    if let Ok(mut rd) = tokio::fs::read_dir(import_dir(&p.state)).await {
        while let Ok(Some(e)) = rd.next_entry().await {
            if e.file_type().await.is_ok_and(|t| t.is_file()) {
                if let Some(n) = e.file_name().to_str() {
                    out.push(n.to_owned());
                }
            }
        }
    }
    out.sort();
    out
}

async fn list_page(
    p: &Ctx,
    errors: FormErrors,
    units: String,
    ests: String,
) -> AppResult<ListTpl<'_>> {
    Ok(ListTpl {
        p,
        imports: store::latest(p.state.db(), 20).await?,
        files: folder_files(p).await,
        folder: import_dir(&p.state).display().to_string(),
        errors,
        units,
        establishments: ests,
    })
}

pub async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    render(&list_page(&p, FormErrors::default(), String::new(), String::new()).await?)
}

pub async fn show(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    p.require_staff()?;
    let i = store::get(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let examples = i.examples();
    render(&ShowTpl { p: &p, i, examples })
}

pub async fn script() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        )],
        include_str!("../../static/imports.js"),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct FolderForm {
    #[serde(default)]
    unites_legales: String,
    #[serde(default)]
    etablissements: String,
}

/// Records the import and its job in one transaction, with the audit entry.
async fn enqueue(p: &Ctx, units: (&str, String), ests: (&str, String)) -> AppResult<Response> {
    let user = p.require_staff()?;
    let mut tx = p.state.db().begin().await?;
    let id = store::create(
        &mut tx,
        "staff",
        (units.0, Some(&units.1)),
        (ests.0, Some(&ests.1)),
        Some(user.id.0),
    )
    .await?;
    jobs::enqueue(&mut tx, &RunImport { import_id: id }).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "observatory.import.start",
            record_type: "sirene_import",
            record_id: id.to_string(),
            summary: serde_json::json!({"unites_legales": units.0, "etablissements": ests.0}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other(&format!("/staff/observatory/imports/{id}")))
}

pub async fn start_from_folder(p: Ctx, Form(f): Form<FolderForm>) -> AppResult<Response> {
    p.require_staff()?;
    let files = folder_files(&p).await;
    let mut errors = FormErrors::default();
    // Only a name listed from the folder is accepted: no path ever comes from the form.
    for (field, value) in [
        ("unites_legales", &f.unites_legales),
        ("etablissements", &f.etablissements),
    ] {
        if !files.contains(value) {
            errors.add(field, p.t("observatory-import-choose-file"));
        }
    }
    if !errors.is_empty() {
        return render_invalid(&list_page(&p, errors, f.unites_legales, f.etablissements).await?);
    }
    let dir = import_dir(&p.state);
    enqueue(
        &p,
        (
            &f.unites_legales,
            dir.join(&f.unites_legales).display().to_string(),
        ),
        (
            &f.etablissements,
            dir.join(&f.etablissements).display().to_string(),
        ),
    )
    .await
}

/// Streams both uploaded files to the import folder's `uploads/` (never buffered whole, capped
/// at [`MAX_UPLOAD_BYTES`] each, checked as CSV, gzip or ZIP by their first bytes).
pub async fn start_from_upload(p: Ctx, req: Request) -> AppResult<Response> {
    p.require_staff()?;
    let dir = import_dir(&p.state).join("uploads");
    tokio::fs::create_dir_all(&dir).await?;
    let tripped = Arc::new(AtomicBool::new(false));
    let req = limit_body(req, 2 * MAX_UPLOAD_BYTES + 1024 * 1024, tripped.clone());
    let mut mp = Multipart::from_request(req, &p.state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut errors = FormErrors::default();
    let mut saved: Vec<(String, String, std::path::PathBuf)> = vec![];
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                let id = if tripped.load(Ordering::Relaxed) {
                    "upload-too-large"
                } else {
                    "upload-failed"
                };
                errors.add("unites_legales_file", p.t(id));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if !matches!(name.as_str(), "unites_legales_file" | "etablissements_file")
            || saved.iter().any(|(n, _, _)| *n == name)
        {
            continue;
        }
        let original = sanitise_file_name(field.file_name().unwrap_or(""));
        if original.is_empty() {
            continue;
        }
        let path = dir.join(uuid::Uuid::new_v4().simple().to_string());
        match save(field, &path).await {
            Ok(()) => saved.push((name, original, path)),
            Err(id) => {
                let _ = tokio::fs::remove_file(&path).await;
                errors.add(&name, p.t(id));
            }
        }
    }
    for field in ["unites_legales_file", "etablissements_file"] {
        if !errors.has(field) && !saved.iter().any(|(n, _, _)| n == field) {
            errors.add(field, p.t("observatory-import-upload-missing"));
        }
    }
    if !errors.is_empty() {
        for (_, _, path) in &saved {
            let _ = tokio::fs::remove_file(path).await;
        }
        return render_invalid(&list_page(&p, errors, String::new(), String::new()).await?);
    }
    let get = |f: &str| {
        let (_, n, path) = saved.iter().find(|(n, _, _)| n == f).expect("checked");
        (n.as_str(), path.display().to_string())
    };
    enqueue(&p, get("unites_legales_file"), get("etablissements_file")).await
}

async fn save(
    mut field: axum::extract::multipart::Field<'_>,
    path: &std::path::Path,
) -> Result<(), &'static str> {
    let mut out = tokio::fs::File::create(path)
        .await
        .map_err(|_| "upload-failed")?;
    let mut size = 0u64;
    let mut head: Vec<u8> = vec![];
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| "upload-failed")?;
        size += chunk.len() as u64;
        if size > MAX_UPLOAD_BYTES {
            return Err("upload-too-large");
        }
        if head.len() < 512 {
            head.extend_from_slice(&chunk[..chunk.len().min(512 - head.len())]);
        }
        out.write_all(&chunk).await.map_err(|_| "upload-failed")?;
    }
    out.flush().await.map_err(|_| "upload-failed")?;
    if size == 0 {
        return Err("upload-empty");
    }
    // Text: no NUL byte, valid UTF-8 (a character cut at the end of the sample is fine).
    let text_like = !head.contains(&0)
        && match std::str::from_utf8(&head) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
    match Packaging::sniff(&head) {
        Packaging::Gzip | Packaging::Zip => Ok(()),
        Packaging::Plain if text_like => Ok(()),
        Packaging::Plain => Err("upload-bad-type"),
    }
}

impl ShowTpl<'_> {
    fn phase_id(&self) -> String {
        format!("observatory-import-phase-{}", self.i.phase)
    }
}

impl ImportRow {
    pub fn state_id(&self) -> String {
        format!("observatory-import-state-{}", self.state)
    }
}
