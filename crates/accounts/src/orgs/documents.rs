//! The document vault: statutes, bank details, accounts… uploaded once, reused by later
//! applications through [`super::documents_of`].
//!
//! Uploads are streamed from the multipart body to storage, never buffered whole; the stored
//! key is generated and the user's file name is kept for display only. The database records
//! the document only once the file is safely stored, so a refused or failed upload leaves the
//! previous document of that kind exactly as it was.

use super::queries::{self, Document, DocumentKind, NewDocument, Org};
use super::{load, load_owned, parse_date, parse_id, today, Access};
use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use essor_domain::ids::DocumentId;
use essor_platform::audit::{self, Entry};
use essor_platform::storage::{content_disposition, limit_body, sanitise_file_name};
use essor_platform::storage::{FileType, UploadError};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What the vault accepts, recognised by content.
const ACCEPTED: [FileType; 4] = [
    FileType::Pdf,
    FileType::Png,
    FileType::Jpeg,
    FileType::OfficeZip,
];

/// Room for the multipart framing and the small fields beside the file.
const BODY_MARGIN: u64 = 64 * 1024;

/// The upload form's small fields, kept when the upload is refused.
#[derive(Default, Debug, Clone)]
struct UploadForm {
    kind: String,
    valid_until: String,
}

#[derive(Template)]
#[template(path = "orgs/documents.html")]
struct VaultTpl<'a> {
    p: &'a Ctx,
    org: &'a Org,
    access: Access,
    current: Vec<Document>,
    history: Vec<Document>,
    form: UploadForm,
    errors: FormErrors,
    today: chrono::NaiveDate,
}

impl VaultTpl<'_> {
    fn kinds(&self) -> Vec<(&'static str, String)> {
        DocumentKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.message_id()))
            .collect()
    }

    fn max_mb(&self) -> String {
        let mb = self.p.state.config().max_upload_bytes as f64 / (1024.0 * 1024.0);
        format!("{}", (mb * 10.0).round() / 10.0)
    }

    fn is_kind(&self, value: &str) -> bool {
        self.form.kind == value
    }

    fn expired(&self, d: &Document) -> bool {
        d.is_expired(self.today)
    }

    fn size(&self, d: &Document) -> String {
        human_size(self.p, d.size_bytes)
    }
}

/// "120 Ko", "2,4 Mo" in the visitor's language.
pub(super) fn human_size(p: &Ctx, bytes: i64) -> String {
    let bytes = bytes.max(0) as f64;
    if bytes < 1024.0 * 1024.0 {
        p.t1("documents-size-kb", "n", (bytes / 1024.0).ceil() as i64)
    } else {
        let mb = format!("{:.1}", bytes / (1024.0 * 1024.0));
        let mb = match p.locale() {
            essor_platform::i18n::Locale::Fr => mb.replace('.', ","),
            essor_platform::i18n::Locale::En => mb,
        };
        p.t1("documents-size-mb", "n", mb)
    }
}

async fn vault_page(
    p: &Ctx,
    org: &Org,
    access: Access,
    form: UploadForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let tpl = VaultTpl {
        p,
        org,
        access,
        current: queries::documents_of(db, org.id()).await?,
        history: queries::replaced_documents(db, org.id()).await?,
        form,
        errors,
        today: today(p),
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn vault(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (org, access) = load(&p, &id).await?;
    vault_page(
        &p,
        &org,
        access,
        UploadForm::default(),
        FormErrors::default(),
    )
    .await
}

/// An upload that reached storage, with the name to show.
struct Received {
    stored: essor_platform::storage::Stored,
    name: String,
}

pub(super) async fn upload(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let org = load_owned(&p, &id).await?;
    let user = p.require_user()?.clone();
    let storage = p.state.storage();
    let max = p.state.config().max_upload_bytes;
    let limit = max.saturating_add(BODY_MARGIN);
    let mut form = UploadForm::default();
    let mut errors = FormErrors::default();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        errors.add("file", p.t(UploadError::TooLarge.message_id()));
        return vault_page(&p, &org, Access::Owner, form, errors).await;
    }
    let tripped = Arc::new(AtomicBool::new(false));
    let req = limit_body(req, limit, tripped.clone());
    let mut multipart = Multipart::from_request(req, &p.state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut received: Option<Received> = None;
    let mut failure: Option<&'static str> = None;
    let too_large_or = |other: &'static str| {
        if tripped.load(Ordering::Relaxed) {
            UploadError::TooLarge.message_id()
        } else {
            other
        }
    };
    // The file may come before or after the small fields: it is stored as it streams, and
    // removed again if the form turns out to be refused.
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
            "kind" => form.kind = field.text().await.unwrap_or_default(),
            "valid_until" => form.valid_until = field.text().await.unwrap_or_default(),
            "file" if received.is_none() => {
                let chosen = field.file_name().is_some_and(|n| !n.is_empty());
                let name = sanitise_file_name(field.file_name().unwrap_or(""));
                let prefix = format!("orgs/{}", org.id);
                match storage.put_stream(&prefix, field, max, &ACCEPTED).await {
                    Ok(stored) => received = Some(Received { stored, name }),
                    Err(UploadError::Empty) if !chosen => {
                        failure = Some("documents-error-no-file");
                    }
                    Err(e) => {
                        failure = Some(too_large_or(e.message_id()));
                        // The rest of the body is unusable after a cut-off stream.
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    let kind = DocumentKind::parse(&form.kind);
    if kind.is_none() {
        errors.add("kind", p.t("documents-error-kind"));
    }
    let valid_until = if form.valid_until.trim().is_empty() {
        None
    } else {
        let d = parse_date(&form.valid_until);
        if d.is_none() {
            errors.add("valid_until", p.t("org-error-date"));
        }
        d
    };
    match (&received, failure) {
        (_, Some(message)) => errors.add("file", p.t(message)),
        (None, None) => errors.add("file", p.t("documents-error-no-file")),
        (Some(_), None) => {}
    }
    let (Some(kind), Some(received), true) = (kind, received.as_ref(), errors.is_empty()) else {
        if let Some(r) = received {
            discard(&p, &r.stored.key).await;
        }
        return vault_page(&p, &org, Access::Owner, form, errors).await;
    };
    let stored = &received.stored;
    let name = if received.name.is_empty() {
        p.t("documents-unnamed")
    } else {
        received.name.clone()
    };
    let result: anyhow::Result<()> = async {
        let mut tx = p.state.db().begin().await?;
        let (doc, replaced) = queries::insert_document(
            &mut tx,
            &NewDocument {
                org: org.id(),
                kind,
                original_name: &name,
                content_type: stored.file_type.content_type(&name),
                size_bytes: stored.size,
                sha256: &stored.sha256,
                storage_key: &stored.key,
                valid_until,
                uploaded_by: user.id,
            },
        )
        .await?;
        audit::record(
            &mut tx,
            Entry {
                actor: Some(user.id),
                action: "org.document_upload",
                record_type: "organisation",
                record_id: org.id.to_string(),
                summary: json!({
                    "document": doc.0,
                    "kind": kind.as_str(),
                    "name": name,
                    "size": stored.size,
                    "sha256": stored.sha256,
                    "valid_until": valid_until,
                    "replaced": replaced,
                }),
            },
        )
        .await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = result {
        discard(&p, &stored.key).await;
        return Err(e.into());
    }
    Ok(see_other_flash(
        &format!("/orgs/{}/documents", org.id),
        "document-uploaded",
    ))
}

/// Removes a stored file no record points to (best effort: an orphan file is harmless).
async fn discard(p: &Ctx, key: &str) {
    if let Err(e) = p.state.storage().delete(key).await {
        tracing::warn!(error = %format!("{e:#}"), key, "removing an unrecorded upload");
    }
}

/// Streams a document to a member or staff, as an attachment (never shown inline, so an
/// uploaded file cannot run in the site's origin).
pub(super) async fn download(
    p: Ctx,
    Path((id, doc)): Path<(String, String)>,
) -> AppResult<Response> {
    let (org, _) = load(&p, &id).await?;
    let doc = DocumentId(parse_id(&doc)?);
    let doc = queries::document(p.state.db(), org.id(), doc)
        .await?
        .ok_or(AppError::NotFound)?;
    let stream = p.state.storage().get_stream(&doc.storage_key).await?;
    let content_type = HeaderValue::from_str(&doc.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&doc.original_name),
            ),
            (
                header::CONTENT_LENGTH,
                HeaderValue::from(doc.size_bytes.max(0) as u64),
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
    fn file_names_are_sanitised() {
        assert_eq!(sanitise_file_name("statuts.pdf"), "statuts.pdf");
        assert_eq!(
            sanitise_file_name("C:\\Users\\a\\RIB 2024.pdf"),
            "RIB 2024.pdf"
        );
        assert_eq!(sanitise_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitise_file_name("..hidden"), "hidden");
        assert_eq!(sanitise_file_name("a\u{0}b\"<c>.pdf"), "abc.pdf");
        let long = format!("{}.pdf", "x".repeat(300));
        let s = sanitise_file_name(&long);
        assert_eq!(s.chars().count(), essor_platform::storage::MAX_FILE_NAME);
        assert!(s.ends_with(".pdf"));
    }

    #[test]
    fn content_disposition_is_safe() {
        let v = content_disposition("Rapport d’activité \"2024\".pdf");
        let v = v.to_str().unwrap();
        assert!(v.starts_with("attachment; filename=\"Rapport d_activit_ _2024_.pdf\""));
        assert!(v.contains("filename*=UTF-8''Rapport%20d%E2%80%99activit%C3%A9%20%222024%22.pdf"));
    }
}
