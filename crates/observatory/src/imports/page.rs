//! Staff page of SIRENE imports: start one (from the import folder or by upload), follow its
//! progress (the page reloads itself every two seconds with a small script, or by hand without
//! JavaScript), read its counts and malformed-line examples.

use super::{import_dir, RunImport};
use crate::sirene::parse::Malformed;
use crate::sirene::store::{self, ImportRow};
use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Form;
use essor_platform::audit::{self, Entry};
use essor_platform::jobs;
use essor_platform::storage::{limit_body, sanitise_file_name, FileType, UploadError};
use essor_platform::web::{
    render, render_invalid, see_other, AppError, AppResult, Ctx, FormErrors,
};
use serde::Deserialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

/// The kinds a stock file may come as.
const STOCK_FILES: [FileType; 3] = [FileType::Csv, FileType::Gzip, FileType::Zip];

/// The message for a refused upload, in the import's terms.
fn upload_message(e: &UploadError) -> &'static str {
    match e {
        UploadError::BadType => "observatory-import-upload-bad-type",
        UploadError::TooLarge | UploadError::Empty => e.message_id(),
        UploadError::Interrupted(_) | UploadError::Store(_) => "observatory-import-upload-failed",
    }
}

/// Streams both uploaded files into the platform's storage under [`super::UPLOADS`] (never
/// buffered whole, capped at [`MAX_UPLOAD_BYTES`] each, recognised as CSV, gzip or ZIP by their
/// first bytes); the import job reads them from the local store's folder. When either file is
/// refused, neither is kept.
pub async fn start_from_upload(p: Ctx, req: Request) -> AppResult<Response> {
    p.require_staff()?;
    let storage = p.state.storage().clone();
    let tripped = Arc::new(AtomicBool::new(false));
    let req = limit_body(req, 2 * MAX_UPLOAD_BYTES + 1024 * 1024, tripped.clone());
    let mut mp = Multipart::from_request(req, &p.state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut errors = FormErrors::default();
    // (form field, original name, stored key, its path on disk)
    let mut saved: Vec<(String, String, String, std::path::PathBuf)> = vec![];
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
            || saved.iter().any(|(n, ..)| *n == name)
        {
            continue;
        }
        let original = sanitise_file_name(field.file_name().unwrap_or(""));
        if original.is_empty() {
            continue;
        }
        match storage
            .put_stream(super::UPLOADS, field, MAX_UPLOAD_BYTES, &STOCK_FILES)
            .await
        {
            // The import reads files: only a store on local disk will do.
            Ok(stored) => match storage.local_path(&stored.key) {
                Some(path) => saved.push((name, original, stored.key, path)),
                None => {
                    let _ = storage.delete(&stored.key).await;
                    errors.add(&name, p.t("observatory-import-upload-failed"));
                }
            },
            Err(e) => errors.add(&name, p.t(upload_message(&e))),
        }
    }
    for field in ["unites_legales_file", "etablissements_file"] {
        if !errors.has(field) && !saved.iter().any(|(n, ..)| n == field) {
            errors.add(field, p.t("observatory-import-upload-missing"));
        }
    }
    if !errors.is_empty() {
        for (_, _, key, _) in &saved {
            let _ = storage.delete(key).await;
        }
        return render_invalid(&list_page(&p, errors, String::new(), String::new()).await?);
    }
    let get = |f: &str| {
        let (_, n, _, path) = saved.iter().find(|(n, ..)| n == f).expect("checked");
        (n.as_str(), path.display().to_string())
    };
    enqueue(&p, get("unites_legales_file"), get("etablissements_file")).await
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
