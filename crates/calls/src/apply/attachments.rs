//! Files attached to an application: uploaded from the computer (streamed to storage, checked
//! by extension, size and content) or taken from the organisation's vault (the same stored
//! object, recorded again for this file, so replacing the vault copy later does not change what
//! was submitted). The answer holds a [`FileRef`] whose id is the `file_attachments` row.

use super::{load, parse_id};
use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use essor_domain::forms::{FileRef, FileType};
use essor_domain::ids::UserId;
use essor_platform::db::{Db, Tx};
use essor_platform::orgs::{Document, DocumentKind};
use essor_platform::storage;
pub(crate) use essor_platform::storage::{content_disposition, sanitise_file_name};
use essor_platform::web::{AppError, AppResult, Ctx};
use sea_query::{Expr, Iden, Query};

#[derive(Iden)]
pub(crate) enum FileAttachments {
    Table,
    Id,
    FileId,
    FieldId,
    DocumentId,
    StorageKey,
    OriginalName,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    UploadedAt,
    ReplacedAt,
}

/// A stored attachment, as downloads need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Attachment {
    pub storage_key: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// What to record.
pub(crate) struct NewAttachment<'a> {
    pub file_id: i64,
    pub field_id: &'a str,
    pub document_id: Option<i64>,
    pub storage_key: &'a str,
    pub original_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: u64,
    pub sha256: &'a str,
    pub uploaded_by: UserId,
}

impl<'a> NewAttachment<'a> {
    /// A vault document, reused for `field_id`.
    pub fn from_document(file_id: i64, field_id: &'a str, d: &'a Document, by: UserId) -> Self {
        NewAttachment {
            file_id,
            field_id,
            document_id: Some(d.id),
            storage_key: &d.storage_key,
            original_name: &d.original_name,
            content_type: &d.content_type,
            size_bytes: d.size_bytes.max(0) as u64,
            sha256: &d.sha256,
            uploaded_by: by,
        }
    }
}

/// Records an attachment; earlier ones of the same field are marked replaced (kept as
/// history). Returns the reference the answer stores.
pub(crate) async fn insert(tx: &mut Tx, a: &NewAttachment<'_>) -> anyhow::Result<FileRef> {
    let now = Utc::now();
    mark_replaced(tx, a.file_id, a.field_id).await?;
    let mut q = Query::insert();
    q.into_table(FileAttachments::Table)
        .columns([
            FileAttachments::FileId,
            FileAttachments::FieldId,
            FileAttachments::DocumentId,
            FileAttachments::StorageKey,
            FileAttachments::OriginalName,
            FileAttachments::ContentType,
            FileAttachments::SizeBytes,
            FileAttachments::Sha256,
            FileAttachments::UploadedBy,
            FileAttachments::UploadedAt,
        ])
        .values_panic([
            a.file_id.into(),
            a.field_id.into(),
            a.document_id.into(),
            a.storage_key.into(),
            a.original_name.into(),
            a.content_type.into(),
            i64::try_from(a.size_bytes).unwrap_or(i64::MAX).into(),
            a.sha256.into(),
            a.uploaded_by.0.into(),
            now.into(),
        ]);
    let id = tx.insert_id(q).await?;
    Ok(FileRef {
        id,
        name: a.original_name.to_owned(),
        size: a.size_bytes,
    })
}

/// Marks the current attachments of a field replaced (a new file, or the answer removed).
pub(crate) async fn mark_replaced(tx: &mut Tx, file_id: i64, field_id: &str) -> anyhow::Result<()> {
    tx.execute(
        Query::update()
            .table(FileAttachments::Table)
            .value(FileAttachments::ReplacedAt, Utc::now())
            .and_where(Expr::col(FileAttachments::FileId).eq(file_id))
            .and_where(Expr::col(FileAttachments::FieldId).eq(field_id))
            .and_where(Expr::col(FileAttachments::ReplacedAt).is_null()),
    )
    .await?;
    Ok(())
}

/// One attachment of a file (current or replaced).
pub(crate) async fn by_id(db: &Db, file_id: i64, id: i64) -> anyhow::Result<Option<Attachment>> {
    db.fetch_optional(
        Query::select()
            .columns([
                FileAttachments::StorageKey,
                FileAttachments::OriginalName,
                FileAttachments::ContentType,
                FileAttachments::SizeBytes,
            ])
            .from(FileAttachments::Table)
            .and_where(Expr::col(FileAttachments::FileId).eq(file_id))
            .and_where(Expr::col(FileAttachments::Id).eq(id)),
    )
    .await
}

/// The vault kind an attachment field asks for, from its id: `statutes`, `approved_accounts`,
/// `activity_report`, `board_list`… as in the vault, and the usual names of bank details
/// (`rib`), the republican contract (`cer`) and the ESUS decision.
pub(crate) fn vault_kind(field_id: &str) -> Option<DocumentKind> {
    let by_name = DocumentKind::parse(field_id).filter(|k| *k != DocumentKind::Other);
    by_name.or(match field_id {
        "rib" | "iban" | "bank" => Some(DocumentKind::BankDetails),
        "cer" | "contrat_engagement_republicain" => Some(DocumentKind::RepublicanContract),
        "esus" | "esus_approval" | "agrement_esus" => Some(DocumentKind::EsusDecision),
        "accounts" | "comptes" => Some(DocumentKind::ApprovedAccounts),
        "board" | "board_members" => Some(DocumentKind::BoardList),
        "statuts" => Some(DocumentKind::Statutes),
        _ => None,
    })
}

/// The storage types matching a field's accepted families (content is checked on upload).
pub(crate) fn storage_types(accept: &[FileType]) -> Vec<storage::FileType> {
    let mut out = vec![];
    for t in accept {
        let s = match t {
            FileType::Pdf => storage::FileType::Pdf,
            FileType::Png => storage::FileType::Png,
            FileType::Jpeg => storage::FileType::Jpeg,
            FileType::Office => storage::FileType::OfficeZip,
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Streams a stored object as a download (never inline: an uploaded file must not run in the
/// site's origin).
pub(crate) async fn stream(
    p: &Ctx,
    key: &str,
    name: &str,
    content_type: &str,
    size: i64,
) -> AppResult<Response> {
    let body = p.state.storage().get_stream(key).await?;
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
        Body::from_stream(body),
    )
        .into_response())
}

/// An attachment of a file, to its members and to staff.
pub(super) async fn download(
    p: Ctx,
    Path((id, attachment)): Path<(String, String)>,
) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    let att = by_id(p.state.db(), l.file.id, parse_id(&attachment)?)
        .await?
        .ok_or(AppError::NotFound)?;
    stream(
        &p,
        &att.storage_key,
        &att.original_name,
        &att.content_type,
        att.size_bytes,
    )
    .await
}

/// Removes a stored object no record points to (best effort: an orphan is harmless).
pub(crate) async fn discard(p: &Ctx, key: &str) {
    if let Err(e) = p.state.storage().delete(key).await {
        tracing::warn!(error = %format!("{e:#}"), key, "removing an unrecorded upload");
    }
}
